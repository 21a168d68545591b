"""The app's own files (desktop entry, metainfo, icons): inside the installed package, or in
resources/ of a source checkout. No Qt here: the command line installs these files too."""

from pathlib import Path

from ..paths import APP_ID

_PACKAGE = Path(__file__).resolve().parents[1]  # bedtime/, where the wheel puts resources/
_PACKAGED = _PACKAGE / "resources"
_CHECKOUT = _PACKAGE.parents[1] / "resources"  # src/bedtime/ -> the checkout's top

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
