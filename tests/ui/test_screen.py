"""What the chat shows: styles without colour, the pager, the toolbar that fits."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.output import DummyOutput

from article_qa import Bot
from article_qa.ui.commands import ChatState
from article_qa.ui.prompt import toolbar
from article_qa.ui.screen import (
    NO_COLOUR_STYLE,
    Screen,
    page,
    pager_command,
    terminal_kind,
)


@pytest.mark.parametrize(
    ("environment", "kind"),
    [
        ({"TERM": "xterm-256color"}, "colour"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, "no-colour"),
        ({"TERM": "dumb"}, "dumb"),
        ({"TERM": ""}, "no-colour"),
    ],
)
def test_terminal_kind(
    monkeypatch: pytest.MonkeyPatch, environment: dict[str, str], kind: str
) -> None:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    assert terminal_kind() == kind


def test_without_colour_roles_keep_reverse_underline_and_dim() -> None:
    def attrs(classes: str) -> object:
        return NO_COLOUR_STYLE.get_attrs_for_style_str(classes)

    assert attrs("class:auto-suggestion").dim  # type: ignore[attr-defined]
    assert attrs("class:completion-menu.completion.current").reverse  # type: ignore[attr-defined]
    assert not attrs("class:completion-menu.completion").reverse  # type: ignore[attr-defined]
    assert attrs("class:highlight").underline  # type: ignore[attr-defined]


def test_no_colour_output_has_styles_but_no_colours() -> None:
    rendered = Screen("no-colour").render(
        [("class:highlight", "80"), ("class:dim", " dim")], Size(rows=24, columns=80)
    )
    assert "\x1b[0;1;4m80" in rendered  # bold and underline
    assert "\x1b[0;2m dim" in rendered  # dim
    assert not re.search(r"[\[;](3[0-8]|4[0-8]|9[0-7])[;m]", rendered)  # no colour


def test_pager_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGER", "cat -u")
    assert pager_command() == ["cat", "-u"]
    monkeypatch.setenv("PAGER", "")
    assert pager_command() is None
    monkeypatch.setenv("PAGER", "no-such-pager-anywhere")
    assert pager_command() is None


def test_a_pager_other_than_less_gets_the_bare_text(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    kept = tmp_path / "paged"
    monkeypatch.setenv(
        "PAGER",
        f"{sys.executable} -c 'import sys; open(sys.argv[1], \"w\").write(sys.stdin.read())' {kept}",
    )
    assert page("\x1b[1mstyled\x1b[0m", "bare")
    assert kept.read_text() == "bare"


def test_output_that_is_not_a_terminal_is_never_paged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PAGER", f"touch {tmp_path / 'ran'}")
    with create_app_session(output=DummyOutput()):
        Screen("dumb").show([("", "line\n" * 200)])
    assert not (tmp_path / "ran").exists()
    assert capsys.readouterr().out == "line\n" * 200


@pytest.mark.parametrize("columns", [30, 40, 60, 100])
def test_the_toolbar_fits_the_width(bot: Bot, columns: int) -> None:
    text = "".join(part for _, part in toolbar(bot, ChatState(bot), columns))
    assert len(text) <= columns
    assert "/help" in text
    if columns >= 80:
        assert "14 passages" in text
