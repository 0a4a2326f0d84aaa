"""Text laid out for a terminal: every line wrapped at word boundaries to the width,
its continuation lines indented to the line's hanging indent.

A line's hanging indent is where its ``HANG`` marker stands (after "-- " of a
citation, after the kind column of a fact), else its leading spaces. A word longer
than a whole line is broken after a hyphen or slash where it has one, and only
otherwise inside a word. Widths are display cells, so wide characters count two.
"""

from __future__ import annotations

from collections.abc import Iterator

from prompt_toolkit.utils import get_cwidth

from .presentation import HANG, Fragments

Cell = tuple[str, str]  # (style, one character)


def wrap(fragments: Fragments, width: int) -> Fragments:
    """``fragments`` with each line wrapped to ``width`` cells (markers removed)."""
    width = max(width, 8)
    out: Fragments = []
    lines = list(_lines(fragments))
    for number, (cells, hang) in enumerate(lines):
        out += _fragments(_wrap_line(cells, hang, width))
        if number < len(lines) - 1:
            out.append(("", "\n"))
    return out


def _lines(fragments: Fragments) -> Iterator[tuple[list[Cell], int | None]]:
    """The lines of the fragments as cells, each with its marked hanging indent."""
    cells: list[Cell] = []
    hang: int | None = None
    for style, text in fragments:
        if (style, text) == HANG:
            hang = _width(cells)
            continue
        for index, part in enumerate(text.split("\n")):
            if index:
                yield cells, hang
                cells, hang = [], None
            cells += [(style, character) for character in part]
    yield cells, hang


def _wrap_line(cells: list[Cell], hang: int | None, width: int) -> list[Cell]:
    """One line's cells with newlines and indents put in where it wraps."""
    if _width(cells) <= width:
        return cells
    if hang is None:
        hang = len(cells) - len(_lstrip(cells))
    hang = min(hang, width // 3)
    indent: list[Cell] = [("", " ")] * hang
    out: list[Cell] = []
    column, has_word = 0, False
    for spaces, word in _words(cells):
        if column + _width(spaces) + _width(word) <= width:
            out += spaces + word
            column += _width(spaces) + _width(word)
            has_word = has_word or bool(word)
            continue
        if not word:
            continue  # spaces at the end of a line that is full
        room = width - column - _width(spaces)
        if has_word and _width(word) > width - hang and _hyphen_cut(word, room):
            has_word = False  # too long for any line: begin it here, cut at a hyphen
        if has_word:
            out += [("", "\n"), *indent]
            column = hang
        else:
            out += spaces
            column += _width(spaces)
        for index, piece in enumerate(_pieces(word, width - column, width - hang)):
            if index:
                out += [("", "\n"), *indent]
                column = hang
            out += piece
            column += _width(piece)
        has_word = True
    return out


def _words(cells: list[Cell]) -> Iterator[tuple[list[Cell], list[Cell]]]:
    """Each word with the spaces before it (trailing spaces come with an empty word)."""
    spaces: list[Cell] = []
    word: list[Cell] = []
    for cell in cells:
        if cell[1] == " ":
            if word:
                yield spaces, word
                spaces, word = [], []
            spaces.append(cell)
        else:
            word.append(cell)
    yield spaces, word


def _pieces(word: list[Cell], first_room: int, room: int) -> Iterator[list[Cell]]:
    """The word cut into pieces that fit: the first in ``first_room`` cells, the
    others in ``room``; cut after a hyphen or slash when there is one to cut at."""
    limit = max(first_room, 1)
    while _width(word) > limit:
        end = _cut(word, limit)
        yield word[:end]
        word, limit = word[end:], max(room, 1)
    yield word


def _cut(word: list[Cell], limit: int) -> int:
    """How many cells of ``word`` to keep on this line (at least one)."""
    fits, used = 0, 0
    for index, (_, character) in enumerate(word):
        used += get_cwidth(character)
        if used > limit:
            break
        fits = index + 1
    for index in range(fits, 1, -1):
        if word[index - 1][1] in "-/":
            return index
    return max(fits, 1)


def _hyphen_cut(word: list[Cell], limit: int) -> bool:
    """True when ``word`` can be cut after a hyphen or slash within ``limit`` cells."""
    return limit > 1 and word[_cut(word, limit) - 1][1] in "-/"


def _lstrip(cells: list[Cell]) -> list[Cell]:
    index = 0
    while index < len(cells) and cells[index][1] == " ":
        index += 1
    return cells[index:]


def _width(cells: list[Cell]) -> int:
    return sum(get_cwidth(character) for _, character in cells)


def _fragments(cells: list[Cell]) -> Fragments:
    """Cells joined back into fragments, one per run of the same style."""
    out: Fragments = []
    for style, character in cells:
        if out and out[-1][0] == style:
            out[-1] = (style, out[-1][1] + character)
        else:
            out.append((style, character))
    return out
