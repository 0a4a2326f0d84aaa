"""Sources added in the chat on the bundled article go to the user's own folder."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from article_qa import Bot
from article_qa.ui.chat import banner, handle_line
from article_qa.ui.commands import ChatState
from article_qa.ui.presentation import plain
from article_qa.ui.user_knowledge import chat_folder, is_bundled, user_knowledge_dir
from support import ROOT

PORT = "The port of Duluth handled 412 ships in 2015, said Jane Roe, the port director."


@pytest.fixture()
def own_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    return tmp_path / "data" / "article-qa" / "knowledge"


def paste(state: ChatState, *lines: str) -> str:
    return "".join(plain(handle_line(state, line)) for line in ("/paste Port news", *lines, "."))


def test_paste_on_the_bundled_article_goes_to_the_user_folder(bot: Bot, own_data: Path) -> None:
    bundled = sorted(p.name for p in (ROOT / "knowledge").iterdir())
    state = ChatState(bot)
    shown = paste(state, PORT)
    assert f"stored in {own_data / 'port-news.md'}" in shown
    assert sorted(p.name for p in (ROOT / "knowledge").iterdir()) == bundled
    assert state.bot.folder == own_data == user_knowledge_dir()
    assert {s.id for s in state.bot.sources} == {"mpr-sex-trafficking-convictions", "port-news"}
    assert plain(handle_line(state, "how many ships did the port handle?")).startswith("412")
    assert plain(handle_line(state, "how many girls were being helped?")).startswith("80")
    assert "paragraph 3 (" in plain(handle_line(state, "/source 3"))  # still the article's
    first = plain(banner(state.bot)).splitlines()[0]
    assert first.startswith("article-qa  Officials: Jump in MN") and "Port news" in first


def test_a_later_chat_opens_the_user_folder(bot: Bot, own_data: Path) -> None:
    assert chat_folder(None) is None  # nothing added yet: the bundled article
    paste(ChatState(bot), PORT)
    assert chat_folder(None) == own_data
    assert chat_folder("elsewhere") == Path("elsewhere")
    assert "in your folder" in plain(banner(Bot.load(own_data)))


def test_a_named_folder_is_added_to_itself(tmp_path: Path, own_data: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "ferry.md").write_text("---\ntitle: Ferry\n---\n\nThe ferry carried 90 riders.\n")
    state = ChatState(Bot.load(folder))
    assert f"stored in {folder / 'port-news.md'}" in paste(state, PORT)
    assert not own_data.exists()
    assert not is_bundled(folder) and is_bundled(ROOT / "knowledge")


def test_run_chat_loads_the_user_folder(
    bot: Bot, own_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from article_qa.ui import subcommands

    paste(ChatState(bot), PORT)
    seen: list[Bot] = []
    monkeypatch.setattr("article_qa.ui.chat.run_plain", lambda b, lines, out: seen.append(b) or 0)
    assert subcommands.run_chat(argparse.Namespace()) == 0
    assert seen[0].folder == own_data
