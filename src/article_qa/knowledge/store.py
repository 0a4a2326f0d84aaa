"""Store stage: the derived data of a knowledge folder, kept between runs.

The result of the build (``records.Stored``: records and arrays) is kept as JSON and
a file of raw arrays (``.arrays``, laid out as the JSON says, named in its header;
never pickle: reading either cannot run code) in the user's cache folder, one pair per
knowledge folder, keyed by a hash of every source file's bytes and of the engine's
own code. Any change to a source or to the engine gives another key, and the data is
built afresh. A cache file that is unreadable, corrupt, from another version or owned
by another user is ignored with a warning and rebuilt.

A load checks the files' checksums (sha256 of the record, CRC-32 of the arrays, the
latter in a thread while the load goes on) and that the arrays fit together and fit
the passages; each fact record is checked when it is first read
(``records.check_fact_record``). A record that fails that check (a cache forged with
checksums to match) stops the answer with a one-line error and the cache is removed,
so the next run rebuilds it.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import mmap
import os
import re
import stat
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, BinaryIO, NoReturn

import numpy as np

from ..files import cache_dir, read_bytes, remove_stale, write_atomically
from ..model import KnowledgeError, Passage, Source
from .build import building, report, stored_build
from .kept_sources import ChunkedBytes, KeptSources, is_kept, kept_table, settled
from .passages import text_lengths
from .records import Derived, FactTable, Stored, derived_from

CACHE_VERSION = 14
CACHE_ENV = "ARTICLE_QA_CACHE"  # set to "off" to neither read nor write a cache
_PACKAGE = Path(__file__).resolve().parent.parent


def cache_file(folder: Path) -> Path:
    """Where the derived data of one knowledge folder is kept (the arrays stand beside
    it, in the ``.arrays`` file its header names: see ``arrays_file``)."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"{name}.json"


def arrays_file(path: Path) -> Path:
    """The arrays file the cache at ``path`` names in its header. Raises OSError when
    the cache cannot be read and ValueError when it names no file of its own."""
    with path.open("rb") as cache:
        header = cache.readline(4096)
    try:
        return _arrays_named(path, _header_fields(header))
    except _Unusable as problem:
        raise ValueError(str(problem)) from None


# A new arrays file is written under a new name (never renamed over the old one:
# ext4 then writes the new file out within the rename, a fifth of a second at
# 100,000 passages); the record, written after it, names it, and the old one is
# deleted last. A process killed at any point leaves the old pair or the new pair.
_ARRAYS_TOKEN = re.compile(r"[0-9a-f]{16}")


def _arrays_named(path: Path, fields: dict[str, str]) -> Path:
    """The arrays file of the cache at ``path`` its header's ``fields`` name: one in
    the same folder, of the cache's own name and a token, never any other file."""
    name = fields.get("arrays_file", "")
    stem, _, rest = name.partition(".")
    token, _, suffix = rest.partition(".")
    if stem != path.stem or suffix != "arrays" or not _ARRAYS_TOKEN.fullmatch(token):
        raise _Unusable("it is damaged (it names no arrays file of its own)")
    return path.with_name(name)


def _new_arrays_file(path: Path) -> Path:
    # os.urandom, not the secrets module: the name need only be new, and every
    # command's start-up would import secrets (and hmac) for it
    return path.with_name(f"{path.stem}.{os.urandom(8).hex()}.arrays")


def _header_fields(header: bytes) -> dict[str, str]:
    """The fields of a cache's first line, or _Unusable when it is not one of ours."""
    if not header.startswith(_MAGIC):
        raise _Unusable("it is from another version")
    words = header[len(_MAGIC) :].decode("utf-8", "replace").split()
    return dict(word.split("=", 1) for word in words if "=" in word)


