"""Ctrl-C at any moment ends the program with exit code 130 and no traceback: while
the libraries load (after Python's own start-up, a few hundredths of a second in which
the interpreter, not our code, handles the signal), and while worker processes build a large knowledge folder (a
terminal sends the signal to the whole process group, workers included)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from support import write_source

pytestmark = pytest.mark.slow


def interrupt(
    args: list[str], delay: float, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "article_qa", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,
    )
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=120)
    return subprocess.CompletedProcess(process.args, process.returncode, out, err)


@pytest.mark.parametrize("delay", [0.1, 0.3, 0.6])
def test_ctrl_c_while_starting(delay: float, tmp_path: Path) -> None:
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = interrupt(["ask", "how many girls were being helped?"], delay, env)
    # 130, or killed by the signal itself (-2: what a shell shows as 130) when it lands
    # while the interpreter is already shutting down
    assert result.returncode in (0, 130, -signal.SIGINT), result.stderr
    assert "Traceback" not in result.stderr and "KeyboardInterrupt" not in result.stderr


def test_ctrl_c_during_a_parallel_cold_build(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    body = "\n\n".join(
        f"Paragraph {n}: the county board approved {n + 3} road repairs and {n + 7} new signs"
        f" after residents of the north side asked for them in {2000 + n % 20}."
        for n in range(60)
    )
    for source in range(400):  # 24,000 passages: built by worker processes for seconds
        write_source(folder, f"notes-{source:03d}", body, title=f"Board notes {source}")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    result = interrupt(["--knowledge", str(folder), "facts", "nothing"], 3.0, env)
    assert result.returncode == 130, (result.returncode, result.stderr[-2000:])
    assert "Traceback" not in result.stderr, result.stderr[-2000:]


def _children(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, read from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads processes from /proc")
def test_terminate_during_a_parallel_cold_build_stops_the_workers_too(tmp_path: Path) -> None:
    """``kill`` (SIGTERM) to the command alone, as a service manager sends it: it ends
    with 143 and no traceback, and its build workers do not outlive it."""
    folder = tmp_path / "knowledge"
    body = "\n\n".join(
        f"Paragraph {n}: the county board approved {n + 3} road repairs and {n + 7} new signs"
        f" after residents of the north side asked for them in {2000 + n % 20}."
        for n in range(60)
    )
    for source in range(400):
        write_source(folder, f"notes-{source:03d}", body, title=f"Board notes {source}")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}
    process = subprocess.Popen(
        [sys.executable, "-m", "article_qa", "--knowledge", str(folder), "facts", "nothing"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.2)
        # the pool's workers (its resource tracker is a child too, and ends by itself)
        workers = {
            pid
            for pid in _children(process.pid)
            if "spawn_main" in Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
        }
    assert workers, "no build worker started"
    process.send_signal(signal.SIGTERM)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 143, (process.returncode, err[-2000:])
    assert "Traceback" not in err, err[-2000:]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(Path(f"/proc/{pid}").exists() for pid in workers):
        time.sleep(0.2)
    assert not any(Path(f"/proc/{pid}").exists() for pid in workers)
