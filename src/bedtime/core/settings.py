"""The user's schedule and amounts, with the keys `bedtime config set` accepts.

Each key has a parser that checks the value alone; `consistency` then checks the settings
as a whole (target within limit, every bedtime in the evening or after midnight), so a value
is judged the same way whatever order keys are set or stored in.
"""

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import time

from .errors import InvalidInput
from .values import SWITCH, format_hhmm, parse_amount, parse_hhmm, parse_int, parse_switch
from .wording import _, either, fmt_number

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # index = date.weekday()
_LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$", re.ASCII)  # ISO 639: "en", "nl", "fil"

OFFSET_MIN, OFFSET_MAX = 30, 120
NUDGE_INTERVAL_MIN, NUDGE_INTERVAL_MAX = 5, 60
NUDGES_MAX = 6
SNOOZE_MIN, SNOOZE_MAX = 5, 60
NOTIFY_STYLES = ("desktop", "popup")  # a desktop notification, or the app's own window
# The night changes at the day boundary; beyond early morning it would cut an evening in two.
BOUNDARY_LATEST = time(6, 0)
# A bedtime is in the evening (from noon) or after midnight before the day boundary. A bedtime
# in the morning would put its reminder, and the dose, in the night before.
EVENING_FROM = time(12, 0)
MG_MAX = 2000.0


@dataclass(frozen=True)
class Settings:
    bedtimes: tuple[time, ...] = (time(23, 0),) * 7  # Monday … Sunday: the evening's weekday
    offset_minutes: int = 60
    wake: time = time(7, 30)
    day_boundary: time = time(4, 0)
    target_mg: float = 300.0
    limit_mg: float = 350.0
    nudge_interval_minutes: int = 15
    nudges: int = 3  # how many times an ignored reminder is shown again
    snooze_minutes: int = 10
    notify_style: str = "desktop"
    morning_question: bool = True
    language: str = "system"

    def bedtime_for_weekday(self, weekday: int) -> time:
        return self.bedtimes[weekday]


def _set_all_bedtimes(s: Settings, text: str) -> Settings:
    return replace(s, bedtimes=(parse_hhmm("bedtime", text),) * 7)


def _set_one_bedtime(day: int) -> Callable[[Settings, str], Settings]:
    def setter(s: Settings, text: str) -> Settings:
        times = list(s.bedtimes)
        times[day] = parse_hhmm(f"bedtime.{WEEKDAYS[day]}", text)
        return replace(s, bedtimes=tuple(times))

    return setter


def _set_offset(s: Settings, text: str) -> Settings:
    minutes = parse_int("offset", text, OFFSET_MIN, OFFSET_MAX, minutes=True)
    return replace(s, offset_minutes=minutes)


def _set_wake(s: Settings, text: str) -> Settings:
    return replace(s, wake=parse_hhmm("wake", text))


def _set_boundary(s: Settings, text: str) -> Settings:
    value = parse_hhmm("day_boundary", text)
    if value > BOUNDARY_LATEST:
        raise InvalidInput(
            "day_boundary",
            _("must be a time from 00:00 to {latest}").format(latest=format_hhmm(BOUNDARY_LATEST)),
            text,
        )
    return replace(s, day_boundary=value)


def _set_target(s: Settings, text: str) -> Settings:
    return replace(
        s, target_mg=parse_amount("target_mg", text, positive=True, high=MG_MAX, examples=(300,))
    )


def _set_limit(s: Settings, text: str) -> Settings:
    return replace(
        s, limit_mg=parse_amount("limit_mg", text, positive=True, high=MG_MAX, examples=(350,))
    )


def _set_nudge_interval(s: Settings, text: str) -> Settings:
    minutes = parse_int(
        "nudge_interval", text, NUDGE_INTERVAL_MIN, NUDGE_INTERVAL_MAX, minutes=True
    )
    return replace(s, nudge_interval_minutes=minutes)


def _set_nudges(s: Settings, text: str) -> Settings:
    return replace(s, nudges=parse_int("nudges", text, 0, NUDGES_MAX))


def _set_snooze(s: Settings, text: str) -> Settings:
    return replace(
        s, snooze_minutes=parse_int("snooze", text, SNOOZE_MIN, SNOOZE_MAX, minutes=True)
    )


def _choice(field: str, text: str, allowed: tuple[str, ...]) -> str:
    value = text.strip().lower()
    if value not in allowed:
        raise InvalidInput(field, _("must be {choices}").format(choices=either(allowed)), text)
    return value


def _set_notify_style(s: Settings, text: str) -> Settings:
    return replace(s, notify_style=_choice("notify_style", text, NOTIFY_STYLES))


def _set_morning_question(s: Settings, text: str) -> Settings:
    return replace(s, morning_question=parse_switch("morning_question", text))


def _set_language(s: Settings, text: str) -> Settings:
    """ "system" (follow the desktop) or a language code. Which languages have a catalog is
    the shell's to know (bedtime.language checks what is typed): the rules stay the same in
    every process, whatever catalogs it found, so a stored "nl" is never thrown away."""
    value = text.strip().lower()
    if value != "system" and not _LANGUAGE_CODE.match(value):
        raise InvalidInput(
            "language", _("must be system or a language code such as en or nl"), text
        )
    return replace(s, language=value)


