"""Answer stage: questions about a named person, and who holds a role.

"Who is Jane Doe?", "What is her job?", "How old is Jane Doe?" ask for what the text
says of that one person: the role written beside her name, the age after it, or what a
"who" clause says she does. Only what is bound to that person answers; when the text
names her but never gives what is asked, the answer is "no answer" with that reason,
never a figure that stands near her name. "Who is the city clerk?" and "who chairs
the board?" go the other way, from a role to the person it is written beside.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..language.lexicon import ARTICLES, PLACE_NOUNS, ROLE_NOUNS, SPEECH_VERBS
from ..language.senses import stated_in
from ..language.tokens import stem, terms
from ..model import Answer, Fact, Hit, Question, fact_answer, no_answer, quoted_answer
from .kinds import spans_in

# The raw score of an answer read from what a sentence binds to a person (calibrated
# per route like every other).
RAW_CONFIDENCE = 0.85

_NAME = r"(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})"
_AGE_QUESTION_RES = (
    re.compile(rf"^(?i:(?:and\s+)?how old (?:is|was)) {_NAME}(?:\s+now)?\s*\??$"),
    re.compile(rf"^(?i:what (?:is|was)) {_NAME}'s? (?i:age)\s*\??$"),
    re.compile(rf"^(?i:what age (?:is|was)) {_NAME}\s*\??$"),
)
_ROLE_QUESTION_RES = (
    re.compile(rf"^(?i:who (?:is|was)) {_NAME}\s*\??$"),
    re.compile(
        rf"^(?i:what (?:is|was)) {_NAME}'s? (?i:job|title|role|position|occupation|profession)\s*\??$"
    ),
    re.compile(rf"^(?i:what does) {_NAME} (?i:do(?: for a living)?)\s*\??$"),
    # "what did Marcus Greene serve on before running?": the role he held
    re.compile(rf"^(?i:what (?:did|does|has)) {_NAME} (?i:serve (?:on|as)|work (?:for|as))\b.*$"),
)
_HOLDER_RES = (
    re.compile(r"^(?i:who (?:is|was) (?:the|their|its)) (?P<role>[a-z][\w' -]*?)\s*\??$"),
    re.compile(
        r"^who (?P<verb>chairs|leads|heads|runs|directs|manages|owns|coaches|supervises)"
        r" (?:the )?(?P<role>[\w' -]+?)\s*\??$",
        re.I,
    ),
)
_WHERE_IS_RE = re.compile(rf"^(?i:where (?:is|was|are|were)) {_NAME}\s*\??$")
# "where will Route 31 take riders?": a name, with its number, after the verb's auxiliary
_WHERE_NAMED_RE = re.compile(
    r"^(?i:where (?:will|would|does|do|did|can|could)) "
    r"(?P<name>[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3}(?:\s+\d+)?)\b"
)
# a place phrase set off after a name: "near the Cedar Street rail yard"
_PLACE_PHRASE = (
    r"(?:near|on|in|at|along|off|outside|inside|beside|behind|across from|next to"
    r"|(?:\w+ (?:miles?|blocks?) )?(?:north|south|east|west) of)\s[^,;]{3,60}"
)
_OPPOSED_QUESTION_RE = re.compile(
    r"^(?i:which|what) [\w' -]+? (?i:voted (?:no|against)|opposed|dissented|voted to reject)\b"
)
# the people before this in a sentence are those who voted against
_VOTED_AGAINST_RE = re.compile(
    r"\b(?:voted (?:no|against)|opposed|dissented|cast the (?:lone )?no)\b"
)
# "who sponsored the ordinance?": what someone did, to find in a "who" clause
_WHO_DID_RE = re.compile(r"^(?i:who) (?P<did>[a-z][\w' -]*?)\s*\??$")
_GENERAL_TERMS = frozenset(terms("is was are were has have had the a an"))
# "who chairs the board?" asks for the board's chair
_VERB_ROLES = {
    "chairs": "chair",
    "leads": "leader",
    "heads": "head",
    "runs": "director",
    "directs": "director",
    "manages": "manager",
    "owns": "owner",
    "coaches": "coach",
    "supervises": "supervisor",
}


@dataclass(frozen=True)
class Profile:
    """What the sentences of one source say of one person, each with the fact saying it."""

    name: str
    role: Fact | None
    age: Fact | None
    who: Fact | None


class PeopleIndex:
    """The person facts of a knowledge base, found by a word of their name, by the
    head noun of their role and by having a "who" clause: a question about one person
    reads a few facts, not every person of a large folder."""

    def __init__(self, facts: Sequence[Fact]):
        self._by_name_word: dict[str, list[int]] = {}
        self._by_role_head: dict[str, list[Fact]] = {}
        self.facts = [fact for fact in facts if fact.kind == "person"]
        # most people have no "who" clause; the terms of those that do are read once
        self.with_clause = [
            (fact, frozenset(terms(clause)))
            for fact in self.facts
            if (clause := fact.qualifier("who"))
        ]
        for position, fact in enumerate(self.facts):
            words = fact.subject.split()
            if words:
                self._by_name_word.setdefault(words[-1], []).append(position)
            head = _head_noun(fact.qualifier("role") or "")
            if head:
                self._by_role_head.setdefault(head, []).append(fact)

    def named(self, name: str) -> list[Fact]:
        """The facts about the person the name means (see ``same_person``), in reading order."""
        words = name.split()
        if not words:
            return []
        # a fact's last word is the asked surname, or (a lone first name) the first name
        positions = set(self._by_name_word.get(words[-1], ()))
        positions.update(self._by_name_word.get(words[0], ()))
        return [
            self.facts[p] for p in sorted(positions) if same_person(name, self.facts[p].subject)
        ]

    def in_role(self, head: str) -> list[Fact]:
        """The facts whose role's head noun (stemmed) is ``head``, in reading order."""
        return self._by_role_head.get(head, [])


