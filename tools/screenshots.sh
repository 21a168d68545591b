#!/bin/bash
# The pictures in docs/ of History, Settings (light and dark) and the reminder and missed-night
# popups, taken of the real app on a throwaway X desktop.
# The desktop's palette comes from GTK (Qt's gtk3 platform theme), as on a GNOME or Xfce
# desktop: Adwaita for light, Adwaita:dark for dark.
# Needs: xvfb trayer imagemagick xdotool faketime libgtk-3-0 and ../shared/tools/desktop.sh
# Usage: bash tools/screenshots.sh [OUT_DIR] [DISPLAY] [LANGUAGE]   (defaults: docs/, :98, en)
# In another LANGUAGE (nl): the tray menu, History and Settings, light only, named *-nl.png.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-docs}
display=${2:-:98}
language=${3:-en}
desktop=../shared/tools/desktop.sh
# shellcheck source=/dev/null
source "$desktop" "$display" >/dev/null 2>&1
data=$(mktemp -d)
evening=$(mktemp -d)  # the same log for the missed-night picture: a night no reminder reached
# A runtime folder of its own: a Bedtime already running for this user must not be the one
# that answers "show".
XDG_RUNTIME_DIR=$(mktemp -d)
export XDG_RUNTIME_DIR
trap 'kill $XVFB_PID $TRAYER_PID $DBUS_SESSION_BUS_PID 2>/dev/null || true; rm -rf "$data" "$evening" "$XDG_RUNTIME_DIR"' EXIT
uv run python tools/demo_data.py "$data" 56 >/dev/null
BEDTIME_DATA_DIR=$data uv run bedtime config set language "$language" >/dev/null
words() {  # MESSAGE: the window title MESSAGE in the language chosen
  uv run python -c "from bedtime import language; language.use('$language')
from bedtime.core.wording import _; print(_('$1'))"
}

# Friday 20 November 2026 in Amsterdam: the demo log runs up to that evening, whose bedtime
# (23:00, reminder at 22:00) is still ahead at 20:10.
run() {  # THEME TIME [COMMAND...]: start bedtime at TIME that evening, in a process group of its own
  local theme=$1 at=$2
  shift 2
  TZ=Europe/Amsterdam BEDTIME_DATA_DIR=$data QT_QPA_PLATFORM=xcb QT_QPA_PLATFORMTHEME=gtk3 \
    GTK_THEME=$theme DONT_FAKE_MONOTONIC=1 setsid faketime -f "@2026-11-20 $at:00" \
    uv run bedtime "$@" >/dev/null 2>&1 </dev/null &
  app=$!
}

stop() {  # the app started last, with its group
  kill -TERM -- "-$app" 2>/dev/null || true
  wait "$app" || true
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

popup() {  # FILE: the popup beside the tray icon, with the screen's top-right corner around it
  local id="" x y w h
  for _ in $(seq 100); do
    id=$(xdotool search --onlyvisible --name '^Bedtime$' 2>/dev/null | head -1) && [ -n "$id" ] && break
    sleep 0.1
  done
  [ -n "$id" ] || { echo "no popup" >&2; return 1; }
  sleep 1
  eval "$(xdotool getwindowgeometry --shell "$id" | grep -E '^(X|Y|WIDTH|HEIGHT)=')"
  x=$((X - 20)) y=$((Y + HEIGHT + 20)) w=$(($(xdpyinfo | awk '/dimensions/ {split($2, d, "x"); print d[1]}') - X + 20))
  import -window root -crop "${w}x${y}+${x}+0" +repage "$1"
  echo "$1"
}

menu() {  # FILE: the tray menu opened from the icon, with the screen's top-right corner around it
  local icon="" x y
  for _ in $(seq 100); do
    icon=$(xdotool search --name '^panel$' 2>/dev/null | head -1) && [ -n "$icon" ] && break
    sleep 0.1
  done
  [ -n "$icon" ] || { echo "no tray" >&2; return 1; }
  sleep 2
  eval "$(xdotool getwindowgeometry --shell "$icon" | grep -E '^(X|Y|WIDTH|HEIGHT)=')"
  x=$((X + WIDTH - 10)) y=$((Y + HEIGHT / 2))
  xdotool mousemove "$x" "$y" click 1
  sleep 1
  local width
  width=$(xdpyinfo | awk '/dimensions/ {split($2, d, "x"); print d[1]}')
  import -window root -crop "460x300+$((width - 460))+0" +repage "$1"
  xdotool key Escape
  echo "$1"
}

if [ "$language" != en ]; then
  run Adwaita 20:10
  menu "$out/tray-menu-$language.png"
  first=$app
  run Adwaita 20:10 show history
  shot "$(words History)( — Bedtime)?" "$out/history-$language.png"
  run Adwaita 20:10 show settings
  shot "$(words Settings)( — Bedtime)?" "$out/settings-$language.png"
  shot "$(words Settings)( — Bedtime)?" "$out/settings-supplements-$language.png" ctrl+Tab
  app=$first
  stop
  exit 0
fi

for theme in Adwaita Adwaita:dark; do
  name=$([ "$theme" = Adwaita ] && echo light || echo dark)
  run "$theme" 20:10 show history
  first=$app
  shot "History( — Bedtime)?" "$out/history-$name.png"
  run "$theme" 20:10 show settings  # the running app opens it
  shot "Settings( — Bedtime)?" "$out/settings-$name.png"
  shot "Settings( — Bedtime)?" "$out/settings-supplements-$name.png" ctrl+Tab
  app=$first
  stop
done

# The reminder and the missed-night question in Bedtime's own popup, as chosen in Settings:
# started just after the reminder time, then after bedtime with nothing logged that night.
BEDTIME_DATA_DIR=$data uv run bedtime config set notify_style popup >/dev/null
cp -a "$data/." "$evening"
run Adwaita 22:05
popup "$out/reminder-popup.png"
stop
data=$evening run Adwaita 23:30
popup "$out/missed-popup.png"
stop
