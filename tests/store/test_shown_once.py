"""Notes shown once per data file, on a real file."""

from datetime import UTC, datetime, timedelta

from bedtime.store.repository import Store

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def test_a_note_is_shown_once(store: Store) -> None:
    assert not store.was_shown("health")
    store.mark_shown("health", NOW)
    store.mark_shown("health", NOW + timedelta(days=1))
    assert store.was_shown("health")
    assert not store.was_shown("login")
