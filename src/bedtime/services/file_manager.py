"""Opening a folder in the desktop's file manager, and knowing when that did not happen.

Qt's `QDesktopServices.openUrl` on Linux starts `xdg-open` and reports success as soon as it
has started, so a machine without a file manager opened nothing and said nothing. There the
folder is opened through `xdg-open` directly and its exit status is read (0 opened; 3 "no
method available", 4 the program failed). Elsewhere Qt's answer is the answer.
"""

import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QProcess, QUrl
from PySide6.QtGui import QDesktopServices


def open_folder(folder: Path, failed: Callable[[], None], parent: QObject) -> None:
    """Show FOLDER in a file manager; call FAILED (later, on Linux) if none could."""
    opener = shutil.which("xdg-open") if sys.platform.startswith("linux") else None
    if opener is None:
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            failed()
        return
    process = QProcess(parent)
    # Its complaints ("www-browser: not found") are for a terminal; the user gets a sentence.
    process.setStandardOutputFile(QProcess.nullDevice())
    process.setStandardErrorFile(QProcess.nullDevice())

    def finished(code: int, status: QProcess.ExitStatus) -> None:
        process.deleteLater()
        if status != QProcess.ExitStatus.NormalExit or code != 0:
            failed()

    def not_started(error: QProcess.ProcessError) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            process.deleteLater()
            failed()

    process.finished.connect(finished)
    process.errorOccurred.connect(not_started)
    process.start(opener, [str(folder)])
