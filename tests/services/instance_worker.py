"""A stand-in launch of the app: `python instance_worker.py KEY MESSAGE`.

Becomes the primary and prints "primary", then "got <message>" for each message it is
sent, quitting cleanly on "quit"; or, if another process is the primary, forwards
MESSAGE to it and exits 0 when it was acknowledged, 1 when not.
"""

import os
import sys

from PySide6.QtCore import QCoreApplication

from bedtime.services.single_instance import SingleInstance


def main() -> int:
    key, message = sys.argv[1], sys.argv[2]
    app = QCoreApplication([])
    instance = SingleInstance(key)
    if not instance.claim():
        return 0 if instance.forward(message) else 1
    instance.listen()

    def received(text: str) -> None:
        print(f"got {text}", flush=True)
        if text == "quit":
            app.quit()

    instance.message_received.connect(received)
    print("primary", flush=True)
    code = app.exec()
    # No interpreter teardown, whose destructors would also unlock: the test checks
    # that quitting the event loop is enough to leave nothing behind.
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
