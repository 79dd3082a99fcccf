"""Word (.docx): the report as an accessible, editable document, byte for byte reproducible.

Built on python-docx's default template, restyled (word_styles) with the built-in styles that
Word's navigation pane, table of contents and accessibility checker understand; real tables with
a repeating header row (word_tables); figures as PNG with the SVG alongside for Word 2016+ and
their text alternative in `wp:docPr/@descr`. Text from the data is always set as run text, never
parsed as markup (word_text).

Reproducible: no clock (the core properties carry the report's date), no revision ids, ids and
relationship ids are sequential, and the zip is rewritten with sorted entries and fixed times.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, ClassVar

from docx import Document as open_docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor
from docx.text.paragraph import Paragraph

from kulturdialog.content import blocks as b
from kulturdialog.formats import Exporter
from kulturdialog.formats.typesetter import (
    figure_png,  # Typst rasterises the SVG, one place for both
)
from kulturdialog.formats.word_pages import PageOf, numbered
from kulturdialog.formats.word_styles import MUTED, TEXT_WIDTH, doc_date
from kulturdialog.formats.word_tables import write_table
from kulturdialog.formats.word_text import WordText
from kulturdialog.formats.word_xml import (
    field_start,
    fld_char,
    literal,
    page_ref,
    reproducible_zip,
    strip_revision_ids,
)

SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
# Word 2016+ and LibreOffice show the figure's SVG; the PNG is the fallback for older readers.
# 200 ppi prints sharply at the text width and keeps a render's memory down (Typst's pixmaps).
FALLBACK_PPI = 200
TOC_INSTR = r'TOC \o "1-2" \h \z \u'  # levels 2–3 of the report, as the HTML and PDF contents


class _Writer(WordText):
    """Blocks → a python-docx document, one method per block type; `page_of` gives the page
    numbers of the contents' entries (word_pages), `pngs` the figures rasterised so far (SVG →
    PNG: the document is written again for its page numbers, each figure rasterised once)."""

    def __init__(self, document: b.Document, page_of: PageOf, pngs: dict[str, bytes]):
        super().__init__(document)
        self.page_of = page_of
        self.pngs = pngs

    def render(self) -> None:
        for block in self.model.blocks:
            self.block(block)

    def block(self, x: b.Block) -> None:
        getattr(self, f"_{x.type}")(x)

    def _title(self, x: b.Title) -> None:
        if x.kicker:
            self.text(self.para("Kicker"), x.kicker)
        self.text(self.para("Title"), x.info.title, lang=x.title_lang)
        for fact in x.facts:
            p = self.para("Cover Fact")
            label = self.text(p, fact.label)
            label.font.size = Pt(8.5)
            label.font.all_caps = True
            label.font.color.rgb = RGBColor.from_string(MUTED)
            label.add_break()
            self.text(p, fact.value, bold=True)
        self.break_before = self.model.info.layout != "brief"  # a report's cover: its own page

    def _contents(self, x: b.Contents) -> None:
        say = self.say
        self.text(self.para("TOC Heading"), say("contents"))
        # The TOC field with its last result written here, as Word writes it: an entry per
        # heading, linked to it, with its page number (word_pages) as a PAGEREF's result. Word
        # shows the result until the field is updated, LibreOffice as it is.
        headings: list[b.Heading | None] = [
            h for h in b.walk(self.model.blocks) if isinstance(h, b.Heading) and 2 <= h.level <= 3
        ]
        for i, heading in enumerate(headings or [None]):  # no headings: the field alone
            p = self.para(f"toc {heading.level - 1}" if heading else "toc 1")
            if i == 0:
                field_start(p._p, TOC_INSTR)
            if heading:
                self.entry(p, heading.text, self.heading_mark(heading), heading.lang)
        p._p.append(fld_char("end"))
        # Lists of tables and figures: plain paragraphs linked to the captions. The numbers are
        # the report's own (Table.number): a TOC over SEQ fields would let Word renumber them,
        # and the unnumbered list of input files must stay out.
        for title, word, listed in (
            (say("tables"), say("table"), self.model.tables()),
            (say("figures"), say("figure"), self.model.figures()),
        ):
            if not listed:
                continue
            self.text(self.para("Listing Heading"), title)
            for entry in listed:
                text = f"{word} {entry.number}. {entry.caption}"
                self.entry(self.para("table of figures"), text, self.bookmarks[b.anchor(entry)])
        self.break_before = self.model.info.layout != "brief"

    def entry(self, p: Paragraph, text: str, mark: str, lang: str | None = None) -> None:
        """An entry of the contents: its text and page, the whole line a link to bookmark
        `mark` (as Word writes its own)."""
        run = self.text(p, text, lang=lang)
        self.link(p, run, "#" + mark)
        self.unstyle_link(run)
        page = self.page_of(mark)
        if page is not None:
            page_ref(run._r.getparent(), mark, page)

    def _heading(self, x: b.Heading) -> None:
        style = f"Heading {min(max(x.level - 1, 1), 9)}"
        p = self.para(style)
        self.text(p, x.text, lang=x.lang)
        self.bookmark(p, self.heading_mark(x))

    def _section(self, x: b.Section) -> None:
        self._heading(x.heading)
        for child in x.children:
            self.block(child)

    def _paragraph(self, x: b.Paragraph) -> None:
        style = "Quote" if self.quote else ("Lead" if x.role == "lead" else None)
        self.runs(self.para(style), x.content)

    def _list(self, x: b.ListBlock) -> None:
        style = "List Number" if x.ordered else "List Bullet"
        num_id = self._restart_numbering(style) if x.ordered else None
        for item in x.items:
            p = self.para(style)
            if num_id is not None:
                numpr = p._p.get_or_add_pPr().get_or_add_numPr()
                numpr.get_or_add_ilvl().val = 0
                numpr.get_or_add_numId().val = num_id
            self.runs(p, item)

    def _restart_numbering(self, style: str) -> int | None:
        """A numbered list starts at 1: a new w:num over the style's list, restarted."""
        numbering = self.doc.part.numbering_part.element
        ppr = self.doc.styles[style].element.pPr
        if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
            return None
        base = ppr.numPr.numId.val
        abstract = next(n.abstractNumId.val for n in numbering.num_lst if n.numId == base)
        num = numbering.add_num(abstract)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        return num.numId

    def _quote(self, x: b.Quote) -> None:
        self.quote += 1
        for child in x.children:
            self.block(child)
        self.quote -= 1

    def _group(self, x: b.Group) -> None:
        curated = x.role == "curated"
        self.curated += curated
        self.langs.append(x.lang or self.lang())
        for child in x.children:
            self.block(child)
        self.langs.pop()
        self.curated -= curated

    def _note(self, x: b.Note) -> None:
        style = "Warning" if x.role == "warning" else "Note"
        self.runs(self.para(style), x.content, lang=x.lang)

    def _callout(self, x: b.Callout) -> None:
        """The callout's word (and title), then its blocks: all in one shaded, bordered box."""
        self.callout += 1
        p = self.para("Callout Title")
        self.text(p, self.say(f"callout_{x.kind}"))
        if x.title:
            self.text(p, f": {x.title}")
        for child in x.children:
            self.block(child)
        self.callout -= 1

    def _panel(self, x: b.Panel) -> None:
        """A tab in sequence: its title bold, in a style outside the table of contents."""
        self.text(self.para("Panel Heading"), x.title)
        for child in x.children:
            self.block(child)

    def _footnotes(self, x: b.Footnotes) -> None:
        """Nothing here: each note is a real footnote at its reference (word_text.footnote)."""

    def _code(self, x: b.Code) -> None:
        self.text(self.para("Code Block"), x.text)  # its line breaks as breaks, in one paragraph

    def _table(self, x: b.Table) -> None:
        write_table(self, x)

    def _figure(self, x: b.Figure) -> None:
        if x.svg not in self.pngs:
            self.pngs[x.svg] = figure_png(x.svg, FALLBACK_PPI)
        png = self.pngs[x.svg]
        p = self.para("Figure")
        width = TEXT_WIDTH
        if x.width_cm:
            width = min(width, Cm(x.width_cm))
        run = p.add_run()
        run.add_picture(io.BytesIO(png), width=width)
        inline = run._r.xpath(".//wp:inline")[0]
        label = f"{self.say('figure')} {x.number}" if x.number is not None else ""
        title = literal(f"{label}. {x.caption}" if label else x.caption)
        for props in (inline.docPr, *inline.xpath(".//pic:cNvPr")):
            props.set("descr", literal(x.alt))
            props.set("title", title)
        self._add_svg(inline, x.svg)
        anchor = self.bookmarks.get(b.anchor(x)) if x.number is not None else None
        self.caption(self.say("figure"), x.number, x.caption, anchor)

    def _add_svg(self, inline: Any, svg: str) -> None:
        """The SVG beside the PNG (`asvg:svgBlip`): Word 2016+ shows the vector, others the PNG."""
        document_part = self.doc.part
        package = document_part.package
        partname = package.next_partname("/word/media/image%d.svg")
        part = Part(PackURI(partname), "image/svg+xml", svg.encode("utf-8"), package)
        rId = document_part.relate_to(part, RT.IMAGE)
        blip = inline.xpath(".//a:blip")[0]
        ext_list = parse_xml(
            f'<a:extLst {nsdecls("a", "r")}><a:ext uri="{SVG_EXT}">'
            f'<asvg:svgBlip xmlns:asvg="{SVG_NS}" r:embed="{rId}"/></a:ext></a:extLst>'
        )
        blip.append(ext_list)


