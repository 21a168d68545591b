"""History and Settings: made when opened, freed when closed.

The app sits in the tray all day and these windows are open for minutes a week, so a closed
window is not kept hidden (with its widgets, chart and table: about 17 MiB on eight weeks of
nights) but deleted. What should look the same when it is opened again, its size and place
on the screen and whatever its owner keeps through `closing`, is remembered here instead.
"""

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget


class OpenWindows(QObject):
    """Opens windows by name through MAKE, one of each at a time, and frees each once hidden.

    Hidden, not only closed: Settings hides itself on Save and Cancel. A window minimised by
    the window manager is hidden spontaneously and stays.
    """

    closing = Signal(str, QWidget)  # the name and the window, just before it is freed

    def __init__(self, make: Callable[[str], QWidget], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._make = make
        self._open: dict[str, QWidget] = {}
        self._geometry: dict[str, QByteArray] = {}

    def show(self, name: str) -> QWidget:
        """Bring the window NAME to the front, made anew if it is not open."""
        window = self._open.get(name)
        if window is None:
            window = self._make(name)
            if name in self._geometry:
                window.restoreGeometry(self._geometry[name])
            window.installEventFilter(self)
            self._open[name] = window
        window.show()
        window.raise_()
        window.activateWindow()
        return window

    def get(self, name: str) -> QWidget | None:
        """The window NAME while it is open."""
        return self._open.get(name)

    def close_all(self) -> None:
        for window in list(self._open.values()):
            window.hide()  # freed by the filter below

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Hide and not event.spontaneous():
            for name, window in list(self._open.items()):
                if window is watched:
                    self._free(name, window)
        return False

    def _free(self, name: str, window: QWidget) -> None:
        del self._open[name]
        window.removeEventFilter(self)
        self._geometry[name] = window.saveGeometry()
        self.closing.emit(name, window)
        # Later, not now: the hide may come from inside one of the window's own slots.
        window.deleteLater()
