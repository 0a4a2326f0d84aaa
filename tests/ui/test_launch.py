"""The entry point's Ctrl-C handling: an interrupt that lands inside a finaliser is not lost."""

from __future__ import annotations

import sys
import time

import pytest

from article_qa.ui import launch


class _InterruptedWhileCollected:
    def __del__(self) -> None:
        raise KeyboardInterrupt  # what a Ctrl-C looks like when it lands in __del__


def test_an_interrupt_inside_a_finaliser_reaches_the_main_program(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(sys, "unraisablehook", launch._interrupt_again)
    with pytest.raises(KeyboardInterrupt):
        _InterruptedWhileCollected()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            pass


def test_other_unraisable_errors_go_to_pythons_own_hook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: list[object] = []
    monkeypatch.setattr(sys, "__unraisablehook__", seen.append)

    class Unraisable:
        exc_value = ValueError("in a finaliser")

    launch._interrupt_again(Unraisable())
    assert len(seen) == 1
