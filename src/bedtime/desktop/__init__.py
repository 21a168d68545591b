"""Bedtime's place on the desktop: its desktop entry, the command that starts it again (for
the login entry and the menu), the menu install for `uv tool`/`pipx`, and its own resource
files. No Qt: the command line installs these too."""

# The flag the login entry starts Bedtime with (the tray app then waits quietly for a tray).
# Here, not in launcher.py: the command line's parser needs it before anything heavy loads.
LOGIN_FLAG = "--autostart"
