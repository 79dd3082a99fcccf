"""Column widths from a table's content: the one rule that Typst, Word and HTML all lay out by.

Each column needs at least its widest unbreakable word (a number or a short code: its whole
text), so that no word in a table is hyphenated or broken; the room left over goes to the
columns by their typical cell length, so the long running text gets the most. Widths are in em
of the table's text, estimated with Arial's advance widths, the widest of the report's fonts
(Source Sans 3 in the PDF and HTML, Arial in Word): what fits in Arial fits in every format.
Standard library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from statistics import fmean

from kulturdialog.content import blocks as b

# Arial's advance widths in em, by kind of character (a close estimate: Arial's own table is not
# ours to ship); a word's width is their sum, with some to spare: LibreOffice without Arial sets
# Word's text in Noto Sans, a little wider, and Noto Sans Bold is wider still
NARROW, WIDE = frozenset("fijlrtI.,:;'!|()[]- \u00a0"), frozenset("mwMW%@—–")
SPARE, BOLD = 1.10, 1.2
SHORT_CELL = 20  # a column whose cells are all this short sets each on one line, room allowing
GUTTER_EM = 1.2  # a cell's padding, both sides together (Word's: 0.38 cm): apart from the next
SPACES = re.compile(r"[ \n\t]+")  # where a line may break (a no-break space holds `1 234`)
# a word with a dash or slash inside (`IT-tjänster`, `2021–2023`): kept on one line in a table
# (the exporters' own breaks after a dash would split a word narrower than its column)
# a table's caption stays with its header and first rows, and its last rows stay together
FIRST_ROWS, LAST_ROWS = 2, 2
BALANCE_STEPS, LOOK_AHEAD = 24, 8  # the room left is given a 24th at a time, 8 steps looked ahead
DASHED_WORD = re.compile(r"(\S+[-\u2010\u2013\u2014/]\S+)")


def text_em(text: str, bold: bool = False) -> float:
    """The width of `text` set on one line, in em."""
    width = sum(
        0.28 if c in NARROW else 0.83 if c in WIDE else 0.67 if c.isupper() else 0.556 for c in text
    )
    return width * SPARE * (BOLD if bold else 1.0)


def widest_word_em(text: str, bold: bool = False) -> float:
    """The width of the widest word of `text` (words end at spaces only), in em."""
    return max((text_em(word, bold) for word in SPACES.split(text)), default=0.0)


@dataclass(frozen=True)
class ColumnWidth:
    """A column's least width (its widest word, with padding), the width that sets its header
    (and short cells) on one line, and its claim on the room left after that."""

    least_em: float
    wish_em: float
    weight: float


def column_widths(table: b.Table) -> tuple[ColumnWidth, ...]:
    """Each column's least width and weight, from its header, cells and footer.

    A number or a column marked `nowrap` is never wrapped: its least width is its widest cell,
    and it takes no more. A text column wraps between words; its weight is its mean cell width.
    """
    out = []
    for i, column in enumerate(table.columns):
        cells = [row[i] for row in table.rows if i < len(row)]
        foot = [table.footer[i]] if table.footer and i < len(table.footer) else []
        whole = column.numeric or column.nowrap
        per_cell = text_em if whole else widest_word_em
        least = max(
            [widest_word_em(column.header, bold=True)]
            + [per_cell(c) for c in cells]
            + [per_cell(c, bold=True) for c in foot]
        )
        weight = 0.0 if whole else fmean(text_em(c) for c in cells) if cells else 1.0
        wish = max(least, text_em(column.header, bold=True))
        if all(len(c) <= SHORT_CELL for c in cells + foot):
            wish = max([wish] + [text_em(c) for c in cells] + [text_em(c, bold=True) for c in foot])
        out.append(ColumnWidth(least + GUTTER_EM, wish + GUTTER_EM, weight))
    return tuple(out)


def least_width_em(table: b.Table) -> float:
    """The narrowest the table can be set without breaking a word, in em."""
    return sum(c.least_em for c in column_widths(table))


def fits(table: b.Table, width_em: float) -> bool:
    """Whether the table can be set `width_em` wide without breaking a word."""
    return least_width_em(table) <= width_em


@lru_cache(maxsize=256)  # three exporters and the row estimates ask for the same table
def shares(table: b.Table, width_em: float) -> tuple[float, ...]:
    """Each column's share (0–1, adding up to 1) of a table set `width_em` wide.

    Every column gets its least width; then the room goes where it makes the table shortest
    (`_shortest`: the header row and the body rows, each as tall as its tallest cell); what
    saves no line lets each column grow toward its header (and short cells) on one line, and
    the rest is shared by the weights (equally when no column has a weight). When the least
    widths do not fit, in proportion to them: the exporter then turns the page (PDF, Word) or
    lets the table scroll (HTML).
    """
    columns = column_widths(table)
    widths = [c.least_em for c in columns]
    room = width_em - sum(widths)
    if room <= 0:
        return tuple(w / sum(widths) for w in widths)
    weights = [c.weight for c in columns]
    widths, room = _shortest(table, widths, room, weights)
    short = [max(0.0, c.wish_em - w) for c, w in zip(columns, widths, strict=True)]
    if sum(short) > 0:
        grown = min(1.0, room / sum(short))
        widths = [w + s * grown for w, s in zip(widths, short, strict=True)]
        room -= sum(short) * grown
    if not any(weights):
        weights = [1.0] * len(columns)
    total = sum(weights)
    return tuple((w + room * k / total) / width_em for w, k in zip(widths, weights, strict=True))


def _shortest(
    table: b.Table, widths: list[float], room: float, weights: list[float]
) -> tuple[list[float], float]:
    """The text columns' widths grown, a step of the room at a time, where a step saves the most
    lines of the table's height per em: a column whose cells set the rows' height takes room
    before one whose cells are shorter than their neighbours anyway. Returns the widths and the
    room that saved no line."""
    step = room / BALANCE_STEPS
    cells = [
        [(column.header, True)] + [(row[i] if i < len(row) else "", False) for row in table.rows]
        for i, column in enumerate(table.columns)
    ]
    lines = [
        [_lines(c, w - GUTTER_EM, bold) for c, bold in column]
        for column, w in zip(cells, widths, strict=True)
    ]
    while room >= step > 0:
        height = sum(map(max, zip(*lines, strict=True)))
        best: tuple[float, int, int, list[int]] | None = None
        for i, weight in enumerate(weights):
            if not weight:
                continue
            others = [max(row[:i] + row[i + 1 :], default=1) for row in zip(*lines, strict=True)]
            for k in range(1, min(LOOK_AHEAD, int(room / step + 1e-9)) + 1):
                width = widths[i] + k * step - GUTTER_EM
                trial = [_lines(c, width, bold) for c, bold in cells[i]]
                saved = height - sum(map(max, zip(others, trial, strict=True)))
                if saved > 0:
                    if best is None or saved / k > best[0]:
                        best = (saved / k, i, k, trial)
                    break
        if best is None:
            break
        _, i, k, lines[i] = best
        widths[i] += k * step
        room -= k * step
    return widths, room


def row_lines(table: b.Table, width_em: float) -> list[int]:
    """About how many lines each body row takes, the table set `width_em` wide."""
    columns = [share * width_em - GUTTER_EM for share in shares(table, width_em)]
    return [
        max((_lines(value, width) for value, width in zip(row, columns, strict=False)), default=1)
        for row in table.rows
    ]


def _lines(text: str, width_em: float, bold: bool = False) -> int:
    """The lines `text` fills, wrapped between words in a column `width_em` wide."""
    lines, used = 1, 0.0
    for word in SPACES.split(text):
        width = text_em(word, bold)
        if used and used + text_em(" ") + width > width_em:
            lines, used = lines + 1, width
        else:
            used += (text_em(" ") if used else 0.0) + width
    return lines
