"""Store stage: the derived data of a knowledge folder, kept between runs.

The result of ``build.derive`` is kept as JSON and a ``.npz`` file of arrays (never
pickle: reading either cannot run code) in the user's cache folder, one pair per
knowledge folder, keyed by a hash of every source file's bytes and of the engine's
own code. Any change to a source or to the engine gives another key, and the data is
built afresh. A cache file that is unreadable, corrupt, from another version or owned
by another user is ignored with a warning and rebuilt.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import stat
from collections.abc import Callable, Iterator, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar, overload

import numpy as np

from ..files import cache_dir, read_bytes, remove_stale, write_atomically
from ..model import Citation, Fact, KnowledgeError, Passage, Sentence, Source
from .build import Derived, FactKey, building, derive, report
from .index import SearchIndex

CACHE_VERSION = 6
CACHE_ENV = "ARTICLE_QA_CACHE"  # set to "off" to neither read nor write a cache
T = TypeVar("T")
_PACKAGE = Path(__file__).resolve().parent.parent


class LazyList(Sequence[T]):
    """A read-only sequence built from stored records: an item is made the first time
    it is read, so a warm start over a large knowledge base makes only what it uses."""

    def __init__(self, records: Sequence[Any] | np.ndarray, build: Callable[[Any], T]):
        self._records = records
        self._build = build
        self._items: list[T | None] = [None] * len(records)

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> list[T]: ...

    def __getitem__(self, index: int | slice) -> T | list[T]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        item = self._items[index]
        if item is None:
            item = self._items[index] = self._build(self._records[index])
        return item

    def __iter__(self) -> Iterator[T]:
        return (self[i] for i in range(len(self)))


def cache_file(folder: Path) -> Path:
    """Where the derived data of one knowledge folder is kept (the index arrays stand
    beside it, in a ``.npz`` file of the same name)."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"{name}.json"


def _arrays_file(path: Path) -> Path:
    return path.with_suffix(".npz")


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


def load_derived(
    folder: Path,
    sources: Sequence[Source],
    passages: Sequence[Passage],
    warn: Callable[[str], None],
) -> Derived:
    """The derived data: from the cache when it is there, fresh and sound, else computed
    and stored for next time."""
    if os.environ.get(CACHE_ENV, "").lower() in ("off", "0", "no"):
        return derive(passages)
    path = cache_file(folder)
    key = knowledge_key(sources)
    limit = _CACHE_LIMIT_PER_BYTE * sum(len(p.text) for p in passages) + _CACHE_LIMIT_BASE
    cached = _read(path, key, passages, limit, warn)
    if cached is not None:
        return cached
    with building():  # one build for whoever watches: the cache is written as part of it
        derived = derive(passages)
        report("writing the cache", 0, 1)
        _write(path, key, derived)
    return derived


# The largest cache file read: this many bytes per byte of passage text, and a base.
_CACHE_LIMIT_PER_BYTE = 32
_CACHE_LIMIT_BASE = 64 * 1024 * 1024
_MAGIC = b"article-qa cache "


class _Unusable(Exception):
    """The cache cannot be used; the message says why (for a warning)."""


def _read(
    path: Path, key: str, passages: Sequence[Passage], limit: int, warn: Callable[[str], None]
) -> Derived | None:
    try:
        if not os.path.lexists(path):
            return None
        data, arrays = _read_files(path, key, limit)
        if data is None:
            return None  # the sources or the engine changed: rebuild quietly
        return _from_record(data, arrays, passages)
    except _Unusable as problem:
        warn(f"ignoring cache {path}: {problem}; rebuilding it")
    except (KnowledgeError, OSError) as problem:
        warn(f"ignoring unreadable cache {path} ({problem}); rebuilding it")
    except Exception as problem:  # any other failure to read the cache means: rebuild it
        warn(f"ignoring corrupt cache {path} ({type(problem).__name__}); rebuilding it")
    return None


