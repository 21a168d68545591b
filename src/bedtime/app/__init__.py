"""The running app: what it does and when (companion), the system clock, the windows a later
launch may ask for, and the tray app's composition root. Importing the package loads no Qt:
the command line uses the clock and the window names from here."""
