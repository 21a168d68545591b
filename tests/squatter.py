"""A neighbour's trap for Bedtime's lock and socket, run as another user with any Python 3.

`python3 squatter.py TMP UID USER KEY LOCK_TEXT HEARD` takes, before Bedtime starts, every
place a launch with TMPDIR=TMP and no XDG_RUNTIME_DIR could use for KEY: the folder
TMP/bedtime-UID, Qt's own fallback TMP/runtime-USER, and TMP itself. In each it leaves a lock
naming a live process (itself: LOCK_TEXT's pid and name replaced by its own, as QLockFile
would write them) and a socket that answers "ok" to every line, after writing the line to
HEARD. Prints "ready" once everything is in place, then serves until killed.
"""

import os
import select
import socket
import sys


def main() -> None:
    tmp, uid, user, key, lock_text, heard = sys.argv[1:]
    os.umask(0)
    _, _, *machine = lock_text.splitlines(keepends=True)
    name = os.path.basename(os.path.realpath(sys.executable))
    lock = f"{os.getpid()}\n{name}\n{''.join(machine)}"
    listeners = []
    for folder in (f"{tmp}/bedtime-{uid}", f"{tmp}/runtime-{user}", tmp):
        os.makedirs(folder, mode=0o777, exist_ok=True)
        with open(f"{folder}/{key}.lock", "w") as out:
            out.write(lock)
        listener = socket.socket(socket.AF_UNIX)
        listener.bind(f"{folder}/{key}")
        os.chmod(f"{folder}/{key}", 0o777)
        listener.listen()
        listeners.append(listener)
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select(listeners, [], [])
        for listener in readable:
            connection, _ = listener.accept()
            connection.settimeout(5)
            try:
                line = connection.recv(4096)
                with open(heard, "ab") as out:
                    out.write(line)
                connection.sendall(b"ok\n")
            except OSError:
                pass
            finally:
                connection.close()


if __name__ == "__main__":
    main()
