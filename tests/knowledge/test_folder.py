"""Adding sources to a folder and removing them: storage, duplicates, bad input, and a
folder left unchanged by every refusal."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from article_qa.knowledge.folder import add_source
from article_qa.knowledge.sources import MAX_SOURCE_BYTES, load_sources
from article_qa.model import KnowledgeError
from support import INPUTS, run

STORY = INPUTS / "warming-centers.txt"
STORY_ID = "minneapolis-opens-third-warming-center-as-cold-snap-deepens"


def snapshot(folder: Path) -> dict[str, bytes]:
    """The visible files of a folder and their bytes (hidden lock and temp files aside)."""
    if not folder.exists():
        return {}
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if not p.name.startswith(".")}


def test_add_then_answer_at_once(tmp_path: Path) -> None:
    folder = tmp_path / "new" / "knowledge"  # does not exist yet: the first add makes it
    result = run(
        "--knowledge",
        str(folder),
        "add",
        str(STORY),
        "--url",
        "https://example.org/w",
        "--date",
        "2026-01-20",
    )
    assert result.returncode == 0, result.stderr
    assert f"added {STORY_ID}:" in result.stdout
    assert "(5 passages, 1 excluded as boilerplate)" in result.stdout
    (stored,) = load_sources(folder)
    assert stored.meta("url") == "https://example.org/w" and stored.meta("date") == "2026-01-20"
    assert stored.title == "Minneapolis opens third warming center as cold snap deepens"
    answer = run("--knowledge", str(folder), "ask", "how many people can the new center hold?")
    assert answer.stdout.splitlines()[0] == "60"
    who = run(
        "--knowledge", str(folder), "ask", "who is the county's director of housing stability?"
    )
    assert who.stdout.splitlines()[0] == "Alma Reyes"


def test_the_text_is_kept_whole(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(STORY))
    (source,) = load_sources(tmp_path)
    original = STORY.read_text().split("\n\n")[1:]  # the first block became the title
    assert [p.text for p in source.paragraphs] == [" ".join(block.split()) for block in original]


def test_sources_and_remove(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(STORY))
    run("--knowledge", str(tmp_path), "add", str(INPUTS / "river-cleanup.md"))
    listing = run("--knowledge", str(tmp_path), "sources").stdout
    assert (
        STORY_ID in listing and "5 passages, 1 paragraphs excluded (subscription prompt)" in listing
    )
    assert "volunteers-pull-3-tons-of-trash-from-the-mississippi" in listing
    removed = run("--knowledge", str(tmp_path), "remove", STORY_ID)
    assert removed.returncode == 0 and not (tmp_path / f"{STORY_ID}.md").exists()
    assert run("--knowledge", str(tmp_path), "remove", STORY_ID).returncode == 3
    assert run("--knowledge", str(tmp_path), "remove", "../etc").returncode == 2


def test_same_content_twice_is_reported_not_stored(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(STORY))
    again = run("--knowledge", str(tmp_path), "add", str(STORY), "--title", "Another title")
    assert again.returncode == 0
    assert again.stdout.strip() == f"already present as {STORY_ID}; nothing stored"
    assert len(list(tmp_path.glob("*.md"))) == 1


def test_an_existing_source_is_never_overwritten(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(STORY), "--id", "story")
    before = (tmp_path / "story.md").read_bytes()
    clash = run(
        "--knowledge", str(tmp_path), "add", str(INPUTS / "river-cleanup.md"), "--id", "story"
    )
    assert clash.returncode == 3 and "exists already" in clash.stderr
    assert (tmp_path / "story.md").read_bytes() == before
    # without --id a taken name gets a number
    (tmp_path / "volunteers-pull-3-tons-of-trash-from-the-mississippi.md").write_text(
        "---\ntitle: Someone else's file\n---\n\nOther text.\n"
    )
    added = run("--knowledge", str(tmp_path), "add", str(INPUTS / "river-cleanup.md"))
    assert "volunteers-pull-3-tons-of-trash-from-the-mississippi-2" in added.stdout


def test_html_text_is_extracted_without_scripts_navigation_or_markup(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(INPUTS / "library-levy.html"))
    (source,) = load_sources(tmp_path)
    assert source.title == "St. Cloud library levy passes by 812 votes"
    texts = [p.text for p in source.paragraphs]
    assert (
        "Library director Maria Chen said the money will reopen the east branch & extend weekend hours."
        in texts
    )
    joined = " ".join(texts)
    for dropped in ("tracker", "color: red", "Home", "Most popular", "Test Gazette."):
        assert dropped not in joined
    excluded = {p.text: p.excluded_why for p in source.paragraphs if p.excluded}
    assert excluded == {
        "We use cookies to improve your experience. Accept cookies?": "cookie notice",
        "Read more: Council to vote on bus routes": "links",
    }
    answer = run(
        "--knowledge",
        str(tmp_path),
        "ask",
        "how much does the levy cost the owner of a $250,000 home?",
    )
    assert "$38" in answer.stdout.splitlines()[0]


def test_markdown_heading_is_the_title_and_stdin_works(tmp_path: Path) -> None:
    run("--knowledge", str(tmp_path), "add", str(INPUTS / "river-cleanup.md"))
    assert load_sources(tmp_path)[0].title == "Volunteers pull 3 tons of trash from the Mississippi"
    pasted = run(
        "--knowledge",
        str(tmp_path),
        "add",
        "-",
        "--title",
        "Ferry news",
        stdin="The ferry carried 1,200 riders on Sunday.\n",
    )
    assert pasted.returncode == 0 and "added ferry-news" in pasted.stdout
    answer = run("--knowledge", str(tmp_path), "ask", "how many riders did the ferry carry?")
    assert answer.stdout.splitlines()[0] == "1,200"


def bad_inputs(tmp_path: Path) -> list[tuple[list[str], bytes | None, int, str]]:
    blank = tmp_path / "blank.txt"
    blank.write_text("   \n\n \t\n")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Caf\u00e9 au lait\n".encode("latin-1"))
    huge = tmp_path / "huge.txt"
    huge.write_bytes(b"word " * (MAX_SOURCE_BYTES // 5 + 1))
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF")
    return [
        ([str(tmp_path / "missing.txt")], None, 2, "missing.txt: no such file"),
        ([str(tmp_path)], None, 2, "is a folder, not a file"),
        ([str(empty)], None, 2, "empty.txt: is empty"),
        ([str(blank)], None, 2, "blank.txt: is empty"),
        ([str(binary)], None, 2, "looks like a binary file"),
        ([str(latin)], None, 2, "latin.txt: line 1: not valid UTF-8 text"),
        ([str(huge)], None, 2, "too large"),
        ([str(odd)], None, 2, "not a .txt, .md or .html file"),
        ([str(STORY), "--id", "../escape"], None, 2, "bad source id '../escape'"),
        ([str(STORY), "--id", "a/b"], None, 2, "bad source id 'a/b'"),
        ([str(STORY), "--date", "yesterday"], None, 2, "bad date 'yesterday'"),
        (["-"], b"", 2, "standard input: is empty"),
        (["-"], b"\xff\xfe bad", 2, "standard input: line 1: not valid UTF-8"),
    ]


def test_bad_inputs_leave_the_folder_unchanged(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    run("--knowledge", str(folder), "add", str(INPUTS / "river-cleanup.md"))
    before = snapshot(folder)
    for args, stdin, code, message in bad_inputs(tmp_path):
        result = run("--knowledge", str(folder), "add", *args, stdin=stdin or b"")
        returned, errors, stdout = result.returncode, result.stderr, result.stdout
        assert returned == code, (args, errors)
        lines = errors.strip().splitlines()
        assert len(lines) == 1 and message in lines[0] and not stdout, (args, lines)
        assert snapshot(folder) == before, args


def test_unwritable_folder_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # root ignores permission bits, so the refusal is simulated where the file is made
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(KnowledgeError, match="cannot write to .*: Permission denied"):
        add_source(tmp_path, STORY.read_text(), "text", "story")
    assert snapshot(tmp_path) == {}


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only folders anyway")
def test_read_only_folder(tmp_path: Path) -> None:
    tmp_path.chmod(0o555)
    try:
        result = run("--knowledge", str(tmp_path), "add", str(STORY))
        assert result.returncode == 3 and "cannot write" in result.stderr
    finally:
        tmp_path.chmod(0o755)


def test_a_temporary_file_left_by_a_killed_add_is_removed_by_the_next(tmp_path: Path) -> None:
    stale = tmp_path / ".adding-left-by-a-kill.tmp"
    tmp_path.mkdir(exist_ok=True)
    stale.write_bytes(b"x" * 4096)
    add_source(tmp_path, STORY.read_text(), "text", "story")
    assert not stale.exists()


def test_a_new_source_gets_the_folders_usual_mode(tmp_path: Path) -> None:
    added = add_source(tmp_path, STORY.read_text(), "text", "story")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(added.path.stat().st_mode) == 0o666 & ~mask


def test_a_symlinked_lock_file_is_refused_and_nothing_is_made_outside(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    folder.mkdir()
    outside = tmp_path / "outside-lock"
    (folder / ".article-qa.lock").symlink_to(outside)
    with pytest.raises(KnowledgeError, match="cannot write"):
        add_source(folder, STORY.read_text(), "text", "story")
    assert not outside.exists() and not list(folder.glob("*.md"))


def test_a_huge_file_placed_in_the_folder_is_skipped_without_reading_it(tmp_path: Path) -> None:
    add_source(tmp_path, STORY.read_text(), "text", "story")
    with (tmp_path / "huge.md").open("wb") as huge:
        huge.truncate(512 * 1024 * 1024)  # sparse: no disk used, and never read
    result = run("--knowledge", str(tmp_path), "ask", "how many people can the new center hold?")
    assert result.returncode == 0 and result.stdout.startswith("60\n")
    assert "huge.md: too large" in result.stderr


def test_a_huge_facts_yaml_is_refused_in_one_line(tmp_path: Path) -> None:
    add_source(tmp_path, STORY.read_text(), "text", "story")
    (tmp_path / "facts.yaml").write_text("facts:\n" + "  # padding\n" * 600_000)
    result = run("--knowledge", str(tmp_path), "ask", "how many people?")
    assert result.returncode == 3 and "facts.yaml: too large" in result.stderr
