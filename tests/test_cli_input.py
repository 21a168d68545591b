"""Awkward input through the real command: Unicode names, ambiguous numbers, odd dates and
folders. Each case once produced a wrong result, a traceback or a write it should not have."""

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import Cli, Result

Refuse = Callable[..., Result]


class TestNames:
    def test_names_differing_only_in_non_ascii_case_clash(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        cli.ok("supplement", "add", "Ölmag", "--mg-per-unit", "100")
        assert refused_cleanly("supplement", "add", "ölmag", "--mg-per-unit", "150").err.startswith(
            "bedtime: error: name: "
        )
        assert "Ölmag" in cli.ok("take", "ÖLMAG").out

    def test_composed_and_decomposed_forms_are_one_name(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        cli.ok("supplement", "add", "Caf\u00e9", "--mg-per-unit", "100")
        refused_cleanly("supplement", "add", "Cafe\u0301", "--mg-per-unit", "100")
        cli.ok("supplement", "restock", "CAFE\u0301", "5")

    @pytest.mark.parametrize("name", ["Mag\udcff", "two\nlines", "tab\there"])
    def test_unreadable_names_are_refused(self, refused_cleanly: Refuse, name: str) -> None:
        # "\udcff" is how Python receives an argument that is not valid UTF-8.
        result = refused_cleanly("supplement", "add", name, "--mg-per-unit", "100")
        assert result.err.startswith("bedtime: error: name: ")

    @pytest.mark.parametrize(
        "hidden", ["\u200b", "\u200d", "\u2060", "\u202e", "\u202d", "\u2066", "\ufeff", "\u00ad"]
    )
    def test_invisible_formatting_in_a_name_is_refused(
        self, cli: Cli, refused_cleanly: Refuse, hidden: str
    ) -> None:
        # "A" + U+200B + "B" prints as "AB": two supplements that look like one.
        cli.ok("supplement", "add", "AB", "--mg-per-unit", "100")
        result = refused_cleanly("supplement", "add", f"A{hidden}B", "--mg-per-unit", "100")
        assert result.err.startswith(
            "bedtime: error: name: must not contain invisible formatting characters "
            f"(found U+{ord(hidden):04X})"
        )
        assert [s["name"] for s in cli.ok("supplement", "list", "--json").json()] == ["AB"]

    def test_invalid_utf8_in_a_note_is_refused(self, cli: Cli, refused_cleanly: Refuse) -> None:
        cli.at = "2026-11-21 08:00:00"
        assert refused_cleanly("rate", "3", "--note", "bad\udcfe").err.startswith(
            "bedtime: error: note: "
        )

    @pytest.mark.parametrize(
        "override",
        [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))],
    )
    def test_a_note_refuses_what_reorders_the_text_after_it(
        self, cli: Cli, refused_cleanly: Refuse, override: str
    ) -> None:
        # "dose 2\u202e01 gm" prints as "dose 2mg 10": the note would lie about itself.
        cli.at = "2026-11-21 08:00:00"
        result = refused_cleanly("rate", "3", "--note", f"dose 2{override}01 gm")
        assert result.err.startswith(
            "bedtime: error: note: must not contain characters that reorder the text after "
            f"them (found U+{ord(override):04X})"
        )
        assert all(night["diary"] is None for night in cli.ok("history", "--json").json())

    def test_a_note_keeps_emoji_joiners_and_direction_marks(self, cli: Cli) -> None:
        cli.at = "2026-11-21 08:00:00"
        family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # one emoji, by joiners
        note = f"woke with {family} at 3, \u05e9\u05dc\u05d5\u05dd\u200f."
        cli.ok("rate", "3", "--note", note)
        notes = [n["diary"]["note"] for n in cli.ok("history", "--json").json() if n["diary"]]
        assert notes == [note]

    def test_restock_hint_is_quoted_for_the_shell(self, cli: Cli, refused_cleanly: Refuse) -> None:
        cli.ok("supplement", "add", "Ölmag bis", "--mg-per-unit", "100", "--stock", "0.5")
        assert "bedtime supplement restock 'Ölmag bis' UNITS" in refused_cleanly("take", code=3).err


@pytest.mark.parametrize("stock", ["1,000", "1e-4", "1_000", "\u0663", "+5", "0x10"])
def test_numbers_must_be_plain_decimals(refused_cleanly: Refuse, stock: str) -> None:
    result = refused_cleanly("supplement", "add", "X", "--mg-per-unit", "100", "--stock", stock)
    assert result.err.startswith("bedtime: error: stock: ")


def test_decimal_comma_is_accepted(cli: Cli) -> None:
    cli.ok("supplement", "add", "X", "--mg-per-unit", "100", "--stock", "2,5")
    assert cli.ok("supplement", "list", "--json").json()[0]["stock_units"] == 2.5


