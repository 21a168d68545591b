"""Where popups go: wholly on the screen, beside the tray, the same way on every size and scale.

Sizes are Qt's device-independent pixels: at 200 % a 2560×1600 screen is 1280×800 of them
and the popup's em is twice as many device pixels, so a scale is a screen and an em.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QPoint, QRect, QSize

from bedtime.ui.tray.placement import popup_origin, screen_area

# (screen in device pixels, scale): the default desktop, a netbook, a laptop at 150 %,
# a 4K screen at 200 %, the netbook at 200 %, a portrait screen at 250 %
SCREENS = [
    (QSize(1280, 800), 1.0),
    (QSize(1024, 600), 1.0),
    (QSize(1920, 1080), 1.5),
    (QSize(3840, 2160), 2.0),
    (QSize(1024, 600), 2.0),
    (QSize(1080, 1920), 2.5),
]
PANEL = 32  # a tray panel's height in device-independent pixels


def popup_size(em: int) -> QSize:
    """The reminder popup is 24 em wide (three buttons) and about 9 em tall."""
    return QSize(24 * em, 9 * em)


def case(screen: QSize, scale: float) -> tuple[QRect, QSize, int]:
    area = QRect(0, 0, int(screen.width() / scale), int(screen.height() / scale))
    em = 14  # device-independent: the font scales with the screen
    return area, popup_size(em), em


def inside(area: QRect, origin: QPoint, size: QSize) -> bool:
    return area.contains(QRect(origin, size))


@pytest.mark.parametrize(("screen", "scale"), SCREENS)
def test_beside_a_tray_top_right_it_hangs_below_the_icon_at_the_right(
    screen: QSize, scale: float
) -> None:
    area, size, em = case(screen, scale)
    icon = QRect(area.right() - 24, 0, 24, PANEL)
    origin = popup_origin(area, size, icon, em)
    assert inside(area, origin, size)
    assert origin == QPoint(area.right() + 1 - em - size.width(), PANEL + em)


@pytest.mark.parametrize(("screen", "scale"), SCREENS)
def test_beside_a_tray_bottom_left_it_opens_above_at_the_left(screen: QSize, scale: float) -> None:
    area, size, em = case(screen, scale)
    icon = QRect(4 * em, area.bottom() + 1 - PANEL, 24, PANEL)
    origin = popup_origin(area, size, icon, em)
    assert inside(area, origin, size)
    assert origin == QPoint(4 * em, icon.top() - em - size.height())


@pytest.mark.parametrize(("screen", "scale"), SCREENS)
def test_without_a_tray_it_takes_the_bottom_right_corner(screen: QSize, scale: float) -> None:
    area, size, em = case(screen, scale)
    origin = popup_origin(area, size, None, em)
    assert origin == QPoint(
        area.right() + 1 - em - size.width(), area.bottom() + 1 - em - size.height()
    )


def test_the_reported_case_no_longer_runs_off_the_right_edge() -> None:
    """336 px wide beside trayer's icon on a 1280 px screen: it was put at x = 966."""
    area = QRect(0, 0, 1280, 800)
    origin = popup_origin(area, QSize(336, 123), QRect(1256, 1, 22, 30), 14)
    assert origin.x() + 336 <= 1280 - 14
    assert inside(area, origin, QSize(336, 123))


def test_an_icon_in_the_middle_of_a_top_panel_lines_up_with_the_icon() -> None:
    area = QRect(0, 0, 1280, 800)
    icon = QRect(700, 0, 24, 32)
    assert popup_origin(area, QSize(336, 123), icon, 14) == QPoint(724 - 336, 46)


def test_a_popup_larger_than_the_screen_shows_its_top_left_part() -> None:
    area = QRect(0, 0, 320, 240)
    assert popup_origin(area, QSize(400, 300), QRect(300, 0, 20, 20), 14) == QPoint(0, 0)


def test_a_tight_fit_keeps_what_margin_there_is() -> None:
    area = QRect(0, 0, 340, 240)
    assert popup_origin(area, QSize(336, 100), QRect(320, 0, 20, 20), 14).x() == 2


def test_a_second_screen_left_of_the_first() -> None:
    """Screens may start at negative coordinates; the popup stays on the tray's screen."""
    left, right = QRect(-1920, 0, 1920, 1080), QRect(0, 0, 1280, 800)
    icon = QRect(-30, 1048, 24, 32)  # bottom-right corner of the left screen
    area = screen_area([right, left], icon.center())
    assert area == left
    origin = popup_origin(area, QSize(336, 123), icon, 14)
    assert inside(left, origin, QSize(336, 123))
    assert origin == QPoint(-14 - 336, 1048 - 14 - 123)  # the margin from the screen's edge


def test_screen_area_is_the_nearest_screen_for_a_point_on_none() -> None:
    left, right = QRect(0, 0, 1280, 800), QRect(1280, 0, 1920, 1080)
    assert screen_area([left, right], QPoint(640, 400)) == left
    assert screen_area([left, right], QPoint(2000, 900)) == right
    assert screen_area([left, right], QPoint(1000, 1000)) == left  # under the shorter one
    assert screen_area([left, right], QPoint(3500, 20)) == right


def test_the_same_place_every_time() -> None:
    area, icon = QRect(0, 0, 1280, 800), QRect(1256, 1, 22, 30)
    first = popup_origin(area, QSize(336, 123), icon, 14)
    assert all(popup_origin(area, QSize(336, 123), icon, 14) == first for _ in range(3))
    # A longer text makes it taller, not somewhere else: it still hangs from the same point.
    assert popup_origin(area, QSize(336, 180), icon, 14) == first


@given(
    area_w=st.integers(200, 4000),
    area_h=st.integers(150, 3000),
    left=st.integers(-4000, 4000),
    top=st.integers(-3000, 3000),
    w=st.integers(1, 4000),
    h=st.integers(1, 3000),
    ax=st.floats(-0.2, 1.2),
    ay=st.sampled_from([-0.2, 0.0, 0.5, 1.0, 1.2]),
    margin=st.integers(0, 40),
    has_anchor=st.booleans(),
)
def test_a_popup_that_fits_is_always_wholly_on_the_screen(
    area_w: int,
    area_h: int,
    left: int,
    top: int,
    w: int,
    h: int,
    ax: float,
    ay: float,
    margin: int,
    has_anchor: bool,
) -> None:
    area = QRect(left, top, area_w, area_h)
    size = QSize(min(w, area_w), min(h, area_h))
    anchor = (
        QRect(left + int(ax * (area_w - 24)), top + int(ay * (area_h - 24)), 24, 24)
        if has_anchor
        else None
    )
    origin = popup_origin(area, size, anchor, margin)
    assert inside(area, origin, size)
    # And keeps the margin from the edges whenever there is room for it.
    if size.width() + 2 * margin <= area_w:
        assert area.left() + margin <= origin.x() <= area.right() + 1 - margin - size.width()
    # Beside an icon at the top or bottom edge (a tray) it never covers the icon.
    at_edge = ay in (0.0, 1.0)
    if anchor is not None and at_edge and size.height() + 2 * margin + 24 < area_h:
        assert not QRect(origin, size).intersects(anchor)
