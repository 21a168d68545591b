"""The app's SVG icons: installed inside the package, or in resources/ of a source checkout."""

from pathlib import Path

from PySide6.QtGui import QIcon

_PACKAGED = Path(__file__).resolve().parent.parent / "icons"
_SOURCE = Path(__file__).resolve().parents[3] / "resources" / "icons"


def icon_path(name: str) -> Path:
    """NAME is "bedtime", "bedtime-due" or "bedtime-taken"."""
    for folder in (_PACKAGED, _SOURCE):
        path = folder / f"{name}.svg"
        if path.is_file():
            return path
    raise FileNotFoundError(f"icon {name}.svg is missing from {_PACKAGED} and {_SOURCE}")


def icon(name: str) -> QIcon:
    return QIcon(str(icon_path(name)))
