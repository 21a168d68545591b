"""The windows a later launch can ask the running app to open (`bedtime show NAME`).

Shared by the command line, which offers them, and the tray app, which opens them; kept
apart so neither has to import the other.
"""

SHOW_WINDOWS = ("settings", "history", "diary", "trial")
