"""Under Dutch, every text a person can see in the app is one of the catalog's Dutch texts.

The app is built in-process under `nl`, every window, dialog, menu and popup is opened, and
the texts of every widget are collected by walking the widget tree: labels, buttons, titles,
tooltips, placeholders, combo and tab texts, table headers and cells, and what a screen
reader is told. A text that fits no Dutch message (with its {placeholders} filled in any
way) was not marked for translation, or not translated.
"""

import re
from collections.abc import Iterator
from datetime import time, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from tools import translations

from bedtime import language
from bedtime.app import qt_language
from bedtime.core.diary import DiaryEntry
from bedtime.core.trial_plan import Arm, Trial, TrialPlan
from bedtime.ui.dialogs.earlier_dialog import EarlierDialog
from bedtime.ui.dialogs.login_question import LoginQuestion
from bedtime.ui.history.dose_dialog import DoseDialog
from bedtime.ui.history.trial_start_dialog import TrialStartDialog
from bedtime.ui.settings.supplement_dialog import SupplementDialog
from bedtime.ui.tray.no_tray_window import NoTrayWindow
from tests.app_harness import FRI
from tests.conftest import SpawnDaemon
from tests.fakes import AMS, local

# Names and data that read the same in every language, and Qt's names of shortcut keys.
SAME_IN_EVERY_LANGUAGE = {"Bedtime", "English", "Nederlands", "Glycinate", "glycinate", "mg"}
SAME_IN_EVERY_LANGUAGE |= {"Ctrl", "Shift", "Del", "Alt"}
# A placeholder in an escaped message: {name} of str.format, %(name)s and %s of argparse.
PLACEHOLDER = re.compile(r"\\\{[a-z_]*\\\}|%\\\([a-z_]+\\\)[sdr]|%[sdr]")
DUTCH = [
    text.replace("&&", "\0").replace("&", "")
    for m in translations.read("nl")
    if m.id
    for text in (m.string if isinstance(m.string, tuple) else (m.string,))
]
# The one-word Dutch messages (day and month names, "Vanavond"), for texts the code puts
# together from them.
DUTCH_WORDS = {text for text in DUTCH if re.fullmatch(r"[^\W\d_]+", text)}


def _dutch_patterns() -> re.Pattern[str]:
    """Every Dutch text of the catalog, its placeholders matching anything. A message that
    is nearly all placeholders ("{field}: {allowed}") would match English too: it is left
    out, and a text made of such parts is checked part by part instead (see _line_is_dutch)."""
    alternatives = set()
    for text in DUTCH:
        escaped = re.escape(text)
        literal = PLACEHOLDER.sub("", escaped)
        if literal != escaped and len(re.findall(r"[^\W\d_]", literal)) < 3:
            continue
        alternatives.add(PLACEHOLDER.sub(".+?", escaped))
        # A message of two lines also reads as one (a screen reader's description).
        alternatives.add(PLACEHOLDER.sub(".+?", re.escape(text.replace("\n", " "))))
    ordered = sorted(alternatives, key=len, reverse=True)
    return re.compile("(?:" + "|".join(ordered) + ")", re.DOTALL)


