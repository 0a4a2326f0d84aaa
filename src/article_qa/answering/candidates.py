"""Candidates stage: the spans the hand-written rules propose in a retrieved sentence.

The rules know news writing's patterns: a number before the noun asked about, the
speaker of a quote, a title before a name, the clause after the asked words, a reason
after "because". Each proposal carries a score; the ranker adds every other short run
of words and weighs them all.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from ..language.clauses import is_plural
from ..language.lexicon import (
    MEASURE_UNITS,
    PEOPLE_NOUNS,
    STOPWORDS,
)
from ..language.senses import same_sense
from ..language.spans import Span
from ..language.tokens import Token, stems, terms, tokenize
from ..model import AnswerType, Proposal, Question, Sentence
from .kinds import asks_amount, asks_percent, is_apposed_age, is_percent
from .reading import Reading
from .yes_no import decides, denies

_REASON_RE = re.compile(
    r"\b(?:because(?: of)?|since|due to|as a result of|so that|in order to)\s", re.I
)
# "launched an initiative to combat human trafficking": " to " and a word in a verb's
# base form (not a function word, not a plural like "to reporters") after an object
_PURPOSE_RE = re.compile(r"(?<=[a-z]) to (?P<verb>[a-z]+)\b")
# Verbs whose "to ..." says what, not why: "declined to renew it", "voted to close".
_TAKES_INFINITIVE = frozenset(
    """
    agree agreed agrees decide decided decides decline declined declines refuse refused
    refuses vote voted votes plan planned plans want wanted wants hope hoped hopes expect
    expected expects try tried tries need needed needs promise promised promises choose
    chose chosen fail failed fails seek sought seeks intend intended intends begin began
    begun continue continued continues able unable likely going has have had ought
    """.split()
)
_ATTRIBUTION_RE = re.compile(
    r"(?:,\s*|\s+)(?:(?:he|she|they|it|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+)?"
    r"(?:said|says|added|told \w+|explained|noted)(?:\s+[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)?"
    r"[.!?\"”']*\s*$"
)
_LEADING_ATTRIBUTION_RE = re.compile(
    r"^(?:(?:he|she|they|[A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)\s+(?:said|says|added|thinks|believes)"
    r"(?:\s+that)?\s+)",
)
# a full stop ends a clause, except inside an initialism ("U.S. citizens")
_CLAUSE_END_RE = re.compile(r"[;:!?\"”()]|(?<![A-Z])\.(?!\w)")
_COMMA_RE = re.compile(r",\s+")
# "training, research and communications": a list ends in "and"/"or" within a few words
_LIST_GOES_ON_RE = re.compile(r"^(?:[^\s,;:.()]+\s+){1,3}(?:and|or)\b")
_PLACE_WORD_RE = re.compile(r"\b(?:in|at|across|throughout|near|where|from)\b")

Speaker = Callable[[Sentence], "str | None"]


def propose(reading: Reading, speaker: Speaker) -> Iterator[Proposal]:
    """Every answer the rules propose in the sentence, by the kind of answer asked for;
    ``speaker`` says who a quote by pronoun ("...," she said) is by."""
    question, sentence = reading.question, reading.sentence
    spans = [span for span in reading.spans if not echoes_question(span.text, question)]
    kind = question.answer_type
    if kind is AnswerType.NUMBER:
        yield from _numbers(reading, spans)
    elif kind is AnswerType.TIME:
        yield from _typed(reading, spans, "time", 1.5)
    elif kind is AnswerType.PERSON:
        yield from _people(reading, spans, speaker)
    elif kind is AnswerType.ORGANISATION:
        yield from _typed(reading, spans, "organisation", 1.5)
        yield from _typed(reading, spans, "name", 0.3)
    elif kind is AnswerType.PLACE:
        yield from _hometowns(reading, spans)
        yield from _typed(reading, spans, "place", 1.5)
        if question.wh == "where":  # "which city" wants a name, not a description
            yield from _phrases(reading, 0.8, place=True)
    elif kind is AnswerType.REASON:
        start = _reason_start(sentence)
        if start is not None:
            yield _clause_from(sentence, start, 1.5)
        yield from _phrases(reading, 0.5)
    elif kind is AnswerType.YES_NO:
        if decides(reading):
            yield _yes_no(reading)
    else:
        yield from _descriptions(reading, spans)


def _hometowns(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """The place in "Harper Vosburgh of Cottonwood Bend" when the question names the
    one before "of": news writing gives where someone or something is from that way."""
    focus = set(reading.question.focus)
    for span in spans:
        head, of, place = span.text.partition(" of ")
        if not of or not place[:1].isupper() or not focus & set(terms(head)):
            continue
        start = span.start + len(head) + len(of)
        yield Proposal(place, "place", 2.5, start, span.end)


def _descriptions(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    question = reading.question
    if question.asks_role:
        yield from _roles(reading, spans)
    if question.target:
        yield from _kind_of(reading, spans)
    yield from _phrases(reading, 1.0)


def echoes_question(text: str, question: Question) -> bool:
    """True when a span only repeats words of the question (it cannot be the answer)."""
    span_terms = terms(text)
    if not span_terms:
        return text.lower() in question.text.lower()
    return all(term in question.focus for term in span_terms)


def _typed(reading: Reading, spans: list[Span], kind: str, base: float) -> Iterator[Proposal]:
    for span in spans:
        if span.kind == kind:
            yield Proposal(span.text, kind, base + reading.nearness(span), span.start, span.end)


def _numbers(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """Numbers, best when they count the question's target ("80 girls" for "how many
    girls"); a number that plainly counts something else ("80 girls" for "how many
    organizations") is not a candidate."""
    target = reading.question.target
    # "jobs" counted as "positions": the words of the target's sense count as it; and
    # people counted under another name ("people" as "visitors", "fairgoers" as "people")
    targets = same_sense(target) if target else frozenset()
    if target and _names_people(target):
        targets = targets | {t for ts in reading.token_terms for t in ts if _names_people(t)}
    sentence_terms = {term for ts in reading.token_terms for term in ts}
    for span in spans:
        if span.kind != "number" or is_apposed_age(reading.hit.sentence.text, span):
            continue  # "Ann Roe, 54, said": an age answers only "how old" (about_people)
        # "31 open nursing positions": what is counted stands within three words
        following = [n for n, t in enumerate(reading.tokens) if t.start >= span.end][:3]
        counted = [term for n in following[:1] for term in reading.token_terms[n]]
        if asks_amount(reading.question) and _counts_things(reading, following):
            continue  # "two diners" answers "how many", not "how much"
        if asks_percent(reading.question) and is_percent(reading.hit.sentence.text, span):
            # "Greene received 4,812 votes, or 33%": a share counts nothing after it;
            # "38% said they did not own a car": what it is a share of follows it
            score = 3.0 if _said_after(reading, span, spans) else 2.0
        elif target and targets & {term for n in following for term in reading.token_terms[n]}:
            score = 3.0
        elif target and (counted or not targets & sentence_terms):
            continue
        else:
            score = 1.0
        yield Proposal(span.text, "number", score + reading.nearness(span), span.start, span.end)


