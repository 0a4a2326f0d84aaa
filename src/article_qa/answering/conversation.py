"""Conversation stage: resolve a follow-up question against the turns before it.

People ask "and boys?", "what about last year?", "when?" or "what did she say?" after
a first question. This module turns such a turn into a complete question using the
last one and what was last in focus; a question that is complete and refers to
nothing earlier is left exactly as asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol

from ..language.lexicon import (
    AUXILIARIES,
    HOW_NUMBER,
    ORGANISATION_WORDS,
    PERSON_PRONOUN_POSSESSIVE,
    QUESTION_WORDS,
    STOPWORDS,
    THING_PRONOUN_POSSESSIVE,
)
from ..language.spans import find_spans
from ..language.tokens import Token, terms, tokenize
from ..model import Answer, AnswerType, Question, Turn, no_answer
from .about_people import person_asked_about
from .question import analyse

_WH_WORDS = QUESTION_WORDS
_LEADS_RE = re.compile(
    r"^(?:and|also|but|ok|okay|so|then)?[\s,]*(?:what about|how about|and about|about)?\s*",
    re.IGNORECASE,
)
_PERSON_PRONOUNS = PERSON_PRONOUN_POSSESSIVE
_THING_PRONOUNS = THING_PRONOUN_POSSESSIVE
_DETERMINERS = frozenset(["the", "its", "their", "his", "her", "this", "that"])
_SUBJECT_AFTER_AUXILIARY_RE = re.compile(
    rf"\b(?:{'|'.join(sorted(AUXILIARIES))})\s+((?:the|its|their|his|her)\s+[\w'-]+)\s+[a-z]", re.I
)
# "... to combat human trafficking", "... because the bridge is unsafe": the why of it
_REASON_TAIL_RE = re.compile(
    r"(?:,\s*|\s+)(?:in order to|so that|because(?: of)?|due to|to (?=[a-z]+\b))[^,;]*$"
)
# the question words whose rewrite leaves the sentence's own times out
_UNTIMED = frozenset(["when", "why", "where"])
_LEADING_CONJUNCTION_RE = re.compile(r"^(?:and|so|but|then|ok|okay)\s*,?\s+(?=\w)", re.I)
# "how many fewer were there ...": a comparison that does not say of what
_BARE_COMPARISON_RE = re.compile(
    r"\bhow (?:many|much) (more|fewer|less)(?=\s+(?:were|was|did|do|does|are|is|have|has|had)\b)",
    re.I,
)
FOLLOW_UP_WITHOUT_CONTEXT = "it reads as a follow-up, but there is no earlier question"
_THAT_SAID_RE = re.compile(
    r"^(?:and\s+)?(?:so\s+)?who (?:said|gave|reported|provided|released|announced|estimated)"
    r" (?:that|this|it|those|these)(?:\s+(?:figures?|numbers?|estimates?|data|statistics))?\??$",
    re.IGNORECASE,
)
CANNOT_RESOLVE = "it reads as a follow-up, but no earlier answer gives it a sentence to refer to"


class Asker(Protocol):
    """Anything that answers a complete question (a ``Bot``)."""

    def ask(self, question: str, story: str | None = None) -> Answer:
        """The answer to one complete question, the conversation's story preferred."""
        ...


