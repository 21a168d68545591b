"""The messages every refusal and mistake is told in."""

from bedtime.core.errors import InvalidInput, NotEnoughStock


def test_nothing_typed_is_not_echoed() -> None:
    for got in ("", "   "):
        message = str(InvalidInput("Name", "must be 1 to 80 characters", got))
        assert message == "Name: must be 1 to 80 characters"
    assert str(InvalidInput("offset", "must be 30 to 120", "9")) == (
        "offset: must be 30 to 120 (got '9')"
    )


def test_units_left_are_counted_in_words() -> None:
    assert str(NotEnoughStock("Magnesium citrate", 2, 1)) == (
        "only 1 unit of Magnesium citrate left; this dose needs 2"
    )
    assert str(NotEnoughStock("Glycinate", 1, 0.5)).startswith("only 0.5 units of Glycinate")
