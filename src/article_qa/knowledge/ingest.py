"""Sources stage, input side: turn a text, Markdown or HTML file (or pasted text) into
the paragraphs and metadata of a new source, with promotional boilerplate marked.

Boilerplate is recognised by what it says, in the general words such blocks use on
news sites: appeals for donations, newsletter and subscription prompts, podcast and
app plugs (``promotion``), cookie notices, share and "read more" links. A short heading right before such a block goes
with it. Marked paragraphs stay in the source file, excluded, so a wrong call is
undone by deleting two marker lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from ..files import is_utf8, read_bytes
from ..model import IngestError, KnowledgeError
from .promotion import promotion_kind
from .sources import MAX_SOURCE_BYTES, parse_source

SUFFIXES = (".txt", ".md", ".html", ".htm")

_BOILERPLATE: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "cookie notice",
        re.compile(
            r"\bcookies?\b.*\b(?:use|accept|consent|policy|settings|preferences)\b"
            r"|\b(?:use|accept|consent to)\b.*\bcookies?\b",
            re.I,
        ),
    ),
    (
        "copyright notice",
        re.compile(r"\ball rights reserved\b|^(?:©|copyright\s+(?:©\s*)?\d{4})", re.I),
    ),
    (
        "links",
        re.compile(
            r"^(?:read more|related(?: stories| articles)?:|see also|more from|click here|share this"
            r"|follow us|advertisement\b)",
            re.I,
        ),
    ),
)
_MAX_BOILERPLATE_WORDS = 70
_SKIPPED_TAGS = frozenset(
    "script style nav header footer aside form noscript svg iframe button select template figure".split()
)
_BLOCK_TAGS = frozenset(
    "p div br h1 h2 h3 h4 h5 h6 li ul ol article section blockquote tr table pre dd dt main".split()
)


@dataclass(frozen=True)
class Draft:
    """A source not yet stored: its title, other metadata and paragraphs with the
    reason each excluded one was excluded ("" for kept)."""

    title: str
    paragraphs: tuple[tuple[str, str], ...]
    metadata: tuple[tuple[str, str], ...] = ()


def read_input(path: Path) -> tuple[str, str]:
    """Read a file to add: (text, kind), kind being "text", "markdown" or "html"."""
    if not path.exists():
        raise IngestError(f"{path}: no such file")
    if path.is_dir():
        raise IngestError(f"{path}: is a folder, not a file")
    if path.suffix.lower() not in SUFFIXES:
        raise IngestError(f"{path}: not a .txt, .md or .html file")
    if not is_utf8(str(path)):
        raise IngestError(f"{path}: the file name is not valid UTF-8")
    raw = read_bytes(path, MAX_SOURCE_BYTES, IngestError)
    kind = {".md": "markdown", ".html": "html", ".htm": "html"}.get(path.suffix.lower(), "text")
    return decode(raw, str(path)), kind


def decode(raw: bytes, name: str) -> str:
    """Bytes as text, refusing binary data, invalid UTF-8, oversized and blank input."""
    if len(raw) > MAX_SOURCE_BYTES:
        raise IngestError(
            f"{name}: too large ({len(raw):,} bytes; the limit is {MAX_SOURCE_BYTES:,})"
        )
    if b"\x00" in raw[:8192]:
        raise IngestError(f"{name}: looks like a binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise IngestError(f"{name}: line {line}: not valid UTF-8 text") from None
    if not text.strip():
        raise IngestError(f"{name}: is empty")
    return text


def draft(text: str, kind: str, title: str | None, fallback_title: str) -> Draft:
    """Paragraphs and a title from input text; boilerplate paragraphs marked."""
    found_title = None
    if kind == "markdown" and text.lstrip("\ufeff").startswith("---"):
        stored = _stored_source(text, title)
        if stored is not None:  # a source file of ours, added again: kept as it is
            return stored
        text, found_title = _without_front_matter(text)
    if kind == "html":
        found_title, paragraphs = html_paragraphs(text)
    else:
        if kind == "markdown":
            text = _COMMENT_RE.sub("\n\n", text)  # comments are for people, not text
        paragraphs = text_paragraphs(text)
        if kind == "markdown" and paragraphs and paragraphs[0].startswith("# "):
            found_title, paragraphs = paragraphs[0][2:].strip(), paragraphs[1:]
    if not paragraphs:
        raise IngestError(f"{fallback_title}: holds no text")
    chosen = " ".join((title or found_title or _title_from(paragraphs) or fallback_title).split())
    if (
        not title
        and not found_title
        and paragraphs
        and paragraphs[0] == chosen
        and len(paragraphs) > 1
    ):
        paragraphs = paragraphs[1:]  # the first line was the headline
    return Draft(chosen, tuple(mark_boilerplate(paragraphs)))


_COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
_FRONT_MATTER_RE = re.compile(r"\A\ufeff?---[ \t]*\n(?P<header>.*?)\n---[ \t]*(?:\n|\Z)", re.S)
_FRONT_TITLE_RE = re.compile(r"^title\s*:\s*(?P<title>.+?)\s*$", re.M)


def _stored_source(text: str, title: str | None) -> Draft | None:
    """A Markdown file in our own source format (a header, then paragraphs, exclusions
    marked), as a draft that keeps its metadata and exclusions; None when it is not."""
    try:
        source = parse_source(text, Path("input.md"))
    except KnowledgeError:
        return None
    # what the file marks stays marked; promotion it left unmarked is marked now
    paragraphs = tuple(
        (p.text, p.excluded_why if p.excluded else _boilerplate_kind(p.text))
        for p in source.paragraphs
    )
    if not paragraphs:
        raise IngestError("input.md: holds no text")
    metadata = tuple((k, v) for k, v in source.metadata if k != "title")
    return Draft(" ".join((title or source.title).split()), paragraphs, metadata)


def _without_front_matter(text: str) -> tuple[str, str | None]:
    """Markdown without a front-matter header of another tool, and its title if it gives one."""
    match = _FRONT_MATTER_RE.match(text)
    if not match:
        return text, None
    title = _FRONT_TITLE_RE.search(match.group("header"))
    return text[match.end() :], title.group("title").strip("\"' ") if title else None


def text_paragraphs(text: str) -> list[str]:
    """Paragraphs of plain text: blocks separated by blank lines, lines joined."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(block.split()) for block in blocks if block.strip()]


