"""One primary per user and data folder; later launches forward to it and leave."""

import os
import queue
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLockFile, QTimer
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from pytestqt.qtbot import QtBot

from bedtime.services.single_instance import MAX_LINE, NotPrivate, SingleInstance, instance_key
from tests.other_user import OtherUser

WORKER = Path(__file__).with_name("instance_worker.py")
posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix sockets and kill -9")


@pytest.fixture
def runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A runtime folder of this test's own, for this process and the workers it starts."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


@pytest.fixture
def key(tmp_path: Path) -> str:
    return instance_key(tmp_path / "data")


@pytest.fixture
def instances() -> Iterator[list[SingleInstance]]:
    """Made instances, released afterwards even when a test fails half-way."""
    made: list[SingleInstance] = []
    yield made
    for instance in made:
        instance.release()


@pytest.fixture
def make(instances: list[SingleInstance], qapp: object) -> type[SingleInstance]:
    class Tracked(SingleInstance):
        def __init__(self, key: str) -> None:
            super().__init__(key)
            instances.append(self)

    return Tracked


def server_name(instance: SingleInstance) -> str:
    server = instance.findChild(QLocalServer)
    assert server is not None and server.isListening()
    return server.fullServerName()


# --- instance_key ---------------------------------------------------------------------


def test_key_names_the_user_and_a_short_hash_of_the_folder(tmp_path: Path) -> None:
    key = instance_key(tmp_path / "data")
    user = str(os.getuid()) if hasattr(os, "getuid") else r"[A-Za-z0-9._-]+"
    assert re.fullmatch(rf"bedtime-{user}-[0-9a-f]{{12}}", key), key


@posix_only
def test_one_folder_spelled_differently_has_one_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "link").symlink_to(data)
    monkeypatch.chdir(tmp_path)
    spellings = [data, tmp_path / "sub" / ".." / "data", tmp_path / "link", Path("data")]
    assert {instance_key(path) for path in spellings} == {instance_key(data)}


def test_different_folders_have_different_keys(tmp_path: Path) -> None:
    assert instance_key(tmp_path / "a") != instance_key(tmp_path / "b")


def test_a_key_that_is_not_a_plain_name_is_refused(qapp: object) -> None:
    with pytest.raises(ValueError, match="instance key"):
        SingleInstance("../elsewhere")


# --- in one process ---------------------------------------------------------------------


def test_first_claim_wins_and_a_second_forwards_to_it(
    make: type[SingleInstance], key: str, runtime: Path, qtbot: QtBot
) -> None:
    first, second = make(key), make(key)
    assert first.claim()
    first.listen()
    assert (runtime / f"{key}.lock").exists()
    assert not second.claim()
    with qtbot.waitSignal(first.message_received, timeout=5000) as received:
        assert second.forward("show settings")
    assert received.args == ["show settings"]


def test_forward_carries_utf8(make: type[SingleInstance], key: str, qtbot: QtBot) -> None:
    first, second = make(key), make(key)
    assert first.claim()
    first.listen()
    with qtbot.waitSignal(first.message_received, timeout=5000) as received:
        assert second.forward("zeige Einstellungen – café")
    assert received.args == ["zeige Einstellungen – café"]


def test_different_keys_do_not_interfere(
    make: type[SingleInstance], tmp_path: Path, qtbot: QtBot
) -> None:
    one, other = instance_key(tmp_path / "one"), instance_key(tmp_path / "other")
    first, second = make(one), make(other)
    assert first.claim()
    first.listen()
    assert second.claim()
    second.listen()
    heard_by_first: list[str] = []
    first.message_received.connect(heard_by_first.append)
    with qtbot.waitSignal(second.message_received, timeout=5000) as received:
        assert make(other).forward("activate")
    assert received.args == ["activate"]
    assert heard_by_first == []


def test_after_release_a_new_claim_succeeds(
    make: type[SingleInstance], key: str, runtime: Path, qtbot: QtBot
) -> None:
    first, second = make(key), make(key)
    assert first.claim()
    first.listen()
    first.release()
    first.release()  # twice is harmless: it also runs on quit
    assert not (runtime / f"{key}.lock").exists()
    assert second.claim()
    second.listen()
    with qtbot.waitSignal(second.message_received, timeout=5000):
        assert first.forward("activate")
    assert first.claim() is False