@dataclass
class Conversation:
    """The turns so far, and who and what was last in focus."""

    turns: list[Turn] = field(default_factory=list)
    person: str | None = None
    thing: str | None = None

    def reset(self) -> None:
        """Forget every earlier turn."""
        self.turns.clear()
        self.person = self.thing = None

    @property
    def last(self) -> Turn | None:
        """The last turn, if any."""
        return self.turns[-1] if self.turns else None

    def resolve(self, text: str) -> str | None:
        """The question ``text`` as a complete question, given the earlier turns; None
        when it points back to an answer that was never given."""
        text = " ".join(text.split())
        last = self.last
        if last is None:
            return text
        words = [t.lower for t in tokenize(text)]
        said = self._last_said()
        if _THAT_SAID_RE.match(text.strip()):
            return f"who said that {_statement(said, drop_times=False)}?" if said else None
        if len(words) == 1 and words[0] in _WH_WORDS:
            return _bare_question_word(words[0], said) if said else None
        if _is_fragment(words):
            fragment = _LEADS_RE.sub("", text).strip(" ?.!")
            if fragment:
                return _substitute(fragment, self._last_complete()) or text
        return self._replace_pronouns(text)

    @property
    def story(self) -> str | None:
        """The source of the last answer given: the story the conversation is about."""
        for turn in reversed(self.turns):
            if turn.answer.found and turn.answer.citation is not None:
                return turn.answer.citation.source_id
        return None

    def _last_said(self) -> str | None:
        """The sentence of the last answer given (an unanswered turn gives none)."""
        for turn in reversed(self.turns):
            if turn.answer.found and turn.answer.sentence:
                return turn.answer.sentence
        return None

    def _last_complete(self) -> Turn:
        """The last turn whose question was asked in full or completed from a fragment,
        never one rewritten from a bare "when?" or "who said that?"."""
        for turn in reversed(self.turns):
            if not _points_back(turn.asked):
                return turn
        return self.turns[-1]

    def needs_context(self, text: str) -> bool:
        """True for a follow-up ("and boys?", "when?") asked with no earlier turn."""
        words = [t.lower for t in tokenize(text)]
        bare = len(words) == 1 and words[0] in _WH_WORDS
        return self.last is None and (
            bare or _is_fragment(words) or bool(_THAT_SAID_RE.match(text.strip()))
        )

    def record(self, asked: str, resolved: str, answer: Answer) -> None:
        """Remember a turn and update who and what is in focus."""
        question = _analysis(answer, resolved)
        self.turns.append(Turn(asked, resolved, answer))
        people = [s.text for s in find_spans(resolved) if s.kind == "person"]
        asked_about = person_asked_about(resolved)
        if asked_about:
            self.person = asked_about
        elif answer.found and question.answer_type is AnswerType.PERSON:
            if _names_an_organisation(answer.text or ""):
                self.thing = answer.text  # "who reported that?" -> an office: "it", not "she"
            else:
                self.person = answer.text
        elif people:
            self.person = people[-1]
        elif answer.found and answer.sentence:
            named = [s.text for s in find_spans(answer.sentence) if s.kind == "person"]
            self.person = named[0] if named else self.person
        thing = _thing_of(resolved, question)
        if thing and not (answer.found and _names_an_organisation(answer.text or "")):
            self.thing = thing

    def _replace_pronouns(self, text: str) -> str:
        def swap(match: re.Match[str]) -> str:
            word = match.group(0)
            lower = word.lower()
            possessive = {**_PERSON_PRONOUNS, **_THING_PRONOUNS}.get(lower)
            if possessive is None:
                following = re.match(r"\s+(\w+)", text[match.end() :])
                possessive = following is not None and following.group(1).lower() not in STOPWORDS
            name = self.person if lower in _PERSON_PRONOUNS else self.thing
            if name and name[:1].islower():
                name = f"the {name}"  # "it" -> "the soybean yield"
            return name + ("'s" if possessive else "") if name else word

        pronouns = "|".join([*_PERSON_PRONOUNS, *_THING_PRONOUNS])
        replaced = re.sub(rf"\b(?:{pronouns})\b", swap, text, flags=re.IGNORECASE)
        if replaced == text:
            return self._fill_comparison(text)
        return _LEADING_CONJUNCTION_RE.sub("", replaced)

    def _fill_comparison(self, text: str) -> str:
        """ "So how many fewer were there in 2024?" after counts of assaults in 2024 and
        2023: "how many fewer aggravated assaults were there in 2024 than in 2023?"."""
        match = _BARE_COMPARISON_RE.search(text)
        complete = self._last_complete()
        thing = _thing_of(complete.resolved, _analysis(complete.answer, complete.resolved))
        if match is None or not thing:
            return text
        filled = f"{text[: match.end(1)]} {thing}{text[match.end(1) :]}"
        asked = [s.text for s in find_spans(text) if s.kind == "time"]
        earlier = [
            span.text
            for turn in reversed(self.turns)
            for span in find_spans(turn.resolved)
            if span.kind == "time" and span.text not in asked
        ]
        if len(asked) == 1 and earlier and " than " not in filled:
            other = earlier[0]
            filled = f"{filled.rstrip(' ?')} than {'in ' if other[0].isdigit() else ''}{other}?"
        return _LEADING_CONJUNCTION_RE.sub("", filled)


