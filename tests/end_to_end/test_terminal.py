"""The chat in a real pseudo-terminal: the program as a person runs it."""

from __future__ import annotations

import os
import pty
import re
import select
import sys
import time
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