def _model_texts(model: QAbstractItemModel | None) -> Iterator[str]:
    if model is None:
        return
    for section in range(model.columnCount()):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            yield str(model.headerData(section, Qt.Orientation.Horizontal, role) or "")
    for row in range(min(model.rowCount(), 20)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                yield str(model.data(index, role) or "")


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything WIDGET shows or tells a screen reader."""
    where = f"{type(widget).__name__} {widget.objectName()}".strip()
    yield where, widget.windowTitle() if widget.isWindow() else ""
    yield where, widget.toolTip()
    yield where, widget.accessibleName()
    yield where, widget.accessibleDescription()
    if isinstance(widget, QLabel):
        yield where, widget.text()
    if isinstance(widget, QAbstractButton):
        yield where, widget.text()
    if isinstance(widget, QLineEdit):
        yield where, widget.placeholderText()
    if isinstance(widget, QPlainTextEdit):
        yield where, widget.toPlainText()
    if isinstance(widget, QGroupBox):
        yield where, widget.title()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield where, widget.itemText(i)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield where, widget.tabText(i)
            yield where, widget.tabToolTip(i)
    if isinstance(widget, QAbstractItemView):
        for text in _model_texts(widget.model()):
            yield where, text
    for action in widget.actions():
        yield f"{where} action", action.text()
        yield f"{where} action", action.toolTip() if action.toolTip() != action.text() else ""
    if isinstance(widget, QMenu):
        yield where, widget.title()


# How the code joins translated parts into one text ("offset: moet …", "21:49 · 71 min").
JOINS = re.compile(r": | · | — | – |; |, | \(|\)")


def _is_dutch(text: str, dutch: re.Pattern[str]) -> bool:
    text = text.replace("&&", "\0").replace("&", "")
    if dutch.fullmatch(text):  # a message of several lines
        return True
    lines = text.replace("<br>", "\n").splitlines()
    return all(_line_is_dutch(line, dutch) for line in lines)


def _line_is_dutch(line: str, dutch: re.Pattern[str]) -> bool:
    line = line.strip().strip("⚠ ").strip()
    if not re.search(r"[^\W\d_]{2}", line) or line in SAME_IN_EVERY_LANGUAGE:
        return True
    if line.startswith("/"):  # a path: the data folder
        return True
    # A label starts a sentence ("Slecht" for "slecht"); Qt drops an action's "…" in its
    # tooltip.
    candidates = {line, line[:1].lower() + line[1:], line + "…"}
    if any(dutch.fullmatch(c) for c in candidates):
        return True
    parts = [part for part in JOINS.split(line) if part.strip()]
    if len(parts) > 1 and all(_line_is_dutch(part, dutch) for part in parts):
        return True
    # Figures the code puts together ("1,5 × Glycinate", "100 mg", "do 19 nov", "Ctrl+R"):
    # only numbers, names and words the Dutch catalog has on their own.
    words = re.findall(r"[^\W\d_]{2,}", line)
    return all(word in SAME_IN_EVERY_LANGUAGE or word in DUTCH_WORDS for word in words)


def untranslated(widgets: list[QWidget]) -> list[tuple[str, str]]:
    dutch = _dutch_patterns()
    found = []
    for widget in widgets:
        for where, text in texts_of(widget):
            if text and not _is_dutch(text, dutch):
                found.append((where, text))
    return sorted(set(found))


@pytest.fixture
def app_in_dutch(harness: Any, spawn_daemon: SpawnDaemon) -> Iterator[Any]:
    spawn_daemon()
    language.use("nl")
    default_locale = QLocale()
    translator = qt_language.speak(QApplication.instance())
    h = harness(local(FRI, 22, 5))
    h.store.set_setting("notify_style", "popup")  # the reminder and a notice on screen
    h.add(stock=4)
    settings, _problems = h.store.settings()
    for night in (FRI - timedelta(days=2), FRI - timedelta(days=1)):  # history to show
        h.store.take("Glycinate", 1.5, local(night, 21, 50), AMS, settings)
    yield h
    if translator is not None:
        QApplication.removeTranslator(translator)
    QLocale.setDefault(default_locale)


def test_every_window_dialog_menu_and_popup_speaks_dutch(app_in_dutch: Any, qtbot: QtBot) -> None:
    # Only what this test opens: earlier tests may leave English widgets behind.
    before = set(QApplication.allWidgets())
    app = app_in_dutch.start()
    qtbot.waitUntil(lambda: app.presenter.popup.isVisible(), timeout=3000)
    app.menu.refresh()
    for window in ("settings", "history"):
        app.show(window)
    app.open_morning(FRI, asked=True)
    # The dialogs opened from those windows and the tray, shown as they would be.
    supplement = app_in_dutch.store.supplements()[0]
    settings, _problems = app_in_dutch.store.settings()
    dialogs = [
        SupplementDialog(existing=supplement, limit_mg=settings.limit_mg),
        SupplementDialog(limit_mg=settings.limit_mg),
        DoseDialog(app_in_dutch.store.intakes()[0], settings, local(FRI, 22, 5)),
        EarlierDialog(time(21, 30)),
        LoginQuestion(),
        NoTrayWindow(app.menu),
    ]
    for dialog in dialogs:
        dialog.show()
    try:
        widgets = [
            w
            for w in QApplication.allWidgets()
            if w not in before and (not w.isHidden() or isinstance(w, QMenu))
        ]
        seen = {text for widget in widgets for _where, text in texts_of(widget)}
        # Every one of them was there to be read.
        assert {"Instellingen", "Geschiedenis", "Hoe heb je geslapen?", "Inname bewerken"} <= seen
        assert {"Supplement toevoegen", "Ik heb het al eerder ingenomen", "Meer"} <= seen
        missing = untranslated(widgets)
        assert missing == [], "\n".join(f"{where}: {text!r}" for where, text in missing)
    finally:
        for dialog in dialogs:
            dialog.close()
            dialog.deleteLater()


def test_the_trial_window_its_start_dialog_and_an_off_night_speak_dutch(
    app_in_dutch: Any, qtbot: QtBot
) -> None:
    # A trial in its fifth week, Friday an off night past its wash-in: two complete pairs
    # rated (the answer's sentences and figures), the doses of the fixture's two nights
    # deviations, and a time to fall asleep now and then.
    start = FRI - timedelta(days=31)
    seed = next(s for s in range(100) if TrialPlan(start, 7, 8, 3, s).arms[4] is Arm.OFF)
    plan = TrialPlan(start, 7, 8, 3, seed)
    store = app_in_dutch.store
    store.start_trial(Trial(plan, local(start, 12), "Europe/Amsterdam"), start)
    for k in range(31):
        night = start + timedelta(days=k)
        on = plan.arms[k // 7] is Arm.ON
        store.rate(
            DiaryEntry(night, "Europe/Amsterdam", 4 if on else 3, 10 + k % 3 * 10),
            local(night + timedelta(days=1), 8),
        )
    before = set(QApplication.allWidgets())
    app = app_in_dutch.start()
    app.menu.refresh()
    app.show("trial")
    dialog = TrialStartDialog(app.companion)
    dialog.show()
    try:
        widgets = [
            w
            for w in QApplication.allWidgets()
            if w not in before and (not w.isHidden() or isinstance(w, QMenu))
        ]
        seen = {text for widget in widgets for _where, text in texts_of(widget)}
        assert "Nacht zonder magnesium (proef, week 5 van 16)" in seen  # the tray's menu
        assert "Proef" in seen and "Een proef starten" in seen
        assert any(t.startswith("Tussenstand, nog niet de uitkomst") for t in seen)
        assert any("De proef is niet geblindeerd" in t for t in seen)
        assert any(t.startswith("Periode 1 · ") for t in seen)  # the plan
        missing = untranslated(widgets)
        assert missing == [], "\n".join(f"{where}: {text!r}" for where, text in missing)
    finally:
        dialog.close()
        dialog.deleteLater()
