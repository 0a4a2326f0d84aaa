"""The chat: one line's turn logic, the prompt-toolkit session, and history."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from article_qa import Bot
from article_qa.ui.chat import handle_line, history_path, run_repl
from article_qa.ui.commands import ChatState
from article_qa.ui.presentation import plain
from support import write_source


def say(state: ChatState, line: str) -> str:
    return plain(handle_line(state, line))


def test_follow_up_is_resolved_and_shown(bot: Bot) -> None:
    state = ChatState(bot)
    assert say(state, "how many girls were being helped?").startswith("80\n")
    shown = say(state, "and boys?")
    assert shown.startswith("11\n  understood as: how many boys were being helped?")
    assert "paragraph 13" in shown


def test_complete_question_shows_no_understood_as(bot: Bot) -> None:
    state = ChatState(bot)
    say(state, "how many girls were being helped?")
    assert "understood as" not in say(state, "Who is the U.S. Attorney for Minnesota?")


def test_no_answer_says_what_the_knowledge_covers(bot: Bot) -> None:
    shown = say(ChatState(bot), "What is the capital of France?")
    assert shown.startswith("No answer:")
    assert "It covers: Danette Buskovick, Andy Luger" in shown


def test_follow_up_without_an_earlier_question(bot: Bot) -> None:
    assert say(ChatState(bot), "and boys?").startswith("No answer: it reads as a follow-up")


def test_answer_is_highlighted_inside_its_sentence(bot: Bot) -> None:
    fragments = handle_line(ChatState(bot), "how many girls were being helped?")
    assert ("class:highlight", "80") in fragments
    assert fragments[0] == ("class:answer", "80")


def test_source_text_prints_as_written_without_control_characters(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "markup",
        "The <b>Acme & Sons</b> plant hired 40 welders.\x1b[2J It paid \x1b]52;c;SGk=\x07well.",
    )
    state = ChatState(Bot.load(tmp_path))
    shown = say(state, "how many welders did the plant hire?")
    assert shown.startswith("40\n")
    assert "<b>Acme & Sons</b>" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\x1b" not in say(state, "/source 1")


def test_prompt_session_with_pipe_input(bot: Bot) -> None:
    state = ChatState(bot)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("how many girls were being helped?\r")
        pipe.send_text("and boys?\r")
        pipe.send_text("/quit\r")
        assert run_repl(bot, state) == 0
    assert [turn.answer.text for turn in state.conversation.turns] == ["80", "11"]
    assert state.done
    history = history_path().read_text(encoding="utf-8")
    assert "+how many girls were being helped?" in history and "+and boys?" in history


def test_end_of_input_leaves_the_session(bot: Bot) -> None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("how many girls were being helped?\r")
        pipe.close()
        assert run_repl(bot) == 0


def test_unusable_history_folder_warns_and_goes_on(
    bot: Bot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("XDG_DATA_HOME", str(blocker))
    state = ChatState(bot)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("how many girls were being helped?\r/quit\r")
        assert run_repl(bot, state) == 0
    assert state.conversation.turns[0].answer.text == "80"


def test_history_is_private_to_the_user(bot: Bot) -> None:
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        pipe.send_text("/quit\r")
        run_repl(bot)
    assert stat.S_IMODE(history_path().stat().st_mode) == 0o600
