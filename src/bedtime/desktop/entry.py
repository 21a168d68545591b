"""Bedtime's desktop entry with an Exec line for a given command: for the menu and for login.

The shipped entry (resources/) says `Exec=bedtime`, right for packages that put `bedtime` on
PATH; an entry written here names the launcher's absolute path instead.
"""

import re
from collections.abc import Sequence

from .resource_files import DESKTOP_ENTRY, resource

# Characters that make an Exec argument need quotes (Desktop Entry Specification, "The Exec key").
_RESERVED = re.compile(r"[\s\"'\\><~|&;$*?#()`]")
# Inside quotes these four take a backslash.
_QUOTED_ESCAPES = re.compile(r"([\"`$\\])")


def exec_value(command: Sequence[str]) -> str:
    """COMMAND as the value of an Exec key, quoted and escaped as the specification asks."""
    words = []
    for word in command:
        word = word.replace("%", "%%")  # % starts a field code such as %f
        if not word or _RESERVED.search(word):
            word = '"' + _QUOTED_ESCAPES.sub(r"\\\1", word) + '"'
        words.append(word)
    # The value is a string too, whose own escape is the backslash: each one is doubled.
    return " ".join(words).replace("\\", "\\\\")


def entry_text(command: Sequence[str], extra: Sequence[str] = ()) -> str:
    """The shipped entry with Exec running COMMAND, and EXTRA lines added to its group."""
    lines = []
    for line in resource(DESKTOP_ENTRY).read_text(encoding="utf-8").splitlines():
        lines.append(f"Exec={exec_value(command)}" if line.startswith("Exec=") else line)
    return "\n".join([*lines, *extra]) + "\n"
