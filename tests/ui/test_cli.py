"""The command line, in this process: output, JSON, standard input, bad input and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from article_qa import Bot, KnowledgeError
from article_qa.ui.exits import EXIT_KNOWLEDGE, EXIT_OK, EXIT_USAGE
from support import ROOT, run, write_source


def test_ask_prints_answer_sentence_and_citation() -> None:
    result = run("ask", "how many girls were being helped?")
    assert result.returncode == EXIT_OK, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "80"
    assert "helping 5 men, 79 women, 11 boys and 80 girls who had been victims" in lines[1]
    assert "mpr-sex-trafficking-convictions, paragraph 13" in lines[2]
    assert result.stderr == ""


def test_ask_json_has_the_documented_fields() -> None:
    result = run(
        "ask", "--json", "how many girls were being helped?", "What is the capital of France?"
    )
    assert result.returncode == EXIT_OK
    found, missing = (json.loads(line) for line in result.stdout.splitlines())
    assert found["answer"] == "80" and found["paragraph"] == 13
    assert found["source"] == "mpr-sex-trafficking-convictions"
    assert found["sentence"][found["highlight"][0] : found["highlight"][1]] == "80"
    assert 0 < found["confidence"] <= 1
    assert missing["answer"] is None and missing["no_answer_reason"]
    for key in ("question", "answer", "sentence", "source", "paragraph", "confidence"):
        assert key in found and key in missing


def test_ask_reads_questions_from_standard_input_and_skips_blank_lines() -> None:
    result = run(
        "ask", "--json", stdin="how many boys were being helped?\n\n  \nwho is andy luger\n"
    )
    assert result.returncode == EXIT_OK
    answers = [json.loads(line)["answer"] for line in result.stdout.splitlines()]
    assert answers == ["11", "U.S. Attorney for Minnesota"]


def test_plain_loop_answers_piped_questions() -> None:
    result = run(stdin="how many girls were being helped?\nhow many women were being helped?\n")
    assert result.returncode == EXIT_OK
    assert result.stdout.splitlines()[0] == "80"
    assert "79" in result.stdout.splitlines()


def test_empty_input_ends_at_once() -> None:
    assert run(stdin="").returncode == EXIT_OK
    assert run("ask", stdin="").returncode == EXIT_OK


@pytest.mark.parametrize("question", ["", "   "])
def test_empty_question_is_a_usage_error(question: str) -> None:
    result = run("ask", question)
    assert result.returncode == EXIT_USAGE
    assert result.stderr.strip() == "article-qa: the question is empty"
    assert "Traceback" not in result.stderr


def test_huge_question_is_refused_in_one_line() -> None:
    result = run("ask", stdin="why " * 25_000 + "\nhow many girls were being helped?\n")
    assert result.returncode == EXIT_USAGE
    assert result.stderr.count("\n") == 1 and "too long" in result.stderr
    assert result.stdout.splitlines()[0] == "80"  # the next question is still answered


@pytest.mark.parametrize("question", ["🙂🙂", "Что это такое?", "?!?", "the of and"])
def test_questions_without_words_get_no_answer(question: str) -> None:
    result = run("ask", question)
    assert result.returncode == EXIT_OK
    assert result.stdout.startswith("No answer:")


def test_missing_and_empty_knowledge_folders(tmp_path: Path) -> None:
    missing = run("--knowledge", str(tmp_path / "nope"), "ask", "hi")
    assert missing.returncode == EXIT_KNOWLEDGE
    assert missing.stderr.strip() == f"article-qa: knowledge folder not found: {tmp_path / 'nope'}"
    empty = run("ask", "--knowledge", str(tmp_path), "hi")
    assert empty.returncode == EXIT_KNOWLEDGE
    assert "has no sources" in empty.stderr and "Traceback" not in empty.stderr


def test_broken_source_file_is_named_and_the_others_still_load(tmp_path: Path) -> None:
    write_source(tmp_path, "good", "The port handled 412 ships in 2015.")
    (tmp_path / "bad.md").write_text("---\ntitle: x\nwhen: today\n---\n", encoding="utf-8")
    result = run("ask", "--knowledge", str(tmp_path), "how many ships did the port handle?")
    assert result.returncode == EXIT_OK
    assert result.stdout.splitlines()[0] == "412"
    assert "warning: skipped " in result.stderr
    assert "bad.md:3: unknown metadata field 'when'" in result.stderr
    (tmp_path / "good.md").unlink()
    alone = run("ask", "--knowledge", str(tmp_path), "hi")
    assert alone.returncode == EXIT_KNOWLEDGE and "bad.md:3:" in alone.stderr


def test_help_lists_the_commands() -> None:
    result = run("--help")
    assert result.returncode == EXIT_OK
    assert "ask" in result.stdout and "chat" in result.stdout
    assert (ROOT / "README.md").read_text().count("article-qa ask") >= 1


def test_json_batch_keeps_one_line_per_question() -> None:
    result = run("ask", "--json", "who is andy luger", "", "how many boys were being helped?")
    assert result.returncode == EXIT_USAGE
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line.get("answer", line.get("error")) for line in lines] == [
        "U.S. Attorney for Minnesota",
        "the question is empty",
        "11",
    ]


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


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    question=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=300
    )
)
def test_any_question_is_answered_or_refused_in_one_line(question: str) -> None:
    result = run("ask", "--", question)
    assert result.returncode in (0, 2)
    assert "Traceback" not in result.stderr and "\x1b" not in result.stdout
    assert result.stderr.count("\n") <= 1


def test_ask_conversation_resolves_turns_in_json() -> None:
    result = run(
        "ask", "--conversation", "--json", stdin="how many girls were being helped?\nand boys?\n"
    )
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert [t["answer"] for t in turns] == ["80", "11"]
    assert turns[1]["understood_as"] == "how many boys were being helped?"


def test_piped_chat_keeps_the_conversation() -> None:
    result = run(stdin="how many girls were being helped?\nand boys?\n")
    assert result.returncode == 0
    answers = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert answers == ["80", "11"]
    assert "\x1b" not in result.stdout and "?" not in result.stdout.splitlines()[0]
