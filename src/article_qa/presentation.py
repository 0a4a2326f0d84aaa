"""Presentation stage: answers as plain text for a terminal or a pipe, and as JSON lines."""

from __future__ import annotations

import json

from .answer import Answer
from .facts import Fact
from .passages import Citation


def format_answer(answer: Answer) -> str:
    """The answer as a few plain lines: short answer, supporting sentence, citation."""
    if not answer.found:
        return f"No answer: {answer.no_answer_reason}."
    lines = [f"{answer.text} ({answer.working})" if answer.working else str(answer.text)]
    for sentence, citation in _supports(answer):
        lines.append(f'  "{sentence}"')
        lines.append(
            f"  -- {citation.source_title} ({citation.source_id}, paragraph {citation.paragraph},"
            f" line {citation.line})"
        )
    lines.append(f"  confidence {answer.confidence:.2f}")
    return "\n".join(lines)


def _supports(answer: Answer) -> list[tuple[str, Citation]]:
    """Every sentence the answer rests on, once each, with its citation."""
    pairs: list[tuple[str, Citation]] = []
    if answer.sentence and answer.citation:
        pairs.append((answer.sentence, answer.citation))
    for fact in answer.facts:
        for citation, sentence in ((fact.citation, fact.sentence), *fact.also_cites):
            if (sentence, citation) not in pairs:
                pairs.append((sentence, citation))
    return pairs


def format_fact(fact: Fact) -> str:
    """One fact and where it comes from, in one line."""
    where = f"{fact.citation.source_id}, paragraph {fact.citation.paragraph}"
    if fact.origin != "extracted":
        where += f", {fact.origin}"
    return f"{fact.describe()}  ({where})"


def format_json(answer: Answer) -> str:
    """The answer as one line of JSON."""
    return json.dumps(answer.to_dict(), ensure_ascii=False)
