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
        ("Follow us on Facebook and Instagram for storm updates.", "promotion"),
        ("Download the free Valley News app for breaking news alerts.", "promotion"),
        ("Have a news tip? Email us at tips@valleynews.org.", "promotion"),
        ("This coverage is made possible in part by the Ames Foundation.", "donation appeal"),
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
        "The bridge project is funded by a federal grant, the engineer said.",
        "Watch parties drew hundreds of fans to the square on Sunday.",
        "The app lets riders pay fares with a phone, the agency said.",
    ],
)
def test_news_text_about_the_same_things_is_not_promotion(paragraph: str) -> None:
    assert promotion_kind(paragraph) == ""
