"""The `bedtime` command line as a contract: real process, real database, faked clock."""

import csv
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import Cli, Result

Refuse = Callable[..., Result]


class TestStatus:
    def test_fields_of_a_fresh_install(self, cli: Cli) -> None:
        cli.at = "2026-11-20 21:00:00"
        status = cli.ok("status", "--json").json()
        assert status["now"] == "2026-11-20T21:00:00+01:00"
        assert status["night"] == "2026-11-20"
        assert status["bedtime"] == "2026-11-20T23:00:00+01:00"
        assert status["reminder"] == "2026-11-20T22:00:00+01:00"
        assert status["next_reminder"] == "2026-11-20T22:00:00+01:00"
        assert status["offset_minutes"] == 60
        assert status["taken_tonight"] is False
        assert status["day_total_mg"] == 0
        assert (status["target_mg"], status["limit_mg"]) == (300, 350)
        assert status["supplements"] == []
        assert status["last_rating"] is None

    def test_after_midnight_is_still_the_evening_before(self, cli: Cli) -> None:
        cli.at = "2026-11-21 00:30:00"
        status = cli.ok("status", "--json").json()
        assert status["night"] == "2026-11-20"
        assert status["bedtime"] == "2026-11-20T23:00:00+01:00"  # past, still shown
        assert status["next_reminder"] == "2026-11-21T22:00:00+01:00"

    def test_bedtime_after_midnight_reminds_the_evening_before(self, cli: Cli) -> None:
        cli.at = "2026-11-20 20:00:00"  # a Friday
        cli.ok("config", "set", "bedtime.fri", "00:30")
        cli.ok("config", "set", "offset", "120")
        status = cli.ok("status", "--json").json()
        assert status["bedtime"] == "2026-11-21T00:30:00+01:00"
        assert status["reminder"] == "2026-11-20T22:30:00+01:00"

    def test_spring_forward_gap_moves_bedtime_and_keeps_the_offset(self, cli: Cli) -> None:
        cli.at = "2026-03-28 20:00:00"
        cli.ok("config", "set", "bedtime", "02:30")
        cli.ok("config", "set", "offset", "90")
        status = cli.ok("status", "--json").json()
        assert status["bedtime"] == "2026-03-29T03:30:00+02:00"
        assert status["reminder"] == "2026-03-29T01:00:00+01:00"  # 90 real minutes earlier

    def test_fall_back_night_uses_the_first_occurrence(self, cli: Cli) -> None:
        cli.at = "2026-10-24 20:00:00"
        cli.ok("config", "set", "bedtime", "02:30")
        status = cli.ok("status", "--json").json()
        assert status["bedtime"] == "2026-10-25T02:30:00+02:00"
        assert status["reminder"] == "2026-10-25T01:30:00+02:00"

    def test_lord_howe_half_hour_shift(self, cli: Cli) -> None:
        cli.zone, cli.at = "Australia/Lord_Howe", "2026-10-03 20:00:00"
        cli.ok("config", "set", "bedtime", "02:15")
        cli.ok("config", "set", "offset", "30")
        status = cli.ok("status", "--json").json()
        assert status["bedtime"] == "2026-10-04T02:45:00+11:00"
        assert status["reminder"] == "2026-10-04T01:45:00+10:30"

    def test_the_zone_is_read_at_each_run(self, cli: Cli) -> None:
        cli.at = "2026-11-20 21:00:00"
        cli.zone = "America/New_York"
        status = cli.ok("status", "--json").json()
        assert status["now"].endswith("-05:00")
        assert status["reminder"] == "2026-11-20T22:00:00-05:00"

    def test_unknown_zone_is_bad_input(self, cli: Cli) -> None:
        cli.zone = "Mars/Olympus_Mons"
        result = cli("status")
        assert result.code == 2
        assert result.err.startswith("bedtime: error: TZ: ")


