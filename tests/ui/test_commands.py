"""The chat's slash commands, built from one table."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.ui.chat import handle_line
from article_qa.ui.commands import COMMANDS, ChatState
from article_qa.ui.presentation import plain


def say(state: ChatState, line: str) -> str:
    return plain(handle_line(state, line))


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/help", "/source ID"),
        ("/help", "Meta-Enter (Esc, Enter) or a line ending in \\ goes on"),
        ("/help", "/source N shows paragraph N of mpr-sex-trafficking-convictions."),
        ("/sources", "mpr-sex-trafficking-convictions  Officials: Jump in MN"),
        ("/source 13", "were helping 5 men, 79 women, 11 boys and 80 girls"),
        ("/source mpr-sex-trafficking-convictions#7", "Andy Luger launched"),
        ("/source nope", "No source 'nope'. /source takes a source id"),
        ("/source mpr-sex-trafficking-convictions, paragraph 12", "survey of organizations"),
        ("/source 99", "has no paragraph 99 (it has paragraphs 1 to 14)"),
        ("/source", "Usage: /source followed by a source id"),
        ("help", "Ask a question in plain English"),
        ("Help?", "Ask a question in plain English"),
        ("/facts boys", "boys = 11"),
        ("/facts zebra", "No fact holds 'zebra'."),
        ("/why", "Nothing asked yet"),
        ("/hlep", "Unknown command /hlep. Did you mean /help?"),
        ("/", "Unknown command /."),
    ],
)
def test_commands(bot: Bot, line: str, expected: str) -> None:
    assert expected in say(ChatState(bot), line)


@pytest.mark.parametrize("word", ["quit", "exit", "EXIT", "Quit.", "exit!"])
def test_bare_exit_and_quit_leave(bot: Bot, word: str) -> None:
    state = ChatState(bot)
    assert say(state, word) == ""
    assert state.done and not state.conversation.turns


def test_why_shows_the_question_s_words_not_stems(bot: Bot) -> None:
    state = ChatState(bot)
    say(state, "who launched an initiative?")
    assert "words: launched, initiative" in say(state, "/why")


def test_facts_show_a_name_once(bot: Bot) -> None:
    shown = say(ChatState(bot), "/facts organisation")
    assert "organisation Office of Justice Programs  [parent" in shown
    assert "Office of Justice Programs = Office of Justice Programs" not in shown


def test_why_explains_the_last_answer(bot: Bot) -> None:
    state = ChatState(bot)
    say(state, "Who launched an initiative to combat human trafficking?")
    why = say(state, "/why")
    assert "expects: person" in why
    assert "Sentences retrieved" in why and "Candidates considered" in why
    say(state, "how many children were being helped?")
    why = say(state, "/why")
    assert "Facts used" in why and "11 boys + 80 girls = 91" in why


def test_reset_forgets_and_quit_leaves(bot: Bot) -> None:
    state = ChatState(bot)
    say(state, "how many girls were being helped?")
    say(state, "/reset")
    assert say(state, "and boys?").startswith("No answer: it reads as a follow-up")
    say(state, "/quit")
    assert state.done


def test_every_command_has_usage_and_help_and_is_in_the_readme() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for command in COMMANDS.values():
        assert command.usage.startswith(f"/{command.name}") and command.help
        assert f"`/{command.name}" in readme, command.name
