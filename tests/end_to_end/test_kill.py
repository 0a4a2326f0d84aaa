"""Processes killed at the worst moment and adds run at once: nothing lost, nothing half-written."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.knowledge.ingest import text_paragraphs
from article_qa.knowledge.sources import load_sources
from article_qa.knowledge.store import cache_file
from support import INPUTS, ROOT, write_source

pytestmark = pytest.mark.slow

STORY = INPUTS / "warming-centers.txt"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "article_qa", *args], input=stdin, capture_output=True, timeout=120
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """The visible files of a folder and their bytes (hidden lock and temp files aside)."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    return folder


def test_two_adds_at_the_same_time_both_land(tmp_path: Path) -> None:
    texts = [
        f"The council met on day {n} and approved {n + 10} permits.\n\nIt adjourned.\n"
        for n in range(6)
    ]
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "article_qa",
                "--knowledge",
                str(tmp_path),
                "add",
                "-",
                "--title",
                "Council notes",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        for _ in texts
    ]
    for process, text in zip(processes, texts, strict=True):
        process.stdin.write(text.encode())
        process.stdin.close()
    codes = [process.wait(timeout=120) for process in processes]
    assert codes == [0] * len(texts)
    stored = load_sources(tmp_path)
    assert len(stored) == len(texts)  # same title, so ids council-notes, -2, -3, ...
    assert sorted(s.id for s in stored)[0] == "council-notes"


def test_add_killed_at_any_moment_leaves_no_partial_source(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    run("--knowledge", str(folder), "add", str(INPUTS / "river-cleanup.md"))
    before = snapshot(folder)
    text = (STORY.read_text() + "\n\n") * 300  # large enough to take a while to store
    for delay in (0.0, 0.1, 0.3, 0.6):
        process = subprocess.Popen(
            [sys.executable, "-m", "article_qa", "--knowledge", str(folder), "add", "-",
             "--title", f"Long {delay}"],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            process.stdin.write(text.encode())
            process.stdin.close()
        except BrokenPipeError:
            pass
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        after = snapshot(folder)
        new = set(after) - set(before)
        assert all(after[name] == before[name] for name in before)
        for name in new:  # a source that landed is complete
            (source,) = [s for s in load_sources(folder) if f"{s.id}.md" == name]
            assert len(source.paragraphs) == len(text_paragraphs(text))
        before = after
    bot = Bot.load(folder)
    assert bot.ask("how many tons of trash did the volunteers pull?").text == "3"


def seed_report(folder: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "--knowledge", str(folder), "check", "--json",
         str(ROOT / "tests" / "questions" / "seed-article.yaml")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return {c["id"]: [t["answer"] for t in c["turns"]] for c in json.loads(result.stdout)["cases"]}


def test_killed_while_writing_the_cache_then_answers_exactly_as_before(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    filler = "\n\n".join(
        f"Paragraph {n}: the county board approved {n + 3} road repairs and {n + 7} new signs."
        for n in range(300)
    )
    write_source(folder, "zz-board-notes", filler, title="County board notes")
    before = seed_report(folder)
    for delay in (0.4, 1.5):
        cache_file(folder).unlink(missing_ok=True)
        process = subprocess.Popen(
            [sys.executable, "-m", "article_qa", "--knowledge", str(folder), "facts"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.wait()
        bot = Bot.load(folder)
        assert not [w for w in bot.warnings if "cache" in w], bot.warnings  # no half-written cache
        assert seed_report(folder) == before
