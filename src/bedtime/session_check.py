"""Can the tray app open its windows here? Asked before Qt starts, because Qt cannot be asked.

Without a display, or without a system library its X11 plugin needs, Qt prints a hint that
misleads (it blames xcb-cursor0 for a missing DISPLAY) and aborts the process with a core
dump. Both are found out here first, without importing Qt, and told apart in one line.
Only Linux has this problem; elsewhere the platform always has its windowing system.
"""

import ctypes
import importlib.util
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from .core.wording import N_, _

# The Debian/Ubuntu packages of the libraries Qt's X11 plugin loads (see `ldd libqxcb.so`);
# the ones a fresh desktop may lack are those Qt added last (xcb-cursor since Qt 6.5).
PACKAGES = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11-xcb.so.1": "libx11-xcb1",
}

XCB_LIBRARY = "libxcb.so.1"

NO_SESSION = N_(
    "Bedtime's tray app needs a desktop session, and there is none here (no DISPLAY or "
    "WAYLAND_DISPLAY to show it on); the other commands work without one, see "
    "'bedtime --help'"
)


def problem(environ: Mapping[str, str] | None = None) -> str | None:
    """Why the tray app cannot start in this session, in one line; None if it can."""
    env = os.environ if environ is None else environ
    if not sys.platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "")
    if chosen and not chosen.startswith(("xcb", "wayland")):
        return None  # offscreen, vnc, …: a platform asked for by name needs no desktop
    wayland = env.get("WAYLAND_DISPLAY", "")
    if wayland and not chosen.startswith("xcb") and _wayland_socket(wayland, env).exists():
        return None
    display = env.get("DISPLAY", "")
    if not display:
        return _(NO_SESSION)
    missing = missing_library(_xcb_plugin())
    if missing is not None:
        return missing_library_message(missing)
    if not _x_server_answers(display):
        return _(
            "Bedtime's tray app cannot reach the display {display}: it needs a desktop "
            "session (over SSH, run it on the computer's own screen); the other commands "
            "work without one"
        ).format(display=repr(display))
    return None


def missing_library_message(soname: str) -> str:
    package = PACKAGES.get(soname)
    fix = (
        _("install the package {package} (Debian/Ubuntu: sudo apt install {package})").format(
            package=package
        )
        if package
        else _(
            "install the package that provides it (Debian/Ubuntu: apt-file search {library})"
        ).format(library=soname)
    )
    return _(
        "Bedtime's tray app cannot start: Qt needs the system library {library}, which is "
        "missing or unreadable; {fix}"
    ).format(library=soname, fix=fix)


def missing_library(plugin: Path | None) -> str | None:
    """The first library PLUGIN cannot load (its file name), or None if it loads."""
    if plugin is None or not plugin.is_file():
        return None  # not a PySide6 layout we know: let Qt speak for itself
    try:
        ctypes.CDLL(str(plugin))
    except OSError as error:
        # "libxcb-cursor.so.0: cannot open shared object file: No such file or directory"
        first = str(error).split(":", 1)[0].strip()
        return Path(first).name or str(error)
    return None


def _xcb_plugin() -> Path | None:
    spec = importlib.util.find_spec("PySide6")
    if spec is None or not spec.submodule_search_locations:
        return None
    package = Path(next(iter(spec.submodule_search_locations)))
    return package / "Qt" / "plugins" / "platforms" / "libqxcb.so"


def _wayland_socket(name: str, env: Mapping[str, str]) -> Path:
    path = Path(name)
    return path if path.is_absolute() else Path(env.get("XDG_RUNTIME_DIR", "/nonexistent")) / name


def _x_server_answers(display: str) -> bool:
    """Connect to the X server and hang up, as Qt would; libxcb is Qt's own way in."""
    # By its soname, as the plugin links it: ctypes.util.find_library would run ldconfig in a
    # subprocess, the slowest part of a start.
    try:
        xcb = ctypes.CDLL(XCB_LIBRARY)
    except OSError:
        return True  # the plugin check above has already passed: let Qt try
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)
