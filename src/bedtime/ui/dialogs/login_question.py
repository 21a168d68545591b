"""The first run's one question: start Bedtime when you log in? Asked once, in its own window."""

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ...core.wording import N_, _
from ..common.icons import icon

QUESTION = N_("Start Bedtime when you log in?")
WHY = N_(
    "Reminders only come while Bedtime runs. Started at login, it waits quietly in the tray. "
    "You can change this any time in Settings › General."
)


class LoginQuestion(QDialog):
    answered = Signal(bool)  # True: yes; False: not now (also Esc or closing the window)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Start at login"))  # Qt adds " — Bedtime"
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        em = self.fontMetrics().height()
        picture = QLabel()
        picture.setPixmap(icon().pixmap(3 * em, 3 * em))
        picture.setAlignment(Qt.AlignmentFlag.AlignTop)
        question = QLabel(_(QUESTION))
        font = question.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        question.setFont(font)
        why = QLabel(_(WHY))
        why.setWordWrap(True)
        buttons = QDialogButtonBox()
        self.yes = buttons.addButton(_("&Yes"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.not_now = buttons.addButton(_("&Not now"), QDialogButtonBox.ButtonRole.RejectRole)
        self.yes.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        text = QVBoxLayout()
        text.addWidget(question)
        text.addWidget(why)
        row = QHBoxLayout()
        row.addWidget(picture)
        row.addSpacing(em)
        row.addLayout(text, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(em, em, em, em)
        layout.addLayout(row)
        layout.addSpacing(em // 2)
        layout.addWidget(buttons)
        self.setMinimumWidth(30 * em)
        self.finished.connect(lambda result: self.answered.emit(result == self.DialogCode.Accepted))
