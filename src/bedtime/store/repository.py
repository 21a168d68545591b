"""The log behind one door: `Store` gathers the data file's repositories, each holding one
part of the log, and saves the settings window across them.

Every change is one transaction (database.transaction). Rules come from core; a repository
checks one inside its transaction only where that is what makes it hold, as Doses.take checks
the nightly limit so that two processes cannot both slip under it.
"""

import sqlite3
from collections.abc import Sequence
from datetime import date, datetime

from ..core import settings as settings_rules
from ..core.settings import Settings
from ..core.supplement_changes import Change
from .data_file import DataFile
from .database import transaction
from .diary import Diary
from .doses import Doses
from .first_use import FirstUse
from .night_events import NightEvents
from .pauses import Pauses
from .settings_rows import SettingsRows
from .shown_once import ShownOnce
from .supplements import Supplements
from .trials import Trials


class Store:
    """Each method is its repository's own; only `save` spans several of them."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        conn.row_factory = sqlite3.Row  # every repository reads columns by name
        self.conn = conn
        data_file = DataFile(conn)
        self.read_only = data_file.read_only
        self.hold_run_state = data_file.hold_run_state
        self.file = data_file.path
        self.data_version = data_file.version

        self._settings = SettingsRows(conn)
        self.settings = self._settings.read
        self.set_setting = self._settings.set

        self._supplements = Supplements(conn)
        self.supplements = self._supplements.active
        self.supplement = self._supplements.named
        self.add_supplement = self._supplements.add
        self.restock = self._supplements.restock
        self.remove_supplement = self._supplements.remove

        trials = Trials(conn)
        self.latest_trial = trials.latest
        self.trials = trials.all
        self.start_trial = trials.start
        self.stop_trial = trials.stop
        self.trial_observations = trials.observations

        doses = Doses(conn, self._supplements, trials)
        self.take = doses.take
        self.undo_last = doses.undo_last
        self.delete_intake = doses.delete
        self.put_intake = doses.put
        self.night_total = doses.night_total
        self.intakes = doses.of_nights

        diary = Diary(conn)
        self.rate = diary.rate
        self.diary = diary.of_nights
        self.delete_rating = diary.delete
        self.latest_rating = diary.latest

        events = NightEvents(conn, doses, diary, trials)
        self.record = events.record
        self.night_state = events.night_state
        self.morning_state = events.morning_state
        self.set_skipped = events.set_skipped
        self.told_low_stock = events.told_low_stock
        self.night_kinds = events.night_kinds

        self._pauses = Pauses(conn)
        self.pause = self._pauses.pause
        self.resume = self._pauses.resume
        self.paused_through = self._pauses.paused_through

        first_use = FirstUse(conn)
        self.first_use = first_use.at
        self.first_logged_night = first_use.first_logged_night

        shown_once = ShownOnce(conn)
        self.was_shown = shown_once.was_shown
        self.mark_shown = shown_once.mark_shown

    def save(
        self,
        settings: Settings,
        changes: Sequence[Change],
        now: datetime,
        *,
        pause: tuple[date, date | None] | None = None,
    ) -> None:
        """Save the settings window: settings, supplement changes and pause, all or nothing.

        PAUSE is (first night, last night) to pause, (first night, None) to resume from the
        first night, or None to leave the pause as it is.
        """
        settings_rules.consistency(settings, "settings")
        with transaction(self.conn):
            self._settings.replace(settings)
            self._supplements.apply(changes, now)
            if pause is not None:
                first, last = pause
                self._pauses.replace_from(first, last, now)
