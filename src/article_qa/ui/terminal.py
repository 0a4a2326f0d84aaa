"""The output boundary: one sanitiser for everything article-qa prints to a terminal.

Source titles, ids, file names, YAML keys, questions, answers and error messages all
pass through ``safe`` on their way out: ESC sequences (colour, cursor, clipboard,
hyperlinks) are removed whole, and so are the other C0 and C1 controls, the
bidirectional and zero-width marks that make text read other than it is stored, and
lone surrogates (bytes that were not UTF-8) become U+FFFD. ``guarded_output`` puts the
sanitiser in front of standard output and standard error, so output written later
cannot forget it.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Iterator
from typing import Any, TextIO

# Whole escape sequences first: CSI (ESC [ or the one-byte C1 CSI), OSC ... BEL or ST
# (ESC ] or C1 OSC), DCS/PM/APC ... ST, and two-character ESC sequences.
_SEQUENCE_RE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?"
)
# Then every control left: C0 except tab and newline, DEL and C1; bidirectional and
# zero-width marks; the byte-order mark and interlinear annotations.
_CONTROL_RE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def safe(text: str) -> str:
    r"""``text`` as it may be shown on a terminal: no escape sequence, no control or
    invisible mark, and U+FFFD for bytes that were not UTF-8.

    >>> safe("red \x1b[31mtext\x1b[0m, a \x1b]52;c;aGk=\x07clip and \u202eRTL")
    'red text, a clip and RTL'
    """
    text = _SEQUENCE_RE.sub("", text)
    text = _CONTROL_RE.sub("", text)
    return _SURROGATE_RE.sub("\ufffd", text)


class SafeStream:
    """A text stream that passes everything written to it through ``safe`` (newlines
    and tabs kept) before the stream it wraps sees it."""

    def __init__(self, raw: TextIO):
        self.raw = raw

    def write(self, text: str) -> int:
        """Write ``text``, sanitised."""
        return self.raw.write(safe(text))

    def writelines(self, lines: list[str]) -> None:
        """Write every line, sanitised."""
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


@contextlib.contextmanager
def guarded_output() -> Iterator[None]:
    """Sanitise standard output and standard error while the block runs; characters
    the terminal's encoding cannot show become a replacement, never an error."""
    saved = sys.stdout, sys.stderr
    for stream in saved:
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(Exception):
                reconfigure(errors="replace")
    sys.stdout, sys.stderr = SafeStream(saved[0]), SafeStream(saved[1])
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


NOT_UTF8 = "not valid UTF-8 text"


def input_lines(stream: TextIO) -> Iterator[str | None]:
    """The lines of an input stream without their line ends, read as bytes and decoded
    one by one: a line that is not UTF-8 comes as None (the others still come), so
    one bad line never stops the rest."""
    source: Any = getattr(stream, "buffer", None) or stream
    for raw in source:
        if isinstance(raw, bytes):
            try:
                raw = raw.decode("utf-8")
            except UnicodeDecodeError:
                yield None
                continue
        yield raw.rstrip("\r\n")


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a ``SafeStream`` (for prompt-toolkit, which writes its own
    escape sequences for colour and sanitises nothing we give it: the chat sanitises
    its text before it is handed over)."""
    return stream.raw if isinstance(stream, SafeStream) else stream
