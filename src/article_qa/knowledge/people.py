"""Facts stage, people: who is named with which role and organisation, organisations with
their parents, and who "he" or "she" means in each sentence.

A role comes from a title before a name ("Police Chief Mike Tusken") or an apposition
after it ("Danette Buskovick, the office's director of ..."), where "the office's" is
resolved to the last organisation named with "office" in the same source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..language.clauses import SentenceParts
from ..language.spans import Span, has_personal_pronoun, is_speaker, speaks
from ..model import Fact, Sentence
from .figures import MakeFact

_POSSESSIVE_RE = re.compile(r"\b[Tt]he (\w+)'s\b")
_APPOSITION_RE = re.compile(r",\s+((?:the|a|an|its|his|her)\s.+)")
_APPOSITION_END_RE = re.compile(r",\s+(?:said|says|she|he|they|added)\b|[.;!?\"”]\s*$|[.;!?]\s")


class PeopleReader:
    """Reads the people and organisations of one sentence; ``known_organisations`` are
    those named earlier in the same source."""

    def __init__(self, parts: SentenceParts, make: MakeFact, known_organisations: list[str]):
        self.parts = parts
        self.text = parts.text
        self.make = make
        self.known_organisations = known_organisations
        self.organisation_names = [s.text for s in parts.spans if s.kind == "organisation"]

    def people(self) -> list[Fact]:
        """A person fact for every person named, with the role and organisation given."""
        found = []
        spans = self.parts.spans
        for index, span in enumerate(spans):
            if span.kind != "person":
                continue
            role = spans[index - 1].text if index and spans[index - 1].kind == "role" else ""
            organisation = ""
            apposition = self._apposition(span)
            if apposition:
                role, organisation = self._resolve_possessive(apposition)
            found.append(
                self.make(
                    "person", span.text, role or "named", None, role=role, organisation=organisation
                )
            )
        return found

    def _apposition(self, span: Span) -> str:
        """ "Jane Doe, the city's mayor, said": the phrase after a name that describes it."""
        match = _APPOSITION_RE.match(self.text[span.end : span.end + 300])
        if not match:
            return ""
        phrase = match.group(1)
        end = _APPOSITION_END_RE.search(phrase)
        return phrase[: end.start()].strip(" ,") if end else phrase.strip(" ,")

    def _resolve_possessive(self, phrase: str) -> tuple[str, str]:
        """ "the office's director of ..." -> ("director of ...", the last organisation
        whose name holds "office")."""
        match = _POSSESSIVE_RE.match(phrase)
        if not match:
            return re.sub(r"^(?:the|a|an)\s+", "", phrase), ""
        word = match.group(1).lower()
        named = self.known_organisations + self.organisation_names
        organisation = next((n for n in reversed(named) if word in n.lower().split()), "")
        return phrase[match.end() :].strip(), organisation

    def organisations(self) -> list[Fact]:
        """An organisation fact for every organisation named, with its parent
        ("the department's Office of Justice Programs")."""
        found = []
        for span in (s for s in self.parts.spans if s.kind == "organisation"):
            parent = ""
            possessive = _POSSESSIVE_RE.search(self.text[max(0, span.start - 30) : span.start])
            if possessive:
                word = possessive.group(1).lower()
                parent = next(
                    (n for n in reversed(self.known_organisations) if word in n.lower().split()), ""
                )
            found.append(self.make("organisation", span.text, span.text, None, parent=parent))
        return found


def drop_repeated_people(facts: list[Fact]) -> list[Fact]:
    """A later bare mention ("Buskovick said") adds nothing to the fact that names the
    person in full with a role."""
    described = {f.subject.split()[-1] for f in facts if f.kind == "person" and f.qualifier("role")}
    return [
        f
        for f in facts
        if not (
            f.kind == "person" and not f.qualifier("role") and f.subject.split()[-1] in described
        )
    ]


@dataclass
class _SourceReading:
    """Who has been named so far in one source, as its sentences are read in order."""

    names: set[str] = field(default_factory=set)  # surnames named in the source
    full_names: dict[str, str] = field(default_factory=dict)  # surname -> fullest name
    last_person: str | None = None
    last_speaker: str | None = None

    def referent(self, text: str, people: list[str]) -> str | None:
        """Who a pronoun in this sentence means: for "she said", the last person
        quoted; otherwise the last named (or the first named here)."""
        found = (self.last_speaker if speaks(text) else None) or self.last_person
        return found or (people[0] if people else None)

    def remember(self, text: str, spans: Sequence[Span], people: list[str]) -> None:
        for name in people:
            surname = name.split()[-1]
            self.names.add(surname)
            self.full_names.setdefault(surname, name)
            if len(name.split()) > len(self.full_names[surname].split()):
                self.full_names[surname] = name
            self.last_person = self.full_names[surname]
        for span in spans:
            surname = span.text.split()[-1]
            named = span.kind in ("person", "name") and surname in self.names
            if named and is_speaker(text, span):
                self.last_speaker = self.full_names.get(surname, span.text)


def people_in_focus(
    sentences: Sequence[tuple[Sentence, SentenceParts]],
) -> tuple[dict[str, str], frozenset[str]]:
    """Who "he" or "she" most likely means in each sentence of one source (keyed
    "passage id|sentence index") and paragraph (keyed by passage id), and every word
    that ends a person's name in it.

    The referent is the last person named before the pronoun; a later mention by
    surname alone ("Buskovick") maps back to the full name.
    """
    referents: dict[str, str] = {}
    person_words: set[str] = set()
    reading = _SourceReading()
    for sentence, parts in sentences:
        people = [
            s.text
            for s in parts.spans
            if s.kind == "person" or (s.kind == "name" and s.text.split()[-1] in reading.names)
        ]
        referent = reading.referent(sentence.text, people)
        if has_personal_pronoun(sentence.text) and referent:
            referents[f"{sentence.passage_id}|{sentence.index}"] = referent
            if speaks(sentence.text):
                # a quote's speaker is named once for the whole paragraph ("...," she said.)
                referents.setdefault(sentence.passage_id, referent)
        reading.remember(sentence.text, parts.spans, people)
        person_words.update(name.split()[-1] for name in people)
    return referents, frozenset(person_words)
