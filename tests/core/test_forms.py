import math

import pytest

from bedtime.core.errors import InvalidInput
from bedtime.core.forms import FORMS, elemental_estimate, parse_form

# 1000 mg of each compound, with the typical fractions of the domain notes.
PER_GRAM = {
    "bisglycinate": 140.0,
    "citrate": 160.0,
    "taurate": 90.0,
    "threonate": 70.0,
    "malate": 150.0,
    "oxide": 600.0,
}


def test_every_form_with_a_typical_fraction_is_covered() -> None:
    with_fraction = {key for key, form in FORMS.items() if form.elemental_fraction is not None}
    assert with_fraction == set(PER_GRAM)


@pytest.mark.parametrize(("form", "elemental"), PER_GRAM.items())
def test_a_gram_of_each_compound(form: str, elemental: float) -> None:
    estimate = elemental_estimate(1000, form)
    assert estimate == elemental
    assert type(estimate) is float


def test_no_estimate_without_a_typical_fraction() -> None:
    assert FORMS["other"].elemental_fraction is None
    assert elemental_estimate(1000, "other") is None


@pytest.mark.parametrize(
    ("compound_mg", "form", "elemental"),
    [
        (125, "bisglycinate", 18.0),  # 17.5: halves round up
        (375, "bisglycinate", 53.0),  # 52.50000000000001
        (1000.5, "threonate", 70.0),  # 70.035
        (50, "taurate", 5.0),  # 4.5, where round() would give 4
        (10, "malate", 2.0),  # 1.5
        (3, "threonate", 0.0),  # too little to count: the caller must not offer it
        (0, "oxide", 0.0),
    ],
)
def test_rounded_to_whole_mg(compound_mg: float, form: str, elemental: float) -> None:
    assert elemental_estimate(compound_mg, form) == elemental


def test_forms_are_read_as_parse_form_reads_them() -> None:
    assert parse_form("Bisglycinaat") == "bisglycinate"
    assert elemental_estimate(1000, "Bisglycinaat") == 140.0
    assert elemental_estimate(1000, "magtein") == 70.0
    with pytest.raises(InvalidInput) as caught:
        elemental_estimate(1000, "sulfate")
    assert caught.value.field == "form"


@pytest.mark.parametrize("compound_mg", [-1.0, math.nan, math.inf])
def test_no_estimate_from_an_impossible_weight(compound_mg: float) -> None:
    with pytest.raises(ValueError, match="compound_mg"):
        elemental_estimate(compound_mg, "citrate")
