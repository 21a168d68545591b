#!/usr/bin/env bash
# The README's test command: set up everything the tests need on a fresh Debian/Ubuntu
# machine, then run them. Arguments go to pytest (`bash tools/test.sh -k history -x`).
#
# What it installs:
# - system packages (apt-get, with sudo unless root), only those missing:
#   - faketime drives the command line's clock from outside;
#   - dbus and dbus-daemon run the private buses for the notification and logind fakes;
#   - gcc, python3-dev, pkg-config, libdbus-1-dev and libglib2.0-dev build dbus-python,
#     which python-dbusmock needs and which PyPI has only as source;
#   - Qt's xcb and offscreen plugins need the libegl1 … libxcb-xkb1 libraries;
#   - xvfb, trayer, dunst, x11-utils and xdotool give the desktop tests a screen, a tray
#     host and a real notification server;
#   - desktop-file-utils and appstream validate the desktop entries and the AppStream
#     metainfo (desktop-file-validate, appstreamcli), and refresh a menu cache;
#   - flatpak-builder reads the Flatpak manifest as a build would (it cannot build it here);
#   - dosfstools and fusefat make and mount a FAT filesystem (through FUSE, as root), where
#     files have no modes;
# - uv (with pip, into ~/.local) if it is not on the PATH;
# - the app and the `test` dependency group into .venv (uv.lock's versions).
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  faketime
  dbus dbus-daemon
  gcc python3-dev pkg-config libdbus-1-dev libglib2.0-dev
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxcb-image0 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  xvfb trayer dunst x11-utils xdotool
  desktop-file-utils appstream
  flatpak-builder
  dosfstools fusefat
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  as_root=""
  [ "$(id -u)" -eq 0 ] || as_root="sudo"
  echo "Installing system packages: ${missing[*]}" >&2
  $as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi

export PATH="$HOME/.local/bin:$PATH"
if ! command -v uv >/dev/null; then
  python3 -m pip install --quiet --user uv 2>/dev/null ||
    python3 -m pip install --quiet --user --break-system-packages uv
  hash -r
fi

# faketime's wrapper names a semaphore and a shared-memory file after its own pid and leaves
# them behind when it is killed; a later wrapper that gets the same pid then fails with
# "sem_open: File exists". Remove those of processes that are gone (pids wrap at 32768).
for leftover in /dev/shm/sem.faketime_sem_* /dev/shm/faketime_shm_*; do
  [ -e "$leftover" ] || continue
  kill -0 "${leftover##*_}" 2>/dev/null || rm -f "$leftover" 2>/dev/null || true
done

exec uv run --locked --group test pytest "$@"
