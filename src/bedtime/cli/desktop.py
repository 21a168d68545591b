"""`bedtime desktop install|remove`: Bedtime's entry in the desktop's menu, with its icons.

About this computer's desktop, not the data file: neither command opens or creates it.
"""

import argparse
from pathlib import Path

from ..core.wording import _, plural
from ..desktop import install as desktop_install
from ..desktop.launcher import app_command


def install(args: argparse.Namespace, data_dir: Path) -> int:
    written = desktop_install.install(app_command(data_dir))
    entry = desktop_install.entry_file(desktop_install.data_home())
    print(
        _("Bedtime is in the desktop's menu: {entry} ({files} in all)").format(
            entry=entry, files=plural(len(written), "{n} file", "{n} files")
        )
    )
    return 0


def remove(args: argparse.Namespace, data_dir: Path) -> int:
    removed = desktop_install.remove()
    if removed:
        print(
            _("Removed Bedtime from the desktop's menu ({files})").format(
                files=plural(len(removed), "{n} file", "{n} files")
            )
        )
    else:
        print(_("Bedtime was not in the desktop's menu; nothing removed"))
    return 0
