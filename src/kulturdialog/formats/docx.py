"""Word (.docx): the report as an accessible, editable document, byte for byte reproducible.

Built on python-docx's default template, restyled: built-in styles (Title, Heading 1–3, Caption,
List Bullet/Number, Quote, TOC 1–3) so that Word's navigation pane, table of contents and
accessibility checker understand the document; real tables with a repeating header row; figures
as 300 dpi PNG (with the SVG alongside for Word 2016+) and their text alternative in
`wp:docPr/@descr`. Text from the data is always set as run text, never parsed as markup.

Reproducible: no clock (the core properties carry the report's date), no revision ids, ids and
relationship ids are sequential, and the zip is rewritten with sorted entries and fixed times.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import ClassVar

from docx import Document as open_docx
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from kulturdialog import blocks as b
from kulturdialog import i18n
from kulturdialog.formats import Exporter
from kulturdialog.formats.pdf import figure_png  # Typst rasterises the SVG, one place for both

# The report's colours (report.css): ink, muted text, accent, rules, tint.
INK, MUTED, ACCENT, RULE, TINT = "1F2933", "4A5563", "005288", "CFD6DE", "F2F5F8"
WARN = "B25E09"
# Arial: on every Windows and Mac that has Word, and metric-compatible with Liberation Sans in
# LibreOffice, so an analyst sees the same line and page breaks as the reader. Source Sans 3 (the
# report's font in HTML and PDF) is on nobody's laptop, and Word would substitute it at random.
FONT, MONO = "Arial", "Consolas"
PAGE_W, PAGE_H, MARGIN = Cm(21.0), Cm(29.7), Cm(2.5)
TEXT_WIDTH = PAGE_W - 2 * MARGIN
SAFE_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)
# characters XML 1.0 cannot hold: dropped, everything else is literal run text
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
SVG_EXT = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"
SVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
EPOCH = (1980, 1, 1, 0, 0, 0)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# The table of contents is a field: Word fills in page numbers when it is updated.
UPDATE_HINT = {
    "sv": "Sidnumren fylls i när fälten uppdateras: markera allt (Ctrl+A) och tryck F9.",
    "en": "Page numbers are filled in when the fields are updated: select all (Ctrl+A), press F9.",
}
# Word 2016+ and LibreOffice show the figure's SVG; the PNG is the fallback for older readers.
# 200 ppi prints sharply at the text width and keeps a render's memory down (Typst's pixmaps).
FALLBACK_PPI = 200
TOC_INSTR = r'TOC \o "1-2" \h \z \u'  # levels 2–3 of the report, as the HTML and PDF contents


def _names(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# pPr and rPr children in schema order, for inserting elements python-docx has no property for
PPR_ORDER = _names(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
)
RPR_AFTER_LANG = ("w:eastAsianLayout", "w:specVanish", "w:oMath")
TBLPR_ORDER = _names(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize "
    "w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook "
    "w:tblCaption w:tblDescription w:tblPrChange"
)
TCPR_ORDER = _names(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
    "w:textDirection w:tcFitText w:vAlign w:hideMark"
)


def literal(value: object) -> str:
    """Text from the data as run text: everything kept except what XML cannot hold."""
    return NOT_XML.sub("", str(value))


def tag(code: str | None) -> str | None:
    """A language code as Word wants it: sv → sv-SE, en → en-GB; other tags as given."""
    if not code:
        return None
    lang = i18n.LANGUAGES.get(code.split("-")[0].lower())
    return lang.tag if lang and "-" not in code else code


def _insert(parent, element, order: list[str] | tuple[str, ...]) -> None:
    """Put `element` into `parent` at its place in the schema's child `order` (replacing)."""
    name = element.tag
    for old in parent.findall(name):
        parent.remove(old)
    later = order[order.index(_prefixed(name)) + 1 :]
    parent.insert_element_before(element, *later)


def _prefixed(clark: str) -> str:
    return "w:" + clark.split("}")[1]


def _el(element_name: str, **attrs: object):
    element = OxmlElement(element_name)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def _border(name: str, size: int, color: str, space: int = 0):
    return _el(name, val="single" if size else "nil", sz=size, space=space, color=color)


def _set_lang(rpr, code: str | None) -> None:
    if code:
        _insert(rpr, _el("w:lang", val=code), _RPR_ORDER)


