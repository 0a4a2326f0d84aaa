"""The one sanitiser at the output boundary, and input read line by line as bytes."""

from __future__ import annotations

import io
import sys

import pytest

from article_qa.ui.terminal import SafeStream, guarded_output, input_lines, raw_stream, safe


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("plain text\nand a tab\t", "plain text\nand a tab\t"),
        ("\x1b[2Jclear", "clear"),
        ("\x1b]52;c;SGVsbG8=\x07copy", "copy"),
        ("\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\", "link"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("bell\x07 and nul\x00 and cr\r", "bell and nul and cr"),
        ("\u202eevil\u202c \u200bzero\u200d width\ufeff \u061carabic", "evil zero width arabic"),
        ("bad \udce9 byte", "bad \ufffd byte"),
        ("Ünïcödé 女孩 🙂", "Ünïcödé 女孩 🙂"),
    ],
)
def test_safe(text: str, shown: str) -> None:
    assert safe(text) == shown


def test_guarded_output_sanitises_both_streams_and_restores_them() -> None:
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        with guarded_output():
            print("a\x1b[31mb")
            print("c\x07d", file=sys.stderr)
            assert isinstance(sys.stdout, SafeStream) and raw_stream(sys.stdout) is out
    finally:
        sys.stdout, sys.stderr = saved
    assert out.getvalue() == "ab\n" and err.getvalue() == "cd\n"


def test_input_lines_refuse_one_bad_line_and_keep_the_rest() -> None:
    stream = io.TextIOWrapper(io.BytesIO(b"one\r\n\xff\xfe\nthree"), encoding="utf-8")
    assert list(input_lines(stream)) == ["one", None, "three"]
