"""Facts stage, people: who is named with which role and organisation, organisations with
their parents, and who "he" or "she" means in each sentence.

A role comes from a title before a name ("Police Chief Mike Tusken") or an apposition
after it ("Danette Buskovick, the office's director of ..."), where "the office's" is
resolved to the last organisation named with "office" in the same source.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from ..language.clauses import SentenceParts
from ..language.lexicon import ROLE_NOUNS, SPEECH_VERBS, STOPWORDS
from ..language.spans import Span, has_personal_pronoun, is_speaker, speaks
from ..model import Fact, Sentence
from .figures import MakeFact

_POSSESSIVE_RE = re.compile(r"\b[Tt]he (\w+)'s\b")
_APPOSITION_RE = re.compile(r",\s+((?:the|a|an|its|his|her)\s.+)")
_AGE_RE = re.compile(r",\s+(\d{1,3}),")
# "Maricela Dunaway, a 27-year-old cashier, said"; "70-year-old Royce Petrakis"
_AGE_APPOSED_RE = re.compile(r",\s+an?\s+(\d{1,3})-year-old\b")
_AGE_BEFORE_RE = re.compile(r"\b(\d{1,3})-year-old\s+$")
_WHO_RE = re.compile(r",\s+who\s+([^,;.\"”]+)")
# A name may be a person's when the sentence gives an age for it ("Ann Roe, 54, said").
_MAYBE_PERSON = frozenset(["name", "initial"])
_TITLE_WORDS_MOST = 5
_ROLE_BEFORE_RE = re.compile(
    r"(?:^|[.;]\s+|,\s+)(?P<role>(?:[Tt]he|[Aa]n?|[Ii]ts|[A-Z][\w'-]*'s)\s+(?:[\w'-]+\s+){0,5}?"
    r"(?P<head>[\w-]+)),\s*$"
)
_KIN_BEFORE_RE = re.compile(
    r"\b([A-Z][\w'-]+'s\s+(?:son|daughter|wife|husband|father|mother|brother|sister|partner"
    r"|grandson|granddaughter|grandfather|grandmother|niece|nephew|cousin|widow|widower)),\s*$"
)
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
        """A person fact for every person named, with what the sentence says of them: a
        role and organisation, an age, and what a "who" clause tells."""
        found = []
        spans = self.parts.spans
        for index, span in enumerate(spans):
            after, age = _age_after(self.text[span.end : span.end + 300])
            age = age or _age_before(self.text[max(0, span.start - 20) : span.start])
            apposition = _apposition(after)
            # "Its chairman, 70-year-old Royce Petrakis": the role stands before the age
            before = _AGE_BEFORE_RE.sub("", self.text[: span.start])
            title = _title_before(before)  # "Former school board member Marcus Greene"
            set_off = _role_set_off_before(before)
            described = _names_a_role(apposition) or bool(set_off) or bool(title)
            if span.kind != "person" and not (span.kind in _MAYBE_PERSON and (age or described)):
                continue
            titled = index and spans[index - 1].kind == "role"
            role = _modifiers_before(self.text, spans[index - 1]) if titled else ""
            role = role or title or _kin_before(before) or set_off
            organisation = ""
            if apposition:
                apposed, organisation = self._resolve_possessive(apposition)
                # "River Hawks owner Curtis Vanderploeg, a trucking executive": the title
                # before the name is the role, the apposition stays as what describes him
                role = role if title else apposed  # "Dr." is no role
            qualifiers = {"role": role, "organisation": organisation, "age": age}
            qualifiers["described"] = apposition
            # "15-year-old Harper Vosburgh of Cottonwood Bend": an aged person, from a place
            name = span.text.split(" of ")[0] if age and span.kind != "person" else span.text
            found.append(
                self.make("person", name, role or "named", None, **qualifiers, who=_who(after))
            )
        return found

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


def _age_after(text: str) -> tuple[str, str]:
    """ "Jane Doe, 54, said": the age after a name, and the text after the age; "Jane
    Doe, a 27-year-old cashier, said": the age, and the text from the apposition on."""
    match = _AGE_RE.match(text)
    if match and 0 < int(match.group(1)) < 120:
        return text[match.end() - 1 :], match.group(1)
    apposed = _AGE_APPOSED_RE.match(text)
    if apposed and 0 < int(apposed.group(1)) < 120:
        return text, apposed.group(1)
    return text, ""


def _age_before(text: str) -> str:
    """ "70-year-old Royce Petrakis": the age written right before a name."""
    match = _AGE_BEFORE_RE.search(text)
    return match.group(1) if match and 0 < int(match.group(1)) < 120 else ""


