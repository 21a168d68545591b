"""How values sit in the log's rows: instants as UTC text, nights as ISO dates, zones by name.

Reading is strict: a stored value that no version of Bedtime wrote (a file edited by hand, a
bit flipped inside a value, which no SQLite check can see) is one clear message, never a
traceback from deep inside a command.
"""

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import TypeVar
from zoneinfo import ZoneInfo

from ..core.wording import _
from .database import StoreError

T = TypeVar("T")


def utc_text(instant: datetime) -> str:
    return instant.astimezone(UTC).isoformat(timespec="seconds")


def read(what: str, parse: Callable[[], T]) -> T:
    """PARSE a stored value; one that cannot be read is a StoreError naming WHAT it was."""
    try:
        return parse()
    except (ValueError, TypeError, KeyError) as error:  # ZoneInfoNotFoundError is a KeyError
        raise StoreError(
            _(
                "the data file holds {what} that Bedtime cannot read ({error}); it was changed "
                "outside Bedtime or damaged. Nothing was changed: restore a backup "
                "(bedtime import) or correct the entry"
            ).format(what=what, error=error)
        ) from None


def utc(text: str) -> datetime:
    """An instant as stored; raises ValueError (for `read`) on one without a zone."""
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise ValueError(f"{text!r} has no zone")
    return instant


def known_zone(text: str) -> str:
    """A zone name as stored; raises (for `read`) on one this system does not know."""
    ZoneInfo(text)  # cached: cheap after the first of each zone
    return text


def read_night(text: str) -> date:
    return read("a night", lambda: date.fromisoformat(text))
