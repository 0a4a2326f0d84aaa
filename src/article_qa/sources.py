"""Sources stage: find the knowledge folder and read its source files.

A source file is Markdown-like plain text (``*.md``):

    ---
    title: The headline
    publisher: MPR News
    ---

    First paragraph.

    <!-- exclude: donation appeal -->
    Paragraphs that are not part of the article.
    <!-- /exclude -->

    Last paragraph.

A header between ``---`` lines holds ``key: value`` metadata; paragraphs are separated
by blank lines; ``<!-- exclude: why -->`` ... ``<!-- /exclude -->`` marks paragraphs
that are kept in the file but never used as answers; any other ``<!-- ... -->`` is a
comment for people and is ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

KNOWLEDGE_ENV = "ARTICLE_QA_KNOWLEDGE"
SOURCE_SUFFIX = ".md"
METADATA_FIELDS = ("title", "publisher", "author", "date", "url")
REQUIRED_FIELDS = ("title",)

_EXCLUDE_OPEN_RE = re.compile(r"^<!--\s*exclude(?::\s*(?P<why>.*?))?\s*-->$")
_EXCLUDE_CLOSE_RE = re.compile(r"^<!--\s*/exclude\s*-->$")
_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")


class KnowledgeError(Exception):
    """The knowledge folder or one of its files cannot be used."""


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a source as written in its file."""

    text: str
    line: int
    excluded: bool = False
    excluded_why: str = ""


@dataclass(frozen=True)
class Source:
    """One source document: its id (the file name without ``.md``), metadata and paragraphs."""

    id: str
    path: Path
    metadata: tuple[tuple[str, str], ...]
    paragraphs: tuple[Paragraph, ...]
    digest: str = ""  # sha256 of the file's bytes: derived data is cached under it

    @property
    def title(self) -> str:
        """The source's title."""
        return dict(self.metadata)["title"]

    def meta(self, key: str) -> str | None:
        """One metadata value, or None when the file does not give it."""
        return dict(self.metadata).get(key)


def bundled_knowledge_dir() -> Path:
    """The knowledge folder that ships with article-qa.

    Inside an installed wheel it sits in the package; in a source checkout it is the
    repository's top-level ``knowledge/`` folder.
    """
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "knowledge"
    if installed.is_dir():
        return installed
    return package_dir.parent.parent / "knowledge"


def knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The knowledge folder to use: the one given, else ``$ARTICLE_QA_KNOWLEDGE``, else the bundled one."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(KNOWLEDGE_ENV)
    if from_env:
        return Path(from_env)
    return bundled_knowledge_dir()


def load_sources(folder: Path, problems: list[str] | None = None) -> list[Source]:
    """Read every source file in ``folder``, sorted by id.

    Raises KnowledgeError when the folder is missing, unreadable or holds no source.
    A file that cannot be parsed raises too (the message names the file and line),
    unless ``problems`` is given: then the file is skipped, its error appended there,
    and the other sources still load.
    """
    if not folder.exists():
        raise KnowledgeError(f"knowledge folder not found: {folder}")
    if not folder.is_dir():
        raise KnowledgeError(f"knowledge path is not a folder: {folder}")
    try:
        paths = sorted(
            p
            for p in folder.iterdir()
            if p.suffix == SOURCE_SUFFIX and not p.name.startswith(".") and p.is_file()
        )
    except OSError as error:
        raise KnowledgeError(f"cannot read knowledge folder {folder}: {error.strerror}") from None
    sources = []
    for path in paths:
        try:
            sources.append(read_source(path))
        except KnowledgeError as error:
            if problems is None:
                raise
            problems.append(f"skipped {error}")
    if not any(not p.excluded for s in sources for p in s.paragraphs):
        if problems:
            raise KnowledgeError(f"no usable source in {folder}; {problems[0]}")
        raise KnowledgeError(
            f"knowledge folder has no sources with text to answer from ({SOURCE_SUFFIX} files): {folder}"
        )
    return sources


