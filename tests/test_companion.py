"""The app's plan over simulated evenings: what fired, when, and what was logged.

A real store on a real file; the clock is injected and the alarms are run by the test in time
order, so a night of hours takes milliseconds. (The real alarm scheduler is tested on its own
in tests/services/test_scheduler.py, and end to end in tests/test_app.py.)
"""

import itertools
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.app.companion import Companion, Reminder
from bedtime.core.diary import DiaryEntry
from bedtime.core.dosing import Ahead, Supplement
from bedtime.core.errors import NotChanged, OverLimit
from bedtime.store.database import open_database
from bedtime.store.repository import Store
from tests.fakes import AMS, FakeClock, local
from tests.store.test_damage import index_damage
from tests.store.test_database import db_path, populate

NYC = ZoneInfo("America/New_York")
FRI = date(2026, 11, 20)
SAT = FRI + timedelta(days=1)
SUN = SAT + timedelta(days=1)


class FakeAlarms:
    def __init__(self) -> None:
        self.armed: dict[str, tuple[datetime, Callable[[], None]]] = {}

    def arm(self, name: str, at: datetime, callback: Callable[[], None]) -> None:
        self.armed[name] = (at, callback)

    def disarm(self, name: str) -> None:
        self.armed.pop(name, None)

    def when(self, name: str) -> datetime | None:
        return self.armed[name][0] if name in self.armed else None


@dataclass
class Screen:
    """Everything the app put on the screen, with the clock's time."""

    clock: FakeClock
    shown: list[tuple[datetime, str, date]] = field(default_factory=list)

    def remind(self, reminder: Reminder) -> None:
        self.shown.append((self.clock.now(), reminder.kind.value, reminder.night))

    def withdraw(self) -> None:
        self.shown.append((self.clock.now(), "withdraw", date.min))

    def ask_morning(self, night: date) -> None:
        self.shown.append((self.clock.now(), "morning", night))

    def low_stock(self, supplements: list[Supplement], ahead: Ahead, popup: bool) -> None:
        self.shown.append(
            (self.clock.now(), "low:" + ",".join(s.name for s in supplements), date.min)
        )

    def of(self, kind: str) -> list[tuple[datetime, date]]:
        return [(at, night) for at, k, night in self.shown if k == kind]


class App:
    def __init__(self, path: Path, now: datetime, zone: ZoneInfo = AMS) -> None:
        self.store = Store(open_database(path).conn)
        self.clock = FakeClock(now, zone)
        self.alarms = FakeAlarms()
        self.screen = Screen(self.clock)
        self.companion = Companion(self.store, self.clock, self.alarms, self.screen)

    def start(self) -> "App":
        self.companion.refresh()
        return self

    def run_until(self, end: datetime) -> None:
        """Let time pass to END, firing each alarm at its time, in order."""
        for _ in range(1000):
            due = [(at, cb) for at, cb in self.alarms.armed.values() if at <= end]
            if not due:
                break
            at, callback = min(due, key=lambda pair: pair[0].astimezone(UTC))
            self.clock.instant = max(self.clock.instant, at)
            callback()
        self.clock.instant = end

    def sleep_until(self, end: datetime) -> None:
        """The laptop sleeps: no alarm fires; on waking, the app is told to look again."""
        self.clock.instant = end
        self.companion.refresh()

    def add(self, name: str = "Glycinate", stock: float | None = 60, low_days: int = 7) -> None:
        self.store.add_supplement(
            Supplement(0, name, "glycinate", 100, 2, stock, low_days), self.clock.now()
        )


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "bedtime.db"


def reminders(app: App) -> list[tuple[datetime, str, date]]:
    return [
        (at, kind, night)
        for at, kind, night in app.screen.shown
        if kind in ("remind", "nudge", "missed")
    ]


def test_an_ignored_evening_reminds_then_nudges_three_times(db: Path) -> None:
    app = App(db, local(FRI, 18)).start()
    assert reminders(app) == []
    assert app.alarms.when("alert") == local(FRI, 22)
    app.run_until(local(SAT, 10))
    assert reminders(app) == [
        (local(FRI, 22), "remind", FRI),
        (local(FRI, 22, 15), "nudge", FRI),
        (local(FRI, 22, 30), "nudge", FRI),
        (local(FRI, 22, 45), "nudge", FRI),
    ]
    assert app.alarms.when("alert") == local(SAT, 22)


