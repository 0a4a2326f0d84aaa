"""What ``/source`` is asked for: a source and maybe one of its paragraphs, written
any way the chat prints them ("ID, paragraph 12", "ID#12", "paragraph 12", "12", or
a whole citation line pasted back), and which source a bare paragraph number means."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..knowledge.sources import bundled_knowledge_dir, source_files
from ..model import KnowledgeError, Source

# "paragraph 12", "para. 12", "¶12", "#12", or a number standing alone at the end
_PARAGRAPH_RE = re.compile(
    r"(?:\bparagraph|\bpara\.?|¶|#)\s*(\d+)\b|(?:^|[\s,(])(\d+)\s*\)?\s*$", re.IGNORECASE
)

ACCEPTED = (
    "a source id (see /sources), 'ID, paragraph N' or ID#N for one paragraph,"
    " or 'paragraph N' / N for paragraph N of {main}"
)


@dataclass(frozen=True)
class Reference:
    """A source and, when one was named, its paragraph number."""

    source_id: str
    paragraph: int | None


def bundled_ids() -> frozenset[str]:
    """The ids of the sources that ship with article-qa."""
    try:
        return frozenset(path.stem for path in source_files(bundled_knowledge_dir()))
    except KnowledgeError:
        return frozenset()


def main_source(sources: Sequence[Source]) -> Source | None:
    """The source a bare paragraph number means and the banner names first: the
    bundled article when it is loaded, else the only source; None when several
    sources are loaded and none of them is the bundled article."""
    shipped = bundled_ids()
    for source in sources:
        if source.id in shipped:
            return source
    return sources[0] if len(sources) == 1 else None


def parse_reference(text: str, sources: Sequence[Source]) -> Reference | str:
    """The source and paragraph ``text`` names, or a message saying what is wrong and
    what is accepted."""
    wanted = " ".join(text.split())
    named = _named_source(wanted, sources)
    rest = wanted if named is None else re.sub(re.escape(named), " ", wanted, flags=re.I)
    match = _PARAGRAPH_RE.search(rest)
    paragraph = int(match.group(1) or match.group(2)) if match else None
    if named is not None:
        return Reference(named, paragraph)
    main = main_source(sources)
    if paragraph is not None and _only_a_paragraph(wanted):
        if main is None:
            ids = ", ".join(s.id for s in sources)
            return (
                f"Several sources are loaded: paragraph {paragraph} of which?"
                f" Try /source ID, paragraph {paragraph} (ids: {ids})."
            )
        return Reference(main.id, paragraph)
    where = main.id if main is not None else "one source (with several loaded, name it)"
    return f"No source {wanted!r}. /source takes {ACCEPTED.format(main=where)}."


def _named_source(text: str, sources: Sequence[Source]) -> str | None:
    """The longest source id that ``text`` holds as a whole word, if any."""
    lowered = text.lower()
    found = [
        s.id
        for s in sources
        if re.search(rf"(?<![\w-]){re.escape(s.id.lower())}(?![\w-])", lowered)
    ]
    return max(found, key=len) if found else None


def _only_a_paragraph(text: str) -> bool:
    """True for "12", "paragraph 12", "¶ 12", "#12" (nothing else named)."""
    return re.fullmatch(r"(?:paragraph|para\.?|¶|#)?\s*\d+", text, re.IGNORECASE) is not None