class TestConfig:
    def test_set_and_show(self, cli: Cli) -> None:
        assert cli.ok("config", "set", "offset", "45").out.strip() == "offset = 45"
        cli.ok("config", "set", "bedtime", "22:30")
        cli.ok("config", "set", "bedtime.sat", "00:15")
        shown = dict(line.split(" = ") for line in cli.ok("config", "show").out.splitlines())
        assert shown["offset"] == "45"
        assert shown["bedtime.mon"] == "22:30"
        assert shown["bedtime.sat"] == "00:15"
        assert shown["wake"] == "07:30"

    @pytest.mark.parametrize(
        ("key", "value", "field"),
        [
            ("offset", "29", "offset"),
            ("offset", "121", "offset"),
            ("bedtime", "25:00", "bedtime"),
            ("bedtime.sun", "7pm", "bedtime.sun"),
            ("wake", "", "wake"),
            ("limit_mg", "-5", "limit_mg"),
            ("volume", "10", "key"),
        ],
    )
    def test_bad_values_are_refused(
        self, refused_cleanly: Refuse, key: str, value: str, field: str
    ) -> None:
        result = refused_cleanly("config", "set", key, value)
        assert result.err.startswith(f"bedtime: error: {field}: ")

    def test_a_hand_edited_bad_value_warns_and_uses_the_default(self, cli: Cli) -> None:
        import sqlite3

        cli.ok("config", "set", "offset", "90")
        conn = sqlite3.connect(cli.data_dir / "bedtime.db")
        with conn:
            conn.execute("UPDATE settings SET value = 'lots' WHERE key = 'offset'")
        conn.close()
        before = cli.dump()
        result = cli.ok("config", "show")
        assert "offset = 60" in result.out
        assert "offset" in result.err and "30 to 120" in result.err
        assert cli.dump() == before