def test_taken_from_the_reminder_logs_the_dose_and_stops_the_nudges(db: Path) -> None:
    app = App(db, local(FRI, 18))
    app.add()
    app.start()
    app.run_until(local(FRI, 22, 5))
    intake, stock = app.companion.take(None)
    assert (intake.at, intake.night, intake.mg, stock.stock_units) == (
        local(FRI, 22, 5),
        FRI,
        200,
        58,
    )
    app.run_until(local(SAT, 10))
    assert reminders(app) == [(local(FRI, 22), "remind", FRI)]
    assert [i.uid for i in app.store.intakes()] == [intake.uid]
    assert app.companion.status().taken is False  # Saturday is the current night now


def test_taken_over_the_limit_is_refused_until_confirmed(db: Path) -> None:
    app = App(db, local(FRI, 22))
    app.add()
    app.start()
    app.companion.take(None)
    with pytest.raises(OverLimit):
        app.companion.take(None)
    assert app.store.night_total(FRI) == 200
    app.companion.take(None, force=True)
    assert app.store.night_total(FRI) == 400


def test_a_late_start_before_bedtime_reminds_at_once_and_only_once(db: Path) -> None:
    app = App(db, local(FRI, 22, 40)).start()
    app.companion.refresh()
    app.companion.refresh()
    assert reminders(app) == [(local(FRI, 22, 40), "remind", FRI)]


def test_a_restart_after_the_reminder_does_not_remind_again(db: Path) -> None:
    first = App(db, local(FRI, 21, 50)).start()
    first.run_until(local(FRI, 22, 5))
    second = App(db, local(FRI, 22, 6)).start()
    assert reminders(second) == []
    assert second.alarms.when("alert") == local(FRI, 22, 15)  # the nudges go on where they were


def test_resume_after_the_reminder_reminds_at_once(db: Path) -> None:
    app = App(db, local(FRI, 21)).start()
    app.sleep_until(local(FRI, 22, 35))
    app.run_until(local(SAT, 10))
    assert reminders(app) == [
        (local(FRI, 22, 35), "remind", FRI),
        (local(FRI, 22, 50), "nudge", FRI),
    ]


def test_resume_after_bedtime_gives_one_quiet_missed_notice(db: Path) -> None:
    app = App(db, local(FRI, 21)).start()
    app.sleep_until(local(SAT, 0, 30))
    app.sleep_until(local(SAT, 1, 30))  # and another sleep the same night: nothing more
    app.run_until(local(SAT, 12))
    assert reminders(app) == [(local(SAT, 0, 30), "missed", FRI)]


def test_resume_after_the_night_is_over_says_nothing_about_it(db: Path) -> None:
    app = App(db, local(FRI, 21)).start()
    app.sleep_until(local(SAT, 5))  # past the 04:00 day boundary
    assert reminders(app) == []
    assert app.alarms.when("alert") == local(SAT, 22)


def test_took_it_earlier_logs_the_dose_in_the_right_night(db: Path) -> None:
    app = App(db, local(SAT, 0, 40))
    app.add()
    app.start()
    intake, _ = app.companion.take(None, at=time(22, 30))
    assert (intake.at, intake.night) == (local(FRI, 22, 30), FRI)
    assert intake.minutes_before_bedtime == 30


def test_snooze_reminds_again_after_its_minutes(db: Path) -> None:
    app = App(db, local(FRI, 21, 59)).start()
    app.run_until(local(FRI, 22, 1))
    app.companion.snooze(20)
    app.run_until(local(SAT, 10))
    assert reminders(app) == [
        (local(FRI, 22), "remind", FRI),
        (local(FRI, 22, 21), "remind", FRI),
        (local(FRI, 22, 36), "nudge", FRI),
        (local(FRI, 22, 51), "nudge", FRI),
    ]


def test_the_snooze_length_and_nudges_come_from_the_settings(db: Path) -> None:
    app = App(db, local(FRI, 21, 59))
    app.store.set_setting("snooze", "25")
    app.store.set_setting("nudge_interval", "20")
    app.store.set_setting("nudges", "2")  # the ring at the snooze's end is one of them
    app.start()
    app.run_until(local(FRI, 22, 1))
    app.companion.snooze()  # as the notification's button does: the length set
    app.run_until(local(SAT, 10))
    assert reminders(app) == [
        (local(FRI, 22), "remind", FRI),
        (local(FRI, 22, 26), "remind", FRI),
        (local(FRI, 22, 46), "nudge", FRI),
    ]


def test_a_setting_saved_from_the_window_re_plans_at_once(db: Path) -> None:
    app = App(db, local(FRI, 18)).start()
    assert app.alarms.when("alert") == local(FRI, 22)
    settings = replace(app.companion.settings(), offset_minutes=120)
    app.companion.save_settings(settings, [], None)
    assert app.alarms.when("alert") == local(FRI, 21)


