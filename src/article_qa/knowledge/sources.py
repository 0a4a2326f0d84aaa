"""Sources stage: find the knowledge folder, read its source files, and write one.

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

import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path

from ..files import is_utf8, read_bytes
from ..model import KnowledgeError, Paragraph, Source, UsageError
from .kept_sources import Stamp, file_stamp, held_as_utf8, usable_count

KNOWLEDGE_ENV = "ARTICLE_QA_KNOWLEDGE"
MAX_SOURCE_BYTES = 5 * 1024 * 1024
SOURCE_SUFFIX = ".md"
METADATA_FIELDS = ("title", "publisher", "author", "date", "url")
REQUIRED_FIELDS = ("title",)

_EXCLUDE_OPEN_RE = re.compile(r"^<!--\s*exclude(?::\s*(?P<why>.*?))?\s*-->$")
_EXCLUDE_CLOSE_RE = re.compile(r"^<!--\s*/exclude\s*-->$")
_KEY_RE = re.compile(r"^(?P<key>[A-Za-z_][\w-]*)\s*:\s*(?P<value>.*)$")


def bundled_knowledge_dir() -> Path:
    """The knowledge folder that ships with article-qa.

    Inside an installed wheel it sits in the package (as ``bundled/``); in a source
    checkout it is the repository's top-level ``knowledge/`` folder.
    """
    package_dir = Path(__file__).resolve().parent.parent
    installed = package_dir / "bundled"
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


# A source kept from an earlier read, by its file and stamp (None: read the file).
KeptSource = Callable[[Path, Stamp], "Source | None"]


def load_sources(
    folder: Path,
    problems: list[str] | None = None,
    kept: KeptSource | None = None,
    stamps: dict[Path, Stamp] | None = None,
) -> list[Source]:
    """Read every source file in ``folder``, sorted by id.

    Raises KnowledgeError when the folder is missing, unreadable or holds no source.
    A file that cannot be parsed raises too (the message names the file and line),
    unless ``problems`` is given: then the file is skipped, its error appended there,
    and the other sources still load. ``kept`` gives back a source read earlier when
    its file's stamp is unchanged, so that the file is neither read nor parsed again;
    ``stamps`` are the source files with their stamps (``folder_stamps``) when the
    caller has just listed them.
    """
    if not folder.exists():
        raise KnowledgeError(f"knowledge folder not found: {folder}")
    if not folder.is_dir():
        raise KnowledgeError(f"knowledge path is not a folder: {folder}")
    sources = []
    listed = stamps or {path: file_stamp(path) for path in source_files(folder)}
    for path, stamp in listed.items():
        try:
            if not is_utf8(path.name):
                raise KnowledgeError(f"{path}: the file name is not valid UTF-8")
            found = kept(path, stamp) if kept is not None and stamp else None
            sources.append(found or held_as_utf8(read_source(path, stamp)))
        except KnowledgeError as error:
            if problems is None:
                raise
            problems.append(f"skipped {error}")
    if not any(usable_count(s) for s in sources):
        if problems:
            raise KnowledgeError(f"no usable source in {folder}; {problems[0]}")
        raise KnowledgeError(
            f"knowledge folder has no sources with text to answer from ({SOURCE_SUFFIX} files): {folder}"
        )
    return sources


def folder_stamps(folder: Path) -> dict[Path, Stamp]:
    """Each source file of the folder with its stamp, sorted by name (none when the
    folder cannot be read: loading it says why)."""
    if not folder.is_dir():
        return {}
    try:
        return {path: file_stamp(path) for path in source_files(folder)}
    except KnowledgeError:
        return {}


def source_files(folder: Path) -> list[Path]:
    """The source files of a folder (``*.md``, not hidden), sorted by name."""
    try:
        with os.scandir(folder) as entries:  # names and kinds in one pass, no stat each
            names = sorted(
                entry.name
                for entry in entries
                if entry.name.endswith(SOURCE_SUFFIX)
                and not entry.name.startswith(".")
                and entry.is_file()
            )
    except OSError as error:
        raise KnowledgeError(f"cannot read knowledge folder {folder}: {error.strerror}") from None
    return [folder / name for name in names]


def read_source(path: Path, stamp: Stamp = ()) -> Source:
    """Read and validate one source file (a regular file of at most ``MAX_SOURCE_BYTES``);
    ``stamp`` is the file's, taken before it was read."""
    raw = read_bytes(path, MAX_SOURCE_BYTES, KnowledgeError)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise KnowledgeError(f"{path}:{line}: not valid UTF-8 text") from None
    source = parse_source(text, path)
    digest = hashlib.sha256(raw).hexdigest()
    return Source(source.id, path, source.metadata, source.paragraphs, digest, stamp)


