"""One running Bedtime per user and data folder; later launches hand their request over.

A `QLockFile` decides who runs. Its stale time is 0 so that age alone never makes a lock
stale: only a lock whose owner process is gone is taken over, which is what lets a
start after a crash or `kill -9` succeed while a slow but live owner is never robbed.

The owner (the primary) listens on a `QLocalServer`. A later launch connects, writes one
line and waits for the primary's "ok" line, so it can tell "delivered" from "nobody
there". Only the lock holder ever listens, so whoever holds the lock may remove a
leftover socket at that name: it can only belong to a primary that died. The lock alone
decides who runs, so the tray app takes it before its icon and listens right after (QtNetwork
and its enums cost about 8 ms); a launch in between waits, as for any primary still starting.

Both live in a folder that belongs to this user alone (see `runtime_folder`). In a folder
others can write to, whoever made the lock first would keep Bedtime from ever starting (no
reminders at all), and whoever listened at the socket first would receive its launches. A
lock or socket that belongs to someone else is never used: `claim` raises `NotPrivate`, and
the app runs without the hand-over rather than not at all.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QEventLoop,
    QLockFile,
    QObject,
    QTimer,
    Signal,
)

from ..core.wording import _
from ..private_files import make_folder

# QtNetwork is imported where the server and the socket are made (see the docstring).
if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

ACK = b"ok\n"
# Requests are a few words; anything longer is not from Bedtime and is cut off rather
# than buffered without bound.
MAX_LINE = 4096
# How soon to try again while the primary holds the lock but is not listening yet.
RETRY_MS = 50
# Unix socket paths must fit in sockaddr_un.sun_path (104 bytes on macOS, 108 on Linux,
# counting the final NUL).
_MAX_SOCKET_PATH = 100
_SAFE_KEY = re.compile(r"[A-Za-z0-9._-]+")


def instance_key(data_dir: Path) -> str:
    """ "bedtime-<uid>-<hash>": one key per user and data folder, safe as a file or pipe name.

    The folder is resolved first so that different spellings of one folder (relative,
    through a symlink, with "..") share a key and so a single primary.
    """
    resolved = os.path.normcase(str(data_dir.expanduser().resolve()))
    digest = hashlib.sha256(os.fsencode(resolved)).hexdigest()[:12]
    return f"bedtime-{_user_id()}-{digest}"


def _user_id() -> str:
    if hasattr(os, "getuid"):
        return str(os.getuid())
    try:
        name = getpass.getuser()
    except OSError:  # no login name in the environment at all
        name = "user"
    # Windows user names may hold spaces and other characters pipe and file names refuse.
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "user"


class NotPrivate(OSError):
    """No lock and socket that only this user controls can be had; the message says why."""


def runtime_folder(key: str) -> tuple[Path, list[str]]:
    """The folder for KEY's lock and socket, and why any folder was passed over on the way.

    XDG_RUNTIME_DIR, which the session makes for the user alone, when it is that; else
    <temp>/bedtime-<uid>, made 0700 here. Each is checked, never assumed: a folder another
    user made first, a link, or one others may enter is passed over. Raises `NotPrivate`
    when neither will do. On Windows: the per-user temp folder (named pipes do not live in
    it; the user's name in KEY keeps their pipes apart).
    """
    if sys.platform == "win32":
        return Path(QDir.tempPath()), []
    passed_over: list[str] = []
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    fallback = Path(tempfile.gettempdir()) / f"bedtime-{os.getuid()}"
    if xdg:
        problem = _not_private(Path(xdg), key)
        if problem is None:
            return Path(xdg), passed_over
        passed_over.append(f"XDG_RUNTIME_DIR {xdg} {problem}")
    with suppress(OSError):  # whatever is there, or why nothing could be made, is checked next
        make_folder(fallback)
    problem = _not_private(fallback, key)
    if problem is None:
        return fallback, passed_over
    raise NotPrivate("; ".join([*passed_over, f"{fallback} {problem}"]))


def _not_private(folder: Path, key: str) -> str | None:
    """Why FOLDER may not hold KEY's lock and socket; None when it is this user's alone."""
    if not folder.is_absolute():
        return _("is not an absolute path")
    try:
        info = folder.lstat()
    except OSError as error:
        return _("cannot be used ({error})").format(error=error.strerror)
    if not stat.S_ISDIR(info.st_mode):
        return _("is not a folder")
    if info.st_uid != os.getuid():
        return _("belongs to another user, {user}").format(user=_user_name(info.st_uid))
    if info.st_mode & 0o077:
        return _("lets other users in (mode {mode}, not 700)").format(
            mode=f"{stat.S_IMODE(info.st_mode):o}"
        )
    if len(os.fsencode(str(folder / key))) > _MAX_SOCKET_PATH:
        return _("is too long a path for a socket")
    return None


def _refuse_foreign(path: Path) -> None:
    """Raise `NotPrivate` if PATH is there and is not this user's own file or socket."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return
    if stat.S_ISLNK(info.st_mode):
        raise NotPrivate(_("{path} is a link, which Bedtime never follows there").format(path=path))
    if info.st_uid != os.getuid():
        raise NotPrivate(
            _("{path} belongs to another user, {user}").format(
                path=path, user=_user_name(info.st_uid)
            )
        )


def _user_name(uid: int) -> str:
    import pwd  # Unix only, as are the checks that name an owner

    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:  # no such account (any more): its number is all there is
        return _("user number {uid}").format(uid=uid)


class SingleInstance(QObject):
    """Decides whether this launch is the primary and carries messages to it.

    Needs a `QCoreApplication` (or `QApplication`): the primary hears messages from its
    event loop, and `forward` runs a short local loop while it waits.
    """

    message_received = Signal(str)  # in the primary: a line a later launch forwarded

    def __init__(self, key: str, parent: QObject | None = None) -> None:
        """KEY tells primaries apart (see `instance_key`); letters, digits, ".", "_", "-"."""
        super().__init__(parent)
        if not _SAFE_KEY.fullmatch(key):
            raise ValueError(f"instance key {key!r} must be letters, digits, '.', '_' or '-'")
        self._key = key
        self._folder: Path | None = None
        # Why a runtime folder was passed over for the one in use: worth a line in the log.
        self.passed_over: list[str] = []
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        self._server_name: str | None = None  # known once the lock is ours
        app = QCoreApplication.instance()
        if app is not None:
            # Python does not reliably destroy Qt objects at exit, and a normal quit should
            # leave neither lock file nor socket behind.
            app.aboutToQuit.connect(self.release)

    def claim(self) -> bool:
        """Become the primary if no live process is: True when the lock is ours.

        Later launches reach it once it `listen`s.
        Raises `NotPrivate` when there is no folder of this user's own for the lock and
        socket or either belongs to someone else, and OSError when the lock file cannot be
        written at all: then no launch could ever tell whether another one runs.
        """
        if self._lock is not None:
            return True
        lock_path, server_name = self._places()
        lock = QLockFile(str(lock_path))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return False
            raise OSError(f"cannot create the lock file {lock_path} ({lock.error().name})")
        self._lock = lock
        self._server_name = server_name
        return True

    def listen(self) -> None:
        """As the primary (after `claim`), hear later launches' messages from the event loop.

        When the server cannot be set up, that is logged: the app still runs, only later
        launches cannot reach it.
        """
        server_name = self._server_name
        if server_name is None or self._server is not None:
            return
        from PySide6.QtNetwork import QLocalServer

        # Holding the lock, any socket at our name is a dead primary's leftover. (On Unix
        # Qt's UserAccessOption binds elsewhere and renames over it anyway; without that
        # option, or elsewhere, listen() would fail on it.)
        QLocalServer.removeServer(server_name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if server.listen(server_name):
            self._server = server
        else:
            log.warning(
                "cannot listen at %s (%s); later launches will not reach this one",
                server_name,
                server.errorString(),
            )
            server.deleteLater()

    def forward(self, message: str, timeout_ms: int = 5000) -> bool:
        """Deliver MESSAGE (one line) to the primary; True once it has acknowledged it.

        Keeps trying to connect until TIMEOUT_MS has passed, because a primary that has
        just taken the lock may not be listening yet. False when nobody answered in time.
        Events are processed while waiting, so a primary in this same process still works.
        Raises `NotPrivate` as `claim` does: a request never goes to someone else's socket.
        """
        if "\n" in message or "\r" in message:
            raise ValueError("a forwarded message must be a single line")
        if QCoreApplication.instance() is None:
            raise RuntimeError("forwarding needs a QCoreApplication")
        _, server_name = self._places()
        return _Delivery(server_name, message.encode() + b"\n").run(timeout_ms)

    def _places(self) -> tuple[Path, str]:
        """The lock file and the server name, both checked to be this user's own."""
        if self._folder is None:
            self._folder, self.passed_over = runtime_folder(self._key)
        lock = self._folder / f"{self._key}.lock"
        if sys.platform == "win32":
            return lock, self._key  # a named pipe: \\.\pipe\<key>
        socket = self._folder / self._key
        for path in (lock, socket):
            _refuse_foreign(path)
        return lock, str(socket)

    def release(self) -> None:
        """Stop listening and give up the lock, so the next launch becomes the primary."""
        if self._server is not None:
            self._server.close()  # also removes the socket file
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None
            self._server_name = None

    def _accept(self) -> None:
        server = self._server
        while server is not None and server.hasPendingConnections():
            socket = server.nextPendingConnection()
            buffer = bytearray()
            socket.readyRead.connect(lambda s=socket, b=buffer: self._read(s, b))
            socket.disconnected.connect(socket.deleteLater)

    def _read(self, socket: QLocalSocket, buffer: bytearray) -> None:
        buffer += socket.readAll().data()
        lines: list[bytes] = []
        while (end := buffer.find(b"\n")) >= 0:
            lines.append(bytes(buffer[:end]))
            del buffer[: end + 1]
        if len(buffer) > MAX_LINE:
            socket.abort()
            return
        if not lines:
            return  # the rest of the line is still on its way
        # Acknowledge before handing the messages on: a slot may open a dialog and run
        # its own loop, and the sender must not time out meanwhile.
        socket.write(ACK * len(lines))
        socket.flush()
        for line in lines:
            self.message_received.emit(line.decode("utf-8", "replace").rstrip("\r"))


class _Delivery(QObject):
    """Connect (again and again if need be), send one line, wait for the acknowledgement."""

    def __init__(self, server_name: str, line: bytes) -> None:
        from PySide6.QtNetwork import QLocalSocket

        super().__init__()
        self._server_name = server_name
        self._line = line
        self._reply = bytearray()
        self._delivered = False
        self._loop = QEventLoop(self)
        self._socket = QLocalSocket(self)
        self._socket.connected.connect(self._send)
        self._socket.readyRead.connect(self._read)
        self._socket.errorOccurred.connect(self._failed)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._connect)
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._loop.quit)

    def run(self, timeout_ms: int) -> bool:
        self._deadline.start(max(timeout_ms, 0))
        # Start from inside the loop: an error may be reported during connectToServer
        # itself, and its retry must find the loop running.
        self._retry.start(0)
        self._loop.exec()
        self._retry.stop()
        self._deadline.stop()
        self._socket.abort()
        return self._delivered

    def _connect(self) -> None:
        self._reply.clear()
        self._socket.abort()
        self._socket.connectToServer(self._server_name)

    def _send(self) -> None:
        self._socket.write(self._line)

    def _read(self) -> None:
        self._reply += self._socket.readAll().data()
        if b"\n" in self._reply:
            self._delivered = self._reply.startswith(ACK)
            self._loop.quit()

    def _failed(self, _error: QLocalSocket.LocalSocketError) -> None:
        # Not listening yet, a leftover socket, or the primary went away mid-way: try
        # again until the deadline. A primary that died after reading but before its
        # acknowledgement may see the message twice; requests are safe to repeat.
        if not self._delivered and self._deadline.isActive():
            self._retry.start(RETRY_MS)
