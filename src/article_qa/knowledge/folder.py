"""Sources stage, writing side: add a source to a knowledge folder, or remove one.

Every change to a folder happens under its lock, one at a time; a new source is written
to a temporary file, flushed to disk and linked to its name, which never replaces a file.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..files import is_utf8, new_file_mode, remove_stale, sync_folder, temporary_beside
from ..model import IngestError, KnowledgeError, Source
from .ingest import draft
from .sources import (
    SOURCE_SUFFIX,
    check_source_id,
    content_keys,
    parse_source,
    read_source,
    render_source,
    slug,
)

_LOCK_NAME = ".article-qa.lock"
_TEMPORARY_PREFIX = ".adding-"

_DATE_RE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


@dataclass(frozen=True)
class Added:
    """The outcome of an add: the new source, or the one that already holds the text."""

    source_id: str
    path: Path
    title: str
    passages: int
    excluded: int
    duplicate: bool = False


def add_source(
    folder: Path,
    text: str,
    kind: str,
    name: str,
    title: str | None = None,
    url: str | None = None,
    date: str | None = None,
    source_id: str | None = None,
) -> Added:
    """Store ``text`` as a new source in ``folder`` (created if missing).

    Everything is checked before the folder is touched. The same text already stored
    under any id is reported, not stored again. The write is atomic and never
    replaces a file; adds to one folder run one at a time under its lock.
    """
    _check_arguments(title, url, date, source_id)
    new = draft(text, kind, title, name)
    wanted_id = source_id or slug(new.title)
    given = {"url": url or "", "date": date or ""}
    metadata = [*((k, v) for k, v in new.metadata if not given.get(k)), *given.items()]
    rendered = render_source(new.title, metadata, new.paragraphs)
    parsed = parse_source(rendered, Path(f"{wanted_id}{SOURCE_SUFFIX}"))
    kept = sum(1 for p in parsed.paragraphs if not p.excluded)
    excluded = len(parsed.paragraphs) - kept
    if kept == 0:
        raise IngestError(f"{name}: every paragraph looks like boilerplate; nothing to answer from")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(folder):
            for existing in _readable_sources(folder):
                if content_keys(existing) & content_keys(parsed):
                    return Added(existing.id, existing.path, existing.title, kept, excluded, True)
            path = store_source(folder, wanted_id, rendered, exact_id=source_id is not None)
    except OSError as error:
        raise KnowledgeError(f"cannot write to {folder}: {error.strerror}") from None
    return Added(path.stem, path, new.title, kept, excluded)


def _check_arguments(
    title: str | None, url: str | None, date: str | None, source_id: str | None
) -> None:
    """Refuse a bad argument before anything is read or written."""
    for label, value in (("title", title), ("url", url), ("id", source_id), ("date", date)):
        if value is not None and not is_utf8(value):
            raise IngestError(f"the {label} is not valid UTF-8 text")
        if value is not None and label in ("title", "url") and not value.strip():
            raise IngestError(f"the {label} is empty")
    if source_id is not None:
        check_source_id(source_id)
    if date is not None and not _is_date(date):
        raise IngestError(f"bad date {date!r}: use YYYY-MM-DD (or YYYY-MM, YYYY), a real date")


def _is_date(text: str) -> bool:
    """True for a real date written YYYY-MM-DD, YYYY-MM or YYYY."""
    if not _DATE_RE.match(text):
        return False
    year, month, day = (int(part) for part in (text.split("-") + ["01", "01"])[:3])
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _readable_sources(folder: Path) -> list[Source]:
    """The sources of a folder that parse (a broken one does not block an add)."""
    found = []
    for path in sorted(folder.glob(f"*{SOURCE_SUFFIX}")):
        if path.name.startswith("."):
            continue
        try:
            found.append(read_source(path))
        except KnowledgeError:
            continue
    return found


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the knowledge folder's lock, so that adds and removes run one at a time."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: writes stay atomic, only not serialised
        yield
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:  # never through a symlink: the lock file is made in the folder or not at all
        descriptor = os.open(folder / _LOCK_NAME, flags, 0o600)
    except OSError as error:
        raise KnowledgeError(f"cannot write to {folder}: {error.strerror}") from None
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


def store_source(folder: Path, source_id: str, text: str, exact_id: bool) -> Path:
    """Write a new source file atomically, never replacing one.

    The text goes to a temporary file in the folder, is flushed to disk, then linked to
    its final name, which fails rather than overwrite. When ``exact_id`` is False a
    taken id gets a number ("id-2"). The file gets the folder's usual mode for a new
    file. Call with the folder lock held: any temporary file of an earlier add still
    there was left by a process that was killed, and is removed.
    """
    remove_stale(folder, f"{_TEMPORARY_PREFIX}*.tmp", older_than=0)
    with temporary_beside(folder / "x", _TEMPORARY_PREFIX, new_file_mode()) as (out, temporary):
        out.write(text.encode("utf-8"))
        out.flush()
        os.fsync(out.fileno())
        for attempt in range(1, 1000):
            candidate = source_id if attempt == 1 else f"{source_id}-{attempt}"
            target = folder / f"{candidate}{SOURCE_SUFFIX}"
            try:
                os.link(temporary, target)
            except FileExistsError:
                if exact_id:
                    raise KnowledgeError(f"a source with id {source_id!r} exists already") from None
                continue
            sync_folder(folder)
            return target
        raise KnowledgeError(f"no free id near {source_id!r}")


def remove_source(folder: Path, source_id: str) -> Path:
    """Delete one source file (by id: its file name without ``.md``, whatever its
    case; never a path)."""
    check_source_id(source_id, new=False)
    path = folder / f"{source_id}{SOURCE_SUFFIX}"
    if not path.is_file():
        raise KnowledgeError(f"no source {source_id!r} in {folder}")
    with folder_lock(folder):
        try:
            path.unlink()
        except OSError as error:
            raise KnowledgeError(f"cannot remove {path}: {error.strerror}") from None
        sync_folder(folder)
    return path
