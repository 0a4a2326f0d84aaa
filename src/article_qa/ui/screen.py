"""What the chat shows on a terminal: its styles, text wrapped to the width the
terminal has at the moment it is printed, and a pager for what is taller than the
screen.

Styles never depend on colour alone: under ``NO_COLOR`` the same roles are told
apart by bold, underline, reverse and dim, so a suggestion still looks unlike typed
text and the selected completion is marked. On a dumb terminal the text is plain.

Output taller than the screen goes through ``$PAGER`` (``less`` when unset; ``PAGER=``
set empty turns paging off), as pgcli does; when that cannot run, it is printed.
"""

from __future__ import annotations

import contextlib
import io
import os
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator

from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import get_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.output import ColorDepth
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.styles import Style

from .layout import wrap
from .presentation import Fragments, plain
from .terminal import raw_stream, safe

_ROLES = {
    "answer": "bold",
    "working": "",
    "highlight": "bold underline",
    "sentence": "",
    "title": "bold",
}
COLOUR_STYLE = Style.from_dict(
    {
        **_ROLES,
        "citation": "ansicyan",
        "dim": "ansibrightblack",
        "noanswer": "bold ansiyellow",
        "unsure": "ansiyellow",
        "error": "ansired",
        "bottom-toolbar": "noreverse ansibrightblack",
    }
)
# No colour, but every role still looks like itself.
NO_COLOUR_STYLE = Style.from_dict(
    {
        **_ROLES,
        "citation": "italic",
        "dim": "dim",
        "noanswer": "bold",
        "unsure": "bold",
        "error": "bold",
        "auto-suggestion": "dim italic",
        "completion-menu": "noreverse",
        "completion-menu.completion": "noreverse",
        "completion-menu.completion.current": "reverse bold",
        "completion-menu.meta.completion": "dim",
        "completion-menu.meta.completion.current": "reverse",
        "completion-menu.multi-column-meta": "dim",
        "scrollbar.background": "noreverse",
        "scrollbar.button": "reverse",
        "bottom-toolbar": "reverse",
    }
)


def terminal_kind() -> str:
    """Which terminal the chat runs on: "dumb" (``TERM=dumb``: plain text and a
    plain line editor), "no-colour" (``NO_COLOR`` set, or ``TERM`` empty or unset)
    or "colour"."""
    term = os.environ.get("TERM", "")
    if term in ("dumb", "unknown"):
        return "dumb"
    return "no-colour" if "NO_COLOR" in os.environ or not term else "colour"


class Screen:
    """Prints fragments for the kind of terminal the chat runs on."""

    def __init__(self, kind: str, paging: bool = True):
        self.kind = kind
        self.paging = paging and kind != "dumb"
        self.style = COLOUR_STYLE if kind == "colour" else NO_COLOUR_STYLE
        self.depth = ColorDepth.MONOCHROME if kind != "colour" else None

    def size(self) -> Size:
        """The terminal's size now (read again for every output: it may have changed)."""
        if self.kind == "dumb":
            columns, rows = shutil.get_terminal_size((80, 24))
            return Size(rows=rows, columns=columns)
        return get_app_session().output.get_size()

    def show(self, fragments: Fragments) -> None:
        """Print the fragments wrapped to the width, through the pager when taller
        than the screen."""
        if not fragments:
            return
        size = self.size()
        laid = wrap([(style, safe(text)) for style, text in fragments], size.columns)
        tall = plain(laid).count("\n") > size.rows - 2
        if self.paging and tall and _on_a_terminal() and page(self.render(laid, size), plain(laid)):
            return
        if self.kind == "dumb":
            sys.stdout.write(plain(laid))
            sys.stdout.flush()
            return
        print_formatted_text(FormattedText(laid), style=self.style, end="", color_depth=self.depth)

    def render(self, fragments: Fragments, size: Size) -> str:
        """The fragments as the terminal would get them, escape sequences included."""
        buffer = io.StringIO()
        output = Vt100_Output(
            buffer, lambda: size, term=os.environ.get("TERM"), default_color_depth=self.depth
        )
        print_formatted_text(FormattedText(fragments), style=self.style, end="", output=output)
        return buffer.getvalue()


def _on_a_terminal() -> bool:
    return raw_stream(sys.stdout).isatty()


def pager_command() -> list[str] | None:
    """The pager to run: ``$PAGER`` (none when set empty), else ``less`` if present."""
    chosen = os.environ.get("PAGER")
    if chosen is not None and not chosen.strip():
        return None
    try:
        command = shlex.split(chosen or "less")
    except ValueError:
        return None
    if not command or shutil.which(command[0]) is None:
        return None
    return command


def page(styled: str, bare: str) -> bool:
    """Show text through the pager (``less`` gets the styled text and ``-R``, other
    pagers the bare text); False when no pager could show it."""
    command = pager_command()
    if command is None:
        return False
    is_less = os.path.basename(command[0]) == "less"
    environment = {**os.environ}
    if is_less:
        command = [*command, "-R"]
        environment.setdefault("LESS", "-FX")  # leave the page on the screen after q
    sys.stdout.flush()
    try:
        with _interrupts_go_to_the_pager():
            subprocess.run(
                command, input=(styled if is_less else bare).encode(), env=environment, check=False
            )
    except OSError:
        return False
    return True


@contextlib.contextmanager
def _interrupts_go_to_the_pager() -> Iterator[None]:
    """Ctrl-C while the pager runs is the pager's to handle, not the chat's."""
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
