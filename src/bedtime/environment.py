"""Environment values that have a specification of their own, checked once at start.

Each falls back as its specification says, with a warning, before anything reads it:
- the XDG Base Directory variables: "If an implementation encounters a relative path in any
  of these variables it should consider the path invalid and ignore it" (the default
  applies: ~/.local/share, ~/.config, …);
- the POSIX locale variables: a locale the system does not have is ignored, so the next
  variable in precedence applies (LC_ALL, then LC_xxx, then LANG), in the end the C locale;
  said, unless it names a language Bedtime speaks (it chose its language from it before).
Removing the bad value from the process's environment makes platformdirs, Qt and every
child process see the same fallback.

TZ and BEDTIME_DATA_DIR are Bedtime's own choices of zone and data, not checked here: the
command line refuses a bad one as bad input (clock.local_zone, paths.data_dir).
"""

import contextlib
import locale
import os

from . import language
from .core.wording import _

XDG_PATHS = (
    "XDG_DATA_HOME",
    "XDG_CONFIG_HOME",
    "XDG_STATE_HOME",
    "XDG_CACHE_HOME",
    "XDG_RUNTIME_DIR",
)
LOCALES = (
    "LC_ALL",
    "LC_CTYPE",
    "LC_NUMERIC",
    "LC_TIME",
    "LC_COLLATE",
    "LC_MONETARY",
    "LC_MESSAGES",
    "LANG",
)


# The variables that choose the language of messages (bedtime.language reads them too).
_MESSAGE_LOCALES = ("LC_ALL", "LC_MESSAGES", "LANG")


def drop_invalid() -> list[str]:
    """Remove the values their specifications call invalid; one warning for each."""
    warnings = []
    for name in XDG_PATHS:
        value = os.environ.get(name)
        if value and not os.path.isabs(value):
            del os.environ[name]
            warnings.append(
                _(
                    "{name} is {value}, not an absolute path; it is ignored and the usual folder "
                    "is used"
                ).format(name=name, value=repr(value))
            )
    for name in _unknown_locales():
        value = os.environ.pop(name)
        if name in _MESSAGE_LOCALES and language.spoken_in(value):
            # Bedtime has read its language from it already and speaks it from its own
            # catalog: for the person, nothing is ignored (nl_NL need not be generated).
            continue
        warnings.append(
            _("{name} is {value}, not a locale this system has; it is ignored").format(
                name=name, value=repr(value)
            )
        )
    return warnings


def _unknown_locales() -> list[str]:
    """The locale variables naming a locale setlocale() does not know.

    Each is tried for one category and the process's locale is put back: nothing outside
    this function sees the trial.
    """
    unknown = []
    before = locale.setlocale(locale.LC_CTYPE)
    try:
        for name in LOCALES:
            value = os.environ.get(name)
            if not value:
                continue
            try:
                locale.setlocale(locale.LC_CTYPE, value)
            except (locale.Error, ValueError):  # ValueError: an embedded NUL
                unknown.append(name)
    finally:
        with contextlib.suppress(locale.Error):
            locale.setlocale(locale.LC_CTYPE, before)
    return unknown
