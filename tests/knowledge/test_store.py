"""The cache of derived data: written, reused, rebuilt when a source changes, and
ignored with a warning (never trusted, never hanging) when it is damaged, foreign,
not a regular file or not the user's own."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import threading
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from article_qa import Bot
from article_qa.knowledge import build, store
from article_qa.knowledge.folder import add_source
from article_qa.knowledge.ingest import read_input
from article_qa.knowledge.knowledge import Knowledge
from article_qa.knowledge.records import EncodedFacts, FactRecord, FactTable
from article_qa.knowledge.store import (
    CACHE_VERSION,
    array_layout,
    arrays_file,
    cache_file,
    load_arrays,
    write_arrays,
)
from article_qa.language.tokens import terms
from article_qa.model import KnowledgeError
from support import INPUTS, ROOT, run, write_source

STORY = INPUTS / "warming-centers.txt"


def add(folder: Path, path: Path) -> None:
    text, kind = read_input(path)
    add_source(folder, text, kind, path.stem)


def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    return folder


def split(path: Path) -> tuple[str, dict[str, object]]:
    """The cache file's header line and its JSON body."""
    header, _, body = path.read_bytes().partition(b"\n")
    return header.decode(), json.loads(body)


def forge(path: Path, data: dict[str, object], extra: str = "") -> None:
    """Write a body with a checksum that matches it, as someone who knows the format
    would (``extra`` is raw JSON text added as one more field)."""
    header, _ = split(path)
    text = json.dumps(data)
    body = (text[:-1] + "," + extra + "}" if extra else text).encode()
    fields = header.split()
    fields = [
        f"sha256={hashlib.sha256(body).hexdigest()}" if f.startswith("sha256=") else f
        for f in fields
    ]
    path.write_bytes(" ".join(fields).encode() + b"\n" + body)


def forge_facts(path: Path, edit: Callable[[list[FactRecord]], object]) -> None:
    """Change the stored fact records and make every checksum match again, as someone
    who knows the format would."""
    arrays_path = arrays_file(path)
    _, data = split(path)
    arrays = dict(load_arrays(arrays_path.read_bytes(), data["layout"]))
    table = FactTable(arrays)
    records = [table.record(n) for n in range(len(table))]
    edit(records)
    arrays.update(FactTable.arrays([(EncodedFacts.of(records), 0)]))
    layout, digest = array_layout(arrays)
    with arrays_path.open("wb") as out:
        write_arrays(out, arrays)
    forge(path, {**data, "layout": layout})
    header, _, body = path.read_bytes().partition(b"\n")
    fields = [f"arrays={digest}" if f.startswith("arrays=") else f for f in header.decode().split()]
    path.write_bytes(" ".join(fields).encode() + b"\n" + body)