@lru_cache(maxsize=1)
def engine_signature() -> str:
    """A hash of the engine's code and weights: cached data from other code is not used."""
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(str(path.relative_to(_PACKAGE)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def knowledge_key(sources: Sequence[Source]) -> str:
    """A hash of every source file's bytes (and the engine): the cache's key."""
    digest = hashlib.sha256(engine_signature().encode())
    for source in sources:
        digest.update(f"{source.id}\0{source.digest}\0".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class OpenedCache:
    """A cache file made by this engine, read and checked: its header's fields, the
    stored data, and the sources it keeps (given back while their files are unchanged)."""

    path: Path
    fields: dict[str, str]
    stored: Stored
    kept: KeptSources
    checksum: _Checksum

    def check(self) -> None:
        """Raise DamagedCache unless the arrays match their checksum (the caller must
        then drop everything read from this cache)."""
        self.checksum.check()


def open_cache(folder: Path, source_bytes: int, warn: Callable[[str], None]) -> OpenedCache | None:
    """The folder's cache when there is one made by this engine and it reads soundly;
    ``source_bytes`` (the size of the folder's source files) bounds what is read."""
    if not cache_wanted():
        return None
    path = cache_file(folder)
    limit = _CACHE_LIMIT_PER_BYTE * source_bytes + _CACHE_LIMIT_BASE
    try:
        if not os.path.lexists(path):
            return None
        fields, stored, checksum = _read_files(path, limit)
        if fields.get("engine") != engine_signature():
            return None  # the engine changed: rebuild quietly
        kept = KeptSources(stored.record["kept"], stored.arrays)
        return OpenedCache(path, fields, stored, kept, checksum)
    except _Unusable as problem:
        warn(f"ignoring cache {path}: {problem}; rebuilding it")
    except (KnowledgeError, OSError) as problem:
        warn(f"ignoring unreadable cache {path} ({problem}); rebuilding it")
    except Exception as problem:  # any other failure to read the cache means: rebuild it
        warn(f"ignoring corrupt cache {path} ({type(problem).__name__}); rebuilding it")
    return None


def cache_wanted() -> bool:
    """False when ``$ARTICLE_QA_CACHE`` turns the cache off."""
    return os.environ.get(CACHE_ENV, "").lower() not in ("off", "0", "no")


def load_derived(
    folder: Path,
    sources: Sequence[Source],
    passages: Sequence[Passage],
    warn: Callable[[str], None],
    opened: OpenedCache | None = None,
) -> Derived:
    """The derived data: from the cache (``opened``) when it is for these sources and
    sound, else computed and stored for next time."""
    if not cache_wanted():
        return derived_from(stored_build(passages), passages)
    path = cache_file(folder)
    key = knowledge_key(sources)
    cached, previous = _use(opened, key, passages, warn)
    if cached is not None:
        if opened is not None and _restamp_wanted(sources):
            opened.check()
            _write(path, key, opened.stored, sources)  # files read again are kept next time
        return cached
    check = opened.check if opened is not None else _nothing_to_check
    with building():  # one build for whoever watches: the cache is written as part of it
        kept = {s.id for s in sources if is_kept(s)}  # as the previous build read them
        stored = _build(passages, previous, kept, warn, check)
        # what the build reused from the earlier one is kept only when it was sound; its
        # checksum, computed meanwhile, is waited for only now
        check()
        report("writing the cache", 0, 1)
        _write(path, key, stored, sources)
    return derived_from(stored, passages)


def _restamp_wanted(sources: Sequence[Source]) -> bool:
    """True when a source was read from its file and could now be kept by its stamp
    (it was changed, or touched, or too recently written to be kept before)."""
    now = time.time_ns()
    return any(not is_kept(s) and settled(s.stamp, now) for s in sources)


def _build(
    passages: Sequence[Passage],
    previous: Stored | None,
    kept: set[str],
    warn: Callable[[str], None],
    check: Callable[[], None],
) -> Stored:
    """A build that reuses what the previous one read from unchanged sources (``kept``:
    those taken back from the same cache); a previous build that does not fit them
    is set aside and everything read again, unless ``check`` finds the cache damaged
    (it raises DamagedCache: the load starts again without the cache)."""
    if previous is not None:
        try:
            return stored_build(passages, previous, kept)
        except Exception as problem:  # any failure to reuse it means: read every source
            check()
            warn(f"could not reuse the cache ({type(problem).__name__}); rebuilding it")
    return stored_build(passages)


def _nothing_to_check() -> None:
    """There is no cache whose checksum is to be waited for."""


# The largest cache file read: this many bytes per byte of passage text, and a base.
_CACHE_LIMIT_PER_BYTE = 32
_CACHE_LIMIT_BASE = 64 * 1024 * 1024
_MAGIC = b"article-qa cache "


class _Unusable(Exception):
    """The cache cannot be used; the message says why (for a warning)."""


def _use(
    opened: OpenedCache | None, key: str, passages: Sequence[Passage], warn: Callable[[str], None]
) -> tuple[Derived | None, Stored | None]:
    """The cached data when it is for these sources; else, when the cache is for other
    sources, its data to reuse (unchecked against these)."""
    if opened is None:
        return None, None
    if opened.fields.get("key") != key:
        return None, opened.stored  # some sources changed: those that did not are reused
    try:
        _check(opened.stored, passages)  # damage to the arrays shows now, not mid-answer
        return derived_from(opened.stored, passages, _discarding(opened.path)), None
    except Exception as problem:  # any failure to use the cache means: rebuild it
        warn(f"ignoring corrupt cache {opened.path} ({type(problem).__name__}); rebuilding it")
    return None, None


def _read_files(path: Path, limit: int) -> tuple[dict[str, str], Stored, _Checksum]:
    """The header's fields and the stored data, after every check of the files but the
    arrays' checksum, which is under way (``_Checksum.check`` waits for it)."""
    _check_owned(path)
    raw = read_bytes(path, limit, KnowledgeError)
    header, _, body = raw.partition(b"\n")
    fields = _header_fields(header)
    if fields.get("version") != str(CACHE_VERSION):
        raise _Unusable("it is from another version")
    if fields.get("sha256") != hashlib.sha256(body).hexdigest():
        raise _Unusable("it is damaged (its checksum does not match)")
    arrays = _arrays_named(path, fields)
    _check_owned(arrays)
    arrays_raw, checksum = _mapped(arrays, limit, fields.get("arrays", ""))
    try:
        data = json.loads(body)
    except RecursionError:
        raise _Unusable("it is nested too deeply") from None
    if not isinstance(data, dict):
        raise _Unusable("it is damaged")
    try:
        loaded = load_arrays(arrays_raw, data["layout"])
    except ValueError:
        raise _Unusable("it is damaged (its arrays do not fit their layout)") from None
    return fields, Stored(data, loaded), checksum


def _check_owned(file: Path) -> None:
    """Raise _Unusable unless ``file`` is a regular file of this user's."""
    info = os.lstat(file)
    if not stat.S_ISREG(info.st_mode):
        raise _Unusable(f"{file.name} is not a regular file")
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        raise _Unusable(f"{file.name} belongs to another user")


class DamagedCache(Exception):
    """The cache's arrays do not match their checksum: nothing read from it may be used."""


# The arrays' checksum is a CRC-32: it is there to find damage (a disk, a copy cut
# short), which it finds as well as a cryptographic hash at half the time (0.2 s for
# 280 MB here, against 0.3 s); a forged cache is found by each record's own check.
# The checksum thread reads this much at a time: each read and hash lets the loading
# thread run, but taking the interpreter back between chunks may wait for it (up to
# 5 ms a time), so the chunks are large.
_HASH_CHUNK = 16 << 20


class _Checksum:
    """The CRC-32 of a file (``crc32``), read through a descriptor of its own in a thread while the
    load goes on (hashing and reading let other threads run); ``check`` waits for it."""

    def __init__(self, path: Path, descriptor: int, size: int, expected: str):
        self.path, self.size, self.expected = path, size, expected
        self.found = ""
        self.descriptor = os.dup(descriptor)
        self.thread = threading.Thread(target=self._hash, daemon=True)
        self.thread.start()

    def _hash(self) -> None:
        value, buffer, offset = 0, bytearray(_HASH_CHUNK), 0
        try:
            while read := os.preadv(self.descriptor, [buffer], offset):
                value = zlib.crc32(memoryview(buffer)[:read], value)
                offset += read
            self.found = _hex(value) if offset == self.size else ""
        except OSError:
            self.found = ""
        finally:
            os.close(self.descriptor)

    def check(self) -> None:
        """Raise DamagedCache unless the file's bytes match the checksum the header gives."""
        self.thread.join()
        if not self.found or self.found != self.expected:
            raise DamagedCache(
                f"ignoring cache {self.path.with_suffix('.json')}: it is damaged"
                " (its arrays do not match); rebuilding it"
            )


def _mapped(path: Path, limit: int, expected: str) -> tuple[mmap.mmap | bytes, _Checksum]:
    """The bytes of a regular file of at most ``limit`` bytes, mapped read-only (a page
    is in memory once it is read: a query reads its terms' postings, not every array),
    and their checksum, computed meanwhile and read through the file rather than the
    mapping so that checking it does not bring every page in. The cache is only ever
    replaced, never rewritten in place, so the mapped bytes are the bytes hashed."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as problem:
        raise KnowledgeError(f"{path}: cannot read: {problem.strerror}") from None
    with os.fdopen(descriptor, "rb", buffering=0):
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise _Unusable(f"{path.name} is not a regular file of at most {limit:,} bytes")
        checksum = _Checksum(path, descriptor, info.st_size, expected)
        if not info.st_size:
            return b"", checksum
        return mmap.mmap(descriptor, info.st_size, access=mmap.ACCESS_READ), checksum


# What an arrays file is written from: arrays, and bytes made as they are written.
Arrays = dict[str, np.ndarray] | dict[str, np.ndarray | ChunkedBytes]

# The only kinds of number an arrays file holds (never objects: nothing read runs code).
_DTYPES = ("<i4", "<i8", "<f4", "<f8", "|u1")


def array_layout(arrays: Arrays) -> tuple[list[list[Any]], str]:
    """Where each array stands in an arrays file ([name, dtype, shape, offset]), one
    after another, each from a multiple of 8 bytes, and the file's checksum (``crc32``)."""
    return _layout(arrays), _digest(arrays)


def _layout(arrays: Arrays) -> list[list[Any]]:
    return [
        [name, array.dtype.str, list(array.shape), offset]
        for (name, array), (offset, _) in zip(arrays.items(), _laid_out(arrays), strict=True)
    ]


def _digest(arrays: Arrays) -> str:
    value = 0
    for _, chunks in _laid_out(arrays):
        for chunk in chunks:
            value = zlib.crc32(chunk, value)
    return _hex(value)


def _hex(crc: int) -> str:
    return f"crc32:{crc:08x}"


def write_arrays(out: BinaryIO, arrays: Arrays) -> None:
    """Write the arrays as ``array_layout`` lays them out (no copy of the whole)."""
    for _, chunks in _laid_out(arrays):
        for chunk in chunks:
            out.write(chunk)


def _laid_out(arrays: Arrays) -> Iterator[tuple[int, Iterable[bytes | memoryview]]]:
    """Each array's offset, and the bytes that lead up to it and hold it."""
    offset = 0
    for array in arrays.values():
        if array.dtype.str not in _DTYPES:
            raise TypeError(f"an arrays file does not hold {array.dtype.str}")
        padding = bytes(-offset % 8)
        offset += len(padding)
        if isinstance(array, ChunkedBytes):
            yield offset, itertools.chain([padding], array.pieces())
            offset += array.size
            continue
        data = np.ascontiguousarray(array).data.cast("B")
        yield offset, [padding, data]
        offset += len(data)


def load_arrays(raw: bytes | mmap.mmap, layout: Any) -> dict[str, np.ndarray]:
    """The arrays of an arrays file's bytes: read-only views, not copies. Raises
    ValueError when the layout does not fit the bytes."""
    arrays = {}
    for name, dtype, shape, offset in layout:
        if dtype not in _DTYPES or not all(isinstance(n, int) and n >= 0 for n in shape):
            raise ValueError("an array of the cache is of a kind it never holds")
        count = int(np.prod(shape, dtype=np.int64))
        if not 0 <= offset <= len(raw) - count * np.dtype(dtype).itemsize:
            raise ValueError("an array of the cache runs past its end")
        view = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
        arrays[str(name)] = view.reshape(shape)
    return arrays


def _write(path: Path, key: str, stored: Stored, sources: Sequence[Source]) -> None:
    """Store the data and the parsed sources atomically (arrays first, then the record
    that points to them), private to the user; a cache that cannot be written is
    simply not kept."""
    entries, kept_arrays = kept_table(sources, time.time_ns())
    arrays: Arrays = {**stored.arrays, **kept_arrays}
    # the checksum is computed in a thread while the same bytes are written (both let
    # other threads run): the header that holds it is written after the arrays anyway
    digests: list[str] = []
    hashing = threading.Thread(target=lambda: digests.append(_digest(arrays)), daemon=True)
    hashing.start()
    record = {**stored.record, "kept": entries, "layout": _layout(arrays)}
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale(path.parent, ".*.tmp")
        arrays_path = _new_arrays_file(path)
        # not flushed to disk before the rename (a quarter of a second at 100,000
        # passages): arrays left damaged by a crash fail their checksum and are rebuilt
        write_atomically(
            arrays_path, lambda out: write_arrays(out, arrays), mode=0o600, durable=False
        )
        hashing.join()
        header = (
            f"version={CACHE_VERSION} key={key} sha256={hashlib.sha256(body).hexdigest()}"
            f" arrays={digests[0]} arrays_file={arrays_path.name} engine={engine_signature()}"
        )
        write_atomically(
            path, lambda out: out.write(_MAGIC + header.encode() + b"\n" + body), mode=0o600
        )
    except OSError:
        return
    finally:
        hashing.join()
    # the earlier arrays, and any a killed write left (a process that has them open
    # reads on)
    _remove_arrays(path, keep=arrays_path)


def _check(stored: Stored, passages: Sequence[Passage]) -> None:
    """Raise ValueError unless the stored data fits the passages: sentence rows inside
    their passages, indexes of the right sizes, a fact table whose records follow one
    another (each record is checked when read)."""
    rows = stored.arrays["sentences"]
    if rows.ndim != 2 or rows.shape[1] != 4:
        raise ValueError("sentence table does not fit the passages")
    if len(rows):
        lengths = text_lengths(passages)
        positions = rows[:, 0]
        if rows.min() < 0 or positions.max() >= len(passages):
            raise ValueError("sentence table does not fit the passages")
        if np.any(rows[:, 2] > rows[:, 3]) or np.any(rows[:, 3] > lengths[positions]):
            raise ValueError("sentence table does not fit the passages")
    sizes = {name: len(stored.arrays[f"{name}_lengths"]) for name in ("passage", "sentence")}
    if sizes != {"passage": len(passages), "sentence": len(rows)}:
        raise ValueError("the cached index does not fit the passages")
    referents = {name: len(stored.arrays[f"{name}_referents"]) for name in sizes}
    if referents != sizes:
        raise ValueError("the cached referents do not fit the passages")
    table = FactTable(stored.arrays)
    if table.offsets[0] != 0 or np.any(np.diff(table.offsets) <= 0):
        raise ValueError("the fact table does not fit together")
    if table.offsets[-1] != len(table.bytes):
        raise ValueError("the fact table does not fit together")
    if len(table.kinds) and int(table.base.min()) < 0:
        raise ValueError("the fact table does not fit together")
    term_offsets = table.term_offsets
    if term_offsets[0] != 0 or np.any(np.diff(term_offsets) <= 0):
        raise ValueError("the fact table does not fit together")
    if term_offsets[-1] != len(table.terms):
        raise ValueError("the fact table does not fit together")


def _discarding(path: Path) -> Callable[[ValueError], NoReturn]:
    """What to do when a fact record read from the cache at ``path`` fails its check:
    remove the cache (the next run rebuilds it) and stop with one line saying so."""

    def discard(problem: ValueError) -> NoReturn:
        _remove(path)
        raise KnowledgeError(
            f"corrupt cache {path} ({problem}); it is removed and is rebuilt on the next run"
        )

    return discard


def _remove(path: Path) -> None:
    """Delete the cache at ``path`` (its record, then its arrays), whatever is there."""
    with contextlib.suppress(OSError):
        path.unlink()
    _remove_arrays(path)


def _remove_arrays(path: Path, keep: Path | None = None) -> None:
    """Delete every arrays file of the cache at ``path`` but ``keep`` (and the one
    caches before format 14 kept under the cache's own name)."""
    with contextlib.suppress(OSError):
        for file in [path.with_suffix(".arrays"), *path.parent.glob(f"{path.stem}.*.arrays")]:
            if file != keep:
                with contextlib.suppress(OSError):
                    file.unlink()
