"""The knowledge folder: its format, its errors, and where the bundled one is found."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from article_qa import KnowledgeError
from article_qa.knowledge.sources import (
    _parse_body,
    bundled_knowledge_dir,
    check_source_id,
    content_keys,
    knowledge_dir,
    load_sources,
    parse_source,
    render_source,
    slug,
)
from article_qa.model import UsageError
from support import ROOT


def test_bundled_article_has_metadata_and_excludes_the_donation_appeal() -> None:
    (source,) = load_sources(ROOT / "knowledge")
    assert source.title.startswith("Officials: Jump in MN sex trafficking convictions")
    assert source.meta("publisher") == "MPR News"
    assert source.meta("date") is None and source.meta("url") is None
    excluded = [p for p in source.paragraphs if p.excluded]
    assert [p.text for p in excluded][0] == "Create a More Connected Minnesota"
    assert excluded[-1].text.endswith("Your gift makes a difference.")
    assert all(p.excluded_why == "donation appeal" for p in excluded)


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


def test_render_then_parse_keeps_the_text_and_exclusions() -> None:
    text = render_source(
        "Port news", [("url", "https://example.org"), ("date", "")],
        [("The port grew.", ""), ("Donate now.", "donation appeal"), ("<!-- not a comment", "")],
    )  # fmt: skip
    source = parse_source(text, Path("port-news.md"))
    assert source.title == "Port news" and source.meta("url") == "https://example.org"
    assert [(p.text, p.excluded_why) for p in source.paragraphs] == [
        ("The port grew.", ""), ("Donate now.", "donation appeal"), ("<!-- not a comment", ""),
    ]  # fmt: skip


def test_the_same_text_shares_a_content_key_with_or_without_its_headline() -> None:
    plain = parse_source("---\ntitle: Port news\n---\n\nThe port grew.\n", Path("a.md"))
    headed = parse_source("---\ntitle: Other\n---\n\nPort news\n\nThe port grew.\n", Path("b.md"))
    assert content_keys(plain) & content_keys(headed)


@pytest.mark.parametrize(
    ("title", "made"),
    [("Duluth adds officers", "duluth-adds-officers"), ("¡Olé!", "ole"), ("???", "source")],
)
def test_slug(title: str, made: str) -> None:
    assert slug(title) == made


@pytest.mark.parametrize("bad", ["../x", "a/b", "a\\b", ".hidden", "", "Capital"])
def test_new_ids_are_checked(bad: str) -> None:
    with pytest.raises(UsageError, match="bad source id"):
        check_source_id(bad)


def test_existing_ids_may_have_capitals_but_never_a_path() -> None:
    assert check_source_id("My Story", new=False) == "My Story"
    with pytest.raises(UsageError):
        check_source_id("../etc", new=False)


@given(
    st.lists(
        st.sampled_from(["", "  ", "Text.", " indented line ", "a\tb", "\u00a0", "x" * 3]),
        max_size=30,
    )
)
def test_a_body_without_markers_is_read_as_the_full_reader_reads_it(lines: list[str]) -> None:
    """The quick path for plain bodies gives the paragraphs, lines and all, of the reader
    that handles comments and exclude markers."""
    text = "\n".join(["---", "title: T", "---", *lines])
    fast = parse_source(text, Path("s.md")).paragraphs
    all_lines = text.splitlines()
    assert list(fast) == _parse_body(all_lines, 3, Path("s.md"))