_RPR_ORDER = (
    _names(
        "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
        "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing "
        "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
        "w:vertAlign w:rtl w:cs w:em w:lang"
    )
    + RPR_AFTER_LANG
)


def _date(info: b.DocInfo) -> dt.datetime:
    """The report's own date (never the clock); the zip epoch when it has none."""
    try:
        day = dt.date.fromisoformat(info.date or "")
    except ValueError:
        day = dt.date(info.year, 1, 1) if info.year else dt.date(*EPOCH[:3])
    return dt.datetime(max(day.year, 1980), day.month, day.day)


class _Writer:
    """Blocks → a python-docx document."""

    def __init__(self, document: b.Document):
        self.model = document
        self.style_ids: dict[str, str] = {}
        self.info = document.info
        self.say = i18n.language(self.info.language)
        self.doc = open_docx()
        self.bookmark_id = 0
        self.break_before = False
        self.curated = 0  # inside a curated group: paragraphs get its rule
        self.quote = 0
        self.langs: list[str | None] = [None]
        self.lists = 0
        self.bookmarks = self._bookmark_names()
        self.heading_marks: dict[int, str] = {}  # id(Heading) → its bookmark
        self._prepare()

    # -- the package -------------------------------------------------------------------------
    def _prepare(self) -> None:
        doc, info = self.doc, self.info
        package = doc.part.package
        # python-docx's template carries a thumbnail, bibliography custom XML and Word 2010's
        # duplicate styles part: none of them belongs to this report
        for rId, rel in list(package.rels.items()):
            if rel.reltype == RT.THUMBNAIL:
                del package.rels[rId]
        for rId, rel in list(doc.part.rels.items()):
            if rel.reltype in (RT.CUSTOM_XML, STYLES_WITH_EFFECTS):
                doc.part.drop_rel(rId)
        for part in package.iter_parts():
            if part.partname == "/docProps/app.xml":
                part._blob = APP_XML.encode()
            elif part.partname == "/word/theme/theme1.xml":
                # the theme's heading and body fonts: what Word offers as "Rubriker"/"Brödtext"
                part._blob = re.sub(
                    rb'(<a:(?:major|minor)Font>\s*<a:latin typeface=")[^"]*"',
                    rb"\g<1>" + FONT.encode() + b'"',
                    part.blob,
                )
        self._settings()
        self._styles()
        section = doc.sections[0]
        section.page_width, section.page_height = PAGE_W, PAGE_H
        section.left_margin = section.right_margin = MARGIN
        section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
        section.header_distance, section.footer_distance = Cm(1.2), Cm(1.1)
        section.start_type = WD_SECTION_START.NEW_PAGE
        self._header_footer(section)
        core = doc.core_properties
        when = _date(info)
        core.title = literal(info.title)
        core.author = core.last_modified_by = self.say("author")
        core.subject = literal(info.description)
        core.language = self.say.tag
        core.keywords = core.category = core.comments = ""
        core.identifier = literal(info.diarienummer or "")
        core.created = core.modified = core.last_printed = when
        core.revision = 1

    def _settings(self) -> None:
        settings = self.doc.settings.element
        for name in ("w:rsids", "w:proofState", "w:attachedTemplate"):
            for old in settings.findall(qn(name)):
                settings.remove(old)
        for found in settings.findall(qn("w:themeFontLang")):
            found.set(qn("w:val"), self.say.tag)
            found.attrib.pop(qn("w:eastAsia"), None)
        for found in settings.iter(qn("w:compatSetting")):
            if found.get(qn("w:name")) == "compatibilityMode":
                found.set(qn("w:val"), "15")  # Word 2013+: no "compatibility mode" banner
        swedish = self.say.code == "sv"
        for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
            for found in settings.findall(qn(name)):
                found.set(qn("w:val"), value if swedish else found.get(qn("w:val")))

    def _styles(self) -> None:
        styles = self.doc.styles
        root = styles.element
        # theme fonts and colours would override the explicit ones below: drop them everywhere
        for element in root.iter():
            for key in list(element.attrib):
                local = key.split("}")[-1]
                if local.endswith("Theme") or local in ("cstheme", "themeColor", "themeShade"):
                    del element.attrib[key]
                if local.startswith("rsid"):
                    del element.attrib[key]
        for rsid in root.findall(f".//{qn('w:rsid')}"):
            rsid.getparent().remove(rsid)
        defaults = root.find(qn("w:docDefaults"))
        rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
        _insert(rpr, _fonts(FONT), _RPR_ORDER)
        _insert(rpr, _el("w:color", val=INK), _RPR_ORDER)
        _insert(
            rpr, _el("w:lang", val=self.say.tag, eastAsia=self.say.tag, bidi="ar-SA"), _RPR_ORDER
        )
        ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
        _insert(ppr, _el("w:spacing", after=140, line=276, lineRule="auto"), PPR_ORDER)

        normal = styles["Normal"]
        normal.font.size = Pt(10.5)
        normal.paragraph_format.widow_control = True

        def para(name, base="Normal", builtin=False, **kw):
            return self._style(name, WD_STYLE_TYPE.PARAGRAPH, base, builtin, **kw)

        para("Title", size=26, bold=True, color=ACCENT, after=12, line=1.05, keep=True)
        title = styles["Title"].element.pPr
        _insert(title, _pbdr(bottom=(24, ACCENT, 10)), PPR_ORDER)
        para("Heading 1", size=17, bold=True, color=ACCENT, before=22, after=8, keep=True)
        para("Heading 2", size=13.5, bold=True, color=INK, before=16, after=6, keep=True)
        para("Heading 3", size=11, bold=True, color=MUTED, before=12, after=4, keep=True)
        para("Caption", size=9.5, bold=False, italic=False, color=INK, before=10, after=4)
        para("Quote", size=10.5, italic=True, color=MUTED, indent=0.8, after=10)
        para("TOC Heading", size=17, bold=True, color=ACCENT, before=0, after=12, keep=True)
        for level in (1, 2, 3):
            para(
                f"toc {level}",
                builtin=True,
                indent=0.6 * (level - 1),
                after=3 if level > 1 else 5,
                bold=level == 1,
            )
        para("table of figures", builtin=True, after=3)
        for name in ("toc 1", "toc 2", "toc 3", "table of figures"):
            styles[name].paragraph_format.tab_stops.add_tab_stop(
                TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS
            )
        para("Kicker", size=10, bold=True, color=MUTED, before=150, after=10, caps=True)
        para("Cover Fact", size=10.5, after=8)
        para("Lead", size=12.5, after=10)
        para("Listing Heading", size=12, bold=True, color=INK, before=16, after=6, keep=True)
        para("Table Text", size=9.5, before=2, after=2, line=1.0)
        para("Table Note", size=8.5, color=MUTED, before=3, after=6)
        para("Figure", before=8, after=2, keep=True)
        for name, accent in (("Note", ACCENT), ("Warning", WARN)):
            para(name, size=9.5, before=4, after=10, indent=0.25)
            ppr = styles[name].element.get_or_add_pPr()
            _insert(ppr, _pbdr(left=(18, accent, 8)), PPR_ORDER)
            _insert(ppr, _el("w:shd", val="clear", color="auto", fill=TINT), PPR_ORDER)
        para("Header", size=8.5, color=MUTED, after=0)
        para("Footer", size=8.5, color=MUTED, after=0)
        for name in ("List Bullet", "List Number"):
            para(name, after=4)
        self._style("Hyperlink", WD_STYLE_TYPE.CHARACTER, None, True, color=ACCENT, underline=True)
        self._style("Source", WD_STYLE_TYPE.CHARACTER, None, False, color=MUTED, size=9.5)
        self._style("Code", WD_STYLE_TYPE.CHARACTER, None, False, font=MONO, size=9.5)
        self._style("Caption Label", WD_STYLE_TYPE.CHARACTER, None, False, bold=True)

    def _style(self, name, kind, base, builtin, **kw):
        styles = self.doc.styles
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, kind, builtin=builtin)
            if base:
                style.base_style = styles[base]
            style.hidden = style.unhide_when_used = False
            style.quick_style = not builtin
        font = style.font
        if "size" in kw:
            font.size = Pt(kw["size"])
        for key in ("bold", "italic"):
            if key in kw:
                setattr(font, key, kw[key])
        if "caps" in kw:
            font.all_caps = kw["caps"]
        if "underline" in kw:
            font.underline = kw["underline"]
        if "color" in kw:
            font.color.rgb = RGBColor.from_string(kw["color"])
        if "font" in kw:
            _insert(style.element.get_or_add_rPr(), _fonts(kw["font"]), _RPR_ORDER)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            fmt = style.paragraph_format
            if "before" in kw:
                fmt.space_before = Pt(kw["before"])
            if "after" in kw:
                fmt.space_after = Pt(kw["after"])
            if "line" in kw:
                fmt.line_spacing_rule = WD_LINE_SPACING.MULTIPLE
                fmt.line_spacing = kw["line"]
            if "indent" in kw:
                fmt.left_indent = Cm(kw["indent"])
            if kw.get("keep"):
                fmt.keep_with_next = fmt.keep_together = True
        return style

    def _header_footer(self, section) -> None:
        """Title and diarienummer above, "Sida n av N" below; nothing on the cover."""
        section.different_first_page_header_footer = True
        for part in (section.first_page_header, section.first_page_footer):
            part.is_linked_to_previous = False
            part.paragraphs[0].text = ""
        header = section.header.paragraphs[0]
        header.style = self.doc.styles["Header"]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        facts = [literal(self.info.title)]
        if self.info.diarienummer:
            facts.append(literal(self.info.diarienummer))
        header.add_run("  ·  ".join(facts))
        _insert(header._p.get_or_add_pPr(), _pbdr(bottom=(4, RULE, 4)), PPR_ORDER)
        footer = section.footer.paragraphs[0]
        footer.style = self.doc.styles["Footer"]
        footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for piece in re.split(r"(\{page\}|\{pages\})", self.say.strings["page_of"]):
            if piece == "{page}":
                _field(footer._p, "PAGE", "1")
            elif piece == "{pages}":
                _field(footer._p, "NUMPAGES", "1")
            elif piece:
                footer.add_run(piece)

    # -- anchors ------------------------------------------------------------------------------
    def _bookmark_names(self) -> dict[str, str]:
        """Every heading's, table's and figure's anchor → a Word bookmark name (≤ 40 chars)."""
        names: dict[str, str] = {}
        used: set[str] = set()
        for block in b.walk(self.model.blocks):
            if isinstance(block, b.Heading) and block.anchor:
                anchor = block.anchor
            elif isinstance(block, b.Table | b.Figure) and block.number is not None:
                anchor = b.anchor(block)
            else:
                continue
            if anchor in names:
                continue
            name = re.sub(r"\W", "_", anchor)[:36] or "x"
            if not name[0].isalpha():
                name = "a_" + name[:34]
            unique, n = name, 1
            while unique.lower() in used:
                n += 1
                unique = f"{name}_{n}"
            used.add(unique.lower())
            names[anchor] = unique
        return names

    def _heading_mark(self, heading: b.Heading) -> str:
        if heading.anchor in self.bookmarks:
            return self.bookmarks[heading.anchor]
        if id(heading) not in self.heading_marks:
            # a heading without an anchor: a hidden bookmark, as Word's own TOC makes
            self.heading_marks[id(heading)] = f"_Toc_kd{len(self.heading_marks) + 1:04d}"
        return self.heading_marks[id(heading)]

    def _bookmark(self, paragraph, name: str) -> None:
        """A bookmark around the paragraph's content (the target of links and the TOC)."""
        self.bookmark_id += 1
        start = _el("w:bookmarkStart", id=self.bookmark_id, name=name)
        end = _el("w:bookmarkEnd", id=self.bookmark_id)
        p = paragraph._p
        ppr = p.pPr
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)

    # -- paragraphs and runs ------------------------------------------------------------------
    def _para(self, style: str | None = None):
        paragraph = self.doc.add_paragraph()
        if style:  # by id, looked up once: python-docx searches every style on each assignment
            paragraph._p.get_or_add_pPr().style = self._style_id(style)
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        if self.curated:
            ppr = paragraph._p.get_or_add_pPr()
            _insert(ppr, _pbdr(left=(12, RULE, 10)), PPR_ORDER)
            indent = 1.2 if self.quote else 0.4
            _insert(ppr, _el("w:ind", left=int(Cm(indent).twips)), PPR_ORDER)
        return paragraph

    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def _lang(self) -> str | None:
        return self.langs[-1]

    def _runs(self, paragraph, content, lang: str | None = None) -> None:
        for span in content:
            self._run(paragraph, span, lang)

    def _run(self, paragraph, span: b.Span, lang: str | None = None):
        run = paragraph.add_run(literal(span.text))
        styles = set(span.style)
        if span.role == "source":
            run.style = self.doc.styles["Source"]
        if "code" in styles:
            run.style = self.doc.styles["Code"]
        if "emph" in styles:
            run.italic = True
        if "strong" in styles:
            run.bold = True
        code = tag(span.lang or lang or self._lang())
        if code:
            _set_lang(run._r.get_or_add_rPr(), code)
        if span.link and SAFE_LINK.match(span.link):
            self._link(paragraph, run, span.link)
        return run

    def _link(self, paragraph, run, target: str) -> None:
        """Wrap `run` in a hyperlink: an external relationship, or a bookmark for `#anchor`."""
        link = OxmlElement("w:hyperlink")
        if target.startswith("#"):
            anchor = target[1:]
            link.set(qn("w:anchor"), self.bookmarks.get(anchor, re.sub(r"\W", "_", anchor)))
        else:
            rId = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), rId)
        link.set(qn("w:history"), "1")
        run.style = self.doc.styles["Hyperlink"]
        run._r.addprevious(link)
        link.append(run._r)

    def _text(self, paragraph, text: str, bold: bool = False, lang: str | None = None):
        run = paragraph.add_run(literal(text))
        if bold:
            run.bold = True
        code = tag(lang or self._lang())
        if code:
            _set_lang(run._r.get_or_add_rPr(), code)
        return run

    # -- blocks -------------------------------------------------------------------------------
    def render(self) -> None:
        for block in self.model.blocks:
            self.block(block)

    def block(self, x: b.Block) -> None:
        getattr(self, f"_{x.type}")(x)

    def _title(self, x: b.Title) -> None:
        if x.kicker:
            self._text(self._para("Kicker"), x.kicker)
        self._text(self._para("Title"), x.info.title, lang=x.title_lang)
        for fact in x.facts:
            p = self._para("Cover Fact")
            label = self._text(p, fact.label)
            label.font.size = Pt(8.5)
            label.font.all_caps = True
            label.font.color.rgb = RGBColor.from_string(MUTED)
            label.add_break()
            self._text(p, fact.value, bold=True)
        self.break_before = self.model.info.layout != "brief"  # a report's cover: its own page

    def _contents(self, x: b.Contents) -> None:
        say = self.say
        self._text(self._para("TOC Heading"), say("contents"))
        # The TOC field's last result, filled in here: Word shows the entries (linked to the
        # headings) before anyone updates it, and the hint asks for the update (page numbers).
        entries = [h for h in b.walk(self.model.blocks) if isinstance(h, b.Heading)]
        entries = [h for h in entries if 2 <= h.level <= 3]
        first = self._para("toc 1")
        _field_start(first._p, TOC_INSTR)
        hint = self._text(first, UPDATE_HINT[say.code])
        hint.italic = True
        hint.bold = False
        hint.font.size = Pt(9)
        hint.font.color.rgb = RGBColor.from_string(MUTED)
        last = first
        for heading in entries:
            last = self._para(f"toc {heading.level - 1}")
            run = self._text(last, heading.text, lang=heading.lang)
            self._link(last, run, "#" + self._heading_mark(heading))
            self._unstyle_link(run)
        last._p.append(_fld_char("end"))
        # Lists of tables and figures: plain paragraphs linked to the captions. The numbers are
        # the report's own (Table.number): a TOC over SEQ fields would let Word renumber them,
        # and the unnumbered list of input files must stay out.
        for title, word, listed in (
            (say("tables"), say("table"), self.model.tables()),
            (say("figures"), say("figure"), self.model.figures()),
        ):
            if not listed:
                continue
            self._text(self._para("Listing Heading"), title)
            for entry in listed:
                p = self._para("table of figures")
                run = self._text(p, f"{word} {entry.number}. {entry.caption}")
                self._link(p, run, "#" + self.bookmarks[b.anchor(entry)])
                self._unstyle_link(run)
                _page_ref(p._p, self.bookmarks[b.anchor(entry)])
        self.break_before = self.model.info.layout != "brief"

    def _unstyle_link(self, run) -> None:
        """Entries in a listing are links that look like text (as Word's own TOC)."""
        rpr = run._r.get_or_add_rPr()
        for found in rpr.findall(qn("w:rStyle")):
            rpr.remove(found)

    def _heading(self, x: b.Heading) -> None:
        style = f"Heading {min(max(x.level - 1, 1), 9)}"
        p = self._para(style)
        self._text(p, x.text, lang=x.lang)
        self._bookmark(p, self._heading_mark(x))

    def _section(self, x: b.Section) -> None:
        self._heading(x.heading)
        for child in x.children:
            self.block(child)

    def _paragraph(self, x: b.Paragraph) -> None:
        style = "Quote" if self.quote else ("Lead" if x.role == "lead" else None)
        self._runs(self._para(style), x.content)

    def _list(self, x: b.ListBlock) -> None:
        style = "List Number" if x.ordered else "List Bullet"
        num_id = self._restart_numbering(style) if x.ordered else None
        for item in x.items:
            p = self._para(style)
            if num_id is not None:
                numpr = p._p.get_or_add_pPr().get_or_add_numPr()
                numpr.get_or_add_ilvl().val = 0
                numpr.get_or_add_numId().val = num_id
            self._runs(p, item)

    def _restart_numbering(self, style: str) -> int | None:
        """A numbered list starts at 1: a new w:num over the style's list, restarted."""
        self.lists += 1
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
        self.langs.append(x.lang or self._lang())
        for child in x.children:
            self.block(child)
        self.langs.pop()
        self.curated -= curated

    def _note(self, x: b.Note) -> None:
        style = "Warning" if x.role == "warning" else "Note"
        self._runs(self._para(style), x.content, lang=x.lang)

    def _caption(self, word: str, number: int | None, caption: str, anchor: str | None):
        p = self._para("Caption")
        if number is not None:
            label = self._text(p, f"{word} {number}.")
            label.style = self.doc.styles["Caption Label"]
            self._text(p, " ")
        self._text(p, caption)
        if anchor:
            self._bookmark(p, anchor)
        return p

    def _table(self, x: b.Table) -> None:
        provenance = x.role == "provenance"
        anchor = self.bookmarks.get(b.anchor(x)) if x.number is not None else None
        caption = self._caption(self.say("table"), x.number, x.caption, anchor)
        caption.paragraph_format.keep_with_next = True
        self.break_before = False
        ncols = len(x.columns)
        header_rows = [tuple(r) + ("",) * (ncols - len(r)) for r in x.header_rows]
        heads = [*header_rows, tuple(c.header for c in x.columns)]
        body = list(x.rows)
        foot = [x.footer] if x.footer else []
        table = self.doc.add_table(rows=len(heads) + len(body) + len(foot), cols=ncols)
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        table.autofit = False
        size = Pt(8) if provenance else None
        widths = _widths(x, provenance)
        tbl = table._tbl
        tblpr = tbl.tblPr
        _insert(tblpr, _el("w:tblW", w=int(sum(widths)), type="dxa"), TBLPR_ORDER)
        borders = _el("w:tblBorders")
        for side, width, color in (
            ("top", 0, "auto"),
            ("left", 0, "auto"),
            ("bottom", 8, INK if foot else RULE),
            ("right", 0, "auto"),
            ("insideH", 4, RULE),
            ("insideV", 0, "auto"),
        ):
            borders.append(_border(f"w:{side}", width, color))
        _insert(tblpr, borders, TBLPR_ORDER)
        look = _el(
            "w:tblLook",
            val="04A0",
            firstRow=1,
            lastRow=int(bool(foot)),
            firstColumn=1,
            lastColumn=0,
            noHBand=1,
            noVBand=1,
        )
        _insert(tblpr, look, TBLPR_ORDER)
        label = f"{self.say('table')} {x.number}" if x.number is not None else x.caption
        _insert(tblpr, _el("w:tblCaption", val=literal(label)), TBLPR_ORDER)
        _insert(tblpr, _el("w:tblDescription", val=literal(x.caption)), TBLPR_ORDER)
        for i, width in enumerate(widths):
            table.columns[i].width = width
        for r, row in enumerate(table.rows):
            head = r < len(heads)
            is_foot = r >= len(heads) + len(body)
            values = heads[r] if head else (body + foot)[r - len(heads)]
            trpr = row._tr.get_or_add_trPr()
            trpr.append(_el("w:cantSplit"))
            if head:
                trpr.append(_el("w:tblHeader"))
            for c, (cell, column) in enumerate(zip(row.cells, x.columns, strict=True)):
                value = values[c] if c < len(values) else ""
                cell.width = widths[c]
                tcpr = cell._tc.get_or_add_tcPr()
                if head:
                    _insert(tcpr, _el("w:shd", val="clear", color="auto", fill=TINT), TCPR_ORDER)
                    if r == len(heads) - 1:
                        edges = _el("w:tcBorders")
                        edges.append(_border("w:bottom", 12, INK))
                        _insert(tcpr, edges, TCPR_ORDER)
                    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
                elif is_foot:
                    edges = _el("w:tcBorders")
                    edges.append(_border("w:top", 12, INK))
                    _insert(tcpr, edges, TCPR_ORDER)
                if column.nowrap and not head:
                    _insert(tcpr, _el("w:noWrap"), TCPR_ORDER)
                p = cell.paragraphs[0]
                p._p.get_or_add_pPr().style = self._style_id("Table Text")
                if column.numeric:
                    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                elif x.role == "matrix" and c > 0 and not head:
                    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
                lang = None if head else column.lang
                run = self._text(p, value, bold=head or is_foot, lang=lang)
                if size:
                    run.font.size = size
                if provenance and c > 0 and not head:
                    _insert(run._r.get_or_add_rPr(), _fonts(MONO), _RPR_ORDER)
        for note in x.notes:
            self._text(self._para("Table Note"), note)
        if not x.notes:
            spacer = self._para("Table Note")
            spacer.paragraph_format.space_after = Pt(4)

    def _figure(self, x: b.Figure) -> None:
        png = figure_png(x.svg, FALLBACK_PPI)
        p = self._para("Figure")
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
        self._caption(self.say("figure"), x.number, x.caption, anchor)

    def _add_svg(self, inline, svg: str) -> None:
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


