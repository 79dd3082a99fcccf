"""A report table in Word: a real table with a repeating header row, caption and description.

The caption is a paragraph above (with the table's bookmark), and also `w:tblCaption` and
`w:tblDescription` for screen readers; header rows repeat on every page and no row splits.
"""

from __future__ import annotations

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kulturdialog import blocks as b
from kulturdialog.formats.word_styles import INK, MONO, RULE, TEXT_WIDTH, TINT
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
    size = Pt(8) if provenance else None
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


def _widths(x: b.Table, provenance: bool) -> list[int]:
    """Column widths in EMU that fill the text width, after the columns' longest content.

    A header counts by its longest word (headers wrap); a cell by its length, capped so that
    one long text column does not squeeze the others below a readable width.
    """
    weights = []
    for i, column in enumerate(x.columns):
        cells = [row[i] for row in x.rows if i < len(row)]
        if x.footer and i < len(x.footer):
            cells.append(x.footer[i])
        longest = max((len(c) for c in cells), default=0)
        head = max((len(w) for w in column.header.split()), default=0)
        cap = 70 if provenance else 45
        weights.append(max(min(max(longest, head * 1.1), cap), 4 if column.numeric else 6))
    total = sum(weights)
    return [int(TEXT_WIDTH * w / total) for w in weights]
