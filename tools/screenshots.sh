#!/bin/bash
# The pictures in docs/, taken of the real app on a throwaway X desktop, light and dark.
# The desktop's palette comes from GTK (Qt's gtk3 platform theme), as on a GNOME or Xfce
# desktop: Adwaita for light, Adwaita:dark for dark.
# Needs: xvfb trayer imagemagick xdotool faketime libgtk-3-0 and ../shared/tools/desktop.sh
# Usage: bash tools/screenshots.sh [OUT_DIR] [DISPLAY]   (defaults: docs/ and :98)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
display=${2:-:98}
desktop=../shared/tools/desktop.sh
# shellcheck source=/dev/null
source "$desktop" "$display" >/dev/null 2>&1
data=$(mktemp -d)
# A runtime folder of its own: a Bedtime already running for this user must not be the one
# that answers "show".
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_RUNTIME_DIR
trap 'kill $XVFB_PID $TRAYER_PID $DBUS_SESSION_BUS_PID 2>/dev/null || true; rm -rf "$data" "$XDG_RUNTIME_DIR"' EXIT
uv run python tools/demo_data.py "$data" 56 >/dev/null

# Friday 20 November 2026, 20:10 in Amsterdam: the demo log runs up to that evening.
run() {  # THEME WINDOW: start the app showing WINDOW, in a process group of its own
  TZ=Europe/Amsterdam BEDTIME_DATA_DIR=$data QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=gtk3 \
    GTK_THEME=$1 DONT_FAKE_MONOTONIC=1 setsid faketime -f "@2026-11-20 20:10:00" \
    uv run bedtime show "$2" >/dev/null 2>&1 </dev/null &
  app=$!
}

shot() {  # TITLE FILE [KEYS...]: picture of the window called TITLE after pressing KEYS
  local title=$1 file=$2 id=""
  shift 2
  for _ in $(seq 100); do
    id=$(xdotool search --name "^$title\$" 2>/dev/null | head -1) && [ -n "$id" ] && break
    sleep 0.1
  done
  [ -n "$id" ] || { echo "no window '$title'" >&2; return 1; }
  xdotool windowactivate --sync "$id" 2>/dev/null || true
  for key in "$@"; do xdotool key --window "$id" "$key"; sleep 0.2; done
  sleep 1
  import -window "$id" "$file"
  echo "$file"
}

for theme in Adwaita Adwaita:dark; do
  name=$([ "$theme" = Adwaita ] && echo light || echo dark)
  run "$theme" history
  first=$app
  shot "History( — Bedtime)?" "$out/history-$name.png"
  run "$theme" settings  # the running app opens it
  shot "Settings( — Bedtime)?" "$out/settings-$name.png"
  shot "Settings( — Bedtime)?" "$out/settings-supplements-$name.png" ctrl+Tab
  kill -TERM -- "-$first" 2>/dev/null || true  # the app started first, with its group
  wait "$first" || true
done
