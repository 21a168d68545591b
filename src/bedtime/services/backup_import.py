"""Importing a backup off the GUI thread, with progress and a way to stop it.

Reading and judging a backup can take seconds on a large or hostile file; on the GUI thread
that would freeze the tray and its reminders. The work runs in a thread of its own with a
connection of its own (a SQLite connection belongs to the thread that uses it), and reports
back through signals, which Qt delivers on the GUI thread.

An import belongs to the app, not to the window that started it: the thread may still emit
after the window is gone, and a signal of a deleted object raises in the thread. The window
stops it when it goes (no one is left to see the outcome); the import ends, emits into no
receiver, and deletes itself.
"""

import logging
import sqlite3
import threading
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, Signal, Slot

from ..core.errors import InvalidInput, NotChanged
from ..core.wording import _
from ..store.backup import Imported, import_backup
from ..store.backup_reader import Stopped
from ..store.database import StoreError, open_database

log = logging.getLogger(__name__)


class BackupImport(QObject):
    """One import of SOURCE into DATA_FILE; start() returns at once. It lives until it has
    ended, then deletes itself."""

    progressed = Signal(int, int)  # rows read and judged, rows in all
    # Where the data as it was is kept, and what was set right or left out (lines to show).
    succeeded = Signal(object, object)  # Path, list[str]
    failed = Signal(object)  # the exception: InvalidInput, NotChanged, OSError, …

    def __init__(self, source: Path, data_file: Path) -> None:
        super().__init__(QCoreApplication.instance())
        self.source, self.data_file = source, data_file
        self._stop = threading.Event()
        # A daemon thread: quitting Bedtime mid-import must not wait for it. The import's one
        # transaction is then simply not committed, and the next start sweeps its scratch copy.
        self._thread = threading.Thread(target=self._run, name="backup-import", daemon=True)

    def start(self) -> None:
        # Connected last, so the receivers connected before start() get the outcome before
        # the import is deleted: an outcome queued behind the deletion was seen to be lost.
        self.succeeded.connect(self.deleteLater)
        self.failed.connect(self.deleteLater)
        self._thread.start()

    @Slot()
    def stop(self) -> None:
        """Stop before anything is changed (too late once the data is being replaced)."""
        self._stop.set()

    def running(self) -> bool:
        return self._thread.is_alive()

    def _run(self) -> None:
        try:
            conn = open_database(self.data_file).conn
            try:
                imported: Imported = import_backup(
                    conn,
                    self.source,
                    self.data_file,
                    progress=self.progressed.emit,
                    stop=self._stop.is_set,
                )
            finally:
                conn.close()
        except Stopped:
            self.failed.emit(NotChanged(_("the import was stopped. Nothing was changed.")))
            return
        except StoreError as error:  # its message says that nothing was changed, and why
            self.failed.emit(NotChanged(str(error)))
            return
        except (InvalidInput, OSError, sqlite3.Error) as error:
            self.failed.emit(error)
            return
        except Exception as error:  # a thread's exception would reach no one: log and say it
            log.exception("the import of %s failed", self.source)
            self.failed.emit(error)
            return
        self.succeeded.emit(imported.kept, imported.report)
