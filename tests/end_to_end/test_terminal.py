"""The chat in a real pseudo-terminal: the program as a person runs it."""

from __future__ import annotations

import contextlib
import fcntl
import os
import pty
import re
import select
import shutil
import struct
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

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


@contextlib.contextmanager
def _program_on_a_pty(
    args: list[str], env: dict[str, str], size: tuple[int, int] = (40, 120)
) -> Iterator[tuple[int, int]]:
    """Run article-qa on a new pseudo-terminal of ``size`` (rows, columns); yield its
    pid and the terminal's fd."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program on the pseudo-terminal
        fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", *size, 0, 0))
        os.execve(sys.executable, [sys.executable, "-m", "article_qa", *args], env)
    try:
        yield pid, fd
    finally:
        try:
            os.kill(pid, 9)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)


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
    seen: list[str] = []
    with _program_on_a_pty([], env) as (pid, fd):
        _read_until(fd, r"/help for commands", seen)
        os.write(fd, b"how many girls were being helped?\r")
        _read_until(fd, r"\n80\s", seen)
        os.write(fd, b"and boys?\r")
        screen = _read_until(fd, r"understood as: how many boys were being helped\?", seen)
        assert re.search(r"\n11\s", screen)
        os.write(fd, b"/quit\r")
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0


OSC52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
NASTY_TITLE = f"Port{OSC52} news\x9b2J\u202e day\u200b"


@pytest.mark.parametrize(
    "terminal",
    [{"TERM": "xterm-256color"}, {"TERM": "xterm-256color", "NO_COLOR": "1"}, {"TERM": "dumb"}],
)
def test_titles_reach_a_real_terminal_sanitised(tmp_path: Path, terminal: dict[str, str]) -> None:
    from support import write_source

    folder = tmp_path / "knowledge"
    write_source(folder, "port", "The port handled 412 ships in 2015.", title=NASTY_TITLE)
    story = tmp_path / "ferry.txt"
    story.write_text(f"Ferry{OSC52} rides\u202e\n\nThe ferry carried 90 riders.\n")
    env = {
        **{k: v for k, v in os.environ.items() if k != "NO_COLOR"},
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        **terminal,
    }
    seen: list[str] = []
    with _program_on_a_pty(["--knowledge", str(folder)], env) as (pid, fd):
        _read_until(fd, r"/help for commands", seen)
        os.write(fd, b"/source port\r")
        _read_until(fd, r"412 ships", seen)
        os.write(fd, f"/add {story}\r".encode())
        _read_until(fd, r"Added", seen)
        os.write(fd, b"/sources\r")
        _read_until(fd, r"rides", seen)
        os.write(fd, b"/quit\r")
        os.waitpid(pid, 0)
    shown = "".join(seen)
    for unwanted in ("\x1b]", "\x07", "\x9b", "\u202e", "\u200b", "ZWNobyBvd25lZA"):
        assert unwanted not in shown, (unwanted, shown)
    if terminal.get("TERM") == "dumb" or "NO_COLOR" in terminal:
        assert "\x1b[3" not in shown  # no colour at all


def _exit_code(pid: int, fd: int, seen: list[str], timeout: float = 20.0) -> int:
    """The program's exit code, once it has ended (it fails the test if it does not)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.waitstatus_to_exitcode(status)
        _settle(fd, seen, 0.1)
    screen = _ANSI_RE.sub("", "".join(seen))
    raise AssertionError(f"the program did not end; the screen was:\n{screen}")


