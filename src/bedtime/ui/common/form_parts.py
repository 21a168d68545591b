"""Small building blocks the settings pages share: a problem line under a field, a hint."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFormLayout, QLabel, QLayout, QVBoxLayout, QWidget

from ...core.wording import _


class Problem(QLabel):
    """Why a field's value cannot be saved, shown right under it; hidden when there is none.

    Its room is kept while hidden, so a problem that comes or goes moves no field below it.
    ABOUT names the field in the text where the line is not right under it. Colour alone
    would not reach everyone: the text starts with a sign and the field's accessible
    description carries the same words for screen readers.
    """

    def __init__(self, field: QWidget, parent: QWidget | None = None, *, about: str = "") -> None:
        super().__init__(parent)
        self.field = field
        self.about = about
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setForegroundRole(self.foregroundRole())
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        reserve_lines(self, 2)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(
            "⚠ "
            + (_("{about}: {text}").format(about=self.about, text=text) if self.about else text)
        )
        self.field.setAccessibleDescription(text)
        self.show()

    def clear_problem(self) -> None:
        self.field.setAccessibleDescription("")
        if not self.isHidden():
            clear_keeping_room(self)


def reserve_lines(label: QLabel, lines: int) -> None:
    """Keep room for LINES lines of LABEL's text, shown or hidden: a message that comes and
    goes must not move the fields around it while the user is aiming at one."""
    label.setMinimumHeight(lines * QFontMetrics(label.font()).lineSpacing())
    policy = label.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    label.setSizePolicy(policy)


def clear_keeping_room(label: QLabel) -> None:
    """Hide LABEL's message, keeping the room it took: a message longer than `reserve_lines`
    kept room for made the window grow, and giving that back would shrink the window under
    the pointer or spread its contents out."""
    if label.isVisible():  # else it was never laid out, and its height means nothing
        label.setMinimumHeight(max(label.minimumHeight(), label.height()))
    label.hide()
    label.clear()


def hint(text: str) -> QLabel:
    """A line of context under a field, quieter than the field itself."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(label.palette().ColorRole.PlaceholderText)
    return label


def allowed_sentence(allowed: str) -> str:
    """ "must be a time …" as a sentence to show beside the field: "Must be a time …"."""
    return allowed[:1].upper() + allowed[1:] + ("" if allowed.endswith(".") else ".")


def field_block(*parts: QWidget | QLayout) -> QWidget:
    """A form's field with what belongs under it (its problem line, a hint), as one cell.

    Inputs keep their natural width; lines of text take the whole width and wrap.
    """
    holder = QWidget()
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(max(2, holder.fontMetrics().height() // 4))
    for part in parts:
        if isinstance(part, QLayout):
            column.addLayout(part)
        elif isinstance(part, QLabel):
            column.addWidget(part)
        else:
            column.addWidget(part, 0, Qt.AlignmentFlag.AlignLeft)
    return holder


def form_page(page: QWidget, rows: list[tuple[str, QWidget, QWidget]]) -> None:
    """Lay PAGE out as a form of (label text, the widget its mnemonic focuses, the cell)."""
    form = QFormLayout()
    for text, buddy, cell in rows:
        label = QLabel(text)
        label.setBuddy(buddy)
        form.addRow(label, cell)
    layout = QVBoxLayout(page)
    layout.addLayout(form)
    layout.addStretch(1)
