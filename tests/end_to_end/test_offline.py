"""The bot runs without any NLTK data, in a process of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_works_with_no_nltk_data(tmp_path: Path) -> None:
    """With NLTK_DATA pointing at an empty folder the bot still splits and answers."""
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    script = (
        "import nltk\n"
        "try:\n"
        "    nltk.data.find('tokenizers/punkt_tab')\n"
        "    raise SystemExit('punkt data was found: the test proves nothing')\n"
        "except LookupError:\n"
        "    pass\n"
        "from article_qa import Bot\n"
        "from article_qa.language.sentences import split_sentences\n"
        "assert len(split_sentences('U.S. Attorney Andy Luger spoke. He left.')) == 2\n"
        "print(Bot.load().ask('how many girls were being helped?').text)\n"
    )
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    env.pop("ARTICLE_QA_KNOWLEDGE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "80"
