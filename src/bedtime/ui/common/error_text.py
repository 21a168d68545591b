"""Why something was refused, worded for a window.

The log and the rules name a field by its key ("dose", "limit_mg"), as the command line and
the data file do. A window names it as a person does, as a sentence, without echoing an
internal value back (a dose's id means nothing to the person who reads it).
"""

from ...core.errors import Contradiction, InvalidInput
from ...core.settings import WEEKDAYS
from ..settings.schedule_page import DAY_NAMES
from .form_parts import allowed_sentence

# What each field is called in a sentence, as the windows show it.
FIELD_WORDS = {
    "dose": "This dose",
    "rating": "This night's rating",
    "supplement": "The supplement",
    "name": "The name",
    "units": "The number of units",
    "bedtime": "The bedtime",
    "offset": "The reminder",
    "wake": "The wake time",
    "day_boundary": "The day boundary",
    "target_mg": "The nightly target",
    "limit_mg": "The nightly limit",
    "nudge_interval": "The time between nudges",
    "nudges": "The number of nudges",
    "snooze": "The snooze",
    "notify_style": "How reminders are shown",
    "morning_question": "The morning question",
    "language": "The language",
    "backup file": "The file",
    **{
        f"bedtime.{key}": f"The {name} evening bedtime"
        for key, name in zip(WEEKDAYS, DAY_NAMES, strict=True)
    },
}


def error_text(error: Exception) -> str:
    """ERROR's message as a sentence a person reads: "This dose is no longer in the log …"."""
    if isinstance(error, InvalidInput) and not isinstance(error, Contradiction):
        words = FIELD_WORDS.get(error.field)
        if words is not None:
            # What was given, as the rule quoted it; but a dose's id is no one's business.
            said = error.allowed if error.field == "dose" else str(error)[len(error.field) + 2 :]
            return allowed_sentence(f"{words} {said}")
    return allowed_sentence(str(error))
