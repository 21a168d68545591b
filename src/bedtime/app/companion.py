"""What the running app does, and when: the evening reminder, nudges, the missed notice, the
morning question, the low-stock notice, and the user's answers to them.

Nothing here is remembered between calls: every `refresh` asks core "what is due now, and
what next?" from the settings and the log, shows what is due, records that it did, and arms
one alarm for each next thing. A late start, a wake from suspend, a clock or zone change, a
dose logged from the command line: each is just another refresh.
"""

import logging
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from PySide6.QtCore import QObject, Signal

from ..core.alerts import Alert, Kind, NightState, Upcoming, next_alert, upcoming
from ..core.diary import DiaryEntry
from ..core.dose_edit import check_stock
from ..core.dosing import Ahead, Intake, Supplement, is_low
from ..core.errors import NotChanged
from ..core.history import NightRecord
from ..core.morning import LATER, next_question
from ..core.nights import (
    bedtime_of,
    first_planned_night,
    latest_at,
    latest_bedtime_passed,
    night_of,
    night_start,
)
from ..core.settings import Settings
from ..core.supplement_changes import Change
from ..core.trial_analysis import Observation, TrialResult, analyse
from ..core.trial_plan import Trial, new_trial
from ..store.database import StoreError, is_read_only
from ..store.repository import Store
from .night_log import listed_nights

if TYPE_CHECKING:
    from ..services.backup_import import BackupImport

PAUSE_LONGEST = 365  # nights

# What the app did and when, for the log: times, amounts and answers, never names or notes.
log = logging.getLogger(__name__)


class Clock(Protocol):
    def now(self) -> datetime: ...  # aware, in the current zone

    def zone(self) -> ZoneInfo: ...


class Alarms(Protocol):
    def arm(self, name: str, at: datetime, callback: Callable[[], None]) -> None: ...

    def disarm(self, name: str) -> None: ...


@dataclass(frozen=True)
class Reminder:
    """What to show for an alert: the night, the kind, and what tonight's dose would be."""

    night: date
    kind: Kind
    bedtime: datetime
    supplements: tuple[Supplement, ...]
    nudge: int  # 0 for the reminder itself, then 1, 2, … for each nudge
    snooze_minutes: int  # what the Snooze button offers
    popup: bool  # the user asked for the app's own popup rather than a desktop notification


class Presenter(Protocol):
    """The screen side: notifications, popups, dialogs."""

    def remind(self, reminder: Reminder) -> None: ...

    def withdraw(self) -> None: ...  # the night is settled: take any reminder off the screen

    def ask_morning(self, night: date) -> None: ...

    # POPUP: the user asked for the app's own popup rather than a desktop notification
    # AHEAD: the nights the stock is counted over (a trial's off nights take no dose)
    def low_stock(self, supplements: list[Supplement], ahead: Ahead, popup: bool) -> None: ...


@dataclass(frozen=True)
class Status:
    """What the tray shows: never a time in the past."""

    now: datetime
    night: date  # the current night
    total_mg: float
    settings: Settings
    tonight: NightState
    next: Upcoming
    paused_through: date | None
    supplements: tuple[Supplement, ...]
    reminder_pending: bool  # shown tonight and not answered yet
    trial: Trial | None = None  # the latest personal trial, running or not

    @property
    def taken(self) -> bool:
        return self.tonight.taken


@dataclass(frozen=True)
class LoggedNights:
    """What History shows of a period: its nights, newest first, and what they are judged by."""

    first: date
    last: date  # tonight
    records: list[NightRecord]  # only the nights worth listing (NightRecord.listed)
    settings: Settings
    rating_last: date  # the latest night that can be rated (its bedtime has passed)


