"""The installed command in processes of its own: the console script, the environment,
bytes that are not UTF-8 on standard input, and input that is closed at once."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from article_qa.ui.exits import EXIT_USAGE
from support import write_source

pytestmark = pytest.mark.slow


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


def test_question_that_is_not_valid_utf8_is_refused() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask"],
        input=b"who is \xff\xfe andy\nhow many girls were being helped?\n",
        capture_output=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == EXIT_USAGE
    assert b"not valid UTF-8" in result.stderr
    assert result.stdout.splitlines()[0] == b"80"


def test_piped_chat_ends_at_once_on_closed_input() -> None:
    with open(os.devnull) as devnull:
        result = subprocess.run(
            [sys.executable, "-m", "article_qa"], stdin=devnull, capture_output=True, timeout=30
        )
    assert result.returncode == 0 and result.stdout == b""
