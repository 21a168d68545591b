"""The app's icons, found by name among its resources (packaged or in a source checkout)."""

from pathlib import Path

from PySide6.QtGui import QIcon

from ..paths import APP_ID
from ..resource_files import ICON_THEME, resource

APP_ICON = APP_ID
TRAY_ICON = f"{APP_ID}-tray"
DUE_ICON = f"{APP_ID}-due"
TAKEN_ICON = f"{APP_ID}-taken"


def icon_path(name: str) -> Path:
    """The app icon's SVG, or one of the tray's (TRAY_ICON, DUE_ICON, TAKEN_ICON)."""
    folder = f"{ICON_THEME}/scalable/apps" if name == APP_ICON else "icons/tray"
    return resource(f"{folder}/{name}.svg")


def icon(name: str = APP_ICON) -> QIcon:
    return QIcon(str(icon_path(name)))
