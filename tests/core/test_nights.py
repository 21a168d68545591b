"""Nights, bedtimes and reminders: midnight, per-weekday bedtimes, DST gaps and repeats."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bedtime.core.alerts import NightState, upcoming
from bedtime.core.nights import (
    bedtime_of,
    first_planned_night,
    latest_at,
    latest_bedtime_passed,
    night_of,
    night_start,
    reminder_of,
    wall_clock,
)
from bedtime.core.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
LHI = ZoneInfo("Australia/Lord_Howe")


def at(zone: ZoneInfo, *fields: int) -> datetime:
    return datetime(*fields, tzinfo=zone)  # type: ignore[misc]


def every_day(hh: int, mm: int, offset: int = 60) -> Settings:
    return Settings(bedtimes=(time(hh, mm),) * 7, offset_minutes=offset)


ELEVEN = every_day(23, 0)  # and the usual day boundary, 04:00


class TestNightOf:
    def test_evening_belongs_to_its_date(self) -> None:
        assert night_of(at(AMS, 2026, 11, 20, 22, 0), AMS, ELEVEN) == date(2026, 11, 20)

    def test_after_midnight_before_boundary_belongs_to_the_evening_before(self) -> None:
        assert night_of(at(AMS, 2026, 11, 21, 0, 30), AMS, ELEVEN) == date(2026, 11, 20)
        assert night_of(at(AMS, 2026, 11, 21, 3, 59, 59), AMS, ELEVEN) == date(2026, 11, 20)

    def test_boundary_itself_starts_the_new_night(self) -> None:
        assert night_of(at(AMS, 2026, 11, 21, 4, 0), AMS, ELEVEN) == date(2026, 11, 21)

    def test_uses_the_local_date_of_the_given_zone(self) -> None:
        instant = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)  # 03:00 in Amsterdam, 21:00 in New York
        assert night_of(instant, AMS, ELEVEN) == date(2026, 11, 20)
        assert night_of(instant, NYC, ELEVEN) == date(2026, 11, 20)
        assert night_of(instant, ZoneInfo("Asia/Tokyo"), ELEVEN) == date(2026, 11, 21)

    def test_boundary_inside_a_repeated_hour_does_not_flip_back(self) -> None:
        # Boundary 02:30 on 25 October: its first pass (00:30 UTC) starts the new night,
        # and the second pass of 02:10 (01:10 UTC) stays in it.
        late = replace(every_day(23, 0), day_boundary=time(2, 30))
        nights = [
            night_of(datetime(2026, 10, 25, h, m, tzinfo=UTC), AMS, late)
            for h, m in ((0, 20), (0, 40), (1, 10), (1, 40))
        ]
        assert nights == [date(2026, 10, 24)] + [date(2026, 10, 25)] * 3


class TestWallClock:
    def test_gap_moves_forward_by_the_gap(self) -> None:
        # Amsterdam 2026-03-29: 02:00 CET jumps to 03:00 CEST.
        assert wall_clock(date(2026, 3, 29), time(2, 30), AMS) == at(AMS, 2026, 3, 29, 3, 30)

    def test_repeat_is_the_first_occurrence(self) -> None:
        # Amsterdam 2026-10-25: 03:00 CEST falls back to 02:00 CET; 02:30 happens twice.
        first = wall_clock(date(2026, 10, 25), time(2, 30), AMS)
        assert first.utcoffset() == timedelta(hours=2)
        assert first.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)

    def test_lord_howe_half_hour_gap(self) -> None:
        # Lord Howe 2026-10-04: 02:00 +10:30 jumps to 02:30 +11:00.
        moved = wall_clock(date(2026, 10, 4), time(2, 15), LHI)
        assert moved.astimezone(UTC) == datetime(2026, 10, 3, 15, 45, tzinfo=UTC)
        assert (moved.hour, moved.minute) == (2, 45)


class TestBedtimeAndReminder:
    def test_default_night(self) -> None:
        s = Settings()
        assert bedtime_of(date(2026, 11, 20), s, AMS) == at(AMS, 2026, 11, 20, 23, 0)
        assert reminder_of(date(2026, 11, 20), s, AMS) == at(AMS, 2026, 11, 20, 22, 0)

    def test_bedtime_after_midnight_is_the_next_date(self) -> None:
        # "Friday 00:30" is Saturday 00:30 and belongs to Friday's night.
        friday = date(2026, 11, 20)
        s = every_day(0, 30, offset=120)
        assert bedtime_of(friday, s, AMS) == at(AMS, 2026, 11, 21, 0, 30)
        assert reminder_of(friday, s, AMS) == at(AMS, 2026, 11, 20, 22, 30)

    def test_weekday_of_the_evening_picks_the_bedtime(self) -> None:
        times = [time(22, 30)] * 5 + [time(0, 30), time(23, 30)]  # Sat after midnight, Sun late
        s = Settings(bedtimes=tuple(times))
        assert bedtime_of(date(2026, 11, 20), s, AMS) == at(AMS, 2026, 11, 20, 22, 30)  # Fri
        assert bedtime_of(date(2026, 11, 21), s, AMS) == at(AMS, 2026, 11, 22, 0, 30)  # Sat
        assert bedtime_of(date(2026, 11, 22), s, AMS) == at(AMS, 2026, 11, 22, 23, 30)  # Sun

    def test_offset_is_real_elapsed_minutes_across_spring_forward(self) -> None:
        # Bedtime 03:30 CEST on 29 March; 120 minutes earlier the clocks still showed CET.
        night = date(2026, 3, 28)
        s = every_day(3, 30, offset=120)
        bedtime, reminder = bedtime_of(night, s, AMS), reminder_of(night, s, AMS)
        assert bedtime.astimezone(UTC) - reminder.astimezone(UTC) == timedelta(minutes=120)
        assert reminder == at(AMS, 2026, 3, 29, 0, 30)  # wall clocks differ by 3 hours

    def test_bedtime_in_the_gap_moves_forward(self) -> None:
        s = every_day(2, 30, offset=30)
        assert bedtime_of(date(2026, 3, 28), s, AMS) == at(AMS, 2026, 3, 29, 3, 30)
        assert reminder_of(date(2026, 3, 28), s, AMS).astimezone(UTC) == datetime(
            2026, 3, 29, 1, 0, tzinfo=UTC
        )

    def test_bedtime_in_the_repeated_hour_is_the_first(self) -> None:
        s = every_day(2, 30, offset=60)
        bedtime = bedtime_of(date(2026, 10, 24), s, AMS)
        assert bedtime.astimezone(UTC) == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
        assert reminder_of(date(2026, 10, 24), s, AMS).astimezone(UTC) == datetime(
            2026, 10, 24, 23, 30, tzinfo=UTC
        )

    def test_new_york_fall_back_night(self) -> None:
        # 2026-11-01 01:00–02:00 happens twice in New York.
        s = every_day(1, 30, offset=90)
        night = date(2026, 10, 31)
        assert bedtime_of(night, s, NYC).utcoffset() == timedelta(hours=-4)
        elapsed = bedtime_of(night, s, NYC).astimezone(UTC) - reminder_of(night, s, NYC)
        assert elapsed == timedelta(minutes=90)


class TestUpcoming:
    """The one answer to "when is the next reminder?", with every night still to come."""

    @staticmethod
    def ahead(now: datetime, s: Settings) -> tuple[date, datetime | None]:
        up = upcoming(now, s, AMS, NightState)
        return up.night, up.reminder

    def test_before_tonights_reminder(self) -> None:
        assert self.ahead(at(AMS, 2026, 11, 20, 21, 0), Settings()) == (
            date(2026, 11, 20),
            at(AMS, 2026, 11, 20, 22, 0),
        )

    def test_at_the_reminder_it_is_due_and_tonight_stays_until_bedtime(self) -> None:
        assert self.ahead(at(AMS, 2026, 11, 20, 22, 0), Settings()) == (date(2026, 11, 20), None)

    def test_after_midnight_points_at_the_coming_evening(self) -> None:
        assert self.ahead(at(AMS, 2026, 11, 21, 1, 0), Settings()) == (
            date(2026, 11, 21),
            at(AMS, 2026, 11, 21, 22, 0),
        )

    def test_late_bedtime_reminder_after_midnight_is_still_ahead(self) -> None:
        # Bedtime 02:00 with a 60-minute offset: the reminder is at 01:00 after midnight.
        assert self.ahead(at(AMS, 2026, 11, 21, 0, 15), every_day(2, 0)) == (
            date(2026, 11, 20),
            at(AMS, 2026, 11, 21, 1, 0),
        )

    def test_weekday_bedtimes_far_apart_still_give_the_earliest(self) -> None:
        # Friday's bedtime 03:30 (Saturday morning), Saturday's 21:00: both come in order.
        times = [time(23, 0)] * 4 + [time(3, 30), time(21, 0), time(23, 0)]
        s = Settings(bedtimes=tuple(times), offset_minutes=30)
        assert self.ahead(at(AMS, 2026, 11, 21, 2, 0), s) == (
            date(2026, 11, 20),
            at(AMS, 2026, 11, 21, 3, 0),
        )

    def test_inside_the_repeated_hour_compares_real_instants(self) -> None:
        # Bedtime 03:15 CET, offset 30: the reminder is 02:45 on the second pass (01:45 UTC).
        # At 02:50 on the first pass (00:50 UTC) it is still ahead, though 02:50 > 02:45 on
        # the wall clock.
        s = every_day(3, 15, offset=30)
        now = wall_clock(date(2026, 10, 25), time(2, 50), AMS)
        night, when = self.ahead(now, s)
        assert night == date(2026, 10, 24)
        assert when is not None
        assert when.astimezone(UTC) == datetime(2026, 10, 25, 1, 45, tzinfo=UTC)


class TestFirstPlannedNight:
    def test_first_used_before_bedtime_plans_that_night(self) -> None:
        assert first_planned_night(at(AMS, 2026, 12, 2, 11, 0), Settings(), AMS) == date(
            2026, 12, 2
        )

    def test_first_used_after_bedtime_plans_from_the_next_night(self) -> None:
        # 23:30 after a 23:00 bedtime, and 01:00 the morning after: both start on the 3rd.
        for hh, day in ((23, 2), (1, 3)):
            first_use = at(AMS, 2026, 12, day, hh, 30)
            assert first_planned_night(first_use, Settings(), AMS) == date(2026, 12, 3)

    def test_a_bedtime_after_midnight_still_ahead_keeps_its_night(self) -> None:
        # Bedtime 01:00: first used at 00:30, the night of the 2nd still has its bedtime ahead.
        first_use = at(AMS, 2026, 12, 3, 0, 30)
        assert first_planned_night(first_use, every_day(1, 0), AMS) == date(2026, 12, 2)


class TestLatestBedtimePassed:
    def test_morning_rates_last_night(self) -> None:
        assert latest_bedtime_passed(at(AMS, 2026, 11, 21, 8, 0), Settings(), AMS) == date(
            2026, 11, 20
        )

    def test_late_evening_after_bedtime_rates_tonight(self) -> None:
        assert latest_bedtime_passed(at(AMS, 2026, 11, 21, 23, 30), Settings(), AMS) == date(
            2026, 11, 21
        )

    def test_after_midnight_before_a_late_bedtime_rates_the_night_before(self) -> None:
        s = every_day(1, 0)
        assert latest_bedtime_passed(at(AMS, 2026, 11, 21, 0, 30), s, AMS) == date(2026, 11, 19)


class TestLatestAt:
    def test_earlier_today(self) -> None:
        assert latest_at(at(AMS, 2026, 11, 21, 23, 0), time(21, 30), AMS) == at(
            AMS, 2026, 11, 21, 21, 30
        )

    def test_later_than_now_means_yesterday(self) -> None:
        assert latest_at(at(AMS, 2026, 11, 21, 0, 20), time(23, 45), AMS) == at(
            AMS, 2026, 11, 20, 23, 45
        )

    def test_now_itself_counts(self) -> None:
        now = at(AMS, 2026, 11, 21, 22, 0)
        assert latest_at(now, time(22, 0), AMS) == now

    def test_time_the_clock_skipped_today_means_yesterday(self) -> None:
        now = at(AMS, 2026, 3, 29, 5, 0)
        assert latest_at(now, time(2, 30), AMS) == at(AMS, 2026, 3, 28, 2, 30)

    def test_in_a_repeated_hour_the_later_pass_when_it_has_come(self) -> None:
        # 02:45 on the second pass (CET); 02:30 CET was 15 minutes ago.
        now = datetime(2026, 10, 25, 1, 45, tzinfo=UTC)
        assert latest_at(now, time(2, 30), AMS).astimezone(UTC) == datetime(
            2026, 10, 25, 1, 30, tzinfo=UTC
        )
        # 02:40 on the first pass: only the first 02:30 has been.
        now = datetime(2026, 10, 25, 0, 40, tzinfo=UTC)
        assert latest_at(now, time(2, 30), AMS).astimezone(UTC) == datetime(
            2026, 10, 25, 0, 30, tzinfo=UTC
        )


class TestABedtimePushedPastTheBoundaryByAGap:
    """A night reaches at least through its own bedtime, also when a gap moves it on."""

    def test_amsterdam_bedtime_0230_with_boundary_0300(self) -> None:
        s = replace(every_day(2, 30), day_boundary=time(3, 0))
        saturday = date(2026, 3, 28)  # clocks jump 02:00 → 03:00 on Sunday morning
        assert bedtime_of(saturday, s, AMS) == at(AMS, 2026, 3, 29, 3, 30)
        assert night_of(at(AMS, 2026, 3, 29, 3, 10), AMS, s) == saturday
        assert night_of(at(AMS, 2026, 3, 29, 3, 30, 59), AMS, s) == saturday
        assert night_of(at(AMS, 2026, 3, 29, 3, 31), AMS, s) == saturday + timedelta(days=1)
        assert night_start(saturday + timedelta(days=1), AMS, s) == at(AMS, 2026, 3, 29, 3, 31)

    def test_chatham_bedtime_0330_with_the_usual_boundary(self) -> None:
        chatham = ZoneInfo("Pacific/Chatham")  # clocks jump 02:45 → 03:45 in late September
        s = every_day(3, 30)
        saturday = date(2026, 9, 26)
        assert bedtime_of(saturday, s, chatham) == at(chatham, 2026, 9, 27, 4, 30)
        assert night_of(at(chatham, 2026, 9, 27, 4, 10), chatham, s) == saturday

    def test_other_nights_keep_the_boundary(self) -> None:
        s = replace(every_day(2, 30), day_boundary=time(3, 0))
        friday = date(2026, 3, 27)
        assert night_start(friday, AMS, s) == at(AMS, 2026, 3, 27, 3, 0)
        assert night_of(at(AMS, 2026, 3, 28, 3, 0), AMS, s) == friday + timedelta(days=1)
