"""Presentation stage: answers, facts and traces as styled text fragments.

Everything shown is built as a list of ``(style, text)`` fragments: the REPL prints
them in colour with prompt-toolkit (never through its ``HTML()`` markup parser, so
source text with ``<``, ``>`` or ``&`` prints as written), and plain output is the
same fragments joined. Text that came from outside (sources, facts, questions) is
stripped of control characters, so it cannot drive the terminal.
"""

from __future__ import annotations

import json
import re

from .answer import Answer
from .facts import Fact
from .passages import Citation

Fragments = list[tuple[str, str]]

# C0 and C1 control characters (ESC among them) except tab and newline, and the
# Unicode bidirectional controls that can make text read other than it is stored.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe(text: str) -> str:
    """``text`` with every control character removed (escape sequences cannot run)."""
    return _CONTROL_RE.sub("", text)


def plain(fragments: Fragments) -> str:
    """The fragments as plain text."""
    return "".join(text for _, text in fragments)


def answer_fragments(
    answer: Answer, understood_as: str | None = None, covers: list[str] | None = None
) -> Fragments:
    """An answer as fragments: the short answer first, then how the question was
    understood (for a follow-up), the supporting sentences with the answer
    highlighted, the citations and the confidence. "No answer" says why and, given
    ``covers``, what the knowledge is about instead."""
    out: Fragments = []
    if not answer.found:
        out.append(("class:noanswer", f"No answer: {safe(answer.no_answer_reason or '')}."))
        if understood_as:
            out.append(("class:dim", f"\n  understood as: {safe(understood_as)}"))
        if covers:
            out.append(("class:dim", f"\n  It covers: {safe(', '.join(covers))}."))
        return out
    out.append(("class:answer", safe(str(answer.text))))
    if answer.working:
        out.append(("class:working", f" ({safe(answer.working)})"))
    if understood_as:
        out.append(("class:dim", f"\n  understood as: {safe(understood_as)}"))
    for index, (sentence, citation) in enumerate(_supports(answer)):
        quote = "" if sentence[:1] in "\"“'" else '"'  # a quoted sentence brings its own
        out.append(("", f"\n  {quote}"))
        if index == 0 and answer.highlight:
            start, end = answer.highlight
            out += [
                ("class:sentence", safe(sentence[:start])),
                ("class:highlight", safe(sentence[start:end])),
                ("class:sentence", safe(sentence[end:])),
            ]
        else:
            out.append(("class:sentence", safe(sentence)))
        out.append(("", quote))
        out.append(("class:citation", f"\n  -- {_cite(citation)}"))
    out.append(("class:dim", f"\n  confidence {answer.confidence:.2f}"))
    return out


def format_answer(answer: Answer, understood_as: str | None = None) -> str:
    """The answer as plain lines: short answer, supporting sentence, citation."""
    return plain(answer_fragments(answer, understood_as))


def _cite(citation: Citation) -> str:
    return (
        f"{safe(citation.source_title)} ({safe(citation.source_id)}, paragraph"
        f" {citation.paragraph}, line {citation.line})"
    )


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
    return safe(f"{fact.describe()}  ({where})")


def why_fragments(answer: Answer) -> Fragments:
    """What ``/why`` shows: the question as understood, what was retrieved with its
    scores, the candidates weighed, and the facts used."""
    question = answer.understood
    out: Fragments = [("class:title", "Question as understood\n")]
    if question is None:
        return [*out, ("", "  (none)\n")]
    out.append(("", f"  {safe(question.text)}\n"))
    out.append(("class:dim", f"  expects: {question.answer_type.value}"))
    if question.target:
        out.append(("class:dim", f"; counts: {question.target}"))
    out.append(("class:dim", f"; words: {', '.join(question.focus) or '(none)'}"))
    if question.constraints:
        out.append(("class:dim", f"; must hold: {', '.join(question.constraints)}"))
    out.append(("", "\n"))
    if answer.retrieved:
        out.append(("class:title", "Sentences retrieved (BM25 score)\n"))
        for hit in answer.retrieved:
            out.append(
                ("", f"  {hit.score:6.2f}  {hit.passage.citation}: {safe(hit.sentence.text)}\n")
            )
    if answer.considered:
        out.append(("class:title", "Candidates considered (score, sentence coverage)\n"))
        for candidate in answer.considered:
            out.append(
                ("", f"  {candidate.score:5.2f}  {candidate.coverage:.2f}  {safe(candidate.text)}"
                     f"  [{candidate.kind}, {candidate.hit.passage.citation}]\n")
            )  # fmt: skip
    if answer.facts:
        out.append(("class:title", "Facts used\n"))
        for fact in answer.facts:
            out.append(("", f"  {format_fact(fact)}\n"))
    if answer.working:
        out.append(("class:title", "Working\n"))
        out.append(("", f"  {safe(answer.working)} = {safe(str(answer.text))}\n"))
    if not answer.found:
        out.append(("class:noanswer", f"No answer: {safe(answer.no_answer_reason or '')}\n"))
    return out


_UNSAFE_IN_JSON_RE = re.compile(r"[\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def to_json(data: object, indent: int | None = None) -> str:
    """JSON that is safe to print: readable non-ASCII text, but C1 controls and bidi
    controls written as \\u escapes (JSON already escapes the C0 ones, ESC among them)."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_json(answer: Answer, understood_as: str | None = None) -> str:
    """The answer as one line of JSON."""
    data = answer.to_dict()
    if understood_as is not None:
        data["understood_as"] = understood_as
    return to_json(data)
