"""The sleep diary on a real file: one entry a night, replaced, deleted and put back."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta

from bedtime.core.diary import DiaryEntry
from bedtime.store.repository import Store

NOW = datetime(2026, 11, 21, 8, 0, tzinfo=UTC)
FRI = date(2026, 11, 20)
AMS = "Europe/Amsterdam"


def test_an_entry_reads_back_whole_and_a_second_rating_replaces_it(store: Store) -> None:
    # Every field set: quality, latency, awakenings, minutes awake, in bed, woke, note.
    entry = DiaryEntry(FRI, AMS, 4, 15, 1, 10, time(23, 5), time(6, 40), "late tea")
    store.rate(entry, NOW)
    assert store.diary() == [entry]
    better = replace(entry, quality=5, note=None)
    store.rate(better, NOW + timedelta(minutes=1))
    assert store.diary() == [better]
    assert store.morning_state(FRI).rated


def test_entries_come_oldest_first_within_the_nights_asked_for(store: Store) -> None:
    nights = [FRI, FRI - timedelta(days=2), FRI - timedelta(days=1)]
    for night in nights:
        store.rate(DiaryEntry(night, AMS, 3), NOW)
    assert [e.night for e in store.diary()] == sorted(nights)
    assert [e.night for e in store.diary(FRI - timedelta(days=1), FRI)] == sorted(nights)[1:]
    latest = store.latest_rating()
    assert latest is not None and latest.night == FRI


def test_a_rating_is_deleted_and_put_back(store: Store) -> None:
    entry = DiaryEntry(FRI, AMS, 4, latency_min=15)
    store.rate(entry, NOW)
    assert store.delete_rating(FRI) == entry
    assert store.diary() == []
    assert store.latest_rating() is None
    assert store.delete_rating(FRI) is None
    store.rate(entry, NOW)
    assert store.diary() == [entry]
