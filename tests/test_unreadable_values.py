"""A value in the data file that no Bedtime wrote (edited by hand, or a bit flipped inside a
value where no SQLite check can see it): one clear line and exit 1, never a traceback."""

import sqlite3

import pytest

from tests.support import Cli

# Each is read by `history` (the last 14 nights), so each must be refused there. A night that
# is no date is never read: SQL's BETWEEN on ISO dates leaves it out, which is harmless.
BAD_VALUES = [
    ("intakes", "zone", "Mars/Olympus_Mons"),
    ("intakes", "at_utc", "2026-11-20T21:00:00"),  # no zone: compared with aware instants
    ("intakes", "bedtime_utc", "tomorrow"),
    ("diary", "in_bed", "99:99"),
    ("diary", "zone", "no such zone"),
]


@pytest.fixture
def logged(cli: Cli) -> Cli:
    cli.at = "2026-11-20 21:00:00"
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "100")
    cli.ok("take")
    cli.ok("config", "set", "bedtime", "23:00")
    cli.at = "2026-11-21 08:00:00"
    cli.ok("rate", "4", "--in-bed", "23:10", "--woke", "07:00")
    cli.ok("status")  # records first use, so the runs below have nothing of their own to write
    conn = sqlite3.connect(cli.data_dir / "bedtime.db")
    with conn:
        conn.execute(
            "INSERT INTO night_events (night, kind, at_utc) VALUES"
            " ('2026-11-20', 'skipped', '2026-11-20T20:00:00+00:00')"
        )
    conn.close()
    return cli


@pytest.mark.parametrize(("table", "column", "value"), BAD_VALUES)
@pytest.mark.parametrize("command", [("status",), ("history",), ("history", "--json")])
def test_an_unreadable_value_is_one_clear_line(
    logged: Cli, table: str, column: str, value: str, command: tuple[str, ...]
) -> None:
    conn = sqlite3.connect(logged.data_dir / "bedtime.db")
    with conn:
        conn.execute(f"UPDATE {table} SET {column} = ?", (value,))
    conn.close()
    before = logged.dump()
    result = logged(*command)
    assert "Traceback" not in result.err
    # status reads tonight's doses (not last night's) and the latest diary entry
    reads_it = command != ("status",) or table == "diary"
    assert result.code == (1 if reads_it else 0), result.err
    if result.code == 1:
        [line] = result.err.strip().splitlines()
        assert line.startswith("bedtime: error: the data file holds ")
        assert "cannot read" in line
    assert logged.dump() == before
