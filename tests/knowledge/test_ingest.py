"""Input to add: text, Markdown and HTML turned into paragraphs, boilerplate marked."""

from __future__ import annotations

import pytest

from article_qa.knowledge.ingest import draft, html_paragraphs, mark_boilerplate, text_paragraphs
from support import ROOT


def test_boilerplate_is_detected_with_its_heading() -> None:
    seed = (ROOT / "knowledge" / "mpr-sex-trafficking-convictions.md").read_text()
    body = seed.split("-->", 1)[1]  # the text without the header comment
    body = body.replace("<!-- exclude: donation appeal -->\n", "").replace(
        "<!-- /exclude -->\n", ""
    )
    paragraphs = [" ".join(b.split()) for b in body.split("\n\n") if b.strip()]
    marked = {text: why for text, why in mark_boilerplate(paragraphs) if why}
    assert marked == {
        "Create a More Connected Minnesota": "donation appeal",
        "MPR News is your trusted resource for the news you need. With your support, MPR News"
        " brings accessible, courageous journalism and authentic conversation to everyone - free"
        " of paywalls and barriers. Your gift makes a difference.": "donation appeal",
    }


@pytest.mark.parametrize(
    ("paragraph", "kind"),
    [
        ("Sign up for our newsletter to get the headlines in your inbox.", "subscription prompt"),
        ("This site uses cookies. By continuing you accept our cookie policy.", "cookie notice"),
        ("Read more: Five things to know about the levy", "links"),
        ("Copyright 2026 Valley Radio. All rights reserved.", "copyright notice"),
        ("Support independent journalism. Donate today.", "donation appeal"),
        ("The council voted 5-2 to donate the land to the school district.", ""),
        ("Listen to our podcast, with new episodes wherever you get podcasts.", "promotion"),
        ("The mayor said the budget would grow by 3 percent next year.", ""),
    ],
)
def test_boilerplate_kinds(paragraph: str, kind: str) -> None:
    # a wrong call is visible in `sources` and undone by deleting two marker lines
    assert mark_boilerplate([paragraph]) == [(paragraph, kind)]


def test_html_paragraphs_unescape_entities() -> None:
    title, paragraphs = html_paragraphs(
        "<title>T</title><p>A &lt;b&gt; &amp; C</p><script>x</script>"
    )
    assert title == "T" and paragraphs == ["A <b> & C"]


def test_draft_takes_the_headline_as_the_title() -> None:
    made = draft("Port news\n\nThe port grew.\n", "text", None, "file")
    assert made.title == "Port news" and made.paragraphs == (("The port grew.", ""),)
    markdown = draft("# Ferry\n\nIt sailed.\n", "markdown", None, "file")
    assert markdown.title == "Ferry"
    assert text_paragraphs("a\nb\n\n\nc") == ["a b", "c"]


def test_a_source_in_our_own_format_gets_its_unmarked_promotion_marked() -> None:
    stored = (
        "---\ntitle: Levy passes\n---\n\nVoters approved the levy 61% to 39%.\n\n"
        "<!-- exclude: links -->\nRead more: the levy explained\n<!-- /exclude -->\n\n"
        "Give $25 or more today and we'll send you a station mug.\n"
    )
    made = draft(stored, "markdown", None, "levy")
    assert made.paragraphs == (
        ("Voters approved the levy 61% to 39%.", ""),
        ("Read more: the levy explained", "links"),
        ("Give $25 or more today and we'll send you a station mug.", "donation appeal"),
    )
