"""The log on real files: private whatever the umask, rotated at its size, debug lines only
when asked; and the hook that catches what nothing else did."""

import logging
import os
import stat
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from bedtime.services.logbook import (
    BACKUPS,
    LOG_NAME,
    MAX_BYTES,
    UnhandledErrors,
    log_dir,
    open_logbook,
)

log = logging.getLogger("bedtime.test")


@pytest.fixture(autouse=True)
def loose_umask() -> Iterator[None]:
    before = os.umask(0o022)
    yield
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_log_folder_is_the_platforms(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert log_dir() == tmp_path / "bedtime" / "log"


def test_folder_and_file_are_private_even_when_they_were_not(tmp_path: Path) -> None:
    folder = tmp_path / "log"
    folder.mkdir(mode=0o755)
    (folder / LOG_NAME).write_text("left by an older run\n")
    (folder / LOG_NAME).chmod(0o644)
    logbook = open_logbook(folder)
    try:
        log.info("hello")
    finally:
        logbook.close()
    assert logbook.path == folder / LOG_NAME
    assert (mode(folder), mode(folder / LOG_NAME)) == (0o700, 0o600)
    assert logbook.path.read_text().splitlines()[-1].endswith("INFO bedtime.test: hello")


def test_a_new_log_is_private(tmp_path: Path) -> None:
    logbook = open_logbook(tmp_path / "state" / "log")
    logbook.close()
    assert (mode(tmp_path / "state" / "log"), mode(logbook.path)) == (0o700, 0o600)


def test_it_rotates_at_a_mebibyte_keeping_three_older_files(tmp_path: Path) -> None:
    logbook = open_logbook(tmp_path)
    try:
        line = "x" * 1000
        for _ in range(5 * MAX_BYTES // 1000):
            log.info("%s", line)
    finally:
        logbook.close()
    files = sorted(p.name for p in tmp_path.iterdir())
    assert files == [LOG_NAME] + [f"{LOG_NAME}.{n}" for n in range(1, BACKUPS + 1)]
    for path in tmp_path.iterdir():
        assert path.stat().st_size <= MAX_BYTES
        assert mode(path) == 0o600


@pytest.mark.parametrize("verbose", [False, True])
def test_debug_lines_only_when_verbose(
    tmp_path: Path, verbose: bool, capsys: pytest.CaptureFixture[str]
) -> None:
    logbook = open_logbook(tmp_path, verbose=verbose)
    try:
        log.debug("the details")
        log.info("the story")
        log.warning("a worry")
    finally:
        logbook.close()
    text = (tmp_path / LOG_NAME).read_text()
    assert ("the details" in text) is verbose
    assert "the story" in text and "a worry" in text
    # A terminal shows warnings, worded as the command line words its own; all lines if verbose.
    err = capsys.readouterr().err
    assert "bedtime: warning: a worry" in err
    assert ("bedtime: debug: the details" in err) is verbose


def test_without_a_writable_folder_the_app_runs_on_without_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "state").write_text("a file where the folder should be")
    logbook = open_logbook(tmp_path / "state" / "log")
    logbook.close()
    assert logbook.path is None
    assert "bedtime: warning: no log file this time: " in capsys.readouterr().err


def test_an_unhandled_error_is_logged_with_its_traceback_and_reported(tmp_path: Path) -> None:
    logbook = open_logbook(tmp_path)
    reported: list[str] = []
    before = sys.excepthook
    errors = UnhandledErrors(reported.append)
    try:
        try:
            {}["missing"]
        except KeyError:
            sys.excepthook(*sys.exc_info())
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
    finally:
        errors.restore()
        logbook.close()
    assert sys.excepthook is before
    # Restoring again, after something else took the hook, leaves that one in place.
    sys.excepthook = reported.append  # type: ignore[assignment]
    errors.restore()
    assert sys.excepthook == reported.append
    sys.excepthook = before
    text = (tmp_path / LOG_NAME).read_text()
    assert text.count("ERROR bedtime.services.logbook: unhandled error") == 2
    assert "KeyError: 'missing'" in text and "ZeroDivisionError" in text
    assert len(reported) == 2
    assert reported[0].startswith("Traceback (most recent call last)")
    assert reported[0].rstrip().endswith("KeyError: 'missing'")


def test_a_report_that_fails_is_logged_too(tmp_path: Path) -> None:
    logbook = open_logbook(tmp_path)

    def broken_report(details: str) -> None:
        raise RuntimeError("no screen")

    errors = UnhandledErrors(broken_report)
    try:
        try:
            raise ValueError("first")
        except ValueError:
            sys.excepthook(*sys.exc_info())
    finally:
        errors.restore()
        logbook.close()
    text = (tmp_path / LOG_NAME).read_text()
    assert "ValueError: first" in text
    assert "could not report the error above" in text and "RuntimeError: no screen" in text
