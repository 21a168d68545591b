"""Settings › General: start at login, language, and the data file (open, back up, export,
import). The data actions happen at once, like a menu command; they are not settings."""

import sqlite3
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ... import language
from ...app.companion import Companion
from ...core.errors import InvalidInput, NotChanged
from ...core.wording import N_, _
from ...desktop.launcher import INSTALL_HINT
from ...services.autostart import StartAtLogin
from ...services.file_manager import open_folder
from ..common.error_text import error_text
from ..common.form_parts import allowed_sentence, field_block, hint
from .page import Saved, SettingsPage

LOGIN_HINT = N_("Bedtime then waits in the tray, so the evening's reminder comes on its own.")
REPORT_LINES = 12  # of an import's report in its message; the rest is counted


class GeneralPage(SettingsPage):
    TITLE = N_("General")
    data_replaced = Signal()  # a backup was imported: everything shown must be read again

    def __init__(
        self,
        companion: Companion,
        start_at_login: StartAtLogin,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.companion = companion
        self.data_file, self._now = companion.data_file(), companion.clock.now()
        self.start_at_login = start_at_login
        self.message_box: QMessageBox | None = None
        self.login = QCheckBox(_("&Start Bedtime when I log in"))
        self.login.setAccessibleName(_("Start Bedtime when I log in"))
        self.login_hint = hint(_(LOGIN_HINT))
        self.language = QComboBox()
        self.language.setAccessibleName(_("Language"))
        self.language.addItem(_("System language"), language.SYSTEM)
        # Each language by its own name, as a person looking for theirs reads it.
        for code in language.available():
            self.language.addItem(language.native_name(code), code)

        self.folder_label = QLabel(str(self.data_file.parent))
        self.folder_label.setAccessibleName(_("Data folder"))
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.open_folder = QPushButton(_("&Open data folder"))
        self.backup_button = QPushButton(_("&Back up now…"))
        self.export_button = QPushButton(_("E&xport CSV…"))
        self.import_button = QPushButton(_("&Import a backup…"))
        for button in (
            self.open_folder,
            self.backup_button,
            self.export_button,
            self.import_button,
        ):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))

        form = QFormLayout()
        form.addRow(QLabel(_("Start at login")), field_block(self.login, self.login_hint))
        language_label = QLabel(_("&Language"))
        language_label.setBuddy(self.language)
        form.addRow(
            language_label,
            field_block(self.language, hint(_("A new language shows after Bedtime restarts."))),
        )
        data = QGroupBox(_("Your data"))
        grid = QGridLayout(data)
        grid.addWidget(self.folder_label, 0, 0, 1, 2)
        grid.addWidget(self.open_folder, 1, 0)
        grid.addWidget(self.backup_button, 1, 1)
        grid.addWidget(self.export_button, 2, 0)
        grid.addWidget(self.import_button, 2, 1)
        grid.addWidget(
            hint(_("Everything stays on this computer. A CSV file opens in any spreadsheet.")),
            3,
            0,
            1,
            2,
        )
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(data)
        layout.addStretch(1)

        self.login.toggled.connect(self.edited)
        self.language.currentIndexChanged.connect(self.edited)
        self.open_folder.clicked.connect(self._open_folder)
        self.backup_button.clicked.connect(self._back_up)
        self.export_button.clicked.connect(self._export)
        self.import_button.clicked.connect(self._import)

    def load(self, saved: Saved) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(saved.settings.language)))
        # Read from the system each time: the login entry is the truth, also when it was
        # deleted by hand or switched from the command line.
        possible = self.start_at_login.possible()
        self.login.setChecked(self.start_at_login.enabled())
        self.login.setEnabled(possible or self.login.isChecked())
        self.login_hint.setText(_(LOGIN_HINT if possible else INSTALL_HINT))

    def login_changed(self) -> bool:
        return self.login.isChecked() != self.start_at_login.enabled()

    def other_changes(self) -> bool:
        return self.login_changed()

    def apply_login(self) -> None:
        """Switch start at login as the box says; raises as StartAtLogin.set does."""
        if self.login_changed():
            self.start_at_login.set(self.login.isChecked())

    def pairs(self) -> dict[str, str]:
        return {"language": str(self.language.currentData())}

    # -- the data file ---------------------------------------------------------------------

    def _open_folder(self) -> None:
        open_folder(self.data_file.parent, self._folder_not_opened, self)

    def _folder_not_opened(self) -> None:
        """No file manager: say so, with the path ready to copy."""
        folder = str(self.data_file.parent)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            _("Open data folder"),
            _(
                "No file manager could open the data folder on this computer. This is where it "
                "is, to copy into a file manager or a terminal:\n\n{folder}"
            ).format(folder=folder),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message_box = box
        box.open()

    def _suggested(self, suffix: str) -> str:
        return str(Path.home() / f"bedtime-{self._now:%Y-%m-%d}{suffix}")

    def _back_up(self) -> None:
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Back up Bedtime's data"), self._suggested(".db"), _("Bedtime backup (*.db)")
        )
        if path:
            self._run(
                _("Backup"),
                lambda: self.companion.back_up(Path(path)),
                _("Saved to {file}.").format(file=path),
            )

    def _export(self) -> None:
        path, _chosen_filter = QFileDialog.getSaveFileName(
            self, _("Export to CSV"), self._suggested(".csv"), _("CSV file (*.csv)")
        )
        if path:
            self._run(
                _("Export"),
                lambda: self.companion.export_csv(Path(path)),
                _("Every night with a dose or a rating is in {file}.").format(file=path),
            )

    def _import(self) -> None:
        path, _chosen_filter = QFileDialog.getOpenFileName(
            self, _("Import a Bedtime backup"), str(Path.home()), _("Bedtime backup (*.db)")
        )
        if not path:
            return
        sure = QMessageBox.question(
            self,
            _("Import a backup"),
            _(
                "Replace all of Bedtime's data (settings, supplements, doses and ratings) with "
                "the backup's? A copy of the data as it is now is kept in the data folder."
            ),
        )
        if sure != QMessageBox.StandardButton.Yes:
            return
        self.import_button.setEnabled(False)
        importing = self.companion.import_backup(Path(path))
        self.destroyed.connect(importing.stop)  # see BackupImport
        self.progress = QProgressDialog(_("Checking the backup…"), _("Stop"), 0, 0, self)
        self.progress.setWindowTitle(_("Import a backup"))
        self.progress.setWindowModality(Qt.WindowModality.WindowModal)
        self.progress.setMinimumDuration(500)
        self.progress.setAutoReset(False)
        self.progress.setAutoClose(False)
        self.progress.canceled.connect(importing.stop)
        # Slots of this widget, so Qt runs them on the GUI thread (the import's thread emits).
        importing.progressed.connect(self._import_progressed)
        importing.succeeded.connect(self._imported)
        importing.failed.connect(self._import_failed)
        importing.start()

    @Slot(int, int)
    def _import_progressed(self, done: int, total: int) -> None:
        if self.progress.maximum() != total:
            self.progress.setMaximum(total)
        self.progress.setValue(done)
        if done == total:
            self.progress.setLabelText(_("Putting the backup's data in place…"))

    def _import_over(self) -> None:
        self.progress.canceled.disconnect()
        self.progress.close()
        self.import_button.setEnabled(True)

    @Slot(object, object)
    def _imported(self, kept: Path, report: list[str]) -> None:
        self._import_over()
        self.data_replaced.emit()
        text = _("The backup was imported. Your earlier data is at {kept}.").format(kept=kept)
        if report:
            shown = report[:REPORT_LINES]
            more = len(report) - len(shown)
            text += (
                "\n\n"
                + _(
                    "Some values were imported as they were, though Bedtime would not accept "
                    "them as new input, or were set right:"
                )
                + "\n"
                + "\n".join(f"• {line}" for line in shown)
                + ("\n" + _("…and {count} more.").format(count=more) if more else "")
            )
        QMessageBox.information(self, _("Import"), text)

    @Slot(object)
    def _import_failed(self, error: Exception) -> None:
        self._import_over()
        QMessageBox.warning(self, _("Import"), failure_text(error))

    def _run(self, title: str, action: Callable[[], object], done: str | None) -> bool:
        """Run ACTION; tell the user it worked (DONE) or, in one message, why it did not."""
        try:
            action()
        except (InvalidInput, NotChanged, OSError, sqlite3.Error) as error:
            QMessageBox.warning(self, title, failure_text(error))
            return False
        if done is not None:
            QMessageBox.information(self, title, done)
        return True


def failure_text(error: Exception) -> str:
    """Why a data action (backup, export, import) failed, in one message that says nothing
    was changed."""
    if isinstance(error, InvalidInput):
        return _("Nothing was changed. {why}").format(why=error_text(error))
    if isinstance(error, NotChanged):  # its message already says that nothing was changed
        return allowed_sentence(str(error))
    return _("Nothing was changed: {error}").format(error=error)
