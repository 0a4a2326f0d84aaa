"""What is shown: answers, facts and traces as fragments, stripped of control characters."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.ui.chat import handle_line
from article_qa.ui.commands import ChatState
from article_qa.ui.presentation import (
    NOT_SURE_BELOW,
    answer_fragments,
    format_fact,
    plain,
    why_fragments,
)
from support import run, write_source

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
    def shown(*args: str) -> str:
        result = run("--knowledge", str(nasty_folder), *args)
        return result.stdout + result.stderr

    assert_clean(shown("ask", "how many welders did the plant hire?"))
    assert_clean(shown("facts"))
    assert_clean(shown("sources"))
    set_file = tmp_path / "set.yaml"
    set_file.write_text("cases:\n  - ask: what did the plant pay?\n    answer: nothing\n")
    junit = tmp_path / "junit.xml"
    assert_clean(shown("check", str(set_file), "--junit", str(junit)))
    assert_clean(junit.read_text())
    assert_clean(shown("ask", "--json", "what did the plant pay?"))  # JSON escapes them


def test_low_confidence_is_said_in_words(bot: Bot) -> None:
    answer = bot.ask("how many girls were being helped?")
    low = replace(answer, confidence=NOT_SURE_BELOW - 0.01)
    assert plain(answer_fragments(low)).endswith(f"not sure: confidence {low.confidence:.2f}")
    sure = replace(answer, confidence=NOT_SURE_BELOW)
    assert plain(answer_fragments(sure)).endswith(f"\n  confidence {sure.confidence:.2f}")


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [
        ("The plant hired 40 welders.", '  "The plant hired 40 welders."\n'),
        ('"We hired 40 welders," she said.', '  "We hired 40 welders," she said.\n'),
        ('And we hired 40 welders."', '  And we hired 40 welders."\n'),
        (
            "He said \u201cwe hired 40 welders.\u201d",
            "  He said \u201cwe hired 40 welders.\u201d\n",
        ),
    ],
)
def test_the_sentence_keeps_its_quote_marks_as_written(
    tmp_path: Path, sentence: str, shown: str
) -> None:
    write_source(tmp_path, "quotes", sentence)
    answer = Bot.load(tmp_path).ask("how many welders were hired?")
    assert answer.text == "40"
    assert shown in plain(answer_fragments(answer))