class Companion(QObject):
    changed = Signal()  # the status changed: redraw the tray

    def __init__(
        self,
        store: Store,
        clock: Clock,
        alarms: Alarms,
        presenter: Presenter,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.store, self.clock, self.alarms, self.presenter = store, clock, alarms, presenter
        self._asking: date | None = None  # the night the morning dialog is open for
        self._planned: Alert | None = None  # the last alert logged as planned

    # -- the plan --------------------------------------------------------------------------

    def settings(self) -> Settings:
        settings, _ = self.store.settings()
        return settings

    def first_night(self) -> date:
        """The first night Bedtime planned for (the night it was first used in, or the next)."""
        return self._first_night(self.clock.now(), self.clock.zone(), self.settings())

    def _first_night(self, now: datetime, zone: ZoneInfo, settings: Settings) -> date:
        return first_planned_night(self.store.first_use(now), settings, zone)

    def refresh(self) -> None:
        """Show whatever is due now, and arm an alarm for whatever comes next."""
        now, zone, settings = self.clock.now(), self.clock.zone(), self.settings()
        first = self._first_night(now, zone, settings)
        self._evening(now, zone, settings, first)
        self._morning(now, zone, settings, first)
        self._stock(now, zone, settings)
        # The tray's "tonight" changes at the day boundary even when nothing else happens.
        tomorrow = night_of(now, zone, settings) + timedelta(days=1)
        self.alarms.arm("night", night_start(tomorrow, zone, settings), self.refresh)
        self.changed.emit()

    def _evening(self, now: datetime, zone: ZoneInfo, settings: Settings, first: date) -> None:
        state_of = self.store.night_state
        alert = next_alert(now, settings, zone, state_of, first_night=first)
        # Each alert shown is recorded, so the next answer is a later one; the bound only
        # guards against a rule change that would break that.
        for _ in range(3):
            if alert.at > now:
                break
            self._show(alert, now, settings, zone)
            alert = next_alert(now, settings, zone, state_of, first_night=first)
        if alert != self._planned:  # every refresh re-arms; the log needs only a change
            self._planned = alert
            log.info(
                "planned: %s for the night of %s at %s",
                alert.kind.value,
                alert.night,
                alert.at.astimezone(zone).isoformat(timespec="minutes"),
            )
        self.alarms.arm("alert", alert.at, self.refresh)

    def _show(self, alert: Alert, now: datetime, settings: Settings, zone: ZoneInfo) -> None:
        state = self.store.night_state(alert.night)
        kind = "missed" if alert.kind is Kind.MISSED else "shown"
        self.store.record(alert.night, kind, now)
        log.info("shown: %s for the night of %s", alert.kind.value, alert.night)
        self.presenter.remind(
            Reminder(
                night=alert.night,
                kind=alert.kind,
                bedtime=bedtime_of(alert.night, settings, zone),
                supplements=tuple(self.store.supplements()),
                nudge=len(state.shown) if alert.kind is Kind.NUDGE else 0,
                snooze_minutes=settings.snooze_minutes,
                popup=settings.notify_style == "popup",
            )
        )

    def _morning(self, now: datetime, zone: ZoneInfo, settings: Settings, first: date) -> None:
        state_of = self.store.morning_state
        question = next_question(now, settings, zone, state_of, first_night=first)
        if question is not None and question.at <= now and self._asking is None:
            self.store.record(question.night, "asked", now)
            log.info("asked how the night of %s went", question.night)
            self._asking = question.night
            self.presenter.ask_morning(question.night)
            question = next_question(now, settings, zone, state_of, first_night=first)
        if question is None or question.at <= now:
            self.alarms.disarm("morning")
        else:
            self.alarms.arm("morning", question.at, self.refresh)

    def _stock(self, now: datetime, zone: ZoneInfo, settings: Settings) -> None:
        """Name each supplement running low, once a night."""
        night = night_of(now, zone, settings)
        ahead = Ahead(night, self.store.latest_trial())
        low = [
            s
            for s in self.store.supplements()
            if is_low(s, ahead) and not self.store.told_low_stock(night, s.name)
        ]
        if low:
            for s in low:
                self.store.record(night, "low_stock", now, detail=s.name)
            log.info("told: %d supplement(s) running low", len(low))
            self.presenter.low_stock(low, ahead, popup=settings.notify_style == "popup")

    def status(self) -> Status:
        now, zone, settings = self.clock.now(), self.clock.zone(), self.settings()
        night = night_of(now, zone, settings)
        tonight = self.store.night_state(night)
        first = self._first_night(now, zone, settings)
        next_up = upcoming(now, settings, zone, self.store.night_state, first_night=first)
        return Status(
            now=now,
            night=night,
            total_mg=self.store.night_total(night),
            settings=settings,
            tonight=tonight,
            next=next_up,
            paused_through=self.store.paused_through(night),
            supplements=tuple(self.store.supplements()),
            reminder_pending=bool(tonight.shown) and not tonight.settled,
            trial=self.store.latest_trial(),
        )

    # -- the user's answers ----------------------------------------------------------------

    def tonight(self) -> date:
        return night_of(self.clock.now(), self.clock.zone(), self.settings())

    def take(
        self,
        name: str | None,
        *,
        at: time | None = None,
        force: bool = False,
        deviation: bool = False,
    ) -> tuple[Intake, Supplement]:
        """Log a dose now (or at the latest AT) exactly as `bedtime take` does; rules may refuse.

        OverLimit, NotEnoughStock, OffNightDose and InvalidInput reach the caller, which asks
        the user (DEVIATION: a dose on a trial's off night was confirmed).
        """
        now, zone = self.clock.now(), self.clock.zone()
        when = now if at is None else latest_at(now, at, zone)
        logged = self.store.take(
            name, None, when, zone, self.settings(), force=force, deviation=deviation
        )
        intake = logged[0]
        log.info(
            "dose logged: %s mg for the night of %s at %s%s%s",
            f"{intake.mg:g}",
            intake.night,
            intake.at.astimezone(zone).isoformat(timespec="minutes"),
            " (over the limit, confirmed)" if force else "",
            " (off night of the trial, confirmed)" if deviation else "",
        )
        self.presenter.withdraw()
        self.refresh()
        return logged

    def snooze(self, minutes: int | None = None) -> None:
        """Remind again in MINUTES, or after the snooze length the settings give."""
        now = self.clock.now()
        if minutes is None:
            minutes = self.settings().snooze_minutes
        self.store.record(self.tonight(), "snoozed", now, until=now + timedelta(minutes=minutes))
        log.info("snoozed for %d min", minutes)
        self.presenter.withdraw()
        self.refresh()

    def skip(self, skipped: bool = True) -> None:
        self.store.set_skipped(self.tonight(), skipped, self.clock.now())
        log.info("tonight %s", "skipped" if skipped else "no longer skipped")
        if skipped:
            self.presenter.withdraw()
        self.refresh()

    def pause(self, nights: int) -> None:
        """Pause reminders (and morning questions) for NIGHTS nights from tonight."""
        nights = max(1, min(nights, PAUSE_LONGEST))
        first = self.tonight()
        self.store.pause(first, first + timedelta(days=nights - 1), self.clock.now())
        log.info("reminders paused through the night of %s", first + timedelta(days=nights - 1))
        self.presenter.withdraw()
        self.refresh()

    def resume(self) -> None:
        self.store.resume(self.tonight())
        log.info("reminders resumed")
        self.refresh()

    def restock(self, name: str, units: float) -> Supplement:
        restocked = self.store.restock(name, units)
        self.refresh()
        return restocked

    def add_supplement(self, draft: Supplement) -> Supplement:
        added = self.store.add_supplement(draft, self.clock.now())
        self.refresh()
        return added

    def save_settings(
        self, settings: Settings, changes: Sequence[Change], pause_until: date | None
    ) -> None:
        """Save the settings window in one go, then plan again with what was saved.

        PAUSE_UNTIL is the last paused night as the window shows it (None: not paused); the
        pause is only rewritten if the user changed it.
        """
        tonight = self.tonight()
        unchanged = pause_until == self.store.paused_through(tonight)
        pause = None if unchanged else (tonight, pause_until)
        self.store.save(settings, changes, self.clock.now(), pause=pause)
        log.info("settings saved")
        self.refresh()

    # -- the personal trial ------------------------------------------------------------------

    def trial(self) -> Trial | None:
        """The latest trial, running or ended."""
        return self.store.latest_trial()

    def draft_trial(self, seed: int, **shape: int) -> Trial:
        """The trial that would start now with SEED and SHAPE (InvalidInput if out of bounds)."""
        return new_trial(self.clock.now(), self.clock.zone(), self.settings(), seed, **shape)

    def start_trial(self, trial: Trial) -> None:
        """Start TRIAL (from `draft_trial`); TrialRunning if one still runs."""
        self.store.start_trial(trial, self.tonight())
        log.info(
            "trial started: %d nights from the night of %s", trial.plan.nights, trial.plan.start
        )
        self.refresh()

    def stop_trial(self) -> Trial:
        stopped = self.store.stop_trial(self.tonight())
        log.info("trial stopped after the night of %s", stopped.last)
        self.refresh()
        return stopped

    def trial_result(self) -> tuple[TrialResult, list[Observation]] | None:
        """The latest trial's answer (its interim view while it runs), with the nights it
        rests on, or None before the first trial."""
        trial = self.trial()
        if trial is None:
            return None
        through = self.rating_night()
        observations = self.store.trial_observations(trial, through)
        return analyse(trial, observations, through), observations

    # -- the morning question --------------------------------------------------------------

    def rating_night(self) -> date:
        """The night "How did I sleep?" is about when the user opens it themselves."""
        return latest_bedtime_passed(self.clock.now(), self.settings(), self.clock.zone())

    def existing_rating(self, night: date) -> DiaryEntry | None:
        entries = self.store.diary(night, night)
        return entries[0] if entries else None

    def rate(self, entry: DiaryEntry) -> None:
        self.store.rate(entry, self.clock.now())
        log.info("sleep rated for the night of %s", entry.night)
        self._asking = None
        self.refresh()

    def later(self, night: date) -> None:
        now = self.clock.now()
        self.store.record(night, "later", now, until=now + LATER)
        log.info("morning question: later")
        self._asking = None
        self.refresh()

    def dismissed(self) -> None:
        """The morning dialog was closed without an answer: it was asked, and that is all."""
        self._asking = None
        self.changed.emit()

    # -- History: the log read back, and corrected -----------------------------------------
    # The corrections change the log only; History makes them undoable and refreshes once
    # after each, so a refresh that fails does not undo a change the log took.

    def logged_nights(self, start_of: Callable[[date], date | None]) -> LoggedNights:
        """The nights of a period up to tonight: START_OF gives its first night from its last
        (None: from the first night anything was logged, or Bedtime was first used)."""
        now, zone, settings = self.clock.now(), self.clock.zone(), self.settings()
        last = night_of(now, zone, settings)
        first_use = self._first_night(now, zone, settings)
        # Doses and ratings logged for a night before the first planned one still show.
        begin = min(first_use, self.store.first_logged_night() or first_use)
        start = start_of(last)
        first = min(last, begin if start is None else max(start, begin))
        listed = listed_nights(
            self.store, first, last, now=now, settings=settings, zone=zone, first_use=first_use
        )
        return LoggedNights(
            first, last, listed, settings, latest_bedtime_passed(now, settings, zone)
        )

    def change_dose(self, old: Intake, new: Intake) -> None:
        """Replace a logged dose with NEW (same uid); refused when the stock cannot give it."""
        check_stock(old, new, self.store.supplements())
        self.store.put_intake(new)
        log.info("dose of the night of %s changed", old.night)

    def put_dose(self, dose: Intake) -> None:
        """Write DOSE back as it was (undoing a change or a deletion)."""
        self.store.put_intake(dose)
        log.info("dose of the night of %s put back", dose.night)

    def delete_dose(self, dose: Intake) -> None:
        """Delete a logged dose and give its units back to the stock."""
        self.store.delete_intake(dose.uid)
        log.info("dose of the night of %s deleted", dose.night)

    def put_rating(self, entry: DiaryEntry) -> None:
        """Save a night's rating as given, replacing the one it had (a correction: unlike
        `rate`, it answers no morning question)."""
        self.store.rate(entry, self.clock.now())
        log.info("rating of the night of %s corrected", entry.night)

    def delete_rating(self, night: date) -> DiaryEntry | None:
        """Delete NIGHT's rating; the entry it had, or None when it had none."""
        deleted = self.store.delete_rating(night)
        log.info("rating of the night of %s deleted", night)
        return deleted

    # -- for the windows: what they read and do beyond the plan -----------------------------
    # Widgets reach the log only through these (no module under ui/ imports the store).

    def supplements(self) -> list[Supplement]:
        return self.store.supplements()

    def supplement(self, name: str) -> Supplement:
        """The supplement called NAME; InvalidInput if there is none."""
        return self.store.supplement(name)

    def paused_through(self) -> date | None:
        """The last night of a pause that covers tonight; None when tonight is not paused."""
        return self.store.paused_through(self.tonight())

    def was_shown(self, key: str) -> bool:
        """Whether something shown once (a note, a first-run question) was acknowledged."""
        return self.store.was_shown(key)

    def mark_shown(self, key: str) -> None:
        self.store.mark_shown(key, self.clock.now())

    def data_file(self) -> Path:
        return self.store.file()

    @staticmethod
    def is_read_only(error: sqlite3.Error) -> bool:
        """Whether ERROR means the data folder cannot be written (rather than a broken file)."""
        return is_read_only(error)

    def back_up(self, target: Path) -> None:
        """A consistent copy of the data file at TARGET. Raises InvalidInput (a target that
        cannot be used), NotChanged, OSError or sqlite3.Error, having changed nothing."""
        from ..store.backup import back_up  # loaded when first used, not at every start

        try:
            back_up(self.store.conn, target)
        except StoreError as error:  # its message says that nothing was changed, and why
            raise NotChanged(str(error)) from error

    def export_csv(self, target: Path) -> None:
        """Every night with a dose or a rating, as CSV at TARGET; raises OSError."""
        from ..export import write_csv

        write_csv(target, self.store.intakes(), self.store.diary(), self.store.trials())

    def import_backup(self, source: Path) -> "BackupImport":
        """An import of the backup at SOURCE over the data, to run off the GUI thread: connect
        to its signals, then start it. Once it succeeded, `refresh` plans with the new data."""
        from ..services.backup_import import BackupImport

        return BackupImport(source, self.store.file())
