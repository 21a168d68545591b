"""The History chart, checked on what it paints: pixels of a grabbed image, not mocks."""

import os
import sys
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QLocale, QPoint, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QHelpEvent, QImage, QPalette
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from bedtime.ui.history.chart_colors import contrast_ratio
from bedtime.ui.history.chart_layout import lay_out
from bedtime.ui.history.chart_model import ChartNight, group_nights
from bedtime.ui.history.night_chart import NightChart
from tests.ui.test_chart_model import MONDAY, example, night, week_of

SIZE = QSize(840, 260)


@pytest.fixture(autouse=True)
def english_dates() -> Iterator[None]:
    # Date labels and week starts follow the locale; pin one (weeks start on Monday).
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    yield
    QLocale.setDefault(before)


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, name in (
        (QPalette.ColorRole.Window, "#2b2b2b"),
        (QPalette.ColorRole.Base, "#1e1e1e"),
        (QPalette.ColorRole.AlternateBase, "#262626"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#353535"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
        (QPalette.ColorRole.Highlight, "#3d7ab8"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        palette.setColor(role, QColor(name))
    return palette


def make_chart(
    qtbot: QtBot,
    nights: Sequence[ChartNight],
    size: QSize = SIZE,
    *,
    target: float = 300,
    limit: float = 350,
) -> NightChart:
    chart = NightChart()
    qtbot.addWidget(chart)
    chart.set_nights(nights)
    chart.set_amounts(target, limit)
    chart.resize(size)
    return chart


def render(chart: NightChart) -> QImage:
    return chart.grab().toImage()


def longest_run(image: QImage, x: int, color: QColor) -> int:
    """The longest unbroken vertical stretch of COLOR in pixel column X."""
    best = run = 0
    for y in range(image.height()):
        run = run + 1 if image.pixelColor(x, y).rgb() == color.rgb() else 0
        best = max(best, run)
    return best


def centre_x(chart: NightChart, index: int) -> int:
    return round(chart.column_rect(index).center().x())


def test_nights_must_be_in_order(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, [])
    with pytest.raises(ValueError, match="oldest first"):
        chart.set_nights(list(reversed(week_of([100, 200]))))


# What is painted -----------------------------------------------------------------------


def test_more_mg_paints_a_taller_bar(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, week_of([200, 400, 300]), limit=450)
    image = render(chart)
    bar = chart.colors().mg
    low, high = (longest_run(image, centre_x(chart, i), bar) for i in (0, 1))
    assert low > 10
    assert high == pytest.approx(2 * low, abs=2)
    assert longest_run(image, centre_x(chart, 2), chart.colors().over_limit) == 0


def test_bars_above_the_limit_are_in_the_warning_colour(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, week_of([300, 500]), limit=350)
    image = render(chart)
    colors = chart.colors()
    assert longest_run(image, centre_x(chart, 1), colors.over_limit) > 10
    assert longest_run(image, centre_x(chart, 1), colors.mg) == 0
    assert longest_run(image, centre_x(chart, 0), colors.mg) > 10
    assert colors.over_limit.rgb() != colors.mg.rgb()


def strong_pixels(image: QImage, chart: NightChart, index: int) -> int:
    """Pixels in the column of night INDEX that stand out from the background."""
    rect = chart.column_rect(index).toRect()
    background = chart.colors().background
    return sum(
        1
        for x in range(rect.left() + 1, rect.right())
        for y in range(rect.top(), rect.bottom())
        if contrast_ratio(image.pixelColor(x, y), background) > 1.6
    )


def test_gaps_are_marked_and_unused_nights_are_not(qtbot: QtBot) -> None:
    days = [MONDAY + timedelta(days=k) for k in range(5)]
    nights = [
        night(days[0], "not_used", 0),
        night(days[1], "skipped", 0),
        night(days[2], "paused", 0),
        night(days[3], "missed", 0),
        night(days[4], "not_used", 0),
    ]
    chart = make_chart(qtbot, nights)
    image = render(chart)
    unused = strong_pixels(image, chart, 0)
    for index in (1, 2, 3):
        assert strong_pixels(image, chart, index) > unused + 5, nights[index].status
    assert unused == strong_pixels(image, chart, 4)


def test_an_empty_chart_says_so(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, [])
    image = render(chart)
    background = chart.colors().background
    assert image.pixelColor(2, 2).rgb() == background.rgb()
    centre = image.copy(SIZE.width() // 2 - 80, SIZE.height() // 2 - 10, 160, 20)
    assert any(
        centre.pixelColor(x, y).rgb() != background.rgb()
        for x in range(centre.width())
        for y in range(centre.height())
    )
    assert chart.current() is None
    assert chart.night_at(SIZE.width() / 2) is None
    assert chart.accessibleDescription() == "Nothing logged yet"


def test_dark_palette_gives_a_dark_chart_with_visible_bars(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, week_of([200, 400]), limit=450)
    chart.setPalette(dark_palette())
    image = render(chart)
    colors = chart.colors()
    corner = image.pixelColor(2, SIZE.height() - 2)
    assert corner.lightness() < 60
    assert contrast_ratio(colors.mg, corner) >= 3
    assert contrast_ratio(colors.over_limit, corner) >= 3
    assert contrast_ratio(colors.rating, corner) >= 3
    assert longest_run(image, centre_x(chart, 1), colors.mg) > 10


def test_light_palette_marks_stand_out(qtbot: QtBot) -> None:
    colors = make_chart(qtbot, example()).colors()
    for mark in (colors.mg, colors.over_limit, colors.target, colors.rating):
        assert contrast_ratio(mark, colors.background) >= 3
    for text in (colors.text, colors.muted, colors.target_text, colors.limit_text):
        assert contrast_ratio(text, colors.background) >= 4.5


def test_ten_years_are_grouped_and_paint_quickly(qtbot: QtBot) -> None:
    nights = example(3650, date(2016, 1, 4))
    chart = make_chart(qtbot, nights, QSize(3000, 300))
    assert chart.unit() == "week"
    tip = chart.tooltip_at(centre_x(chart, 0))
    assert tip is not None and tip.startswith("Week of 4 Jan 2016")
    assert "Taken on" in tip and "on average" in tip

    chart.resize(chart.sizeHint())
    assert chart.unit() == "month"
    image = render(chart)  # how long this takes is measured in benchmarks/history.py
    # Monthly bars are there.
    assert longest_run(image, centre_x(chart, 1800), chart.colors().mg) > 10


def test_the_legend_names_every_mark(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, example())
    nights = example()
    geometry = lay_out(
        QFontMetricsF(chart.font()),
        (SIZE.width(), SIZE.height()),
        nights,
        (300, 350),
        lambda unit: group_nights(nights, unit),
        lambda day, pattern: QLocale().toString(QDate(day.year, day.month, day.day), pattern),
        0,
    )
    names = {item.text for _, item in geometry.legend}
    assert {"mg per night", "target", "limit", "above limit", "sleep rating"} <= names
    assert {"bedtime", "first dose", "skipped", "paused", "missed"} <= names
    for origin, _ in geometry.legend:
        assert 0 <= origin.x() < SIZE.width() and 0 <= origin.y() < SIZE.height()


def test_size_follows_the_font(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, example())
    hint = chart.sizeHint()
    big = QFont(chart.font())
    big.setPointSizeF(big.pointSizeF() * 2)
    chart.setFont(big)
    assert chart.sizeHint().width() >= 1.8 * hint.width()
    assert chart.minimumSizeHint().width() < chart.sizeHint().width()
    chart.resize(chart.sizeHint())
    render(chart)


# Hover, keyboard, accessibility --------------------------------------------------------


def test_tooltip_shows_the_night_under_the_pointer(qtbot: QtBot) -> None:
    nights = example()
    chart = make_chart(qtbot, nights)
    chart.show()
    qtbot.waitExposed(chart)
    x = centre_x(chart, 12)
    assert chart.night_at(x) == 12
    assert chart.tooltip_at(x) == nights[12].tooltip
    assert chart.night_at(chart.column_rect(0).left() - 5) is None  # on the axis

    pos = QPoint(x, round(chart.column_rect(12).center().y()))
    QApplication.sendEvent(chart, QHelpEvent(QEvent.Type.ToolTip, pos, chart.mapToGlobal(pos)))
    assert QToolTip.text() == nights[12].tooltip
    QToolTip.hideText()


def test_the_hovered_column_is_shaded(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, week_of([100, 100, 100]))
    chart.show()
    qtbot.waitExposed(chart)
    column = chart.column_rect(1)
    # Beside the bar and off the grid lines (a date line runs down the middle).
    empty = QPoint(round(column.left() + column.width() * 0.1), round(column.top()) + 3)
    background = chart.colors().background
    assert render(chart).pixelColor(empty) == background
    qtbot.mouseMove(chart, column.center().toPoint())
    qtbot.waitUntil(lambda: render(chart).pixelColor(empty) != background)
    assert render(chart).pixelColor(empty) == chart.colors().hover
    qtbot.mouseMove(chart, QPoint(2, 2))  # over the legend: no column
    qtbot.waitUntil(lambda: render(chart).pixelColor(empty) == background)


def test_keys_move_the_current_night(qtbot: QtBot) -> None:
    nights = example(14)
    chart = make_chart(qtbot, nights)
    chart.show()
    qtbot.waitExposed(chart)
    assert chart.focusPolicy() == Qt.FocusPolicy.StrongFocus
    assert chart.accessibleName() == "Sleep and dose chart"
    assert chart.current() is None

    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_End)
    assert selected.args == [nights[-1].night] and chart.current() == nights[-1].night
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_Left)
    assert selected.args == [nights[-2].night]
    assert chart.accessibleDescription() == nights[-2].tooltip
    assert QToolTip.text() == nights[-2].tooltip
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_Home)
    assert selected.args == [nights[0].night]
    with qtbot.assertNotEmitted(chart.night_selected):
        qtbot.keyClick(chart, Qt.Key.Key_Left)  # already the first
    assert chart.current() == nights[0].night
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert selected.args == [nights[1].night]
    assert chart.accessibleDescription() == nights[1].tooltip
    QToolTip.hideText()


def test_keys_move_by_week_when_grouped(qtbot: QtBot) -> None:
    nights = example(3650, date(2016, 1, 4))
    chart = make_chart(qtbot, nights, QSize(3000, 300))
    assert chart.unit() == "week"
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_Home)
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.keyClick(chart, Qt.Key.Key_Right)
    assert selected.args == [date(2016, 1, 11)]
    assert chart.accessibleDescription().startswith("Week of 11 Jan 2016")
    QToolTip.hideText()


