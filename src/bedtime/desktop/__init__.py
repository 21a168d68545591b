"""Bedtime's place on the desktop: its desktop entry, the command that starts it again (for
the login entry and the menu), the menu install for `uv tool`/`pipx`, and its own resource
files. No Qt: the command line installs these too."""
