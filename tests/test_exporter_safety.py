"""Each layer's own safety, tested on its own: links, escaping and control characters.

Links are checked at three places: the shared rule (`blocks.SAFE_LINK`), the Markdown reader
(`prose`), and each exporter again. Here every exporter is fed blocks directly, so the Markdown
reader's check is not in the way, and each format must refuse an unsafe link by itself; the
reader and the rule are tested on their own. The exporters call the shared rule at write time,
so patching it would switch every layer off at once: it is pinned by literal lists instead.
"""

from __future__ import annotations

import dataclasses
import io
import zipfile
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup
from docx import Document as read_docx
from docx.oxml.ns import qn
from pypdf import PdfReader
from reading import pdf_structure

from kulturdialog import formats
from kulturdialog.content import blocks as b
from kulturdialog.content import prose
from kulturdialog.formats.docx import DocxExporter
from kulturdialog.formats.pdf import compile_pdf

UNSAFE_LINKS = (
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "../../etc/passwd",
)
SAFE_LINKS = (
    "https://www.regionstockholm.se/kultur",
    "http://example.org/",
    "mailto:kultur@example.org",
)
ANCHOR = "#inledning"  # the heading below: an internal link
LINKS = (*UNSAFE_LINKS, *SAFE_LINKS, ANCHOR)

# markup of HTML, XML, Typst and Markdown, which every format must show as plain text
HOSTILE = '<script>alert("x")</script> & <w:p> #set text(red) $x$ *fet* _b_ @ref \\ slut'
HOSTILE_TITLE = 'Titel <i>&amp; "#emph[t]" $t$ @titel'  # in the metadata of every format too
# what no format can carry, dropped by every exporter (characters.carriable): controls, DEL and C1
# controls, non-characters, a lone surrogate
CONTROL_CHARACTERS = {
    "\x01": "start-of-heading",
    "\x0b": "vertical-tab",
    "\x1f": "unit-separator",
    "\x7f": "delete",
    "\x85": "next-line",
    "\ufffe": "non-character-FFFE",
    "\uffff": "non-character-FFFF",
    "\U0001fffe": "non-character-1FFFE",
    "\ud800": "lone-surrogate",
}

INFO = b.DocInfo(title="Säkerhetsprov", year=2021, date="2022-02-15", language="sv")


def link_text(number: int) -> str:
    return f"länk nummer {number}"


def document(content: list[b.Block], info: b.DocInfo = INFO, **title) -> b.Document:
    return b.Document(info, b.number([b.Title(info, **title), *content]))


def links_document() -> b.Document:
    """One paragraph per link, under a heading that the internal link points to."""
    paragraphs = tuple(
        b.Paragraph((b.Span("Se "), b.Span(link_text(i), link=url), b.Span(".")))
        for i, url in enumerate(LINKS)
    )
    return document([b.Section(b.Heading(2, "Inledning", "inledning"), paragraphs)])


def hostile_document(text: str) -> b.Document:
    """`text` in every kind of block that shows text: heading, paragraph in each style, list,
    note, table caption, header, cell, footer and note, figure caption and text alternative,
    the title page's kicker and facts; the title and description hold HOSTILE_TITLE and `text`."""
    info = dataclasses.replace(INFO, title=HOSTILE_TITLE, description=text)
    facts = (b.Fact("Diarienummer", text, "dnr"),)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20"/></svg>'
    content = [
        b.Heading(2, text, "rubrik"),
        b.Paragraph((b.Span(text),)),
        b.Paragraph((b.Span(text, ("emph",)),)),
        b.Paragraph((b.Span(text, ("strong",)),)),
        b.Paragraph((b.Span(text, ("code",)),)),
        b.ListBlock(((b.Span(text),),)),
        b.Note((b.Span(text),)),
        b.Table(
            caption=text,
            columns=(b.Column(text), b.Column("Antal", numeric=True)),
            rows=((text, "1"),),
            footer=(text, "1"),
            notes=(text,),
            number=1,
        ),
        b.Figure(caption=text, alt=text, svg=svg, number=1),
    ]
    return document(content, info, kicker=text, facts=facts)


HOSTILE_PLACES = 15  # where hostile_document shows the text (not the alt or the description)