def about_person(
    question: Question,
    people: Callable[[], PeopleIndex],
    source_order: Callable[[], list[str]],
    knows: Callable[[str], bool] = lambda term: False,
) -> Answer | None:
    """The answer to a question about a named person or a role's holder, "no answer"
    when the person is named but the text does not give what is asked, or None when the
    question is not of that kind (or names no one the facts know).

    ``people`` gives the person facts, indexed (read only for a question of this kind);
    ``source_order`` ranks source ids by how well they match the question; it is
    called only to choose between people of different stories. ``knows`` tells
    whether the knowledge uses a search term (a surname no person fact holds).
    """
    text = question.text
    for pattern in _AGE_QUESTION_RES:
        match = pattern.match(text)
        if match:
            name = match.group("name")
            profiles = _profiles_of(name, people(), source_order)
            if not profiles and knows(stem(name.split()[-1].lower())):
                profiles = [Profile(name, None, None, None)]  # named, but never with an age
            return _age(question, profiles)
    for pattern in _ROLE_QUESTION_RES:
        match = pattern.match(text)
        if match:
            return _role(question, _profiles_of(match.group("name"), people(), source_order))
    for pattern in _HOLDER_RES:
        match = pattern.match(text)
        if match:
            verb = match.groupdict().get("verb")
            role = match.group("role") + (f" {_VERB_ROLES[verb.lower()]}" if verb else "")
            found = _holder(question, role, people(), source_order)
            if found is not None:
                return found
    match = _WHO_DID_RE.match(text)
    return _doer(question, match.group("did"), people()) if match else None


def _clause_says(said: frozenset[str], asked: list[str]) -> bool:
    """Whether a "who" clause (its terms ``said``) says what was asked: its verb and the
    head of its object ("sponsored the ordinance" for "sponsored the minimum wage
    ordinance")."""
    return stated_in(asked[0], said) and stated_in(asked[-1], said)


def _doer(question: Question, did: str, people: PeopleIndex) -> Answer | None:
    """ "Who sponsored the ordinance?" answered by the one person whose "who" clause
    says so ("Reyna Calderwood, 44, who sponsored the ordinance, said")."""
    asked = [t for t in terms(did) if t not in _GENERAL_TERMS]
    if not asked:
        return None
    doers = [fact for fact, said in people.with_clause if _clause_says(said, asked)]
    names = {fact.subject for fact in doers}
    return _answer(question, doers[0].subject, doers[0]) if len(names) == 1 else None


