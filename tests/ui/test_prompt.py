"""The prompt on a terminal, driven through prompt-toolkit's pipe input: lines over
several lines, pastes, Up filtered by the typed prefix, and the dumb-terminal editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.history import InMemoryHistory
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from article_qa import Bot
from article_qa.ui import line_editor
from article_qa.ui.chat import run_repl
from article_qa.ui.commands import ChatState

UP = "\x1b[A"
META_ENTER = "\x1b\r"


def paste(text: str) -> str:
    return f"\x1b[200~{text}\x1b[201~"


@pytest.fixture(autouse=True)
def _own_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setenv("TERM", "xterm-256color")


def chat(bot: Bot, *keys: str) -> ChatState:
    state = ChatState(bot)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        for key in keys:
            pipe.send_text(key)
        pipe.send_text("/quit\r")
        assert run_repl(bot, state) == 0
    return state


def asked(state: ChatState) -> list[str]:
    return [turn.asked for turn in state.conversation.turns]


def test_meta_enter_and_a_backslash_continue_a_question(bot: Bot) -> None:
    state = chat(bot, f"how many girls{META_ENTER}were being helped?\r")
    assert asked(state) == ["how many girls were being helped?"]
    state = chat(bot, "how many boys\\\rwere being helped?\r")
    assert asked(state) == ["how many boys were being helped?"]


def test_a_pasted_block_asks_each_line_in_turn(bot: Bot) -> None:
    block = "how many girls were being helped?\nand boys?\n"
    state = chat(bot, paste(block))
    assert asked(state) == ["how many girls were being helped?", "and boys?"]
    assert [turn.answer.text for turn in state.conversation.turns] == ["80", "11"]


def test_a_one_line_paste_waits_for_enter(bot: Bot) -> None:
    state = chat(bot, paste("how many girls were being helped?"), "\r")
    assert asked(state) == ["how many girls were being helped?"]


def test_a_pasted_text_ends_on_its_dot_line(bot: Bot, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ferry.md").write_text("---\ntitle: Ferry\n---\n\nThe ferry carried 90 riders.\n")
    text = (
        "Port news\n\nThe port handled 412 ships in 2015.\n.\nhow many ships did the port handle?\n"
    )
    state = chat(Bot.load(folder), "/paste\r", paste(text))
    stored = (folder / "port-news.md").read_text()
    assert "412 ships" in stored and not stored.rstrip().endswith("\n.")
    assert state.pasting is None
    assert [turn.answer.text for turn in state.conversation.turns] == ["412"]


def test_up_recalls_only_lines_that_start_as_typed(bot: Bot) -> None:
    chat(bot, "how many girls were being helped?\r", "who is Andy Luger?\r")
    state = chat(bot, "how", UP, "\r")
    assert asked(state) == ["how many girls were being helped?"]


def test_the_dumb_editor_reads_continued_lines_and_keeps_history(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    typed: Iterator[str] = iter(["how many\\", "girls?", "", "quit"])

    def fake_input(prompt: str = "") -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("builtins.input", fake_input)
    history = InMemoryHistory()
    lines = list(line_editor.read_lines(lambda: "? ", history))
    assert lines == ["how many\ngirls?", "", "quit"]
    assert list(history.load_history_strings()) == ["quit", "how many\ngirls?"]
