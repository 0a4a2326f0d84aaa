"""The cache of derived data: written, reused, rebuilt when a source changes, and
ignored with a warning (never trusted) when it is damaged or not the user's own."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.knowledge.folder import add_source
from article_qa.knowledge.ingest import read_input
from article_qa.knowledge.store import CACHE_VERSION, cache_file
from support import INPUTS, ROOT, run, write_source

STORY = INPUTS / "warming-centers.txt"


def add(folder: Path, path: Path) -> None:
    text, kind = read_input(path)
    add_source(folder, text, kind, path.stem)


def test_cache_is_written_reused_and_rebuilt_when_a_source_changes(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    add(folder, STORY)
    first = Bot.load(folder)
    path = cache_file(folder)
    assert path.exists()
    data = json.loads(path.read_text())
    assert data["version"] == CACHE_VERSION and not path.read_bytes().startswith(
        b"\x80"
    )  # JSON, not pickle
    stamp = path.stat().st_mtime_ns
    second = Bot.load(folder)
    assert path.stat().st_mtime_ns == stamp  # read, not rewritten
    assert list(second.facts) == list(first.facts)
    add(folder, INPUTS / "river-cleanup.md")
    third = Bot.load(folder)
    assert json.loads(path.read_text())["key"] != data["key"]
    assert third.ask("how many volunteers joined the cleanup?").text
    assert not first.warnings and not third.warnings


def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    return folder


def load_with_warnings(folder: Path) -> tuple[Bot, list[str]]:
    bot = Bot.load(folder)
    return bot, bot.warnings


@pytest.mark.parametrize(
    ("damage", "warning"),
    [
        (lambda p: p.write_bytes(b"\x00\x01 not json at all"), "unreadable cache"),
        (lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]), "unreadable cache"),
        (
            lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "version": 99})),
            "another version",
        ),
        (
            lambda p: p.write_text(json.dumps({**json.loads(p.read_text()), "facts": [["x"]]})),
            "corrupt cache",
        ),
    ],
)
def test_damaged_cache_is_ignored_with_a_warning_and_rebuilt(
    tmp_path: Path, damage: Callable[[Path], object], warning: str
) -> None:
    folder = seed_copy(tmp_path)
    clean, _ = load_with_warnings(folder)
    damage(cache_file(folder))
    bot, warnings = load_with_warnings(folder)
    assert any(warning in w for w in warnings), warnings
    assert bot.ask("how many girls were being helped?").text == "80"
    assert list(bot.facts) == list(clean.facts)
    _, after = load_with_warnings(folder)
    assert after == []  # rebuilt and written again


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown")
def test_cache_owned_by_someone_else_is_ignored(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    os.chown(cache_file(folder), 65534, 65534)
    bot, warnings = load_with_warnings(folder)
    assert any("belongs to another user" in w for w in warnings)
    assert bot.ask("how many girls were being helped?").text == "80"


def test_cache_warning_reaches_the_cli_in_one_line(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    Bot.load(folder)
    cache_file(folder).write_text("{truncated")
    result = run("--knowledge", str(folder), "ask", "how many girls were being helped?")
    assert result.stdout.splitlines()[0] == "80"
    assert result.stderr.count("\n") == 1 and "warning: ignoring unreadable cache" in result.stderr


def test_unreadable_source_is_skipped_with_its_name(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    (folder / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe\x00")
    bot = Bot.load(folder)
    assert any("binary.md:4: not valid UTF-8" in w for w in bot.warnings)
    assert bot.ask("how many girls were being helped?").text == "80"


def test_damaged_index_arrays_are_rebuilt(tmp_path: Path) -> None:
    write_source(tmp_path, "port", "The port handled 412 ships in 2015.")
    Bot.load(tmp_path)
    arrays = cache_file(tmp_path).with_suffix(".npz")
    arrays.write_bytes(arrays.read_bytes()[:200])
    bot = Bot.load(tmp_path)
    assert any("ignoring corrupt cache" in w for w in bot.warnings)
    assert bot.ask("how many ships did the port handle?").text == "412"


def test_fact_record_pointing_nowhere_is_caught_at_load(tmp_path: Path) -> None:
    write_source(
        tmp_path, "port", "The port handled 412 ships in 2015.\n\nIt hired 37 dock workers."
    )
    Bot.load(tmp_path)
    path = cache_file(tmp_path)
    data = json.loads(path.read_text())
    data["facts"][0][5] = 10_000
    path.write_text(json.dumps(data))
    bot = Bot.load(tmp_path)
    assert any("corrupt" in w for w in bot.warnings)
    assert bot.ask("how many ships did the port handle?").text == "412"
