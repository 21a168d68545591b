"""Magnesium forms and their typical elemental fraction (domain notes; labels vary)."""

from dataclasses import dataclass

from .errors import InvalidInput


@dataclass(frozen=True)
class Form:
    key: str
    label: str
    elemental_fraction: float | None  # None: unknown, the label must say


FORMS: dict[str, Form] = {
    form.key: form
    for form in (
        Form("bisglycinate", "bisglycinate / glycinate", 0.14),
        Form("citrate", "citrate", 0.16),
        Form("taurate", "taurate", 0.09),
        Form("threonate", "L-threonate", 0.07),
        Form("malate", "malate", 0.15),
        Form("oxide", "oxide", 0.60),
        Form("other", "other / mixed", None),
    )
}

# English and Dutch label words people type, mapped to one form.
_ALIASES = {
    "glycinate": "bisglycinate",
    "bisglycinaat": "bisglycinate",
    "glycinaat": "bisglycinate",
    "citraat": "citrate",
    "tauraat": "taurate",
    "l-threonate": "threonate",
    "l-threonaat": "threonate",
    "threonaat": "threonate",
    "magtein": "threonate",
    "malaat": "malate",
}


def parse_form(text: str) -> str:
    word = text.strip().lower()
    key = _ALIASES.get(word, word)
    if key not in FORMS:
        raise InvalidInput("form", "must be one of " + ", ".join(FORMS), text)
    return key
