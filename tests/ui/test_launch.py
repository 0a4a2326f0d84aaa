"""The entry point's Ctrl-C handling: an interrupt that lands inside a finaliser is not
lost (run in a fresh interpreter: the test runner has hooks of its own)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from article_qa.ui import launch

FINALISER_INTERRUPTED = """
import sys, time
from article_qa.ui import launch
sys.unraisablehook = launch._interrupt_again

class InterruptedWhileCollected:
    def __del__(self):
        raise KeyboardInterrupt  # what a Ctrl-C looks like when it lands in __del__

try:
    InterruptedWhileCollected()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        pass
    print("lost")
except KeyboardInterrupt:
    print("interrupted")
"""


def test_an_interrupt_inside_a_finaliser_reaches_the_main_program() -> None:
    result = subprocess.run(
        [sys.executable, "-c", FINALISER_INTERRUPTED], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip() == "interrupted", result.stderr


def test_other_unraisable_errors_go_to_pythons_own_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sys, "__unraisablehook__", seen.append)

    class Unraisable:
        exc_value = ValueError("in a finaliser")

    launch._interrupt_again(Unraisable())
    assert len(seen) == 1