SETTERS: dict[str, Callable[[Settings, str], Settings]] = {
    "bedtime": _set_all_bedtimes,
    **{f"bedtime.{name}": _set_one_bedtime(day) for day, name in enumerate(WEEKDAYS)},
    "offset": _set_offset,
    "wake": _set_wake,
    "day_boundary": _set_boundary,
    "target_mg": _set_target,
    "limit_mg": _set_limit,
    "nudge_interval": _set_nudge_interval,
    "nudges": _set_nudges,
    "snooze": _set_snooze,
    "notify_style": _set_notify_style,
    "morning_question": _set_morning_question,
    "language": _set_language,
}

# What is stored: one row per key, bedtime kept per weekday ("bedtime" only sets all seven).
STORED_KEYS = tuple(key for key in SETTERS if key != "bedtime")


def consistency(s: Settings, key: str) -> None:
    """Raise InvalidInput, naming KEY (the key just set), if the settings contradict each other."""
    if s.target_mg > s.limit_mg:
        if key == "limit_mg":
            lower = _(
                "must not be below the nightly target ({target} mg); lower the target first"
            ).format(target=fmt_number(s.target_mg))
            raise InvalidInput(key, lower, fmt_number(s.limit_mg))
        higher = _(
            "must not be above the nightly limit ({limit} mg); raise the limit first"
        ).format(limit=fmt_number(s.limit_mg))
        raise InvalidInput(key, higher, fmt_number(s.target_mg))
    boundary = format_hhmm(s.day_boundary)
    for day, at in enumerate(s.bedtimes):
        if s.day_boundary <= at < EVENING_FROM:
            if key == "day_boundary":
                raise InvalidInput(
                    key,
                    _("must be later than every after-midnight bedtime ({key} is {time})").format(
                        key=f"bedtime.{WEEKDAYS[day]}", time=format_hhmm(at)
                    ),
                    boundary,
                )
            field = key if key.startswith("bedtime") else f"bedtime.{WEEKDAYS[day]}"
            raise InvalidInput(
                field,
                _(
                    "must be from 12:00 to 23:59, or after midnight before the day boundary "
                    "({boundary})"
                ).format(boundary=boundary),
                format_hhmm(at),
            )


def apply(settings: Settings, key: str, text: str) -> Settings:
    """The settings with KEY set to TEXT, or InvalidInput naming the key and what is allowed."""
    key = key.strip().lower()
    setter = SETTERS.get(key)
    if setter is None:
        raise InvalidInput("key", _("must be one of {keys}").format(keys=", ".join(SETTERS)), key)
    updated = setter(settings, text)
    consistency(updated, key)
    return updated


def apply_all(settings: Settings, pairs: Mapping[str, str]) -> Settings:
    """The settings with every key of PAIRS set at once, checked as a whole only at the end.

    A form saves many fields together: raising both target and limit must not fail on the
    order they are applied in. A contradiction is reported against a key that was changed.
    """
    updated = settings
    for key, text in pairs.items():
        setter = SETTERS.get(key)
        if setter is None:
            raise InvalidInput(
                "key", _("must be one of {keys}").format(keys=", ".join(SETTERS)), key
            )
        updated = setter(updated, text)
    before = to_pairs(settings)
    changed = [key for key, value in to_pairs(updated).items() if before[key] != value]
    order = ("limit_mg", "target_mg", "day_boundary")
    blamed = next((key for key in order if key in changed), None)
    if blamed is None:
        blamed = next((key for key in changed if key.startswith("bedtime")), "settings")
    consistency(updated, blamed)
    return updated


def _stored_amount(value: float) -> str:
    """VALUE as stored, read back the same in every language: with exactly three decimals
    ("312.125") it would also read as thousands grouped (312125) and be refused as two
    numbers, so it gets a fourth ("312.1250")."""
    text = f"{value:g}"
    return text + "0" if len(text.partition(".")[2]) == 3 else text


def to_pairs(settings: Settings) -> dict[str, str]:
    pairs = {
        f"bedtime.{name}": format_hhmm(t)
        for name, t in zip(WEEKDAYS, settings.bedtimes, strict=True)
    }
    pairs["offset"] = str(settings.offset_minutes)
    pairs["wake"] = format_hhmm(settings.wake)
    pairs["day_boundary"] = format_hhmm(settings.day_boundary)
    pairs["target_mg"] = _stored_amount(settings.target_mg)
    pairs["limit_mg"] = _stored_amount(settings.limit_mg)
    pairs["nudge_interval"] = str(settings.nudge_interval_minutes)
    pairs["nudges"] = str(settings.nudges)
    pairs["snooze"] = str(settings.snooze_minutes)
    pairs["notify_style"] = settings.notify_style
    pairs["morning_question"] = SWITCH[0] if settings.morning_question else SWITCH[1]
    pairs["language"] = settings.language
    return pairs


def from_pairs(pairs: Mapping[str, str]) -> tuple[Settings, list[str]]:
    """Settings from stored pairs; a bad or unknown stored value is reported, its default kept.

    Stored values can be hand-edited; one bad value must not take the others (or the app) down.
    Settings that are fine one by one but contradict each other fall back to the defaults.
    """
    settings = Settings()
    problems: list[str] = []
    for key, text in pairs.items():
        if key not in STORED_KEYS:
            problems.append(
                _("stored setting {key} is unknown and was ignored").format(key=repr(key))
            )
            continue
        try:
            settings = SETTERS[key](settings, text)
        except InvalidInput as error:
            problems.append(_("stored {problem}; using the default").format(problem=error))
    try:
        consistency(settings, "stored settings")
    except InvalidInput as error:
        problems.append(_("{problem}; using the default settings").format(problem=error))
        settings = Settings()
    return settings, problems