def test_an_old_lock_of_a_live_primary_is_kept(
    make: type[SingleInstance], key: str, runtime: Path
) -> None:
    first = make(key)
    assert first.claim()
    first.listen()
    hour_ago = time.time() - 3600
    os.utime(runtime / f"{key}.lock", (hour_ago, hour_ago))  # running all evening
    assert not make(key).claim()


def test_forward_gives_up_when_nobody_answers(make: type[SingleInstance], key: str) -> None:
    started = time.monotonic()
    assert make(key).forward("activate", timeout_ms=300) is False
    assert 0.25 < time.monotonic() - started < 3


def test_forward_waits_for_a_primary_that_is_still_starting(
    make: type[SingleInstance], key: str, qtbot: QtBot
) -> None:
    late, sender = make(key), make(key)
    QTimer.singleShot(400, lambda: late.claim() and late.listen())
    started = time.monotonic()
    with qtbot.waitSignal(late.message_received, timeout=5000) as received:
        assert sender.forward("show settings", timeout_ms=5000)
    assert received.args == ["show settings"]
    assert time.monotonic() - started >= 0.35


@posix_only
def test_a_dead_primarys_socket_is_replaced(
    make: type[SingleInstance], key: str, runtime: Path, qtbot: QtBot
) -> None:
    leftover = socket.socket(socket.AF_UNIX)
    leftover.bind(str(runtime / key))
    leftover.close()  # the file stays, nobody listens: connecting is refused
    late, sender = make(key), make(key)
    QTimer.singleShot(300, lambda: late.claim() and late.listen())
    with qtbot.waitSignal(late.message_received, timeout=5000):
        assert sender.forward("activate", timeout_ms=5000)


def test_messages_split_across_reads_arrive_whole(
    make: type[SingleInstance], key: str, qtbot: QtBot
) -> None:
    primary = make(key)
    assert primary.claim()
    primary.listen()
    received: list[str] = []
    primary.message_received.connect(received.append)
    client = QLocalSocket()
    client.connectToServer(server_name(primary))
    assert client.waitForConnected(2000)

    def send(data: bytes) -> None:
        client.write(data)
        client.flush()

    send(b"show sett")
    qtbot.wait(100)
    assert received == []
    send(b"ings\ncaf\xc3")  # "é" split between its two bytes
    qtbot.waitUntil(lambda: received == ["show settings"], timeout=2000)
    send(b"\xa9\nactivate\n")
    qtbot.waitUntil(lambda: received == ["show settings", "café", "activate"], timeout=2000)
    qtbot.waitUntil(lambda: client.bytesAvailable() >= 9, timeout=2000)
    assert client.readAll().data() == b"ok\nok\nok\n"
    client.abort()


def test_an_endless_line_is_cut_off_and_others_still_get_through(
    make: type[SingleInstance], key: str, qtbot: QtBot
) -> None:
    primary = make(key)
    assert primary.claim()
    primary.listen()
    received: list[str] = []
    primary.message_received.connect(received.append)
    client = QLocalSocket()
    client.connectToServer(server_name(primary))
    assert client.waitForConnected(2000)
    client.write(b"x" * (MAX_LINE + 100))
    client.flush()
    qtbot.waitUntil(
        lambda: client.state() == QLocalSocket.LocalSocketState.UnconnectedState, timeout=2000
    )
    assert received == []
    with qtbot.waitSignal(primary.message_received, timeout=5000):
        assert make(key).forward("activate")


def test_a_message_must_be_one_line(make: type[SingleInstance], key: str) -> None:
    with pytest.raises(ValueError, match="single line"):
        make(key).forward("show\nsettings")


# --- separate processes -----------------------------------------------------------------


class Worker:
    """One launch of instance_worker.py, its stdout lines collected as they come."""

    def __init__(self, key: str, message: str, env: dict[str, str], log: Path) -> None:
        self.message = message
        self._log = log.open("w")
        self.process = subprocess.Popen(
            [sys.executable, str(WORKER), key, message],
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log,
            text=True,
        )
        self._lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self._log_path = log

    def _pump(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))

    def next_line(self, timeout: float = 10) -> str:
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            pytest.fail(f"no output from {self.message!r}; stderr: {self.stderr()}")

    def stderr(self) -> str:
        self._log.flush()
        return self._log_path.read_text()

    def kill(self) -> None:
        # Reaped at once: a zombie still has its pid, and QLockFile would take the lock
        # for a live one.
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        self._log.close()


Start = Callable[[str], Worker]


@dataclass
class Place:
    """Where the workers' lock and socket go, and the environment that sends them there."""

    folder: Path
    env: dict[str, str]
    made_by_bedtime: bool  # the temp folder's bedtime-<uid>, not the session's runtime dir


