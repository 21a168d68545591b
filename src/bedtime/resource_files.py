"""The app's own files (desktop entry, metainfo, icons): inside the installed package, or in
resources/ of a source checkout. No Qt here: the command line installs these files too."""

from pathlib import Path

from .paths import APP_ID

_PACKAGED = Path(__file__).resolve().parent / "resources"
_CHECKOUT = Path(__file__).resolve().parents[2] / "resources"

DESKTOP_ENTRY = f"{APP_ID}.desktop"
METAINFO = f"{APP_ID}.metainfo.xml"
ICON_THEME = "icons/hicolor"  # laid out as the desktop's hicolor theme, to install as it is


def resource(relative: str) -> Path:
    """The file at RELATIVE (e.g. "icons/tray/….svg") under whichever resources folder exists."""
    for root in (_PACKAGED, _CHECKOUT):
        path = root / relative
        if path.exists():
            return path
    raise FileNotFoundError(f"{relative} is missing from {_PACKAGED} and {_CHECKOUT}")
