"""One running Bedtime per user and data folder; later launches hand their request over.

A `QLockFile` decides who runs. Its stale time is 0 so that age alone never makes a lock
stale: only a lock whose owner process is gone is taken over, which is what lets a
start after a crash or `kill -9` succeed while a slow but live owner is never robbed.

The owner (the primary) listens on a `QLocalServer`. A later launch connects, writes one
line and waits for the primary's "ok" line, so it can tell "delivered" from "nobody
there". Only the lock holder ever listens, so whoever holds the lock may remove a
leftover socket at that name: it can only belong to a primary that died.
"""

from __future__ import annotations

import getpass
import hashlib
import logging
import os
import re
import sys
from pathlib import Path

from PySide6.QtCore import (
    QCoreApplication,
    QDir,
    QEventLoop,
    QLockFile,
    QObject,
    QStandardPaths,
    QTimer,
    Signal,
)
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


def _runtime_dir() -> Path:
    # On Windows Qt's runtime location is the home folder itself; the per-user temp
    # folder is the place for throwaway files there.
    if sys.platform != "win32":
        runtime = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.RuntimeLocation)
        if runtime:
            return Path(runtime)
    return Path(QDir.tempPath())


def _server_name(directory: Path, key: str) -> str:
    if sys.platform == "win32":
        return key  # a named pipe: \\.\pipe\<key>
    # Next to the lock, the runtime folder (mode 0700) keeps other users away from the
    # socket; a bare name would put it in the shared /tmp.
    path = str(directory / key)
    if len(os.fsencode(path)) <= _MAX_SOCKET_PATH:
        return path
    return key  # Qt puts it in the temp folder; the uid in the key keeps users apart


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
        directory = _runtime_dir()
        self._lock_path = directory / f"{key}.lock"
        self._server_name = _server_name(directory, key)
        self._lock: QLockFile | None = None
        self._server: QLocalServer | None = None
        app = QCoreApplication.instance()
        if app is not None:
            # Python does not reliably destroy Qt objects at exit, and a normal quit should
            # leave neither lock file nor socket behind.
            app.aboutToQuit.connect(self.release)

    def claim(self) -> bool:
        """Become the primary if no live process is: True when the lock is ours.

        The server is then listening too, unless it could not be set up, which is
        logged: the app still runs, only later launches cannot reach it.
        Raises OSError when the lock file cannot be written at all, since then no launch
        could ever tell whether another one runs.
        """
        if self._lock is not None:
            return True
        QDir().mkpath(str(self._lock_path.parent))
        lock = QLockFile(str(self._lock_path))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            if lock.error() == QLockFile.LockError.LockFailedError:
                return False
            raise OSError(f"cannot create the lock file {self._lock_path} ({lock.error().name})")
        self._lock = lock
        # Holding the lock, any socket at our name is a dead primary's leftover. (On Unix
        # Qt's UserAccessOption binds elsewhere and renames over it anyway; without that
        # option, or elsewhere, listen() would fail on it.)
        QLocalServer.removeServer(self._server_name)
        server = QLocalServer(self)
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        server.newConnection.connect(self._accept)
        if server.listen(self._server_name):
            self._server = server
        else:
            log.warning(
                "cannot listen at %s (%s); later launches will not reach this one",
                self._server_name,
                server.errorString(),
            )
            server.deleteLater()
        return True

    def forward(self, message: str, timeout_ms: int = 5000) -> bool:
        """Deliver MESSAGE (one line) to the primary; True once it has acknowledged it.

        Keeps trying to connect until TIMEOUT_MS has passed, because a primary that has
        just taken the lock may not be listening yet. False when nobody answered in time.
        Events are processed while waiting, so a primary in this same process still works.
        """
        if "\n" in message or "\r" in message:
            raise ValueError("a forwarded message must be a single line")
        if QCoreApplication.instance() is None:
            raise RuntimeError("forwarding needs a QCoreApplication")
        return _Delivery(self._server_name, message.encode() + b"\n").run(timeout_ms)

    def release(self) -> None:
        """Stop listening and give up the lock, so the next launch becomes the primary."""
        if self._server is not None:
            self._server.close()  # also removes the socket file
            self._server.deleteLater()
            self._server = None
        if self._lock is not None:
            self._lock.unlock()
            self._lock = None

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
