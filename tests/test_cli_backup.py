"""`bedtime backup` and `bedtime import` on real files, `--version`, and a command line that
does not load Qt."""

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime import __version__
from bedtime.core.settings import Settings
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.crafted_backups import execute, good_backup, loosen, set_value
from tests.support import Cli, Result

Refuse = Callable[..., Result]
AMS = ZoneInfo("Europe/Amsterdam")


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask: files would be world-readable unless Bedtime says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def kept_copies(cli: Cli) -> list[Path]:
    return sorted(cli.data_dir.glob("bedtime.db.before-import-*"))


def test_a_backup_made_while_the_app_holds_the_file_has_the_latest_dose(
    cli: Cli, tmp_path: Path, loose_umask: None
) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150", "--stock", "30")
    # The running app's connection: its last dose is still only in the -wal.
    app = Store(open_database(cli.data_dir / "bedtime.db").conn)
    try:
        app.take(None, None, datetime(2026, 11, 20, 21, tzinfo=UTC), AMS, Settings())
        assert (cli.data_dir / "bedtime.db-wal").stat().st_size > 0
        target = tmp_path / "saved.db"
        result = cli.ok("backup", str(target))
        assert result.out.strip() == f"Backed up to {target}"
        assert mode(target) == 0o600
        copy = Store(open_database(target).conn)
        assert [i.mg for i in copy.intakes()] == [150]
        assert copy.supplement(None).stock_units == 29
        copy.conn.close()
    finally:
        app.conn.close()


def test_a_backup_replaces_a_world_readable_file_with_a_private_one(
    cli: Cli, tmp_path: Path, loose_umask: None
) -> None:
    target = tmp_path / "saved.db"
    target.write_text("an older file")
    target.chmod(0o644)
    cli.ok("backup", str(target))
    assert mode(target) == 0o600


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("folder", "must be a file, not a folder"),
        ("missing/saved.db", "must be in an existing folder"),
        ("data", "must not be the data file itself"),
        ("", "must be a file name"),
    ],
)
def test_a_backup_to_a_bad_place_is_refused(
    cli: Cli, refused_cleanly: Refuse, tmp_path: Path, where: str, problem: str
) -> None:
    (tmp_path / "folder").mkdir()
    target = {"data": str(cli.data_dir / "bedtime.db"), "": ""}.get(where, str(tmp_path / where))
    result = refused_cleanly("backup", target)
    assert result.err.startswith("bedtime: error: backup file: ")
    assert problem in result.err


def test_import_brings_back_a_backup_and_keeps_the_data_as_it_was(
    cli: Cli, tmp_path: Path, loose_umask: None
) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    cli.ok("config", "set", "offset", "90")
    cli.ok("backup", str(tmp_path / "saved.db"))
    cli.ok("take")
    cli.ok("config", "set", "offset", "45")
    result = cli.ok("import", str(tmp_path / "saved.db"))
    [kept] = kept_copies(cli)
    assert result.out.strip() == (
        f"Imported {tmp_path / 'saved.db'}; your earlier data is kept at {kept}"
    )
    assert json.loads(cli.ok("history", "--nights", "1", "--json").out)[0]["intakes"] == []
    assert "offset = 90" in cli.ok("config", "show").out
    assert mode(kept) == 0o600
    before = Store(open_database(kept).conn)
    assert len(before.intakes()) == 1
    assert before.settings()[0].offset_minutes == 45
    before.conn.close()


def bad_backups(folder: Path) -> dict[str, Path]:
    text = folder / "notes.db"
    text.write_text("not a database at all\n")
    other = folder / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE songs (title TEXT)")
    conn.commit()
    conn.close()
    damaged = folder / "damaged.db"
    damaged.write_bytes(b"SQLite format 3\x00" + b"\xff" * 4000)
    return {
        "text": text,
        "other": other,
        "damaged": damaged,
        "missing": folder / "missing.db",
        "folder": folder,
    }


@pytest.mark.parametrize("kind", ["text", "other", "damaged", "missing", "folder"])
def test_a_bad_backup_is_refused_and_changes_nothing(
    cli: Cli, refused_cleanly: Refuse, tmp_path: Path, kind: str
) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    cli.ok("take")
    source = bad_backups(tmp_path)[kind]
    result = refused_cleanly("import", str(source))
    assert result.err.startswith("bedtime: error: backup file: must be a Bedtime backup") or (
        kind == "damaged" and "cannot be read" in result.err
    )
    assert kept_copies(cli) == []


def test_import_of_the_empty_name_is_refused(cli: Cli, refused_cleanly: Refuse) -> None:
    result = refused_cleanly("import", " ")
    # Only blanks typed: nothing to echo back.
    assert result.err.strip() == "bedtime: error: backup file: must be a file name"