def _title_from(paragraphs: list[str]) -> str | None:
    first = paragraphs[0]
    if len(paragraphs) > 1 and len(first) <= 120 and not first.endswith((".", "!", "?", '"', "”")):
        return first
    return None


def mark_boilerplate(paragraphs: list[str]) -> list[tuple[str, str]]:
    """Each paragraph with the kind of boilerplate it is, or "" when it is content."""
    marked = [(p, _boilerplate_kind(p)) for p in paragraphs]
    # a short heading ("Create a More Connected Minnesota") goes with the block it opens
    for index in range(len(marked) - 1):
        text, why = marked[index]
        following = marked[index + 1][1]
        if not why and following and _is_heading(text):
            marked[index] = (text, following)
    return marked


def _boilerplate_kind(paragraph: str) -> str:
    if len(paragraph.split()) > _MAX_BOILERPLATE_WORDS:
        return ""
    for kind, pattern in _BOILERPLATE:
        if pattern.search(paragraph):
            return kind
    return promotion_kind(paragraph)


def _is_heading(text: str) -> bool:
    return len(text.split()) <= 8 and not text.rstrip().endswith((".", "!", "?", '"', "”", ":"))


class _TextOfHtml(HTMLParser):
    """Collects the visible text of an HTML page in paragraphs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.title = ""
        self.first_heading = ""
        self.in_heading = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping += 1
        elif tag == "title":
            self.in_title = True
        elif tag in _BLOCK_TAGS:
            self.flush()
            self.in_heading = tag == "h1" and not self.first_heading

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "title":
            self.in_title = False
        elif tag in _BLOCK_TAGS:
            if self.in_heading and tag == "h1":
                self.first_heading = " ".join(" ".join(self.current).split())
                self.current = []
                self.in_heading = False
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        elif not self.skipping:
            self.current.append(data)

    def flush(self) -> None:
        """End the paragraph being collected."""
        text = " ".join(" ".join(self.current).split())
        if text:
            self.paragraphs.append(text)
        self.current = []


def html_paragraphs(html: str) -> tuple[str | None, list[str]]:
    """The title and the visible paragraphs of an HTML page (scripts, styles,
    navigation, headers, footers and forms dropped)."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    parser.flush()
    title = parser.first_heading or " ".join(parser.title.split()) or None
    return title, parser.paragraphs
