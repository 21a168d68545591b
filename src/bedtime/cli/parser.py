"""The command line's words: every command, action and option, with its help.

Nothing here imports what a command does. Each command names its function by module (a
Handler), and main imports that one module once the arguments are parsed, so `bedtime
status` loads neither backup, CSV nor desktop code, nor the tray app. A command's own
options (and the actions of config, supplement and desktop) are added only when that
command is parsed or its help is shown: building all of them took longer than the status
command itself.
"""

import argparse
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any, NoReturn, TypeAlias

from ..app.window_names import SHOW_WINDOWS
from ..core.wording import N_, _, either
from ..desktop import LOGIN_FLAG
from .outcome import EXIT_BAD_INPUT

# Kept by the desktop session (the login entry is the truth), not in the data file.
LOGIN_KEY = "start_at_login"
# What the caution says must be exactly as much in every language.
CAUTION = N_(
    "Not medical advice. Pregnant, kidney disease or a serious heart condition: talk to a "
    "doctor before taking magnesium. It is not a sleeping pill; effects build over weeks."
)


class Handler:
    """The function that carries out a command, named by its module under bedtime.cli.

    A data command is called with the opened data file (a Context) and the arguments; a
    command about the desktop session with the arguments and the data folder, which it
    neither opens nor creates.
    """

    __slots__ = ("module", "name", "opens_data")

    def __init__(self, module: str, name: str, *, opens_data: bool = True) -> None:
        self.module = module
        self.name = name
        self.opens_data = opens_data

    def function(self) -> Callable[..., int]:
        found: Callable[..., int] = getattr(
            import_module(f"{__package__}.{self.module}"), self.name
        )
        return found


