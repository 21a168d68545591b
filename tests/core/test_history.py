"""The History window's rows: one per night, newest first, with what became of the night.

The two weeks below (Fri 16 … Thu 29 October 2026, Europe/Amsterdam) are also the ground for
tests/core/test_insights.py. Every instant is written out by hand in UTC: CEST is UTC+2 until
Sunday 25 October 01:00 UTC (03:00 CEST), when the clocks fall back to CET, UTC+1.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import bedtime.core.history as history
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Intake
from bedtime.core.history import NightRecord, NightStatus, night_records, summarize
from bedtime.core.nights import bedtime_of
from bedtime.core.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
ZONE = "Europe/Amsterdam"

# Mon–Thu 23:00; Fri 00:30 and Sat 03:30, both after midnight; Sun 22:30. Reminder 2 h before.
SETTINGS = Settings(
    bedtimes=(time(23, 0),) * 4 + (time(0, 30), time(3, 30), time(22, 30)),
    offset_minutes=120,
)

FIRST, LAST = date(2026, 10, 16), date(2026, 10, 29)
FIRST_USE = date(2026, 10, 17)
# Thursday 29 October 22:00 CET: an hour before that night's 23:00 bedtime.
NOW = datetime(2026, 10, 29, 21, 0, tzinfo=UTC)


def utc(month: int, day: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2026, month, day, hh, mm, ss, tzinfo=UTC)


def dose(night: date, at: datetime, mg: float, bedtime: datetime, uid: str = "") -> Intake:
    name = uid or f"{night}-{at:%H%M}"
    return Intake(name, at, night, ZONE, 1, "Citrate", 1, mg, bedtime)


def rated(night: date, quality: int, **items: object) -> DiaryEntry:
    return DiaryEntry(night, ZONE, quality, **items)  # type: ignore[arg-type]


def d(day: int) -> date:
    return date(2026, 10, day)


# Each dose with its planned bedtime, the reminder (bedtime − 120 min) and how far off it was.
INTAKES = [
    # Sat 17: bedtime Sun 03:30 CEST (01:30 UTC), reminder 01:30 CEST; taken 01:40 CEST:
    # 10 min after the reminder, 110 min before bedtime.
    dose(d(17), utc(10, 17, 23, 40), 200, utc(10, 18, 1, 30)),
    # Sun 18: bedtime 22:30 CEST (20:30 UTC), reminder 20:30 CEST; taken 20:45: 15 min late
    # (still on time), 105 min before bedtime.
    dose(d(18), utc(10, 18, 18, 45), 300, utc(10, 18, 20, 30)),
    # Mon 19: bedtime 23:00 CEST (21:00 UTC), reminder 21:00; taken 21:16: 16 min late,
    # 104 min before bedtime.
    dose(d(19), utc(10, 19, 19, 16), 300, utc(10, 19, 21, 0)),
    # Wed 21: reminder 21:00 CEST; first dose 20:45, 15 min early, 135 min before bedtime;
    # a second at 22:00 takes the night to 400 mg, over the 350 mg limit. Logged out of order.
    dose(d(21), utc(10, 21, 20, 0), 200, utc(10, 21, 21, 0)),
    dose(d(21), utc(10, 21, 18, 45), 200, utc(10, 21, 21, 0)),
    # Fri 23: bedtime Sat 00:30 CEST (Fri 22:30 UTC), reminder Fri 22:30 CEST; taken right
    # then: on time to the minute, 120 min before bedtime.
    dose(d(23), utc(10, 23, 20, 30), 300, utc(10, 23, 22, 30)),
    # Sat 24, the long night: bedtime Sun 03:30 CET (02:30 UTC); 120 elapsed minutes before it
    # is 00:30 UTC, which the clock shows as 02:30 CEST (its first pass). Taken 02:35 CEST
    # (00:35 UTC): 5 min after the reminder, 115 min before bedtime (25 min to 03:00 CEST,
    # which becomes 02:00 CET, then 90 min). Counted by the wall clock it would be 65 min late.
    dose(d(24), utc(10, 25, 0, 35), 300, utc(10, 25, 2, 30)),
]

DIARY = [
    rated(d(17), 4),
    # 23:00 → 07:00 is 480 min in bed; 20 to fall asleep and 52 awake leave 408: 85.0 %.
    rated(d(18), 3, latency_min=20, awake_min=52, in_bed=time(23, 0), final_wake=time(7, 0)),
    rated(d(19), 4),
    rated(d(20), 2, latency_min=40),
    rated(d(21), 5),
    rated(d(22), 2),
    # The DST night: 23:00 → 07:00 is 540 min in bed; 54 to fall asleep leave 486: 90.0 %.
    rated(d(24), 4, latency_min=54, in_bed=time(23, 0), final_wake=time(7, 0)),
    rated(d(25), 3),
]

KINDS = {
    d(20): frozenset({"skipped"}),
    d(24): frozenset({"skipped", "reminded"}),  # skipped, then taken after all
    d(25): frozenset({"paused"}),
    d(26): frozenset({"paused"}),
    d(27): frozenset({"skipped"}),
}

EXPECTED = {
    d(29): NightStatus.TONIGHT,  # 22:00, bedtime 23:00
    d(28): NightStatus.MISSED,
    d(27): NightStatus.SKIPPED,
    d(26): NightStatus.PAUSED,
    d(25): NightStatus.PAUSED,  # rated, but paused
    d(24): NightStatus.TAKEN,  # skipped, then taken: the dose wins
    d(23): NightStatus.TAKEN,
    d(22): NightStatus.MISSED,  # rated, no dose
    d(21): NightStatus.TAKEN,
    d(20): NightStatus.SKIPPED,
    d(19): NightStatus.TAKEN,
    d(18): NightStatus.TAKEN,
    d(17): NightStatus.TAKEN,
    d(16): NightStatus.NOT_USED,  # before the first night in use
}


def records(
    now: datetime = NOW,
    *,
    first: date = FIRST,
    last: date = LAST,
    intakes: list[Intake] | None = None,
    diary: list[DiaryEntry] | None = None,
    kinds: dict[date, frozenset[str]] | None = None,
    first_use: date | None = FIRST_USE,
    settings: Settings = SETTINGS,
) -> list[NightRecord]:
    return night_records(
        first,
        last,
        INTAKES if intakes is None else intakes,
        DIARY if diary is None else diary,
        KINDS if kinds is None else kinds,
        now=now,
        settings=settings,
        zone=AMS,
        first_use=first_use,
    )


def two_weeks() -> list[NightRecord]:
    return records()


def status_of(rows: list[NightRecord], night: date) -> NightStatus:
    [row] = [row for row in rows if row.night == night]
    return row.status


def test_every_night_newest_first_with_its_status() -> None:
    rows = two_weeks()
    assert [row.night for row in rows] == [LAST - timedelta(days=k) for k in range(14)]
    assert {row.night: row.status for row in rows} == EXPECTED


def test_rows_carry_doses_in_the_order_taken_and_the_diary() -> None:
    rows = {row.night: row for row in two_weeks()}
    wednesday = rows[d(21)]
    assert [i.at for i in wednesday.intakes] == [utc(10, 21, 18, 45), utc(10, 21, 20, 0)]
    assert wednesday.total_mg == 400
    assert wednesday.minutes_before_bedtime == 135  # of the first dose, 20:45 → 23:00
    assert wednesday.diary is not None and wednesday.diary.quality == 5
    assert rows[d(22)].intakes == () and rows[d(22)].total_mg == 0
    assert rows[d(22)].minutes_before_bedtime is None
    assert rows[d(23)].diary is None


def test_minutes_before_bedtime_on_the_dst_night_are_elapsed_minutes() -> None:
    rows = {row.night: row for row in two_weeks()}
    assert rows[d(24)].minutes_before_bedtime == 115
    assert rows[d(17)].minutes_before_bedtime == 110  # bedtime 03:30 after midnight


def test_total_mg_keeps_no_float_noise() -> None:
    night = d(19)
    bed = utc(10, 19, 21, 0)
    doses = [dose(night, utc(10, 19, 19, k), mg, bed, f"u{k}") for k, mg in enumerate((0.1, 0.2))]
    [row] = records(first=night, last=night, intakes=doses)
    assert row.total_mg == 0.3


def test_a_dose_wins_over_a_skip_and_a_pause() -> None:
    night = d(19)
    taken = [dose(night, utc(10, 19, 19, 0), 300, utc(10, 19, 21, 0))]
    for kinds in ({"skipped"}, {"paused"}, {"skipped", "paused"}):
        [row] = records(first=night, last=night, intakes=taken, kinds={night: frozenset(kinds)})
        assert row.status is NightStatus.TAKEN


def test_a_pause_wins_over_a_skip_without_a_dose() -> None:
    night = d(19)
    [row] = records(
        first=night, last=night, intakes=[], kinds={night: frozenset({"skipped", "paused"})}
    )
    assert row.status is NightStatus.PAUSED


def test_other_event_kinds_do_not_change_a_missed_night() -> None:
    night = d(19)
    kinds = {night: frozenset({"reminded", "missed", "snoozed"})}
    [row] = records(first=night, last=night, intakes=[], diary=[], kinds=kinds)
    assert row.status is NightStatus.MISSED


def test_not_used_before_the_first_night_in_use() -> None:
    rows = records(
        first=d(14), last=d(16), intakes=[], diary=[rated(d(15), 3)], kinds={}, first_use=d(16)
    )
    assert [(row.status, row.listed) for row in rows] == [
        (NightStatus.MISSED, True),  # 16: the first night in use, no dose
        # 15: before it and rated: listed with its rating, but it was no planned night (a
        # first start that asked about the night before made it "missed" and counted it)
        (NightStatus.NOT_USED, True),
        (NightStatus.NOT_USED, False),  # 14: before it, nothing logged
    ]


def test_with_no_first_use_every_empty_night_is_not_used() -> None:
    rows = records(intakes=[], diary=[], first_use=None)
    assert {row.status for row in rows} == {NightStatus.NOT_USED}
    # A dose still makes a night taken; a rating alone does not make it a planned night.
    rows = records(first_use=None)
    assert status_of(rows, d(16)) is NightStatus.NOT_USED
    assert status_of(rows, d(28)) is NightStatus.NOT_USED  # nothing logged at all
    assert status_of(rows, d(22)) is NightStatus.NOT_USED  # rated, still no planned night
    assert status_of(rows, d(24)) is NightStatus.TAKEN


def test_tonight_until_bedtime_and_missed_from_bedtime_on() -> None:
    # Thursday 29 October, bedtime 23:00 CET = 22:00 UTC.
    bedtime = utc(10, 29, 22, 0)
    assert status_of(records(bedtime - timedelta(seconds=1)), d(29)) is NightStatus.TONIGHT
    assert status_of(records(bedtime), d(29)) is NightStatus.MISSED
    # Wednesday stays missed whatever the time on Thursday.
    assert status_of(records(utc(10, 29, 4, 0)), d(28)) is NightStatus.MISSED


def test_the_border_of_a_bedtime_after_midnight() -> None:
    # Friday 23 October's bedtime is Saturday 00:30 CEST = Friday 22:30 UTC.
    kw = {"first": d(23), "last": d(23), "intakes": [], "diary": [], "kinds": {}}
    [before] = records(utc(10, 23, 22, 29, 59), **kw)  # type: ignore[arg-type]
    [at] = records(utc(10, 23, 22, 30), **kw)  # type: ignore[arg-type]
    assert (before.status, at.status) == (NightStatus.TONIGHT, NightStatus.MISSED)


def test_the_border_on_the_dst_night() -> None:
    # Saturday 24 October's bedtime is Sunday 03:30 CET = 02:30 UTC. At 01:30 UTC the clock
    # showed 03:30 CEST, the bedtime's wall time but an hour early: still ahead. So is 02:45
    # CET (01:45 UTC, after the clocks went back). At 02:30 UTC it has passed.
    kw = {"first": d(24), "last": d(24), "intakes": [], "diary": [], "kinds": {}}
    [early] = records(utc(10, 25, 1, 30), **kw)  # type: ignore[arg-type]
    [late] = records(utc(10, 25, 1, 45), **kw)  # type: ignore[arg-type]
    [at] = records(utc(10, 25, 2, 30), **kw)  # type: ignore[arg-type]
    assert early.status is late.status is NightStatus.TONIGHT
    assert at.status is NightStatus.MISSED


def test_a_skip_or_pause_tonight_shows_before_bedtime() -> None:
    for kind, status in (("skipped", NightStatus.SKIPPED), ("paused", NightStatus.PAUSED)):
        rows = records(kinds={d(29): frozenset({kind})})
        assert status_of(rows, d(29)) is status


def test_nights_after_now_are_still_ahead() -> None:
    rows = records(last=d(31), first=d(29))
    assert [row.status for row in rows] == [NightStatus.TONIGHT] * 3


def test_an_empty_range_has_no_rows() -> None:
    assert records(first=d(20), last=d(19)) == []


def test_ten_years_of_nights_only_work_out_the_latest_bedtimes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[date] = []

    def counted(night: date, settings: Settings, zone: ZoneInfo) -> datetime:
        calls.append(night)
        return bedtime_of(night, settings, zone)

    monkeypatch.setattr(history, "bedtime_of", counted)
    last = d(29)
    first = last - timedelta(days=3649)
    bed = utc(10, 1, 21, 0)
    intakes = [dose(first + timedelta(days=k), bed, 300, bed, f"u{k}") for k in range(0, 3650, 2)]
    rows = records(first=first, last=last, intakes=intakes, diary=[], kinds={}, first_use=first)
    assert len(rows) == 3650
    assert rows[-1].night == first and rows[0].night == last
    counts = {status: 0 for status in NightStatus}
    for row in rows:
        counts[row.status] += 1
    assert counts[NightStatus.TAKEN] == 1825
    assert counts[NightStatus.TONIGHT] == 1  # 29 October; 28 October had a dose
    assert counts[NightStatus.MISSED] == 1824
    assert sorted(calls) == [d(29)]  # the night before NOW's took a dose; older are not asked


def test_summarize_is_unchanged() -> None:
    rows = summarize(d(20), d(21), INTAKES, DIARY)
    assert [row.night for row in rows] == [d(21), d(20)]
    assert [i.at for i in rows[0].intakes] == [utc(10, 21, 18, 45), utc(10, 21, 20, 0)]
    assert rows[0].total_mg == 400
    assert rows[1].intakes == () and rows[1].diary == rated(d(20), 2, latency_min=40)
