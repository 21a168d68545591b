"""What every data command needs: the store, the settings, the zone and the time, read once."""

from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from .. import paths
from ..app import clock
from ..core import nights
from ..core.dosing import Ahead
from ..store.database import open_database
from ..store.repository import Store
from .outcome import warn


class Context:
    def __init__(self, data_dir: Path) -> None:
        # The zone first: a bad TZ is bad input, and must not leave a database behind.
        self.zone: ZoneInfo = clock.local_zone()
        self.data_file = data_dir / paths.DATABASE_NAME
        paths.make_data_dir(data_dir)
        opened = open_database(self.data_file)
        for notice in opened.notices:
            warn(notice)
        self.store = Store(opened.conn)
        self.settings, problems = self.store.settings()
        for problem in problems:
            warn(problem)
        self.now = clock.now(self.zone)

    def ahead(self) -> Ahead:
        """The nights the stock is counted over: from tonight, without a trial's off nights."""
        tonight = nights.night_of(self.now, self.zone, self.settings)
        return Ahead(tonight, self.store.latest_trial())

    def first_night(self) -> date:
        """The first night Bedtime planned for; asking records first use on a new file."""
        return nights.first_planned_night(self.store.first_use(self.now), self.settings, self.zone)

    def close(self) -> None:
        self.store.conn.close()