def _apposition(after: str) -> str:
    """ "Jane Doe, the city's mayor, said": the phrase after a name that describes it."""
    match = _APPOSITION_RE.match(after)
    if not match:
        return ""
    phrase = match.group(1)
    if _AGE_APPOSED_RE.match(after):  # "a 27-year-old cashier at a grocery store, earns ..."
        phrase = phrase.split(",")[0]
    end = _APPOSITION_END_RE.search(phrase)
    return phrase[: end.start()].strip(" ,") if end else phrase.strip(" ,")


def _who(after: str) -> str:
    """ "Jane Doe, who leads the tenants' union, said": what the clause says she does."""
    match = _WHO_RE.match(after)
    return " ".join(match.group(1).split()) if match else ""


def _modifiers_before(text: str, title: Span) -> str:
    """A title with the lower-case words that qualify it ("retired police Lt.")."""
    words = re.findall(r"[\w'-]+|[^\w\s]", text[max(0, title.start - 60) : title.start])
    kept: list[str] = []
    for word in reversed(words[-3:]):
        if not word.isalpha() or not word.islower() or word in STOPWORDS or word in SPEECH_VERBS:
            break
        kept.insert(0, word)
    return " ".join([*kept, title.text])


def _names_a_role(phrase: str) -> bool:
    """True for an apposition that says what someone is ("the university's vice
    president for finance"), not any phrase after a comma."""
    return any(word.lower() in ROLE_NOUNS for word in re.findall(r"[\w'-]+", phrase))


def _role_set_off_before(before: str) -> str:
    """ "The library's fiscal officer, Bernadette Quayle, said": a role set off by
    commas before the name, as written."""
    match = _ROLE_BEFORE_RE.search(before[-120:])
    if not match or match.group("head").lower() not in ROLE_NOUNS:
        return ""
    return match.group("role")


def _kin_before(before: str) -> str:
    """ "Albrecht's son, Tyler, 27,": who a person is to someone named before."""
    match = _KIN_BEFORE_RE.search(before)
    return match.group(1) if match else ""


def _title_before(before: str) -> str:
    """ "school board member Ann Roe", "River Hawks owner Al Poe": a role written just
    before a name, up to the clause's start, a determiner or a verb of speech."""
    words = re.findall(r"[\w'-]+|[^\w\s]", before[-80:])
    if not words or words[-1].lower() not in ROLE_NOUNS:
        return ""
    kept: list[str] = []
    for word in reversed(words[-_TITLE_WORDS_MOST:]):
        lower = word.lower()
        if not word[0].isalnum() or lower in SPEECH_VERBS or (kept and lower in STOPWORDS):
            break
        kept.insert(0, word)
    return " ".join(kept)


def complete_names(facts: list[Fact], sentences: Sequence[SentenceParts]) -> list[Fact]:
    """A person named by surname alone ("Albrecht, 58, said") under the full name the
    source gave before ("Dean Albrecht"), so that what is said of them is found by it."""
    full: dict[str, str] = {}
    for parts in sentences:
        for span in parts.spans:
            words = span.text.split()
            if span.kind in ("person", "name") and len(words) >= 2:
                full.setdefault(words[-1], span.text)
    completed = []
    for fact in facts:
        name = full.get(fact.subject) if fact.kind == "person" else None
        completed.append(replace(fact, subject=name) if name else fact)
    return completed


def drop_repeated_people(facts: list[Fact]) -> list[Fact]:
    """A later bare mention ("Buskovick said") adds nothing to the fact that names the
    person in full with a role."""
    described = {f.subject.split()[-1] for f in facts if f.kind == "person" and f.qualifier("role")}
    return [
        f
        for f in facts
        if not (
            f.kind == "person" and not _says_something(f) and f.subject.split()[-1] in described
        )
    ]


def _says_something(fact: Fact) -> bool:
    return any(fact.qualifier(key) for key in ("role", "age", "who"))


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


@dataclass(frozen=True)
class InFocus:
    """Who "he" or "she" most likely means in one source: in a sentence (keyed by its
    passage id and number in it), and in a paragraph whose quotes a pronoun attributes
    (keyed by passage id); and every word that ends a person's name in it."""

    in_sentences: dict[tuple[str, int], str]
    in_passages: dict[str, str]
    person_words: frozenset[str]


def people_in_focus(sentences: Sequence[tuple[Sentence, SentenceParts]]) -> InFocus:
    """Who "he" or "she" most likely means in each sentence and paragraph of one source.

    The referent is the last person named before the pronoun; a later mention by
    surname alone ("Buskovick") maps back to the full name.
    """
    in_sentences: dict[tuple[str, int], str] = {}
    in_passages: dict[str, str] = {}
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
            in_sentences[sentence.passage_id, sentence.index] = referent
            if speaks(sentence.text):
                # a quote's speaker is named once for the whole paragraph ("...," she said.)
                in_passages.setdefault(sentence.passage_id, referent)
        reading.remember(sentence.text, parts.spans, people)
        person_words.update(name.split()[-1] for name in people)
    return InFocus(in_sentences, in_passages, frozenset(person_words))