def _read_files(
    path: Path, key: str, limit: int
) -> tuple[dict[str, Any] | None, dict[str, np.ndarray]]:
    """The record and the arrays, after every check; (None, {}) for another key."""
    for file in (path, _arrays_file(path)):
        info = os.lstat(file)
        if not stat.S_ISREG(info.st_mode):
            raise _Unusable(f"{file.name} is not a regular file")
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            raise _Unusable(f"{file.name} belongs to another user")
    raw = read_bytes(path, limit, KnowledgeError)
    header, _, body = raw.partition(b"\n")
    if not header.startswith(_MAGIC):
        raise _Unusable("it is from another version")
    fields = dict(
        part.split("=", 1) for part in header[len(_MAGIC) :].decode().split() if "=" in part
    )
    if fields.get("version") != str(CACHE_VERSION):
        raise _Unusable("it is from another version")
    if fields.get("key") != key:
        return None, {}
    if fields.get("sha256") != hashlib.sha256(body).hexdigest():
        raise _Unusable("it is damaged (its checksum does not match)")
    arrays_raw = read_bytes(_arrays_file(path), limit, KnowledgeError)
    if fields.get("arrays") != hashlib.sha256(arrays_raw).hexdigest():
        raise _Unusable("it is damaged (its arrays do not match)")
    try:
        data = json.loads(body)
    except RecursionError:
        raise _Unusable("it is nested too deeply") from None
    # allow_pickle=False: the arrays are plain numbers and text, never objects
    with np.load(io.BytesIO(arrays_raw), allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    if not isinstance(data, dict):
        raise _Unusable("it is damaged")
    return data, arrays


def _write(path: Path, key: str, derived: Derived) -> None:
    """Store the data atomically (arrays first, then the record that points to them),
    private to the user; a cache that cannot be written is simply not kept."""
    record, arrays = _to_record(derived)
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)  # type: ignore[arg-type]  # numpy's stubs take names for options
    arrays_raw = buffer.getvalue()
    body = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    header = (
        f"version={CACHE_VERSION} key={key} sha256={hashlib.sha256(body).hexdigest()}"
        f" arrays={hashlib.sha256(arrays_raw).hexdigest()}"
    )
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        remove_stale(path.parent, ".*.tmp")
        write_atomically(_arrays_file(path), lambda out: out.write(arrays_raw), mode=0o600)
        write_atomically(
            path, lambda out: out.write(_MAGIC + header.encode() + b"\n" + body), mode=0o600
        )
    except OSError:
        return


def _to_record(derived: Derived) -> tuple[dict[str, object], dict[str, np.ndarray]]:
    """The derived data as a JSON record and arrays. Sentences are stored as offsets
    into their passages, and facts point to their sentence by number, so no text is
    stored twice."""
    passage_arrays, passage_vocabulary = derived.passage_index.to_arrays()
    sentence_arrays, sentence_vocabulary = derived.sentence_index.to_arrays()
    passage_ids = list(dict.fromkeys(s.passage_id for s in derived.sentences))
    passage_number = {pid: n for n, pid in enumerate(passage_ids)}
    sentence_number = {(s.passage_id, s.text): n for n, s in enumerate(derived.sentences)}
    record = {
        "sentence_passages": passage_ids,
        "facts": [_fact_record(f, sentence_number) for f in derived.facts],
        "referents": derived.referents,
        "person_words": sorted(derived.person_words),
        "passage_vocabulary": passage_vocabulary,
        "sentence_vocabulary": sentence_vocabulary,
    }
    arrays = {f"passage_{k}": v for k, v in passage_arrays.items()}
    arrays.update({f"sentence_{k}": v for k, v in sentence_arrays.items()})
    arrays["sentences"] = np.array(
        [(passage_number[s.passage_id], s.index, s.start, s.end) for s in derived.sentences],
        dtype=np.int64,
    ).reshape(-1, 4)
    return record, arrays


def _fact_record(fact: Fact, sentence_number: dict[tuple[str, str], int]) -> list[object]:
    def where(citation: Citation, sentence: str) -> object:
        number = sentence_number.get((f"{citation.source_id}#{citation.paragraph}", sentence))
        # a sentence not in the list (none today) is stored whole
        return number if number is not None else [*_citation_record(citation), sentence]

    return [
        fact.kind,
        fact.subject,
        fact.value,
        fact.number,
        [list(q) for q in fact.qualifiers],
        where(fact.citation, fact.sentence),
        fact.origin,
        [where(c, s) for c, s in fact.also_cites],
    ]


def _citation_record(citation: Citation) -> list[object]:
    return [citation.source_id, citation.source_title, citation.paragraph, citation.line]