def _is_fragment(words: list[str]) -> bool:
    """True for "and boys?", "what about women?", "men?", "and last year?": no question
    word of its own and no verb, or a question word only in "what/how about"."""
    if not words:
        return False
    joined = " ".join(words)
    if re.match(r"^(?:and\s+)?(?:what|how) about\b", joined):
        return True
    if words[0] in _WH_WORDS or words[0] in AUXILIARIES:
        return False
    if any(w in _WH_WORDS for w in words):
        return False
    content = [w for w in words if w not in STOPWORDS]
    return len(content) <= 4 and not any(w in AUXILIARIES for w in words)


def _substitute(fragment: str, last: Turn) -> str | None:
    """Put a fragment in the place of what it replaces in the last question: a time for
    a time, a counted thing for a counted thing, a name for a name."""
    previous = last.resolved
    times = [s for s in find_spans(fragment) if s.kind == "time"]
    if times and len(times[0].text) >= len(fragment) - 3:
        return _swap_time(previous, fragment)
    names = [
        s for s in find_spans(previous) if s.kind in ("person", "organisation", "name", "place")
    ]
    if fragment[:1].isupper() and names:
        old = names[-1]
        return previous[: old.start] + fragment + previous[old.end :]
    subject = _SUBJECT_AFTER_AUXILIARY_RE.search(previous)
    if fragment.split()[0].lower() in _DETERMINERS and subject:
        # "how much would the city pay?" + "and the team?": the team is the new subject
        return previous[: subject.start(1)] + fragment + previous[subject.end(1) :]
    if times and times[-1].end >= len(fragment) - 1 and times[-1].start > 0:
        # "what about corn last year?": a new thing and a new time, each in its place
        thing = fragment[: times[-1].start].strip(" ,")
        with_thing = _substitute(thing, last) if thing else None
        return _swap_time(with_thing or previous, times[-1].text)
    target = _analysis(last.answer, last.resolved).target
    if target:
        for token in tokenize(previous):
            if _stem_of(token.text) == target:
                return previous[: token.start] + fragment + previous[token.end :]
    return None


def _swap_time(previous: str, time: str) -> str:
    old = [s for s in find_spans(previous) if s.kind == "time"]
    bare = time[0].isdigit() or time.lower().startswith(("in ", "on "))
    phrase = f"in {time}" if time[0].isdigit() else time
    if old:
        span = old[-1]
        start = span.start
        if previous[max(0, start - 3) : start].lower() == "in ":
            start -= 3
        return previous[:start] + phrase + previous[span.end :]
    stripped = previous.rstrip(" ?.")
    return f"{stripped} {phrase if not bare else time}?"


def _stem_of(word: str) -> str:
    return next(iter(terms(word)), "")


def _points_back(asked: str) -> bool:
    """True for a turn that only points at the last answer ("when?", "who said that?")."""
    words = [t.lower for t in tokenize(asked)]
    bare = len(words) == 1 and words[0] in _WH_WORDS
    return bare or bool(_THAT_SAID_RE.match(asked.strip()))


def _bare_question_word(word: str, sentence: str) -> str:
    """ "When?" after an answer asks when what it said happened, as a question a person
    could type: "when was it that <the answer's sentence>?", without the sentence's own
    time (for "when"), purpose or cause (for "why"), quotes and attribution."""
    statement = _statement(sentence, drop_times=word in _UNTIMED, drop_reasons=word == "why")
    if word in ("who", "what", "which"):
        return f"{word} {statement}?"
    return f"{word} was it that {statement}?"


