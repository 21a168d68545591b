"""Render the icons' SVGs into PNGs: the app icon into the hicolor sizes under
resources/icons/hicolor/, the tray's three into resources/icons/tray/SIZExSIZE/.

Run after changing an SVG: `uv run python tools/render_icons.py`. The PNGs are committed, so
desktops that do not draw SVG icons (and installers that want PNGs) have them, and the app
itself draws PNGs only: Qt's SVG module would cost every start and about 2 MiB all day.
"""

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "org.bedtime.Bedtime"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
THEME = Path(__file__).resolve().parents[1] / "resources" / "icons" / "hicolor"
TRAY = THEME.parent / "tray"
# What panels ask for: 16-24 px, 32-48 at 200 % and on tall panels, 64 for a few.
TRAY_SIZES = (16, 22, 24, 32, 44, 48, 64)


def render(svg: Path, size: int, out: Path) -> None:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        sys.exit(f"{svg} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    out.parent.mkdir(parents=True, exist_ok=True)
    if not image.save(str(out), "PNG"):
        sys.exit(f"could not write {out}")


def main() -> None:
    app = QGuiApplication([])
    svg = THEME / "scalable" / "apps" / f"{APP_ID}.svg"
    for size in SIZES:
        out = THEME / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        render(svg, size, out)
        print(out.relative_to(THEME.parents[2]))
    for svg in sorted(TRAY.glob("*.svg")):
        for size in TRAY_SIZES:
            out = TRAY / f"{size}x{size}" / f"{svg.stem}.png"
            render(svg, size, out)
            print(out.relative_to(THEME.parents[2]))
    del app


if __name__ == "__main__":
    main()
