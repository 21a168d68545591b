import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.supplement_input import (
    COMPOUND_MG_MAX,
    draft_supplement,
    parse_compound_mg,
    parse_restock_units,
    restocked,
)

GOOD = {
    "name": "Magnesium bisglycinaat",
    "form": "bisglycinate",
    "mg_per_unit": "100",
    "units_per_dose": "2",
    "stock": "60",
    "low_days": "7",
}


def draft(**changes: str | None) -> Supplement:
    return draft_supplement(**{**GOOD, **changes})  # type: ignore[arg-type]


def test_good_values_make_a_draft_with_id_zero() -> None:
    assert draft() == Supplement(
        id=0,
        name="Magnesium bisglycinaat",
        form="bisglycinate",
        mg_per_unit=100.0,
        units_per_dose=2.0,
        stock_units=60.0,
        low_days=7,
    )


def test_text_is_trimmed_and_forms_are_read_as_the_cli_reads_them() -> None:
    supplement = draft(name="  Ölmag  ", form=" Citraat ", low_days=" 0 ")
    assert (supplement.name, supplement.form, supplement.low_days) == ("Ölmag", "citrate", 0)


def test_names_are_normalised_to_nfc() -> None:
    assert draft(name="Cafe\u0301").name == "Caf\u00e9"


@pytest.mark.parametrize("name", ["A\u200bB", "\u202eMagnesium", "Mag\ufeff", "Ölmag\u2066"])
def test_invisible_formatting_characters_are_refused_in_names(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        draft(name=name)
    assert refused.value.field == "name"
    assert "invisible formatting characters" in refused.value.allowed


@pytest.mark.parametrize("stock", [None, "", "   "])
def test_empty_stock_is_not_tracked(stock: str | None) -> None:
    assert draft(stock=stock).stock_units is None


def test_zero_stock_is_tracked() -> None:
    assert draft(stock="0").stock_units == 0.0


def test_comma_decimals_are_accepted() -> None:
    supplement = draft(mg_per_unit="62,5", units_per_dose="0,5", stock="2,5")
    assert (supplement.mg_per_unit, supplement.units_per_dose, supplement.stock_units) == (
        62.5,
        0.5,
        2.5,
    )


def test_the_limits_themselves_are_allowed() -> None:
    supplement = draft(mg_per_unit="5000", units_per_dose="100", stock="100000", low_days="365")
    assert supplement.mg_per_dose == 500000.0
    assert supplement.low_days == 365


@pytest.mark.parametrize(
    ("field", "argument", "text", "allowed"),
    [
        ("name", "name", "", "1 to 80 characters"),
        ("name", "name", "   ", "1 to 80 characters"),
        ("name", "name", "x" * 81, "1 to 80 characters"),
        ("name", "name", "two\nlines", "on one line"),
        ("form", "form", "sulfate", "must be one of bisglycinate"),
        ("mg-per-unit", "mg_per_unit", "", "above 0 and at most 5000"),
        ("mg-per-unit", "mg_per_unit", "0", "above 0 and at most 5000"),
        ("mg-per-unit", "mg_per_unit", "5000.5", "above 0 and at most 5000"),
        ("mg-per-unit", "mg_per_unit", "-5", "such as 200 (got"),
        ("mg-per-unit", "mg_per_unit", "1e3", "such as 200 (got"),
        ("mg-per-unit", "mg_per_unit", "1,000", "1,000 could be 1000 or 1"),
        ("units-per-dose", "units_per_dose", "0", "above 0 and at most 100"),
        ("units-per-dose", "units_per_dose", "101", "above 0 and at most 100"),
        ("units-per-dose", "units_per_dose", "half", "such as 2 or 0.5"),
        ("stock", "stock", "-1", "0 or more and at most 100000"),
        ("stock", "stock", "100001", "0 or more and at most 100000"),
        ("stock", "stock", "lots", "such as 60 (got"),
        ("low-days", "low_days", "", "whole number from 0 to 365"),
        ("low-days", "low_days", "366", "whole number from 0 to 365"),
        ("low-days", "low_days", "-1", "whole number from 0 to 365"),
        ("low-days", "low_days", "1.5", "whole number from 0 to 365"),
    ],
)
def test_each_bad_field_is_named_with_what_is_allowed(
    field: str, argument: str, text: str, allowed: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        draft(**{argument: text})
    assert caught.value.field == field
    assert str(caught.value).startswith(f"{field}: ")
    assert allowed in str(caught.value)


def test_the_first_bad_field_in_form_order_is_reported() -> None:
    with pytest.raises(InvalidInput) as caught:
        draft(name="", mg_per_unit="0", low_days="x")
    assert caught.value.field == "name"
    with pytest.raises(InvalidInput) as caught:
        draft(mg_per_unit="0", low_days="x")
    assert caught.value.field == "mg-per-unit"


# -- The compound's weight, for the elemental estimate -------------------------------------


@pytest.mark.parametrize(
    ("text", "mg"),
    [("1000", 1000.0), (" 1000 ", 1000.0), ("1000,5", 1000.5), ("0.5", 0.5), ("20000", 20000.0)],
)
def test_compound_mg_is_read_like_the_other_amounts(text: str, mg: float) -> None:
    assert parse_compound_mg(text) == mg


@pytest.mark.parametrize(
    ("text", "allowed"),
    [
        ("", "above 0 and at most 20000"),
        ("0", "above 0 and at most 20000"),
        ("20000.5", "above 0 and at most 20000"),
        ("200000", "above 0 and at most 20000"),
        ("-5", "such as 1000 (got"),
        ("1e3", "such as 1000 (got"),
        ("1 g", "such as 1000 (got"),
        ("1,000", "1,000 could be 1000 or 1"),
    ],
)
def test_bad_compound_mg_is_named_with_what_is_allowed(text: str, allowed: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_compound_mg(text)
    assert caught.value.field == "compound-mg"
    assert allowed in str(caught.value)
    assert COMPOUND_MG_MAX == 20000


def test_a_restock_is_a_pack_or_a_few_not_an_extra_zero() -> None:
    assert parse_restock_units("5000") == 5000
    with pytest.raises(InvalidInput, match=r"^units: must be a number above 0 and at most 5000"):
        parse_restock_units("50000")


def test_restocks_cannot_pass_the_stock_a_person_could_type() -> None:
    kept = draft(stock="99000")
    assert restocked(kept, 1000) == 100000
    with pytest.raises(InvalidInput) as caught:
        restocked(kept, 1000.5)
    assert str(caught.value) == (
        "units: must be at most 1000: Magnesium bisglycinaat has 99000 and a stock can be at "
        "most 100000 (got '1000.5')"
    )
    assert restocked(draft(stock=None), 30) == 30  # not tracked before: tracked from now
