"""Fixtures shared by all tests."""

import os
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from dbusmock import BusType, PrivateDBus, SpawnedMock

from bedtime import language
from bedtime.services.wake_watch import LOGIND

# Widgets render offscreen unless a test starts its own X server; pytest-qt aborts without it.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.other_user import OtherUser, other_user, shared_folder
from tests.support import Cli, Result


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    """Every test starts in English and leaves it so: a command run in-process under another
    language must not change the words the next test reads."""
    language.use(language.SOURCE)
    yield
    language.use(language.SOURCE)


@pytest.fixture
def dutch() -> Iterator[None]:
    language.use("nl")
    yield
    language.use(language.SOURCE)


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "data")


@pytest.fixture
def refused_cleanly(cli: Cli) -> Callable[..., Result]:
    """Run a command that must fail with exit 2, one line on stderr, and nothing written."""

    def check(*args: str, code: int = 2) -> Result:
        cli.ok("status")  # the database exists, so "nothing written" is checkable
        before = cli.dump()
        result = cli(*args)
        assert result.code == code, (result.code, result.out, result.err)
        assert len(result.err.strip().splitlines()) == 1, result.err
        assert "Traceback" not in result.err
        assert cli.dump() == before
        return result

    return check


@pytest.fixture(scope="session", autouse=True)
def private_buses(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Private session and system buses, and a private runtime dir, for the whole run.

    Tests must never reach the desktop of whoever runs them, and QtDBus reads the bus
    addresses once per process, so the buses live as long as the test process.
    """
    runtime = tmp_path_factory.mktemp("runtime")
    runtime.chmod(0o700)
    os.environ["XDG_RUNTIME_DIR"] = str(runtime)
    # Where the app's log goes: never the log of whoever runs the tests.
    os.environ["XDG_STATE_HOME"] = str(tmp_path_factory.mktemp("state"))
    # Nor its login entries and menu: autostart and `desktop install` write under these.
    os.environ["XDG_CONFIG_HOME"] = str(tmp_path_factory.mktemp("config"))
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("data"))
    with PrivateDBus(BusType.SESSION), PrivateDBus(BusType.SYSTEM):
        yield


SpawnDaemon = Callable[..., Any]


def wait_until_released(name: str) -> None:
    """The next test may only claim the daemon's name once the bus has let it go."""
    bus = BusType.SESSION.get_connection()
    deadline = time.monotonic() + 5
    while bus.name_has_owner(name):
        assert time.monotonic() < deadline, f"{name} still owned"
        time.sleep(0.02)
    bus.close()


@pytest.fixture
def spawn_daemon() -> Iterator[SpawnDaemon]:
    """Start dbusmock's notification daemon; each test gets a fresh one (ids from 1)."""
    spawned: list[SpawnedMock] = []

    def spawn(capabilities: str = "body actions") -> Any:
        mock = SpawnedMock.spawn_with_template(
            "notification_daemon", {"capabilities": capabilities}
        )
        spawned.append(mock)
        return mock

    yield spawn
    for mock in spawned:
        mock.terminate()
    wait_until_released("org.freedesktop.Notifications")


@pytest.fixture(scope="session")
def logind(private_buses: None) -> Iterator[Any]:
    """A bare login1 manager on the private system bus (the template needs PyGObject)."""
    with SpawnedMock.spawn_for_name(*LOGIND, BusType.SYSTEM) as mock:
        yield mock.obj


@pytest.fixture(scope="session")
def neighbour() -> OtherUser:
    """Another local user on this computer (the tests needing one are skipped unless root)."""
    return other_user()


@pytest.fixture
def shared(neighbour: OtherUser) -> Iterator[Path]:
    """A folder the neighbour may enter and list (0755, under /tmp)."""
    yield from shared_folder()


@pytest.fixture
def harness(tmp_path: Path, qtbot: Any) -> Iterator[Callable[[datetime], Any]]:
    """Build in-process apps (tests/app_harness.py) at a given time; all closed afterwards."""
    from tests.app_harness import Harness  # Qt and the app only for the tests that ask

    made: list[Harness] = []

    def make(now: datetime) -> Harness:
        made.append(Harness(tmp_path / "bedtime.db", now))
        return made[-1]

    yield make
    for h in made:
        h.close()
