"""Small building blocks the settings pages share: a problem line under a field, a hint."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget


class Problem(QLabel):
    """Why a field's value cannot be saved, shown right under it; hidden when there is none.

    Colour alone would not reach everyone: the text starts with a sign and the field's
    accessible description carries the same words for screen readers.
    """

    def __init__(self, field: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setForegroundRole(self.foregroundRole())
        font = self.font()
        font.setBold(True)
        self.setFont(font)
        self.hide()

    def say(self, text: str) -> None:
        self.setText(f"⚠ {text}")
        self.field.setAccessibleDescription(text)
        self.show()

    def clear_problem(self) -> None:
        self.clear()
        self.field.setAccessibleDescription("")
        self.hide()


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
