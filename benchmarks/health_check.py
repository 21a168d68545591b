"""What checking the data file for damage costs, on ten years of nights.

Seeds ten years (3650 nights: a dose and a diary entry nearly every night) in a temporary
folder through the real store, then measures, each as the median of REPEATS runs:

- quick_check and integrity_check on a connection of their own (the page cache cold for
  SQLite, warm for the OS, as on a second start of the day);
- open_database as a whole (the -wal read, integrity_check, the pragmas);
- reading a -wal of 1000 frames by its format (SQLite checkpoints at 1000 pages, so a -wal
  left by a crash is no larger), which every open does when one is there;
- recovering every row of the ten years into a fresh file, as after damage.

Usage: uv run python benchmarks/health_check.py [REPEATS]
"""

import shutil
import sqlite3
import statistics
import sys
import tempfile
import time as clock
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))

from demo_data import seed

from bedtime.store import recovery, wal
from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store


def median_ms(repeats: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeats):
        start = clock.perf_counter()
        run()
        times.append((clock.perf_counter() - start) * 1000)
    return statistics.median(times)


def pragma(path: Path, name: str) -> None:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute(f"PRAGMA {name}").fetchall() == [("ok",)]
    finally:
        conn.close()


def reopen(path: Path) -> None:
    opened = open_database(path)
    assert opened.notices == []
    opened.conn.close()


def full_wal(folder: Path) -> Path:
    """A -wal of 1000 frames or a few more, copied as a crash would leave it."""
    live = folder / "live.db"
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE t (x)")
    frame = 24 + conn.execute("PRAGMA page_size").fetchone()[0]
    while Path(f"{live}-wal").stat().st_size < wal.HEADER_SIZE + 1000 * frame:
        conn.execute("INSERT INTO t VALUES (randomblob(100))")
    copy = folder / "crashed.db-wal"
    shutil.copyfile(f"{live}-wal", copy)
    conn.close()
    return copy


def recover_all(path: Path, scratch: Path) -> int:
    image, target = scratch / "image.db", scratch / "recovered.db"
    for file in (image, target):
        file.unlink(missing_ok=True)
    recovery.write_image(path, None, image)
    source = recovery.open_image(image)
    conn = sqlite3.connect(target, isolation_level=None)
    try:
        for step in MIGRATIONS:
            for statement in step:
                conn.execute(statement)
        return sum(recovery.copy_rows(source, conn).values())
    finally:
        conn.close()
        source.close()


def main(argv: list[str]) -> None:
    repeats = int(argv[0]) if argv else 20
    with tempfile.TemporaryDirectory(prefix="bedtime-bench-") as folder:
        path = Path(folder) / "bedtime.db"
        store = Store(open_database(path).conn)
        seed(store, 3650)
        store.conn.close()
        rows = recover_all(path, Path(folder))
        wal_file = full_wal(Path(folder))
        log = wal.read(wal_file)
        assert log is not None and len(log.frames) >= 1000 and not log.damaged
        print(f"ten years: {path.stat().st_size / 1e6:.1f} MB, {rows} rows; {repeats} runs each")
        print(f"{'':<36}{'median ms':>10}")
        figures = {
            "quick_check": lambda: pragma(path, "quick_check"),
            "integrity_check": lambda: pragma(path, "integrity_check"),
            "open_database (integrity_check)": lambda: reopen(path),
            f"read a -wal of {len(log.frames)} frames": lambda: wal.read(wal_file),
            "recover every row": lambda: recover_all(path, Path(folder)),
        }
        for name, run in figures.items():
            print(f"{name:<36}{median_ms(repeats, run):>10.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