class DocxExporter(Exporter):
    name = "docx"
    extension = "docx"
    description: ClassVar[str] = "Word document (python-docx): editable, built-in styles"

    def write(self, document: b.Document, target: Path) -> None:
        target.write_bytes(self.to_bytes(document))

    def to_bytes(self, document: b.Document) -> bytes:
        """The document, its contents numbered from LibreOffice's layout (word_pages)."""
        pngs: dict[str, bytes] = {}
        return numbered(lambda page_of: self.package(document, page_of, pngs))

    def package(
        self, document: b.Document, page_of: PageOf, pngs: dict[str, bytes] | None = None
    ) -> bytes:
        """The .docx package of `document`, its contents' page numbers from `page_of`."""
        writer = _Writer(document, page_of, {} if pngs is None else pngs)
        writer.render()
        strip_revision_ids(writer.doc.element)
        buffer = io.BytesIO()
        writer.doc.save(buffer)
        return reproducible_zip(buffer.getvalue(), doc_date(document.info))

    def check(self, path: Path) -> list[str]:
        name = path.name
        try:
            doc = open_docx(str(path))
        except Exception as err:  # noqa: BLE001 - any failure to read is the finding
            return [f"{name}: cannot be read as Word ({err})"]
        found = []
        core = doc.core_properties
        for label, value in (
            ("title", core.title),
            ("author", core.author),
            ("language", core.language),
        ):
            if not (value or "").strip():
                found.append(f"{name}: no {label} in the core properties")
        rpr = doc.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
        lang = rpr.find(qn("w:lang")) if rpr is not None else None
        if lang is None or not lang.get(qn("w:val")):
            found.append(f"{name}: no document language (w:lang in the default run properties)")
        styles = [p.style.name if p.style is not None else "" for p in doc.paragraphs]
        if "Title" not in styles:
            found.append(f"{name}: no paragraph in the Title style")
        if not any(s.startswith("Heading") for s in styles):
            found.append(f"{name}: no headings in the built-in Heading styles")
        for i, table in enumerate(doc.tables, 1):
            first = table._tbl.tr_lst[0] if table._tbl.tr_lst else None
            marked = first is not None and first.xpath("./w:trPr/w:tblHeader")
            flag = marked[0].get(qn("w:val"), "true") if marked else "false"
            if flag in ("false", "0", "off"):
                found.append(f"{name}: table {i} has no header row marked to repeat")
        for shape in doc.element.body.xpath(".//wp:docPr"):
            if not (shape.get("descr") or "").strip():
                found.append(f"{name}: picture '{shape.get('name')}' has no text alternative")
        for rel in doc.part.rels.values():
            if rel.reltype == RT.HYPERLINK and not b.SAFE_LINK.match(rel.target_ref):
                found.append(f"{name}: link to {rel.target_ref!r} (only http, https, mailto)")
        return found
