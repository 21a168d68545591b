"""The README's command reference and settings table agree with the program."""

import argparse
import re
from pathlib import Path

from bedtime.cli.parser import build_parser, config_keys
from bedtime.core.settings import SETTERS

README = Path(__file__).resolve().parents[1] / "README.md"


def command_block() -> list[str]:
    """The lines of the first code block under "## Command line", continuations joined."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    block = section[section.index("```") + 3 :]
    block = block[block.index("\n") + 1 : block.index("```")]
    lines: list[str] = []
    for line in block.splitlines():
        if line.startswith("bedtime"):
            lines.append(line)
        elif line.strip() and lines:
            lines[-1] += " " + line.strip()
    return lines


def documented() -> dict[tuple[str, ...], set[str]]:
    """Each command path in the README with the options it shows."""
    found: dict[tuple[str, ...], set[str]] = {}
    for line in command_block():
        usage = line.split("  ")[0]  # what follows two spaces is a description
        words = usage.split()[1:]
        path = []
        for word in words:
            if not re.fullmatch(r"[a-z]+", word):
                break
            path.append(word)
        options = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", usage))
        found.setdefault(tuple(path), set()).update(options)
    return found


def commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> dict:
    """Each runnable command path of PARSER with its options (hidden ones left out)."""
    parser.format_help()  # a command's options are added when it parses or shows its help
    found: dict[tuple[str, ...], set[str]] = {}
    options = {
        option
        for action in parser._actions
        if action.help != argparse.SUPPRESS and not isinstance(action, argparse._HelpAction)
        for option in action.option_strings
    }
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers or not subparsers[0].required:
        found[path] = options
    for group in subparsers:
        for name, sub in group.choices.items():
            found.update(commands(sub, (*path, name)))
    return found


def test_every_command_and_option_is_in_the_readme_and_nothing_else() -> None:
    parser = commands(build_parser())
    readme = documented()
    assert sorted(readme) == sorted(parser)
    for path, options in parser.items():
        assert readme[path] == options, " ".join(("bedtime", *path))


def test_every_setting_is_in_the_readme_table_and_in_config_set_help() -> None:
    text = README.read_text(encoding="utf-8")
    table = text[text.index("### Settings (`config set`)") :]
    table = table[: table.index("\n\n###")]
    for key in SETTERS:
        shown = "`bedtime.mon` … `bedtime.sun`" if key.startswith("bedtime.") else f"`{key}`"
        assert shown in table, key
        short = ".mon … .sun" if key.startswith("bedtime.") else f"  {key} "
        assert short in config_keys(), key
