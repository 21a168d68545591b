#!/usr/bin/env bash
# Build the sdist and wheel into dist/, then prove the wheel installs and runs on its own:
# a clean virtual environment, the wheel alone, and `bedtime --version` and `status`.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf dist
uv build --quiet
wheel=$(ls dist/bedtime-*.whl)
check=$(mktemp -d)
trap 'rm -rf "$check"' EXIT
uv venv --quiet "$check/venv"
uv pip install --quiet --python "$check/venv/bin/python" "$wheel"
"$check/venv/bin/bedtime" --version
BEDTIME_DATA_DIR="$check/data" "$check/venv/bin/bedtime" status >/dev/null
echo "built: $(ls dist)"
