"""Private by default: every folder Bedtime makes is 0700 and every file it writes 0600,
whatever the umask; files an older version left readable are tightened on the next start;
a folder the person chose keeps its own mode; a filesystem without modes is not an error.
And another local user, tried for real, can read none of it."""

import os
import shutil
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bedtime.core.dosing import Supplement
from bedtime.core.settings import Settings
from bedtime.private_files import (
    create_private,
    make_folder,
    open_private,
    own_folder,
    temp_file,
    tighten,
)
from bedtime.services.logbook import LOG_NAME, open_logbook
from bedtime.store.database import open_database
from bedtime.store.migrations import MIGRATIONS
from bedtime.store.repository import Store
from tests.other_user import OtherUser
from tests.support import Cli, Result

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="Unix modes")
pytestmark = posix_only

AMS = ZoneInfo("Europe/Amsterdam")
# The usual one, one that lets the group write, the careful one, and one that would even
# take the owner's own write bit.
UMASKS = [0o022, 0o002, 0o077, 0o277]


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """The usual umask: files would be readable to everyone unless Bedtime says otherwise."""
    before = os.umask(0o022)
    yield
    os.umask(before)


@pytest.fixture(params=UMASKS, ids=[f"umask{m:03o}" for m in UMASKS])
def any_umask(request: pytest.FixtureRequest) -> Iterator[int]:
    before = os.umask(request.param)
    yield request.param
    os.umask(before)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def bedtime(*args: str, env: dict[str, str]) -> Result:
    """`bedtime ARGS` with exactly ENV's data folder settings (the umask is this process's)."""
    done = subprocess.run(
        [sys.executable, "-m", "bedtime", *args],
        env={k: v for k, v in os.environ.items() if k != "BEDTIME_DATA_DIR"} | env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    result = Result(done.returncode, done.stdout, done.stderr)
    assert result.code == 0, result.err
    return result


def with_a_dose(path: Path) -> Store:
    """An open store at PATH with a dose in its -wal, as while the app runs."""
    store = Store(open_database(path).conn)
    if not store.supplements():
        store.add_supplement(citrate(), datetime(2026, 11, 20, 20, tzinfo=UTC))
    store.take(None, None, datetime(2026, 11, 20, 21, tzinfo=UTC), AMS, Settings())
    assert Path(f"{path}-wal").stat().st_size > 0
    return store


def citrate() -> Supplement:
    return Supplement(
        id=0,
        name="Citrate",
        form="citrate",
        mg_per_unit=150.0,
        units_per_dose=1.0,
        stock_units=30.0,
        low_days=0,
    )


# --- the helpers, under every umask ----------------------------------------------------


def test_folders_it_makes_are_0700_whatever_the_umask(tmp_path: Path, any_umask: int) -> None:
    deep = tmp_path / "a" / "b" / "c"
    make_folder(deep)
    assert [mode(p) for p in (deep.parent.parent, deep.parent, deep)] == [0o700] * 3


def test_files_it_writes_are_0600_whatever_the_umask(tmp_path: Path, any_umask: int) -> None:
    create_private(tmp_path / "created")
    os.close(open_private(tmp_path / "opened", os.O_WRONLY | os.O_APPEND))
    fd, temp = temp_file(tmp_path, ".temp-")
    os.close(fd)
    assert [mode(tmp_path / "created"), mode(tmp_path / "opened"), mode(temp)] == [0o600] * 3


def test_an_existing_folder_keeps_its_mode_unless_it_is_bedtimes_own(tmp_path: Path) -> None:
    chosen, own = tmp_path / "chosen", tmp_path / "own"
    for folder in (chosen, own):
        folder.mkdir()
        folder.chmod(0o755)
    make_folder(chosen)
    own_folder(own)
    assert (mode(chosen), mode(own)) == (0o755, 0o700)


@pytest.mark.parametrize(
    ("before", "after"), [(0o644, 0o600), (0o666, 0o600), (0o640, 0o600), (0o444, 0o400)]
)
def test_tightening_takes_away_only_what_others_may_do(
    tmp_path: Path, before: int, after: int
) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    path.chmod(before)
    tighten(path)
    assert mode(path) == after
    tighten(tmp_path / "gone")  # nothing there: nothing to do, and no error


# --- the data file and what SQLite and Bedtime keep beside it ----------------------------


def test_a_new_data_file_its_folder_and_its_wal_and_shm_are_private(
    tmp_path: Path, any_umask: int
) -> None:
    path = tmp_path / "new" / "data" / "bedtime.db"
    store = with_a_dose(path)
    try:
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert [mode(f) for f in files] == [0o600] * 3
        assert (mode(path.parent), mode(path.parent.parent)) == (0o700, 0o700)
    finally:
        store.conn.close()


def test_files_an_older_version_left_readable_are_tightened_on_the_next_start(
    tmp_path: Path, loose_umask: None
) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    path = folder / "bedtime.db"
    # As an older Bedtime left them: the data in WAL mode, still open, and its copies.
    older = sqlite3.connect(path)
    older.execute("PRAGMA journal_mode=WAL")
    older.execute("CREATE TABLE t (x)")
    older.execute("INSERT INTO t VALUES (1)")
    older.commit()
    copies = [folder / "bedtime.db.v1.bak", folder / "bedtime.db.corrupt-20261120T200000Z"]
    for copy in copies:
        copy.write_bytes(b"a copy of someone's log")
    neighbours = [path, Path(f"{path}-wal"), Path(f"{path}-shm"), *copies]
    for file in neighbours:
        file.chmod(0o644)
    unrelated = folder / "holiday.txt"  # the person's own file in the folder they chose
    unrelated.write_text("x")
    try:
        open_database(path).conn.close()
        assert {f.name: mode(f) for f in neighbours} == {f.name: 0o600 for f in neighbours}
    finally:
        older.close()
    assert (mode(folder), mode(unrelated)) == (0o755, 0o644)


def test_the_copy_kept_before_an_upgrade_is_private(tmp_path: Path, loose_umask: None) -> None:
    path = tmp_path / "data" / "bedtime.db"
    opened = open_database(path, migrations=MIGRATIONS[:1])
    Store(opened.conn).add_supplement(citrate(), datetime(2026, 11, 20, tzinfo=UTC))
    opened.conn.close()
    path.chmod(0o600)
    upgraded = open_database(path)
    upgraded.conn.close()
    backup = path.with_name("bedtime.db.v1.bak")
    assert any(str(backup) in notice for notice in upgraded.notices), upgraded.notices
    assert mode(backup) == 0o600


# --- the command line: the platform's folder, a chosen one, exports ------------------------


def test_the_platforms_data_folder_is_made_private_and_an_older_one_tightened(
    tmp_path: Path, loose_umask: None
) -> None:
    share = tmp_path / "share"  # ~/.local/share: there already, and readable, as usual
    share.mkdir(mode=0o755)
    env = {"XDG_DATA_HOME": str(share)}
    bedtime("status", env=env)
    folder = share / "bedtime"
    assert (mode(share), mode(folder), mode(folder / "bedtime.db")) == (0o755, 0o700, 0o600)

    folder.chmod(0o755)  # as an older Bedtime made them
    (folder / "bedtime.db").chmod(0o644)
    bedtime("status", env=env)
    assert (mode(folder), mode(folder / "bedtime.db")) == (0o700, 0o600)


def test_a_folder_the_person_chose_keeps_its_mode_and_a_new_one_is_private(
    tmp_path: Path, loose_umask: None
) -> None:
    chosen = tmp_path / "Documents"
    chosen.mkdir(mode=0o755)
    bedtime("--data-dir", str(chosen), "status", env={})
    assert (mode(chosen), mode(chosen / "bedtime.db")) == (0o755, 0o600)

    new = tmp_path / "Sync" / "health"
    bedtime("status", env={"BEDTIME_DATA_DIR": str(new)})
    assert (mode(new.parent), mode(new), mode(new / "bedtime.db")) == (0o700, 0o700, 0o600)


def test_an_export_is_private_also_over_an_older_readable_one(
    cli: Cli, tmp_path: Path, loose_umask: None
) -> None:
    target = tmp_path / "out.csv"
    cli.ok("export", str(target))
    assert mode(target) == 0o600
    target.chmod(0o644)
    cli.ok("export", str(target))
    assert mode(target) == 0o600


# --- another person on the same computer -------------------------------------------------


def test_another_user_can_read_none_of_it(
    neighbour: OtherUser, shared: Path, loose_umask: None
) -> None:
    home = shared / "home"  # a home folder as Debian makes it: others may enter
    for folder in (home, home / ".local", home / ".local" / "share", home / "Documents"):
        folder.mkdir(mode=0o755)
    env = {"XDG_DATA_HOME": str(home / ".local" / "share")}
    documents = home / "Documents"
    bedtime("supplement", "add", "Citrate", "--mg-per-unit", "150", env=env)
    bedtime("take", env=env)
    bedtime("export", str(documents / "nights.csv"), env=env)
    bedtime("backup", str(documents / "saved.db"), env=env)
    # A file in a folder the person chose, upgraded from an older schema: its kept copy.
    chosen = documents / "health"
    opened = open_database(chosen / "bedtime.db", migrations=MIGRATIONS[:1])
    Store(opened.conn).add_supplement(citrate(), datetime(2026, 11, 20, tzinfo=UTC))
    opened.conn.close()
    chosen.chmod(0o755)
    bedtime("--data-dir", str(chosen), "status", env={})
    data = home / ".local" / "share" / "bedtime"
    store = with_a_dose(data / "bedtime.db")  # the running app: -wal and -shm are there
    log_folder = home / ".local" / "state" / "bedtime" / "log"
    logbook = open_logbook(log_folder)
    try:
        files = [
            data / "bedtime.db",
            data / "bedtime.db-wal",
            data / "bedtime.db-shm",
            documents / "nights.csv",
            documents / "saved.db",
            chosen / "bedtime.db",
            chosen / "bedtime.db.v1.bak",
            log_folder / LOG_NAME,
        ]
        readable = home / "readable.txt"  # the check itself can see a readable file
        readable.write_text("hello")
        assert neighbour.can_read(readable)
        assert neighbour.can_read(chosen)  # the chosen folder kept its mode (0755)
        assert [f for f in files if neighbour.can_read(f)] == []
        assert not neighbour.can_read(data)
        assert not neighbour.can_read(log_folder)
    finally:
        logbook.close()
        store.conn.close()


# --- a filesystem without modes ------------------------------------------------------------


@pytest.fixture
def fat(tmp_path: Path) -> Iterator[Path]:
    """A FAT filesystem, mounted through FUSE (fusefat): chmod fails there with ENOSYS."""
    tools = [shutil.which(t) for t in ("mkfs.fat", "fusefat", "fusermount")]
    if os.geteuid() != 0 or None in tools or not Path("/dev/fuse").exists():
        pytest.skip("needs root, /dev/fuse, mkfs.fat (dosfstools) and fusefat")
    image, mount = tmp_path / "stick.img", tmp_path / "stick"
    with image.open("wb") as out:
        out.truncate(8 * 1024 * 1024)
    mount.mkdir()
    subprocess.run(["mkfs.fat", str(image)], check=True, capture_output=True)
    mounted = subprocess.run(["fusefat", "-o", "rw+", str(image), str(mount)], capture_output=True)
    if mounted.returncode != 0 or not os.path.ismount(mount):
        pytest.skip(f"could not mount FAT through FUSE: {mounted.stderr!r}")
    try:
        probe = mount / "probe"
        probe.write_text("x")
        with pytest.raises(OSError):
            probe.chmod(0o600)  # no modes here: what the rest of the test is about
        probe.unlink()
        yield mount
    finally:
        subprocess.run(["fusermount", "-u", "-z", str(mount)], capture_output=True)


def test_a_filesystem_without_modes_is_not_an_error(fat: Path, cli: Cli) -> None:
    make_folder(fat / "made" / "here")
    own_folder(fat / "own")
    create_private(fat / "file")
    tighten(fat / "file")
    fd, temp = temp_file(fat, ".temp-")
    os.close(fd)
    assert {p.name for p in fat.iterdir()} >= {"made", "own", "file", temp.name}

    cli.ok("supplement", "add", "Citrate", "--mg-per-unit", "150")
    cli.ok("take")
    cli.ok("export", str(fat / "nights.csv"))
    cli.ok("backup", str(fat / "saved.db"))
    assert (fat / "nights.csv").read_text().startswith("night,")
    # (A copy in WAL mode cannot be opened on this FUSE filesystem, which has no shared
    # memory: it is read back here, from where it is copied to.)
    shutil.copy(fat / "saved.db", cli.data_dir / "copied.db")
    copy = sqlite3.connect(cli.data_dir / "copied.db")
    assert copy.execute("SELECT count(*) FROM intakes").fetchone() == (1,)
    copy.close()

    logbook = open_logbook(fat / "log")
    logbook.close()
    assert logbook.path == fat / "log" / LOG_NAME
