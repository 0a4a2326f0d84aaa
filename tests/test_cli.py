"""The command line: output, JSON, standard input, bad input and exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa.cli import EXIT_KNOWLEDGE, EXIT_OK, EXIT_USAGE
from conftest import ROOT, write_source


def run(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "ARTICLE_QA_KNOWLEDGE"}
    return subprocess.run(
        [sys.executable, "-m", "article_qa", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=60,
    )


def test_ask_prints_answer_sentence_and_citation(tmp_path: Path) -> None:
    result = run("ask", "how many girls were being helped?", cwd=tmp_path)
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
    assert found["answer"] == "80" and found["passage"] == 13
    assert found["source"] == "mpr-sex-trafficking-convictions"
    assert found["sentence"][found["highlight"][0] : found["highlight"][1]] == "80"
    assert 0 < found["confidence"] <= 1
    assert missing["answer"] is None and missing["no_answer_reason"]
    for key in ("question", "answer", "sentence", "source", "passage", "confidence"):
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


def test_environment_variable_selects_the_knowledge(tmp_path: Path) -> None:
    write_source(tmp_path, "port", "The port handled 412 ships in 2015.")
    env = {**os.environ, "ARTICLE_QA_KNOWLEDGE": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask", "how many ships did the port handle?"],
        capture_output=True, text=True, env=env, timeout=60,
    )  # fmt: skip
    assert result.stdout.splitlines()[0] == "412"


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "article-qa"
    assert script.exists(), "install the project (scripts/test does) to get the article-qa command"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.startswith("article-qa ")


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


def test_question_that_is_not_valid_utf8_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask"],
        input=b"who is \xff\xfe andy\nhow many girls were being helped?\n",
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == EXIT_USAGE
    assert b"not valid UTF-8" in result.stderr
    assert result.stdout.splitlines()[0] == b"80"
