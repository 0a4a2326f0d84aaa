"""A news site's own promotion is told from news text by its shape, not its words."""

from __future__ import annotations

import pytest

from article_qa.knowledge.promotion import promotion_kind


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        # the outlet speaks to the reader and asks for money, a membership or a sign-up
        (
            "Valley Radio runs on listeners like you. Pledge $8 a month or more today.",
            "donation appeal",
        ),
        (
            "Give by Friday and the Ames Trust will match your gift, up to $20,000.",
            "donation appeal",
        ),
        ("Become a sustaining member and we'll send you a canvas tote bag.", "donation appeal"),
        (
            "Get the Statehouse Brief, a free email, every weekday morning. Sign up below.",
            "subscription prompt",
        ),
        ("The news in your inbox: subscribe to The Morning Line.", "subscription prompt"),
        ("New episodes of River Talk drop every Tuesday wherever you listen.", "promotion"),
        ("Support nonprofit local journalism", "donation appeal"),
    ],
)
def test_promotion_in_many_wordings(paragraph: str, kind: str) -> None:
    assert promotion_kind(paragraph) == kind


@pytest.mark.parametrize(
    "paragraph",
    [
        "The foundation's donation of $2 million will pay for a new wing, the mayor said.",
        '"If you give people a reason to come downtown, they will," said Ana Ortiz.',
        "The series ran for 40 episodes before the network cancelled it in 2009.",
        "Members of the union will vote on the contract next week.",
        "Donors gave $4.2 million to the campaign in the last quarter, filings show.",
        "Subscribers to the water utility will see rates rise 6% in January.",
    ],
)
def test_news_text_about_the_same_things_is_not_promotion(paragraph: str) -> None:
    assert promotion_kind(paragraph) == ""
