"""Defects found in review, each pinned by a test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa import Bot, KnowledgeError
from article_qa.cache import cache_file
from article_qa.checks import SetError, load_set
from article_qa.conversation import Conversation
from article_qa.squad import Article, evaluate
from conftest import write_source


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "article_qa", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=cwd,
    )


def test_percent_change_of_money_and_percentages(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "costs",
        "Bus fares rose from $1,200 to $1,500 a year, the agency said.\n\n"
        "The share of riders over 65 fell from 40 percent to 30 percent.",
    )
    bot = Bot.load(tmp_path)
    assert bot.ask("by what percentage did bus fares rise?").text == "25%"
    assert bot.ask("by what percentage did the share of riders fall?").text == "25%"


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


def test_a_very_long_sentence_is_read(tmp_path: Path) -> None:
    sentence = ", ".join(f"the board approved {n} permits" for n in range(1500)) + "."
    write_source(tmp_path, "long", sentence)
    bot = Bot.load(tmp_path)
    assert sum(1 for f in bot.facts if f.kind == "quantity") == 1500


def test_her_as_object_is_not_possessive(bot: Bot) -> None:
    conversation = Conversation()
    question = "Who is the director of training, research and communications?"
    conversation.record(question, question, bot.ask(question))
    assert conversation.resolve("what did they ask her to do?").endswith(
        "ask Danette Buskovick to do?"
    )
    assert conversation.resolve("what is her job?") == "what is Danette Buskovick's job?"


def test_unaskable_question_in_a_set_fails_its_case(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text(f"cases:\n  - ask: {'why ' * 300}\n    no_answer: true\n")
    result = run("check", str(path))
    assert result.returncode == 1 and "too long" in result.stdout
    assert "Traceback" not in result.stderr


def test_yaml_tags_are_refused_as_a_broken_set(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    path.write_text("cases:\n  - ask: !!python/name:os.system hi\n")
    with pytest.raises(SetError, match="set.yaml:2: not allowed here"):
        load_set(path)
    assert run("check", str(path)).returncode == 4


def test_record_skips_questions_it_cannot_write_under_and_keeps_the_mode(tmp_path: Path) -> None:
    path = tmp_path / "set.yaml"
    knowledge = Path(__file__).resolve().parent.parent / "knowledge"
    original = (
        f"knowledge: {knowledge}\n"
        "cases:\n"
        '  - {ask: "how many boys were being helped?"}\n'
        "  - ask: |\n      how many girls were being helped?\n"
        "  - ask: how many women were\n      being helped?\n"
        '  - ask: "how many men were being helped?"\n'
    )
    path.write_text(original)
    path.chmod(0o644)
    result = run("check", "--record", str(path))
    assert "recorded 1 expectation(s)" in result.stderr
    assert path.read_text() == original + '    answer: "5"\n'
    assert os.stat(path).st_mode & 0o777 == 0o644
    assert run("check", str(path)).returncode == 0


def test_eval_skips_an_article_without_text() -> None:
    empty = Article("Empty", ("   ",), (("q1", "What?", ("x",), 0),))
    assert evaluate([empty]) == []


def test_folder_whose_only_source_is_all_excluded(tmp_path: Path) -> None:
    (tmp_path / "ad.md").write_text(
        "---\ntitle: Ad\n---\n\n<!-- exclude: advert -->\nBuy now.\n<!-- /exclude -->\n"
    )
    with pytest.raises(KnowledgeError, match="no sources with text to answer from"):
        Bot.load(tmp_path)
    assert run("--knowledge", str(tmp_path), "ask", "hi").returncode == 3


def test_remove_a_source_whose_file_name_has_capitals(tmp_path: Path) -> None:
    write_source(tmp_path, "My Story", "The port handled 412 ships in 2015.")
    write_source(tmp_path, "other", "The ferry carried 90 riders.")
    result = run("--knowledge", str(tmp_path), "remove", "My Story")
    assert result.returncode == 0 and not (tmp_path / "My Story.md").exists()


def test_facts_filter_matches_the_source_too() -> None:
    result = run("facts", "mpr-sex")
    assert result.returncode == 0 and len(result.stdout.splitlines()) > 5
