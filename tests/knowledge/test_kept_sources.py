"""Kept sources: a warm load takes back every source whose file is unchanged from the
cache, without reading or parsing it, and gives exactly what reading it gives; a file
changed (or written too recently to trust its stamp) is read again."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pytest

from article_qa.knowledge import build, kept_sources, sources
from article_qa.knowledge.kept_sources import ParagraphTable, is_kept
from article_qa.knowledge.knowledge import Knowledge
from article_qa.knowledge.store import arrays_file, cache_file
from article_qa.model import Source
from support import write_source

STORY = (
    "The county board approved 12 road repairs on Monday.\n\n"
    "<!-- exclude: donation appeal -->\nGive to the newsroom today.\n\nEvery gift counts.\n"
    "<!-- /exclude -->\n\n"
    "Board Chair Nora Lind said the work starts in May.\n\n"
    "The repairs cost $4.2 million,\nthe county said."
)


@pytest.fixture
def settle_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files count as settled as soon as they are written (the tests do not wait)."""
    monkeypatch.setattr(kept_sources, "RACY_NS", -(10**12))


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The source files read from disk (by name), as a load reads them."""
    read: list[str] = []
    original = sources.read_source

    def reading(path: Path, stamp: tuple[int, ...] = ()) -> Source:
        read.append(path.name)
        return original(path, stamp)

    monkeypatch.setattr(sources, "read_source", reading)
    return read


@pytest.fixture
def made(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The rows of the paragraphs made from kept (UTF-8) text, as they are made."""
    rows: list[int] = []
    original = ParagraphTable.paragraph

    def paragraph(self: ParagraphTable, row: int):  # type: ignore[no-untyped-def]
        rows.append(row)
        return original(self, row)

    monkeypatch.setattr(ParagraphTable, "paragraph", paragraph)
    return rows


def split(path: Path) -> tuple[str, dict]:  # type: ignore[type-arg]
    """The cache file's header line and its JSON body."""
    header, _, body = path.read_bytes().partition(b"\n")
    return header.decode(), json.loads(body)


def forge(path: Path, data: dict) -> None:  # type: ignore[type-arg]
    """Write a body with a checksum that matches it, as someone who knows the format would."""
    header, _ = split(path)
    body = json.dumps(data).encode()
    fields = [
        f"sha256={hashlib.sha256(body).hexdigest()}" if f.startswith("sha256=") else f
        for f in header.split()
    ]
    path.write_bytes(" ".join(fields).encode() + b"\n" + body)


def folder_of_two(tmp_path: Path) -> Path:
    write_source(tmp_path, "roads", STORY, title="Board approves road repairs")
    write_source(tmp_path, "parks", "The parks department planted 300 trees.")
    return tmp_path


def test_a_warm_load_reads_no_unchanged_file_and_gives_what_reading_gives(
    tmp_path: Path, settle_at_once: None, reads: list[str]
) -> None:
    folder = folder_of_two(tmp_path)
    fresh = Knowledge.load(folder)
    assert sorted(reads) == ["parks.md", "roads.md"]
    reads.clear()
    warm = Knowledge.load(folder)
    assert reads == [] and all(is_kept(s) for s in warm.sources)
    assert warm.sources == fresh.sources  # metadata, paragraphs (excluded too), digest, stamp
    assert list(warm.passages) == list(fresh.passages)
    assert list(warm.sentences) == list(fresh.sentences)
    assert list(warm.facts) == list(fresh.facts) and not warm.warnings


def test_a_warm_load_makes_no_paragraph_until_one_is_read(
    tmp_path: Path, settle_at_once: None, made: list[int]
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)
    made.clear()
    warm = Knowledge.load(folder)
    assert made == []
    passage = warm.passage("roads#2")
    assert passage is not None and passage.text.startswith("Board Chair Nora Lind")
    assert passage.line == 13 and len(made) == 1


