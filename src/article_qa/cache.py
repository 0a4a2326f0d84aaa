"""Index and facts stage, kept between runs: the derived data of a knowledge folder.

Splitting sentences, stemming and extracting facts is the slow part of loading. Its
result is kept as JSON (never pickle: reading it cannot run code) in the user's cache
folder, one file per knowledge folder, keyed by a hash of every source file's bytes
and of the engine's own code. Any change to a source or to the engine gives another
key, and the data is built afresh. A cache file that is unreadable, corrupt, from
another version or owned by another user is ignored with a warning and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .facts import Fact, extract_facts, people_in_focus
from .passages import Citation, Passage, Sentence, split_passage
from .sources import Source

CACHE_VERSION = 1
CACHE_ENV = "ARTICLE_QA_CACHE"  # set to "off" to neither read nor write a cache


@dataclass(frozen=True)
class Derived:
    """What loading computes from the passages."""

    sentences: list[Sentence]
    facts: list[Fact]
    referents: dict[str, str]
    person_words: frozenset[str]


def derive(passages: Sequence[Passage]) -> Derived:
    """Compute the derived data (the slow part of loading)."""
    sentences = [s for p in passages for s in split_passage(p)]
    referents, person_words = people_in_focus(list(passages), sentences)
    return Derived(sentences, extract_facts(passages, sentences), referents, person_words)


def cache_dir() -> Path:
    """The user's cache folder for article-qa."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article-qa"


def cache_file(folder: Path) -> Path:
    """Where the derived data of one knowledge folder is kept."""
    name = hashlib.sha256(str(folder.resolve()).encode()).hexdigest()[:24]
    return cache_dir() / f"{name}.json"


@lru_cache(maxsize=1)
def engine_signature() -> str:
    """A hash of the engine's code: cached data from other code is not used."""
    digest = hashlib.sha256(str(CACHE_VERSION).encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
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
    """The derived data: from the cache when it is there and fresh, else computed and
    stored for next time."""
    if os.environ.get(CACHE_ENV, "").lower() in ("off", "0", "no"):
        return derive(passages)
    path = cache_file(folder)
    key = knowledge_key(sources)
    cached = _read(path, key, passages, warn)
    if cached is not None:
        return cached
    derived = derive(passages)
    _write(path, key, derived)
    return derived


def _read(
    path: Path, key: str, passages: Sequence[Passage], warn: Callable[[str], None]
) -> Derived | None:
    try:
        if not path.exists():
            return None
        if hasattr(os, "getuid") and path.stat().st_uid != os.getuid():
            warn(f"ignoring cache {path}: it belongs to another user")
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as error:
        warn(f"ignoring unreadable cache {path} ({type(error).__name__}); rebuilding it")
        return None
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        warn(f"ignoring cache {path} from another version; rebuilding it")
        return None
    if data.get("key") != key:
        return None  # the sources or the engine changed: rebuild quietly
    try:
        return _from_record(data, passages)
    except (KeyError, TypeError, ValueError, IndexError) as error:
        warn(f"ignoring corrupt cache {path} ({type(error).__name__}); rebuilding it")
        return None


def _write(path: Path, key: str, derived: Derived) -> None:
    """Store the data atomically; a cache that cannot be written is simply not kept."""
    record = {"version": CACHE_VERSION, "key": key, **_to_record(derived)}
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".cache-", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(record, out, ensure_ascii=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)


def _to_record(derived: Derived) -> dict[str, object]:
    return {
        "sentences": [
            [s.passage_id, s.index, s.start, s.end, list(s.terms)] for s in derived.sentences
        ],
        "facts": [_fact_record(f) for f in derived.facts],
        "referents": derived.referents,
        "person_words": sorted(derived.person_words),
    }


def _fact_record(fact: Fact) -> list[object]:
    return [
        fact.kind, fact.subject, fact.value, fact.number, [list(q) for q in fact.qualifiers],
        _citation_record(fact.citation), fact.sentence, fact.origin,
        [[_citation_record(c), s] for c, s in fact.also_cites],
    ]  # fmt: skip


def _citation_record(citation: Citation) -> list[object]:
    return [citation.source_id, citation.source_title, citation.paragraph, citation.line]


def _from_record(data: dict, passages: Sequence[Passage]) -> Derived:
    by_id = {p.id: p for p in passages}
    sentences = []
    for passage_id, index, start, end, terms in data["sentences"]:
        text = by_id[passage_id].text[start:end]
        sentences.append(
            Sentence(passage_id, int(index), int(start), int(end), text, tuple(map(str, terms)))
        )
    facts = [
        Fact(
            str(kind),
            str(subject),
            str(value),
            None if number is None else float(number),
            tuple((str(a), str(b)) for a, b in qualifiers),
            Citation(*citation),
            str(sentence),
            str(origin),
            tuple((Citation(*c), str(s)) for c, s in also),
        )  # fmt: skip
        for kind, subject, value, number, qualifiers, citation, sentence, origin, also in data[
            "facts"
        ]
    ]
    referents = {str(k): str(v) for k, v in dict(data["referents"]).items()}
    return Derived(sentences, facts, referents, frozenset(map(str, data["person_words"])))
