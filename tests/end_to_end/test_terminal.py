"""The chat in a real pseudo-terminal: the program as a person runs it."""

from __future__ import annotations

import contextlib
import os
import pty
import re
import select
import sys
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
def _program_on_a_pty(args: list[str], env: dict[str, str]) -> Iterator[tuple[int, int]]:
    """Run article-qa on a new pseudo-terminal; yield its pid and the terminal's fd."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real program on the pseudo-terminal
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
