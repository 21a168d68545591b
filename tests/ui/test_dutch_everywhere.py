"""Under Dutch, every text a person can see in the app is one of the catalog's Dutch texts.

The app is built in-process under `nl`, every window, dialog, menu and popup is opened, and
the texts of every widget are collected by walking the widget tree: labels, buttons, titles,
tooltips, placeholders, combo and tab texts, table headers and cells, and what a screen
reader is told. A text that fits no Dutch message (with its {placeholders} filled in any
way) was not marked for translation, or not translated.
"""

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from tools import translations

from bedtime import language
from tests.app_harness import FRI
from tests.conftest import SpawnDaemon
from tests.fakes import AMS, local

# Names and data that read the same in every language.
SAME_IN_EVERY_LANGUAGE = {"Bedtime", "English", "Nederlands", "Glycinate", "mg"}
PLACEHOLDER = re.compile(r"\\\{[a-z_]*\\\}|%\\\([a-z_]+\\\)[sdr]|%[sdr]")


def _dutch_patterns() -> re.Pattern[str]:
    texts = []
    for m in translations.read("nl"):
        if m.id:
            texts += list(m.string) if isinstance(m.string, tuple) else [m.string]
    alternatives = sorted(
        {PLACEHOLDER.sub(".+?", re.escape(t.replace("&&", "\0").replace("&", ""))) for t in texts},
        key=len,
        reverse=True,
    )
    return re.compile("(?:" + "|".join(alternatives) + ")", re.DOTALL)


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


def _is_dutch(text: str, dutch: re.Pattern[str]) -> bool:
    text = text.replace("&&", "\0").replace("&", "")
    for line in text.replace("<br>", "\n").splitlines():
        line = line.strip().strip("⚠ ")
        if not re.search(r"[A-Za-z]{2}", line) or line in SAME_IN_EVERY_LANGUAGE:
            continue
        if dutch.fullmatch(line) is None:
            return False
    return True


def untranslated(widgets: list[QWidget]) -> list[tuple[str, str]]:
    dutch = _dutch_patterns()
    found = []
    for widget in widgets:
        for where, text in texts_of(widget):
            if text and not _is_dutch(text, dutch):
                found.append((where, text))
    return sorted(set(found))


@pytest.fixture
def app_in_dutch(harness: Any, spawn_daemon: SpawnDaemon) -> Any:
    spawn_daemon()
    language.use("nl")
    h = harness(local(FRI, 22, 5))
    h.store.set_setting("notify_style", "popup")  # the reminder and a notice on screen
    h.add(stock=4)
    settings, _problems = h.store.settings()
    for night in (FRI - timedelta(days=2), FRI - timedelta(days=1)):  # history to show
        h.store.take("Glycinate", 1.5, local(night, 21, 50), AMS, settings)
    return h


def test_every_window_dialog_menu_and_popup_speaks_dutch(app_in_dutch: Any, qtbot: QtBot) -> None:
    app = app_in_dutch.start()
    qtbot.waitUntil(lambda: app.presenter.popup.isVisible(), timeout=3000)
    app.menu.refresh()
    for window in ("settings", "history"):
        app.show(window)
    app.open_morning(FRI, asked=True)
    widgets = [w for w in QApplication.allWidgets() if not w.isHidden() or isinstance(w, QMenu)]
    missing = untranslated(widgets)
    assert missing == [], "\n".join(f"{where}: {text!r}" for where, text in missing)
