"""The tray and the evening: the icon, its menu, the no-tray window, the reminder popup and
notifications on screen, and logging a dose from them."""