@pytest.fixture(params=["XDG_RUNTIME_DIR", "temp folder"])
def place(request: pytest.FixtureRequest, runtime: Path) -> Iterator[Place]:
    if request.param == "XDG_RUNTIME_DIR":
        yield Place(runtime, {**os.environ, "XDG_RUNTIME_DIR": str(runtime)}, False)
        return
    # A short one like /tmp itself: a deep pytest folder could leave no room for the socket.
    shared = Path(tempfile.mkdtemp(prefix="bt-", dir="/tmp"))
    shared.chmod(0o1777)
    env = {k: v for k, v in os.environ.items() if k != "XDG_RUNTIME_DIR"}
    try:
        yield Place(shared / f"bedtime-{os.getuid()}", env | {"TMPDIR": str(shared)}, True)
    finally:
        shutil.rmtree(shared, ignore_errors=True)


@pytest.fixture
def workers(tmp_path: Path, place: Place, key: str) -> Iterator[Start]:
    started: list[Worker] = []

    def start(message: str) -> Worker:
        worker = Worker(key, message, place.env, tmp_path / f"worker{len(started)}.err")
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.kill()


def first_to_exit(*candidates: Worker, timeout: float = 15) -> Worker:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for worker in candidates:
            if worker.process.poll() is not None:
                return worker
        time.sleep(0.01)
    pytest.fail(f"none of {[w.message for w in candidates]} left: more than one primary?")


def expect_primary(worker: Worker) -> None:
    assert worker.next_line() == "primary", worker.stderr()


def launch_pair(start: Start, round_: int) -> Worker:
    """Start two launches at once; one must stay, having heard the other's message."""
    pair = start(f"from a{round_}"), start(f"from b{round_}")
    gone = first_to_exit(*pair)
    stays = pair[1] if gone is pair[0] else pair[0]
    assert gone.process.returncode == 0, gone.stderr()
    expect_primary(stays)
    assert stays.next_line() == f"got {gone.message}"
    assert stays.process.poll() is None, stays.stderr()
    return stays


def quit_primary(start: Start, primary: Worker, folder: Path, key: str) -> None:
    asking = start("quit")
    assert asking.process.wait(timeout=15) == 0, asking.stderr()
    assert primary.next_line() == "got quit"
    assert primary.process.wait(timeout=15) == 0, primary.stderr()
    # A clean exit takes its lock and socket with it.
    assert not (folder / f"{key}.lock").exists()
    assert not (folder / key).exists()


@posix_only
def test_a_killed_primary_does_not_block_the_next_start(
    workers: Start, place: Place, key: str
) -> None:
    first = workers("first")
    expect_primary(first)
    first.kill()
    assert (place.folder / f"{key}.lock").exists()  # both left behind, as after a crash
    assert (place.folder / key).exists()
    second = workers("second")
    expect_primary(second)
    assert workers("show settings").process.wait(timeout=15) == 0
    assert second.next_line() == "got show settings"
    quit_primary(workers, second, place.folder, key)


@posix_only
@pytest.mark.slow
def test_twenty_rounds_of_two_launches_at_once(workers: Start, place: Place, key: str) -> None:
    assert len(os.fsencode(str(place.folder / key))) <= 100  # the socket lives there too
    for round_ in range(20):
        primary = launch_pair(workers, round_)
        if place.made_by_bedtime:
            assert stat.S_IMODE(place.folder.stat().st_mode) == 0o700
        if round_ % 2:
            quit_primary(workers, primary, place.folder, key)
            if place.made_by_bedtime:  # the next pair races to make it again
                place.folder.rmdir()
        else:
            primary.kill()  # the next round starts over a stale lock and socket
            assert (place.folder / f"{key}.lock").exists()


# --- a folder, a lock and a socket of the user's own ---------------------------------------


@pytest.fixture
def temp_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[Path], Path]:
    """Make TMPDIR the given folder (a shared one, 1777 like /tmp); the fallback's path."""

    def use(folder: Path) -> Path:
        folder.mkdir()
        folder.chmod(0o1777)
        monkeypatch.setenv("TMPDIR", str(folder))
        monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
        return folder / f"bedtime-{os.getuid()}"

    return use


def live_lock_text(tmp_path: Path) -> str:
    """What QLockFile writes: the pid of a live process (this one), its name, the machine."""
    lock = QLockFile(str(tmp_path / "sample.lock"))
    assert lock.tryLock(0)
    text = (tmp_path / "sample.lock").read_text()
    lock.unlock()
    return text


