"""Hostile input through the command line, item by item as the second hostile-input
review found it: no write outside the named folders, no raw control character on
either stream, a one-line message and its documented exit code for every user
mistake, nothing lost."""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from article_qa.ui.exits import EXIT_BROKEN_SET, EXIT_KNOWLEDGE, EXIT_OK, EXIT_USAGE
from support import INPUTS, ROOT, run, write_source

STORY = INPUTS / "warming-centers.txt"
OSC52 = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
NASTY_TITLE = f"Port{OSC52} \x07news\x9b2J\u202e \u200bday\ufeff"
QUESTION = "how many girls were being helped?"


def assert_clean(*texts: str) -> None:
    """No C0 (but newline and tab) or C1 control, no bidi or zero-width mark, no lone surrogate."""
    for text in texts:
        for character in text:
            code = ord(character)
            assert character in "\n\t" or not (code < 0x20 or 0x7F <= code <= 0x9F), repr(text)
            assert character not in "\u202e\u200b\u200d\ufeff\u061c", repr(text)
            assert not 0xD800 <= code <= 0xDFFF, repr(text)


def seed_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", folder)
    return folder


def one_line(result_stderr: str) -> str:
    lines = result_stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result_stderr, result_stderr
    return lines[0]


# -- 1. check --record and what stands beside the set ---------------------------------------


def a_set(tmp_path: Path) -> Path:
    path = tmp_path / "sets" / "new.yaml"
    path.parent.mkdir()
    path.write_text(f"knowledge: {ROOT / 'knowledge'}\ncases:\n  - ask: {QUESTION}\n")
    return path


def test_record_writes_no_probe_file_and_never_through_a_planted_symlink(tmp_path: Path) -> None:
    path = a_set(tmp_path)
    victim = tmp_path / "bashrc"
    victim.write_text("the user's own file\n")
    (path.parent / f".{path.name}.check").symlink_to(victim)
    regular = path.parent / ".other.check"
    regular.write_text("keep me")
    result = run("check", "--record", str(path))
    assert result.returncode == EXIT_OK, result.stderr
    assert victim.read_text() == "the user's own file\n"
    assert regular.read_text() == "keep me"
    assert 'answer: "80"' in path.read_text()
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".new.yaml.check",
        ".other.check",
        "new.yaml",
    ]


def test_record_refuses_a_symlinked_read_only_or_unwritable_set(tmp_path: Path) -> None:
    path = a_set(tmp_path)
    before = path.read_text()
    link = path.parent / "link.yaml"
    link.symlink_to(path)
    refused = run("check", "--record", str(link))
    assert refused.returncode == EXIT_USAGE and "symbolic link" in one_line(refused.stderr)
    path.chmod(0o444)
    refused = run("check", "--record", str(path))
    assert refused.returncode == EXIT_USAGE and "read-only" in one_line(refused.stderr)
    assert path.read_text() == before and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_record_keeps_the_mode_of_the_set(tmp_path: Path) -> None:
    path = a_set(tmp_path)
    path.chmod(0o640)
    assert run("check", "--record", str(path)).returncode == EXIT_OK
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


# -- 2. a source whose file name is not UTF-8 ------------------------------------------------


def test_a_file_name_that_is_not_utf8_does_not_stop_the_folder(tmp_path: Path) -> None:
    folder = seed_copy(tmp_path)
    write_source(folder, os.fsdecode(b"bad\xe9name"), "The plant hired 40 welders.")
    for args in (("ask", QUESTION), ("sources",), ("facts", "girls")):
        result = run("--knowledge", str(folder), *args)
        assert result.returncode == EXIT_OK, result.stderr
        assert_clean(result.stdout, result.stderr)
        assert "file name is not valid UTF-8" in result.stderr


# -- 3. and 4. titles, ids, names and keys reach the terminal sanitised ------------------------


def test_titles_ids_and_file_names_are_sanitised_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    added = run("--knowledge", str(folder), "add", str(STORY), "--title", NASTY_TITLE)
    assert added.returncode == EXIT_OK, added.stderr
    assert "Port news" in added.stdout.replace("  ", " ")
    (folder / "broken\x1b[31m.md").write_text("no header\n")
    for args in (("ask", "how many people can the new center hold?"), ("sources",), ("facts",)):
        result = run("--knowledge", str(folder), *args)
        assert_clean(result.stdout, result.stderr)
    pasted = run(
        "--knowledge",
        str(folder),
        "add",
        "-",
        "--title",
        f"Ferry{OSC52}",
        stdin="The ferry carried 90 riders.\n",
    )
    assert_clean(pasted.stdout, pasted.stderr)
    from_text = tmp_path / "story.txt"
    from_text.write_text(f"Mayor{OSC52} wins\n\nThe mayor won 60 percent of the vote.\n")
    from_title = run("--knowledge", str(folder), "add", str(from_text))
    assert from_title.returncode == EXIT_OK, from_title.stderr
    assert_clean(from_title.stdout, from_title.stderr)


