"""`bedtime trial start|status|stop` and a dose on an off night, as a real process with a
faked clock and a real data file."""

import sqlite3
from contextlib import closing
from datetime import UTC, date, datetime, timedelta

from bedtime.core.diary import DiaryEntry
from bedtime.core.trial_plan import Arm, TrialPlan
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.support import Cli

FRI = "2026-11-20"


def plan_of(cli: Cli) -> TrialPlan:
    with closing(sqlite3.connect(cli.data_dir / "bedtime.db")) as conn:
        row = conn.execute(
            "SELECT start_night, period_nights, pairs, wash_in_nights, seed FROM trials"
        ).fetchone()
    return TrialPlan(date.fromisoformat(row[0]), row[1], row[2], row[3], row[4])


def rate_every_night(cli: Cli, plan: TrialPlan) -> None:
    """Every night of PLAN rated, 4 on and 3 off (no dose logged), written straight to the file."""
    store = Store(open_database(cli.data_dir / "bedtime.db").conn)
    for k in range(plan.nights):
        night = plan.start + timedelta(days=k)
        rating = 4 if plan.arms[k // 7] is Arm.ON else 3
        store.rate(DiaryEntry(night, "Europe/Amsterdam", rating), datetime.now(UTC))
    store.conn.close()


def test_start_explains_and_shows_the_plan_and_starts_only_with_yes(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    shown = cli.ok("trial", "start")
    assert "A trial to see whether magnesium makes a difference" in shown.out
    assert "expecting a difference can move ratings by itself" in shown.out
    assert "Period 16 · " in shown.out
    assert "Nothing started yet. To start this plan: bedtime trial start --yes --seed " in shown.out
    assert not any('INSERT INTO "trials"' in line for line in cli.dump())  # nothing started
    again = shown.out.rsplit("To start this plan: bedtime ", 1)[1].split()
    started = cli.ok(*again)
    assert "Trial started: its first night is Fri 20 Nov." in started.out
    plan = plan_of(cli)
    assert (plan.start, plan.pairs, plan.period_nights, plan.wash_in_nights) == (
        date(2026, 11, 20), 8, 7, 3
    )  # fmt: skip
    # The plan started is the plan shown.
    assert [line.strip() for line in shown.out.splitlines() if line.startswith("  Period")] == [
        line.strip() for line in started.out.splitlines() if line.startswith("  Period")
    ]
    refused = cli("trial", "start", "--yes")
    assert refused.code == 3 and "a trial is already running" in refused.err


def test_bad_shapes_are_refused_naming_the_option_and_nothing_is_written(
    cli: Cli, refused_cleanly: object
) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("status")
    before = cli.dump()
    for args, says in (
        (("--pairs", "5"), "pairs: must be a whole number from 6 to 16 (got '5')"),
        (("--period", "3"), "period: must be a whole number from 7 to 28"),
        (("--wash-in", "5"), "wash-in: must be 0 to 3 nights for 7-night periods"),
        (("--seed", "x"), "seed: must be a whole number"),
        (("--pairs", "14", "--period", "14"), "at most 364 (a year)"),
    ):
        result = cli("trial", "start", "--yes", *args)
        assert result.code == 2, result.err
        assert says in result.err and "Traceback" not in result.err
    assert cli.dump() == before


def test_status_shows_the_interim_view_then_the_answer(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    assert "No trial yet" in cli.ok("trial", "status").out
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200", "--stock", "500")
    cli.ok("trial", "start", "--yes", "--seed", "7", "--pairs", "6")
    plan = plan_of(cli)
    rate_every_night(cli, plan)
    night = plan.start + timedelta(days=60)
    cli.at = f"{night} 21:00:00"
    middle = cli.ok("trial", "status").out
    on = plan.arms[60 // 7] is Arm.ON
    assert middle.startswith(f"Tonight: {'On' if on else 'Off'} night (trial, week 9 of 12)")
    assert "Interim view, not the answer yet" in middle
    assert "The trial is not blinded" in middle
    cli.at = f"{plan.last + timedelta(days=1)} 12:00:00"
    done = cli.ok("trial", "status").out
    assert "Result of your trial" in done and "Interim" not in done
    assert "Your nights were rated 1.0 higher on average on magnesium" in done
    assert "(p = 0.031)" in done  # all 6 pairs one way: 2 of 64 arrangements
    assert "48 rated nights counted, 36 in a wash-in (not counted)" in done
    # Every on night went without the dose: 42 deviations, shown, the trial not broken.
    assert "42 deviations" in done


def test_a_dose_on_an_off_night_needs_off_night_and_stop_ends_the_trial(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200", "--stock", "30")
    cli.ok("trial", "start", "--yes", "--seed", "7")
    plan = plan_of(cli)
    off = next(
        plan.start + timedelta(days=k) for k in range(plan.nights) if plan.arms[k // 7] is Arm.OFF
    )
    cli.at = f"{off} 22:00:00"
    before = cli.dump()
    refused = cli("take")
    assert refused.code == 3 and "off night in your trial" in refused.err
    assert "--off-night" in refused.err and cli.dump() == before
    assert "Logged 1 × Citrate" in cli.ok("take", "--off-night").out
    assert "This ends the trial" in cli.ok("trial", "stop").out
    stopped = cli.ok("trial", "stop", "--yes").out
    assert "Trial stopped after the night of" in stopped and "stopped early" in stopped
    again = cli("trial", "stop", "--yes")
    assert again.code == 3 and "no trial is running" in again.err


def test_history_lists_off_nights_as_such(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("trial", "start", "--yes", "--seed", "7")
    plan = plan_of(cli)
    cli.at = f"{plan.start + timedelta(days=14)} 12:00:00"
    listed = cli.ok("history", "--nights", "15").out  # the two weeks and tonight
    assert listed.count("off night (trial)") == 7 and listed.count("missed") == 7


def test_the_stock_counts_the_off_nights_ahead(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "200", "--stock", "5")
    assert cli.ok("supplement", "list", "--json").json()[0]["days_left"] == 5
    seed = next(
        s for s in range(100) if TrialPlan(date(2026, 11, 20), 7, 8, 3, s).arms[0] is Arm.OFF
    )
    cli.ok("trial", "start", "--yes", "--seed", str(seed))
    # The first week is off: five doses last from tonight through the second week's fifth.
    listed = cli.ok("supplement", "list", "--json").json()[0]
    assert (listed["days_left"], listed["low"]) == (12, False)
    shown = cli.ok("status").out
    assert "stock 5 (12 nights left)" in shown
    assert "Tonight: Off night (trial, week 1 of 16, not counted); 'bedtime trial status'" in shown


def test_a_trial_damaged_outside_bedtime_is_one_clear_message(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("trial", "start", "--yes", "--seed", "7")
    with closing(sqlite3.connect(cli.data_dir / "bedtime.db")) as conn, conn:
        conn.execute("UPDATE trials SET pairs = 3")
    result = cli("trial", "status")
    assert result.code == 1 and "Traceback" not in result.err
    assert "the data file holds a trial that Bedtime cannot read (pairs: must be 6 to 16" in (
        result.err
    )


def test_the_trial_commands_in_dutch(cli: Cli) -> None:
    cli.at = f"{FRI} 18:00:00"
    cli.ok("config", "set", "language", "nl")
    assert "Nog geen proef: 'bedtime trial start' legt uit" in cli.ok("trial", "status").out
    shown = cli.ok("trial", "start", "--pairs", "6").out
    assert "Een proef om te zien of magnesium verschil maakt" in shown
    assert "komen je nachten in 6 paren van periodes van 1 week" in shown
    assert "Het schema (met: magnesium zoals altijd; zonder: geen, geen herinnering):" in shown
    assert "  Periode 12 · " in shown
    assert "Nog niets gestart. Om dit schema te starten: bedtime trial start --yes" in shown
    bad = cli("trial", "start", "--pairs", "5")
    assert bad.code == 2
    assert "pairs: moet een heel getal van 6 tot en met 16 zijn (ingevuld: '5')" in bad.err
    cli.ok("supplement", "add", "Citraat", "--mg-per-unit", "200", "--stock", "500")
    started = cli.ok("trial", "start", "--yes", "--seed", "7", "--pairs", "6").out
    assert "Proef gestart: de eerste nacht is vr 20 nov." in started
    plan = plan_of(cli)
    rate_every_night(cli, plan)
    night = plan.start + timedelta(days=60)
    cli.at = f"{night} 21:00:00"
    middle = cli.ok("trial", "status").out
    arm = "met" if plan.arms[60 // 7] is Arm.ON else "zonder"
    assert middle.startswith(f"Vanavond: Nacht {arm} magnesium (proef, week 9 van 12)")
    assert "Tussenstand, nog niet de uitkomst" in middle
    cli.at = f"{plan.last + timedelta(days=1)} 12:00:00"
    done = cli.ok("trial", "status").out
    assert "Uitkomst van je proef, vr 20 nov – do 11 feb" in done
    assert "Je gaf je nachten met magnesium gemiddeld een 1,0 hoger cijfer" in done
    assert "(p = 0,031)" in done
    assert "48 nachten met cijfer geteld, 36 in een inlooptijd (niet geteld)" in done
    assert "42 afwijkingen" in done
    # The caveats, each as strong as the English.
    assert "De proef is niet geblindeerd: je weet welke nachten met magnesium zijn" in done
    assert "periodes van 1 week kunnen een langzaam effect missen" in done
    assert "Dit is geen medisch advies." in done
    off = next(
        plan.start + timedelta(days=k) for k in range(plan.nights) if plan.arms[k // 7] is Arm.OFF
    )
    cli.at = f"{off} 22:00:00"
    assert "nacht zonder magnesium (proef)" in cli.ok("history", "--nights", "3").out
    refused = cli("take")
    assert refused.code == 3
    assert "is een nacht zonder magnesium in je proef" in refused.err
    assert "voeg --off-night toe om het toch vast te leggen" in refused.err
    assert "Dit beëindigt de proef" in cli.ok("trial", "stop").out
    assert "Proef gestopt na de nacht van" in cli.ok("trial", "stop", "--yes").out
    again = cli("trial", "stop", "--yes")
    assert again.code == 3 and "er loopt geen proef" in again.err
