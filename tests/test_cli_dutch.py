"""The command line in Dutch: chosen by `config set language nl`, or by the environment
with `language system`; its help, messages, errors, numbers and dates all Dutch."""

import pytest

from tests.support import Cli

FRIDAY_EVENING = "2026-11-20 21:00:00"


@pytest.fixture
def dutch_cli(cli: Cli) -> Cli:
    cli.at = FRIDAY_EVENING
    cli.ok("config", "set", "language", "nl")
    return cli


@pytest.fixture
def dutch_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Cli:
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    # No nl_NL locale need exist on the machine: Bedtime reads its own catalog.
    monkeypatch.setenv("LANG", "nl_NL.UTF-8")
    cli.at = FRIDAY_EVENING
    return cli


def test_the_setting_takes_effect_at_once(cli: Cli) -> None:
    cli.at = FRIDAY_EVENING
    assert cli.ok("status").out.startswith("Night of Fri 20 Nov: bedtime 23:00")
    cli.ok("config", "set", "language", "nl")
    assert cli.ok("status").out.startswith("Nacht van vr 20 nov: bedtijd 23:00")
    cli.ok("config", "set", "language", "en")
    assert cli.ok("status").out.startswith("Night of Fri 20 Nov")


@pytest.mark.parametrize("which", ["dutch_cli", "dutch_environment"])
def test_status_help_and_a_bad_value_in_dutch(which: str, request: pytest.FixtureRequest) -> None:
    cli: Cli = request.getfixturevalue(which)
    status = cli.ok("status").out
    assert "Nacht van vr 20 nov: bedtijd 23:00, herinnering 22:00 (60 min ervoor)" in status
    assert "Vanavond ingenomen: nog niet, 0 / 300 mg (limiet 350 mg)" in status
    refused = cli("config", "set", "offset", "20")
    assert refused.code == 2
    assert refused.err.strip() == (
        "bedtime: fout: offset: moet een heel aantal minuten van 30 tot en met 120 zijn "
        "(ingevuld: '20')"
    )
    usage = cli.ok("--help").out
    assert usage.startswith("gebruik: bedtime")
    assert "deze hulptekst tonen en stoppen" in usage
    assert "Geen medisch advies." in usage
    wrong = cli("tkae")
    assert (
        wrong.code == 2 and "bedtime: fout: argument COMMAND: ongeldige keuze: 'tkae'" in wrong.err
    )


def test_dutch_numbers_are_read_and_written(dutch_cli: Cli) -> None:
    added = dutch_cli.ok(
        "supplement",
        "add",
        "Citraat",
        "--mg-per-unit",
        "100",
        "--units-per-dose",
        "1,5",
        "--stock",
        "30",
        "--form",
        "citraat",
    )
    assert added.out.strip() == (
        "Citraat toegevoegd: 150 mg per dosis (1,5 × 100 mg, citraat), voorraad 30 (nog 20 nachten)"
    )
    taken = dutch_cli.ok("take", "--units", "0,5").out
    assert taken.startswith("0,5 × Citraat (50 mg) vastgelegd om 21:00, nacht van vr 20 nov")
    assert "Citraat: voorraad 29,5 (nog 19 nachten)" in taken
    both_ways = dutch_cli("supplement", "restock", "Citraat", "1.000")
    assert both_ways.code == 2
    assert "1.000 kan 1000 of 1 betekenen, dus typ 1000 of 1" in both_ways.err
    # What other programs read stays the same in every language.
    listing = dutch_cli.ok("supplement", "list", "--json").json()
    assert listing[0]["units_per_dose"] == 1.5


def test_plurals_in_dutch(dutch_cli: Cli) -> None:
    dutch_cli.ok("supplement", "add", "Citraat", "--mg-per-unit", "100", "--stock", "1")
    assert "voorraad 1 (nog 1 nacht)" in dutch_cli.ok("supplement", "list").out
    dutch_cli.ok("supplement", "restock", "Citraat", "1")
    assert "voorraad 2 (nog 2 nachten)" in dutch_cli.ok("supplement", "list").out


def test_only_a_language_with_a_catalog_can_be_chosen(cli: Cli) -> None:
    refused = cli("config", "set", "language", "de")
    assert refused.code == 2
    assert refused.err.strip() == ("bedtime: error: language: must be system, en or nl (got 'de')")
