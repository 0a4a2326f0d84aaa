"""Sources stage, kept: the parsed sources of a folder, stored in the cache beside the
derived data, so that a load takes back every source whose file is unchanged (the
same stamp: size, modification and change times, inode and device) instead of
reading and parsing it again.

The usable paragraphs' texts are one run of UTF-8 bytes (``kept_text``) with each
paragraph's end, line and length in characters; a kept source's paragraphs are made
when read (``StoredParagraphs``), so a load over 100,000 paragraphs makes none of them.
Excluded paragraphs (few) are kept whole in the record.

A file changed within ``RACY_NS`` of the cache being written is stored without its
stamp: a write in the same clock tick as the read could leave the stamp as it was
(git calls such an entry "racily clean"), so that file is read again next time.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ..model import Paragraph, Source
from .made_when_read import MadeWhenRead

RACY_NS = 2_000_000_000
# What a file's stamp is: its size, modification and change times (ns), inode and device.
Stamp = tuple[int, ...]
_ARRAYS = ("kept_text", "kept_ends", "kept_lines", "kept_chars")


def file_stamp(path: Path) -> Stamp:
    """The file's size, modification and change times (ns), inode and device, as
    ``os.stat`` gives them (following a link, as reading does); empty when it cannot
    be read.

    Taken before the file is read, it says when the file may have changed since:
    any write changes the change time, which no user can set back.
    """
    try:
        info = os.stat(path)
    except OSError:
        return ()
    return (info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino, info.st_dev)


class ParagraphTable:
    """Paragraph texts one after another as UTF-8 bytes, each with its end offset, its
    first line in its file and its length in characters."""

    def __init__(self, arrays: dict[str, np.ndarray]):
        """The table of a cache's ``kept_*`` arrays; ValueError when they do not fit."""
        self.text, self.ends, self.lines, self.chars = (arrays[name] for name in _ARRAYS)
        rows = len(self.ends)
        if len(self.lines) != rows or len(self.chars) != rows:
            raise ValueError("the kept paragraphs do not fit together")
        if rows and (
            int(self.ends[-1]) != len(self.text)
            or int(self.ends[0]) < 0
            or np.any(np.diff(self.ends) < 0)
        ):
            raise ValueError("the kept paragraphs do not fit together")

    @classmethod
    def of(cls, paragraphs: Sequence[Paragraph]) -> ParagraphTable:
        """A table of these paragraphs, in order."""
        encoded = [p.text.encode("utf-8") for p in paragraphs]
        sizes = np.fromiter((len(raw) for raw in encoded), dtype=np.int64, count=len(encoded))
        return cls(
            {
                "kept_text": np.frombuffer(b"".join(encoded), dtype=np.uint8),
                "kept_ends": np.cumsum(sizes, dtype=np.int64),
                "kept_lines": np.array([p.line for p in paragraphs], dtype=np.int32),
                "kept_chars": np.array([len(p.text) for p in paragraphs], dtype=np.int32),
            }
        )

    def __len__(self) -> int:
        return len(self.ends)

    def start(self, row: int) -> int:
        """Where a paragraph's bytes start."""
        return int(self.ends[row - 1]) if row else 0

    def paragraph(self, row: int) -> Paragraph:
        """One usable paragraph."""
        raw = self.text[self.start(row) : int(self.ends[row])].tobytes()
        return Paragraph(raw.decode("utf-8"), int(self.lines[row]))


class StoredParagraphs(MadeWhenRead[Paragraph]):
    """A source's paragraphs held as UTF-8: its ``usable`` ones are rows ``first``
    onwards of a table, its excluded ones stand at their positions among them.
    ``from_cache`` says whether they were taken back from the cache or read from the
    source's file just now."""

    remember = False  # a paragraph is read once, into its passage

    def __init__(
        self,
        table: ParagraphTable,
        first: int,
        count: int,
        excluded: list[tuple[int, Paragraph]],
        from_cache: bool = True,
    ):
        """The paragraphs of one source (``excluded``: position and paragraph, in order)."""
        if first < 0 or count < 0 or first + count > len(table):
            raise ValueError("a kept source does not fit the kept paragraphs")
        self.table, self.first, self.usable = table, first, count
        self.excluded = dict(excluded)
        self.from_cache = from_cache

    def __len__(self) -> int:
        return self.usable + len(self.excluded)

    def make(self, index: int) -> Paragraph:
        """The paragraph at ``index``."""
        if index in self.excluded:
            return self.excluded[index]
        before = sum(1 for position in self.excluded if position < index)
        return self.table.paragraph(self.first + index - before)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    def __hash__(self) -> int:  # as the tuple of its paragraphs, which it equals
        return hash(tuple(self))


