"""The app's icons, found by name among its resources (packaged or in a source checkout).

Drawn from the PNGs rendered from each SVG (tools/render_icons.py), never from the SVG: Qt's
SVG module would load at every start and hold about 2 MiB all day for three small pictures.
"""

from pathlib import Path

from PySide6.QtGui import QIcon

from ...desktop.resource_files import ICON_THEME, resource
from ...paths import APP_ID

APP_ICON = APP_ID
TRAY_ICON = f"{APP_ID}-tray"
DUE_ICON = f"{APP_ID}-due"
TAKEN_ICON = f"{APP_ID}-taken"


def icon_path(name: str) -> Path:
    """The app icon's SVG, or one of the tray's (TRAY_ICON, DUE_ICON, TAKEN_ICON)."""
    folder = f"{ICON_THEME}/scalable/apps" if name == APP_ICON else "icons/tray"
    return resource(f"{folder}/{name}.svg")


def icon_sizes(name: str) -> list[Path]:
    """Every PNG rendered of icon NAME, one per size."""
    if name == APP_ICON:
        return sorted(icon_path(name).parents[2].glob(f"*x*/apps/{name}.png"))
    return sorted(icon_path(name).parent.glob(f"*x*/{name}.png"))


def icon(name: str = APP_ICON) -> QIcon:
    """Icon NAME with each of its sizes: Qt picks the one nearest to what is asked for."""
    found = QIcon()
    for png in icon_sizes(name):
        found.addFile(str(png))
    return found