def test_a_missing_folder_with_escapes_in_its_name(tmp_path: Path) -> None:
    result = run("--knowledge", str(tmp_path / "no\x1b]0;pwned\x07where"), "ask", "hi")
    assert result.returncode == EXIT_KNOWLEDGE
    assert_clean(result.stderr)


def test_set_keys_and_knowledge_paths_in_messages_are_sanitised(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text('cases:\n  - ask: hi\n    "\\e[2Jkey": 1\n')
    result = run("check", str(path))
    assert result.returncode == EXIT_BROKEN_SET
    assert_clean(result.stdout, result.stderr)
    missing = tmp_path / "nowhere.yaml"
    missing.write_text('knowledge: "no\\e]0;x\\awhere"\ncases:\n  - ask: hi\n    no_answer: true\n')
    result = run("check", str(missing))
    assert result.returncode == EXIT_KNOWLEDGE
    assert_clean(result.stdout, result.stderr)


def test_squad_titles_in_eval_errors_are_sanitised(tmp_path: Path) -> None:
    squad = tmp_path / "squad.json"
    squad.write_text(
        json.dumps(
            {
                "data": [
                    {
                        "title": "T\x1b]52;c;eA==\x07",
                        "paragraphs": [
                            {
                                "context": "It rained.",
                                "qas": [{"id": "1", "question": "Did it rain?", "answers": []}],
                            }
                        ],
                    }
                ]
            }
        )
    )
    result = run("eval", "--squad", str(squad), "--article", "nope\x9b")
    assert result.returncode == EXIT_USAGE
    assert_clean(result.stdout, result.stderr)


# -- 5. bytes that are not UTF-8 on input ---------------------------------------------------


def test_a_bad_line_on_standard_input_is_refused_and_the_rest_answered() -> None:
    data = f"{QUESTION}\nwho is \xff\xfe andy\nhow many boys were being helped?\n".encode("latin-1")
    result = run("ask", stdin=data)
    assert result.returncode == EXIT_USAGE
    assert result.stdout.splitlines()[0] == "80" and "\n11\n" in result.stdout
    assert "line 2: the question is not valid UTF-8 text" in one_line(result.stderr)
    chat = run(stdin=data)
    assert chat.returncode == EXIT_USAGE and chat.stdout.startswith("80\n")
    assert "line 2" in one_line(chat.stderr)


def test_json_error_lines_are_valid_json_for_bad_bytes() -> None:
    piped = run("ask", "--json", stdin=b"\xff\xfe\n" + QUESTION.encode() + b"\n")
    refused, answered = (json.loads(line) for line in piped.stdout.splitlines())
    assert refused["error"] and answered["answer"] == "80"
    argument = run("ask", "--json", os.fsdecode(b"\xff"))
    assert argument.returncode == EXIT_USAGE
    (line,) = argument.stdout.splitlines()
    assert json.loads(line)["error"] == "the question is not valid UTF-8 text"
    assert_clean(argument.stdout, argument.stderr)


# -- 6. removing a source the curated facts refer to -----------------------------------------


def test_removing_a_source_that_facts_yaml_refers_to_keeps_the_folder_usable(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "knowledge"
    write_source(folder, "port", "The port handled 412 ships in 2015.\n\nIt hired staff.")
    write_source(folder, "ferry", "The ferry carried 90 riders.")
    (folder / "facts.yaml").write_text(
        "facts:\n  - kind: quantity\n    subject: dock workers\n    value: '37'\n"
        "    source: port\n    paragraph: 2\n"
    )
    removed = run("--knowledge", str(folder), "remove", "port")
    assert removed.returncode == EXIT_OK
    assert "facts.yaml has 1 fact(s) about port" in one_line(removed.stderr)
    asked = run("--knowledge", str(folder), "ask", "how many riders did the ferry carry?")
    assert asked.returncode == EXIT_OK and asked.stdout.startswith("90\n")
    assert "skipped a curated fact" in asked.stderr
    (folder / "ferry.md").write_text("no header\n")
    write_source(folder, "other", "The bus carried 12 riders.")
    broken = run("--knowledge", str(folder), "ask", "how many riders did the bus carry?")
    assert broken.returncode == EXIT_OK and broken.stdout.startswith("12\n")


# -- 9. ordinary mistakes are not internal errors ---------------------------------------------


@pytest.mark.parametrize("where", ["missing/report.xml", "folder", "readonly/report.xml"])
def test_junit_to_a_place_that_cannot_be_written(tmp_path: Path, where: str) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "readonly").mkdir()
    (tmp_path / "readonly").chmod(0o555)
    target = tmp_path / where
    result = run(
        "check", str(ROOT / "tests" / "data" / "sets" / "passing.yaml"), "--junit", str(target)
    )
    if (
        where.startswith("readonly")
        and os.geteuid() == 0
        and os.access(tmp_path / "readonly", os.W_OK)
    ):
        assert result.returncode == EXIT_OK  # root writes to read-only folders anyway
        return
    assert result.returncode == EXIT_USAGE
    assert "--junit" in one_line(result.stderr)


def test_eval_outputs_and_files_of_the_wrong_shape(tmp_path: Path) -> None:
    squad = ROOT / "tests" / "data" / "squad-mini.json"
    missing = run("eval", "--squad", str(squad), "--predictions", str(tmp_path / "no" / "p.json"))
    assert missing.returncode == EXIT_USAGE and "does not exist" in one_line(missing.stderr)
    for body in (
        '{"data": [{"paragraphs": "x"}]}',
        '{"data": [{"paragraphs": [{"context": 5, "qas": []}]}]}',
        '{"data": [{"paragraphs": [{"context": "x", "qas": [{"id": 1, "question": 5, "answers": []}]}]}]}',
        '{"data": []}',
        "[" * 100_000,
    ):
        bad = tmp_path / "bad.json"
        bad.write_text(body)
        result = run("eval", "--squad", str(bad))
        assert result.returncode == EXIT_KNOWLEDGE, (body[:40], result.stderr)
        one_line(result.stderr)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--title", os.fsdecode(b"T\xff")], "title is not valid UTF-8"),
        (["--url", os.fsdecode(b"http://\xff")], "url is not valid UTF-8"),
        (["--date", "2024-13-45"], "bad date"),
        (["--date", "2023-02-29"], "bad date"),
    ],
)
def test_add_refuses_bad_arguments(tmp_path: Path, args: list[str], message: str) -> None:
    result = run("--knowledge", str(tmp_path / "k"), "add", str(STORY), *args)
    assert result.returncode == EXIT_USAGE and message in one_line(result.stderr)
    assert not (tmp_path / "k").exists()