def asks_who_opposed(question: Question) -> bool:
    """True for "which commissioners voted no?", "which board members opposed ...?"."""
    return bool(_OPPOSED_QUESTION_RE.match(question.text))


def opposed_in(question: Question, hits: Sequence[Hit]) -> Answer | None:
    """The people a sentence says voted against ("Commissioners Jean Palmquist, Derek
    Stoll and Amy Rademacher voted against the plan"), from the best sentences."""
    for hit in hits:
        text = hit.sentence.text
        cue = _VOTED_AGAINST_RE.search(text)
        if cue is None:
            continue
        names = [s for s in spans_in(text) if s.kind in ("person", "name") and s.end <= cue.start()]
        if not names:
            continue
        start, end = names[0].start, names[-1].end
        first_word = re.match(r"(\w+)\s+", text[start:end])
        if first_word and _singular(first_word.group(1).lower()) in ROLE_NOUNS:
            start += first_word.end()  # "Commissioners Jean Park, ...": the names only
        return quoted_answer(question, hit, (start, end), RAW_CONFIDENCE, tuple(hits))
    return None


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def where_is(question: Question, hits: Sequence[Hit]) -> Answer | None:
    """A "where" question about a name, answered from a place set off by commas after
    the name ("Hillview, near the Cedar Street rail yard, ...", "Lincoln, on the city's
    north side, ...") or from where it goes ("Route 31 to the Westgate industrial
    park", asked "where will Route 31 take riders?")."""
    names = _names_asked_where(question.text)
    if not names:
        return None
    for hit in hits:
        text = hit.sentence.text
        for name in names:
            found = re.search(
                rf"\b{re.escape(name)}(?:,\s+(?P<place>{_PLACE_PHRASE}),"
                rf"|\s+(?P<to>to\s+[^,;.]{{3,60}}))",
                text,
            )
            if found is None:
                continue
            group = "place" if found.group("place") else "to"
            if _names_a_place(found.group(group)) and not _followed_by_digit(found.group(group)):
                return quoted_answer(question, hit, found.span(group), RAW_CONFIDENCE, tuple(hits))
    return None


def _names_asked_where(text: str) -> list[str]:
    """The names a "where" question asks about, longest form first: "Hillview
    Elementary" and "Hillview"; "Route 31" (a name with its number)."""
    match = _WHERE_IS_RE.match(text) or _WHERE_NAMED_RE.match(text)
    if match is None:
        return []
    name = match.group("name")
    return sorted({name, name.split()[0]}, key=len, reverse=True)


def _followed_by_digit(phrase: str) -> bool:
    """ "to 550 riders": a figure, not a place."""
    return bool(re.match(r"to\s+\$?\d", phrase))


def _names_a_place(phrase: str) -> bool:
    """A phrase that names where, not when: a proper name or a word for a place in it
    ("near the Cedar Street rail yard", "on the city's north side")."""
    words = phrase.split()[1:]
    return any(w[:1].isupper() for w in words) or bool(
        {w.lower().removesuffix("'s") for w in words} & PLACE_NOUNS
    )


def person_asked_about(text: str) -> str | None:
    """The name in "how old is X?", "who is X?", "what is X's job?", else None.

    >>> person_asked_about("Who is Dean Albrecht?")
    'Dean Albrecht'
    """
    for pattern in (*_AGE_QUESTION_RES, *_ROLE_QUESTION_RES):
        match = pattern.match(text)
        if match:
            return match.group("name")
    return None


def _age(question: Question, profiles: list[Profile]) -> Answer | None:
    if not profiles:
        return None
    found = next((p for p in profiles if p.age is not None), None)
    if found is None or found.age is None:
        name = profiles[0].name
        return no_answer(
            question.text, f"the knowledge names {name} but does not give {name}'s age", question
        )
    return _answer(question, found.age.qualifier("age") or "", found.age)