class TestSchedule:
    def test_a_morning_bedtime_is_refused(self, refused_cleanly: Refuse) -> None:
        result = refused_cleanly("config", "set", "bedtime", "04:30")
        assert result.err.startswith("bedtime: error: bedtime: must be from 12:00 to 23:59")

    def test_the_boundary_cannot_cut_off_an_after_midnight_bedtime(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        cli.ok("config", "set", "bedtime.sat", "00:30")
        result = refused_cleanly("config", "set", "day_boundary", "00:00")
        assert "bedtime.sat is 00:30" in result.err

    def test_keys_are_case_insensitive(self, cli: Cli) -> None:
        assert cli.ok("config", "set", "Bedtime.MON", "22:00").out.strip() == "bedtime.mon = 22:00"

    def test_status_names_the_day_of_an_after_midnight_bedtime(self, cli: Cli) -> None:
        cli.at = "2026-11-20 20:00:00"
        cli.ok("config", "set", "bedtime.fri", "00:30")
        assert "bedtime Sat 00:30" in cli.ok("status").out

    def test_a_dose_before_a_bedtime_the_gap_pushed_past_the_boundary_is_that_nights(
        self, cli: Cli
    ) -> None:
        # Bedtime 02:30, boundary 03:00; on 29 March the clock jumps 02:00 → 03:00, so
        # Saturday's bedtime is 03:30 and a dose at 03:10 is still Saturday's.
        cli.ok("config", "set", "bedtime", "02:30")
        cli.ok("config", "set", "day_boundary", "03:00")
        cli.ok("supplement", "add", "Mg", "--mg-per-unit", "100")
        cli.at = "2026-03-29 03:10:00"
        assert "night of Sat 28 Mar" in cli.ok("take").out
        # Sunday's reminder is still ahead, not skipped as taken.
        cli.at = "2026-03-29 12:00:00"
        status = cli.ok("status", "--json").json()
        assert status["next_reminder_night"] == "2026-03-29"
        assert status["next_reminder"] == "2026-03-30T01:30:00+02:00"
        assert status["taken_tonight"] is False


class TestRatingNights:
    @pytest.mark.parametrize("night", ["20261118", "2026-W47-3", "1900-01-01", "2026-11-21"])
    def test_night_must_be_a_past_night_written_yyyy_mm_dd(
        self, cli: Cli, refused_cleanly: Refuse, night: str
    ) -> None:
        cli.at = "2026-11-21 19:00:00"  # tonight's bedtime has not passed yet
        assert refused_cleanly("rate", "3", "--night", night).err.startswith(
            "bedtime: error: night: "
        )

    def test_rating_again_says_it_replaces(self, cli: Cli) -> None:
        cli.at = "2026-11-21 08:00:00"
        cli.ok("rate", "5", "--latency", "10")
        assert "replaces the earlier entry for that night (5/5)" in cli.ok("rate", "2").out


class TestNothingWritten:
    def test_bad_input_on_a_first_run_leaves_no_files(self, tmp_path: Path) -> None:
        fresh = Cli(tmp_path / "new" / "data")
        for args in (["config", "set", "offset", "29"], ["rate", "9"], ["take"]):
            result = fresh(*args)
            assert result.code == 2, result.err
            assert not (tmp_path / "new").exists()

    def test_empty_data_dir_is_bad_input(self, cli: Cli) -> None:
        result = cli("--data-dir", "", "status")
        assert result.code == 2
        assert result.err.startswith("bedtime: error: data-dir: ")

    def test_first_run_shows_the_caution_once(self, cli: Cli) -> None:
        assert "talk to a doctor" in cli.ok("status").err
        assert "talk to a doctor" not in cli.ok("status").err


class TestExport:
    def test_a_folder_is_not_a_file(self, refused_cleanly: Refuse, tmp_path: Path) -> None:
        (tmp_path / "dir.csv").mkdir()
        result = refused_cleanly("export", str(tmp_path / "dir.csv"))
        assert result.err.startswith("bedtime: error: FILE: must be a file")

    def test_empty_name(self, refused_cleanly: Refuse) -> None:
        # Nothing typed is not echoed back as "(got '')".
        err = refused_cleanly("export", "").err
        assert err == "bedtime: error: FILE: must be a file name ending in .csv\n"

    def test_text_never_becomes_a_formula(self, cli: Cli, tmp_path: Path) -> None:
        cli.ok("supplement", "add", "=HYPERLINK(1)", "--mg-per-unit", "100")
        cli.at = "2026-11-20 22:00:00"
        cli.ok("take")
        cli.at = "2026-11-21 08:00:00"
        cli.ok("rate", "3", "--note", "+1 extra glass")
        cli.ok("export", str(tmp_path / "out.csv"))
        text = (tmp_path / "out.csv").read_text(encoding="utf-8")
        assert ",1 x =HYPERLINK(1)," in text  # starts with a digit: never a formula
        assert ",'+1 extra glass" in text


def test_a_closed_pipe_ends_quietly(cli: Cli) -> None:
    cli.ok("status")
    env = {**os.environ, "TZ": cli.zone, "BEDTIME_DATA_DIR": str(cli.data_dir)}
    done = subprocess.run(
        f"'{sys.executable}' -m bedtime history --nights 20000 | head -n 1",
        shell=True,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1


class TestWording:
    def test_one_night_left(self, cli: Cli) -> None:
        cli.ok("supplement", "add", "X", "--mg-per-unit", "100", "--stock", "2")
        result = cli.ok("take")
        assert "(1 night left)" in result.out
        assert "running low (1 night left)" in result.err

    def test_undo_of_an_untracked_stock_promises_nothing(self, cli: Cli) -> None:
        cli.ok("supplement", "add", "X", "--mg-per-unit", "100")
        cli.ok("take")
        assert "stock" not in cli.ok("undo").out

    def test_a_forced_dose_shows_it_is_over_the_limit(self, cli: Cli) -> None:
        cli.at = "2026-11-20 22:00:00"
        cli.ok("supplement", "add", "X", "--mg-per-unit", "200")
        cli.ok("take")
        assert "above your limit of 350 mg" in cli.ok("take", "--force").out
        assert "above your limit of 350 mg" in cli.ok("status").out
