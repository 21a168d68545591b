"""The Settings window and its pages (Schedule, Reminders, Amounts, Supplements, General)."""
