"""Files: the user's folders, reading YAML with line numbers, and writing all or nothing.

Every stage that touches the disk goes through here, so the rules are in one place:
YAML is read with the safe loader only, and a file is replaced through a temporary
file beside it that is flushed to disk and then renamed over it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import yaml

from .model import ArticleQAError


def cache_dir() -> Path:
    """The user's cache folder for article-qa (``$XDG_CACHE_HOME/article-qa``)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "article-qa"


def data_dir() -> Path:
    """The user's data folder for article-qa (``$XDG_DATA_HOME/article-qa``)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "article-qa"


def read_text(path: Path, error: type[ArticleQAError]) -> str:
    """The UTF-8 text of a file, or ``error`` naming the file and what is wrong."""
    try:
        return path.read_text(encoding="utf-8")
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem.strerror}") from None
    except UnicodeDecodeError:
        raise error(f"{path}: not valid UTF-8 text") from None


def compose_yaml(path: Path, error: type[ArticleQAError]) -> yaml.Node | None:
    """The YAML document in ``path`` as a node tree (which keeps line numbers), read
    with the safe loader; ``error`` names the file and line of bad YAML."""
    text = read_text(path, error)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = getattr(problem, "problem", None) or "bad syntax"
        raise error(f"{path}:{line}: not valid YAML: {detail}") from None


def yaml_value(node: yaml.Node, path: Path, error: type[ArticleQAError]) -> object:
    """The plain value of a node (text, numbers, lists, mappings); a tag that would
    make anything else (``!!python/name``) is ``error`` naming the file and line."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.YAMLError as problem:
        detail = " ".join(str(getattr(problem, "problem", problem)).split())
        raise error(f"{path}:{line_of(node)}: not allowed here: {detail}") from None


def line_of(node: yaml.Node) -> int:
    """The line a YAML node starts on, counting from 1."""
    return int(node.start_mark.line) + 1


def sync_folder(folder: Path) -> None:
    """Make a rename or link in ``folder`` durable (where the system allows)."""
    with contextlib.suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


def write_atomically(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Replace ``path`` with what ``write`` writes, all or nothing: the bytes go to a
    temporary file beside it (with the file's permissions, if it exists), are flushed
    to disk, then renamed over it. A write that fails or is killed leaves the old file."""
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o7777)
        with os.fdopen(handle, "wb") as out:
            write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