def test_cache_is_written_reused_and_rebuilt_when_a_source_changes(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    add(folder, STORY)
    first = Bot.load(folder)
    path = cache_file(folder)
    header, data = split(path)
    assert f"version={CACHE_VERSION}" in header and "vocabulary" in data  # JSON, not pickle
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    stamp = path.stat().st_mtime_ns
    second = Bot.load(folder)
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten
    assert list(second.facts) == list(first.facts)
    add(folder, INPUTS / "river-cleanup.md")
    third = Bot.load(folder)
    assert split(path)[0] != header
    assert third.ask("how many volunteers joined the cleanup?").text
    assert not first.warnings and not third.warnings


def test_new_arrays_never_replace_a_file_and_the_old_ones_go_last(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Renaming over a large file makes ext4 write the new one out there and then: new
    arrays get a name of their own, which the record names; the old ones are deleted
    after, and a process that has them open reads on."""
    folder = tmp_path / "knowledge"
    add(folder, STORY)
    Bot.load(folder)
    path = cache_file(folder)
    old_arrays = arrays_file(path)
    renamed_over: list[str] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if os.path.lexists(target):
            renamed_over.append(Path(target).name)
        real_replace(source, target)

    with old_arrays.open("rb") as held:
        before = held.read()
        held.seek(0)
        with monkeypatch.context() as patched:
            patched.setattr(os, "replace", replace)
            add(folder, INPUTS / "river-cleanup.md")
            bot = Bot.load(folder)
        assert held.read() == before
    assert renamed_over == [path.name]  # the small record only
    assert bot.ask("how many volunteers joined the cleanup?").text
    assert not bot.warnings
    assert sorted(path.parent.glob(f"{path.stem}.*")) == sorted([path, arrays_file(path)])
    assert arrays_file(path) != old_arrays
    stamp = path.stat().st_mtime_ns
    assert not Bot.load(folder).warnings and path.stat().st_mtime_ns == stamp


def test_a_write_stopped_before_its_record_leaves_the_earlier_cache_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    path = cache_file(folder)
    record, old_arrays = path.read_bytes(), arrays_file(path)
    added = add_source(folder, *read_input(STORY), STORY.stem)
    real_write = store.write_atomically

    def stopped_at_the_record(target: Path, *args: Any, **kwargs: Any) -> None:
        if target == path:
            raise KeyboardInterrupt
        real_write(target, *args, **kwargs)

    with monkeypatch.context() as patched:
        patched.setattr(store, "write_atomically", stopped_at_the_record)
        with pytest.raises(KeyboardInterrupt):
            Bot.load(folder)
    assert path.read_bytes() == record and old_arrays.exists()
    assert len(list(path.parent.glob(f"{path.stem}.*.arrays"))) == 2  # one left unnamed
    read: list[str] = []
    real_read = build.read_piece

    def reading(groups: list[build.Group]) -> build.Piece:
        read.extend(group[0][1].source_id for group in groups)
        return real_read(groups)

    monkeypatch.setattr(build, "read_piece", reading)
    bot = Bot.load(folder)  # the earlier cache is whole: only the new story is read
    assert read == [added.source_id] and not bot.warnings
    assert bot.ask("how many girls were being helped?").text == "80"
    assert list(path.parent.glob(f"{path.stem}.*.arrays")) == [arrays_file(path)]


def damage_bytes(path: Path) -> None:
    path.write_bytes(b"\x00\x01 not json at all")


def truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def other_version(path: Path) -> None:
    path.write_bytes(
        path.read_bytes().replace(f"version={CACHE_VERSION}".encode(), b"version=99", 1)
    )


def change_a_digit(path: Path) -> None:
    """The girls figure 80 becomes 86, checksum left as it was."""
    arrays = arrays_file(path)
    raw = arrays.read_bytes()
    assert b'"80"' in raw
    arrays.write_bytes(raw.replace(b'"80"', b'"86"', 1))


def forged_digit(path: Path) -> None:
    """The same change with a checksum made to match: the figure check still finds it."""

    def edit(records: list[FactRecord]) -> None:
        for record in records:
            if record[0] == "quantity" and record[2] == "80":
                record[2] = "86"

    forge_facts(path, edit)


def deeply_nested(path: Path) -> None:
    _, data = split(path)
    forge(path, data, '"deep":' + "[" * 50_000 + "]" * 50_000)


def wrong_shape(path: Path) -> None:
    forge_facts(path, lambda records: records.__setitem__(0, ["x"]))


def fact_pointing_nowhere(path: Path) -> None:
    forge_facts(path, lambda records: records[0].__setitem__(5, 10_000))


def damaged_arrays(path: Path) -> None:
    arrays = arrays_file(path)
    arrays.write_bytes(arrays.read_bytes()[:200])


@pytest.mark.parametrize(
    ("damage", "warning"),
    [
        (damage_bytes, "another version"),
        (truncate, "damaged"),
        (other_version, "another version"),
        (change_a_digit, "damaged"),
        (deeply_nested, "nested too deeply"),
        (damaged_arrays, "damaged"),
    ],
)
def test_damaged_cache_is_ignored_with_a_warning_and_rebuilt(
    tmp_path: Path, damage: Callable[[Path], object], warning: str
) -> None:
    folder = seed_copy(tmp_path)
    clean = Bot.load(folder)
    damage(cache_file(folder))
    bot = Bot.load(folder)
    assert any(warning in w for w in bot.warnings), bot.warnings
    assert bot.ask("how many girls were being helped?").text == "80"
    assert list(bot.facts) == list(clean.facts)
    assert Bot.load(folder).warnings == []  # rebuilt and written again


@pytest.mark.parametrize("damage", [change_a_digit, damaged_arrays])
def test_a_damaged_cache_is_not_reused_when_a_source_is_added(
    tmp_path: Path, damage: Callable[[Path], object]
) -> None:
    """The build that reuses the earlier one runs while the arrays' checksum is still
    being computed: nothing it made is kept or used when the checksum fails."""
    folder = seed_copy(tmp_path)
    clean = Bot.load(folder)
    damage(cache_file(folder))
    add(folder, STORY)
    bot = Bot.load(folder)
    assert any("damaged" in w for w in bot.warnings), bot.warnings
    assert bot.ask("how many girls were being helped?").text == "80"
    assert set(clean.facts) <= set(bot.facts)
    again = Bot.load(folder)
    assert again.warnings == [] and list(again.facts) == list(bot.facts)


@pytest.mark.parametrize("forgery", [forged_digit, wrong_shape, fact_pointing_nowhere])
def test_a_forged_fact_record_is_found_when_read_and_the_cache_rebuilt(
    tmp_path: Path, forgery: Callable[[Path], object]
) -> None:
    """A load trusts the checksums and reads no fact record; a record forged with
    checksums to match is found when it is read, and the cache goes."""
    folder = seed_copy(tmp_path)
    clean = Bot.load(folder)
    forgery(cache_file(folder))
    bot = Bot.load(folder)
    assert bot.warnings == []
    with pytest.raises(KnowledgeError, match="corrupt cache .*rebuilt on the next run"):
        list(bot.facts)
    assert not cache_file(folder).exists()
    again = Bot.load(folder)
    assert again.warnings == [] and list(again.facts) == list(clean.facts)
    assert again.ask("how many girls were being helped?").text == "80"


def ask_after(damage: Callable[[Path], object], tmp_path: Path) -> tuple[str, str]:
    """What the command line prints (out, err) for the girls question after the seed
    folder's cache is damaged."""
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    damage(cache_file(folder))
    result = run("--knowledge", str(folder), "ask", "how many girls were being helped?")
    return result.stdout, result.stderr


def test_a_forged_figure_stops_the_cli_with_one_line(tmp_path: Path) -> None:
    out, err = ask_after(forged_digit, tmp_path)
    assert "86" not in out and err.count("\n") == 1 and "corrupt cache" in err
    rerun = run(
        "--knowledge", str(tmp_path / "knowledge"), "ask", "how many girls were being helped?"
    )
    assert rerun.stdout.startswith("80")


@pytest.mark.parametrize("target", ["/dev/zero", "fifo"])
def test_a_cache_that_is_not_a_regular_file_is_never_read(tmp_path: Path, target: str) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    path = cache_file(folder)
    path.unlink()
    if target == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to(target)
    loaded: list[Bot] = []
    worker = threading.Thread(target=lambda: loaded.append(Bot.load(folder)), daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert loaded, "loading hung on the cache"
    assert any("not a regular file" in w for w in loaded[0].warnings)
    assert loaded[0].ask("how many girls were being helped?").text == "80"
    assert path.is_file() and not path.is_symlink()  # replaced by a real cache file


def test_a_rebuilt_cache_is_private_whatever_was_there(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    path = cache_file(folder)
    outside = tmp_path / "outside"
    outside.write_text("the user's own file")
    outside.chmod(0o666)
    path.unlink()
    path.symlink_to(outside)
    Bot.load(folder)
    assert outside.read_text() == "the user's own file"  # never written through the link
    assert not path.is_symlink() and stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"x")
    path.chmod(0o000)  # damaged, and unreadable but to root: rebuilt, and private again
    assert Bot.load(folder).ask("how many girls were being helped?").text == "80"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_bytes(b"x")
    path.chmod(0o644)  # damaged and readable by all: rebuilt private
    Bot.load(folder)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_cache_owned_by_someone_else_is_ignored(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    os.chown(cache_file(folder), 65534, 65534)
    bot = Bot.load(folder)
    assert any("belongs to another user" in w for w in bot.warnings)
    assert bot.ask("how many girls were being helped?").text == "80"


def test_cache_warning_reaches_the_cli_in_one_line(tmp_path: Path) -> None:
    out, err = ask_after(truncate, tmp_path)
    assert out.splitlines()[0] == "80"
    assert err.count("\n") == 1 and "warning: ignoring cache" in err


def test_stale_temporary_files_in_the_cache_folder_are_removed(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    stale = cache_file(folder).parent / ".left-by-a-kill.json.abc.tmp"
    stale.write_bytes(b"x" * 1000)
    os.utime(stale, (1, 1))
    cache_file(folder).unlink()
    Bot.load(folder)
    assert not stale.exists()


def test_unreadable_source_is_skipped_with_its_name(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    (folder / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe\x00")
    bot = Bot.load(folder)
    assert any("binary.md:4: not valid UTF-8" in w for w in bot.warnings)
    assert bot.ask("how many girls were being helped?").text == "80"


def test_a_source_whose_name_is_not_utf8_is_skipped_and_the_rest_answer(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    write_source(folder, os.fsdecode(b"caf\xe9"), "The cafe sold 40 pies.")
    bot = Bot.load(folder)
    assert any("the file name is not valid UTF-8" in w for w in bot.warnings)
    assert bot.ask("how many girls were being helped?").text == "80"
    result = run("--knowledge", str(folder), "ask", "how many girls were being helped?")
    assert result.returncode == 0 and result.stdout.startswith("80\n")
    assert "\udce9" not in result.stderr and "\ufffd" in result.stderr


def test_arrays_go_out_and_come_back_as_they_were(tmp_path: Path) -> None:
    arrays = {
        "bytes": np.frombuffer(b"abc", dtype=np.uint8),
        "rows": np.arange(12, dtype=np.int32).reshape(3, 4),
        "scores": np.array([0.5, 1.5]),
    }
    layout, digest = array_layout(arrays)
    file = tmp_path / "x.arrays"
    with file.open("wb") as out:
        write_arrays(out, arrays)
    raw = file.read_bytes()
    assert digest == f"crc32:{zlib.crc32(raw):08x}"
    assert all(offset % 8 == 0 for *_, offset in layout)
    back = load_arrays(raw, layout)
    assert all(np.array_equal(back[name], arrays[name]) for name in arrays)
    assert not back["rows"].flags.writeable  # a view of the bytes read, not a copy


@pytest.mark.parametrize(
    "bad",
    [
        [["x", "|O", [1], 0]],
        [["x", "<i8", [100], 0]],
        [["x", "<i4", [-1], 0]],
        [["x", "<i4", [1], 9999]],
    ],
)
def test_a_layout_that_does_not_fit_its_bytes_is_refused(bad: list[object]) -> None:
    with pytest.raises(ValueError):
        load_arrays(bytes(64), bad)


def test_adding_a_source_reads_only_it_and_answers_as_a_full_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    text, kind = read_input(STORY)
    added = add_source(folder, text, kind, STORY.stem)
    read: list[list[str]] = []
    original = build.read_piece

    def reading(groups: list[build.Group]) -> build.Piece:
        read.append([group[0][1].source_id for group in groups])
        return original(groups)

    monkeypatch.setattr(build, "read_piece", reading)
    bot = Bot.load(folder)
    assert read == [[added.source_id]] and not bot.warnings
    fresh = Bot.load(folder, use_cache=False)
    assert list(bot.facts) == list(fresh.facts)
    assert list(bot.knowledge.sentences) == list(fresh.knowledge.sentences)
    speakers = [bot.knowledge.speaker(s) for s in bot.knowledge.sentences]
    assert speakers == [fresh.knowledge.speaker(s) for s in fresh.knowledge.sentences]
    assert "Danette Buskovick" in speakers
    for question in ("how many girls were being helped?", "where are the warming centers?"):
        assert bot.ask(question).text == fresh.ask(question).text
    read.clear()
    assert Bot.load(folder).warnings == [] and read == []  # the updated cache is used


def test_retrieved_sentences_get_the_terms_the_build_stored(tmp_path: Path) -> None:
    write_source(
        tmp_path, "notes", "The county board approved 12 road repairs.\n\nIt met Monday.\n"
    )
    Knowledge.load(tmp_path)  # builds and writes the cache
    cached = Knowledge.load(tmp_path)  # reads it back: sentences come without terms
    assert cached._derived.terms_of is not None
    (hit,) = cached.retrieve(terms("road repairs"), 1)
    assert hit.sentence.terms == tuple(terms(hit.sentence.text))