def _statement(sentence: str, drop_times: bool, drop_reasons: bool = False) -> str:
    text = sentence
    if drop_times:
        for span in reversed([s for s in find_spans(text) if s.kind == "time"]):
            text = text[: span.start] + text[span.end :]
        # "the survey, which was conducted earlier this year," without its time
        text = re.sub(r",\s*(?:which|that|who)\s+(?:was|were|is|are)\s+\w+\s*,", ",", text)
    if drop_reasons:
        text = _REASON_TAIL_RE.sub("", text)
    text = re.sub(
        r",?\s+(?:he|she|they|[A-Z]\w+(?:\s+[A-Z]\w+)*)\s+(?:said|says|added)\.?\"?$", "", text
    )
    text = re.sub(r",?\s+(?:said|says|added)\s+[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*\.?\"?$", "", text)
    # ", the ferry line said on Monday."
    text = re.sub(
        r",\s+(?:the\s+)?[\w' -]{1,40}?\s+(?:said|says|added)(?:\s+on\s+\w+)?\.?\"?$", "", text
    )
    # "Buskovick said at the time ...": the attribution is who said it, not what was said
    text = re.sub(
        r"^(?:[A-Z]\w+(?:\s+[A-Z]\w+)*|[Hh]e|[Ss]he|[Tt]hey)\s+(?:said|says|added)\s+(?:that\s+)?",
        "",
        text,
    )
    text = text.strip(" \"“”'.")
    text = re.sub(r"\s+([,;])", r"\1", text)
    return " ".join(text.split())


def _thing_of(resolved: str, question: Question) -> str | None:
    """What "it" and "they" most likely point to next: the noun phrase asked about."""
    tokens = tokenize(resolved)
    if question.target:
        for n, token in enumerate(tokens):
            if _stem_of(token.text) == question.target:
                # "what soybean yield ...": "it" is the soybean yield, not any yield
                first = n
                while first > 0 and _modifies(tokens[first - 1]):
                    first -= 1
                return resolved[tokens[first].start : token.end]
    run: list[str] = []
    best: list[str] = []
    for token in tokens:
        word = token.lower
        if word in STOPWORDS or word in _WH_WORDS or token.text[0].isupper():
            best = run if len(run) > len(best) else best
            run = []
        else:
            run.append(token.text)
    best = run if len(run) > len(best) else best
    return " ".join(best) if best else None


def _names_an_organisation(text: str) -> bool:
    """True for "Office of Justice Programs", "the county board": a name of a body."""
    return any(word.lower() in ORGANISATION_WORDS for word in text.split())


def _modifies(token: Token) -> bool:
    """A plain lower-case word that may qualify the noun after it ("soybean" yield)."""
    word = token.lower
    return (
        token.text.isalpha()
        and token.text.islower()
        and word not in STOPWORDS
        and word not in _WH_WORDS
        and word not in AUXILIARIES
        and word not in HOW_NUMBER
    )


def _analysis(answer: Answer, resolved: str) -> Question:
    """The question a turn's answer was for, as analysed."""
    return answer.analysis or analyse(resolved)


def take_turn(bot: Asker, conversation: Conversation, text: str) -> Turn:
    """One turn of a conversation: resolve ``text`` against the earlier turns, answer
    the complete question, and remember the turn. A follow-up with no earlier turn
    gets "no answer" and is not remembered. The one turn logic of the chat,
    ``ask --conversation`` and question sets. Raises ``QuestionError`` for a question
    that cannot be asked."""
    if conversation.needs_context(text):
        return Turn(text, " ".join(text.split()), no_answer(text, FOLLOW_UP_WITHOUT_CONTEXT))
    resolved = conversation.resolve(text)
    if resolved is None:
        return Turn(text, " ".join(text.split()), no_answer(text, CANNOT_RESOLVE))
    answer = bot.ask(resolved, conversation.story)
    conversation.record(text, resolved, answer)
    return Turn(text, resolved, answer)
