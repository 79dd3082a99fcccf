"""A report table in Word: a real table with a repeating header row, caption and description.

The caption is a paragraph above (with the table's bookmark), and also `w:tblCaption` and
`w:tblDescription` for screen readers; header rows repeat on every page and no row splits.
"""

from __future__ import annotations

import re

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt

from kulturdialog.content import blocks as b
from kulturdialog.formats.word_styles import INK, MONO, RULE, TABLE_TEXT_PT, TEXT_WIDTH, TINT
from kulturdialog.formats.word_text import WordText
from kulturdialog.formats.word_xml import (
    RPR_ORDER,
    TBLPR_ORDER,
    TCPR_ORDER,
    border,
    el,
    fonts,
    insert,
    literal,
)


def write_table(w: WordText, x: b.Table) -> None:
    """Table `x` with its caption and notes, at the end of `w`'s document."""
    provenance = x.role == "provenance"
    anchor = w.bookmarks.get(b.anchor(x)) if x.number is not None else None
    caption = w.caption(w.say("table"), x.number, x.caption, anchor)
    caption.paragraph_format.keep_with_next = True
    w.break_before = False
    ncols = len(x.columns)
    header_rows = [tuple(r) + ("",) * (ncols - len(r)) for r in x.header_rows]
    heads = [*header_rows, tuple(c.header for c in x.columns)]
    body = list(x.rows)
    foot = [x.footer] if x.footer else []
    table = w.doc.add_table(rows=len(heads) + len(body) + len(foot), cols=ncols)
    table.style = w.doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    size = Pt(PROVENANCE_PT) if provenance else None
    widths = _widths(x, provenance)
    tblpr = table._tbl.tblPr
    insert(tblpr, el("w:tblW", w=int(sum(widths)), type="dxa"), TBLPR_ORDER)
    borders = el("w:tblBorders")
    for side, width, color in (
        ("top", 0, "auto"),
        ("left", 0, "auto"),
        ("bottom", 8, INK if foot else RULE),
        ("right", 0, "auto"),
        ("insideH", 4, RULE),
        ("insideV", 0, "auto"),
    ):
        borders.append(border(f"w:{side}", width, color))
    insert(tblpr, borders, TBLPR_ORDER)
    look = el(
        "w:tblLook",
        val="04A0",
        firstRow=1,
        lastRow=int(bool(foot)),
        firstColumn=1,
        lastColumn=0,
        noHBand=1,
        noVBand=1,
    )
    insert(tblpr, look, TBLPR_ORDER)
    label = f"{w.say('table')} {x.number}" if x.number is not None else x.caption
    insert(tblpr, el("w:tblCaption", val=literal(label)), TBLPR_ORDER)
    insert(tblpr, el("w:tblDescription", val=literal(x.caption)), TBLPR_ORDER)
    for i, width in enumerate(widths):
        table.columns[i].width = width
    for r, row in enumerate(table.rows):
        head = r < len(heads)
        is_foot = r >= len(heads) + len(body)
        values = heads[r] if head else (body + foot)[r - len(heads)]
        trpr = row._tr.get_or_add_trPr()
        trpr.append(el("w:cantSplit"))
        if head:
            trpr.append(el("w:tblHeader"))
        for c, (cell, column) in enumerate(zip(row.cells, x.columns, strict=True)):
            value = values[c] if c < len(values) else ""
            cell.width = widths[c]
            tcpr = cell._tc.get_or_add_tcPr()
            if head:
                insert(tcpr, el("w:shd", val="clear", color="auto", fill=TINT), TCPR_ORDER)
                if r == len(heads) - 1:
                    edges = el("w:tcBorders")
                    edges.append(border("w:bottom", 12, INK))
                    insert(tcpr, edges, TCPR_ORDER)
                cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
            elif is_foot:
                edges = el("w:tcBorders")
                edges.append(border("w:top", 12, INK))
                insert(tcpr, edges, TCPR_ORDER)
            if column.nowrap and not head:
                insert(tcpr, el("w:noWrap"), TCPR_ORDER)
            p = cell.paragraphs[0]
            p._p.get_or_add_pPr().style = w.style_id("Table Text")
            if column.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif x.role == "matrix" and c > 0 and not head:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lang = None if head else column.lang
            run = w.text(p, value, bold=head or is_foot, lang=lang)
            if size:
                run.font.size = size
            if provenance and c > 0 and not head:
                insert(run._r.get_or_add_rPr(), fonts(MONO), RPR_ORDER)
    for note in x.notes:
        w.text(w.para("Table Note"), note)
    if not x.notes:
        spacer = w.para("Table Note")
        spacer.paragraph_format.space_after = Pt(4)


PROVENANCE_PT = 8  # the appendix's checksum table is set smaller
# Arial's advance widths, in em, by kind of character (a close estimate: Arial's own table is
# not ours to ship); a word's width is their sum, with 5 % to spare, and 10 % more in bold
NARROW, WIDE = frozenset("fijlrtI.,:;'!|()[]- "), frozenset("mwMW%@")
CELL_PADDING = Cm(0.4)  # a cell's left and right margins (Word's default: 0.19 cm each)


def _em(text: str, bold: bool = False) -> float:
    """The width of the longest word of `text` in Arial, in em. Words break at spaces only: a
    no-break space (in `1 234`) holds a number together."""
    words = re.split(r"[ \n]+", text)
    widest = max(
        sum(
            0.28 if c in NARROW else 0.83 if c in WIDE else 0.67 if c.isupper() else 0.556
            for c in word
        )
        for word in words
    )
    return widest * 1.05 * (1.1 if bold else 1.0)


def _widths(x: b.Table, provenance: bool) -> list[int]:
    """Column widths in EMU that fill the text width, after the columns' longest content, and
    none narrower than its longest word (`Regional`, `budgetprocessen`, a bold header) needs.

    A header counts by its longest word (headers wrap); a cell by its length, capped so that
    one long text column does not squeeze the others below a readable width.
    """
    weights, needs = [], []
    size = PROVENANCE_PT if provenance else TABLE_TEXT_PT
    for i, column in enumerate(x.columns):
        body = [row[i] for row in x.rows if i < len(row)]
        foot = [x.footer[i]] if x.footer and i < len(x.footer) else []
        longest = max((len(c) for c in body + foot), default=0)
        head = max((len(w) for w in column.header.split()), default=0)
        cap = 70 if provenance else 45
        weights.append(max(min(max(longest, head * 1.1), cap), 4 if column.numeric else 6))
        bold = [column.header, *foot]  # the header and the footer are set in bold
        em = max([_em(c, bold=True) for c in bold] + [_em(c) for c in body])
        needs.append(Pt(em * size) + CELL_PADDING)
    return _fill(weights, needs, TEXT_WIDTH)


def _fill(weights: list[float], needs: list[int], total: int) -> list[int]:
    """Widths in proportion to `weights` that add up to `total`, none below its `needs`: a
    column that would be narrower gets what it needs, and the others share the rest."""
    if sum(needs) >= total:  # it cannot be done: in proportion to the needs
        return [int(total * n / sum(needs)) for n in needs]
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(len(weights)) if i not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[i] for i in free)
        widths = {i: room * weights[i] / share for i in free}
        short = [i for i in free if widths[i] < needs[i]]
        if not short:  # one free column at least: the needs fit in the total
            break
        fixed.update({i: needs[i] for i in short})
    return [int(fixed[i]) if i in fixed else int(widths[i]) for i in range(len(weights))]
