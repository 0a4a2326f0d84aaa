"""Sources stage: recognise a news site's own promotion in a paragraph.

Newsrooms put appeals between a story's paragraphs: donations and matching gifts,
memberships with a thank-you gift, newsletter and email sign-ups, podcast and app
plugs. They share a shape whatever the station: they speak to the reader ("you",
"your"), ask for an action ("give", "sign up", "become a member", "listen"), and name
what the outlet offers or wants (a newsletter, an episode, a donation, a tote bag).
A paragraph is promotional when two of those three signs meet in it, or when it uses
a phrase only such blocks use ("support local journalism"). A news sentence about a
council donating land has none of the reader-facing signs, so it stays.
"""

from __future__ import annotations

import re

DONATION = "donation appeal"
SUBSCRIPTION = "subscription prompt"
PROMOTION = "promotion"

_QUOTED_RE = re.compile(r'"[^"]*"|“[^”]*”')
_READER_RE = re.compile(r"\b(?:you|your|you're|you'll|yours)\b", re.I)
# an imperative that opens a sentence
_ACTION_RE = re.compile(
    r"(?:^|[.!?]\s+)(?:please\s+)?(?:give|donate|become|sign\s+up|subscribe|join|support"
    r"|get|listen|download|follow|find|renew|pledge|chip\s+in|help\s+us|tune\s+in|watch|text"
    r"|email\s+us|contact\s+us|send\s+us|like\s+us|stream|visit|read|catch|hear|want\s+more"
    r"|have\s+a\s+(?:news\s+)?tip|don't\s+miss)\b",
    re.I,
)
# what a newsroom offers or asks for, by the kind of block it makes
_OFFERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        DONATION,
        re.compile(
            r"\b(?:donat(?:e|ion|ions|ing)|donors?|gifts?|thank-you|tote(?:\s+bag)?|mug"
            r"|sustain(?:ing|er|ers)|membership|members?\s+at\s+\$|matched|match(?:es|ing)?\s+(?:your|every|all)"
            r"|doubled|(?:listeners|readers)\s+(?:like\s+you|and\s+(?:listeners|readers)))\b"
            # no word boundary before "$": "join at $8 a month"
            r"|\$\d[\d,.]*\s+(?:or\s+more|a\s+month)\b",
            re.I,
        ),
    ),
    (
        SUBSCRIPTION,
        re.compile(
            r"\b(?:newsletters?|inbox|free\s+email|e-?mail\s+(?:alerts?|updates?)|subscri(?:be|ber|bers|ption)"
            r"|sign\s+up\s+(?:at|for|to|below|here|now|today))\b",
            re.I,
        ),
    ),
    (
        PROMOTION,
        re.compile(
            r"\b(?:podcasts?|episodes?|apps?|app\s+store|livestream|this\s+page|our\s+website"
            r"|wherever\s+you\s+(?:get|listen)|full\s+(?:interview|episode|conversation|video)"
            r"|facebook|twitter|instagram|tiktok|youtube|social\s+media|news\s+alerts?"
            r"|breaking\s+news|news\s+tips?|tips@|newsroom@|on\s+air|streaming"
            # the outlet's own audience and events: "told by our listeners", "tickets are $15"
            r"|our\s+(?:listeners|readers|viewers|members|audience)|tickets?\s+(?:are|cost|go))\b",
            re.I,
        ),
    ),
)
# phrases only an outlet's own appeal uses
_APPEAL_PHRASES_RE = re.compile(
    r"\b(?:support\s+(?:our|independent|local|nonprofit|public)\s+(?:\w+\s+)?"
    r"(?:journalism|reporting|newsroom|news|radio)|make\s+a\s+(?:gift|contribution|donation)"
    r"|become\s+a\s+(?:member|sustainer|supporter|subscriber)|your\s+(?:gift|support|contribution)"
    r"|sign\s+up\s+for\s+(?:our|the)\b.{0,40}\bnewsletter"
    r"|(?:readers|listeners|viewers|members)\s+like\s+you"
    r"|(?:this|our)\s+(?:coverage|reporting|journalism|story|article|series|program)\b[^.]{0,40}"
    r"\b(?:made\s+possible|supported|funded|underwritten|sponsored)\s+(?:in\s+part\s+)?by)",
    re.I,
)


def promotion_kind(paragraph: str) -> str:
    """The kind of promotion a paragraph is ("donation appeal", "subscription prompt",
    "promotion"), or "" for news text.

    >>> promotion_kind("Give $50 or more this week and we'll send you a mug.")
    'donation appeal'
    >>> promotion_kind("The council voted 5-2 to donate the land to the school district.")
    ''
    >>> promotion_kind("Join at $8 a month and we'll send you a beanie as our thanks.")
    'donation appeal'
    """
    # what people are quoted saying ("you", "give") is not the outlet speaking
    unquoted = _QUOTED_RE.sub(" ", paragraph)
    offered = [kind for kind, pattern in _OFFERS if pattern.search(unquoted)]
    if _APPEAL_PHRASES_RE.search(unquoted):
        return offered[0] if offered else DONATION
    reader = bool(_READER_RE.search(unquoted))
    action = bool(_ACTION_RE.search(unquoted))
    if offered and (reader or action):
        return offered[0]
    return ""
