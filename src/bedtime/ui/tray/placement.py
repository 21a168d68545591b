"""Where a popup goes: one rule for every window the app places itself.

Pure geometry in Qt's device-independent pixels, so it holds at any screen scale: give it the
screens' available areas, what to sit next to, and the popup's outer size; it answers the
top-left point. Nothing here reads a screen or moves a window.
"""

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize


def screen_area(areas: Sequence[QRect], point: QPoint) -> QRect:
    """The area (of one screen) that holds POINT, else the one nearest to it."""
    for area in areas:
        if area.contains(point):
            return area

    def distance(area: QRect) -> int:
        dx = max(area.left() - point.x(), 0, point.x() - area.right())
        dy = max(area.top() - point.y(), 0, point.y() - area.bottom())
        return dx * dx + dy * dy

    return min(areas, key=distance)


def popup_origin(area: QRect, size: QSize, beside: QRect | None, margin: int) -> QPoint:
    """The top-left point for a popup of SIZE, wholly inside AREA (a screen's free area).

    BESIDE is what the popup belongs to (the tray icon, or a popup already shown): the popup
    opens from it towards the middle of the screen, as a menu opens from its button, with its
    near edges lined up with BESIDE's, and without covering it. Without BESIDE it goes to the
    bottom-right corner, where trays and notifications usually are; a popup following the
    cursor would turn up somewhere new each night. MARGIN is kept from the screen's edges and
    from BESIDE. A popup larger than the area shows its top-left part: its title and first
    button, rather than its middle.
    """
    if beside is None or not beside.isValid():
        x = area.right() + 1 - margin - size.width()
        y = area.bottom() + 1 - margin - size.height()
    else:
        centre = area.center()
        if beside.center().x() >= centre.x():
            x = beside.right() + 1 - size.width()  # right edges lined up, opening leftwards
        else:
            x = beside.left()
        if beside.center().y() >= centre.y():
            y = beside.top() - margin - size.height()  # above, opening upwards
        else:
            y = beside.bottom() + 1 + margin
    return QPoint(
        _clamp(x, area.left(), area.right() + 1, size.width(), margin),
        _clamp(y, area.top(), area.bottom() + 1, size.height(), margin),
    )


def _clamp(start: int, low: int, high: int, length: int, margin: int) -> int:
    """START moved so that [START, START + LENGTH) lies in [LOW, HIGH), MARGIN inside if it fits."""
    inner = min(margin, max(0, (high - low - length) // 2))
    return max(low + inner, min(start, high - inner - length))
