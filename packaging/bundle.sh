#!/usr/bin/env bash
# Build the one-folder bundle (dist/bedtime/) with PyInstaller from packaging/bedtime.spec,
# then run it as a person would, in a throwaway home: --version, status on an empty data
# folder, the login and menu entries naming the bundle's program, and the tray app on a
# throwaway X display with a tray host (trayer): its icon embedded in the tray, `show
# settings`, `show history` and `show diary` each opening their window, a clean exit on
# SIGTERM, and its private log.
#
# About twenty seconds once PyInstaller is downloaded, most of it PyInstaller: too slow for
# every CI run. Needs uv, and Xvfb, trayer, dbus-daemon, xdotool and x11-utils.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
root=$PWD
venv=$root/build/bundle/venv
exe=$root/dist/bedtime/bedtime

step() { printf '== %s\n' "$*"; }
fail() { printf 'bundle: FAILED: %s\n' "$*" >&2; exit 1; }

step "environment: the project as a wheel would install it, plus the bundle group"
# --no-editable: the bundle takes what the installed package carries (icons, desktop files),
# as a wheel does; --reinstall-package: rebuild it even when only the sources changed.
UV_PROJECT_ENVIRONMENT=$venv uv sync --quiet --locked --no-default-groups --group bundle \
  --no-editable --reinstall-package bedtime

step "PyInstaller"
rm -rf dist/bedtime
"$venv/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist \
  --workpath build/bundle/work packaging/bedtime.spec
[ -x "$exe" ] || fail "no program at $exe"
for licence in dist/bedtime/LICENSE dist/bedtime/_internal/LICENSE; do
  cmp -s LICENSE "$licence" || fail "$licence is missing or differs from LICENSE"
done

check=$(mktemp -d)
pids=()
cleanup() {
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$check"
}
trap cleanup EXIT
# Nothing of the person running this is read or written: a home, XDG folders and a runtime
# folder of its own, and no Wayland.
mkdir -m 700 "$check/home" "$check/run" "$check/data"
export HOME=$check/home XDG_RUNTIME_DIR=$check/run
export XDG_CONFIG_HOME=$HOME/.config XDG_DATA_HOME=$HOME/.local/share
export XDG_STATE_HOME=$HOME/.local/state XDG_CACHE_HOME=$HOME/.cache
export BEDTIME_DATA_DIR=$check/data
unset WAYLAND_DISPLAY

step "command line"
"$exe" --version
"$exe" status --json >"$check/status.json"
python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$check/status.json" \
  || fail "status --json printed no JSON: $(cat "$check/status.json")"
echo "status --json: $(head -c 120 "$check/status.json")…"
# The login entry and the menu entry both start the bundle's own program.
"$exe" config set start_at_login on >/dev/null || fail "config set start_at_login on failed"
"$exe" desktop install >/dev/null || fail "desktop install failed"
for entry in "$XDG_CONFIG_HOME/autostart/org.bedtime.Bedtime.desktop" \
  "$XDG_DATA_HOME/applications/org.bedtime.Bedtime.desktop"; do
  grep -Eq "^Exec=$exe( |$)" "$entry" || fail "$entry does not start $exe: $(cat "$entry")"
  if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$entry" || fail "$entry is not a valid desktop entry"
  fi
  echo "$(basename "$(dirname "$entry")") entry: $(grep ^Exec= "$entry")"
done
"$exe" config set start_at_login off >/dev/null || fail "config set start_at_login off failed"
"$exe" desktop remove >/dev/null || fail "desktop remove failed"

step "tray app on a throwaway X display"
exec 3>"$check/display"
Xvfb -displayfd 3 -screen 0 1024x768x24 -nolisten tcp -noreset >"$check/xvfb.log" 2>&1 &
pids+=($!)
exec 3>&-
for _ in $(seq 100); do [ -s "$check/display" ] && break; sleep 0.1; done
[ -s "$check/display" ] || fail "Xvfb did not start: $(cat "$check/xvfb.log")"
export DISPLAY=:$(head -n1 "$check/display")
for _ in $(seq 50); do xdpyinfo >/dev/null 2>&1 && break; sleep 0.1; done
xdpyinfo >/dev/null 2>&1 || fail "Xvfb does not answer on $DISPLAY: $(cat "$check/xvfb.log")"
# A session bus of its own that starts no services (no stray notification daemon).
cat >"$check/bus.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$check/run</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/><allow eavesdrop="true"/><allow own="*"/>
  </policy>
</busconfig>
CONF
dbus-daemon --config-file="$check/bus.conf" --nofork --print-address=1 >"$check/bus" \
  2>"$check/bus.log" &
