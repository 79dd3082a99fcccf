"""A report table in Word: a real table with a repeating header row, caption and description.

The caption is a paragraph above (with the table's bookmark), and also `w:tblCaption` and
`w:tblDescription` for screen readers; header rows repeat on every page and no row splits.
"""

from __future__ import annotations

from docx.enum.section import WD_ORIENT, WD_SECTION_START
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from kulturdialog.content import blocks as b
from kulturdialog.content import table_layout
from kulturdialog.formats.word_styles import (
    INK,
    MARGIN,
    MONO,
    PAGE_H,
    PAGE_W,
    RULE,
    TABLE_TEXT_PT,
    TEXT_WIDTH,
    TINT,
)
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
    size = Pt(PROVENANCE_PT if provenance else TABLE_TEXT_PT)
    landscape = not provenance and not table_layout.fits(x, TEXT_WIDTH / size)
    across = LANDSCAPE_WIDTH if landscape else TEXT_WIDTH
    if landscape:
        _turn(w, landscape=True)
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
    widths = _widths(x, size, across)
    short = _short(x, size, across)
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
        keep = _keeps_with_next(r, len(heads), len(table.rows), short)
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
            p.paragraph_format.keep_with_next = keep
            if column.numeric:
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif x.role == "matrix" and c > 0 and not head:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            lang = None if head else column.lang
            run = w.text(p, value, bold=head or is_foot, lang=lang)
            if provenance:
                run.font.size = size
            if provenance and c > 0 and not head:
                insert(run._r.get_or_add_rPr(), fonts(MONO), RPR_ORDER)
    for note in x.notes:
        w.text(w.para("Table Note"), note)
    if not x.notes:
        spacer = w.para("Table Note")
        spacer.paragraph_format.space_after = Pt(4)
    if landscape:
        _turn(w, landscape=False)


def _turn(w: WordText, landscape: bool) -> None:
    """A new section on a new page, turned to landscape (or back to portrait), with the same
    running header and footer (a new section has them from the one before)."""
    section = w.doc.add_section(WD_SECTION_START.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (PAGE_H, PAGE_W) if landscape else (PAGE_W, PAGE_H)
    section.different_first_page_header_footer = False
    if landscape:
        _carry_headings(w)


def _carry_headings(w: WordText) -> None:
    """The headings right before a table turned to landscape go onto its page: the section
    break (the paragraph python-docx has just added at the end) moves before them, so that no
    heading is left alone at the foot of the page before."""
    (end,) = w.doc.element.body.xpath("./w:p[last()]")
    first = None
    before = end.getprevious()
    while before is not None and any(
        style.startswith("Heading") for style in before.xpath("./w:pPr/w:pStyle/@w:val")
    ):
        first, before = before, before.getprevious()
    if first is not None:
        first.addprevious(end)


PROVENANCE_PT = 8  # the appendix's checksum table is set smaller
LANDSCAPE_WIDTH = PAGE_H - 2 * MARGIN  # the text's width on a page turned
ROW_LINE_EM, ROW_EXTRA_EM = 1.15, 0.45  # a table row: its lines, and the space before and after


def _short(x: b.Table, size: int, across: int) -> bool:
    """Whether table `x`, `across` wide, takes at most half a page (by content/table_layout's
    line estimate)."""
    lines = table_layout.row_lines(x, across / size)
    height = sum(n * ROW_LINE_EM + ROW_EXTRA_EM for n in lines) * size
    return height <= (PAGE_H - 2 * MARGIN) / 2


def _keeps_with_next(r: int, heads: int, rows: int, short: bool) -> bool:
    """Whether row `r` of a table of `rows` rows (`heads` of them headers) stays on the page of
    the next row: a short table whole; a longer one its caption, headers and first rows, and
    its last rows together (as the PDF does: content/table_layout)."""
    if r == rows - 1:
        return False
    return short or r < heads + table_layout.FIRST_ROWS or r >= rows - table_layout.LAST_ROWS


def _widths(x: b.Table, size: int, across: int) -> list[int]:
    """Column widths in EMU that fill `across`, by the rule of every format
    (content/table_layout): none narrower than its widest word, the rest by content."""
    return [int(across * share) for share in table_layout.shares(x, across / size)]
