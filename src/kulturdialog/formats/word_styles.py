"""The Word document's look and settings: styles, page, header and footer, core properties.

python-docx's default template, restyled: the built-in styles (Title, Heading 1–3, Caption,
List Bullet/Number, Quote, TOC 1–3) so that Word's navigation pane, table of contents and
accessibility checker understand the document, in the report's colours and font (Source Sans 3,
embedded by word_fonts).
Nothing here reads the clock: the core properties carry the report's own date.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from docx.document import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.section import Section
from docx.shared import Cm, Pt, RGBColor

from kulturdialog.content import blocks as b
from kulturdialog.formats import word_fonts
from kulturdialog.formats.word_xml import (
    EPOCH,
    PPR_ORDER,
    RPR_ORDER,
    el,
    field,
    fonts,
    insert,
    literal,
    pbdr,
)
from kulturdialog.lang.i18n import Language

# The report's colours (report.css): ink, muted text, accent, rules, tint.
INK, MUTED, ACCENT, RULE, TINT = "1F2933", "4A5563", "005288", "CFD6DE", "F2F5F8"
WARN = "B25E09"
# Source Sans 3, the report's typeface in HTML and PDF and the one its charts are drawn in, so that
# text and charts match in Word too: embedded in the file (word_fonts), so Word and LibreOffice
# use it where it is not installed. A reader that ignores embedded fonts takes Arial, named in
# the font table as its stand-in (FONT_TABLE_ENTRY): a sans-serif on every Windows and Mac.
FONT, FONT_STAND_IN, MONO = "Source Sans 3", "Arial", "Consolas"
FONT_TABLE_ENTRY = (  # {embedded}: the w:embed… elements of the embedded styles
    f'<w:font w:name="{FONT}"><w:altName w:val="{FONT_STAND_IN}"/>'
    '<w:panose1 w:val="020B0503030403020204"/><w:charset w:val="00"/>'
    '<w:family w:val="swiss"/><w:pitch w:val="variable"/>{embedded}</w:font>'
)
TABLE_TEXT_PT = 9  # the size of a table's text (the style Table Text), as in the PDF
PAGE_W, PAGE_H, MARGIN = Cm(21.0), Cm(29.7), Cm(2.5)
TEXT_WIDTH = PAGE_W - 2 * MARGIN
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
APP_XML = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>kulturdialog</Application><DocSecurity>0</DocSecurity>"
    "<ScaleCrop>false</ScaleCrop><Company>Region Stockholm</Company>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)


def doc_date(info: b.DocInfo) -> dt.datetime:
    """The report's own date (never the clock); the zip epoch when it has none."""
    try:
        day = dt.date.fromisoformat(info.date or "")
    except ValueError:
        day = dt.date(info.year, 1, 1) if info.year else dt.date(*EPOCH[:3])
    return dt.datetime(max(day.year, 1980), day.month, day.day)


def prepare(doc: Document, info: b.DocInfo, say: Language) -> None:
    """Make python-docx's fresh document this report's: package, settings, styles, page, props."""
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
    font_table = doc.part.part_related_by(RT.FONT_TABLE)
    entry = FONT_TABLE_ENTRY.format(embedded=word_fonts.embed(doc, font_table))
    font_table._blob = font_table.blob.replace(b"</w:fonts>", entry.encode() + b"</w:fonts>")
    _settings(doc, say)
    _styles(doc, say)
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE_W, PAGE_H
    section.left_margin = section.right_margin = MARGIN
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.3)
    section.header_distance, section.footer_distance = Cm(1.2), Cm(1.1)
    section.start_type = WD_SECTION_START.NEW_PAGE
    _header_footer(doc, section, info, say)
    core = doc.core_properties
    when = doc_date(info)
    core.title = literal(info.title)
    core.author = core.last_modified_by = say("author")
    core.subject = literal(info.description)
    core.language = say.tag
    core.keywords = core.category = core.comments = ""
    core.identifier = literal(info.diarienummer or "")
    core.created = core.modified = core.last_printed = when
    core.revision = 1


