"""Settings and History at their default size, at 100 % and 200 % scale: every column whole,
no sideways scrolling, the window on the screen; on a small screen, at least on the screen.

Each scale runs in its own process (tests/ui/fit_worker.py), since Qt fixes the scale when
the application starts. The offscreen screen is given a desktop's size: 1280×800 at 100 %,
and the same room in logical pixels (2560×1600) at 200 %; a netbook's 1024×600.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_worker(tmp_path: Path, scale: int, width: int = 1280, height: int = 800) -> dict:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "desktop",
                        "x": 0,
                        "y": 0,
                        "width": width * scale,
                        "height": height * scale,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    data = tmp_path / "data"
    data.mkdir()
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": str(scale),
        "TZ": "Europe/Amsterdam",
    }
    done = subprocess.run(
        [sys.executable, "-m", "tests.ui.fit_worker", str(data)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("scale", [1, 2])
def test_tables_show_every_column_whole(tmp_path: Path, scale: int) -> None:
    report = run_worker(tmp_path, scale)
    assert report["scale"] == scale
    for window in ("settings", "history"):
        fit = report[window]
        cut = [(title, width, needed) for title, width, needed in fit["columns"] if width < needed]
        assert cut == [], f"{window}: columns narrower than their text"
        assert not fit["scroll_bar"], f"{window}: scrolls sideways"
        assert fit["fits_screen"], f"{window}: larger than the screen"


def test_on_a_small_screen_the_windows_stay_on_it(tmp_path: Path) -> None:
    report = run_worker(tmp_path, 1, 1024, 600)
    assert report["settings"]["fits_screen"]
    assert report["history"]["fits_screen"]
