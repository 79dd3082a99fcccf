"""The 2021 report in all three formats: the same content, Word that opens in LibreOffice.

PDF/A-2a + PDF/UA-1: test_every_report_checked.py; the findings, word for word: test_findings.py.

Reads the rendered files back as a reader's tools do: HTML parsed, PDF text (pypdf) and
structure, the Word file with python-docx and through LibreOffice.
"""

from __future__ import annotations

import shutil

import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from external import libreoffice
from reading import html_soup, pdf_pages, squash
from test_render_e2e import SEED_FINDINGS

pytestmark = pytest.mark.e2e

WORD_STYLES = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}


@pytest.fixture(scope="module")
def folder(_rendered_template):
    return _rendered_template / "reports/2021"


def html_sequence(folder) -> list[str]:
    """Headings, captions and table cells of the page, in reading order (not the contents)."""
    main = html_soup(folder / "annual_summary.html").find("main")
    for nav in main.find_all("nav"):
        nav.decompose()
    items = []
    for tag in main.find_all(["h1", "h2", "h3", "h4", "caption", "figcaption", "th", "td"]):
        items.append(" ".join(tag.get_text(" ", strip=True).split()))
    return items


def word_sequence(path) -> list[str]:
    """The same from the Word file: heading and caption paragraphs, table cells, in order."""
    document = open_docx(path)
    items = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = next(p for p in document.paragraphs if p._p is element)
            style = paragraph.style.name if paragraph.style is not None else ""
            if style in WORD_STYLES or style == "Caption":
                items.append(" ".join(paragraph.text.split()))
        elif element.tag == qn("w:tbl"):
            table = next(t for t in document.tables if t._tbl is element)
            for row in table.rows:
                items.extend(" ".join(cell.text.split()) for cell in row.cells)
    return items


def test_html_and_word_show_the_same_headings_captions_and_cells_in_order(folder):
    html, word = html_sequence(folder), word_sequence(folder / "annual_summary.docx")
    assert len(html) > 300
    assert word == html


def test_the_pdf_shows_them_in_the_same_order(folder):
    pages = pdf_pages(folder / "annual_summary.pdf")
    body = next(i for i, page in enumerate(pages) if squash("Inledning") in squash(page[:400]))
    text = squash(" ".join(pages[body:]))
    position = 0
    for item in html_sequence(folder)[1:]:  # the title is on the cover
        if not item:
            continue
        found = text.find(squash(item), position)
        assert found >= 0, f"{item!r} not found after position {position}"
        position = found


def test_word_is_accessible_and_stated_in_swedish(folder):
    document = open_docx(folder / "annual_summary.docx")
    styles = [p.style.name for p in document.paragraphs if p.style is not None]
    assert styles.count("Title") == 1 and "Heading 1" in styles and "Heading 2" in styles
    assert document.core_properties.title == "Sammanfattning av 2021 års dialogmöten"
    assert document.core_properties.language == "sv-SE"
    for table in document.tables:
        first = table.rows[0]._tr
        assert first.find(qn("w:trPr")) is not None
        assert first.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    pictures = document.element.body.findall(".//" + qn("wp:docPr"))
    assert len(pictures) >= 5
    assert all(len(p.get("descr", "")) > 40 for p in pictures)
    defaults = document.styles.element.find(qn("w:docDefaults"))
    assert defaults.find(".//" + qn("w:lang")).get(qn("w:val")) == "sv-SE"


def test_word_opens_in_libreoffice_with_every_finding(folder, tmp_path):
    source = tmp_path / "annual_summary.docx"
    shutil.copyfile(folder / "annual_summary.docx", source)  # the published folder stays as it is
    text = squash(" ".join(pdf_pages(libreoffice(source, "pdf"))))
    missing = [name for name, words in SEED_FINDINGS.items() if squash(words) not in text]
    assert not missing
