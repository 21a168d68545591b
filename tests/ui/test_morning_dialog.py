from collections.abc import Callable, Iterator
from datetime import date, time

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from bedtime.core.diary import DiaryEntry
from bedtime.ui.dialogs.morning_dialog import MorningDialog

NIGHT = date(2026, 11, 21)  # a Saturday
ZONE = "Europe/Amsterdam"

Events = list[tuple[object, ...]]


@pytest.fixture(autouse=True)
def english_dates() -> Iterator[None]:
    # The subtitle names the night in the user's locale; pin one so the text is checkable.
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


@pytest.fixture
def open_dialog(qtbot: QtBot) -> Callable[..., tuple[MorningDialog, Events]]:
    """A shown, active dialog and the list of every signal it emits, in order."""

    def make(**options: object) -> tuple[MorningDialog, Events]:
        dialog = MorningDialog(NIGHT, ZONE, **options)  # type: ignore[arg-type]
        qtbot.addWidget(dialog)
        events: Events = []
        dialog.rated.connect(lambda entry: events.append(("rated", entry)))
        dialog.later.connect(lambda: events.append(("later",)))
        dialog.dismissed.connect(lambda: events.append(("dismissed",)))
        # Shortcuts and focus only work in the active window.
        with qtbot.waitActive(dialog):
            dialog.show()
            dialog.activateWindow()
        return dialog, events

    return make


DETAILS = ("in_bed", "latency_min", "awakenings", "awake_min", "final_wake", "note")


def field(dialog: MorningDialog, attribute: str) -> QLineEdit:
    """A detail's entry field, found by its diary name as a script or an accessibility tool
    would find it."""
    edit = dialog.findChild(QLineEdit, attribute)
    assert edit is not None, attribute
    return edit


