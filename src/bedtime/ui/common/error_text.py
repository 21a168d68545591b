"""Why something was refused, worded for a window.

The log and the rules name a field by its key ("dose", "limit_mg"), as the command line and
the data file do. A window names it as a person does, as a sentence, without echoing an
internal value back (a dose's id means nothing to the person who reads it).
"""

from ...core.date_text import weekday_name
from ...core.errors import Contradiction, InvalidInput
from ...core.settings import WEEKDAYS
from ...core.wording import N_, Translated, _
from .form_parts import allowed_sentence

# What each field is called in a sentence, as the windows show it.
FIELD_WORDS = Translated(
    {
        "dose": N_("This dose"),
        "rating": N_("This night's rating"),
        "supplement": N_("The supplement"),
        "name": N_("The name"),
        "units": N_("The number of units"),
        "bedtime": N_("The bedtime"),
        "offset": N_("The reminder"),
        "wake": N_("The wake time"),
        "day_boundary": N_("The day boundary"),
        "target_mg": N_("The nightly target"),
        "limit_mg": N_("The nightly limit"),
        "nudge_interval": N_("The time between nudges"),
        "nudges": N_("The number of nudges"),
        "snooze": N_("The snooze"),
        "notify_style": N_("How reminders are shown"),
        "morning_question": N_("The morning question"),
        "language": N_("The language"),
        "backup file": N_("The file"),
    }
)


def field_words(field: str) -> str | None:
    """ "The nightly limit", "The Friday evening bedtime": FIELD as a sentence starts."""
    if field.startswith("bedtime.") and field[len("bedtime.") :] in WEEKDAYS:
        weekday = WEEKDAYS.index(field[len("bedtime.") :])
        return _("The {day} evening bedtime").format(day=weekday_name(weekday))
    return FIELD_WORDS.get(field)


def error_text(error: Exception) -> str:
    """ERROR's message as a sentence a person reads: "This dose is no longer in the log …"."""
    if isinstance(error, InvalidInput) and not isinstance(error, Contradiction):
        words = field_words(error.field)
        if words is not None:
            # What was given, as the rule quoted it; but a dose's id is no one's business.
            said = error.allowed if error.field == "dose" else str(error)[len(error.field) + 2 :]
            return allowed_sentence(f"{words} {said}")
    return allowed_sentence(str(error))
