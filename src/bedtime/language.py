"""Which language Bedtime speaks, and loading its catalog for the whole process.

The `language` setting says `system`, `en` or `nl`. `system` follows the environment the way
gettext does on Linux (LANGUAGE, then LC_ALL, LC_MESSAGES, LANG: the first one set decides)
and the user's locale elsewhere. Only the catalog files under locale/ are read: nothing
needs a generated nl_NL locale on the machine, and nothing goes through the C library's
locale (whose dates and numbers would follow the machine, not the app).
"""

import argparse
import gettext
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from .core import wording
from .core.errors import InvalidInput

DOMAIN = "bedtime"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
SOURCE = "en"  # the language the messages are written in: it needs no catalog
SYSTEM = "system"
_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_current = SOURCE


def available() -> tuple[str, ...]:
    """English and every language with a compiled catalog, e.g. ("en", "nl")."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return (SOURCE, *found)


def _code(name: str) -> str:
    """ "nl" from "nl_NL.UTF-8", "nl_BE@euro" or "nl-NL"."""
    return name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()


def spoken_in(locale_name: str) -> bool:
    """Whether LOCALE_NAME ("nl_NL.UTF-8") is in a language Bedtime speaks other than the
    English its messages are written in."""
    return _code(locale_name) in available()[1:]


def from_environment(environ: Mapping[str, str]) -> str | None:
    """The language the environment asks for, if Bedtime speaks it; None when no variable is
    set. A set variable with nothing Bedtime speaks (fr, C, POSIX) means English, as in gettext."""
    spoken = available()
    for variable in _VARIABLES:
        value = environ.get(variable, "")
        if not value:
            continue
        # LANGUAGE is a list of choices ("fr:nl"); the others hold one locale.
        for entry in value.split(":") if variable == "LANGUAGE" else [value]:
            if _code(entry) in spoken:
                return _code(entry)
        return SOURCE
    return None


def _user_locale() -> str | None:
    """The user's locale from the system where the environment has none (Windows, macOS
    started from the Dock), e.g. "nl-NL"."""
    if sys.platform == "win32":
        import ctypes

        buffer = ctypes.create_unicode_buffer(85)
        if ctypes.windll.kernel32.GetUserDefaultLocaleName(buffer, len(buffer)):
            return buffer.value
        return None
    if sys.platform == "darwin":
        import subprocess

        try:
            found = subprocess.run(
                ["defaults", "read", "-g", "AppleLocale"], capture_output=True, text=True
            )
        except OSError:
            return None
        return found.stdout.strip() or None
    return None


def choose(setting: str, environ: Mapping[str, str] = os.environ) -> str:
    """The language to speak for the `language` SETTING: itself, or for `system` the
    environment's (English where it asks for none Bedtime speaks)."""
    if setting != SYSTEM:
        return setting if setting in available() else SOURCE
    asked = from_environment(environ)
    if asked is None:
        system = _user_locale()
        asked = _code(system) if system else SOURCE
    return asked if asked in available() else SOURCE


def check(text: str) -> str:
    """The `language` setting TEXT if Bedtime can speak it ("system" or a language with a
    catalog), else InvalidInput naming them: a new catalog file is a new choice."""
    value = text.strip().lower()
    choices = (SYSTEM, *available())
    if value not in choices:
        allowed = wording._("must be {choices}").format(choices=wording.either(choices))
        raise InvalidInput("language", allowed, text)
    return value


def native_name(code: str) -> str:
    """What a language calls itself ("English", "Nederlands"): its own catalog says."""
    if code == SOURCE:
        return "English"
    catalog = gettext.translation(DOMAIN, LOCALE_DIR, languages=[code])
    return catalog.pgettext("language name", "English")


def use(code: str) -> None:
    """Speak CODE ("en", "nl") from now on: the core, the command line and the windows."""
    global _current
    # argparse asks gettext for its own words ("usage: ", "options", "error: ") under names
    # of its own: they come from Bedtime's catalog, so `bedtime --help` speaks one language.
    argparse._ = wording._  # type: ignore[attr-defined]
    argparse.ngettext = wording.ngettext  # type: ignore[attr-defined]
    if code == SOURCE:
        wording.use(gettext.NullTranslations())
    else:
        wording.use(gettext.translation(DOMAIN, LOCALE_DIR, languages=[code]))
    _current = code


def current() -> str:
    """The language spoken now ("en" until `use` says otherwise)."""
    return _current
