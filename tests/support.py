"""Running the real `bedtime` command in a subprocess, at a chosen time and zone."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


@dataclass
class Cli:
    data_dir: Path
    zone: str = "Europe/Amsterdam"
    at: str | None = None  # local wall time "YYYY-MM-DD HH:MM:SS" for faketime, None: real now

    def __call__(self, *args: str) -> Result:
        env = {**os.environ, "TZ": self.zone, "BEDTIME_DATA_DIR": str(self.data_dir)}
        command = [sys.executable, "-m", "bedtime", *args]
        if self.at is not None:
            faketime = shutil.which("faketime")
            if faketime is None:
                pytest.fail("faketime is needed for these tests: apt-get install faketime")
            # -f: the clock stands still, so "now" is exactly the time the test names.
            command = [faketime, "-f", self.at, *command]
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        return Result(done.returncode, done.stdout, done.stderr)

    def ok(self, *args: str) -> Result:
        result = self(*args)
        assert result.code == 0, result.err
        assert "Traceback" not in result.err
        return result

    def dump(self) -> list[str]:
        """The whole database as SQL, to prove a refused command wrote nothing."""
        conn = sqlite3.connect(self.data_dir / "bedtime.db")
        try:
            return list(conn.iterdump())
        finally:
            conn.close()
