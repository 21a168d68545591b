"""Magnesium forms and their typical elemental fraction (domain notes; labels vary)."""

import math
from dataclasses import dataclass

from .errors import InvalidInput
from .values import quantity
from .wording import N_, _


@dataclass(frozen=True)
class Form:
    key: str
    name: str  # in English, marked for the catalog: `label` is what a person reads
    elemental_fraction: float | None  # None: unknown, the label must say

    @property
    def label(self) -> str:
        return _(self.name)


FORMS: dict[str, Form] = {
    form.key: form
    for form in (
        Form("bisglycinate", N_("bisglycinate / glycinate"), 0.14),
        Form("citrate", N_("citrate"), 0.16),
        Form("taurate", N_("taurate"), 0.09),
        Form("threonate", N_("L-threonate"), 0.07),
        Form("malate", N_("malate"), 0.15),
        Form("oxide", N_("oxide"), 0.60),
        Form("other", N_("other / mixed"), None),
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
        raise InvalidInput("form", _("must be one of {keys}").format(keys=", ".join(FORMS)), text)
    return key


def elemental_estimate(compound_mg: float, form_key: str) -> float | None:
    """The typical mg of elemental magnesium in `compound_mg` of a form's compound, or None.

    A guide for labels that give only the compound's weight: 1000 mg of bisglycinate is about
    140 mg elemental. Rounded to whole mg (halves up), since the fraction is itself only typical;
    None for a form without a typical fraction ("other"), where only the label can say.
    `form_key` is read as `parse_form` reads it; an unknown form is InvalidInput.
    """
    if not (math.isfinite(compound_mg) and compound_mg >= 0):
        raise ValueError(f"compound_mg must be a finite number, 0 or more (got {compound_mg})")
    fraction = FORMS[parse_form(form_key)].elemental_fraction
    if fraction is None:
        return None
    # Halves round up (round() would go to even: 4.5 to 4); quantity() first drops float
    # noise, so a product that should be x.5 is not read as x.49999….
    return float(math.floor(quantity(compound_mg * fraction) + 0.5))
