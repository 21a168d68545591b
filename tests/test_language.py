"""The language Bedtime speaks: chosen from the setting and the environment, and Dutch
numbers, dates and plurals once chosen."""

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bedtime import language
from bedtime.core import settings as rules
from bedtime.core.date_text import day, moment
from bedtime.core.errors import InvalidInput, NotEnoughStock
from bedtime.core.values import parse_amount
from bedtime.core.wording import fmt_number, plain_number, plural


def test_the_setting_decides_unless_it_says_system() -> None:
    dutch_desktop = {"LANG": "nl_NL.UTF-8"}
    assert language.choose("en", dutch_desktop) == "en"
    assert language.choose("nl", {"LANG": "en_GB.UTF-8"}) == "nl"
    assert language.choose("system", dutch_desktop) == "nl"


@pytest.mark.parametrize(
    ("environ", "spoken"),
    [
        ({"LANG": "nl_NL.UTF-8"}, "nl"),
        ({"LANG": "nl_BE@euro"}, "nl"),
        ({"LC_MESSAGES": "nl_NL", "LANG": "en_US.UTF-8"}, "nl"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "nl_NL.UTF-8"}, "en"),  # LC_ALL comes first
        ({"LANGUAGE": "fr:nl", "LANG": "en_US.UTF-8"}, "nl"),  # the first it speaks
        ({"LANGUAGE": "fr", "LANG": "nl_NL.UTF-8"}, "en"),  # as gettext: LANGUAGE decides
        ({"LANGUAGE": "", "LANG": "nl_NL.UTF-8"}, "nl"),  # set but empty is unset
        ({"LANG": "C"}, "en"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
    ],
)
def test_system_follows_the_environment_as_gettext_does(
    environ: dict[str, str], spoken: str
) -> None:
    assert language.choose("system", environ) == spoken


def test_dutch_is_there_without_a_generated_locale() -> None:
    # Only the catalog file is read: nl_NL need not exist on the machine (it does not here).
    assert "nl" in language.available()
    language.use("nl")
    assert language.current() == "nl"
    assert language.native_name("nl") == "Nederlands"
    assert language.native_name("en") == "English"


def test_numbers_are_written_the_languages_way(dutch: None) -> None:
    assert [fmt_number(v) for v in (1.5, 200, 0.25, 1000)] == ["1,5", "200", "0,25", "1000"]
    assert plain_number(1.5) == "1.5"  # CSV: the same in every language


@pytest.mark.parametrize(
    ("text", "value"),
    [("1,5", 1.5), ("0,25", 0.25), ("1.000.000", 1000000), ("1.000,5", 1000.5), ("12", 12)],
)
def test_dutch_numbers_are_read(dutch: None, text: str, value: float) -> None:
    assert parse_amount("stock", text, positive=False) == value


def test_a_point_that_cannot_group_thousands_is_a_decimal_point_in_dutch(dutch: None) -> None:
    assert parse_amount("stock", "0.5", positive=False) == 0.5
    assert parse_amount("stock", "2.25", positive=False) == 2.25


@pytest.mark.parametrize(
    ("speak", "text", "one", "other"),
    [("nl", "1.000", "1000", "1"), ("nl", "1,500", "1,5", "1500"), ("en", "1,500", "1500", "1.5")],
)
def test_a_number_read_two_ways_is_refused_with_both_readings(
    speak: str, text: str, one: str, other: str
) -> None:
    language.use(speak)
    with pytest.raises(InvalidInput) as caught:
        parse_amount("stock", text, positive=False)
    words = str(caught.value).split()
    assert text in words and one in words and (other in words or f"{other}," in words), words


def test_english_reads_its_own_numbers() -> None:
    assert parse_amount("stock", "1,000.5", positive=False) == 1000.5
    assert parse_amount("stock", "0,5", positive=False) == 0.5  # a comma that cannot group
    assert parse_amount("stock", "0.500", positive=False) == 0.5  # no group starts with 0


def test_dutch_dates(dutch: None) -> None:
    assert day(date(2026, 11, 20)) == "vr 20 nov"
    assert day(date(2025, 3, 3), this_year=2026) == "ma 3 mrt 2025"
    now = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
    assert moment(datetime(2026, 11, 21, 21, 30, tzinfo=UTC), now) == "za 21:30"
    assert moment(datetime(2026, 12, 24, 22, 0, tzinfo=UTC), now) == "do 24 dec 22:00"


def test_plurals_0_1_2_in_both_languages() -> None:
    nights = [plural(n, "{n} night", "{n} nights") for n in (0, 1, 2)]
    assert nights == ["0 nights", "1 night", "2 nights"]
    assert plural(1.5, "{n} unit", "{n} units") == "1.5 units"
    language.use("nl")
    nights = [plural(n, "{n} night", "{n} nights") for n in (0, 1, 2)]
    assert nights == ["0 nachten", "1 nacht", "2 nachten"]
    assert plural(1.5, "{n} unit", "{n} units") == "1,5 stuks"
    assert str(NotEnoughStock("Citraat", 2, 1)) == (
        "nog maar 1 stuk Citraat over; deze dosis heeft er 2 nodig"
    )


def test_a_new_language_is_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A compiled catalog dropped into locale/ is a language the setting, the command line
    and Settings offer, with no code naming it."""
    for code in ("nl", "de"):  # a stand-in German: the Dutch catalog under another name
        folder = tmp_path / code / "LC_MESSAGES"
        folder.mkdir(parents=True)
        shutil.copy(language.LOCALE_DIR / "nl" / "LC_MESSAGES" / "bedtime.mo", folder)
    monkeypatch.setattr(language, "LOCALE_DIR", tmp_path)
    language.use("de")
    assert language.available() == ("en", "de", "nl")
    assert language.check("de") == "de"
    assert rules.apply(rules.Settings(), "language", "de").language == "de"
    assert language.choose("system", {"LANG": "de_DE.UTF-8"}) == "de"
    language.use("en")
    with pytest.raises(InvalidInput, match="system, en, de or nl"):
        language.check("fr")


@pytest.mark.parametrize("speak", ["en", "nl"])
def test_stored_amounts_read_back_the_same_in_every_language(speak: str) -> None:
    language.use(speak)
    settings = rules.Settings(target_mg=312.125, limit_mg=350.5)
    assert rules.from_pairs(rules.to_pairs(settings)) == (settings, [])
