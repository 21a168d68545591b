"""The reminder plan: on time, late after a wake, nudges, snooze, skip, pause, DST, zones."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from bedtime.core.alerts import Alert, Kind, NightState, Upcoming, next_alert, upcoming
from bedtime.core.nights import reminder_of, wall_clock
from bedtime.core.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
NYC = ZoneInfo("America/New_York")
FRI = date(2026, 11, 20)
SAT = FRI + timedelta(days=1)
S = Settings()  # bedtime 23:00, reminder 22:00


def local(day: date, hh: int, mm: int = 0, zone: ZoneInfo = AMS) -> datetime:
    return wall_clock(day, time(hh, mm), zone)


def plan(
    now: datetime, states: dict[date, NightState] | None = None, settings: Settings = S
) -> Alert:
    known = states or {}
    return next_alert(now, settings, AMS, lambda n: known.get(n, NightState(n)))


def test_before_the_reminder_it_is_armed_for_its_time() -> None:
    assert plan(local(FRI, 20)) == Alert(Kind.REMIND, FRI, local(FRI, 22))


def test_a_late_start_before_bedtime_reminds_at_once() -> None:
    alert = plan(local(FRI, 22, 40))
    assert (alert.kind, alert.night) == (Kind.REMIND, FRI)
    assert alert.at <= local(FRI, 22, 40)


def test_waking_after_bedtime_gives_one_missed_notice() -> None:
    now = local(SAT, 0, 30)
    assert plan(now) == Alert(Kind.MISSED, FRI, now)
    after = {FRI: NightState(FRI, missed_shown=True)}
    assert plan(now, after) == Alert(Kind.REMIND, SAT, local(SAT, 22))


def test_after_the_night_ends_the_old_night_is_left_alone() -> None:
    # 05:00 is past the 04:00 boundary: Friday is over, Saturday's reminder is next.
    assert plan(local(SAT, 5)) == Alert(Kind.REMIND, SAT, local(SAT, 22))


def test_taken_skipped_or_paused_tonight_moves_to_tomorrow() -> None:
    for state in (
        NightState(FRI, taken=True),
        NightState(FRI, skipped=True),
        NightState(FRI, paused=True),
    ):
        assert plan(local(FRI, 21), {FRI: state}) == Alert(Kind.REMIND, SAT, local(SAT, 22))


def test_a_pause_of_several_nights_skips_them_all() -> None:
    paused = {
        FRI + timedelta(days=k): NightState(FRI + timedelta(days=k), paused=True) for k in range(4)
    }
    assert plan(local(FRI, 12), paused).night == FRI + timedelta(days=4)


def test_ignored_reminder_is_nudged_every_15_minutes_three_times() -> None:
    shown: tuple[datetime, ...] = (local(FRI, 22),)
    for n in range(3):
        alert = plan(local(FRI, 22, 1 + 15 * n), {FRI: NightState(FRI, shown=shown)})
        assert alert == Alert(Kind.NUDGE, FRI, local(FRI, 22, 15 * (n + 1)))
        shown += (alert.at,)
    assert plan(local(FRI, 22, 46), {FRI: NightState(FRI, shown=shown)}) == Alert(
        Kind.REMIND, SAT, local(SAT, 22)
    )


def test_nudges_stop_at_bedtime() -> None:
    state = NightState(FRI, shown=(local(FRI, 22, 30),))
    assert plan(local(FRI, 22, 31), {FRI: state}) == Alert(Kind.NUDGE, FRI, local(FRI, 22, 45))
    state = NightState(FRI, shown=(local(FRI, 22, 30), local(FRI, 22, 45)))
    assert plan(local(FRI, 22, 46), {FRI: state}).night == SAT


def test_nudging_is_settable() -> None:
    state = NightState(FRI, shown=(local(FRI, 22),))
    none = replace(S, nudge_interval_minutes=10, nudges=0)
    assert plan(local(FRI, 22, 1), {FRI: state}, settings=none).night == SAT
    once = replace(S, nudge_interval_minutes=20, nudges=1)
    assert plan(local(FRI, 22, 1), {FRI: state}, settings=once).at == local(FRI, 22, 20)


def test_snooze_rings_at_its_end_then_nudges_resume() -> None:
    state = NightState(FRI, shown=(local(FRI, 22),), snoozed_until=local(FRI, 22, 10))
    assert plan(local(FRI, 22, 1), {FRI: state}) == Alert(Kind.REMIND, FRI, local(FRI, 22, 10))
    state = replace(state, shown=(*state.shown, local(FRI, 22, 10)))
    assert plan(local(FRI, 22, 11), {FRI: state}) == Alert(Kind.NUDGE, FRI, local(FRI, 22, 25))


def test_a_snooze_past_bedtime_still_rings_once() -> None:
    state = NightState(FRI, shown=(local(FRI, 22, 50),), snoozed_until=local(FRI, 23, 20))
    assert plan(local(FRI, 23), {FRI: state}) == Alert(Kind.REMIND, FRI, local(FRI, 23, 20))
    state = replace(state, shown=(*state.shown, local(FRI, 23, 20)))
    assert plan(local(FRI, 23, 21), {FRI: state}).night == SAT


def test_a_zone_change_after_the_reminder_never_reminds_the_night_again() -> None:
    # Reminded at 22:00 in Amsterdam, then the zone becomes New York (16:05 there, same night).
    state = NightState(FRI, shown=(local(FRI, 22),), missed_shown=False)
    now = local(FRI, 22, 5).astimezone(NYC)
    alert = next_alert(now, S, NYC, lambda n: state if n == FRI else NightState(n))
    assert alert.kind is not Kind.REMIND or alert.night != FRI


zones = st.sampled_from(
    [
        "Europe/Amsterdam",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/Santiago",
        "Asia/Tehran",
        "Pacific/Chatham",
    ]
).map(ZoneInfo)


@settings(max_examples=60, deadline=None)
@given(
    zone=zones,
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)),
    offset=st.integers(30, 120),
    bed=st.integers(20 * 60, 27 * 60 + 59).map(lambda m: time((m // 60) % 24, m % 60)),
    behaviour=st.lists(
        st.sampled_from(["take", "ignore", "snooze", "skip"]), min_size=30, max_size=30
    ),
)
def test_an_app_following_the_plan_reminds_every_night_exactly_once(
    zone: ZoneInfo, start: date, offset: int, bed: time, behaviour: list[str]
) -> None:
    # Drive the plan as the app would: arm, fire, record what was shown and what the user did.
    s = Settings(bedtimes=(bed,) * 7, offset_minutes=offset)
    states: dict[date, NightState] = {}
    reminders: dict[date, int] = {}
    now = wall_clock(start, time(12, 0), zone)
    first = None
    while True:
        alert = next_alert(now, s, zone, lambda n: states.get(n, NightState(n)))
        first = first or alert.night
        if (alert.night - first).days >= len(behaviour):
            break
        now = max(now.astimezone(UTC), alert.at.astimezone(UTC)).astimezone(zone)
        state = states.get(alert.night, NightState(alert.night))
        if alert.kind is Kind.MISSED:
            states[alert.night] = replace(state, missed_shown=True)
            continue
        if alert.kind is Kind.REMIND and not state.shown:
            reminders[alert.night] = reminders.get(alert.night, 0) + 1
            assert alert.at.astimezone(UTC) == reminder_of(alert.night, s, zone).astimezone(UTC)
        state = replace(state, shown=(*state.shown, now))
        choice = behaviour[(alert.night - first).days]
        if choice == "take":
            state = replace(state, taken=True)
        elif choice == "skip":
            state = replace(state, skipped=True)
        elif choice == "snooze" and state.snoozed_until is None:
            state = replace(state, snoozed_until=now + timedelta(minutes=10))
        states[alert.night] = state
    assert reminders == {first + timedelta(days=k): 1 for k in range(len(behaviour))}


def ahead(now: datetime, states: dict[date, NightState] | None = None) -> Upcoming:
    known = states or {}
    return upcoming(now, S, AMS, lambda n: known.get(n, NightState(n)))


def test_upcoming_shows_tonight_until_bedtime_and_never_a_past_time() -> None:
    assert ahead(local(FRI, 20)) == Upcoming(FRI, local(FRI, 22), local(FRI, 23))
    # Between reminder and bedtime the reminder is gone, bedtime stays.
    assert ahead(local(FRI, 22, 30)) == Upcoming(FRI, None, local(FRI, 23))
    # After bedtime, still inside Friday's night: Saturday's times.
    assert ahead(local(SAT, 0, 30)) == Upcoming(SAT, local(SAT, 22), local(SAT, 23))


def test_upcoming_skips_settled_nights() -> None:
    states = {FRI: NightState(FRI, taken=True), SAT: NightState(SAT, paused=True)}
    sun = SAT + timedelta(days=1)
    assert ahead(local(FRI, 20), states) == Upcoming(sun, local(sun, 22), local(sun, 23))


def test_a_night_before_the_first_planned_one_gets_nothing() -> None:
    """First used at 23:30 on Friday, after its bedtime: no missed notice for Friday (a
    night without a plan), and Saturday's reminder is next."""
    states: dict[date, NightState] = {}
    alert = next_alert(
        local(FRI, 23, 30), S, AMS, lambda n: states.get(n, NightState(n)), first_night=SAT
    )
    assert alert == Alert(Kind.REMIND, SAT, local(SAT, 22))
    up = upcoming(local(FRI, 23, 30), S, AMS, NightState, first_night=SAT)
    assert (up.night, up.reminder) == (SAT, local(SAT, 22))


def test_no_nudge_once_bedtime_has_passed_even_if_one_was_due_meanwhile() -> None:
    """Reminded at 22:05, then the app was quit (or the laptop slept) until 23:30: the 22:20
    nudge is not shown late after bedtime; nothing more is said about that night."""
    shown = NightState(FRI, shown=(local(FRI, 22, 5),))
    assert plan(local(FRI, 22, 50), {FRI: shown}) == Alert(Kind.NUDGE, FRI, local(FRI, 22, 20))
    alert = plan(local(FRI, 23, 30), {FRI: shown})
    assert alert.night == SAT  # tomorrow's reminder is next
    # The same after a snooze whose reminder was shown.
    snoozed = replace(
        shown, snoozed_until=local(FRI, 22, 15), shown=(local(FRI, 22, 5), local(FRI, 22, 15))
    )
    assert plan(local(FRI, 23, 30), {FRI: snoozed}).night == SAT