class _Usable(MadeWhenRead[Paragraph]):
    """The usable paragraphs of a kept source, made when read."""

    remember = False

    def __init__(self, paragraphs: StoredParagraphs):
        self.table, self.first, self.usable = paragraphs.table, paragraphs.first, paragraphs.usable

    def __len__(self) -> int:
        return self.usable

    def make(self, index: int) -> Paragraph:
        """The usable paragraph at ``index``."""
        return self.table.paragraph(self.first + index)


def held_as_utf8(source: Source) -> Source:
    """The source with its usable paragraphs' texts held as one run of UTF-8 bytes,
    each paragraph made when read. A str takes two or four bytes a character once one
    of its characters is beyond Latin-1 (a curly quote is), and a load holds every
    source to its end: held so, the bench's 100,000 paragraphs take 76 MB, not 111 MB."""
    if isinstance(source.paragraphs, StoredParagraphs):
        return source
    return dataclasses.replace(source, paragraphs=_stored(source))


def _stored(source: Source) -> StoredParagraphs:
    """The source's paragraphs, held as UTF-8 (as they are when they already are)."""
    if isinstance(source.paragraphs, StoredParagraphs):
        return source.paragraphs
    usable = [p for p in source.paragraphs if not p.excluded]
    excluded = [(n, p) for n, p in enumerate(source.paragraphs) if p.excluded]
    return StoredParagraphs(ParagraphTable.of(usable), 0, len(usable), excluded, False)


def usable_paragraphs(source: Source) -> Sequence[Paragraph]:
    """The paragraphs answers may come from (excluded ones left out), in order."""
    if isinstance(source.paragraphs, StoredParagraphs):
        return _Usable(source.paragraphs)
    return [p for p in source.paragraphs if not p.excluded]


def usable_count(source: Source) -> int:
    """How many paragraphs answers may come from."""
    if isinstance(source.paragraphs, StoredParagraphs):
        return source.paragraphs.usable
    return sum(1 for p in source.paragraphs if not p.excluded)


def usable_lengths(source: Source) -> np.ndarray:
    """The length in characters of each usable paragraph's text."""
    paragraphs = source.paragraphs
    if isinstance(paragraphs, StoredParagraphs):
        return paragraphs.table.chars[paragraphs.first : paragraphs.first + paragraphs.usable]
    return np.array([len(p.text) for p in paragraphs if not p.excluded], dtype=np.int64)


def excluded_paragraphs(source: Source) -> list[tuple[int, Paragraph]]:
    """The excluded paragraphs with their positions, without making the usable ones."""
    if isinstance(source.paragraphs, StoredParagraphs):
        return sorted(source.paragraphs.excluded.items())
    return [(n, p) for n, p in enumerate(source.paragraphs) if p.excluded]


def is_kept(source: Source) -> bool:
    """True when the source was taken back from the cache rather than read."""
    return isinstance(source.paragraphs, StoredParagraphs) and source.paragraphs.from_cache


# -- into the cache and back -----------------------------------------------------------------


class ChunkedBytes:
    """Bytes an arrays file holds (as ``|u1``) that are made piece by piece each time
    they are read, so that writing and hashing them never holds them whole (a
    million paragraphs' text is 720 MB)."""

    dtype = np.dtype(np.uint8)

    def __init__(self, size: int, pieces: Callable[[], Iterator[bytes | memoryview]]):
        """``size`` bytes, given by ``pieces()`` in order."""
        self.size = size
        self.shape = (size,)
        self.pieces = pieces


