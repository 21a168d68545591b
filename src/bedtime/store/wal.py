"""Reading SQLite's write-ahead log ourselves, to tell a crash's torn tail from damage.

SQLite, opening a -wal, reads frames up to the first whose checksum fails and ends the log at
the last commit before it: whatever was committed after a damaged frame is dropped without a
word, and the -wal is deleted at the next checkpoint. So before SQLite sees it we read it by
the documented format (https://www.sqlite.org/fileformat2.html#walformat):

- a 32-byte header: magic, format version, page size, checkpoint sequence, two salts and a
  checksum of the first 24 bytes;
- frames of a 24-byte header (page number, database size after a commit or 0, the two salts,
  a checksum) and one page. Each frame's checksum runs on from the one before it, over the
  frame header's first 8 bytes and the page.

A frame belongs to the log's current generation when its salts are the header's; older
generations' frames are left behind a restart and mean nothing. A crash cuts the last
transaction short: its frames fail at the end and no commit follows them (a torn tail, what
SQLite is built to drop). A frame that fails with a sound commit frame of the same generation
after it cannot come from a crash (frames are appended in order, and a commit is written
last): that is damage, and the commits after it would be lost.
"""

import struct
from dataclasses import dataclass
from pathlib import Path

HEADER_SIZE = 32
FRAME_HEADER_SIZE = 24
# The magic's last bit says in which byte order the checksum reads its words.
_MAGIC = {0x377F0682: "<", 0x377F0683: ">"}
_PAGE_SIZES = tuple(512 << n for n in range(8))
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class Frame:
    at: int  # where its page starts in the -wal
    page: int  # page number in the database, from 1
    commit: int  # database size in pages after this commit; 0 if not a commit
    sound: bool  # of the current generation, and its checksum holds


@dataclass(frozen=True)
class Log:
    """A snapshot of a -wal file, read before SQLite opened it."""

    data: bytes
    page_size: int
    header_sound: bool
    frames: tuple[Frame, ...]

    @property
    def damaged(self) -> bool:
        """Whether a failing frame (or header) has a sound commit of its generation after it."""
        last_commit = self._last_sound_commit()
        if last_commit is None:
            return False
        return not self.header_sound or not all(f.sound for f in self.frames[:last_commit])

    def committed(self) -> list[Frame]:
        """The sound frames up to the last sound commit: the log as the writer left it.

        A damaged frame is left out; a later frame holding the same page makes up for it.
        """
        last_commit = self._last_sound_commit()
        if last_commit is None:
            return []
        return [f for f in self.frames[: last_commit + 1] if f.sound]

    def page(self, frame: Frame) -> bytes:
        return self.data[frame.at : frame.at + self.page_size]

    def _last_sound_commit(self) -> int | None:
        for index in range(len(self.frames) - 1, -1, -1):
            frame = self.frames[index]
            if frame.sound and frame.commit:
                return index
        return None


def read(wal_file: Path) -> Log | None:
    """The -wal at WAL_FILE as it is now; None if there is none, or nothing SQLite would read.

    It is read twice: a Bedtime running meanwhile may be writing it, and a log read half
    before and half after a writer restarts it could look damaged when it is not. A log that
    changes between the two reads is live, and a live log is no crash's leftover: None then.
    """
    try:
        first = wal_file.read_bytes()
        second = wal_file.read_bytes()
    except FileNotFoundError:
        return None
    if first != second:
        return None
    return parse(first)


def parse(data: bytes) -> Log | None:
    """The frames of a -wal's bytes; None if it holds nothing SQLite would or should read."""
    if len(data) < HEADER_SIZE:
        return None
    magic, _version, page_size, _sequence, salt1, salt2, sum1, sum2 = struct.unpack(
        ">8I", data[:HEADER_SIZE]
    )
    stated = 65536 if page_size == 1 else page_size
    order = _MAGIC.get(magic)
    if order and stated in _PAGE_SIZES and _checksum(order, (0, 0), data[:24]) == (sum1, sum2):
        frames = _frames(data, order, stated, (salt1, salt2), (sum1, sum2))
        return Log(data, stated, True, frames)
    # A damaged header, which makes SQLite ignore every frame. What was hit may be the magic
    # (the checksum's byte order), the page size or the salts: sound frames say which.
    salts = struct.unpack(">2I", data[HEADER_SIZE + 8 : HEADER_SIZE + 16].ljust(8, b"\0"))
    for guess in _MAGIC.values():
        for size in _PAGE_SIZES:
            frames = _frames(data, guess, size, salts, (sum1, sum2))
            if any(frame.sound for frame in frames):
                return Log(data, size, False, frames)
    return None


def _frames(
    data: bytes, order: str, page_size: int, salts: tuple[int, ...], seed: tuple[int, ...]
) -> tuple[Frame, ...]:
    frames = []
    size = FRAME_HEADER_SIZE + page_size
    for start in range(HEADER_SIZE, len(data) - size + 1, size):
        page, commit, salt1, salt2, stored1, stored2 = struct.unpack(
            ">6I", data[start : start + FRAME_HEADER_SIZE]
        )
        at = start + FRAME_HEADER_SIZE
        sound = (
            (salt1, salt2) == salts
            and page > 0
            and _frame_checksum(order, seed, data, start, at, page_size)
        )
        frames.append(Frame(at, page, commit, sound))
        # Each frame's checksum is seeded with the stored checksum of the one before, so one
        # damaged frame does not make every later one fail too.
        seed = (stored1, stored2)
    return tuple(frames)


def _frame_checksum(
    order: str, seed: tuple[int, ...], data: bytes, start: int, at: int, page_size: int
) -> bool:
    stored = struct.unpack(">2I", data[start + 16 : start + 24])
    running = _checksum(order, seed, data[start : start + 8])
    return _checksum(order, running, data[at : at + page_size]) == stored


def _checksum(order: str, seed: tuple[int, ...], block: bytes) -> tuple[int, int]:
    """SQLite's WAL checksum: two running 32-bit sums over pairs of words."""
    s0, s1 = seed
    words = struct.unpack(f"{order}{len(block) // 4}I", block)
    for index in range(0, len(words), 2):
        s0 = (s0 + words[index] + s1) & _MASK
        s1 = (s1 + words[index + 1] + s0) & _MASK
    return s0, s1