def read_source(path: Path) -> Source:
    """Read and validate one source file."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise KnowledgeError(f"{path}: cannot read: {error.strerror}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeError(f"{path}:{line}: not valid UTF-8 text") from None
    source = parse_source(text, path)
    return Source(
        source.id, path, source.metadata, source.paragraphs, hashlib.sha256(raw).hexdigest()
    )


def parse_source(text: str, path: Path) -> Source:
    """Parse the text of a source file; ``path`` names it in errors and gives its id."""
    lines = text.splitlines()
    metadata, body_start = _parse_header(lines, path)
    paragraphs = _parse_body(lines, body_start, path)
    return Source(id=path.stem, path=path, metadata=metadata, paragraphs=tuple(paragraphs))


def _parse_header(lines: list[str], path: Path) -> tuple[tuple[tuple[str, str], ...], int]:
    if not lines or lines[0].strip() != "---":
        raise KnowledgeError(f"{path}:1: a source starts with a '---' line, then its metadata")
    fields: dict[str, str] = {}
    for number, line in enumerate(lines[1:], start=2):
        stripped = line.strip()
        if stripped == "---":
            missing = [f for f in REQUIRED_FIELDS if not fields.get(f)]
            if missing:
                raise KnowledgeError(f"{path}:{number}: missing metadata: {', '.join(missing)}")
            return tuple(fields.items()), number
        if not stripped:
            continue
        match = _KEY_RE.match(stripped)
        if not match:
            raise KnowledgeError(f"{path}:{number}: expected 'key: value' in the header")
        key, value = match.group("key").lower(), match.group("value").strip()
        if key not in METADATA_FIELDS:
            known = ", ".join(METADATA_FIELDS)
            raise KnowledgeError(
                f"{path}:{number}: unknown metadata field {key!r} (known: {known})"
            )
        if key in fields:
            raise KnowledgeError(f"{path}:{number}: metadata field {key!r} given twice")
        fields[key] = value
    raise KnowledgeError(f"{path}:1: the header is not closed by a '---' line")


def _parse_body(lines: list[str], start: int, path: Path) -> list[Paragraph]:
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    block_line = 0
    excluded_why: str | None = None
    excluded_line = 0
    in_comment = False

    def flush() -> None:
        nonlocal block
        if block:
            paragraphs.append(
                Paragraph(
                    text=" ".join(block),
                    line=block_line,
                    excluded=excluded_why is not None,
                    excluded_why=excluded_why or "",
                )
            )
            block = []

    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if in_comment:
            in_comment = "-->" not in stripped
            continue
        if (match := _EXCLUDE_OPEN_RE.match(stripped)) is not None:
            flush()
            if excluded_why is not None:
                raise KnowledgeError(
                    f"{path}:{number}: exclude inside exclude (opened at line {excluded_line})"
                )
            excluded_why, excluded_line = (match.group("why") or "excluded"), number
        elif _EXCLUDE_CLOSE_RE.match(stripped):
            flush()
            if excluded_why is None:
                raise KnowledgeError(
                    f"{path}:{number}: '<!-- /exclude -->' without an opening exclude"
                )
            excluded_why = None
        elif stripped.startswith("<!--"):
            flush()
            in_comment = "-->" not in stripped
        elif not stripped:
            flush()
        else:
            if not block:
                block_line = number
            # a text line that itself starts with "<!--" is written with a backslash before it
            block.append(stripped[1:] if stripped.startswith("\\<!--") else stripped)
    flush()
    if in_comment:
        raise KnowledgeError(f"{path}:{len(lines)}: a '<!--' comment is not closed")
    if excluded_why is not None:
        raise KnowledgeError(
            f"{path}:{excluded_line}: exclude is not closed by '<!-- /exclude -->'"
        )
    return paragraphs


# -- writing ------------------------------------------------------------------------------

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
_LOCK_NAME = ".article-qa.lock"


def check_source_id(source_id: str) -> str:
    """``source_id`` if it can name a source file, else KnowledgeError (no path
    separators, no "..", lower-case letters, digits, ".", "_" and "-" only)."""
    if "/" in source_id or "\\" in source_id or ".." in source_id or not _ID_RE.match(source_id):
        raise KnowledgeError(
            f"bad source id {source_id!r}: use lower-case letters, digits, '.', '_' and '-',"
            " no path separators or '..'"
        )
    return source_id


def slug(text: str) -> str:
    """An id made from a title: "Duluth adds officers" -> "duluth-adds-officers"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    made = "-".join(words)[:60].strip("-")
    return made or "source"


def render_source(title: str, metadata: Sequence[tuple[str, str]], paragraphs) -> str:
    """The text of a source file: header, then paragraphs, excluded ones marked."""
    lines = ["---", f"title: {' '.join(title.split())}"]
    lines += [
        f"{key}: {' '.join(value.split())}" for key, value in metadata if value and key != "title"
    ]
    lines += ["---", ""]
    for text, excluded_why in paragraphs:
        body = text if not text.startswith("<!--") else "\\" + text
        if excluded_why:
            lines += [f"<!-- exclude: {excluded_why} -->", body, "<!-- /exclude -->", ""]
        else:
            lines += [body, ""]
    return "\n".join(lines)


def content_keys(source: Source) -> set[str]:
    """Hashes of a source's text, white space folded, with and without its title as a
    first paragraph: the same text added twice shares a key whatever its file, and
    whether its headline became the title or stayed in the text."""
    body = [" ".join(p.text.split()) for p in source.paragraphs]
    return {
        hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
        for lines in (body, [" ".join(source.title.split()), *body])
    }


@contextlib.contextmanager
def folder_lock(folder: Path) -> Iterator[None]:
    """Hold the knowledge folder's lock, so that adds and removes run one at a time."""
    try:
        import fcntl
    except ImportError:  # no advisory locks here: writes stay atomic, only not serialised
        yield
        return
    try:
        handle = (folder / _LOCK_NAME).open("a")
    except OSError as error:
        raise KnowledgeError(f"cannot write to {folder}: {error.strerror}") from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def store_source(folder: Path, source_id: str, text: str, exact_id: bool) -> Path:
    """Write a new source file atomically, never replacing one.

    The text goes to a temporary file in the folder, is flushed to disk, then linked to
    its final name, which fails rather than overwrite. When ``exact_id`` is False a
    taken id gets a number ("id-2"). Call with the folder lock held.
    """
    handle, temporary = tempfile.mkstemp(prefix=".adding-", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
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
            _sync_folder(folder)
            return target
        raise KnowledgeError(f"no free id near {source_id!r}")
    finally:
        Path(temporary).unlink(missing_ok=True)


def remove_source(folder: Path, source_id: str) -> Path:
    """Delete one source file (by id: its file name without ``.md``, whatever its
    case; never a path)."""
    if (
        not source_id
        or any(bad in source_id for bad in ("/", "\\", ".."))
        or source_id.startswith(".")
    ):
        raise KnowledgeError(f"bad source id {source_id!r}: no path separators or '..'")
    path = folder / f"{source_id}{SOURCE_SUFFIX}"
    if not path.is_file():
        raise KnowledgeError(f"no source {source_id!r} in {folder}")
    try:
        path.unlink()
    except OSError as error:
        raise KnowledgeError(f"cannot remove {path}: {error.strerror}") from None
    _sync_folder(folder)
    return path


def _sync_folder(folder: Path) -> None:
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