def _fonts(name: str):
    return _el("w:rFonts", ascii=name, hAnsi=name, cs=name, eastAsia=name)


def _pbdr(**sides: tuple[int, str, int]):
    border = _el("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            size, color, space = sides[side]
            border.append(_border(f"w:{side}", size, color, space))
    return border


def _fld_char(kind: str):
    run = OxmlElement("w:r")
    run.append(_el("w:fldChar", fldCharType=kind))
    return run


def _instr(text: str):
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {text} "
    run.append(instr)
    return run


def _field_start(p, instr: str) -> None:
    p.append(_fld_char("begin"))
    p.append(_instr(instr))
    p.append(_fld_char("separate"))


def _page_ref(p, bookmark: str) -> None:
    """A tab to the right margin and the page the bookmark is on (PAGEREF, found on update)."""
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    p.append(tab)
    _field(p, f"PAGEREF {bookmark} \\h", "")


def _field(p, instr: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) with its last result."""
    _field_start(p, instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = cached
    run.append(text)
    p.append(run)
    p.append(_fld_char("end"))


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
    width = TEXT_WIDTH
    return [int(width * w / total) for w in weights]


APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kulturdialog</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>Region Stockholm</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def _strip_revision_ids(document) -> None:
    for element in document.element.iter():
        for key in list(element.attrib):
            if key.split("}")[-1].startswith("rsid"):
                del element.attrib[key]


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The package rewritten: sorted entries ([Content_Types].xml first), fixed times and modes."""
    stamp = (when.year, when.month, when.day, 0, 0, 0) if when.year >= 1980 else EPOCH
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()


class DocxExporter(Exporter):
    name = "docx"
    extension = "docx"
    description: ClassVar[str] = "Word document (python-docx): editable, built-in styles"

    def write(self, document: b.Document, target: Path) -> None:
        target.write_bytes(self.to_bytes(document))

    def to_bytes(self, document: b.Document) -> bytes:
        writer = _Writer(document)
        writer.render()
        _strip_revision_ids(writer.doc)
        buffer = io.BytesIO()
        writer.doc.save(buffer)
        return reproducible_zip(buffer.getvalue(), _date(document.info))

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
            if rel.reltype == RT.HYPERLINK and not SAFE_LINK.match(rel.target_ref):
                found.append(f"{name}: link to {rel.target_ref!r} (only http, https, mailto)")
        return found
