"""Files: the user's folders, bounded reads, YAML with line numbers, writes that are all
or nothing.

Every stage that touches the disk goes through here, so the rules are in one place:
- a file is read only when it is a regular file no larger than the reader's limit (a
  FIFO, a device or an endless symlink target is refused before it is read);
- YAML is read with the safe loader only, and nesting is bounded;
- a file is replaced through a temporary file created exclusively beside it (never
  through a symlink), flushed to disk and renamed over it, keeping the mode of the file
  it replaces; a temporary file left by a killed process is removed later.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

import yaml

from .model import ArticleQAError

# The largest YAML file read (facts.yaml, a question set): enough for thousands of cases.
MAX_YAML_BYTES = 4 * 1024 * 1024
# A temporary file this old is left over from a killed process, not being written.
STALE_SECONDS = 600


def user_folder(variable: str, default: Path) -> Path:
    """An XDG base folder: the variable's value when it is an absolute path, else the
    default (the XDG specification says a relative value is to be ignored)."""
    value = os.environ.get(variable, "")
    return Path(value) if value and os.path.isabs(value) else default


def cache_dir() -> Path:
    """The user's cache folder for article-qa (``$XDG_CACHE_HOME/article-qa``)."""
    return user_folder("XDG_CACHE_HOME", Path.home() / ".cache") / "article-qa"


def data_dir() -> Path:
    """The user's data folder for article-qa (``$XDG_DATA_HOME/article-qa``)."""
    return user_folder("XDG_DATA_HOME", Path.home() / ".local" / "share") / "article-qa"


def is_utf8(text: str) -> bool:
    r"""False for text holding bytes that were not UTF-8 (a file name, an argument:
    Python reads them as lone surrogates).

    >>> is_utf8("café"), is_utf8(b"caf\xe9".decode("utf-8", "surrogateescape"))
    (True, False)
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def read_bytes(path: Path, limit: int, error: type[ArticleQAError]) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes, else ``error`` saying why.

    The file is opened without blocking (a FIFO does not hang) and checked after it is
    opened (what a symlink points to is what is checked).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as problem:
        raise error(f"{path}: cannot read: {problem.strerror}") from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise error(f"{path}: not a regular file")
        if info.st_size > limit:
            raise error(f"{path}: too large ({info.st_size:,} bytes; the limit is {limit:,})")
        try:
            data = handle.read(limit + 1)
        except OSError as problem:
            raise error(f"{path}: cannot read: {problem.strerror}") from None
    if len(data) > limit:
        raise error(f"{path}: too large (over {limit:,} bytes)")
    return data


def read_text(path: Path, error: type[ArticleQAError], limit: int = MAX_YAML_BYTES) -> str:
    """The UTF-8 text of a regular file of at most ``limit`` bytes, or ``error``."""
    try:
        return read_bytes(path, limit, error).decode("utf-8")
    except UnicodeDecodeError as problem:
        raise error(f"{path}: not valid UTF-8 text (byte {problem.start:,})") from None


def compose_yaml(
    path: Path, error: type[ArticleQAError], text: str | None = None
) -> yaml.Node | None:
    """The YAML document in ``path`` (or ``text``, named as ``path``) as a node tree
    (which keeps line numbers), read with the safe loader; ``error`` names the file and
    line of bad YAML."""
    if text is None:
        text = read_text(path, error)
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as problem:
        mark = getattr(problem, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        detail = getattr(problem, "problem", None) or "bad syntax"
        raise error(f"{path}:{line}: not valid YAML: {detail}") from None
    except RecursionError:
        raise error(f"{path}: not valid YAML: nested too deeply") from None


def yaml_value(node: yaml.Node, path: Path, error: type[ArticleQAError]) -> object:
    """The plain value of a node (text, numbers, lists, mappings); a tag that would
    make anything else (``!!python/name``) is ``error`` naming the file and line."""
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.YAMLError as problem:
        detail = " ".join(str(getattr(problem, "problem", problem)).split())
        raise error(f"{path}:{line_of(node)}: not allowed here: {detail}") from None
    except RecursionError:
        raise error(f"{path}:{line_of(node)}: nested too deeply") from None


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


def new_file_mode() -> int:
    """The mode a new file gets in this process (0o666 less the umask)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def mode_to_keep(path: Path) -> int:
    """The mode of the regular file at ``path`` (not of what a symlink points to), or
    the usual mode of a new file when there is none."""
    try:
        info = os.lstat(path)
    except OSError:
        return new_file_mode()
    return stat.S_IMODE(info.st_mode) if stat.S_ISREG(info.st_mode) else new_file_mode()


@contextlib.contextmanager
def temporary_beside(path: Path, prefix: str, mode: int) -> Iterator[tuple[BinaryIO, Path]]:
    """A new file created exclusively in ``path``'s folder (never an existing file or a
    symlink), with ``mode``; removed unless it was renamed away."""
    handle, name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        os.fchmod(handle, mode)
        with os.fdopen(handle, "wb") as out:
            yield out, temporary
    finally:
        temporary.unlink(missing_ok=True)


def write_atomically(
    path: Path,
    write: Callable[[BinaryIO], object],
    mode: int | None = None,
    durable: bool = True,
) -> None:
    """Replace ``path`` with what ``write`` writes, all or nothing: the bytes go to a
    temporary file created beside it, are flushed to disk, then renamed over it (a
    symlink at ``path`` is replaced, never written through). The new file has ``mode``,
    else the mode of the file it replaces, else the usual mode of a new file. A write
    that fails or is killed leaves the old file.

    ``durable=False`` leaves the flushing to the system: a crash of the machine soon
    after may then leave the file damaged. Only for a file whose damage its reader
    detects and repairs (the cache's arrays, under their checksum)."""
    chosen = mode if mode is not None else mode_to_keep(path)
    with temporary_beside(path, f".{path.name}.", chosen) as (out, temporary):
        write(out)
        out.flush()
        if durable:
            os.fsync(out.fileno())
        os.replace(temporary, path)
    if durable:
        sync_folder(path.parent)


def remove_stale(folder: Path, pattern: str, older_than: float = STALE_SECONDS) -> None:
    """Delete temporary files matching ``pattern`` in ``folder`` that a killed process
    left behind: regular files not touched for ``older_than`` seconds."""
    now = time.time()
    with contextlib.suppress(OSError):
        for path in folder.glob(pattern):
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and now - info.st_mtime > older_than:
                    path.unlink()