class TestSupplements:
    def test_add_list_restock_remove(self, cli: Cli) -> None:
        cli.ok(
            "supplement",
            "add",
            "Mag Citraat",
            "--mg-per-unit",
            "200",
            "--stock",
            "30",
            "--form",
            "citraat",
            "--low-days",
            "5",
        )
        cli.ok(
            "supplement",
            "add",
            "Glycinate powder",
            "--mg-per-unit",
            "50",
            "--units-per-dose",
            "1.5",
        )
        listed = {s["name"]: s for s in cli.ok("supplement", "list", "--json").json()}
        assert listed["Mag Citraat"]["form"] == "citrate"
        assert listed["Mag Citraat"]["days_left"] == 30
        assert listed["Glycinate powder"]["stock_units"] is None
        assert listed["Glycinate powder"]["days_left"] is None
        cli.ok("supplement", "restock", "mag citraat", "10.5")
        listed = {s["name"]: s for s in cli.ok("supplement", "list", "--json").json()}
        assert listed["Mag Citraat"]["stock_units"] == 40.5
        cli.ok("supplement", "remove", "Glycinate powder")
        assert [s["name"] for s in cli.ok("supplement", "list", "--json").json()] == ["Mag Citraat"]

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            (["add", "X", "--mg-per-unit", "200", "--stock", "-1"], "stock"),
            (["add", "X", "--mg-per-unit", "0"], "mg-per-unit"),
            (["add", "X", "--mg-per-unit", "200", "--units-per-dose", "nan"], "units-per-dose"),
            (["add", "X", "--mg-per-unit", "200", "--form", "kryptonite"], "form"),
            (["add", " ", "--mg-per-unit", "200"], "name"),
            (["add", "citrate", "--mg-per-unit", "100"], "name"),  # same name, other case
            (["restock", "Nothing", "10"], "supplement"),
            (["restock", "Citrate", "-3"], "units"),
            (["restock", "Citrate", "60000"], "units"),  # an extra zero, not a pack
            (["remove", "Nothing"], "supplement"),
        ],
    )
    def test_bad_input_is_refused(
        self, cli: Cli, refused_cleanly: Refuse, args: list[str], field: str
    ) -> None:
        cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200")
        result = refused_cleanly("supplement", *args)
        assert result.err.startswith(f"bedtime: error: {field}: ")

    def test_one_dose_above_the_limit_is_refused_then_forced(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        # 14 × the limit: a slipped digit, or the compound's weight for the elemental one.
        result = refused_cleanly("supplement", "add", "Mag", "--mg-per-unit", "5000", code=3)
        assert result.err.startswith(
            "bedtime: refused: one dose of Mag (1 × 5000 mg = 5000 mg) is above your daily "
            "limit of 350 mg on its own;"
        )
        assert "--mg-per-unit" in result.err and "--force" in result.err
        # Units per dose × mg per unit: each allowed, together above the limit.
        result = refused_cleanly(
            "supplement", "add", "Mag", "--mg-per-unit", "200", "--units-per-dose", "2", code=3
        )
        assert "(2 × 200 mg = 400 mg)" in result.err
        cli.ok("supplement", "add", "Mag", "--mg-per-unit", "350")  # the limit itself is fine
        cli.ok("supplement", "add", "Big", "--mg-per-unit", "5000", "--force")
        listed = {
            s["name"]: s["mg_per_dose"] for s in cli.ok("supplement", "list", "--json").json()
        }
        assert listed == {"Big": 5000, "Mag": 350}

    def test_bad_input_comes_before_the_limit(self, refused_cleanly: Refuse) -> None:
        result = refused_cleanly(
            "supplement", "add", "Mag", "--mg-per-unit", "5000", "--stock", "x"
        )
        assert result.err.startswith("bedtime: error: stock: ")

    def test_a_lower_limit_names_the_doses_above_it(self, cli: Cli) -> None:
        cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200")
        cli.ok("supplement", "add", "Taurate", "--mg-per-unit", "100")
        cli.ok("config", "set", "target_mg", "150")
        result = cli.ok("config", "set", "limit_mg", "150")
        assert result.out.strip() == "limit_mg = 150"
        assert result.err.strip() == (
            "bedtime: warning: one dose of Citrate (1 × 200 mg = 200 mg) is above your daily "
            "limit of 150 mg on its own; taking it will need --force"
        )

    def test_restocks_cannot_pass_the_largest_stock(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200", "--stock", "99000")
        result = refused_cleanly("supplement", "restock", "Citrate", "2000")
        assert result.err.startswith("bedtime: error: units: must be at most 1000: Citrate has")

    def test_missing_required_option_is_one_line(self, refused_cleanly: Refuse) -> None:
        result = refused_cleanly("supplement", "add", "X")
        assert "--mg-per-unit" in result.err


class TestTake:
    @pytest.fixture(autouse=True)
    def evening(self, cli: Cli) -> None:
        cli.at = "2026-11-20 22:05:00"
        cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200", "--stock", "3")

    def test_the_only_supplement_needs_no_name(self, cli: Cli) -> None:
        cli.ok("take")
        status = cli.ok("status", "--json").json()
        assert status["taken_tonight"] is True
        assert status["day_total_mg"] == 200
        assert status["supplements"][0]["stock_units"] == 2

    def test_with_several_the_name_is_needed(self, cli: Cli, refused_cleanly: Refuse) -> None:
        cli.ok("supplement", "add", "Taurate", "--mg-per-unit", "100")
        result = refused_cleanly("take")
        assert "Citrate" in result.err and "Taurate" in result.err
        cli.ok("take", "taurate")

    def test_unknown_supplement(self, refused_cleanly: Refuse) -> None:
        assert "supplement: " in refused_cleanly("take", "Zinc").err

    def test_over_the_limit_is_refused_then_forced(self, cli: Cli, refused_cleanly: Refuse) -> None:
        cli.ok("take")
        result = refused_cleanly("take", code=3)
        assert "350 mg" in result.err and "--force" in result.err
        cli.ok("take", "--force")
        assert cli.ok("status", "--json").json()["day_total_mg"] == 400

    def test_more_than_the_stock_names_the_restock_command(
        self, cli: Cli, refused_cleanly: Refuse
    ) -> None:
        result = refused_cleanly("take", "--units", "4", "--force", code=3)
        assert "bedtime supplement restock Citrate UNITS" in result.err

    def test_half_a_tablet(self, cli: Cli) -> None:
        cli.ok("take", "--units", "0.5")
        status = cli.ok("status", "--json").json()
        assert status["day_total_mg"] == 100
        assert status["supplements"][0]["stock_units"] == 2.5

    def test_a_dose_after_midnight_counts_to_the_evening_before(self, cli: Cli) -> None:
        cli.at = "2026-11-21 00:30:00"
        cli.ok("take")
        history = cli.ok("history", "--nights", "2", "--json").json()
        # The 19th was before Bedtime was first used: not a night it planned, not listed.
        assert [(n["night"], n["total_mg"]) for n in history] == [("2026-11-20", 200)]

    def test_at_means_the_latest_such_time(self, cli: Cli) -> None:
        cli.at = "2026-11-21 00:20:00"
        cli.ok("take", "--at", "23:40")
        intake = cli.ok("history", "--nights", "1", "--json").json()[0]["intakes"][0]
        assert intake["at"] == "2026-11-20T23:40:00+01:00"
        assert intake["minutes_before_bedtime"] == -40

    def test_bad_at(self, refused_cleanly: Refuse) -> None:
        assert refused_cleanly("take", "--at", "24:00").err.startswith("bedtime: error: at: ")

    def test_undo_restores_the_stock(self, cli: Cli) -> None:
        cli.ok("take")
        cli.ok("take", "--units", "0.5")
        assert "0.5 × Citrate" in cli.ok("undo").out
        status = cli.ok("status", "--json").json()
        assert (status["day_total_mg"], status["supplements"][0]["stock_units"]) == (200, 2)
        cli.ok("undo")
        cli.ok("undo")  # nothing left: says so, changes nothing
        assert cli.ok("status", "--json").json()["supplements"][0]["stock_units"] == 3

    def test_removed_supplement_stays_in_history(self, cli: Cli) -> None:
        cli.ok("take")
        cli.ok("supplement", "remove", "Citrate")
        night = cli.ok("history", "--nights", "1", "--json").json()[0]
        assert night["intakes"][0]["name"] == "Citrate"
        assert night["intakes"][0]["mg"] == 200


class TestRate:
    def test_morning_rates_last_night(self, cli: Cli) -> None:
        cli.at = "2026-11-21 07:45:00"
        cli.ok(
            "rate", "4", "--latency", "15", "--awakenings", "2", "--awake", "10", "--note", "calm"
        )
        assert cli.ok("status", "--json").json()["last_rating"] == {
            "night": "2026-11-20",
            "rating": 4,
        }

    def test_rating_again_replaces(self, cli: Cli) -> None:
        cli.at = "2026-11-21 07:45:00"
        cli.ok("rate", "2")
        cli.ok("rate", "5")
        history = cli.ok("history", "--nights", "2", "--json").json()
        assert [n["rating"] for n in history] == [None, 5]

    def test_explicit_night(self, cli: Cli) -> None:
        cli.at = "2026-11-21 07:45:00"
        cli.ok("rate", "3", "--night", "2026-11-18")
        assert cli.ok("status", "--json").json()["last_rating"] == {
            "night": "2026-11-18",
            "rating": 3,
        }

    @pytest.mark.parametrize(
        ("args", "field"),
        [
            (["6"], "rating"),
            (["0"], "rating"),
            (["good"], "rating"),
            (["4", "--night", "2026-13-01"], "night"),
            (["4", "--night", "2026-11-25"], "night"),
            (["4", "--latency", "-5"], "latency"),
            (["4", "--awakenings", "many"], "awakenings"),
            (["4", "--woke", "7.30"], "woke"),
        ],
    )
    def test_bad_input(
        self, cli: Cli, refused_cleanly: Refuse, args: list[str], field: str
    ) -> None:
        cli.at = "2026-11-21 07:45:00"
        assert refused_cleanly("rate", *args).err.startswith(f"bedtime: error: {field}: ")

    @pytest.mark.parametrize(
        ("args", "message"),
        [
            (
                ["--in-bed", "23:00", "--woke", "22:00"],
                "woke (22:00) must be after in-bed (23:00) and at most 16 hours later "
                "(as given, 23 hours in bed)",
            ),
            (
                ["--in-bed", "23:00", "--woke", "07:00", "--latency", "600"],
                "latency (600 minutes) is longer than the time in bed (8 hours, 23:00 to 07:00)",
            ),
            (
                ["--awakenings", "0", "--awake", "20"],
                "awake (20) needs at least one awakening, but awakenings is 0",
            ),
            (
                ["--latency", "700", "--awake", "700"],
                "latency (700) and awake (700) add up to 1400 minutes, longer than a night in "
                "bed can be (16 hours)",
            ),
        ],
    )
    def test_items_that_contradict_each_other_are_refused(
        self, refused_cleanly: Refuse, args: list[str], message: str
    ) -> None:
        assert refused_cleanly("rate", "3", *args).err == f"bedtime: error: {message}\n"

    def test_a_night_across_midnight_is_fine(self, cli: Cli) -> None:
        cli.at = "2026-11-21 07:45:00"
        cli.ok("rate", "3", "--in-bed", "23:00", "--woke", "07:00", "--latency", "480")
        diary = cli.ok("history", "--nights", "2", "--json").json()[1]["diary"]
        assert diary["sleep_efficiency_pct"] == 0.0  # a night without sleep: unusual, true


def test_history_lists_nights_newest_first(cli: Cli) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    for day in ("18", "20"):
        cli.at = f"2026-11-{day} 22:00:00"
        cli.ok("take")
    cli.at = "2026-11-21 08:00:00"
    cli.ok("rate", "5")
    history = cli.ok("history", "--nights", "4", "--json").json()
    assert [n["night"] for n in history] == ["2026-11-21", "2026-11-20", "2026-11-19", "2026-11-18"]
    assert [n["total_mg"] for n in history] == [0, 150, 0, 150]
    assert history[1]["rating"] == 5
    assert history[1]["diary"]["latency_min"] is None
    assert history[0]["diary"] is None
    assert history[1]["intakes"] == [
        {
            "at": "2026-11-20T22:00:00+01:00",
            "name": "Citrate",
            "units": 1.0,
            "mg": 150.0,
            "minutes_before_bedtime": 60,
        }
    ]
    assert [n["status"] for n in history] == ["tonight", "taken", "missed", "taken"]
    lines = cli.ok("history", "--nights", "3").out.splitlines()
    assert lines[0].startswith("Sat 21 Nov ") and lines[0].endswith("not yet tonight")
    assert lines[1].startswith("Fri 20 Nov ") and "1 × Citrate at 22:00" in lines[1]
    assert lines[2].startswith("Thu 19 Nov ") and lines[2].endswith("missed")


def test_history_leaves_out_the_nights_before_first_use(cli: Cli) -> None:
    """First used on Wednesday morning: Tuesday night was never planned, in the command line
    as in the window."""
    cli.at = "2026-12-02 11:00:00"
    assert cli.ok("history", "--json").json() == [
        {
            "night": "2026-12-02",
            "status": "tonight",
            "total_mg": 0,
            "rating": None,
            "diary": None,
            "intakes": [],
        }
    ]
    cli.at = "2026-12-04 08:00:00"
    nights = [n["night"] for n in cli.ok("history", "--nights", "14", "--json").json()]
    assert nights == ["2026-12-04", "2026-12-03", "2026-12-02"]
    assert "Tue 1 Dec" not in cli.ok("history").out


def test_status_and_the_tray_agree_on_the_next_reminder_after_a_dose(cli: Cli) -> None:
    """Taken at 21:30 on Wednesday: the next reminder is Thursday's, as the tray says."""
    cli.at = "2026-12-02 12:00:00"
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    cli.at = "2026-12-02 21:30:00"
    before = cli.ok("status", "--json").json()
    assert before["next_reminder"] == "2026-12-02T22:00:00+01:00"
    cli.ok("take")
    after = cli.ok("status", "--json").json()
    assert (after["next_reminder_night"], after["next_reminder"]) == (
        "2026-12-03",
        "2026-12-03T22:00:00+01:00",
    )
    assert "Next reminder: Thu 22:00 (night of Thu 3 Dec)" in cli.ok("status").out


def test_export_writes_one_row_per_night(cli: Cli, tmp_path: Path) -> None:
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200")
    cli.at = "2026-11-20 22:00:00"
    cli.ok("take")
    cli.at = "2026-11-21 07:30:00"
    cli.ok("rate", "4", "--in-bed", "23:00", "--woke", "07:00", "--latency", "48")
    diary = cli.ok("history", "--nights", "2", "--json").json()[1]["diary"]
    assert diary == {
        "latency_min": 48,
        "awakenings": None,
        "awake_min": None,
        "in_bed": "23:00",
        "final_wake": "07:00",
        "sleep_efficiency_pct": 90.0,
        "note": None,
    }
    target = tmp_path / "nights.csv"
    assert "1 night" in cli.ok("export", str(target)).out
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert len(rows) == 1
    row = rows[0]
    assert (row["night"], row["total_mg"], row["first_dose_at"]) == ("2026-11-20", "200", "22:00")
    assert (row["minutes_before_bedtime"], row["rating"], row["sleep_efficiency_pct"]) == (
        "60",
        "4",
        "90.0",
    )


def test_export_to_a_missing_folder_is_bad_input(refused_cleanly: Refuse, tmp_path: Path) -> None:
    result = refused_cleanly("export", str(tmp_path / "nowhere" / "x.csv"))
    assert result.err.startswith("bedtime: error: FILE: ")


def test_a_night_rated_before_first_use_is_listed_but_was_not_planned(cli: Cli) -> None:
    cli.at = "2026-12-02 11:00:00"
    cli.ok("status")  # first use: Wednesday morning
    cli.ok("rate", "2", "--night", "2026-12-01")
    [wed, tue] = cli.ok("history", "--json").json()
    assert (wed["night"], wed["status"]) == ("2026-12-02", "tonight")
    assert (tue["night"], tue["status"], tue["rating"]) == ("2026-12-01", "not_used", 2)
    assert cli.ok("history").out.splitlines()[1].endswith("before Bedtime was in use")