def _settings(doc: Document, say: Language) -> None:
    settings = doc.settings.element
    for name in ("w:rsids", "w:proofState", "w:attachedTemplate"):
        for old in settings.findall(qn(name)):
            settings.remove(old)
    for found in settings.findall(qn("w:themeFontLang")):
        found.set(qn("w:val"), say.tag)
        found.attrib.pop(qn("w:eastAsia"), None)
    for found in settings.iter(qn("w:compatSetting")):
        if found.get(qn("w:name")) == "compatibilityMode":
            found.set(qn("w:val"), "15")  # Word 2013+: no "compatibility mode" banner
    swedish = say.code == "sv"
    for name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        for found in settings.findall(qn(name)):
            found.set(qn("w:val"), value if swedish else found.get(qn("w:val")))


def _styles(doc: Document, say: Language) -> None:
    styles = doc.styles
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
    insert(rpr, fonts(FONT), RPR_ORDER)
    insert(rpr, el("w:color", val=INK), RPR_ORDER)
    insert(rpr, el("w:lang", val=say.tag, eastAsia=say.tag, bidi="ar-SA"), RPR_ORDER)
    ppr = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}")
    insert(ppr, el("w:spacing", after=140, line=276, lineRule="auto"), PPR_ORDER)

    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.widow_control = True

    def para(name: str, base: str = "Normal", builtin: bool = False, **kw: Any) -> None:
        _style(doc, name, WD_STYLE_TYPE.PARAGRAPH, base, builtin, **kw)

    para("Title", size=26, bold=True, color=ACCENT, after=12, line=1.05, keep=True)
    insert(styles["Title"].element.pPr, pbdr(bottom=(24, ACCENT, 10)), PPR_ORDER)
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
    para("Table Text", size=TABLE_TEXT_PT, before=2, after=2, line=1.0)
    para("Table Note", size=8.5, color=MUTED, before=3, after=6)
    para("Figure", before=8, after=2, keep=True)
    for name, accent in (("Note", ACCENT), ("Warning", WARN)):
        para(name, size=9.5, before=4, after=10, indent=0.25)
        ppr = styles[name].element.get_or_add_pPr()
        insert(ppr, pbdr(left=(18, accent, 8)), PPR_ORDER)
        insert(ppr, el("w:shd", val="clear", color="auto", fill=TINT), PPR_ORDER)
    para("Callout Title", bold=True, before=6, after=4, keep=True)  # boxed by word_text.para
    para("Panel Heading", size=12, bold=True, before=12, after=4, keep=True)  # not in the TOC
    para("footnote text", builtin=True, size=9, after=2, line=1.0)
    para("Code Block", size=9, font=MONO, before=10, after=10, line=1.0, indent=0.25)
    insert(
        styles["Code Block"].element.get_or_add_pPr(),
        el("w:shd", val="clear", color="auto", fill=TINT),
        PPR_ORDER,
    )
    para("Header", size=8.5, color=MUTED, after=0)
    para("Footer", size=8.5, color=MUTED, after=0)
    for name in ("List Bullet", "List Number"):
        para(name, after=4)
    character = WD_STYLE_TYPE.CHARACTER
    _style(doc, "Hyperlink", character, None, True, color=ACCENT, underline=True)
    _style(doc, "Source", character, None, False, color=MUTED, size=9.5)
    _style(doc, "Code", character, None, False, font=MONO, size=9.5)
    _style(doc, "Caption Label", character, None, False, bold=True)
    _style(doc, "footnote reference", character, None, True)
    doc.styles["footnote reference"].font.superscript = True


def _style(
    doc: Document, name: str, kind: WD_STYLE_TYPE, base: str | None, builtin: bool, **kw: Any
) -> None:
    """Style `name` (added if the template has none) with the given font and paragraph format."""
    styles = doc.styles
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
        insert(style.element.get_or_add_rPr(), fonts(kw["font"]), RPR_ORDER)
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


def _header_footer(doc: Document, section: Section, info: b.DocInfo, say: Language) -> None:
    """Title and diarienummer above, "Sida n av N" below; nothing on the cover."""
    section.different_first_page_header_footer = True
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        part.paragraphs[0].text = ""
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    facts = [literal(info.title)]
    if info.diarienummer:
        facts.append(literal(info.diarienummer))
    header.add_run("  ·  ".join(facts))
    insert(header._p.get_or_add_pPr(), pbdr(bottom=(4, RULE, 4)), PPR_ORDER)
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for piece in re.split(r"(\{page\}|\{pages\})", say.strings["page_of"]):
        if piece == "{page}":
            field(footer._p, "PAGE", "1")
        elif piece == "{pages}":
            field(footer._p, "NUMPAGES", "1")
        elif piece:
            footer.add_run(piece)
