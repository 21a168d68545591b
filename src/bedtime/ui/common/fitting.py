"""Windows as wide as their tables' contents: every column whole, no sideways scrolling.

Widths come from the text itself in the table's own font, so they hold at any font size and
any scale; a window never grows past the screen it is on (there a column may still scroll).
"""

from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

# Room the table leaves around itself in a window, in line heights: the window's and the
# page's margins and a tab frame.
_AROUND_EM = 6


def column_width(table: QTableView, column: int) -> int:
    """The width COLUMN needs to show its header and its widest cell whole."""
    header = table.horizontalHeader()
    width = max(table.sizeHintForColumn(column), header.sectionSizeHint(column))
    if header.stretchLastSection() and column == header.count() - 1:
        # A stretched last section is never made narrower than the default section size.
        width = max(width, header.defaultSectionSize())
    return width


def table_width(table: QTableView, columns: list[int]) -> int:
    """The outer width TABLE needs for COLUMNS at these widths, its frame and a vertical
    scroll bar included (kept free even when it does not show: rows come and go)."""
    scroll_bar = table.verticalScrollBar().sizeHint().width()
    return sum(columns) + 2 * table.frameWidth() + scroll_bar


def keep_columns_whole(table: QTableView) -> None:
    """Let TABLE never be narrower than its columns need, as far as its screen allows.

    Its window then opens wide enough (Qt grows a window to its minimum size), also when
    the table sits on a page not yet in view.
    """
    columns = [column_width(table, c) for c in range(table.model().columnCount())]
    needed = table_width(table, columns)
    screen = table.screen()
    if screen is not None:
        needed = min(
            needed, screen.availableGeometry().width() - _AROUND_EM * table.fontMetrics().height()
        )
    table.setMinimumWidth(needed)


def resize_within_screen(window: QWidget, width: int, height: int) -> None:
    """Give WINDOW this size, or as much of it as its screen has room for."""
    screen = window.screen()
    if screen is not None:
        area = screen.availableGeometry()
        width, height = min(width, area.width()), min(height, area.height())
    window.resize(width, height)


def widen_for(window: QWidget, view: QAbstractItemView, needed: int) -> None:
    """Make WINDOW wider, if it must be and the screen allows, so that VIEW gets NEEDED px.

    Never narrower than it is: a width the user chose stays. The window's frame is left room
    for on the screen (what it adds is known once the window has been shown; before, the
    difference between frame and contents is zero).
    """
    layout = window.layout()
    if layout is not None:
        layout.activate()  # the view's width at the window's current size
    missing = needed - view.width()
    if missing <= 0:
        return
    width = window.width() + missing
    screen = window.screen()
    if screen is not None:
        frame = window.frameGeometry().width() - window.width()
        width = min(width, screen.availableGeometry().width() - frame)
    if width > window.width():
        window.resize(width, window.height())