def test_an_edited_file_of_the_same_size_is_read_again(
    tmp_path: Path, settle_at_once: None, reads: list[str]
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)
    path = folder / "parks.md"
    before = path.stat()
    path.write_text(path.read_text().replace("300", "400"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # the old time put back
    assert path.stat().st_size == before.st_size
    reads.clear()
    again = Knowledge.load(folder)
    assert reads == ["parks.md"]  # its change time moved: it is read, the other is kept
    assert "400 trees" in again.passage("parks#1").text  # type: ignore[union-attr]


def test_a_file_written_just_before_the_cache_is_read_again_next_time(
    tmp_path: Path, reads: list[str]
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)  # the files are seconds old at most: their stamps are not kept
    entries = split(cache_file(folder))[1]["kept"]
    assert [entry[1] for entry in entries] == [[], []]
    reads.clear()
    Knowledge.load(folder)
    assert sorted(reads) == ["parks.md", "roads.md"]


def test_a_file_read_again_is_kept_once_it_has_settled(
    tmp_path: Path, reads: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)
    monkeypatch.setattr(kept_sources, "RACY_NS", -(10**12))
    Knowledge.load(folder)  # read again, and now stamped: the cache is written once more
    reads.clear()
    assert all(is_kept(s) for s in Knowledge.load(folder).sources) and reads == []


def test_kept_sources_that_do_not_fit_their_paragraphs_rebuild_the_cache(
    tmp_path: Path, settle_at_once: None
) -> None:
    folder = folder_of_two(tmp_path)
    fresh = Knowledge.load(folder)
    path = cache_file(folder)
    _, data = split(path)
    kept = json.loads(json.dumps(data["kept"]))
    kept[0][4] += 1  # one usable paragraph more than the table holds
    forge(path, {**data, "kept": kept})
    warm = Knowledge.load(folder)
    assert any("ignoring corrupt cache" in w for w in warm.warnings), warm.warnings
    assert list(warm.passages) == list(fresh.passages)
    assert Knowledge.load(folder).warnings == []


def test_adding_a_source_reads_only_it_and_trusts_the_kept_ones_unread(
    tmp_path: Path, settle_at_once: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)
    write_source(folder, "schools", "The district hired 40 teachers this fall.")
    read: list[str] = []
    digested: list[str] = []
    original_read, original_digest = build.read_piece, build.passages_digest

    def reading(groups: list[build.Group]) -> build.Piece:
        read.extend(group[0][1].source_id for group in groups)
        return original_read(groups)

    def digesting(group: build.Group) -> str:
        digested.append(group[0][1].source_id)
        return original_digest(group)

    monkeypatch.setattr(build, "read_piece", reading)
    monkeypatch.setattr(build, "passages_digest", digesting)
    warm = Knowledge.load(folder)
    assert read == digested == ["schools"]  # the kept two: neither read nor hashed
    fresh = Knowledge.load(folder, use_cache=False)
    assert list(warm.facts) == list(fresh.facts)
    assert list(warm.sentences) == list(fresh.sentences)


def test_kept_text_damaged_on_disk_is_never_used(tmp_path: Path, settle_at_once: None) -> None:
    folder = folder_of_two(tmp_path)
    fresh = Knowledge.load(folder)
    arrays = arrays_file(cache_file(folder))
    raw = arrays.read_bytes()
    assert raw.count(b"300 trees") == 1
    arrays.write_bytes(raw.replace(b"300 trees", b"900 trees"))  # checksum left as it was
    warm = Knowledge.load(folder)
    assert any("damaged" in w for w in warm.warnings), warm.warnings
    assert list(warm.passages) == list(fresh.passages)  # read from the files again
    assert Knowledge.load(folder).warnings == []  # and the cache written anew


def test_a_kept_source_without_a_title_rebuilds_the_cache(
    tmp_path: Path, settle_at_once: None
) -> None:
    folder = folder_of_two(tmp_path)
    Knowledge.load(folder)
    path = cache_file(folder)
    _, data = split(path)
    kept = json.loads(json.dumps(data["kept"]))
    kept[0][3] = []  # no metadata at all
    forge(path, {**data, "kept": kept})
    warm = Knowledge.load(folder)
    assert any("ignoring corrupt cache" in w for w in warm.warnings), warm.warnings
    assert [s.title for s in warm.sources] == ["A test story", "Board approves road repairs"]


def test_a_damaged_cache_found_late_warns_once_for_each_skipped_file(
    tmp_path: Path, settle_at_once: None
) -> None:
    folder = folder_of_two(tmp_path)
    (folder / "broken.md").write_text("no header here\n")
    Knowledge.load(folder)
    arrays = arrays_file(cache_file(folder))
    arrays.write_bytes(arrays.read_bytes().replace(b"300 trees", b"900 trees"))
    warnings = Knowledge.load(folder).warnings
    assert len([w for w in warnings if "broken.md" in w]) == 1, warnings
    assert len([w for w in warnings if "it is damaged" in w]) == 1, warnings


def test_a_source_read_from_its_file_holds_its_text_as_utf8_until_a_paragraph_is_read(
    tmp_path: Path, made: list[int]
) -> None:
    write_source(tmp_path, "roads", STORY, title="Board approves road repairs")
    write_source(tmp_path, "quotes", "“Wait,” said Zoë. The crowd — 40 people — cheered 🎉.")
    as_read = [
        sources.read_source(path, kept_sources.file_stamp(path))
        for path in sorted(tmp_path.glob("*.md"))
    ]
    loaded = sources.load_sources(tmp_path)
    assert made == [] and not any(is_kept(s) for s in loaded)  # read, not taken back
    assert [tuple(s.paragraphs) for s in loaded] == [tuple(s.paragraphs) for s in as_read]
    assert loaded == as_read  # metadata, digests and stamps too
    assert made  # the usable paragraphs were made from their UTF-8 bytes
    assert [len(p.text) for p in loaded[0].paragraphs] == [
        len(p.text) for p in as_read[0].paragraphs
    ]