def _from_record(
    data: dict[str, Any], arrays: dict[str, np.ndarray], passages: Sequence[Passage]
) -> Derived:
    by_id = {p.id: p for p in passages}
    sentences, sentence_passage = _stored_sentences(data, arrays, passages)

    def where(stored: Any) -> tuple[Citation, str]:
        if isinstance(stored, int):
            found = sentences[stored]
            return by_id[found.passage_id].citation, found.text
        *citation, text = stored
        return Citation(*citation), str(text)

    def fact(record: Any) -> Fact:
        kind, subject, value, number, qualifiers, place, origin, also = record
        citation, text = where(place)
        return Fact(
            str(kind),
            str(subject),
            str(value),
            None if number is None else float(number),
            tuple((str(a), str(b)) for a, b in qualifiers),
            citation,
            text,
            str(origin),
            tuple(where(item) for item in also),
        )

    records = data["facts"]
    _check_fact_records(records, len(sentences))  # damage shows now, not mid-answer
    _check_figures(records, lambda place: where(place)[1])
    passage_index, sentence_index = _stored_indexes(data, arrays)
    if passage_index.size != len(passages) or sentence_index.size != len(sentences):
        raise ValueError("the cached index does not fit the passages")
    referents = {str(k): str(v) for k, v in dict(data["referents"]).items()}
    return Derived(
        sentences,
        sentence_passage,
        LazyList(records, fact),
        [_record_key(r) for r in records],
        referents,
        frozenset(map(str, data["person_words"])),
        passage_index,
        sentence_index,
    )


def _stored_sentences(
    data: dict[str, Any], arrays: dict[str, np.ndarray], passages: Sequence[Passage]
) -> tuple[LazyList[Sentence], np.ndarray]:
    by_id = {p.id: p for p in passages}
    position = {p.id: n for n, p in enumerate(passages)}
    stored_ids = [str(pid) for pid in data["sentence_passages"]]
    rows = arrays["sentences"]
    if (
        rows.ndim != 2
        or rows.shape[1] != 4
        or (len(rows) and (rows.min() < 0 or rows[:, 0].max() >= len(stored_ids)))
    ):
        raise ValueError("sentence table does not fit the passages")
    to_position = np.array([position[pid] for pid in stored_ids] or [0], dtype=np.int64)
    sentence_passage = to_position[rows[:, 0]] if len(rows) else np.zeros(0, dtype=np.int64)

    def sentence(row: Any) -> Sentence:
        number, index, start, end = (int(v) for v in row)
        passage = by_id[stored_ids[number]]
        # terms are left out: the index holds them, and retrieval restores them for hits
        return Sentence(passage.id, index, start, end, passage.text[start:end], ())

    return LazyList(rows, sentence), sentence_passage


def _stored_indexes(
    data: dict[str, Any], arrays: dict[str, np.ndarray]
) -> tuple[SearchIndex, SearchIndex]:
    def index(prefix: str) -> SearchIndex:
        return SearchIndex.from_arrays(
            {k.removeprefix(prefix): v for k, v in arrays.items() if k.startswith(prefix)},
            [str(t) for t in data[f"{prefix}vocabulary"]],
        )

    return index("passage_"), index("sentence_")


def _record_key(record: list[Any]) -> FactKey:
    kind, subject, _, _, qualifiers, *_ = record
    unit = next((str(v) for k, v in qualifiers if k == "unit"), "")
    return str(kind), str(subject), unit


_FIGURE_RE = re.compile(r"\d[\d,.]*\d|\d")


def _check_figures(records: list[Any], sentence_of: Callable[[Any], str]) -> None:
    """Raise ValueError unless every figure a fact holds stands in the sentences it
    cites: a cached "86" for a text that says "80" is damage, not knowledge."""
    for record in records:
        if record[0] not in ("quantity", "change", "threshold"):
            continue
        cited = " ".join(sentence_of(place) for place in (record[5], *record[7]))
        for figure in _FIGURE_RE.findall(str(record[2])):
            if figure not in cited:
                raise ValueError("a cached figure does not stand in the sentence it cites")


def _check_fact_records(records: list[Any], sentences: int) -> None:
    """Raise ValueError unless every fact record has its shape and points to a sentence."""
    for record in records:
        if not isinstance(record, list) or len(record) != 8:
            raise ValueError("a fact record has the wrong shape")
        for place in (record[5], *record[7]):
            if isinstance(place, int) and not 0 <= place < sentences:
                raise ValueError("a fact points to no sentence")
            if not isinstance(place, (int, list)):
                raise ValueError("a fact points to no sentence")