def test_with_the_morning_question_off_nothing_is_asked(db: Path) -> None:
    app = App(db, local(FRI, 20))
    app.store.set_setting("morning_question", "off")
    app.start()
    app.run_until(local(SUN, 12))
    assert app.screen.of("morning") == []
    assert app.alarms.when("morning") is None


def test_skip_tonight_and_take_it_back(db: Path) -> None:
    app = App(db, local(FRI, 21)).start()
    app.companion.skip(True)
    assert app.alarms.when("alert") == local(SAT, 22)
    app.companion.skip(False)
    assert app.alarms.when("alert") == local(FRI, 22)


def test_pause_three_nights_silences_reminders_and_questions(db: Path) -> None:
    app = App(db, local(FRI, 12)).start()
    app.companion.dismissed()  # Thursday's question, asked at start
    app.companion.pause(3)
    assert app.companion.status().paused_through == SUN
    app.run_until(local(SUN + timedelta(days=2), 9))
    mon = SUN + timedelta(days=1)
    assert {night for _, _, night in reminders(app)} == {mon}
    assert reminders(app)[0] == (local(mon, 22), "remind", mon)
    # Mornings after paused nights are not asked; Monday's night is, on Tuesday at 07:30.
    asked = [(at, night) for at, night in app.screen.of("morning") if night >= FRI]
    assert asked == [(local(mon + timedelta(days=1), 7, 30), mon)]


def test_resume_brings_tonight_back(db: Path) -> None:
    app = App(db, local(FRI, 12)).start()
    app.companion.pause(7)
    app.companion.resume()
    assert app.companion.status().paused_through is None
    assert app.alarms.when("alert") == local(FRI, 22)


@pytest.mark.parametrize(
    ("night", "bedtime", "expected"),
    [
        # 25 Oct 2026: 03:00 falls back to 02:00. Bedtime 02:30 is its first pass; the
        # reminder, 60 real minutes earlier, is 02:30 − 1 h = 01:30 (+02:00).
        (date(2026, 10, 24), "02:30", datetime(2026, 10, 24, 23, 30, tzinfo=UTC)),
        # 29 Mar 2026: 02:00 jumps to 03:00. Bedtime 02:30 does not exist: it moves to 03:30,
        # and the reminder is 60 minutes before that, 01:30 (+01:00).
        (date(2026, 3, 28), "02:30", datetime(2026, 3, 29, 0, 30, tzinfo=UTC)),
    ],
)
def test_dst_nights_remind_once_on_time(
    db: Path, night: date, bedtime: str, expected: datetime
) -> None:
    app = App(db, local(night, 12))
    app.store.set_setting("bedtime", bedtime)
    app.start()
    app.run_until(local(night + timedelta(days=1), 12))
    shown = [(at.astimezone(UTC), kind) for at, kind, n in reminders(app) if n == night]
    assert shown[0] == (expected, "remind")
    assert [kind for _, kind in shown] == ["remind", "nudge", "nudge", "nudge"]
    assert all(b - a == timedelta(minutes=15) for (a, _), (b, _) in itertools.pairwise(shown))


def test_flying_west_moves_tonights_reminder_to_the_new_local_evening(db: Path) -> None:
    app = App(db, local(FRI, 15)).start()
    assert app.alarms.when("alert") == local(FRI, 22)
    # Landed in New York at 17:00 local (23:00 in Amsterdam, before the 04:00 boundary there).
    app.clock.tz = NYC
    app.clock.instant = local(FRI, 17, zone=NYC)
    app.companion.refresh()
    assert app.alarms.when("alert") == local(FRI, 22, zone=NYC)
    app.run_until(local(FRI, 22, 1, zone=NYC))
    assert reminders(app) == [(local(FRI, 22, zone=NYC), "remind", FRI)]


def test_the_morning_question_at_wake_later_once_then_never(db: Path) -> None:
    app = App(db, local(FRI, 20)).start()
    app.store.set_skipped(FRI, True, app.clock.now())  # reminders aside: only the morning here
    app.companion.dismissed()  # Thursday's question, asked at start

    def friday() -> list[datetime]:
        return [at for at, night in app.screen.of("morning") if night == FRI]

    app.run_until(local(SAT, 7, 31))
    assert friday() == [local(SAT, 7, 30)]
    app.companion.later(FRI)
    app.run_until(local(SAT, 9))
    assert friday() == [local(SAT, 7, 30), local(SAT, 8, 31)]
    app.companion.later(FRI)
    app.run_until(local(SAT, 21))
    assert len(friday()) == 2


