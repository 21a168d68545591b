#!/usr/bin/env bash
# Build the sdist and wheel into dist/, check what the wheel carries, then prove each install
# route gives a working `bedtime` from a clean start: `uv tool install` of the wheel and of
# the source folder, and `pipx install` of the wheel. Each runs with a home, tool folders and
# data folder of its own (the download caches are shared, so it needs the network only once):
# `bedtime --version`, `bedtime status --json` on an empty data folder, and `bedtime desktop
# install` putting a menu entry that starts the installed launcher.
#
# Needs uv; pipx is used from PATH, else run through `uvx pipx`.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

fail() { printf 'install-check: FAILED: %s\n' "$*" >&2; exit 1; }

rm -f dist/bedtime-*.whl dist/bedtime-*.tar.gz
# The wheel is built from the sdist, so a file missing from the sdist shows up here too.
uv build --quiet --out-dir dist
wheel=$(ls dist/bedtime-*.whl)
echo "built: $(cd dist && ls bedtime-*.whl bedtime-*.tar.gz | tr '\n' ' ')"

# What the app loads at run time must be in the wheel (every file of resources/, as
# bedtime/resources/), and the licence with it.
list_wheel='import sys, zipfile; print(*zipfile.ZipFile(sys.argv[1]).namelist(), sep="\n")'
names=$(python3 -c "$list_wheel" "$wheel")
version=$(basename "$wheel" | cut -d- -f2)
needed=(bedtime/cli/main.py "bedtime-$version.dist-info/licenses/LICENSE")
while IFS= read -r file; do
  needed+=("bedtime/$file")
done < <(find resources -type f | sort)
for file in "${needed[@]}"; do
  grep -Fqx "$file" <<<"$names" || fail "the wheel has no $file"
done
echo "wheel: carries the LICENSE and all ${#needed[@]} files it needs, resources/ among them"

# Where the caches are now, before HOME moves.
uv_cache=$(uv cache dir)
pip_cache=${PIP_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pip}
uv_bin=$(command -v uv)
if command -v pipx >/dev/null; then
  pipx=("$(command -v pipx)")
else
  pipx=("$uv_bin" tool run --quiet pipx)
fi

check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT

# route NAME COMMAND…: run COMMAND in a fresh home; it must leave a `bedtime` in $HOME/bin.
route() {
  local name=$1
  shift
  local home=$check/$name
  mkdir -p "$home/data"
  (
    export HOME=$home UV_CACHE_DIR=$uv_cache PIP_CACHE_DIR=$pip_cache
    export XDG_CONFIG_HOME=$home/.config XDG_DATA_HOME=$home/.local/share
    export XDG_STATE_HOME=$home/.local/state XDG_CACHE_HOME=$home/.cache
    export UV_TOOL_DIR=$home/uv-tools UV_TOOL_BIN_DIR=$home/bin
    export PIPX_HOME=$home/pipx PIPX_BIN_DIR=$home/bin PIPX_MAN_DIR=$home/man
    # Nothing from the checkout's environment: only the system's programs and the new bin.
    unset VIRTUAL_ENV BEDTIME_DATA_DIR
    export PATH=$home/bin:/usr/local/bin:/usr/bin:/bin
    "$@" >"$home/install.log" 2>&1 || fail "$name: install failed: $(cat "$home/install.log")"
    launcher=$(command -v bedtime) || fail "$name: no bedtime on PATH after the install"
    [ "$launcher" = "$home/bin/bedtime" ] || fail "$name: bedtime is $launcher, not the new one"
    version=$(bedtime --version) || fail "$name: bedtime --version failed"
    version=$(sed -n 1p <<<"$version")
    bedtime --data-dir "$home/data" status --json >"$home/status.json" 2>"$home/status.err" \
      || fail "$name: status --json failed: $(cat "$home/status.err")"
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$home/status.json" \
      || fail "$name: status --json printed no JSON: $(cat "$home/status.json")"
    # The menu entry, from the files the wheel carries, starts this very launcher.
    bedtime desktop install >"$home/desktop.log" 2>&1 \
      || fail "$name: bedtime desktop install failed: $(cat "$home/desktop.log")"
    entry=$XDG_DATA_HOME/applications/org.bedtime.Bedtime.desktop
    grep -qx "Exec=$home/bin/bedtime" "$entry" \
      || fail "$name: the menu entry does not start $home/bin/bedtime: $(cat "$entry")"
    if command -v desktop-file-validate >/dev/null; then
      desktop-file-validate "$entry" || fail "$name: the menu entry is not valid"
    fi
    echo "$name: ok ($version)"
  )
}

route uv-tool-wheel "$uv_bin" tool install "$root/$wheel"
route uv-tool-source "$uv_bin" tool install "$root"
route pipx-wheel "${pipx[@]}" install "$root/$wheel"
echo "install-check: every route works"