def kept_table(
    sources: Sequence[Source], now_ns: int
) -> tuple[list[list[Any]], dict[str, np.ndarray | ChunkedBytes]]:
    """What the cache keeps of the sources: one record entry per source ([file name,
    stamp (empty when racy), digest, metadata, usable count, excluded paragraphs as
    [position, text, line, why]]) and the ``kept_*`` arrays, the text made as it is
    written."""
    # a loaded folder's sources are held so already; sources given in memory are not
    held = [_stored(source) for source in sources]
    entries: list[list[Any]] = []
    sizes: list[np.ndarray] = []
    lines: list[np.ndarray] = []
    chars: list[np.ndarray] = []
    for source, paragraphs in zip(sources, held, strict=True):
        excluded = excluded_paragraphs(source)
        stamp = list(source.stamp) if settled(source.stamp, now_ns) else []
        entries.append(
            [
                source.path.name,
                stamp,
                source.digest,
                [list(pair) for pair in source.metadata],
                usable_count(source),
                [[n, p.text, p.line, p.excluded_why] for n, p in excluded],
            ]
        )
        table, first, count = paragraphs.table, paragraphs.first, paragraphs.usable
        sizes.append(_usable_sizes(paragraphs))
        lines.append(table.lines[first : first + count])
        chars.append(table.chars[first : first + count])
    ends = np.cumsum(_joined(sizes, np.int64), dtype=np.int64)
    total = int(ends[-1]) if len(ends) else 0
    return entries, {
        "kept_text": ChunkedBytes(total, lambda: (_usable_text(p) for p in held)),
        "kept_ends": ends,
        "kept_lines": _joined(lines, np.int32),
        "kept_chars": _joined(chars, np.int32),
    }


def _usable_sizes(paragraphs: StoredParagraphs) -> np.ndarray:
    """The size in UTF-8 bytes of each usable paragraph."""
    table, first, count = paragraphs.table, paragraphs.first, paragraphs.usable
    ends = np.asarray(table.ends[first : first + count], dtype=np.int64)
    sizes: np.ndarray = ends.copy()
    if count:
        sizes[1:] -= ends[:-1]
        sizes[0] -= table.start(first)
    return sizes


def _usable_text(paragraphs: StoredParagraphs) -> memoryview:
    """The usable paragraphs' texts as UTF-8, one after another, as they are held
    (not copied)."""
    table, first, count = paragraphs.table, paragraphs.first, paragraphs.usable
    end = int(table.ends[first + count - 1]) if count else table.start(first)
    return table.text[table.start(first) : end].data.cast("B")


def _joined(parts: list[np.ndarray], dtype: type[np.generic]) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def settled(stamp: Stamp, now_ns: int) -> bool:
    """True when the file last changed long enough before ``now_ns`` that a later
    change must show in its stamp."""
    return len(stamp) == 5 and max(stamp[1], stamp[2]) < now_ns - RACY_NS


class KeptSources:
    """The sources a cache keeps, given back by file when the stamp still matches."""

    def __init__(self, entries: Any, arrays: dict[str, np.ndarray]):
        """Read the record's entries and arrays; ValueError (or another error of
        shape) when they do not fit together."""
        table = ParagraphTable(arrays)
        self._kept: dict[str, tuple[Stamp, tuple[tuple[str, str], ...], str, StoredParagraphs]] = {}
        first = 0
        for name, stamp, digest, metadata, count, excluded in entries:
            paragraphs = StoredParagraphs(
                table,
                first,
                int(count),
                [
                    (int(n), Paragraph(str(t), int(line), True, str(why)))
                    for n, t, line, why in excluded
                ],
            )
            first += int(count)
            pairs = tuple((str(k), str(v)) for k, v in metadata)
            if not dict(pairs).get("title"):
                raise ValueError("a kept source has no title")
            found = tuple(int(part) for part in stamp)
            self._kept[str(name)] = (found, pairs, str(digest), paragraphs)
        if first != len(table):
            raise ValueError("the kept sources do not fit the kept paragraphs")

    def get(self, path: Path, stamp: Stamp) -> Source | None:
        """The kept source of this file when its stamp is the one kept."""
        found = self._kept.get(path.name)
        if found is None or not found[0] or found[0] != tuple(stamp):
            return None
        kept_stamp, metadata, digest, paragraphs = found
        return Source(path.stem, path, metadata, paragraphs, digest, kept_stamp)
