"""Language tools: typed pieces of a sentence that can be short answers.

Numbers (digits or words), times, and runs of capitalised words classified as
people, organisations, places or plain names, each with its offsets in the sentence.
The rules are about English news writing in general, not about any one article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import (
    CURRENCY_SIGNS,
    MONTHS,
    NAME_CONNECTORS,
    NUMBER_WORDS,
    ORGANISATION_WORDS,
    PERCENT_UNITS,
    PERSONAL_PRONOUNS,
    PLACE_PREPOSITIONS,
    ROLE_NOUNS,
    SCALES,
    SPEECH_VERBS,
    STOPWORDS,
    TITLE_WORDS,
    WEEKDAYS,
    YEAR_PREPOSITIONS,
)
from .numbers import parse_number
from .tokens import Token, tokenize

_YEAR_RE = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
# A year before 1500 is told from a count by the word before it ("in 1186"), see _is_year.
_OLD_YEAR_RE = re.compile(r"^1[0-4]\d\d$")
# What may follow an old year: punctuation, a name, or a word joining years.
_AFTER_YEAR_WORDS = frozenset(["and", "to", "or", "through"])
_WORD_BEFORE_RE = re.compile(r"(\w+)\W*$")
_WORD_AFTER_RE = re.compile(r"\W*(\w+)")
_RELATIVE_TIME_RE = re.compile(
    r"\b(?:(?:earlier|later)\s+)?(?:last|this|next|previous|past|coming)\s+"
    r"(?:year|month|week|decade|spring|summer|fall|autumn|winter|season|quarter|semester)\b"
    r"|\b(?:yesterday|today|tomorrow|tonight)\b"
    r"|\b(?:(?:early|mid|late)[- ])?(?:1[5-9]|20)\d0s\b",  # "the 1990s", "early 1970s"
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Span:
    """A typed piece of a sentence.

    ``kind`` is number, time, person, organisation, place, role (a title before a name),
    name (capitalised, type unknown) or initial (a lone capitalised word opening the
    sentence, which may be no name at all).
    """

    kind: str
    start: int
    end: int
    text: str
    value: float | None = None


def find_spans(sentence: str) -> tuple[Span, ...]:
    """All typed spans in a sentence, in order of where they start."""
    tokens = list(tokenize(sentence))
    spans = _numbers(sentence, tokens) + _times(sentence, tokens) + _names(sentence, tokens)
    return tuple(sorted(spans, key=lambda s: (s.start, -s.end)))


_DIGITS_RE = re.compile(r"\d+(?:\.\d+)?%?")


def _is_year(sentence: str, tokens: list[Token], i: int) -> bool:
    """Whether token ``i`` is a year: 1500-2099, or an older one after a preposition
    of time and before punctuation or a name ("In 1186, Temujin ..."; not "in 1186
    cases")."""
    text = tokens[i].text
    if _YEAR_RE.match(text):
        return True
    if not _OLD_YEAR_RE.match(text) or i == 0 or tokens[i - 1].lower not in YEAR_PREPOSITIONS:
        return False
    if i + 1 == len(tokens) or sentence[tokens[i].end : tokens[i + 1].start].strip():
        return True  # the sentence ends or punctuation follows
    following = tokens[i + 1]
    return following.text[0].isupper() or following.lower in _AFTER_YEAR_WORDS


def _is_number_token(token: Token) -> bool:
    word = token.lower.replace(",", "")
    return word in NUMBER_WORDS or bool(word[:1].isdigit() and _DIGITS_RE.fullmatch(word))


def _numbers(sentence: str, tokens: list[Token]) -> list[Span]:
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if not _is_number_token(tokens[i]) or _is_year(sentence, tokens, i):
            i += 1
            continue
        start = i
        if i > 0 and tokens[i - 1].lower in ("a", "an") and tokens[i].lower in ("dozen", "hundred"):
            start = i - 1
        j = i + 1
        while j < len(tokens) and (
            tokens[j].lower in SCALES
            or (tokens[j].lower in NUMBER_WORDS and not tokens[i].text[0].isdigit())
            or (
                tokens[j].lower == "and"
                and j + 1 < len(tokens)
                and tokens[j + 1].lower in NUMBER_WORDS
            )
        ):
            j += 1
        words = [t.text.rstrip("%") for t in tokens[start:j]]
        value = parse_number(words)
        end_token = j
        if j < len(tokens) and tokens[j].lower in PERCENT_UNITS:
            end_token = j + 1
        if value is not None:
            begin = tokens[start].start
            if begin > 0 and sentence[begin - 1] in CURRENCY_SIGNS:
                begin -= 1
            end = tokens[end_token - 1].end
            spans.append(Span("number", begin, end, sentence[begin:end], value))
        i = j
    return spans


def _times(sentence: str, tokens: list[Token]) -> list[Span]:
    spans = [
        Span("time", m.start(), m.end(), m.group()) for m in _RELATIVE_TIME_RE.finditer(sentence)
    ]
    i = 0
    while i < len(tokens):
        token = tokens[i]
        word = token.lower
        if word in MONTHS and token.text[0].isupper() and not (word == "may" and i == 0):
            j = i + 1
            while j < len(tokens) and (
                tokens[j].text.isdigit()
                and (len(tokens[j].text) <= 2 or _YEAR_RE.match(tokens[j].text))
            ):
                j += 1
            spans.append(_time_of(sentence, tokens[i:j]))
            i = j
            continue
        if _is_day_before_month(tokens, i):  # "12 January", "12 January 1943"
            end = i + 3 if i + 2 < len(tokens) and _is_year(sentence, tokens, i + 2) else i + 2
            spans.append(_time_of(sentence, tokens[i:end]))
            i = end
            continue
        if word in WEEKDAYS and token.text[0].isupper() or _is_year(sentence, tokens, i):
            value = float(token.text) if token.text.isdigit() else None
            spans.append(Span("time", token.start, token.end, token.text, value))
        i += 1
    return _drop_nested(spans)


def _time_of(sentence: str, run: list[Token]) -> Span:
    """The time span from the first token of ``run`` to its last."""
    return Span("time", run[0].start, run[-1].end, sentence[run[0].start : run[-1].end])


def _is_day_before_month(tokens: list[Token], i: int) -> bool:
    """ "12 January": a day of the month written before the month's capitalised name."""
    text = tokens[i].text
    if not (text.isascii() and text.isdigit() and 1 <= int(text) <= 31) or i + 1 == len(tokens):
        return False
    month = tokens[i + 1]
    return month.lower in MONTHS and month.text[0].isupper()


def _drop_nested(spans: list[Span]) -> list[Span]:
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    kept: list[Span] = []
    for span in spans:
        if kept and span.start >= kept[-1].start and span.end <= kept[-1].end:
            continue
        kept.append(span)
    return kept


def _is_capitalised(token: Token) -> bool:
    return token.text[0].isupper() and not token.text[0].isdigit()


def _names(sentence: str, tokens: list[Token]) -> list[Span]:
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if (
            not _is_capitalised(tokens[i])
            or tokens[i].lower in NUMBER_WORDS
            or (tokens[i].lower in STOPWORDS and i == 0)
        ):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if _is_capitalised(tokens[j]) and tokens[j].lower not in NAME_CONNECTORS:
                j += 1
                continue
            k = j
            while k < len(tokens) and tokens[k].lower in NAME_CONNECTORS:
                k += 1
            if k > j and k < len(tokens) and _is_capitalised(tokens[k]) and k - j <= 2:
                j = k
                continue
            break
        run = tokens[i:j]
        spans.extend(_classify_run(sentence, tokens, i, run))
        i = j
    return spans


def _classify_run(sentence: str, tokens: list[Token], first: int, run: list[Token]) -> list[Span]:
    listed = _listed_people(sentence, tokens, first, run)
    if listed:
        return listed
    words = [t.lower.rstrip(".").replace(".", "") for t in run]
    if any(w.lower() in MONTHS | WEEKDAYS for w in words) and len(run) == 1:
        return []
    # a title word after "of"/"for" names an office, not a person: "Office of Justice
    # Programs", "Department of Justice"
    title_positions = [
        n
        for n, w in enumerate(words)
        if (w in TITLE_WORDS or any(part in TITLE_WORDS for part in w.split("-")))
        and not (n and words[n - 1] in NAME_CONNECTORS)
    ]
    rest = run[title_positions[-1] + 1 :] if title_positions else []
    while rest and rest[0].lower in NAME_CONNECTORS:
        rest = rest[1:]
    # "Police Chief Mike Tusken" is a person with a role; "Police Department" and
    # "Attorney General's Office" are organisations
    if any(w in ORGANISATION_WORDS for w in words) and not (
        rest and not any(t.lower in ORGANISATION_WORDS for t in rest)
    ):
        return [_span("organisation", sentence, run)]
    if title_positions:
        # "U.S. Attorney for Minnesota Andy Luger": the name is the last words of the run,
        # and what stands before it is the person's role
        name = rest[-2:] if len(rest) > 2 else rest
        if not name:
            return []
        role = run[: run.index(name[0])]
        while role and role[-1].lower in NAME_CONNECTORS:
            role = role[:-1]
        spans = [_span("role", sentence, role)] if role else []
        return [*spans, _span("person", sentence, name)]
    before = tokens[first - 1].lower if first > 0 else ""
    after_index = first + len(run)
    after = tokens[after_index].lower if after_index < len(tokens) else ""
    # "units in Pine Hollow, said" ends a clause about a place; "according to X" names a person
    placed = before in PLACE_PREPOSITIONS and before != "to"
    if before in SPEECH_VERBS or (after in SPEECH_VERBS and not placed):
        kind = "person"
    elif first == 0 and len(run) == 1 and not run[0].text.isupper():
        kind = "initial"  # capitalised only because it opens the sentence, perhaps
    elif _names_a_holiday(run):
        kind = "time"  # "starting Memorial Day weekend", "by Thanksgiving"
    elif before in PLACE_PREPOSITIONS:
        kind = "place"
    else:
        kind = "name"
    return [_span(kind, sentence, run)]


def _listed_people(sentence: str, tokens: list[Token], first: int, run: list[Token]) -> list[Span]:
    """Names listed after a plural role are people, one span each: "board members Aaron
    Feld and Joyce Mbatha", "Commissioners Jean Palmquist, Derek Stoll and Amy
    Rademacher" (the role a span of its own). Empty when the run is no such list."""
    lead = 0
    while lead < len(run) and _is_plural_role(run[lead].lower):
        lead += 1
    before = tokens[first - 1].lower if first > 0 else ""
    if not lead and not _is_plural_role(before):
        return []
    names: list[list[Token]] = [[]]
    for n in range(lead, len(run)):
        token = run[n]
        if n > lead and (token.lower == "and" or "," in sentence[run[n - 1].end : token.start]):
            names.append([])
        if token.lower != "and":
            names[-1].append(token)
    if len(names) < 2 or any(not 2 <= len(name) <= 3 for name in names):
        return []
    role = [_span("role", sentence, run[:lead])] if lead else []
    return [*role, *(_span("person", sentence, name) for name in names)]


def _is_plural_role(word: str) -> bool:
    """ "members", "commissioners", "trustees": a plural of a word for a role."""
    return word.endswith("s") and word[:-1] in ROLE_NOUNS


_HOLIDAYS = frozenset(["thanksgiving", "christmas", "easter", "halloween", "hanukkah", "passover"])


def _names_a_holiday(run: list[Token]) -> bool:
    """ "Memorial Day", "Labor Day", "New Year's Eve", "Thanksgiving": a day of the year."""
    last = run[-1].lower
    return (len(run) > 1 and last in ("day", "eve")) or (len(run) == 1 and last in _HOLIDAYS)


def is_speaker(sentence: str, span: Span) -> bool:
    """True when the sentence has the span's person speak ("X said", "said X")."""
    before = _WORD_BEFORE_RE.search(sentence, 0, span.start)
    after = _WORD_AFTER_RE.match(sentence, span.end)
    return bool(
        (before and before.group(1).lower() in SPEECH_VERBS)
        or (after and after.group(1).lower() in SPEECH_VERBS)
    )


def _span(kind: str, sentence: str, run: list[Token]) -> Span:
    return Span(kind, run[0].start, run[-1].end, sentence[run[0].start : run[-1].end])


def speaks(sentence: str) -> bool:
    """True when the sentence reports speech ("she said", "he added")."""
    return any(token.lower in SPEECH_VERBS for token in tokenize(sentence))


def has_personal_pronoun(text: str) -> bool:
    """True when the text speaks of someone as he or she (so a referent may answer)."""
    return any(token.lower in PERSONAL_PRONOUNS for token in tokenize(text))


def spells_out(acronym: str, text: str) -> bool:
    """Whether ``text`` writes out the name an acronym stands for: a run of capitalised
    words whose initials, connecting words skipped, spell it ("USDA" in "The U.S.
    Department of Agriculture has ...").

    >>> spells_out("USDA", "The U.S. Department of Agriculture said so.")
    True
    >>> spells_out("FBI", "The Federal Reserve said so.")
    False
    """
    wanted = acronym.replace(".", "").upper()
    initials = ""
    for token in tokenize(text):
        if initials and token.lower in NAME_CONNECTORS:
            continue  # "Department of Agriculture"
        if not _is_capitalised(token):
            initials = ""
            continue
        initials += token.text.replace(".", "") if "." in token.text else token.text[0]
        if wanted in initials.upper():
            return True
    return False
