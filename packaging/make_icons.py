"""Write the Windows .ico and the macOS .icns of the app icon, drawn from its SVG.

Each size is rendered from the vector (not scaled down from one big picture), so the small
ones stay sharp. Qt draws, Pillow writes the two container formats.

    python packaging/make_icons.py ICON.svg OUT_DIR   # writes OUT_DIR/bedtime.ico, .icns
"""

import io
import os
import sys
from pathlib import Path

from PIL import Image

ICO_SIZES = (16, 20, 24, 32, 40, 48, 64, 128, 256)
ICNS_SIZES = (16, 32, 64, 128, 256, 512, 1024)


def render(svg: Path, sizes: tuple[int, ...]) -> list[Image.Image]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QBuffer, QIODevice, Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: {svg} is not an SVG Qt can draw")
    pictures = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        renderer.render(painter)
        painter.end()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        pictures.append(Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGBA"))
    return pictures


def write_icons(svg: Path, out_dir: Path) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    ico, icns = out_dir / "bedtime.ico", out_dir / "bedtime.icns"
    small = render(svg, ICO_SIZES)
    small[-1].save(ico, sizes=[(s, s) for s in ICO_SIZES], append_images=small[:-1])
    large = render(svg, ICNS_SIZES)
    large[-1].save(icns, append_images=large[:-1])
    return ico, icns


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    for path in write_icons(Path(sys.argv[1]), Path(sys.argv[2])):
        print(path)
