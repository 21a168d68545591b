"""What every Settings page is to the window: one contract, so the window lists its pages once.

The window loads every page from the same `Saved`, gathers their `pairs()` into one draft of
the settings (judged by core, as `bedtime config set` judges them), tells each page the draft
as it stands, and shows a mistake where a page says it belongs. Whatever a page keeps outside
the settings pairs (the supplements, the pause, start at login) it reports as `other_changes`.
"""

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from ...core.dosing import Supplement
from ...core.settings import Settings
from ..common.form_parts import Problem


@dataclass(frozen=True)
class Saved:
    """Everything the pages show, as it is saved now."""

    settings: Settings
    tonight: date
    paused_through: date | None  # the last paused night; None: not paused
    supplements: tuple[Supplement, ...]
    health_note_read: bool


class SettingsPage(QWidget):
    """One tab of the Settings window. TITLE names the tab (and the page, for screen readers)."""

    TITLE = ""
    edited = Signal()  # anything on the page changed: the window judges the form again

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Where each setting's mistake is explained, by its key; pages without fields that
        # can be wrong have none.
        self.problems: dict[str, Problem] = {}

    def load(self, saved: Saved) -> None:
        """Show SAVED, dropping whatever was typed and not saved."""
        raise NotImplementedError

    def pairs(self) -> dict[str, str]:
        """The page's settings as `bedtime config set` takes them: key → text."""
        return {}

    def problem_for(self, key: str) -> Problem | None:
        """Where on this page a mistake in setting KEY is explained; None if not here."""
        return self.problems.get(key)

    def show_draft(self, draft: Settings | None) -> None:
        """The settings as the form holds them now; None while one of them is a mistake."""

    def other_changes(self) -> bool:
        """Whether the page holds a change that is not in its pairs and is not saved yet."""
        return False