_PEOPLE_STEMS = stems(PEOPLE_NOUNS)
# endings of English nouns for people who do something: visitors, voters, residents,
# attendees, fairgoers (stemmed: "visitor", "resid", "attende", "fairgoer")
_AGENT_ENDINGS = ("er", "or", "goer", "ent", "ant", "ist", "ee")


def _names_people(term: str) -> bool:
    """True for a stemmed noun for people: a general one ("peopl") or one for people
    who do something ("visitor", "voter", "fairgoer")."""
    return term in _PEOPLE_STEMS or (len(term) > 4 and term.endswith(_AGENT_ENDINGS))


def _said_after(reading: Reading, span: Span, spans: list[Span]) -> bool:
    """True when a word the question requires stands between a number and the next
    number of the sentence (what "38% said ..." says of it), or with the figure it
    restates ("4,812 votes, or 33%")."""
    numbers = [s for s in spans if s.kind == "number"]
    start = span.end
    earlier = [s for s in numbers if s.end <= span.start]
    text = reading.hit.sentence.text
    if earlier and _RESTATED_RE.fullmatch(text[earlier[-1].end : span.start]):
        start = earlier[-1].end  # "4,812 votes, or 33%": the figure it restates says what
    end = min((s.start for s in numbers if s.start > span.start), default=len(text))
    required = set(reading.question.required)
    return any(
        required & set(reading.token_terms[n])
        for n, token in enumerate(reading.tokens)
        if start <= token.start < end and not span.start <= token.start < span.end
    )


_RESTATED_RE = re.compile(r"[\w\s-]*,?\s+or\s+")


def reason_clause(sentence: str) -> Proposal | None:
    """The clause of a sentence that gives a cause or purpose, if it has one."""
    start = _reason_start(sentence)
    return _clause_from(sentence, start, 1.5) if start is not None else None


