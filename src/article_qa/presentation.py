"""Presentation stage: answers as plain text for a terminal or a pipe, and as JSON lines."""

from __future__ import annotations

import json

from .answer import Answer


def format_answer(answer: Answer) -> str:
    """The answer as a few plain lines: short answer, supporting sentence, citation."""
    if not answer.found:
        return f"No answer: {answer.no_answer_reason}."
    citation = answer.citation
    lines = [str(answer.text)]
    if answer.sentence:
        lines.append(f'  "{answer.sentence}"')
    if citation:
        lines.append(
            f"  -- {citation.source_title} ({citation.source_id}, paragraph {citation.paragraph},"
            f" line {citation.line}); confidence {answer.confidence:.2f}"
        )
    return "\n".join(lines)


def format_json(answer: Answer) -> str:
    """The answer as one line of JSON."""
    return json.dumps(answer.to_dict(), ensure_ascii=False)
