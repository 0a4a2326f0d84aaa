"""The chat's line editor on a dumb terminal (``TERM=dumb``): Python's own ``input``
with GNU readline when it is there, which redraws a recalled line in plain text, so
Up shows what Enter would send (prompt-toolkit's editor for dumb terminals does not).
History is the chat's usual history file; a line ending in a backslash goes on on
the next line."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Any

from prompt_toolkit.history import History

CONTINUATION = "... "


def read_lines(prompt: Callable[[], str], history: History) -> Iterator[str]:
    """Lines typed at ``prompt()`` until end of input; Ctrl-C drops the line."""
    _load(history)
    while True:
        try:
            line = _continued(input(prompt()))
        except EOFError:
            sys.stdout.write("\n")
            return
        except KeyboardInterrupt:
            sys.stdout.write("\n")
            continue
        if line.strip():
            history.append_string(line)
        yield line


def _continued(line: str) -> str:
    """The line, and the lines after it while each ends in a backslash."""
    while line.endswith("\\"):
        line = line[:-1] + "\n" + input(CONTINUATION)
    return line


def _load(history: History) -> None:
    """Give readline (if present) the history, oldest first, for Up to recall."""
    editor = _readline()
    if editor is None:
        return
    with contextlib.suppress(OSError):
        for line in reversed(list(history.load_history_strings())):
            editor.add_history(line)


def _readline() -> Any:
    try:
        import readline
    except ImportError:  # not on every platform; input() still reads lines
        return None
    return readline
