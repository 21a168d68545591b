"""How a command tells how it went, besides its output: warnings and errors on stderr, a
refusal, and the exit code.

Exit codes: 0 done, 1 the data file cannot be used, 2 bad input (nothing written), 3 refused
by a rule (over the daily limit without --force, not enough stock, an install that will not
last).
"""

import sys

from ..core.wording import _

EXIT_UNUSABLE = 1
EXIT_BAD_INPUT = 2
EXIT_REFUSED = 3


class Refusal(Exception):
    """A rule turned the request down; the message also says what would get past it."""


def warn(message: str) -> None:
    print(_("bedtime: warning: {message}").format(message=message), file=sys.stderr)


def error(message: str) -> None:
    print(_("bedtime: error: {problem}").format(problem=message), file=sys.stderr)


def refused(message: str) -> None:
    print(_("bedtime: refused: {problem}").format(problem=message), file=sys.stderr)
