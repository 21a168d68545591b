"""Supplements on a real file: found by name in any case, kept apart by name, restocked and
retired without touching the doses already logged."""

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.errors import InvalidInput
from bedtime.core.settings import Settings
from bedtime.store.repository import Store

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def test_with_none_added_the_message_says_how_to_add_one(store: Store) -> None:
    with pytest.raises(InvalidInput, match="none added yet; add one with: bedtime supplement"):
        store.supplement(None)


def test_the_only_one_needs_no_name_and_several_need_one(store: Store) -> None:
    citrate = store.add_supplement(MG, NOW)
    assert store.supplement(None) == citrate
    taurate = store.add_supplement(replace(MG, name="Taurate"), NOW)
    with pytest.raises(InvalidInput, match="you have several; name one of: Mg citrate, Taurate"):
        store.supplement(None)
    assert store.supplement("  TAURATE ") == taurate
    with pytest.raises(InvalidInput, match="must be one of: Mg citrate, Taurate"):
        store.supplement("Glycinate")


def test_a_name_already_there_in_any_case_is_refused(store: Store) -> None:
    store.add_supplement(MG, NOW)
    with pytest.raises(InvalidInput, match=r"must differ from the supplements you have"):
        store.add_supplement(replace(MG, name="MG CITRATE"), NOW)
    assert [s.name for s in store.supplements()] == ["Mg citrate"]


def test_a_restock_adds_to_the_stock(store: Store) -> None:
    store.add_supplement(MG, NOW)
    assert store.restock("mg citrate", 60).stock_units == 90
    assert store.supplements()[0].stock_units == 90


def test_a_retired_supplement_keeps_its_doses_and_frees_its_name(store: Store) -> None:
    store.add_supplement(MG, NOW)
    dose, _ = store.take(None, None, NOW, ZoneInfo("Europe/Amsterdam"), Settings())
    store.remove_supplement("Mg citrate", NOW)
    assert store.supplements() == []
    assert store.intakes() == [dose]
    again = store.add_supplement(MG, NOW)
    assert again.id != dose.supplement_id