def _settle(fd: int, seen: list[str], seconds: float = 1.0) -> None:
    """Read what the program shows for a while (when there is nothing new to wait for)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if select.select([fd], [], [], 0.1)[0]:
            try:
                seen.append(os.read(fd, 65536).decode("utf-8", "replace"))
            except OSError:  # the program has closed the terminal
                return


def _terminal_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PAGER", "LESS")}
    return {
        **env,
        "TERM": "xterm-256color",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        **extra,
    }


@pytest.mark.parametrize("columns", [40, 100])
def test_answers_and_facts_are_wrapped_at_words(tmp_path: Path, columns: int) -> None:
    from article_qa import Bot
    from article_qa.ui.chat import handle_line
    from article_qa.ui.commands import ChatState
    from article_qa.ui.layout import wrap
    from article_qa.ui.presentation import plain

    state = ChatState(Bot.load())
    expected = [
        plain(wrap(handle_line(state, line), columns))
        for line in ("how many girls were being helped?", "/facts boys")
    ]
    seen: list[str] = []
    env = _terminal_env(tmp_path, PAGER="")
    with _program_on_a_pty([], env, (60, columns)) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"how many girls were being helped?\r")
        _read_until(fd, r"confidence", seen)
        os.write(fd, b"/facts boys\r")
        screen = _read_until(fd, r"paragraph\s+13\)", seen)
        os.write(fd, b"/quit\r")
        _exit_code(pid, fd, seen)
    for line in "\n".join(expected).splitlines():
        assert line in screen, (line, screen)
    if columns == 40:
        assert "   survey, which was conducted earlier\n" in screen
        assert "  -- Officials: Jump in MN sex\n" in screen


def test_output_taller_than_the_screen_goes_through_the_pager(tmp_path: Path) -> None:
    if shutil.which("less") is None:
        pytest.skip("less is not installed")
    seen: list[str] = []
    with _program_on_a_pty([], _terminal_env(tmp_path), (20, 100)) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"/source mpr-sex-trafficking-convictions\r")
        screen = _read_until(fd, r"paragraph 5 \(line 26\)", seen)
        _settle(fd, seen)
        assert "paragraph 14" not in "".join(seen)  # one page only
        os.write(fd, b"G")  # less: to the end
        _read_until(fd, r"paragraph 14", seen)
        os.write(fd, b"q")
        os.write(fd, b"/quit\r")
        assert _exit_code(pid, fd, seen) == 0
    assert "paragraph 1 (line 12)" in screen


def test_a_surname_completes_to_the_whole_name(tmp_path: Path) -> None:
    seen: list[str] = []
    with _program_on_a_pty([], _terminal_env(tmp_path)) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"who is Busk\t")
        _read_until(fd, r"Danette Buskovick\s+person", seen)
        os.write(fd, b"\t")  # the next Tab takes the first: the whole name
        os.write(fd, b"\r")
        _read_until(fd, r"\? who is Danette Buskovick\s.*director of training", seen)
        _settle(fd, seen)  # Ctrl-D typed before the prompt is back would be the tty's
        os.write(fd, b"\x04")
        assert _exit_code(pid, fd, seen) == 0


def test_a_pasted_block_is_asked_line_by_line(tmp_path: Path) -> None:
    seen: list[str] = []
    with _program_on_a_pty([], _terminal_env(tmp_path, PAGER="")) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"\x1b[200~how many girls were being helped?\nand boys?\n\x1b[201~")
        _read_until(fd, r"Pasted 2 lines: asking each in turn", seen)
        screen = _read_until(fd, r"understood as: how many boys were being helped\?", seen)
        assert re.search(r"\n80\s", screen) and re.search(r"\n11\s", screen)
        os.write(fd, b"quit\r")
        assert _exit_code(pid, fd, seen) == 0


def test_no_color_keeps_the_menu_selection_and_suggestions_marked(tmp_path: Path) -> None:
    seen: list[str] = []
    env = _terminal_env(tmp_path, NO_COLOR="1", PAGER="")
    with _program_on_a_pty([], env) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"who is Andy Luger?\r")
        _read_until(fd, r"U\.S\. Attorney", seen)
        os.write(fd, b"who is Busk\t")
        _read_until(fd, r"Danette Buskovick\s+person", seen)
        os.write(fd, b"\t")  # the second Tab selects the first
        _read_until(fd, r"Danette Buskovick\s+Danette Buskovick\s+person", seen)
        os.write(fd, b"\x15who")  # Ctrl-U clears the line; the suggestion comes back
        _settle(fd, seen)
        os.write(fd, b"\x03/quit\r")
        _exit_code(pid, fd, seen)
    raw = "".join(seen)
    assert re.search(r"\x1b\[[0-9;]*7m Danette Buskovick", raw)  # reverse: selected
    assert re.search(r"\x1b\[[0-9;]*2[;m][^\x1b]*is Andy Luger\?", raw)  # dim suggestion
    assert not re.search(r"\x1b\[[0-9;]*(3[0-7]|9[0-7]|38;)[;m]", raw)  # no colour


def test_a_dumb_terminal_shows_the_line_up_recalls(tmp_path: Path) -> None:
    history = tmp_path / "data" / "article-qa" / "history"
    history.parent.mkdir(parents=True)
    history.write_text("\n# earlier\n+/quit\n\n# earlier\n+how many girls were being helped?\n")
    seen: list[str] = []
    with _program_on_a_pty([], _terminal_env(tmp_path, TERM="dumb")) as (pid, fd):
        _read_until(fd, r"/quit leaves", seen)
        os.write(fd, b"\x1b[A")
        _read_until(fd, r"\? how many girls were being helped\?", seen)
        os.write(fd, b"\x1b[A")
        _read_until(fd, r"\? /quit", seen)
        os.write(fd, b"\x15and boys?\r")  # Ctrl-U: the recalled /quit is not sent
        _read_until(fd, r"No answer: it reads as a follow-up", seen)
        os.write(fd, b"exit\r")
        assert _exit_code(pid, fd, seen) == 0
    assert "\x1b[" not in "".join(seen)