pids+=($!)
for _ in $(seq 50); do [ -s "$check/bus" ] && break; sleep 0.1; done
DBUS_SESSION_BUS_ADDRESS=$(head -n1 "$check/bus")
export DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS=unix:path=/nonexistent
NO_AT_BRIDGE=1 GDK_BACKEND=x11 trayer --edge top --align right --widthtype request --height 32 \
  --transparent false --tint 0x303030 >"$check/trayer.log" 2>&1 &
trayer_pid=$!
pids+=("$trayer_pid")
tray_windows=""
for _ in $(seq 100); do
  tray_windows=$(xdotool search --pid "$trayer_pid" 2>/dev/null || true)
  [ -n "$tray_windows" ] && break
  sleep 0.1
done
[ -n "$tray_windows" ] || fail "trayer did not start on $DISPLAY: $(cat "$check/trayer.log")"

# The morning question would open by itself after the wake time: off, so that the window
# `show diary` must open is not there already.
"$exe" config set morning_question off >/dev/null
QT_QPA_PLATFORM=xcb "$exe" >"$check/app.log" 2>&1 &
app=$!
pids+=("$app")

# Inside trayer: a window of the app's process, mapped, with _XEMBED_INFO, whose parents
# lead to one of trayer's windows.
embedded() {
  local w parent
  for w in $(xdotool search --pid "$app" 2>/dev/null); do
    xprop -id "$w" _XEMBED_INFO 2>/dev/null | grep -q "_XEMBED_INFO(" || continue
    xwininfo -id "$w" | grep -q "Map State: IsViewable" || continue
    parent=$w
    while parent=$(xwininfo -children -id "$parent" | awk '/Parent window id/ {print $4}') \
      && [ -n "$parent" ] && [ "$parent" != "$root_window" ]; do
      grep -qx "$(printf '%d' "$parent")" <<<"$tray_windows" && { echo "$w"; return 0; }
    done
  done
  return 1
}
root_window=$(xwininfo -root | awk '/Window id/ {print $4}')
icon=""
for _ in $(seq 300); do
  kill -0 "$app" 2>/dev/null || fail "the app exited: $(cat "$check/app.log")"
  icon=$(embedded) && break
  sleep 0.1
done
[ -n "$icon" ] || fail "no icon embedded in the tray after 30 s: $(cat "$check/app.log")"
size=$(xwininfo -id "$icon" | awk '/Width:/ {w = $2} /Height:/ {h = $2} END {print w "x" h}')
echo "tray: icon embedded (window $icon, $size)"

window_of_app() {  # $1: title pattern
  local w
  for w in $(xdotool search --onlyvisible --name "$1" 2>/dev/null); do
    [ "$(xdotool getwindowpid "$w" 2>/dev/null)" = "$app" ] && { echo "$w"; return 0; }
  done
  return 1
}
for pair in "settings:^Settings" "history:^History" "diary:^How did you sleep"; do
  name=${pair%%:*} title=${pair#*:}
  ! window_of_app "$title" >/dev/null || fail "a window titled '$title' is open before show $name"
  QT_QPA_PLATFORM=xcb "$exe" show "$name" >>"$check/show.log" 2>&1 \
    || fail "show $name exited $?: $(cat "$check/show.log")"
  found=""
  for _ in $(seq 150); do
    found=$(window_of_app "$title") && break
    sleep 0.1
  done
  [ -n "$found" ] || fail "show $name: no window titled '$title': $(cat "$check/app.log")"
  echo "show $name: window \"$(xdotool getwindowname "$found")\""
done
if command -v import >/dev/null; then
  import -window root build/bundle/smoke.png && echo "screenshot: build/bundle/smoke.png"
fi

kill -TERM "$app"
code=0
wait "$app" || code=$?
[ "$code" = 0 ] || fail "the app exited $code on SIGTERM: $(cat "$check/app.log")"
! grep -q Traceback "$check/app.log" || fail "the app printed a traceback: $(cat "$check/app.log")"
echo "quit on SIGTERM: exit 0"
log_file=$("$exe" --version | sed -n 's/^Log: //p')
[ -s "$log_file" ] || fail "the app wrote no log at '$log_file'"
[ "$(stat -c %a "$log_file")" = 600 ] || fail "$log_file is not private (mode 600)"
echo "log: $(wc -l <"$log_file") lines in $log_file"

size=$(du -sh dist/bedtime | cut -f1)
echo "bundle: dist/bedtime ($size), built and checked in $(($(date +%s) - started)) s"
