"""Helpers for the tests: where things are, writing knowledge folders, and running the
command line in this process (the same ``main(argv)`` the installed command runs)."""

from __future__ import annotations

import contextlib
import io
import sys
from dataclasses import dataclass
from pathlib import Path

from article_qa.ui.cli import main

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
INPUTS = ROOT / "tests" / "data" / "inputs"
NEWS = ROOT / "tests" / "data" / "news"
SETS = ROOT / "tests" / "data" / "sets"


def write_source(folder: Path, name: str, body: str, title: str = "A test story") -> Path:
    """Write one source file in the documented format and return its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(f"---\ntitle: {title}\n---\n\n{body}\n", encoding="utf-8")
    return path


@dataclass(frozen=True)
class Ran:
    """What a command line run returned and printed."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str, stdin: str | bytes = b"") -> Ran:
    """Run ``article-qa ARGS`` in this process, standard input given as text or bytes
    (bytes are read as UTF-8, as a terminal in a UTF-8 locale would give them)."""
    data = stdin.encode("utf-8") if isinstance(stdin, str) else stdin
    fake_stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    saved = sys.stdin
    sys.stdin = fake_stdin
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(list(args))
    finally:
        sys.stdin = saved
    return Ran(code, out.getvalue(), err.getvalue())
