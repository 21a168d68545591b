"""The morning question: at wake time, late after a start or resume, Later once, never twice."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bedtime.core.morning import LATER, MorningState, Question, next_question
from bedtime.core.nights import wall_clock
from bedtime.core.settings import Settings

AMS = ZoneInfo("Europe/Amsterdam")
FRI = date(2026, 11, 20)
SAT = FRI + timedelta(days=1)
S = Settings()  # bedtime 23:00, reminder 22:00, wake 07:30, boundary 04:00


def local(day: date, hh: int, mm: int = 0, zone: ZoneInfo = AMS) -> datetime:
    return wall_clock(day, time(hh, mm), zone)


def ask(now: datetime, states: dict[date, MorningState] | None = None) -> Question | None:
    known = states or {}
    return next_question(now, S, AMS, lambda n: known.get(n, MorningState(n)))


def test_before_wake_it_is_armed_for_wake_time() -> None:
    assert ask(local(SAT, 5)) == Question(FRI, local(SAT, 7, 30))


def test_in_the_evening_tomorrow_morning_is_next() -> None:
    # Friday's window opens at Saturday's wake; at Friday 23:30 that is the next question.
    assert ask(local(FRI, 23, 30)) == Question(FRI, local(SAT, 7, 30))


def test_a_late_start_asks_at_once() -> None:
    question = ask(local(SAT, 11))
    assert question is not None
    assert question.night == FRI and question.at <= local(SAT, 11)


def test_the_window_closes_at_the_next_reminder() -> None:
    # Saturday 22:00 is Saturday's reminder: Friday's question is stale, Saturday's is next.
    assert ask(local(SAT, 22)) == Question(SAT, local(SAT + timedelta(days=1), 7, 30))


def test_rated_or_paused_nights_are_not_asked() -> None:
    for state in (MorningState(FRI, rated=True), MorningState(FRI, paused=True)):
        assert ask(local(SAT, 9), {FRI: state}) == Question(SAT, local(SAT + timedelta(1), 7, 30))


def test_later_asks_once_more_an_hour_on() -> None:
    until = local(SAT, 7, 40) + LATER
    later = MorningState(FRI, asked=1, later_until=until)
    assert ask(local(SAT, 7, 45), {FRI: later}) == Question(FRI, until)
    # Asked the second time: never a third, even with Later again.
    twice = MorningState(FRI, asked=2, later_until=until + LATER)
    assert ask(local(SAT, 10), {FRI: twice}) == Question(SAT, local(SAT + timedelta(1), 7, 30))


def test_dismissed_once_without_later_is_not_asked_again() -> None:
    once = MorningState(FRI, asked=1)
    assert ask(local(SAT, 9), {FRI: once}).night == SAT  # type: ignore[union-attr]


def test_later_past_the_evening_reminder_is_dropped() -> None:
    late = MorningState(FRI, asked=1, later_until=local(SAT, 22, 30))
    assert ask(local(SAT, 21, 45), {FRI: late}).night == SAT  # type: ignore[union-attr]


def test_wake_time_in_a_spring_forward_gap_moves_forward() -> None:
    # Europe/Amsterdam skips 02:00-03:00 on 29 March 2026; a 02:30 wake asks at 03:30.
    s = Settings(wake=time(2, 30), day_boundary=time(1, 0), bedtimes=(time(23, 0),) * 7)
    night = date(2026, 3, 28)
    question = next_question(local(night, 23, 30), s, AMS, MorningState)
    assert question == Question(night, local(night + timedelta(1), 3, 30))
    assert question.at.utcoffset() == timedelta(hours=2)


def test_a_night_before_the_first_planned_one_is_not_asked_about() -> None:
    """First used on Saturday at 09:00: Friday's night was never planned."""
    assert ask(local(SAT, 11)) is not None
    question = next_question(local(SAT, 11), S, AMS, MorningState, first_night=SAT)
    assert question == Question(SAT, local(SAT + timedelta(days=1), 7, 30))