def test_a_morning_answer_is_saved_and_not_asked_again(db: Path) -> None:
    app = App(db, local(SAT, 9))
    app.store.first_use(local(FRI, 12))  # in use since Friday noon
    app.start()
    assert app.screen.of("morning") == [(local(SAT, 9), FRI)]
    app.companion.rate(DiaryEntry(FRI, "Europe/Amsterdam", 4, latency_min=20))
    app.companion.refresh()
    assert len(app.screen.of("morning")) == 1
    assert app.store.diary()[0].latency_min == 20
    assert app.companion.existing_rating(FRI) is not None


def test_a_dismissed_question_is_not_asked_again(db: Path) -> None:
    app = App(db, local(SAT, 9))
    app.store.first_use(local(FRI, 12))
    app.start()
    app.companion.dismissed()
    app.run_until(local(SAT, 20))
    assert len(app.screen.of("morning")) == 1


def test_the_first_start_asks_nothing_about_the_night_before(db: Path) -> None:
    """Installed on Saturday morning: Friday night was never planned. No morning question
    about it, no missed notice; Saturday is the first night reminded and asked about."""
    app = App(db, local(SAT, 9)).start()
    assert app.screen.shown == []
    app.run_until(local(SUN, 9))
    assert app.screen.of("morning") == [(local(SUN, 7, 30), SAT)]
    assert [night for _, night in app.screen.of("remind")][:1] == [SAT]


def test_a_first_start_after_bedtime_starts_with_the_next_night(db: Path) -> None:
    """Installed at 23:30, after Friday's 23:00 bedtime: no "missed" notice for a plan that
    never was, no question on Saturday morning; Saturday evening is the first reminder."""
    app = App(db, local(FRI, 23, 30)).start()
    assert app.screen.shown == []
    app.run_until(local(SAT, 22, 1))
    assert app.screen.of("morning") == []
    assert app.screen.of("missed") == []
    assert app.screen.of("remind") == [(local(SAT, 22), SAT)]
    assert app.companion.first_night() == SAT


def test_low_stock_is_told_once_a_night(db: Path) -> None:
    app = App(db, local(FRI, 18))
    app.add(stock=8, low_days=7)  # 4 nights left of 2 a dose
    app.start()
    app.companion.refresh()
    app.run_until(local(FRI, 23))
    assert app.screen.of("low:Glycinate") == [(local(FRI, 18), date.min)]
    app.run_until(local(SAT, 18))
    assert len(app.screen.of("low:Glycinate")) == 2


def test_the_header_never_shows_a_past_time(db: Path) -> None:
    app = App(db, local(FRI, 22, 30)).start()
    upcoming = app.companion.status().next
    assert (upcoming.night, upcoming.reminder, upcoming.bedtime) == (FRI, None, local(FRI, 23))
    app.sleep_until(local(FRI, 23, 30))
    upcoming = app.companion.status().next
    assert (upcoming.night, upcoming.reminder) == (SAT, local(SAT, 22))


def test_thirty_random_evenings_never_remind_twice_or_after_a_dose(db: Path) -> None:
    import random

    rng = random.Random(7)
    app = App(db, local(FRI, 12))
    app.add(stock=None)
    app.start()
    night = FRI
    for _ in range(30):
        choice = rng.choice(["take", "skip", "ignore", "sleep", "snooze"])
        app.run_until(local(night, 21, 50))
        if choice == "sleep":
            app.sleep_until(local(night, 22, 30) + timedelta(minutes=rng.randrange(60)))
        else:
            app.run_until(local(night, 22, rng.randrange(5)))
        if choice == "take":
            app.companion.take(None)
        elif choice == "skip":
            app.companion.skip(True)
        elif choice == "snooze":
            app.companion.snooze(rng.choice([10, 20, 30]))
        app.run_until(local(night + timedelta(days=1), 12))
        of_night = [kind for _, kind, n in reminders(app) if n == night]
        assert of_night.count("remind") + of_night.count("missed") >= 1, (night, choice)
        if choice in ("take", "skip"):
            assert of_night == ["remind"], (night, choice, of_night)
        assert of_night.count("missed") <= 1 and len(of_night) <= 5
        night += timedelta(days=1)


def test_a_backup_of_a_file_damaged_since_start_says_nothing_was_changed(tmp_path: Path) -> None:
    path = db_path(tmp_path)
    populate(path, 400)
    index_damage(path)  # after the app's check at start
    conn = sqlite3.connect(path)
    clock = FakeClock(local(FRI, 18))
    gateway = Companion(Store(conn), clock, FakeAlarms(), Screen(clock))
    with pytest.raises(NotChanged, match="damaged, so nothing was changed"):
        gateway.back_up(tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    conn.close()
