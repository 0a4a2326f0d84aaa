"""Facts stage: what the sources state, as structured records with provenance.

Extraction runs over every passage when the knowledge is loaded, one source at a time
in reading order (what "the office" or a bare surname means never crosses into
another source). It finds figures (``figures.py``: quantities, changes, thresholds),
people and organisations (``people.py``), and times. Every rule describes English
news writing in general.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..language.clauses import SentenceParts
from ..language.sentences import refers_back
from ..model import Citation, Fact, Passage, Sentence
from .figures import FigureReader, join_changes
from .people import InFocus, PeopleReader, complete_names, drop_repeated_people, people_in_focus


@dataclass(frozen=True)
class SourceFacts:
    """What extraction reads out of one source: its facts, who "he" or "she" means in
    its sentences and paragraphs, and the words that end its people's names."""

    facts: list[Fact]
    in_focus: InFocus


class FactMaker:
    """Makes facts cited to one sentence."""

    def __init__(self, text: str, citation: Citation):
        self.text = text
        self.citation = citation

    def __call__(
        self, kind: str, subject: str, value: str, number: float | None = None, **qualifiers: object
    ) -> Fact:
        """A fact of this sentence; qualifiers that are None or empty are left out."""
        kept = tuple((k, str(v)) for k, v in qualifiers.items() if v not in (None, ""))
        return Fact(kind, subject, value, number, kept, self.citation, self.text)


def read_source(passages: Sequence[Passage], sentences: Sequence[Sentence]) -> SourceFacts:
    """Every fact of one source's passages (given with their sentences), in reading order."""
    citation_of = {p.id: p.citation for p in passages}
    read = [(s, SentenceParts(s.text)) for s in sentences if s.passage_id in citation_of]
    facts: list[Fact] = []
    organisations: list[str] = []
    previous: Sentence | None = None
    for sentence, parts in read:
        make = FactMaker(sentence.text, citation_of[sentence.passage_id])
        people = PeopleReader(parts, make, organisations)
        stated = FigureReader(parts, make).facts()
        if previous is not None and refers_back(sentence.text):
            earlier = (citation_of[previous.passage_id], previous.text)
            stated = [replace(f, also_cites=(*f.also_cites, earlier)) for f in stated]
        previous = sentence
        facts += [*stated, *people.people(), *people.organisations(), *times(parts, make, stated)]
        organisations.extend(people.organisation_names)
    in_focus = people_in_focus(read)
    named = drop_repeated_people(complete_names(facts, [parts for _, parts in read]))
    # "Albrecht's son, Tyler, 27": a one-word name given an age or a role is a person's
    person_words = in_focus.person_words | {
        f.subject
        for f in named
        if f.kind == "person"
        and " " not in f.subject
        and (f.qualifier("age") or f.qualifier("role"))
    }
    return SourceFacts(named + join_changes(facts), replace(in_focus, person_words=person_words))


def times(parts: SentenceParts, make: FactMaker, stated: Sequence[Fact] = ()) -> list[Fact]:
    """Times the sentence names that no other fact of it already carries; the subject
    is the sentence with the time taken out (what happened then)."""
    carried = " ".join(f.qualifier("time") or "" for f in stated)
    found = []
    for span in parts.spans:
        if span.kind == "time" and span.text not in carried:
            event = " ".join((parts.text[: span.start] + parts.text[span.end :]).split())
            found.append(make("time", re.sub(r"\s+([,.;])", r"\1", event), span.text, span.value))
    return found
