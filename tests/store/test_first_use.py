"""When use began, on a real file: the first instant, recorded once, and the first night
anything was logged."""

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Supplement
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.store.conftest import read_only

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
FRI = date(2026, 11, 20)
MG = Supplement(0, "Mg citrate", "citrate", 100, 2, 30, 7)


def test_first_use_is_recorded_once_when_first_asked_for(store: Store) -> None:
    assert store.first_use(NOW) == NOW
    assert store.first_use(NOW + timedelta(days=2)) == NOW


def test_first_use_of_an_older_file_is_its_earliest_logged_instant(tmp_path: Path) -> None:
    """A file from before first use was recorded: the earliest moment anything was logged,
    never a night's date (the morning question's event is filed under the night before)."""
    store = Store(open_database(tmp_path / "bedtime.db").conn)
    early = NOW - timedelta(days=5, hours=3)
    store.record(FRI - timedelta(days=7), "asked", early + timedelta(hours=1))
    store.rate(DiaryEntry(FRI - timedelta(days=6), "Europe/Amsterdam", 3), early)
    store.add_supplement(MG, early + timedelta(days=1))
    assert store.first_use(NOW) == early
    # A copy of that file keeps the same answer.
    again = Store(open_database(tmp_path / "bedtime.db").conn)
    assert again.first_use(NOW + timedelta(days=30)) == early


def test_a_read_only_file_gives_the_same_first_use_without_recording_it(tmp_path: Path) -> None:
    path = tmp_path / "bedtime.db"
    writable = Store(open_database(path).conn)
    early = NOW - timedelta(days=3)
    writable.add_supplement(MG, early)
    writable.conn.close()
    before = path.read_bytes()
    shown = read_only(path)
    assert shown.first_use(NOW) == early
    assert shown.first_use(NOW - timedelta(days=9)) == NOW - timedelta(days=9)
    assert path.read_bytes() == before


def test_the_first_logged_night_is_the_first_with_a_dose_or_a_rating(store: Store) -> None:
    assert store.first_logged_night() is None
    store.rate(DiaryEntry(FRI - timedelta(days=3), "Europe/Amsterdam", 3), NOW)
    # Events are not doses or ratings: the morning question's own "asked" is no use of a night.
    store.record(FRI - timedelta(days=9), "asked", NOW)
    store.pause(FRI - timedelta(days=8), FRI - timedelta(days=8), NOW)
    assert store.first_logged_night() == FRI - timedelta(days=3)
