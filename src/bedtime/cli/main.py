"""`bedtime [COMMAND]`: the tray app without a command, else that command, without Qt.

The arguments decide which, and parsing them loads none of the core (cli/parser.py). A
command then imports its own module only; the tray app's modules and Qt load only for the
tray app. Here too is the one place where what went wrong becomes a message and an exit code.
"""

import argparse
import gc
import os
import sqlite3
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import environment, language, paths
from ..core.errors import InvalidInput
from ..core.wording import _
from .outcome import EXIT_BAD_INPUT, EXIT_REFUSED, EXIT_UNUSABLE, Refusal, error, refused, warn
from .parser import CAUTION, CONFIG_SET, LOGIN_KEY, START_AT_LOGIN, Handler, build_parser


def run(argv: Sequence[str] | None) -> int:
    """The tray app or a command, as ARGV asks; the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    language.use(language.choose(_language_setting(argv)))
    args = build_parser().parse_args(argv)
    command: Handler | None = args.command
    # No command (or `show`): the tray app, which tells its own way (log and screen).
    tray_app = command is None and not args.version
    notices = environment.drop_invalid()
    if not tray_app:
        for notice in notices:
            warn(notice)
    try:
        data_dir = paths.data_dir(args.data_dir)
    except InvalidInput as problem:
        if not tray_app or args.data_dir is not None:
            error(str(problem))
            return EXIT_BAD_INPUT
        # Started at login nobody reads a terminal, and tonight's reminder matters more than
        # a folder set by mistake in the environment: the usual folder, and say so.
        del os.environ[paths.DATA_DIR_VARIABLE]
        data_dir = paths.default_data_dir()
        notices.append(
            _("{problem}; using the usual folder {folder} instead").format(
                problem=problem, folder=data_dir
            )
        )
    if args.version:
        return _version(data_dir)
    if command is None:
        return _tray_app(args, data_dir, notices)
    if command is CONFIG_SET and args.key.strip().lower() == LOGIN_KEY:
        command = START_AT_LOGIN
    fresh = paths.NewFiles(data_dir / paths.DATABASE_NAME)
    code = _command(command, args, data_dir)
    if code == EXIT_BAD_INPUT:
        # Bad input writes nothing, not even the empty database a first run would create.
        fresh.remove()
    elif fresh.created():
        print(f"\n{_(CAUTION)}", file=sys.stderr)
    return code


def _language_setting(argv: Sequence[str]) -> str:
    """The `language` stored in the data file this command will use ("system" before there is
    one), read before the parser is built, so that its help speaks that language too."""
    from ..store.peek import stored_setting

    early = argparse.ArgumentParser(add_help=False, exit_on_error=False)
    early.add_argument("--data-dir")
    try:
        data_dir = paths.data_dir(early.parse_known_args(argv)[0].data_dir)
    except (argparse.ArgumentError, InvalidInput):
        return language.SYSTEM  # the parser's turn to say what is wrong with it
    stored = stored_setting(data_dir / paths.DATABASE_NAME, "language")
    return stored or language.SYSTEM


def _version(data_dir: Path) -> int:
    from .. import __version__
    from ..services.logbook import LOG_NAME, log_dir, runtime

    print(f"bedtime {__version__}")
    print(runtime())
    print(_("Data: {file}").format(file=data_dir / paths.DATABASE_NAME))
    print(_("Log: {file}").format(file=log_dir() / LOG_NAME))
    return 0


def _tray_app(args: argparse.Namespace, data_dir: Path, notices: list[str]) -> int:
    gc.enable()  # it runs for days; the entry point (bedtime.cli) turned the collector off
    # Qt is imported only here, so commands stay quick.
    from .. import session_check

    blocker = session_check.problem()
    if blocker is not None:
        error(blocker)
        return EXIT_UNUSABLE
    from ..pyside_imports import check_sources_without_keeping_them

    check_sources_without_keeping_them()
    from ..app.tray_app import run

    message = "activate" if getattr(args, "window", None) is None else f"show {args.window}"
    return run(data_dir, message, verbose=args.verbose, at_login=args.autostart, notices=notices)


def _command(command: Handler, args: argparse.Namespace, data_dir: Path) -> int:
    context = None
    try:
        if command.opens_data:
            from .context import Context

            context = Context(data_dir)
            code = command.function()(context, args)
        else:
            code = command.function()(args, data_dir)
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # The reader went away (`bedtime history | head`); Python's advice: quiet exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_UNUSABLE
    except Exception as problem:
        return _failed(problem, data_dir)
    finally:
        if context is not None:
            context.close()


def _failed(problem: Exception, data_dir: Path) -> int:
    """What went wrong, said in one line; its exit code. Anything else is a bug: raised."""
    # Imported only now: a command must not load modules only to be ready for their errors
    # (status would load the login entry's code, the desktop commands the store's).
    from ..desktop.launcher import NotInstalled
    from ..services.autostart import AutostartError
    from ..store.database import StoreError, is_read_only

    if isinstance(problem, InvalidInput):
        error(str(problem))
        return EXIT_BAD_INPUT
    if isinstance(problem, Refusal | NotInstalled):
        refused(str(problem))
        return EXIT_REFUSED
    if isinstance(problem, sqlite3.Error) and is_read_only(problem):
        error(
            _(
                "the data folder {folder} is read-only, so nothing was changed (status, "
                "history, export and backup still work)"
            ).format(folder=data_dir)
        )
    elif isinstance(problem, sqlite3.Error):
        # Every change is one transaction, so a failed one (disk full, locked) changed nothing.
        error(
            _("the data file could not be updated ({error}); nothing was changed").format(
                error=problem
            )
        )
    elif isinstance(problem, StoreError | AutostartError | OSError):
        error(str(problem))
    else:
        raise problem
    return EXIT_UNUSABLE
