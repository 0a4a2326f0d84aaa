"""What /source is asked for: citations as printed, paragraph numbers, bad ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.ui.references import Reference, main_source, parse_reference
from support import write_source

ARTICLE = "mpr-sex-trafficking-convictions"


@pytest.mark.parametrize(
    "text",
    [
        f"{ARTICLE}, paragraph 12",
        f"{ARTICLE} paragraph 12",
        f"{ARTICLE}#12",
        f"{ARTICLE.upper()}, PARAGRAPH 12",
        "paragraph 12",
        "¶12",
        "12",
        f"-- Officials: Jump in MN (2015) ({ARTICLE}, paragraph 12, line 40)",
    ],
)
def test_a_citation_as_printed_names_its_paragraph(bot: Bot, text: str) -> None:
    assert parse_reference(text, bot.sources) == Reference(ARTICLE, 12)


def test_an_id_alone_names_the_whole_source(bot: Bot) -> None:
    assert parse_reference(ARTICLE, bot.sources) == Reference(ARTICLE, None)


def test_a_bad_id_says_what_is_accepted(bot: Bot) -> None:
    message = parse_reference("nosuch", bot.sources)
    assert isinstance(message, str)
    assert message.startswith("No source 'nosuch'.")
    assert "'ID, paragraph N'" in message and f"paragraph N of {ARTICLE}" in message


def test_a_bare_number_means_the_bundled_article_among_several(bot: Bot, tmp_path: Path) -> None:
    write_source(tmp_path, "aaa-first", "The port handled 412 ships.")
    other = Bot.load(tmp_path).sources[0]
    sources = [other, *bot.sources]
    assert main_source(sources) == bot.sources[0]
    assert parse_reference("3", sources) == Reference(ARTICLE, 3)
    assert parse_reference("aaa-first, paragraph 1", sources) == Reference("aaa-first", 1)


def test_a_bare_number_asks_which_when_no_source_is_the_main_one(tmp_path: Path) -> None:
    write_source(tmp_path, "port", "The port handled 412 ships.")
    write_source(tmp_path, "ferry", "The ferry carried 90 riders.")
    sources = Bot.load(tmp_path).sources
    assert main_source(sources) is None
    message = parse_reference("1", sources)
    assert isinstance(message, str) and message.startswith("Several sources are loaded")
    assert "ferry, port" in message
