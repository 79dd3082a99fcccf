"""The Word exporter: the sample document written and read back with python-docx (no notebook)."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

import pytest
from documents import HOSTILE, sample_document, wide_table_document
from docx import Document as read_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn

from kulturdialog.content import blocks as b
from kulturdialog.formats import exporter
from kulturdialog.formats.docx import DocxExporter
from kulturdialog.lang import i18n

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module", params=["sv", "en"])
def written(request, tmp_path_factory):
    """(model, path, python-docx Document) for the sample in Swedish and in English."""
    model = sample_document(request.param)
    path = tmp_path_factory.mktemp("docx") / f"sample_{request.param}.docx"
    DocxExporter().write(model, path)
    return model, path, read_docx(str(path))


def _replace_part(path, target, name: str, change) -> None:
    """A copy of the package at `target` with part `name` changed by `change(text)`."""
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == name:
                data = change(data.decode("utf-8")).encode("utf-8")
            out.writestr(info, data)


def test_registered():
    found = exporter("docx")
    assert isinstance(found, DocxExporter)
    assert (found.name, found.extension) == ("docx", "docx")


def test_title_and_headings_in_built_in_styles_in_order(written):
    model, _, doc = written
    titles = [p.text for p in doc.paragraphs if p.style.name == "Title"]
    assert titles == [model.info.title]
    expected = [
        (f"Heading {h.level - 1}", h.text) for h in b.walk(model.blocks) if isinstance(h, b.Heading)
    ]
    found = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert found == expected
    assert ("Heading 3", "Utmaningar") in found  # level 4 → Heading 3
    body = doc.element.body
    assert body.xpath(".//w:bookmarkStart[@w:name='inledning']")


def test_cover_then_contents_with_toc_field(written):
    model, _, doc = written
    say = i18n.language(model.info.language)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[:2] == ["Kicker", "Title"]
    contents = next(p for p in doc.paragraphs if p.style.name == "TOC Heading")
    assert contents.text == say("contents")
    assert contents.paragraph_format.page_break_before  # the cover is a page of its own
    instructions = [t.text for t in doc.element.body.iter(f"{W}instrText")]
    assert ' TOC \\o "1-2" \\h \\z \\u ' in instructions
    first_entry = doc.paragraphs[styles.index("TOC Heading") + 1]
    assert first_entry.text == "Inledning"  # no page numbers in a unit test: no layout (conftest)
    assert first_entry._p.xpath("./w:hyperlink/@w:anchor") == ["inledning"]
    listed = [p.text.rstrip("\t") for p in doc.paragraphs if p.style.name == "table of figures"]
    assert listed == [
        f"{say('table')} 1. Möten och deltagare per partsgrupp 2021.",
        f"{say('table')} 2. En lång tabell som delas över sidor.",
        f"{say('figure')} 1. Möten per partsgrupp 2021.",
    ]
    listing = next(p for p in doc.paragraphs if p.style.name == "table of figures")
    assert listing._p.xpath("./w:hyperlink/@w:anchor") == ["tabell_1"]
    assert not [i for i in instructions if "PAGEREF" in i]  # no numbers, no empty fields


def test_contents_entries_carry_their_pages_as_field_results():
    """Each entry: its text linked to the bookmark, a tab, and PAGEREF with the page found."""
    pages = {"inledning": "3", "tabell_1": "4"}
    data = DocxExporter().package(sample_document(), pages.get)
    doc = read_docx(io.BytesIO(data))
    entries = {
        p.text: p._p
        for p in doc.paragraphs
        if p.style.name in ("toc 1", "toc 2", "table of figures")
    }
    assert "Inledning\t3" in entries and "Årets dialoger i siffror" in entries  # no page: none
    first = entries["Inledning\t3"]
    assert [i.text for i in first.iter(f"{W}instrText")] == [
        ' TOC \\o "1-2" \\h \\z \\u ',
        " PAGEREF inledning \\h ",
    ]
    listed = entries[
        f"{i18n.language('sv')('table')} 1. Möten och deltagare per partsgrupp 2021.\t4"
    ]
    assert [i.text for i in listed.iter(f"{W}instrText")] == [" PAGEREF tabell_1 \\h "]


def test_tables_repeat_header_row_bold_numeric_right(written):
    model, _, doc = written
    blocks = [x for x in b.walk(model.blocks) if isinstance(x, b.Table)]
    assert len(doc.tables) == len(blocks)
    for table, block in zip(doc.tables, blocks, strict=True):
        assert table.style.name == "Table Grid"
        header = table.rows[0]
        assert header._tr.xpath("./w:trPr/w:tblHeader")
        assert [c.text for c in header.cells] == [c.header for c in block.columns]
        assert all(r.bold for c in header.cells for r in c.paragraphs[0].runs)
        assert len(table.rows) == 1 + len(block.rows) + bool(block.footer)
        for row in table.rows:
            for cell, column in zip(row.cells, block.columns, strict=True):
                if column.numeric:
                    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        width = sum(int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.gridCol_lst)
        assert width <= 9072  # twips: 16 cm of A4 text width
    first = doc.tables[0]
    assert first.rows[2].cells[2].text == "87"
    footer = first.rows[-1]
    assert [c.text for c in footer.cells] == ["Totalt", "14", "1\u00a0362"]
    assert all(r.bold for c in footer.cells for r in c.paragraphs[0].runs)
    provenance = doc.tables[-1]
    assert provenance.rows[1].cells[0].paragraphs[0].runs[0].font.size.pt == 8


def test_captions_numbered_as_the_model(written):
    model, _, doc = written
    say = i18n.language(model.info.language)
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [
        f"{say('table')} 1. Möten och deltagare per partsgrupp 2021.",
        f"{say('figure')} 1. Möten per partsgrupp 2021.",
        f"{say('table')} 2. En lång tabell som delas över sidor.",
        "Indatafiler",  # unnumbered: no label
    ]
    notes = [p.text for p in doc.paragraphs if p.style.name == "Table Note" and p.text]
    assert notes == ["Uppgifterna är påhittade."]


def test_pictures_carry_the_text_alternative(written):
    model, _, doc = written
    figures = model.figures()
    shapes = doc.element.body.xpath(".//wp:inline/wp:docPr")
    assert [s.get("descr") for s in shapes] == [f.alt for f in figures]
    assert all(s.get("title") for s in shapes)
    assert len(doc.inline_shapes) == len(figures)
    shape = doc.inline_shapes[0]
    assert abs(shape.width.cm - 16.0) < 0.01  # the text width
    images = [r.target_part for r in doc.part.rels.values() if "image" in r.reltype]
    assert sorted(p.content_type for p in images) == ["image/png", "image/svg+xml"]
    png = next(p for p in images if p.content_type == "image/png")
    from PIL import Image

    with Image.open(io.BytesIO(png.blob)) as image:
        assert image.width >= 1200  # 6 in at 200 ppi: the fallback beside the SVG


def test_core_properties_and_language(written):
    model, _, doc = written
    say = i18n.language(model.info.language)
    core = doc.core_properties
    assert core.title == model.info.title
    assert core.author == say("author")
    assert core.subject == model.info.description
    assert core.language == say.tag
    assert core.created.isoformat().startswith("2022-02-15")
    assert core.modified == core.created == core.last_printed
    assert core.revision == 1
    defaults = doc.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert defaults.find(f"{W}lang").get(f"{W}val") == say.tag
    # the body in the charts' typeface, with Arial named as its stand-in where it is missing
    assert defaults.find(f"{W}rFonts").get(f"{W}ascii") == "Source Sans 3"
    font_table = doc.part.part_related_by(RT.FONT_TABLE).blob
    assert b'<w:font w:name="Source Sans 3"><w:altName w:val="Arial"/>' in font_table


def test_span_and_note_languages(written):
    model, _, doc = written
    langs = {r.text: r._r.xpath("./w:rPr/w:lang/@w:val") for p in doc.paragraphs for r in p.runs}
    assert langs["Lokalerna räcker inte."] == ["sv-SE"]
    assert langs["The quoted text is in Swedish, as recorded."] == ["en-GB"]


def test_links_lists_quotes_and_styles(written):
    _, _, doc = written
    targets = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert targets == ["https://www.regionstockholm.se/"]
    link = doc.element.body.xpath(".//w:hyperlink[@r:id]")[0]
    assert link.xpath("string(.)") == "regionens webbplats"
    runs = {r.text: r for p in doc.paragraphs for r in p.runs}
    assert runs["digitala"].italic and runs["välbesökta"].bold
    styles = {p.text: p.style.name for p in doc.paragraphs}
    assert styles["Ett citat i ett blockcitat."] == "Quote"
    assert styles["Lokalerna räcker inte. (Kommuner)"] == "List Bullet"
    assert styles["ett"] == styles["två"] == "List Number"
    assert styles["The quoted text is in Swedish, as recorded."] == "Note"
    assert styles["Under 2021 höll Region Stockholm 14 dialogmöten."] == "Lead"
    curated = next(p for p in doc.paragraphs if p.text == "Kuraterad text från year.yaml.")
    assert curated._p.xpath("./w:pPr/w:pBdr/w:left")
    assert runs["(Kommuner)"].style.name == "Source"


def test_header_and_footer(written):
    model, _, doc = written
    section = doc.sections[0]
    assert section.different_first_page_header_footer
    assert abs(section.page_width.cm - 21.0) < 0.01
    assert model.info.diarienummer in section.header.paragraphs[0].text
    assert section.first_page_header.paragraphs[0].text == ""
    footer = section.footer.paragraphs[0]._p
    assert [t.text.strip() for t in footer.iter(f"{W}instrText")] == ["PAGE", "NUMPAGES"]
    word = "Sida" if model.info.language == "sv" else "Page"
    assert footer.xpath("string(.)").startswith(word)


def test_hostile_text_is_literal(written):
    _, path, doc = written
    assert [p.text for p in doc.paragraphs if p.text == HOSTILE]
    assert any(p.text.startswith(HOSTILE) for p in doc.paragraphs if p.style.name == "List Bullet")
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    assert "<script>" not in xml
    assert "&lt;w:p&gt;" in xml
    assert "javascript:" not in "".join(r.target_ref for r in doc.part.rels.values())


def test_same_document_same_bytes(tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    DocxExporter().write(sample_document(), first)
    DocxExporter().write(sample_document(), second)
    assert (
        hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    )
    with zipfile.ZipFile(first) as z:
        names = z.namelist()
        assert names[:2] == ["[Content_Types].xml", "_rels/.rels"]
        assert names[2:] == sorted(names[2:])
        assert {i.date_time for i in z.infolist()} == {(2022, 2, 15, 0, 0, 0)}
        xml = "".join(z.read(n).decode("utf-8") for n in names if n.endswith(".xml"))
    assert "rsid" not in xml
    assert "thumbnail" not in xml
    assert "python-docx" not in xml


def test_check_passes_a_good_file(written):
    _, path, _ = written
    assert DocxExporter().check(path) == []


def test_check_finds_a_table_without_repeating_header(written, tmp_path):
    _, path, _ = written
    broken = tmp_path / "broken.docx"
    _replace_part(path, broken, "word/document.xml", lambda x: x.replace("<w:tblHeader/>", "", 1))
    problems = DocxExporter().check(broken)
    assert problems == [f"{broken.name}: table 1 has no header row marked to repeat"]


def test_check_finds_a_picture_without_text_alternative_and_no_title(written, tmp_path):
    _, path, _ = written
    broken = tmp_path / "broken.docx"
    _replace_part(path, broken, "word/document.xml", lambda x: re.sub(r' descr="[^"]*"', "", x))
    problems = DocxExporter().check(broken)
    assert any("no text alternative" in p for p in problems)
    untitled = tmp_path / "untitled.docx"
    _replace_part(
        path, untitled, "docProps/core.xml", lambda x: re.sub(r"<dc:title>[^<]*", "<dc:title>", x)
    )
    assert DocxExporter().check(untitled) == [f"{untitled.name}: no title in the core properties"]


def test_check_reports_an_unreadable_file(tmp_path):
    path = tmp_path / "not.docx"
    path.write_bytes(b"not a zip")
    [problem] = DocxExporter().check(path)
    assert "cannot be read" in problem


def test_word_column_widths_are_the_content_rule_over_the_text_width():
    from docx.shared import Pt

    from kulturdialog.content import table_layout
    from kulturdialog.formats.word_styles import TABLE_TEXT_PT, TEXT_WIDTH
    from kulturdialog.formats.word_tables import _widths

    long = (
        "Ett fortsatt samordnande ansvar för Region Stockholm i samverkan kring idrottsanläggningar"
    )
    needs = b.Table(
        caption="Önskemål och behov.",
        columns=(b.Column("Tema"), b.Column("Önskemål"), b.Column("Nivå"), b.Column("Status")),
        rows=(
            ("Interkommunal samverkan", long, "Regional", "I budgetprocessen"),
            ("Kulturlokaler", long, "Kommunal", "Pågår"),
        ),
        number=3,
    )
    widths = _widths(needs, Pt(TABLE_TEXT_PT), TEXT_WIDTH)
    assert abs(sum(widths) - TEXT_WIDTH) < len(widths)  # EMU, rounded down per column
    shares = table_layout.shares(needs, TEXT_WIDTH / Pt(TABLE_TEXT_PT))
    assert widths == [int(TEXT_WIDTH * share) for share in shares]
    assert widths[1] == max(widths)  # the long text still takes the most room


def test_a_short_table_is_kept_on_one_page_and_a_long_one_keeps_its_start_and_end():
    from kulturdialog.formats.word_tables import _keeps_with_next

    assert [_keeps_with_next(r, 1, 5, short=True) for r in range(5)] == [1, 1, 1, 1, 0]
    keeps = [_keeps_with_next(r, 1, 30, short=False) for r in range(30)]
    assert keeps[:3] == [True] * 3 and not any(keeps[3:28]) and keeps[28:] == [True, False]


def test_the_headings_before_a_landscape_table_go_into_its_section(tmp_path):
    """The section break comes before the headings: they open the page turned, with the table."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.text.paragraph import Paragraph

    target = tmp_path / "headed.docx"
    DocxExporter().write(wide_table_document(headed=True), target)
    sections = Document(str(target)).sections
    assert [s.orientation == WD_ORIENT.LANDSCAPE for s in sections] == [False, True, False]

    def texts(section) -> list[str]:
        return [x.text for x in section.iter_inner_content() if isinstance(x, Paragraph) and x.text]

    assert texts(sections[0])[-1] == "Före."
    assert texts(sections[1])[:3] == [
        "Samverkan i siffror",
        "Per kommun",
        "Tabell 1. En bred tabell.",
    ]
    assert "Efter." in texts(sections[2])


def test_a_table_too_wide_for_a_portrait_page_gets_a_landscape_section(tmp_path):
    from docx import Document
    from docx.enum.section import WD_ORIENT

    from kulturdialog.formats.word_styles import PAGE_H, PAGE_W

    document = wide_table_document()
    target = tmp_path / "wide.docx"
    DocxExporter().write(document, target)
    sections = Document(str(target)).sections
    turned = [s.orientation == WD_ORIENT.LANDSCAPE for s in sections]
    assert turned == [False, True, False]  # text, the table on pages turned, back again
    turned_size = (sections[1].page_width, sections[1].page_height)
    assert turned_size == pytest.approx((PAGE_H, PAGE_W), abs=1000)  # EMU, stored in twips
    assert all(not s.different_first_page_header_footer for s in sections[1:])