def test_version_names_the_runtime_and_the_paths(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    lines = cli.ok("--version").out.splitlines()
    import PySide6
    from PySide6.QtCore import qVersion

    python = sys.version.split()[0]
    assert lines == [
        f"bedtime {__version__}",
        f"Python {python}, Qt {qVersion()}, PySide6 {PySide6.__version__}",
        f"Data: {cli.data_dir / 'bedtime.db'}",
        f"Log: {tmp_path / 'state' / 'bedtime' / 'log' / 'bedtime.log'}",
    ]
    # Asking for the version writes nothing.
    assert not cli.data_dir.exists() and not (tmp_path / "state").exists()


@pytest.mark.parametrize("args", [["status"], ["backup", "{tmp}/saved.db"], ["--help"]])
def test_commands_do_not_load_qt(tmp_path: Path, args: list[str]) -> None:
    """Commands start in a fraction of the time the tray app needs: Qt is only for the app."""
    argv = ["--data-dir", str(tmp_path / "data"), *(a.format(tmp=tmp_path) for a in args)]
    probe = (
        "import sys\n"
        "from bedtime.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(loaded, file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert done.stderr.strip().splitlines()[-1] == "[]"


def crafted(tmp_path: Path, kind: str) -> Path:
    source = good_backup(tmp_path / f"{kind}.db")
    if kind == "recursive view":
        execute(
            source,
            "DROP TABLE intakes",
            "CREATE VIEW intakes AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1"
            " FROM n) SELECT * FROM n",
        )
    elif kind == "newer":
        execute(source, "PRAGMA user_version = 99")
    else:
        table, column, value = {
            "night": ("diary", "night", "not-a-date"),
            "zone": ("intakes", "zone", "Nowhere/Atlantis"),
            "form": ("supplements", "form", "unobtainium"),
            "time": ("diary", "in_bed", "99:99"),
            "note": ("diary", "note", "z" * 5_000_000),
        }[kind]
        set_value(source, table, column, value)
    return source


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        (
            "night",
            "sleep diary row 1, night: must be a date YYYY-MM-DD from 2000 on (got 'not-a-date')",
        ),
        ("zone", "doses row 1, zone: must be a time zone such as Europe/Amsterdam"),
        ("form", "supplements row 1, form: must be one of bisglycinate, citrate"),
        (
            "time",
            "sleep diary row 1, into bed: must be a time HH:MM from 00:00 to 23:59 (got '99:99')",
        ),
        ("note", "sleep diary row 1, note: must be at most 1000 characters (got 'zzzz"),
        ("recursive view", "in place of its doses table it has a view"),
        ("newer", "was made by a newer Bedtime; update Bedtime first"),
    ],
)
def test_a_crafted_backup_is_refused_with_one_line_naming_the_field(
    cli: Cli, refused_cleanly: Refuse, tmp_path: Path, kind: str, message: str
) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    cli.ok("take")
    result = refused_cleanly("import", str(crafted(tmp_path, kind)))
    assert result.err.startswith("bedtime: error: backup file: ")
    assert message in result.err
    assert len(result.err) < 400
    assert kept_copies(cli) == []
    assert not list(cli.data_dir.glob(".bedtime-import-*"))


def test_an_older_backup_with_old_values_imports_and_every_command_reads_it(
    cli: Cli, tmp_path: Path
) -> None:
    source = good_backup(tmp_path / "saved.db")
    loosen(source, "supplements")
    execute(
        source,
        "UPDATE supplements SET form = 'glycinaat', mg_per_unit = 7500",
        "UPDATE diary SET final_wake = '6:45'",
    )
    result = cli.ok("import", str(source))
    assert result.out.splitlines()[1:] == [
        "Imported as it was or set right (4 values):",
        "  supplements row 1, form: set right to 'bisglycinate' (was 'glycinaat')",
        "  supplements row 1, mg per unit: kept as it was (7500), though new input must be a "
        "number above 0 and at most 5000",
        "  supplements row 1: kept as it was, though Bedtime would now ask first: one dose of "
        "Mg citrate (2 × 7500 mg = 15000 mg) is above your daily limit of 350 mg on its own",
        "  sleep diary row 1, woke up: set right to '06:45' (was '6:45')",
    ]
    for command in (
        ["status"],
        ["history", "--nights", "400"],
        ["supplement", "list"],
        ["export", str(tmp_path / "log.csv")],
        ["history", "--json"],
    ):
        cli.ok(*command)
    assert "Mg citrate" in cli.ok("supplement", "list").out