def words(text: str) -> str:
    """Text with each run of whitespace as one space: line breaks in a PDF do not count."""
    return " ".join(text.split())


# -- writing and reading back, per format ----------------------------------------------------


def html_page(doc: b.Document, folder: Path) -> BeautifulSoup:
    path = folder / "page.html"
    formats.exporter("html").write(doc, path)
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_bytes(doc: b.Document) -> bytes:
    return DocxExporter().to_bytes(doc)


def docx_texts(data: bytes) -> list[str]:
    """The text of every paragraph, table cells' paragraphs included, in document order."""
    body = read_docx(io.BytesIO(data)).element.body
    return [p.xpath("string(.)") for p in body.xpath(".//w:p")]


# -- the shared rule and the Markdown reader, each on its own ---------------------------------


@pytest.mark.parametrize("url", UNSAFE_LINKS)
def test_the_shared_rule_refuses_unsafe_links(url):
    assert b.SAFE_LINK.match(url) is None


@pytest.mark.parametrize("url", [*SAFE_LINKS, ANCHOR])
def test_the_shared_rule_accepts_web_mail_and_anchor_links(url):
    assert b.SAFE_LINK.match(url)


@pytest.mark.parametrize("url", UNSAFE_LINKS)
def test_the_markdown_reader_makes_no_link_of_an_unsafe_url(url):
    (paragraph,) = prose.blocks(f"Se [klicka här]({url.strip()}) och <{url.strip()}>.")
    assert [s.link for s in paragraph.content if s.link] == []
    assert "klicka här" in b.plain(list(paragraph.content))


@pytest.mark.parametrize("url", SAFE_LINKS)
def test_the_markdown_reader_keeps_a_safe_link(url):
    (paragraph,) = prose.blocks(f"Se [klicka här]({url}).")
    assert [(s.text, s.link) for s in paragraph.content if s.link] == [("klicka här", url)]


# -- links, each exporter on its own -----------------------------------------------------------


