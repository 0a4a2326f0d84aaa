"""The chat: turn logic, commands, prompt-toolkit session, plain mode, and a real pty."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from article_qa import Bot
from article_qa.presentation import plain
from article_qa.repl import ChatState, handle_line, history_path, run_repl
from conftest import write_source


@pytest.fixture(autouse=True)
def _user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # never touch the real user's history
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))


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


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/help", "/source ID"),
        ("/sources", "mpr-sex-trafficking-convictions  Officials: Jump in MN"),
        ("/source 13", "were helping 5 men, 79 women, 11 boys and 80 girls"),
        ("/source mpr-sex-trafficking-convictions#7", "Andy Luger launched"),
        ("/source nope", "No passage nope."),
        ("/facts boys", "boys = 11"),
        ("/facts zebra", "No fact holds 'zebra'."),
        ("/why", "Nothing asked yet"),
        ("/hlep", "Unknown command /hlep. Did you mean /help?"),
        ("/", "Unknown command /."),
    ],
)
def test_commands(bot: Bot, line: str, expected: str) -> None:
    assert expected in say(ChatState(bot), line)


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


# -- without a terminal -----------------------------------------------------------


def chat(stdin: str | None, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "article_qa"], input=stdin, capture_output=True, text=True,
        timeout=60, **kwargs,
    )  # fmt: skip


def test_piped_chat_keeps_the_conversation() -> None:
    result = chat("how many girls were being helped?\nand boys?\n")
    assert result.returncode == 0
    answers = [line for line in result.stdout.splitlines() if not line.startswith(" ")]
    assert answers == ["80", "11"]
    assert "\x1b" not in result.stdout and "?" not in result.stdout.splitlines()[0]


def test_piped_chat_ends_at_once_on_empty_or_closed_input() -> None:
    assert chat("").returncode == 0
    with open(os.devnull) as devnull:
        result = subprocess.run(
            [sys.executable, "-m", "article_qa"], stdin=devnull, capture_output=True, timeout=30
        )
    assert result.returncode == 0 and result.stdout == b""


def test_ask_conversation_resolves_turns_in_json() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "article_qa", "ask", "--conversation", "--json"],
        input="how many girls were being helped?\nand boys?\n", capture_output=True, text=True,
        timeout=60,
    )  # fmt: skip
    turns = [json.loads(line) for line in result.stdout.splitlines()]
    assert [t["answer"] for t in turns] == ["80", "11"]
    assert turns[1]["understood_as"] == "how many boys were being helped?"


# -- a real terminal ----------------------------------------------------------------

_ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r")


def _read_until(fd: int, pattern: str, seen: list[str], timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        screen = _ANSI_RE.sub("", "".join(seen))
        if re.search(pattern, screen):
            return screen
        ready, _, _ = select.select([fd], [], [], 0.2)
        if ready:
            try:
                seen.append(os.read(fd, 65536).decode("utf-8", "replace"))
            except OSError:
                break
    raise AssertionError(
        f"{pattern!r} not shown; the screen was:\n{_ANSI_RE.sub('', ''.join(seen))}"
    )


def test_real_terminal_question_follow_up_and_quit(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "COLUMNS": "120",
        "LINES": "40",
    }
    env.pop("NO_COLOR", None)
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program on the pseudo-terminal
        os.execve(sys.executable, [sys.executable, "-m", "article_qa"], env)
    seen: list[str] = []
    try:
        _read_until(fd, r"/help for commands", seen)
        os.write(fd, b"how many girls were being helped?\r")
        _read_until(fd, r"\n80\s", seen)
        os.write(fd, b"and boys?\r")
        screen = _read_until(fd, r"understood as: how many boys were being helped\?", seen)
        assert re.search(r"\n11\s", screen)
        os.write(fd, b"/quit\r")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