def test_click_selects_and_set_current_does_not_emit(qtbot: QtBot) -> None:
    nights = example(14)
    chart = make_chart(qtbot, nights)
    with qtbot.waitSignal(chart.night_selected) as selected:
        qtbot.mouseClick(
            chart, Qt.MouseButton.LeftButton, pos=chart.column_rect(3).center().toPoint()
        )
    assert selected.args == [nights[3].night]
    with qtbot.assertNotEmitted(chart.night_selected):
        chart.set_current(nights[5].night)
    assert chart.current() == nights[5].night
    assert chart.accessibleDescription() == nights[5].tooltip
    chart.set_nights(nights[2:])  # the current night is still there
    assert chart.current() == nights[5].night
    chart.set_nights(nights[6:])
    assert chart.current() is None


def test_focus_and_current_column_are_drawn(qtbot: QtBot) -> None:
    chart = make_chart(qtbot, example(14))
    chart.show()
    with qtbot.waitActive(chart):
        chart.activateWindow()
    chart.setFocus()
    qtbot.waitUntil(chart.hasFocus)
    before = render(chart)
    qtbot.keyClick(chart, Qt.Key.Key_Home)
    QToolTip.hideText()
    after = render(chart)
    focus = chart.palette().color(QPalette.ColorRole.Highlight)
    rect = chart.column_rect(0).toRect()

    def framed(image: QImage) -> bool:
        """Whether the right edge of the first night's column has the focus colour."""
        return any(
            image.pixelColor(x, rect.center().y()) == focus
            for x in range(rect.right() - 1, rect.right() + 2)
        )

    # Focus without a current night frames the whole plot; then the current column.
    assert not framed(before) and framed(after)
    chart.clearFocus()
    assert not framed(render(chart))


# Pictures to look at -------------------------------------------------------------------


def save_examples(directory: Path) -> list[Path]:
    """The 8-week example in a light and a dark palette, as PNGs to look at."""
    paths = []
    for name, palette in (("night_chart_example", None), ("night_chart_dark", dark_palette())):
        chart = NightChart()
        if palette is not None:
            chart.setPalette(palette)
        chart.set_nights(example())
        chart.set_amounts(300, 350)
        chart.resize(chart.sizeHint())
        path = directory / f"{name}.png"
        assert chart.grab().save(str(path))
        paths.append(path)
    return paths


def test_example_pictures_are_written(qtbot: QtBot, tmp_path: Path) -> None:
    for path in save_examples(tmp_path):
        image = QImage(str(path))
        assert image.width() > 400 and image.height() > 150


if __name__ == "__main__":
    # uv run python -m tests.ui.test_night_chart: writes the pictures to /tmp.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QApplication(sys.argv)
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom))
    for written in save_examples(Path("/tmp")):
        print(written)
