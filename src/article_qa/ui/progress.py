"""A progress bar on standard error while a knowledge base is built (the first load of
a large folder, or one whose sources changed).

It is drawn only when standard error is a terminal, and only once a build has taken
longer than ``SHOW_AFTER`` seconds: a quick build, or output to a pipe or file, shows
nothing. The line is erased when the build ends.
"""

from __future__ import annotations

import contextlib
import math
import sys
import time
from collections.abc import Callable, Iterator
from typing import TextIO

from .terminal import raw_stream

SHOW_AFTER = 1.5  # seconds
REDRAW_EVERY = 0.1  # seconds
BAR_WIDTH = 30
_ERASE_LINE = "\r\x1b[K"


class ProgressBar:
    """Draws one line, ``stage [#####.....] done/total``, redrawn in place."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic):
        """A bar written to ``stream`` (a terminal), timed by ``clock``."""
        self._stream = stream
        self._clock = clock
        self._started: float | None = None
        self._drawn_at = -math.inf
        self._shown = False

    def step(self, stage: str, done: int, total: int) -> None:
        """Redraw the bar, once the build has run long enough and not too often."""
        now = self._clock()
        if self._started is None:
            self._started = now
        if now - self._started < SHOW_AFTER or now - self._drawn_at < REDRAW_EVERY:
            return
        self._drawn_at = now
        self._write(_ERASE_LINE + bar_line(stage, done, total))
        self._shown = True

    def end(self) -> None:
        """Erase the bar (if it was drawn) and wait for the next build."""
        if self._shown:
            self._write(_ERASE_LINE)
        self._started, self._drawn_at, self._shown = None, -math.inf, False

    def _write(self, text: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # a closed terminal: no bar
            self._stream.write(text)
            self._stream.flush()


def bar_line(stage: str, done: int, total: int) -> str:
    """One line of the bar.

    >>> bar_line("indexing", 1, 4)
    'indexing [#######.......................] 1/4'
    """
    share = min(1.0, done / total) if total > 0 else 1.0
    filled = int(BAR_WIDTH * share)
    return f"{stage} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done:,}/{total:,}"


@contextlib.contextmanager
def progress_on_terminal(stream: TextIO | None = None) -> Iterator[None]:
    """Show a progress bar for builds run inside the block, when ``stream`` (standard
    error by default) is a terminal. The bar is our own text, written beneath the
    output sanitiser, which would remove its carriage returns."""
    target = raw_stream(stream if stream is not None else sys.stderr)
    try:
        on_terminal = target.isatty()
    except (OSError, ValueError):
        on_terminal = False
    if not on_terminal:
        yield
        return
    from ..knowledge.build import progress_reported_to  # numpy and the rest: only when needed

    with progress_reported_to(ProgressBar(target)):
        yield
