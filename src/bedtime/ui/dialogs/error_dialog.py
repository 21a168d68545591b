"""Told once per run when something inside Bedtime went wrong: where the log is, and the
details to copy into a report. Not modal: the reminders go on behind it."""

import html
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from ...core.wording import _


class ErrorDialog(QDialog):
    def __init__(self, details: str, log_file: Path | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.details = details
        self.setWindowTitle(_("Something went wrong"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        em = self.fontMetrics().height()
        self.setMinimumWidth(28 * em)
        where = (
            _("The details are in Bedtime's log:<br><b>{file}</b>").format(
                file=html.escape(str(log_file))
            )
            if log_file is not None
            else _("Bedtime could not write its log, so the details are only here.")
        )
        self.message = QLabel(
            _(
                "Bedtime ran into an error it did not expect. It keeps running and your "
                "reminders still come.<br><br>{where}<br><br>If it happens again, please copy "
                "the details into a bug report."
            ).format(where=where)
        )
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        warning = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize)
        warning.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(_("&Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self._copy)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.setSpacing(em)
        top.addWidget(warning, alignment=Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.setSpacing(em)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def _copy(self) -> None:
        QGuiApplication.clipboard().setText(self.details)
        self.copy_button.setText(_("Copied"))