def gives_reason(sentence: str) -> bool:
    """True when a sentence states a cause or a purpose ("because", "due to", "to
    combat ...")."""
    return _reason_start(sentence) is not None


def _reason_start(sentence: str) -> int | None:
    """Where a sentence's cause ("because ...") or purpose ("to combat ...") begins."""
    cause = _REASON_RE.search(sentence)
    if cause:
        return cause.start()
    for purpose in _PURPOSE_RE.finditer(sentence):
        verb = purpose.group("verb")
        clause = re.split(r"[,;:]", sentence[: purpose.start()])[-1].split()
        if any(word.lower() in _TAKES_INFINITIVE for word in clause[-4:]):
            continue  # "declined to renew it", "voted 7-2 on Friday to raise": what, not why
        if verb not in STOPWORDS and (not verb.endswith("s") or verb.endswith("ss")):
            return purpose.start()
    return None


def _counts_things(reading: Reading, following: list[int]) -> bool:
    """True when the word after a number is a plural noun that is no unit of measure."""
    if not following:
        return False
    word = reading.tokens[following[0]].lower
    return word.isalpha() and is_plural(word) and word not in MEASURE_UNITS | STOPWORDS


def _people(reading: Reading, spans: list[Span], speaker: Speaker) -> Iterator[Proposal]:
    found = False
    for span in spans:
        if span.kind == "person":
            found = True
            yield Proposal(span.text, "person", 2.0 + reading.nearness(span), span.start, span.end)
    # "he" or "she" answers "who" only as the speaker of a quote ("...," she said):
    # elsewhere a pronoun's referent is too often someone else
    named = speaker(reading.hit.sentence)
    if named and not found and not echoes_question(named, reading.question):
        yield Proposal(named, "speaker", 1.8)
    for span in spans:
        if span.kind == "organisation":
            yield Proposal(span.text, "organisation", 0.6, span.start, span.end)