def fields(dialog: MorningDialog) -> list[QLineEdit]:
    return [field(dialog, attribute) for attribute in DETAILS]


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def test_one_click_rates_the_night_and_closes(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.rating_buttons[4])
    assert events == [("rated", DiaryEntry(NIGHT, ZONE, 4))]
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_keyboard_shortcut_rates(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    qtbot.keyClick(dialog, Qt.Key.Key_2)
    qtbot.waitUntil(lambda: bool(events))  # a shortcut animates the click first
    assert events == [("rated", DiaryEntry(NIGHT, ZONE, 2))]
    assert not dialog.isVisible()


def test_rating_buttons_are_big_focusable_and_named(open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    assert sorted(dialog.rating_buttons) == [1, 2, 3, 4, 5]
    for quality, label in ((1, "Very poor"), (3, "Fair"), (5, "Very good")):
        button = dialog.rating_buttons[quality]
        assert button.height() >= 56
        assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
        assert label in button.text()
        assert label in button.accessibleName()
        assert button.shortcut().toString() == str(quality)
    assert dialog.windowTitle() == "How did you sleep?"
    assert dialog.subtitle.text() == "Night of Sat 21 Nov"
    assert dialog.windowFlags() & Qt.WindowType.Dialog


def test_arrow_keys_move_focus_without_answering(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog(existing=DiaryEntry(NIGHT, ZONE, 3))
    assert dialog.rating_buttons[3].hasFocus()
    qtbot.keyClick(dialog.rating_buttons[3], Qt.Key.Key_Right)
    qtbot.wait(200)  # long enough for an animated click to land
    assert events == []
    assert dialog.rating_buttons[4].hasFocus()
    assert dialog.rating_buttons[3].isChecked()


def test_more_then_save_gives_every_item(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    assert not dialog.save_button.isVisible()
    click(qtbot, dialog.more_button)
    assert dialog.save_button.isVisible()
    assert not dialog.save_button.isEnabled()  # nothing to save without a rating

    click(qtbot, dialog.rating_buttons[2])
    assert events == []
    assert dialog.isVisible()
    assert dialog.rating_buttons[2].isChecked()

    # Digits typed into a field are text, not rating shortcuts.
    for attribute, text in (
        ("in_bed", "23:15"),
        ("latency_min", "25"),
        ("awakenings", "3"),
        ("awake_min", "40"),
        ("final_wake", "6:50"),
        ("note", "  late coffee  "),
    ):
        qtbot.keyClicks(field(dialog, attribute), text)
    assert dialog.rating_buttons[2].isChecked()
    assert events == []

    click(qtbot, dialog.save_button)
    assert events == [
        (
            "rated",
            DiaryEntry(
                NIGHT,
                ZONE,
                2,
                latency_min=25,
                awakenings=3,
                awake_min=40,
                in_bed=time(23, 15),
                final_wake=time(6, 50),
                note="late coffee",
            ),
        )
    ]
    assert not dialog.isVisible()


def test_empty_items_are_not_answered(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[5])
    qtbot.keyClicks(field(dialog, "awakenings"), "0")
    qtbot.keyClicks(field(dialog, "note"), "   ")
    click(qtbot, dialog.save_button)
    assert events == [("rated", DiaryEntry(NIGHT, ZONE, 5, awakenings=0))]


@pytest.mark.parametrize("typed", ["lots", "2000", "-5"])
def test_invalid_minutes_are_named_and_nothing_is_sent(
    qtbot: QtBot, open_dialog: Callable, typed: str
) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[3])
    latency = field(dialog, "latency_min")
    qtbot.keyClicks(latency, typed)
    click(qtbot, dialog.save_button)

    assert events == []
    assert dialog.isVisible()
    assert dialog.error_label.isVisible()
    message = dialog.error_label.text()
    assert message.startswith("Minutes to fall asleep: ")
    assert "0 to 1440" in message
    assert repr(typed) in message
    assert latency.hasFocus()

    latency.clear()
    qtbot.keyClicks(latency, "20")
    assert not dialog.error_label.isVisible()
    click(qtbot, dialog.save_button)
    assert events == [("rated", DiaryEntry(NIGHT, ZONE, 3, latency_min=20))]


def test_a_mistake_shown_or_cleared_moves_nothing(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, _ = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[3])
    latency = field(dialog, "latency_min")
    widgets = [*fields(dialog), dialog.save_button]

    def places() -> list[object]:
        QApplication.processEvents()
        return [w.mapTo(dialog, w.rect().topLeft()) for w in widgets] + [dialog.size()]

    before = places()
    qtbot.keyClicks(latency, "soon")
    click(qtbot, dialog.save_button)
    assert dialog.error_label.isVisible()
    assert places() == before
    qtbot.keyClicks(latency, "!")
    assert not dialog.error_label.isVisible()
    assert places() == before


def test_a_message_longer_than_its_room_keeps_that_room_once_cleared(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    """Several mistakes need more lines than are kept free: the window grows once, and when
    the message clears the room stays, so nothing spreads out or moves."""
    dialog, _ = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[3])
    for attribute, text in (
        ("in_bed", "25:00"),
        ("latency_min", "soon"),
        ("awakenings", "two"),
        ("awake_min", "lots"),
    ):
        qtbot.keyClicks(field(dialog, attribute), text)
    widgets = [dialog.subtitle, *dialog.rating_buttons.values(), *fields(dialog)]
    widgets += [dialog.save_button, dialog.more_button]

    def places() -> list[object]:
        QApplication.processEvents()
        return [w.mapTo(dialog, w.rect().topLeft()) for w in widgets] + [dialog.size()]

    click(qtbot, dialog.save_button)
    assert dialog.error_label.text().count("\n") == 3
    shown = places()
    qtbot.keyClicks(field(dialog, "latency_min"), "!")
    assert not dialog.error_label.isVisible()
    assert places() == shown


def test_invalid_time_is_named(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[3])
    qtbot.keyClicks(field(dialog, "final_wake"), "25:00")
    click(qtbot, dialog.save_button)
    assert events == []
    assert dialog.error_label.text().startswith("Time of final awakening: ")
    assert "HH:MM" in dialog.error_label.text()


def test_folded_away_mistake_is_shown_not_sent(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    qtbot.keyClicks(field(dialog, "awake_min"), "all night")
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[1])
    assert events == []
    assert dialog.isVisible()
    assert dialog.more_button.isChecked()
    assert dialog.error_label.text().startswith("Minutes awake during the night: ")


def test_items_that_contradict_each_other_are_named_and_nothing_is_sent(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    click(qtbot, dialog.rating_buttons[3])
    qtbot.keyClicks(field(dialog, "in_bed"), "23:00")
    woke = field(dialog, "final_wake")
    qtbot.keyClicks(woke, "22:00")
    click(qtbot, dialog.save_button)

    assert events == []
    assert dialog.isVisible()
    assert dialog.error_label.text() == (
        "Time of final awakening (22:00) must be after time got into bed (23:00) and at most "
        "16 hours later (as given, 23 hours in bed)"
    )
    assert woke.hasFocus()

    woke.clear()
    qtbot.keyClicks(woke, "07:00")  # across midnight: fine
    assert not dialog.error_label.isVisible()
    click(qtbot, dialog.save_button)
    assert events == [
        ("rated", DiaryEntry(NIGHT, ZONE, 3, in_bed=time(23, 0), final_wake=time(7, 0)))
    ]


def test_latency_longer_than_the_night_is_named_with_the_times(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.more_button)
    for attribute, typed in (("in_bed", "23:00"), ("final_wake", "07:00"), ("latency_min", "600")):
        qtbot.keyClicks(field(dialog, attribute), typed)
    click(qtbot, dialog.rating_buttons[2])
    click(qtbot, dialog.save_button)
    assert events == []
    assert dialog.error_label.text() == (
        "Minutes to fall asleep (600 minutes) is longer than the time in bed "
        "(8 hours, 23:00 to 07:00)"
    )
    assert field(dialog, "latency_min").hasFocus()


def test_a_saved_contradiction_must_be_mended_before_saving(
    qtbot: QtBot, open_dialog: Callable
) -> None:
    # Entries saved before the check: the quick path cannot save them again as they are.
    saved = DiaryEntry(NIGHT, ZONE, 4, awakenings=0, awake_min=30)
    dialog, events = open_dialog(existing=saved)
    click(qtbot, dialog.more_button)  # fold the details away, then rate in one click
    click(qtbot, dialog.rating_buttons[5])
    assert events == []
    assert dialog.more_button.isChecked()
    assert dialog.error_label.text() == (
        "Minutes awake during the night (30) needs at least one awakening, but number of "
        "awakenings is 0"
    )


def test_later_emits_later_and_closes(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    click(qtbot, dialog.later_button)
    assert events == [("later",)]
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected


def test_escape_dismisses(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert events == [("dismissed",)]
    assert not dialog.isVisible()


def test_closing_the_window_dismisses(open_dialog: Callable) -> None:
    dialog, events = open_dialog()
    dialog.close()
    assert events == [("dismissed",)]


def test_later_hidden_when_the_user_asked(open_dialog: Callable) -> None:
    dialog, _ = open_dialog(allow_later=False)
    assert not dialog.later_button.isVisible()
    dialog, _ = open_dialog()
    assert dialog.later_button.isVisible()


def test_a_night_corrected_in_history_can_be_cancelled(qtbot: QtBot, open_dialog: Callable) -> None:
    """Without Later there is a Cancel button, with the details open or closed; it answers
    nothing."""
    dialog, events = open_dialog(existing=DiaryEntry(NIGHT, ZONE, 3), allow_later=False)
    assert dialog.cancel_button.isVisible()
    click(qtbot, dialog.more_button)
    assert dialog.cancel_button.isVisible() and dialog.save_button.isVisible()
    click(qtbot, dialog.cancel_button)
    assert events == [("dismissed",)]
    assert not dialog.isVisible()
    dialog, _ = open_dialog()  # the morning question has Later instead
    assert not dialog.cancel_button.isVisible()


def test_existing_entry_prefills_and_saves_unchanged(qtbot: QtBot, open_dialog: Callable) -> None:
    existing = DiaryEntry(
        NIGHT, ZONE, 2, awakenings=1, in_bed=time(0, 5), final_wake=time(7, 0), note="storm"
    )
    dialog, events = open_dialog(existing=existing, allow_later=False)
    assert dialog.rating_buttons[2].isChecked()
    assert dialog.more_button.isChecked()
    assert field(dialog, "in_bed").text() == "00:05"
    assert field(dialog, "awakenings").text() == "1"
    assert field(dialog, "latency_min").text() == ""
    assert field(dialog, "note").text() == "storm"

    click(qtbot, dialog.save_button)
    assert events == [("rated", existing)]


def test_existing_rating_only_stays_one_click(qtbot: QtBot, open_dialog: Callable) -> None:
    dialog, events = open_dialog(existing=DiaryEntry(NIGHT, ZONE, 3))
    assert dialog.rating_buttons[3].isChecked()
    assert not dialog.more_button.isChecked()
    click(qtbot, dialog.rating_buttons[4])
    assert events == [("rated", DiaryEntry(NIGHT, ZONE, 4))]


def test_existing_entry_must_be_for_the_same_night() -> None:
    with pytest.raises(ValueError, match="not 2026-11-21"):
        MorningDialog(NIGHT, ZONE, existing=DiaryEntry(date(2026, 11, 20), ZONE, 3))
