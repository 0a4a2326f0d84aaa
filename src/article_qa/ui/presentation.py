"""Presentation stage: answers, facts and traces as styled text fragments and JSON.

Everything shown is built as a list of ``(style, text)`` fragments: the REPL prints
them in colour with prompt-toolkit (never through its ``HTML()`` markup parser, so
source text with ``<``, ``>`` or ``&`` prints as written), and plain output is the
same fragments joined. Text that came from outside (sources, facts, questions) is
stripped of control characters, so it cannot drive the terminal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence

from ..knowledge.kept_sources import excluded_paragraphs, usable_count
from ..language.tokens import word_terms
from ..model import Answer, Citation, Fact, Source
from .terminal import safe

Fragments = list[tuple[str, str]]

# An empty fragment that marks, within a line, where the lines it wraps to begin (a
# hanging indent); plain output ignores it.
HANG = ("class:hang", "")

# Below this calibrated confidence an answer is shown as "not sure": answers scored
# under 0.6 were right about half the time on the development sets (43-57%, see the
# README's reliability table), those at 0.8 or more nine times in ten.
NOT_SURE_BELOW = 0.6

_QUOTE_MARKS = '"“”'


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
        out += [("class:noanswer", "No answer: "), HANG]
        out.append(("class:noanswer", f"{safe(answer.no_answer_reason or '')}."))
        if understood_as:
            out += [("class:dim", "\n  understood as: "), HANG, ("class:dim", safe(understood_as))]
        if covers:
            out += [
                ("class:dim", "\n  It covers: "),
                HANG,
                ("class:dim", f"{safe(', '.join(covers))}."),
            ]
        return out
    out.append(("class:answer", safe(str(answer.text))))
    if answer.working:
        out.append(("class:working", f" ({safe(answer.working)})"))
    if understood_as:
        out += [("class:dim", "\n  understood as: "), HANG, ("class:dim", safe(understood_as))]
    for index, (sentence, citation) in enumerate(_supports(answer)):
        # a sentence holding quote marks of its own is shown exactly as written
        quote = "" if any(mark in sentence for mark in _QUOTE_MARKS) else '"'
        out.append(("", f"\n  {quote}"))
        out.append(HANG)
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
        out += [("class:citation", "\n  -- "), HANG, ("class:citation", _cite(citation))]
    out.append(confidence_fragment(answer.confidence))
    return out


def confidence_fragment(confidence: float) -> tuple[str, str]:
    """The confidence, said in words when it is low."""
    if confidence < NOT_SURE_BELOW:
        return ("class:unsure", f"\n  not sure: confidence {confidence:.2f}")
    return ("class:dim", f"\n  confidence {confidence:.2f}")


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
        for citation, sentence in fact.cited:
            if (sentence, citation) not in pairs:
                pairs.append((sentence, citation))
    return pairs


def describe_fact(fact: Fact) -> str:
    """The fact in one line: kind, subject, value and qualifiers."""
    extras = "; ".join(f"{name}: {value}" for name, value in fact.qualifiers)
    value = "" if fact.value == fact.subject else f" = {fact.value}"
    text = f"{fact.kind:<12} {fact.subject}{value}"
    return f"{text}  [{extras}]" if extras else text


def format_fact(fact: Fact) -> str:
    """One fact and where it comes from, in one line."""
    where = f"{fact.citation.source_id}, paragraph {fact.citation.paragraph}"
    if fact.origin != "extracted":
        where += f", {fact.origin}"
    return safe(f"{describe_fact(fact)}  ({where})")


def fact_fragments(fact: Fact) -> Fragments:
    """One fact as a line whose continuation lines start after its kind column."""
    line = format_fact(fact)
    return [("", line[:13]), HANG, ("", f"{line[13:]}\n")]


def facts_matching(facts: Iterable[Fact], needle: str) -> list[Fact]:
    """Facts whose line (description, source, paragraph, origin) holds ``needle``,
    ignoring case; all for an empty needle."""
    needle = needle.lower().strip()
    if not needle:
        return list(facts)
    return [f for f in facts if needle in _fact_line(f).lower()]


def _fact_line(fact: Fact) -> str:
    citation = fact.citation
    return (
        f"{describe_fact(fact)} {citation.source_id} paragraph {citation.paragraph} {fact.origin}"
    )


def sources_fragments(sources: Sequence[Source]) -> Fragments:
    """Each source: id, title, passages, and the paragraphs excluded with why."""
    out: Fragments = []
    for source in sources:
        used = usable_count(source)
        excluded_here = [p for _, p in excluded_paragraphs(source)]
        reasons = sorted({p.excluded_why for p in excluded_here})
        excluded = len(excluded_here)
        out += [("class:answer", safe(source.id)), ("", "  "), HANG]
        out.append(("", f"{safe(source.title)}\n"))
        why = f" ({safe(', '.join(reasons))})" if reasons else ""
        out.append(("class:dim", f"  {used} passages, {excluded} paragraphs excluded{why}\n"))
    return out


def why_fragments(answer: Answer) -> Fragments:
    """What ``/why`` shows: the question as understood, what was retrieved with its
    scores, the candidates weighed, and the facts used."""
    question = answer.analysis
    out: Fragments = [("class:title", "Question as understood\n")]
    if question is None:
        return [*out, ("", "  (none)\n")]
    out.append(("", f"  {safe(question.text)}\n"))
    out += [("class:dim", "  expects: "), HANG, ("class:dim", question.answer_type.value)]
    if question.target:
        out.append(("class:dim", f"; counts: {safe(_word_of(question.target, question.words))}"))
    words = [_word_of(term, question.words) for term in question.focus]
    out.append(("class:dim", f"; words: {safe(', '.join(dict.fromkeys(words))) or '(none)'}"))
    if question.constraints:
        out.append(("class:dim", f"; must hold: {', '.join(question.constraints)}"))
    out.append(("", "\n"))
    if answer.retrieved:
        out.append(("class:title", "Sentences retrieved (BM25 score)\n"))
        for hit in answer.retrieved:
            out += [("", f"  {hit.score:6.2f}  "), HANG]
            out.append(("", f"{hit.passage.citation}: {safe(hit.sentence.text)}\n"))
    if answer.considered:
        out.append(("class:title", "Candidates considered (score, sentence coverage)\n"))
        for weighed in answer.considered:
            candidate = weighed.candidate
            score = f"  {weighed.probability:5.2f}  {candidate.evidence.coverage:.2f}  "
            where = f"[{candidate.kind}, {candidate.hit.passage.citation}]"
            out += [("", score), HANG, ("", f"{safe(candidate.text)}  {where}\n")]
    if answer.facts:
        out.append(("class:title", "Facts used\n"))
        for fact in answer.facts:
            out += [("", "  "), *fact_fragments(fact)]
    if answer.working:
        out.append(("class:title", "Working\n"))
        out.append(("", f"  {safe(answer.working)} = {safe(str(answer.text))}\n"))
    if not answer.found:
        out.append(("class:noanswer", f"No answer: {safe(answer.no_answer_reason or '')}\n"))
    return out


def _word_of(term: str, words: Sequence[str]) -> str:
    """The question's own word for a search term (a stem such as "initi" reads as
    "initiative"); the term itself when no word gives it."""
    for word in words:
        if term in word_terms(word):
            return word
    return term


_UNSAFE_IN_JSON_RE = re.compile(
    "[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def to_json(data: object, indent: int | None = None) -> str:
    r"""JSON that is safe to print: readable non-ASCII text, but C1 controls and bidi
    and zero-width marks written as \u escapes (JSON already escapes the C0 ones, ESC
    among them), and U+FFFD for bytes that were not UTF-8.

    >>> to_json({"q": "a\x1b[2J\u202e"})
    '{"q": "a\\u001b[2J\\u202e"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    text = _SURROGATE_RE.sub("\ufffd", text)
    return _UNSAFE_IN_JSON_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def answer_json(answer: Answer) -> dict[str, object]:
    """A JSON-ready view of an answer (the fields ``ask --json`` documents)."""
    citation = answer.citation
    return {
        "question": answer.question,
        "answer": answer.text,
        "no_answer_reason": answer.no_answer_reason,
        "sentence": answer.sentence,
        "highlight": list(answer.highlight) if answer.highlight else None,
        "source": citation.source_id if citation else None,
        "source_title": citation.source_title if citation else None,
        "paragraph": citation.paragraph if citation else None,
        "line": citation.line if citation else None,
        "confidence": answer.confidence,
        "answer_type": answer.analysis.answer_type.value if answer.analysis else None,
        "working": answer.working,
        "facts": [fact_json(fact) for fact in answer.facts],
    }


def fact_json(fact: Fact) -> dict[str, object]:
    """A JSON-ready view of a fact with its provenance."""
    return {
        "kind": fact.kind,
        "subject": fact.subject,
        "value": fact.value,
        "number": fact.number,
        **dict(fact.qualifiers),
        "origin": fact.origin,
        "sources": [
            {"source": c.source_id, "paragraph": c.paragraph, "line": c.line, "sentence": s}
            for c, s in fact.cited
        ],
    }


def format_json(answer: Answer, understood_as: str | None = None) -> str:
    """The answer as one line of JSON."""
    data = answer_json(answer)
    if understood_as is not None:
        data["understood_as"] = understood_as
    return to_json(data)