def parse_source(text: str, path: Path) -> Source:
    """Parse the text of a source file; ``path`` names it in errors and gives its id."""
    lines = text.splitlines()
    metadata, body_start = _parse_header(lines, path)
    if "<!--" in text:
        paragraphs = _parse_body(lines, body_start, path)
    else:
        paragraphs = _plain_paragraphs(lines, body_start)
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
    body = _BodyReader(path)
    for number, line in enumerate(lines[start:], start=start + 1):
        body.read(number, line.strip())
    return body.finish(len(lines))


def _plain_paragraphs(lines: list[str], start: int) -> list[Paragraph]:
    """The paragraphs of a body with no comment or exclude marker (most sources): what
    ``_BodyReader`` reads from it, without its per-line dispatch (a large folder's
    load reads every line of every source)."""
    paragraphs: list[Paragraph] = []
    block: list[str] = []
    first = 0
    for number, line in enumerate(lines[start:], start=start + 1):
        stripped = line.strip()
        if stripped:
            if not block:
                first = number
            block.append(stripped)
        elif block:
            paragraphs.append(Paragraph(" ".join(block), first))
            block = []
    if block:
        paragraphs.append(Paragraph(" ".join(block), first))
    return paragraphs


class _BodyReader:
    """Reads a source's body line by line: paragraphs, exclude markers and comments."""

    def __init__(self, path: Path):
        self.path = path
        self.paragraphs: list[Paragraph] = []
        self.block: list[str] = []
        self.block_line = 0
        self.excluded_why: str | None = None
        self.excluded_line = 0
        self.in_comment = False

    def read(self, number: int, stripped: str) -> None:
        if self.in_comment:
            self.in_comment = "-->" not in stripped
        elif (match := _EXCLUDE_OPEN_RE.match(stripped)) is not None:
            self.open_exclude(number, match.group("why") or "excluded")
        elif _EXCLUDE_CLOSE_RE.match(stripped):
            self.close_exclude(number)
        elif stripped.startswith("<!--"):
            self.flush()
            self.in_comment = "-->" not in stripped
        elif not stripped:
            self.flush()
        else:
            if not self.block:
                self.block_line = number
            # a text line that itself starts with "<!--" is written with a backslash before it
            self.block.append(stripped[1:] if stripped.startswith("\\<!--") else stripped)

    def open_exclude(self, number: int, why: str) -> None:
        self.flush()
        if self.excluded_why is not None:
            raise KnowledgeError(
                f"{self.path}:{number}: exclude inside exclude (opened at line {self.excluded_line})"
            )
        self.excluded_why, self.excluded_line = why, number

    def close_exclude(self, number: int) -> None:
        self.flush()
        if self.excluded_why is None:
            raise KnowledgeError(
                f"{self.path}:{number}: '<!-- /exclude -->' without an opening exclude"
            )
        self.excluded_why = None

    def flush(self) -> None:
        if self.block:
            excluded = self.excluded_why is not None
            text = " ".join(self.block)
            self.paragraphs.append(
                Paragraph(text, self.block_line, excluded, self.excluded_why or "")
            )
            self.block = []

    def finish(self, last_line: int) -> list[Paragraph]:
        self.flush()
        if self.in_comment:
            raise KnowledgeError(f"{self.path}:{last_line}: a '<!--' comment is not closed")
        if self.excluded_why is not None:
            raise KnowledgeError(
                f"{self.path}:{self.excluded_line}: exclude is not closed by '<!-- /exclude -->'"
            )
        return self.paragraphs


# -- the format, for writing ----------------------------------------------------------------

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")


def check_source_id(source_id: str, new: bool = True) -> str:
    """``source_id`` if it can name a source file, else UsageError.

    A file name is never a path: no separators, no "..", no leading ".". A ``new`` id
    is also lower-case letters, digits, ".", "_" and "-" only (an existing file placed
    by hand may have capitals).

    >>> check_source_id("port-news")
    'port-news'
    """
    plain = bool(source_id) and not any(bad in source_id for bad in ("/", "\\", "..", "\0"))
    if not plain or source_id.startswith(".") or (new and not _ID_RE.match(source_id)):
        rule = "lower-case letters, digits, '.', '_' and '-', " if new else ""
        raise UsageError(f"bad source id {source_id!r}: use {rule}no path separators or '..'")
    return source_id


def slug(text: str) -> str:
    """An id made from a title: "Duluth adds officers" -> "duluth-adds-officers"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    made = "-".join(words)[:60].strip("-")
    return made or "source"


def render_source(
    title: str, metadata: Sequence[tuple[str, str]], paragraphs: Sequence[tuple[str, str]]
) -> str:
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
