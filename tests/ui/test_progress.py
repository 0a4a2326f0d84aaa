"""The build's progress bar: on a terminal only, only for a build that takes a while,
erased when the build ends."""

from __future__ import annotations

import io

from article_qa.knowledge import build
from article_qa.ui.progress import SHOW_AFTER, ProgressBar, bar_line, progress_on_terminal


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_quick_build_draws_nothing() -> None:
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, clock)
    bar.step("reading", 10, 100)
    clock.now += SHOW_AFTER / 2
    bar.step("reading", 100, 100)
    bar.end()
    assert out.getvalue() == ""


def test_a_long_build_draws_in_place_and_is_erased_at_the_end() -> None:
    out, clock = io.StringIO(), Clock()
    bar = ProgressBar(out, clock)
    bar.step("reading", 0, 2000)
    clock.now += SHOW_AFTER + 0.5
    bar.step("reading", 1000, 2000)
    bar.step("reading", 1500, 2000)  # too soon after the last: not redrawn
    clock.now += 1
    bar.step("indexing", 0, 1)
    bar.end()
    drawn = out.getvalue()
    assert "\n" not in drawn
    assert drawn.count("\r") == 3  # two draws and the erase
    assert "1,000/2,000" in drawn and "1,500" not in drawn and "indexing" in drawn
    assert drawn.endswith("\r\x1b[K")


def test_the_line_shows_the_share_done() -> None:
    assert bar_line("x", 2, 2).count("#") == 30
    assert bar_line("x", 0, 0).count("#") == 30  # nothing to do is all done
    assert bar_line("x", 0, 5).count("#") == 0


def test_no_bar_unless_standard_error_is_a_terminal() -> None:
    out = io.StringIO()
    with progress_on_terminal(out):
        assert not build._Watching.watchers
        with build.building():
            build.report("reading", 1, 2)
    assert out.getvalue() == ""


def test_on_a_terminal_builds_are_watched_while_the_block_runs() -> None:
    with progress_on_terminal(Terminal()):
        (watcher,) = build._Watching.watchers
        assert isinstance(watcher, ProgressBar)
    assert not build._Watching.watchers
