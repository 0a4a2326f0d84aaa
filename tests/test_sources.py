"""The knowledge folder: its format, its errors, and where the bundled one is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from article_qa import Bot, KnowledgeError
from article_qa.passages import build_passages
from article_qa.sources import bundled_knowledge_dir, knowledge_dir, load_sources, parse_source
from conftest import ROOT, write_source


def test_bundled_article_has_metadata_and_excludes_the_donation_appeal() -> None:
    (source,) = load_sources(ROOT / "knowledge")
    assert source.title.startswith("Officials: Jump in MN sex trafficking convictions")
    assert source.meta("publisher") == "MPR News"
    assert source.meta("date") is None and source.meta("url") is None
    excluded = [p for p in source.paragraphs if p.excluded]
    assert [p.text for p in excluded][0] == "Create a More Connected Minnesota"
    assert excluded[-1].text.endswith("Your gift makes a difference.")
    assert all(p.excluded_why == "donation appeal" for p in excluded)


def test_excluded_paragraphs_never_answer(bot: Bot) -> None:
    assert all("MPR News" not in p.text for p in bot.passages)
    for question in ("What makes a difference?", "What is MPR News?", "what does your gift make"):
        answer = bot.ask(question)
        assert not answer.found or "gift" not in (answer.sentence or "")


def test_passages_are_numbered_without_excluded_paragraphs(tmp_path: Path) -> None:
    body = "One.\n\n<!-- exclude: advert -->\nBuy now.\n<!-- /exclude -->\n\nTwo.\n\n<!-- a note -->\nThree."
    write_source(tmp_path, "story", body)
    passages = build_passages(load_sources(tmp_path))
    assert [(p.number, p.text) for p in passages] == [(1, "One."), (2, "Two."), (3, "Three.")]
    assert passages[1].line == 11


def test_lines_of_a_paragraph_are_joined() -> None:
    source = parse_source("---\ntitle: T\n---\nfirst line\nsecond line\n", Path("s.md"))
    assert [p.text for p in source.paragraphs] == ["first line second line"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no header\n", "s.md:1: a source starts with a '---' line"),
        ("---\ntitle: T\n", "s.md:1: the header is not closed"),
        ("---\npublisher: X\n---\nText.\n", "s.md:3: missing metadata: title"),
        ("---\ntitle: T\nauthr: X\n---\n", "s.md:3: unknown metadata field 'authr'"),
        ("---\ntitle: T\ntitle: U\n---\n", "s.md:3: metadata field 'title' given twice"),
        ("---\ntitle: T\nnot a field\n---\n", "s.md:3: expected 'key: value'"),
        ("---\ntitle: T\n---\n<!-- exclude: x -->\nText.\n", "s.md:4: exclude is not closed"),
        ("---\ntitle: T\n---\nText.\n<!-- /exclude -->\n", "s.md:5: '<!-- /exclude -->' without"),
        (
            "---\ntitle: T\n---\n<!-- open comment\nText.\n",
            "s.md:5: a '<!--' comment is not closed",
        ),
    ],
)
def test_format_errors_name_file_and_line(text: str, message: str) -> None:
    with pytest.raises(KnowledgeError) as error:
        parse_source(text, Path("s.md"))
    assert message in str(error.value)


def test_invalid_utf8_names_the_line(tmp_path: Path) -> None:
    (tmp_path / "bad.md").write_bytes(b"---\ntitle: T\n---\n\xff\xfe\n")
    with pytest.raises(KnowledgeError, match=r"bad.md:4: not valid UTF-8"):
        load_sources(tmp_path)


def test_missing_and_empty_folders_are_errors(tmp_path: Path) -> None:
    with pytest.raises(KnowledgeError, match="not found"):
        load_sources(tmp_path / "nope")
    with pytest.raises(KnowledgeError, match="has no sources"):
        load_sources(tmp_path)
    (tmp_path / "file.md").write_text("x")
    with pytest.raises(KnowledgeError, match="not a folder"):
        load_sources(tmp_path / "file.md")


def test_knowledge_dir_prefers_argument_then_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert knowledge_dir() == bundled_knowledge_dir()
    monkeypatch.setenv("ARTICLE_QA_KNOWLEDGE", str(tmp_path))
    assert knowledge_dir() == tmp_path
    assert knowledge_dir(tmp_path / "x") == tmp_path / "x"


def test_bundled_knowledge_is_found_from_any_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Bot.load().ask("how many girls were being helped?").text == "80"


def test_a_second_source_is_answerable(tmp_path: Path) -> None:
    write_source(
        tmp_path,
        "harbor",
        "The Duluth port authority said 412 ships docked in 2015.\n\n"
        "Port director Jane Alvarez said the harbor will add a second crane next year.",
        title="Duluth port has a busy year",
    )
    bot = Bot.load(tmp_path)
    answer = bot.ask("How many ships docked?")
    assert answer.text == "412"
    assert answer.citation.source_id == "harbor" and answer.citation.paragraph == 1
    assert bot.ask("who is the port director").text == "Jane Alvarez"
    assert not bot.ask("How many girls were being helped?").found
