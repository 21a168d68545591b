"""Numbered schema migrations; entry N takes a database from user_version N to N + 1.

Each is a list of single statements so that one transaction can hold a whole step
(sqlite3's executescript would commit in the middle). Never edit a released step: add one.
"""

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager

MIGRATIONS: list[list[str]] = [
    [
        """CREATE TABLE settings (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
        """CREATE TABLE supplements (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,  -- Unicode case-folded name: "Ölmag" and "ölmag" clash
            form TEXT NOT NULL,
            mg_per_unit REAL NOT NULL CHECK (mg_per_unit > 0),
            units_per_dose REAL NOT NULL CHECK (units_per_dose > 0),
            stock_units REAL CHECK (stock_units IS NULL OR stock_units >= 0),
            low_days INTEGER NOT NULL CHECK (low_days >= 0),
            created_utc TEXT NOT NULL,
            removed_utc TEXT
        )""",
        """CREATE UNIQUE INDEX supplements_active_name
            ON supplements (name_key) WHERE removed_utc IS NULL""",
        # name, mg and bedtime are copies: history keeps what was planned and taken, whatever
        # later edits to the supplement or the schedule.
        """CREATE TABLE intakes (
            id INTEGER PRIMARY KEY,
            uid TEXT NOT NULL UNIQUE,
            at_utc TEXT NOT NULL,
            night TEXT NOT NULL,
            zone TEXT NOT NULL,
            supplement_id INTEGER REFERENCES supplements (id),
            name TEXT NOT NULL,
            units REAL NOT NULL CHECK (units > 0),
            mg REAL NOT NULL CHECK (mg >= 0),
            -- the night's bedtime as planned when the dose was logged
            bedtime_utc TEXT NOT NULL
        )""",
        "CREATE INDEX intakes_night ON intakes (night)",
        """CREATE TABLE diary (
            night TEXT PRIMARY KEY,
            quality INTEGER NOT NULL CHECK (quality BETWEEN 1 AND 5),
            latency_min INTEGER,
            awakenings INTEGER,
            awake_min INTEGER,
            in_bed TEXT,
            final_wake TEXT,
            note TEXT,
            rated_utc TEXT NOT NULL,
            zone TEXT NOT NULL
        )""",
    ],
    [
        # What happened around each night besides doses and ratings, so the app can tell after
        # a restart what it already said, and history can tell skipped from paused from missed.
        #   shown     the evening reminder or a nudge was shown
        #   snoozed   the user asked to be reminded again at until_utc
        #   skipped   the user skipped the night
        #   paused    reminders were paused for the night
        #   missed    the one quiet "missed" notice was shown
        #   asked     the morning question about the night was shown
        #   later     the morning question was put off until until_utc
        #   low_stock the once-a-night low-stock notice named supplement `detail`
        """CREATE TABLE night_events (
            id INTEGER PRIMARY KEY,
            night TEXT NOT NULL,
            kind TEXT NOT NULL CHECK (kind IN ('shown', 'snoozed', 'skipped', 'paused',
                'missed', 'asked', 'later', 'low_stock')),
            at_utc TEXT NOT NULL,
            until_utc TEXT,
            detail TEXT
        )""",
        "CREATE INDEX night_events_night ON night_events (night, kind)",
    ],
    [
        # Notes the user should see once (the health note), and when they were shown.
        """CREATE TABLE shown_once (
            key TEXT PRIMARY KEY,
            at_utc TEXT NOT NULL
        )""",
    ],
    [
        # When Bedtime was first used on this file (one row, written the first time it is
        # asked for): nights whose bedtime passed before it were never planned, so they are
        # neither reminded of, asked about, missed nor counted.
        """CREATE TABLE first_use (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            at_utc TEXT NOT NULL
        )""",
    ],
    [
        # Personal on/off trials (core/trial_plan.py): the plan with its seed, so the order
        # of the periods and the analysis can be recomputed from the log at any time. The
        # bounds live in the core (they may widen); these checks only keep out nonsense.
        """CREATE TABLE trials (
            id INTEGER PRIMARY KEY,
            start_night TEXT NOT NULL,
            period_nights INTEGER NOT NULL CHECK (period_nights > 0),
            pairs INTEGER NOT NULL CHECK (pairs > 0),
            wash_in_nights INTEGER NOT NULL CHECK (wash_in_nights >= 0),
            seed INTEGER NOT NULL,
            started_utc TEXT NOT NULL,
            zone TEXT NOT NULL,
            -- the last night it ran, when it was stopped before its end
            stopped_night TEXT
        )""",
    ],
]


@contextmanager
def built(steps: list[list[str]]) -> Iterator[sqlite3.Connection]:
    """An in-memory database made by STEPS: what a file at that version should hold, to hold
    a real file (or a backup) against."""
    with closing(sqlite3.connect(":memory:", isolation_level=None)) as conn:
        for step in steps:
            for statement in step:
                conn.execute(statement)
        yield conn
