"""The bundled article is the story MPR News published: every paragraph of the shared
seed text (the donation appeal aside) is a passage of the bundled source, word for
word, and the source has no passage the seed lacks."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa.knowledge.sources import read_source

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "seed" / "mpr-sex-trafficking-convictions.txt"
BUNDLED = ROOT / "knowledge" / "mpr-sex-trafficking-convictions.md"
APPEAL_HEADING = "Create a More Connected Minnesota"


def words(text: str) -> str:
    """A paragraph with its white space folded (only white space may differ)."""
    return " ".join(text.split())


@pytest.fixture(scope="module")
def seed() -> tuple[str, list[str]]:
    if not SEED.is_file():
        pytest.skip(f"the shared seed text is not beside the project ({SEED} is absent)")
    blocks = [words(b) for b in SEED.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    return blocks[0], blocks[1:]


def published_story(paragraphs: list[str]) -> list[str]:
    """The seed's paragraphs without the donation appeal (its heading and the one after)."""
    heading = paragraphs.index(APPEAL_HEADING)
    return paragraphs[:heading] + paragraphs[heading + 2 :]


def test_every_published_paragraph_is_a_passage_word_for_word(seed) -> None:
    _, paragraphs = seed
    source = read_source(BUNDLED)
    passages = [words(p.text) for p in source.paragraphs if not p.excluded]
    assert passages == published_story(paragraphs)


def test_the_appeal_is_kept_but_excluded(seed) -> None:
    _, paragraphs = seed
    source = read_source(BUNDLED)
    excluded = [words(p.text) for p in source.paragraphs if p.excluded]
    heading = paragraphs.index(APPEAL_HEADING)
    assert excluded == paragraphs[heading : heading + 2]
    assert {p.excluded_why for p in source.paragraphs if p.excluded} == {"donation appeal"}


def test_the_title_is_the_headline(seed) -> None:
    headline, _ = seed
    assert read_source(BUNDLED).title == headline