CONFIG_SET = Handler("config", "set_setting")
START_AT_LOGIN = Handler("config", "set_start_at_login", opens_data=False)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming what was wrong, exit 2; and what FILL
    adds (the command's options) is added the first time it parses or shows its help."""

    def __init__(
        self, *args: Any, fill: Callable[["_Parser"], object] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self._fill = fill

    def _filled(self) -> None:
        if self._fill is not None:
            fill, self._fill = self._fill, None
            fill(self)

    # One signature for the stubs' three overloads (the namespace is always an argparse one).
    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        self._filled()
        return super().parse_known_args(args, namespace)

    def format_usage(self, *args: Any) -> str:
        self._filled()
        return super().format_usage(*args)

    def format_help(self, *args: Any) -> str:
        self._filled()
        return super().format_help(*args)

    def error(self, message: str) -> NoReturn:
        self.exit(
            EXIT_BAD_INPUT,
            _("{prog}: error: {message} (see '{prog} --help')").format(
                prog=self.prog, message=message
            )
            + "\n",
        )


# Quoted: _SubParsersAction is generic only in the stubs, not at run time.
Group: TypeAlias = "argparse._SubParsersAction[_Parser]"


def _command(
    group: Group,
    name: str,
    help_text: str,
    handler: Handler,
    fill: Callable[[_Parser], object] | None = None,
) -> None:
    group.add_parser(name, help=help_text, description=help_text, fill=fill).set_defaults(
        command=handler
    )


def _actions(parser: _Parser) -> Group:
    return parser.add_subparsers(metavar="ACTION", parser_class=_Parser, required=True)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="bedtime",
        description=_("Take magnesium at a chosen time before bed, keep stock, rate your sleep."),
        epilog=_(CAUTION),
    )
    parser.add_argument(
        "--version",
        action="store_true",
        help=_("show the version, what it runs on, and where the data and the log are"),
    )
    parser.add_argument(
        "--verbose",
        action="store_true",
        help=_("the tray app also writes debug lines to its log (and to the terminal)"),
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help=_("keep the data here instead of the usual place (also: BEDTIME_DATA_DIR)"),
    )
    parser.add_argument(
        LOGIN_FLAG,
        action="store_true",
        help=_("start in the tray only, waiting for the panel (what the login entry runs)"),
    )
    # No command (or `show`): the tray app.
    parser.set_defaults(command=None)
    commands = parser.add_subparsers(title=_("commands"), metavar="COMMAND", parser_class=_Parser)

    _command(
        commands,
        "status",
        _("tonight's bedtime, reminder, total and stock"),
        Handler("status", "status"),
        lambda status: status.add_argument(
            "--json", action="store_true", help=_("print one JSON object")
        ),
    )
    commands.add_parser(
        "config",
        help=_("show or change the settings"),
        description=_("Show or change the settings."),
        fill=_config_actions,
    )
    commands.add_parser(
        "supplement",
        help=_("your supplements and their stock"),
        description=_("Add, list, restock or remove supplements."),
        fill=_supplement_actions,
    )
    _command(
        commands,
        "take",
        _("log a dose (now, or --at an earlier time)"),
        Handler("doses", "take"),
        _take_options,
    )
    _command(
        commands,
        "undo",
        _("remove the last logged dose and restore its stock"),
        Handler("doses", "undo"),
    )
    _command(
        commands,
        "rate",
        _("rate a night's sleep: 1 very poor … 5 very good"),
        Handler("diary", "rate"),
        _rate_options,
    )
    _command(
        commands,
        "history",
        _("nights with doses and ratings, newest first"),
        Handler("history", "history"),
        _history_options,
    )
    _command(
        commands,
        "export",
        _("write every night to a CSV file"),
        Handler("data_file", "export"),
        lambda export: export.add_argument("file", metavar="FILE.csv"),
    )
    _command(
        commands,
        "backup",
        _("write a copy of all your data to FILE (also while the app runs)"),
        Handler("data_file", "backup"),
        lambda backup: backup.add_argument("file", metavar="FILE"),
    )
    _command(
        commands,
        "import",
        _("replace all your data with a backup's; the current data is kept as a copy first"),
        Handler("data_file", "restore"),
        lambda restore: restore.add_argument("file", metavar="FILE"),
    )
    commands.add_parser(
        "trial",
        help=_("a personal on/off trial: does magnesium help you?"),
        description=_("Start, follow or stop a personal on/off trial (see docs/trial.md)."),
        fill=_trial_actions,
    )
    commands.add_parser(
        "desktop",
        help=_("add Bedtime to the desktop's menu, or take it out"),
        description=_(
            "Add Bedtime's menu entry, icons and metainfo under $XDG_DATA_HOME (for a uv tool "
            "or pipx install), or remove them."
        ),
        fill=_desktop_actions,
    )
    show = commands.add_parser(
        "show",
        help=_("open a window of the tray app (starting it if it is not running)"),
        description=_("Open a window of the running tray app; start the app if none runs."),
    )
    show.add_argument(
        "window",
        choices=SHOW_WINDOWS,
        metavar="WINDOW",
        help=_("settings, history, diary (the morning question) or trial"),
    )
    return parser


def _trial_actions(trial: _Parser) -> None:
    actions = _actions(trial)
    _command(
        actions,
        "start",
        _("what a trial is and its plan; --yes starts it"),
        Handler("trial", "start"),
        _trial_start_options,
    )
    _command(
        actions,
        "status",
        _("where the trial stands: its interim view, or its answer"),
        Handler("trial", "status"),
    )
    _command(
        actions,
        "stop",
        _("end the trial now (--yes); the answer rests on the nights so far"),
        Handler("trial", "stop"),
        lambda stop: stop.add_argument("--yes", action="store_true", help=_("stop it")),
    )


def _trial_start_options(start: _Parser) -> None:
    from ..core.trial_plan import PAIRS_DEFAULT, PERIOD_DEFAULT, WASH_IN_DEFAULT

    start.add_argument(
        "--period",
        default=str(PERIOD_DEFAULT),
        metavar="NIGHTS",
        help=_("nights in each period (default {n})").format(n=PERIOD_DEFAULT),
    )
    start.add_argument(
        "--pairs",
        default=str(PAIRS_DEFAULT),
        metavar="N",
        help=_("pairs of an on and an off period (default {n})").format(n=PAIRS_DEFAULT),
    )
    start.add_argument(
        "--wash-in",
        default=str(WASH_IN_DEFAULT),
        metavar="NIGHTS",
        help=_("first nights of each period not counted (default {n})").format(n=WASH_IN_DEFAULT),
    )
    start.add_argument("--seed", metavar="N", help=_("start the plan shown with this seed"))
    start.add_argument("--yes", action="store_true", help=_("start it (without: only show it)"))


def _config_actions(config: _Parser) -> None:
    actions = _actions(config)
    _command(actions, "show", _("all settings as KEY = VALUE"), Handler("config", "show_settings"))
    _command(actions, "set", _("change one setting"), CONFIG_SET, _config_set_options)


def _config_set_options(config_set: _Parser) -> None:
    from ..core.settings import SETTERS

    config_set.formatter_class = argparse.RawDescriptionHelpFormatter
    config_set.epilog = config_keys()
    config_set.add_argument(
        "key", metavar="KEY", help=_("one of: {keys}").format(keys=", ".join([*SETTERS, LOGIN_KEY]))
    )
    config_set.add_argument("value", metavar="VALUE")


def config_keys() -> str:
    """`config set --help`'s list of every key and what it allows, wrapped in any language."""
    import textwrap

    from .. import language
    from ..core import settings as rules
    from ..core.values import SWITCH, format_hhmm
    from ..core.wording import fmt_number

    keys = [
        (
            "bedtime",
            _(
                "HH:MM, every day's bedtime: {evening} to 23:59, or after midnight before "
                "day_boundary (00:30 belongs to the evening before)"
            ).format(evening=format_hhmm(rules.EVENING_FROM)),
        ),
        ("bedtime.mon … .sun", _("the same, for that weekday's evening only")),
        (
            "offset",
            _("{low} to {high} minutes before bedtime to remind").format(
                low=rules.OFFSET_MIN, high=rules.OFFSET_MAX
            ),
        ),
        ("wake", _("HH:MM, when to ask how you slept")),
        (
            "day_boundary",
            _("00:00 to {latest}, when one night ends").format(
                latest=format_hhmm(rules.BOUNDARY_LATEST)
            ),
        ),
        ("target_mg", _("elemental mg you aim for per night, above 0, not above limit_mg")),
        (
            "limit_mg",
            _("most elemental mg per night, not below target_mg, at most {most}").format(
                most=fmt_number(rules.MG_MAX)
            ),
        ),
        (
            "nudge_interval",
            _("{low} to {high} minutes between reminders left unanswered").format(
                low=rules.NUDGE_INTERVAL_MIN, high=rules.NUDGE_INTERVAL_MAX
            ),
        ),
        (
            "nudges",
            _("0 to {most} times an unanswered reminder comes back").format(most=rules.NUDGES_MAX),
        ),
        (
            "snooze",
            _("{low} to {high} minutes a snooze lasts").format(
                low=rules.SNOOZE_MIN, high=rules.SNOOZE_MAX
            ),
        ),
        (
            "notify_style",
            _("{choices} (popup: Bedtime's own window)").format(
                choices=either(rules.NOTIFY_STYLES)
            ),
        ),
        ("morning_question", either(SWITCH)),
        ("language", either((language.SYSTEM, *language.available()))),
        (
            LOGIN_KEY,
            _(
                "{choices}: start the tray app when you log in (this computer's login, "
                "whatever the data folder)"
            ).format(choices=either(SWITCH)),
        ),
    ]
    width = 22
    lines = [_("keys and allowed values:")]
    for key, allowed in keys:
        wrapped = textwrap.wrap(allowed, 76 - width) or [""]
        lines.append(f"  {key:<{width - 2}}{wrapped[0]}")
        lines += [" " * width + more for more in wrapped[1:]]
    example = _("example: {command}").format(command="bedtime config set bedtime.fri 00:30")
    return "\n".join([*lines, "", example])


def _supplement_actions(supplement: _Parser) -> None:
    actions = _actions(supplement)
    _command(
        actions,
        "add",
        _("add a supplement"),
        Handler("supplements", "add"),
        _supplement_add_options,
    )
    _command(
        actions,
        "list",
        _("list supplements with stock"),
        Handler("supplements", "listing"),
        lambda listing: listing.add_argument(
            "--json", action="store_true", help=_("print a JSON list")
        ),
    )
    _command(
        actions,
        "restock",
        _("add UNITS to the stock"),
        Handler("supplements", "restock"),
        _restock_options,
    )
    _command(
        actions,
        "remove",
        _("remove (history keeps its doses)"),
        Handler("supplements", "remove"),
        lambda remove: remove.add_argument("name", metavar="NAME"),
    )


def _restock_options(restock: _Parser) -> None:
    restock.add_argument("name", metavar="NAME")
    restock.add_argument("units", metavar="UNITS")


def _supplement_add_options(add: _Parser) -> None:
    from ..core.forms import FORMS

    add.add_argument("name", metavar="NAME")
    add.add_argument(
        "--mg-per-unit",
        required=True,
        metavar="MG",
        help=_("mg of elemental magnesium per tablet, capsule, scoop or ml"),
    )
    add.add_argument(
        "--units-per-dose", default="1", metavar="N", help=_("fractions allowed (default 1)")
    )
    add.add_argument("--stock", metavar="N", help=_("units on hand (default: not tracked)"))
    add.add_argument(
        "--form",
        default="other",
        metavar="FORM",
        help=_("one of: {keys}").format(keys=", ".join(FORMS)),
    )
    add.add_argument(
        "--low-days",
        default="7",
        metavar="N",
        help=_("warn when fewer nights than this are left (default 7)"),
    )
    add.add_argument(
        "--force", action="store_true", help=_("add it even if one dose is above the daily limit")
    )


def _take_options(take: _Parser) -> None:
    take.add_argument("name", nargs="?", metavar="NAME", help=_("optional with one supplement"))
    take.add_argument("--units", metavar="N", help=_("default: the supplement's units per dose"))
    take.add_argument("--at", metavar="HH:MM", help=_("the latest such time not after now"))
    take.add_argument("--force", action="store_true", help=_("log it even above the daily limit"))
    take.add_argument(
        "--off-night",
        action="store_true",
        help=_("log it on an off night of your trial (counted as a deviation)"),
    )


def _rate_options(rate: _Parser) -> None:
    rate.add_argument("rating", metavar="1..5")
    rate.add_argument(
        "--night",
        metavar="YYYY-MM-DD",
        help=_("default: the latest night whose bedtime has passed"),
    )
    rate.add_argument("--latency", metavar="MIN", help=_("minutes to fall asleep"))
    rate.add_argument("--awakenings", metavar="N", help=_("times woken during the night"))
    rate.add_argument("--awake", metavar="MIN", help=_("minutes awake during the night"))
    rate.add_argument("--in-bed", metavar="HH:MM", help=_("time you got into bed"))
    rate.add_argument("--woke", metavar="HH:MM", help=_("time of your final awakening"))
    rate.add_argument(
        "--note", metavar="TEXT", help=_("anything worth remembering about the night")
    )


def _history_options(history: _Parser) -> None:
    history.add_argument(
        "--nights", default="14", metavar="N", help=_("how many nights (default 14)")
    )
    history.add_argument("--json", action="store_true", help=_("print a JSON list"))


def _desktop_actions(desktop: _Parser) -> None:
    actions = _actions(desktop)
    for name, function, help_text in (
        ("install", "install", _("add the menu entry and icons (again is harmless)")),
        ("remove", "remove", _("remove exactly what install added")),
    ):
        _command(actions, name, help_text, Handler("desktop", function, opens_data=False))