def _role(question: Question, profiles: list[Profile]) -> Answer | None:
    for profile in profiles:
        if profile.role is not None:
            fact = profile.role
            return _answer(
                question, fact.qualifier("described") or fact.qualifier("role") or "", fact
            )
        if profile.who is not None:
            return _answer(question, f"who {profile.who.qualifier('who')}", profile.who)
        if profile.age is not None:
            did = _what_they_did(profile.age)
            if did:
                return _answer(question, did, profile.age)
    return None  # named, but not described: the sentences may still say more


def _what_they_did(fact: Fact) -> str:
    """ "Ann Roe, 58, farms 500 acres near Ames.": what the sentence that gives a
    person's age says they do, when it is not what they said."""
    match = re.search(rf",\s+{fact.qualifier('age')},\s+(?P<rest>[^;]+?)\.?$", fact.sentence)
    if not match or match.group("rest").split()[0].lower() in SPEECH_VERBS:
        return ""
    return match.group("rest")


def _holder(
    question: Question, role: str, people: PeopleIndex, source_order: Callable[[], list[str]]
) -> Answer | None:
    """The person whose role is the one asked about: its head noun asked, then the
    most of its words asked and the fewest not asked ("City Clerk" before "Deputy City
    Clerk" for "the city clerk"), then the story the question points to."""
    asked = {stem(word) for word in re.findall(r"[\w]+", role.lower())} - {"s"}
    head = _head_noun(role)
    scored = []
    if not head:
        return None
    for fact in people.in_role(head):
        written = fact.qualifier("role") or ""
        words = [stem(w) for w in re.findall(r"[\w]+", written.lower()) if w not in ARTICLES]
        matched = sum(1 for w in words if w in asked)
        scored.append((matched - (len(words) - matched), fact))
    if not scored:
        return None
    best = max(score for score, _ in scored)
    tied = [fact for score, fact in scored if score == best]
    if len({fact.citation.source_id for fact in tied}) > 1:
        order = source_order()
        tied.sort(
            key=lambda f: (
                order.index(f.citation.source_id) if f.citation.source_id in order else len(order)
            )
        )
    return _answer(question, tied[0].subject, tied[0])


def _head_noun(role: str) -> str:
    """The last word of a role that names what a person is ("chief" in "police
    chief", "attorney" in "U.S. Attorney for Minnesota"), stemmed; "" when none does."""
    words = [w for w in re.findall(r"[\w]+", role.lower()) if w in ROLE_NOUNS]
    return stem(words[-1]) if words else ""


def _profiles_of(
    name: str, people: PeopleIndex, source_order: Callable[[], list[str]]
) -> list[Profile]:
    """What each source says of the person the name means, best-matching story first."""
    by_source: dict[str, list[Fact]] = {}
    for fact in people.named(name):
        by_source.setdefault(fact.citation.source_id, []).append(fact)
    if len(by_source) > 1:
        order = source_order()
        ranked = sorted(by_source, key=lambda s: order.index(s) if s in order else len(order))
    else:
        ranked = list(by_source)
    return [_profile(name, by_source[source]) for source in ranked]


def _profile(name: str, facts: list[Fact]) -> Profile:
    def first(key: str) -> Fact | None:
        return next((f for f in facts if f.qualifier(key)), None)

    full = max((f.subject for f in facts), key=lambda s: len(s.split()), default=name)
    return Profile(full, first("role"), first("age"), first("who"))


def same_person(asked: str, named: str) -> bool:
    """True when a name in a question means the person a fact names: the same surname
    and, when both give one, the same first name; a lone first name ("Tyler") matches
    the first name asked.

    >>> same_person("Dean Albrecht", "Albrecht"), same_person("Tyler Albrecht", "Dean Albrecht")
    (True, False)
    """
    asked_words = asked.split()
    named_words = named.split()
    if len(named_words) == 1:
        return named_words[0] in (asked_words[-1], asked_words[0])
    if len(asked_words) == 1:
        return asked_words[0] == named_words[-1]
    return asked_words[-1] == named_words[-1] and asked_words[0] == named_words[0]


def _answer(question: Question, text: str, fact: Fact) -> Answer:
    start = fact.sentence.find(text.removeprefix("who "))
    end = start + len(text.removeprefix("who "))
    highlight = (start, end) if start >= 0 else None
    return fact_answer(question, text, (fact,), RAW_CONFIDENCE, highlight=highlight)
