"""Language tools: words news writing uses for the same act or thing.

A question rarely repeats the story's verb: it asks how many jobs are "cut" where the
story "eliminates" them, how many votes a candidate "got" where she "received" them,
how many tickets officers "wrote" where they "issued" citations. These groups are the
common ones of English news reporting (counts of people, money, votes, jobs, schools,
transit), kept small and exact on purpose: words that differ in what they claim
("hired" and "laid off", "rose" and "fell") are never in one group.
"""

from __future__ import annotations

from functools import lru_cache

from .tokens import stem

_GROUPS = (
    "receive receives received get gets got win wins won earn earned garner garnered draw drew",
    "cut cuts eliminate eliminates eliminated eliminating slash slashed reduce reduces reduced",
    "buy buys bought purchase purchased fund funds funded pay",
    "hire hires hired recruit recruited",
    "issue issued write wrote written",
    "ticket tickets citation citations",
    "enroll enrolls enrolled attend attends attended",
    "student students pupil pupils",
    "raise raised collect collected",
    "job jobs position positions",
    "vacant unfilled open",
    "rain rains rainfall",
    "start starts started starting begin begins began beginning",
    "measure measures measured record recorded",
    "cost costs price prices",
    "carry carries carried transport transported",
    "rider riders passenger passengers",
    "estimate estimates estimated expect expects expected forecast forecasts",
    "close closes closed closing shut shutting",
    "approve approved adopt adopted",
    "build builds built construct constructed",
    "arrest arrests arrested",
    "home homes house houses",
    "salary salaries wage wages",
    "pick picks picked choose chooses chose chosen select selected",
    "declare declares declared designate designates designated",
    "tv television",
    "us america american",
    "uk britain british",
    "hurt hurts harm harmed damage damaged suffer suffers suffered",
)


@lru_cache(maxsize=1)
def _sense_of() -> dict[str, frozenset[str]]:
    found: dict[str, frozenset[str]] = {}
    for group in _GROUPS:
        stems = frozenset(stem(word) for word in group.split())
        for term in stems:
            found[term] = found.get(term, frozenset()) | stems
    return found


def same_sense(term: str) -> frozenset[str]:
    """The stems that mean what the stemmed ``term`` means in news writing, itself
    included.

    >>> sorted(same_sense("cut"))
    ['cut', 'elimin', 'reduc', 'slash']
    >>> same_sense("hire") & same_sense("laid")
    frozenset()
    """
    return _sense_of().get(term, frozenset([term]))


def stated_in(term: str, stated: set[str] | frozenset[str]) -> bool:
    """True when ``term`` or a word of the same sense is among the ``stated`` stems."""
    return any(word in stated for word in same_sense(term))
