"""Hostile input and faults: never a crash, nothing dangerous printed, nothing lost."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article_qa import Bot, QuestionError
from article_qa.cache import cache_file
from article_qa.ingest import IngestError, add_source
from article_qa.presentation import answer_fragments, format_fact, plain, why_fragments
from article_qa.repl import ChatState, handle_line
from article_qa.sources import KnowledgeError
from conftest import ROOT, write_source

# Text that stresses every stage: any Unicode, control characters, mixed scripts,
# punctuation only, very long words.
ANY_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=400
)
MIXED = st.lists(
    st.sampled_from(
        ["how", "many", "girls", "were", "helped", "?", "٨٠", "девочки", "女孩", "🙂", "\x1b[2J",
         "\u202e", "\x00", "U.S.", "1,200", "...", "'s", "-", "under", "18", "Luger", "and boys"]
    ),
    max_size=40,
).map(" ".join)  # fmt: skip
HOSTILE = settings(
    max_examples=60,
    deadline=5000,  # a guard against hangs, not a speed goal
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@HOSTILE
@given(question=st.one_of(ANY_TEXT, MIXED))
def test_any_question_gets_an_answer_or_no_answer_and_the_same_twice(
    bot: Bot, question: str
) -> None:
    try:
        first = bot.ask(question)
    except QuestionError:
        return  # empty or oversized: refused with a message
    second = bot.ask(question)
    assert first.found == (first.text is not None)
    assert first.found or first.no_answer_reason
    assert (first.text, first.sentence, first.citation, first.confidence) == (
        second.text, second.sentence, second.citation, second.confidence,
    )  # fmt: skip
    shown = plain(answer_fragments(first, question, ["x"]))
    assert "\x1b" not in shown and "\x00" not in shown


@HOSTILE
@given(question=st.text(min_size=900, max_size=1000))
def test_very_long_questions(bot: Bot, question: str) -> None:
    with contextlib.suppress(QuestionError):
        answer = bot.ask(question)
        assert answer.found or answer.no_answer_reason


@HOSTILE
@given(text=st.one_of(ANY_TEXT, MIXED), question=st.one_of(ANY_TEXT, MIXED))
def test_any_added_source_is_stored_or_refused_and_never_crashes(
    tmp_path_factory, text: str, question: str
) -> None:
    folder = tmp_path_factory.mktemp("k")
    try:
        added = add_source(folder, text, "text", "input")
    except (IngestError, KnowledgeError):
        assert not list(folder.glob("*.md"))
        return
    bot = Bot.load(folder)
    assert added.path.exists() and bot.passages
    try:
        answer = bot.ask(question)
    except QuestionError:
        return
    assert answer.found or answer.no_answer_reason
    for fact in bot.facts:
        assert "\x1b" not in format_fact(fact)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(question=st.one_of(ANY_TEXT, MIXED).filter(lambda q: "\x00" not in q))
def test_cli_never_shows_a_traceback(question: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask", "--", question],
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode in (0, 2)
    assert b"Traceback" not in result.stderr and b"\x1b" not in result.stdout


# -- terminal safety ---------------------------------------------------------------------

NASTY = (
    "The plant hired 40 welders.\x1b[2J It paid\x1b]52;c;SGVsbG8=\x07 well, said"
    " \x1b]8;;https://evil.example\x1b\\Jane Roe\x1b]8;;\x1b\\, the plant's manager.\u202e"
)
CONTROL = ("\x1b", "\x07", "\u202e")


@pytest.fixture()
def nasty_folder(tmp_path: Path) -> Path:
    write_source(tmp_path, "nasty", NASTY, title="Escape \x1b[31mred\x1b[0m title")
    return tmp_path


def assert_clean(text: str) -> None:
    for character in CONTROL:
        assert character not in text, repr(text)


def test_answers_commands_and_facts_strip_escape_sequences(nasty_folder: Path) -> None:
    bot = Bot.load(nasty_folder)
    state = ChatState(bot)
    answer = bot.ask("how many welders did the plant hire?")
    assert answer.text == "40"
    assert_clean(plain(answer_fragments(answer)))
    assert_clean(plain(handle_line(state, "how many welders did the plant hire?")))
    for command in ("/source 1", "/why", "/facts", "/sources", "/source nasty"):
        assert_clean(plain(handle_line(state, command)))
    assert_clean(plain(why_fragments(answer)))
    for fact in bot.facts:
        assert_clean(format_fact(fact))


def test_cli_output_strips_escape_sequences(nasty_folder: Path, tmp_path: Path) -> None:
    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "article_qa", "--knowledge", str(nasty_folder), *args],
            capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout + result.stderr

    assert_clean(run("ask", "how many welders did the plant hire?"))
    assert_clean(run("facts"))
    assert_clean(run("sources"))
    set_file = tmp_path / "set.yaml"
    set_file.write_text("cases:\n  - ask: what did the plant pay?\n    answer: nothing\n")
    junit = tmp_path / "junit.xml"
    assert_clean(run("check", str(set_file), "--junit", str(junit)))
    assert_clean(junit.read_text())
    assert_clean(run("ask", "--json", "what did the plant pay?"))  # JSON escapes them


# -- files from disk ---------------------------------------------------------------------


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
    tmp_path: Path, damage, warning: str
) -> None:
    folder = seed_copy(tmp_path)
    clean, _ = load_with_warnings(folder)
    damage(cache_file(folder))
    bot, warnings = load_with_warnings(folder)
    assert any(warning in w for w in warnings), warnings
    assert bot.ask("how many girls were being helped?").text == "80"
    assert [f.describe() for f in bot.facts] == [f.describe() for f in clean.facts]
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
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "--knowledge", str(folder), "ask", "how many girls were being helped?"],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines()[0] == "80"
    assert result.stderr.count("\n") == 1 and "warning: ignoring unreadable cache" in result.stderr


def test_unreadable_source_is_skipped_with_its_name(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    (folder / "binary.md").write_bytes(b"---\ntitle: x\n---\n\xff\xfe\x00")
    bot = Bot.load(folder)
    assert any("binary.md:4: not valid UTF-8" in w for w in bot.warnings)
    assert bot.ask("how many girls were being helped?").text == "80"


# -- killed at the worst moment -----------------------------------------------------------


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
