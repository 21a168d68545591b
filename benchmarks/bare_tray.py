"""The floor of this stack: a bare PySide6 tray icon with a one-item menu, nothing else.

benchmarks/startup.py measures Bedtime against it: what Bedtime adds over Qt itself.
"""

import sys

from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QSystemTrayIcon

app = QApplication(sys.argv)
app.setQuitOnLastWindowClosed(False)
picture = QPixmap(64, 64)
picture.fill(QColor("#3b4cc0"))
tray = QSystemTrayIcon(QIcon(picture))
menu = QMenu()
menu.addAction("Quit").triggered.connect(app.quit)
tray.setContextMenu(menu)
tray.setToolTip("bare tray")
tray.show()
sys.exit(app.exec())