def _kind_of(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """ "What festival ...?", "Which network ...?", "What type of antenna ...?": a name
    the sentence gives that the question does not, or the words that qualify the noun
    asked about where the sentence uses it ("high-gain S-band antenna")."""
    question, sentence = reading.question, reading.sentence
    for span in spans:
        if span.kind in ("name", "organisation", "place", "person"):
            ends_in_target = terms(span.text)[-1:] == [question.target]
            base = 2.2 if ends_in_target else 1.4
            yield Proposal(span.text, "name", base + reading.nearness(span), span.start, span.end)
    tokens = reading.tokens
    for position, token in enumerate(tokens):
        if question.target not in reading.token_terms[position]:
            continue
        start = position
        while start > 0 and _modifier(tokens[start - 1]) and position - start < 4:
            start -= 1
        if start < position and not all(
            t in question.focus for t in terms(sentence[tokens[start].start : token.start])
        ):
            text = sentence[tokens[start].start : token.end]
            yield Proposal(text, "phrase", 2.0, tokens[start].start, token.end)


def _modifier(token: Token) -> bool:
    """A word that may stand before a noun as part of its phrase (not a function word
    or a verb form)."""
    word = token.lower
    return (
        word not in STOPWORDS and not word.endswith(("ed", "ing")) and not word.isdigit()
    ) or "-" in word


def _roles(reading: Reading, spans: list[Span]) -> Iterator[Proposal]:
    """A title before a name the question asks about: "U.S. Attorney for Minnesota Andy Luger"."""
    for role in (s for s in spans if s.kind == "role"):
        named = [s for s in reading.found_spans if s.kind == "person" and s.start > role.end]
        if named and any(term in reading.question.focus for term in terms(named[0].text)):
            yield Proposal(role.text, "role", 2.5, role.start, role.end)


def _yes_no(reading: Reading) -> Proposal:
    return Proposal("No" if denies(reading) else "Yes", "yes/no", 1.0)


def _phrases(reading: Reading, base: float, place: bool = False) -> Iterator[Proposal]:
    """The part of the sentence that says what the question does not: after its last
    question word, else between two of them, else before its first."""
    sentence, question = reading.sentence, reading.question
    matched = [t for t, hit in zip(reading.tokens, reading.matches, strict=True) if hit]
    if not matched:
        return
    after = _after_matches(reading, matched, place)
    if after is _NOT_A_PLACE:
        return  # "where" is answered by a place phrase, not by any words that follow
    if isinstance(after, tuple) and _content_words(sentence[after[0] : after[1]]) >= 1:
        # "Jane Doe, the city's mayor": an apposition right after the name describes it
        apposition = sentence[matched[-1].end :].startswith(", ") and sentence[after[0] :].split()[
            0
        ].lower() in ("the", "a", "an")
        score = base + (1.0 if apposition else 0.0)
        yield Proposal(sentence[after[0] : after[1]], "phrase", score, after[0], after[1])
        return
    between = _between_matches(sentence, matched, question)
    if between:
        yield Proposal(sentence[between[0] : between[1]], "phrase", base * 0.9, *between)
        return
    start = 0
    leading = _LEADING_ATTRIBUTION_RE.match(sentence)
    if leading:
        start = leading.end()
    before = _trim(sentence, start, matched[0].start)
    if before and _content_words(sentence[before[0] : before[1]]) >= 1:
        yield Proposal(sentence[before[0] : before[1]], "phrase", base * 0.8, *before)


_NOT_A_PLACE = object()


def _after_matches(
    reading: Reading, matched: list[Token], place: bool
) -> tuple[int, int] | None | object:
    """The clause after the question's last word; for a place, the clause from the
    first place word after its first (``_NOT_A_PLACE`` when there is none)."""
    sentence, question = reading.sentence, reading.question
    end = matched[-1].end
    if matched[-1].text[0].isupper():
        # the question named part of a name ("Andy"): the rest of the name is not an answer
        for token in reading.tokens[reading.tokens.index(matched[-1]) + 1 :]:
            if not token.text[0].isupper() or sentence[end : token.start].strip():
                break
            end = token.end
    if not place:
        return _trim(sentence, end, len(sentence), question)
    match = _PLACE_WORD_RE.search(sentence[matched[0].start :])
    if not match:
        return _NOT_A_PLACE
    return _trim(sentence, matched[0].start + match.start(), len(sentence))


def _between_matches(
    sentence: str, matched: list[Token], question: Question
) -> tuple[int, int] | None:
    """ "putting [dedicated resources] toward it": the unasked part between asked words."""
    gaps = [
        (left.end, right.start)
        for left, right in zip(matched, matched[1:], strict=False)
        if _content_words(sentence[left.end : right.start]) >= 1
    ]
    if not gaps:
        return None
    begin, end = max(gaps, key=lambda gap: gap[1] - gap[0])
    return _trim(sentence, begin, end, question)


def _clause_from(sentence: str, start: int, score: float) -> Proposal:
    # a reason goes on through the clause that says when or how it worked
    span = _trim(sentence, start, len(sentence), keep_subordinate=True)
    if span is None:
        return Proposal(sentence.strip(), "phrase", score * 0.5)
    return Proposal(sentence[span[0] : span[1]], "phrase", score, span[0], span[1])


def _trim(
    sentence: str,
    start: int,
    end: int,
    question: Question | None = None,
    keep_subordinate: bool = False,
) -> tuple[int, int] | None:
    """Shrink [start, end) to one clause, without attribution, edge punctuation, or the
    linking words the question itself ends with ("cracking down on" -> "trafficking")."""
    piece = sentence[start:end]
    attribution = _ATTRIBUTION_RE.search(piece)
    if attribution:
        piece = piece[: attribution.start()]
    stop = _CLAUSE_END_RE.search(piece, 1)
    if stop:
        piece = piece[: stop.start()]
    end = start + _clause_comma(piece, keep_subordinate)
    skip = {"is", "are", "was", "were", "that", "to", "and", "which"}
    if question is not None:
        skip |= set(question.words) & STOPWORDS
    edge = " ,;:-\"'“”"
    while start < end and sentence[start] in edge:
        start += 1
    while True:  # leading linking words, each with the spaces after it
        word = re.match(r"(\S+)\s+", sentence[start:end])
        if not word or word.group(1).lower() not in skip:
            break
        start += word.end()
    while end > start and sentence[end - 1] in edge:
        end -= 1
    return (start, end) if end > start else None


def _clause_comma(piece: str, keep_subordinate: bool = False) -> int:
    """Where a comma ends the clause: the first one that does not continue a list
    ("training, research and communications" goes on; ", which ..." does not), nor,
    with ``keep_subordinate``, a clause of time or manner (", when the crop was ...")."""
    for comma in _COMMA_RE.finditer(piece, 1):
        rest = piece[comma.end() :]
        if keep_subordinate and re.match(r"\s*(?:when|while|as|after|before|since)\b", rest):
            continue
        if not _LIST_GOES_ON_RE.match(rest) or rest.lower().startswith(
            ("which", "who", "but", "she", "he")
        ):
            return comma.start()
    return len(piece)


def _content_words(text: str) -> int:
    return sum(1 for t in tokenize(text) if t.lower not in STOPWORDS)
