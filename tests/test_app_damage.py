"""The tray app started on a damaged data file: the person is told, in the app, what was kept.

A real damaged file (an index entry changed, which only integrity_check sees), the real
opening and recovery, and the notification through python-dbusmock's daemon.
"""

from pathlib import Path

from pytestqt.qtbot import QtBot

from bedtime.app.tray_app import BedtimeApp
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.app_harness import FRI, notify_calls
from tests.conftest import SpawnDaemon
from tests.fakes import FakeClock, local, login_in
from tests.store.test_damage import index_damage
from tests.store.test_database import moved_aside, populate


def test_the_tray_app_says_where_the_damaged_file_went_and_what_was_saved(
    tmp_path: Path, spawn_daemon: SpawnDaemon, qtbot: QtBot
) -> None:
    daemon = spawn_daemon().obj
    path = tmp_path / "data" / "bedtime.db"
    logged = populate(path, 400)
    index_damage(path)

    opened = open_database(path)  # as app.run opens it
    app = BedtimeApp()
    app.attach(
        Store(opened.conn), FakeClock(local(FRI, 12)), login_in(tmp_path / "config"), opened.notices
    )
    app.errors.restore()
    try:
        [moved] = moved_aside(path.parent)

        def told() -> list[str]:
            return [call[1][4] for call in notify_calls(daemon) if str(moved) in call[1][4]]

        qtbot.waitUntil(lambda: len(told()) == 1, timeout=3000)
        [body] = told()
        assert body.startswith(f"The data file {path} was damaged; it was moved to {moved}")
        assert "400 doses, 1 supplement" in body
        assert [i.uid for i in app.companion.store.intakes()] == logged
    finally:
        app.shutdown()
        app.deleteLater()
        opened.conn.close()