@posix_only
def test_without_xdg_runtime_dir_they_go_to_a_folder_made_for_the_user_alone(
    make: type[SingleInstance],
    key: str,
    tmp_path: Path,
    temp_folder: Callable[[Path], Path],
    monkeypatch: pytest.MonkeyPatch,
    qtbot: QtBot,
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    private = temp_folder(tmp_path / "tmp")
    old = os.umask(0o022)  # the usual one: the folder must still be 0700
    try:
        first = make(key)
        assert first.claim()
        first.listen()
    finally:
        os.umask(old)
    info = private.lstat()
    assert (stat.S_IMODE(info.st_mode), info.st_uid) == (0o700, os.getuid())
    assert sorted(p.name for p in private.iterdir()) == [key, f"{key}.lock"]
    assert first.passed_over == []  # no XDG_RUNTIME_DIR is not a problem to report
    with qtbot.waitSignal(first.message_received, timeout=5000):
        assert make(key).forward("activate")


@posix_only
def test_an_xdg_runtime_dir_others_may_enter_is_passed_over(
    make: type[SingleInstance],
    key: str,
    runtime: Path,
    tmp_path: Path,
    temp_folder: Callable[[Path], Path],
) -> None:
    runtime.chmod(0o755)
    private = temp_folder(tmp_path / "tmp")
    first = make(key)
    assert first.claim()
    first.listen()
    assert list(runtime.iterdir()) == []
    assert (private / f"{key}.lock").exists()
    assert first.passed_over == [
        f"XDG_RUNTIME_DIR {runtime} lets other users in (mode 755, not 700)"
    ]


@posix_only
def test_an_xdg_runtime_dir_of_another_user_is_passed_over(
    make: type[SingleInstance],
    key: str,
    runtime: Path,
    tmp_path: Path,
    temp_folder: Callable[[Path], Path],
    neighbour: OtherUser,
) -> None:
    os.chown(runtime, neighbour.uid, neighbour.gid)
    private = temp_folder(tmp_path / "tmp")
    first = make(key)
    assert first.claim()
    first.listen()
    assert list(runtime.iterdir()) == []
    assert (private / f"{key}.lock").exists()
    assert first.passed_over == [
        f"XDG_RUNTIME_DIR {runtime} belongs to another user, {neighbour.name}"
    ]


@posix_only
@pytest.mark.parametrize("made_as", ["0777", "0700"])
def test_a_temp_folder_another_user_made_first_is_never_used(
    make: type[SingleInstance],
    key: str,
    shared: Path,
    temp_folder: Callable[[Path], Path],
    neighbour: OtherUser,
    monkeypatch: pytest.MonkeyPatch,
    made_as: str,
) -> None:
    monkeypatch.delenv("XDG_RUNTIME_DIR")
    trap = temp_folder(shared / "tmp")
    made = neighbour.run("mkdir", "-m", made_as, str(trap))
    assert made.returncode == 0, made.stderr
    instance = make(key)
    with pytest.raises(NotPrivate, match=f"{trap} belongs to another user, {neighbour.name}"):
        instance.claim()
    with pytest.raises(NotPrivate):
        instance.forward("activate", timeout_ms=300)
    assert list(trap.iterdir()) == []


@posix_only
@pytest.mark.parametrize("kind", ["lock", "socket", "link"])
def test_a_lock_or_socket_that_is_not_the_users_own_is_never_trusted(
    make: type[SingleInstance],
    key: str,
    runtime: Path,
    tmp_path: Path,
    neighbour: OtherUser,
    kind: str,
) -> None:
    """Only root could put them in a 0700 folder of the user's; still, nothing is assumed."""
    if kind == "lock":  # naming a live process: it would be taken as a running Bedtime
        planted = runtime / f"{key}.lock"
        planted.write_text(live_lock_text(tmp_path))
    elif kind == "socket":
        planted = runtime / key
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(str(planted))
        listener.listen()
    else:
        planted = runtime / f"{key}.lock"
        planted.symlink_to(tmp_path / "elsewhere.lock")
    os.chown(planted, neighbour.uid, neighbour.gid, follow_symlinks=False)
    instance = make(key)
    with pytest.raises(NotPrivate, match=str(planted)):
        instance.claim()
    with pytest.raises(NotPrivate, match=str(planted)):
        instance.forward("activate", timeout_ms=300)
    assert not (tmp_path / "elsewhere.lock").exists()
