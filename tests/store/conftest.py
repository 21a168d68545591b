"""A store on a fresh real data file, and one opened for reading only, for the repository
tests."""

import sqlite3
from pathlib import Path

import pytest

from bedtime.store.database import open_database
from bedtime.store.repository import Store


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(open_database(tmp_path / "bedtime.db").conn)


def read_only(path: Path) -> Store:
    """The closed data file at PATH as open_database opens it in a folder Bedtime cannot
    write; opened so directly, since a folder's mode does not stop root."""
    uri = f"{path.absolute().as_uri()}?mode=ro&immutable=1"
    return Store(sqlite3.connect(uri, uri=True, isolation_level=None))