def test_add_refuses_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / os.fsdecode(b"story\xe9.txt")
    path.write_text("The ferry carried 90 riders.\n\nIt sailed.\n")
    result = run("--knowledge", str(tmp_path / "k"), "add", str(path))
    assert result.returncode == EXIT_USAGE and "not valid UTF-8" in one_line(result.stderr)
    assert_clean(result.stderr)


# -- low ------------------------------------------------------------------------------------


def test_remove_dot_and_dot_dot_are_the_same_usage_error(tmp_path: Path) -> None:
    write_source(tmp_path, "port", "The port handled 412 ships.")
    for bad in (".", "..", "../port", ""):
        result = run("--knowledge", str(tmp_path), "remove", bad)
        assert result.returncode == EXIT_USAGE, bad


def test_check_on_a_folder_without_sets_and_eval_without_articles(tmp_path: Path) -> None:
    result = run("check", str(tmp_path))
    assert result.returncode == EXIT_BROKEN_SET and "no question sets" in one_line(result.stderr)


def test_a_relative_xdg_cache_home_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from article_qa.files import cache_dir

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    assert cache_dir().is_absolute()
    assert run("ask", QUESTION).returncode == EXIT_OK
    assert not (tmp_path / "relative").exists()


def test_readding_a_stored_source_keeps_its_header_out_of_the_text(tmp_path: Path) -> None:
    first = tmp_path / "a"
    assert (
        run(
            "--knowledge", str(first), "add", str(STORY), "--url", "https://example.org/x"
        ).returncode
        == 0
    )
    (stored,) = first.glob("*.md")
    second = tmp_path / "b"
    result = run("--knowledge", str(second), "add", str(stored))
    assert result.returncode == EXIT_OK, result.stderr
    (copied,) = second.glob("*.md")
    assert copied.read_text() == stored.read_text()


def test_a_comment_only_markdown_file_holds_no_text(tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("<!-- a note to self -->\n\n<!--\nanother\n-->\n")
    result = run("--knowledge", str(tmp_path / "k"), "add", str(notes))
    assert result.returncode == EXIT_USAGE and "holds no text" in one_line(result.stderr)
