"""Tab completion: names by any of their words, commands with descriptions, source
ids after /source, paths after /add."""

from __future__ import annotations

from pathlib import Path

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from article_qa import Bot
from article_qa.ui.completion import ChatCompleter


def offered(bot: Bot, text: str) -> list[tuple[str, str, str]]:
    completer = ChatCompleter(lambda: bot)
    found = completer.get_completions(Document(text, len(text)), CompleteEvent(True))
    return [(c.text, c.display_text, c.display_meta_text) for c in found]


def test_a_surname_offers_it_and_the_whole_name(bot: Bot) -> None:
    texts = [text for text, _, _ in offered(bot, "who is Busk")]
    assert texts == ["Danette Buskovick", "Buskovick"]
    assert offered(bot, "who is busk")[0][2] == "person"


def test_a_first_name_offers_the_whole_name(bot: Bot) -> None:
    assert [text for text, _, _ in offered(bot, "what did Dan")] == ["Danette Buskovick"]


def test_the_rest_of_a_name_already_begun(bot: Bot) -> None:
    assert [text for text, _, _ in offered(bot, "what did Danette Bu")] == ["Buskovick"]


def test_organisations_by_a_later_word(bot: Bot) -> None:
    assert "Office of Justice Programs" in [t for t, _, _ in offered(bot, "who runs Just")]


def test_commands_come_with_what_they_do(bot: Bot) -> None:
    assert ("/sources", "/sources", "the loaded sources") in offered(bot, "/so")
    assert [text for text, _, _ in offered(bot, "/q")] == ["/quit"]


def test_source_ids_after_source(bot: Bot) -> None:
    (found,) = offered(bot, "/source mpr")
    assert found[0] == "mpr-sex-trafficking-convictions"
    assert found[2].startswith("Officials: Jump in MN")


def test_paths_after_add(bot: Bot, tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("x")
    (tmp_path / "story.pdf").write_text("x")
    (tmp_path / "stories").mkdir()
    found = offered(bot, f"/add {tmp_path}/sto")
    assert sorted(display for _, display, _ in found) == ["stories/", "story.txt"]


def test_nothing_for_one_letter_or_other_commands(bot: Bot) -> None:
    assert offered(bot, "who is B") == []
    assert offered(bot, "/facts Busk") == []