@pytest.fixture(scope="module")
def written_links(tmp_path_factory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("links")
    doc = links_document()
    return {"html": html_page(doc, folder), "pdf": compile_pdf(doc), "docx": docx_bytes(doc)}


def test_html_links_only_to_the_web_mail_and_its_own_anchors(written_links):
    soup = written_links["html"]
    targets = {tag["href"] for tag in soup.find_all(href=True)}
    assert {t for t in targets if not t.startswith("#")} == set(SAFE_LINKS)
    for i, url in enumerate(LINKS):
        anchors = [a for a in soup.find_all("a") if a.get_text() == link_text(i)]
        expected = [url] if url in (*SAFE_LINKS, ANCHOR) else []
        assert [a["href"] for a in anchors] == expected, url
        assert f"Se {link_text(i)}." in soup.find("main").get_text()  # shown, linked or not


def test_pdf_links_only_to_the_web_mail_and_its_own_anchors(written_links):
    found = []
    with pikepdf.open(io.BytesIO(written_links["pdf"])) as pdf:
        for page in pdf.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get("/A")
                if action is None:
                    found.append(("/Dest", str(annotation.Dest)))
                else:
                    found.append((str(action.S), str(action.get("/URI", ""))))
    expected = [*(("/URI", url) for url in SAFE_LINKS), ("/Dest", ANCHOR[1:])]
    assert sorted(found) == sorted(expected)
    text = words(pdf_text(written_links["pdf"]))
    for i in range(len(LINKS)):
        assert f"Se {link_text(i)}." in text


def test_word_links_only_to_the_web_mail_and_its_own_bookmarks(written_links):
    doc = read_docx(io.BytesIO(written_links["docx"]))
    targets = [r.target_ref for r in doc.part.rels.values() if r.reltype.endswith("/hyperlink")]
    assert sorted(targets) == sorted(SAFE_LINKS)
    with zipfile.ZipFile(io.BytesIO(written_links["docx"])) as package:
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
    for url in UNSAFE_LINKS:
        assert url.strip() not in rels
    linked = {link.xpath("string(.)"): link for link in doc.element.body.xpath(".//w:hyperlink")}
    for i, url in enumerate(LINKS):
        assert (link_text(i) in linked) == (url in (*SAFE_LINKS, ANCHOR)), url
    bookmark = linked[link_text(LINKS.index(ANCHOR))].get(qn("w:anchor"))
    assert doc.element.body.xpath(f".//w:bookmarkStart[@w:name='{bookmark}']")
    texts = docx_texts(written_links["docx"])
    for i in range(len(LINKS)):
        assert f"Se {link_text(i)}." in texts


# -- escaping, each exporter on its own ----------------------------------------------------------


def test_html_shows_markup_in_the_data_as_text(tmp_path):
    soup = html_page(hostile_document(HOSTILE), tmp_path)
    main = soup.find("main")
    assert main.find_all(["script", "w:p"]) == []
    assert words(main.get_text()).count(HOSTILE) == HOSTILE_PLACES
    assert [img["alt"] for img in main.find_all("img")] == [HOSTILE]
    assert soup.title.get_text() == HOSTILE_TITLE and main.h1.get_text() == HOSTILE_TITLE
    assert soup.find("meta", attrs={"name": "description"})["content"] == HOSTILE


def test_pdf_shows_markup_in_the_data_as_text():
    data = compile_pdf(hostile_document(HOSTILE))
    assert words(pdf_text(data)).count(HOSTILE) == HOSTILE_PLACES
    with pikepdf.open(io.BytesIO(data)) as pdf:
        metadata = pdf.open_metadata()
        assert str(metadata.get("dc:title")) == HOSTILE_TITLE
        assert str(metadata.get("dc:description")) == HOSTILE
        assert pdf_structure(pdf)[1] == [HOSTILE]  # the figure's /Alt
    assert HOSTILE_TITLE in pdf_text(data)


def test_word_shows_markup_in_the_data_as_text():
    data = docx_bytes(hostile_document(HOSTILE))
    assert sum(text.count(HOSTILE) for text in docx_texts(data)) == HOSTILE_PLACES
    doc = read_docx(io.BytesIO(data))
    assert [shape.get("descr") for shape in doc.element.body.xpath(".//wp:docPr")] == [HOSTILE]
    assert (doc.core_properties.title, doc.core_properties.subject) == (HOSTILE_TITLE, HOSTILE)
    assert HOSTILE_TITLE in docx_texts(data)


# -- control characters, each exporter on its own ------------------------------------------------


def joined(text: str) -> str:
    """Text without whitespace: a control character shown as a line break does not count."""
    return "".join(text.split())


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=CONTROL_CHARACTERS.get)
def test_html_drops_control_characters(character, tmp_path):
    soup = html_page(hostile_document(f"Kontroll{character}tecken"), tmp_path)
    assert character not in str(soup)
    assert words(soup.find("main").get_text()).count("Kontrolltecken") == HOSTILE_PLACES


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=CONTROL_CHARACTERS.get)
def test_pdf_keeps_no_control_characters(character):
    text = pdf_text(compile_pdf(hostile_document(f"Kontroll{character}tecken")))
    assert character not in text
    assert joined(text).count("Kontrolltecken") == HOSTILE_PLACES


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=CONTROL_CHARACTERS.get)
def test_word_drops_control_characters(character):
    texts = docx_texts(docx_bytes(hostile_document(f"Kontroll{character}tecken")))
    assert not any(character in text for text in texts)
    assert sum(text.count("Kontrolltecken") for text in texts) == HOSTILE_PLACES


@pytest.mark.parametrize("character", CONTROL_CHARACTERS, ids=CONTROL_CHARACTERS.get)
def test_reuse_files_drop_control_characters(character):
    from openpyxl import load_workbook

    from kulturdialog.formats.files import files

    written = files(hostile_document(f"Kontroll{character}tecken"))
    (csv_name,) = [name for name in written if name.endswith(".csv")]
    csv_text = written[csv_name].decode("utf-8")
    assert character not in csv_text
    assert csv_text.count("Kontrolltecken") == 3  # the header, the cell and the total row
    book = load_workbook(io.BytesIO(written["tabeller.xlsx"]))
    cells = [c.value for sheet in book for row in sheet.iter_rows() for c in row if c.value]
    assert [c for c in cells if "tecken" in str(c)] == ["Kontrolltecken"] * 4  # and the caption
