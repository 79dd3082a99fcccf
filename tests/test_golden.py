"""Every word a reader sees in the 2021 annual summary, pinned in tests/golden/ per language.

The HTML must show exactly the golden words (tests/golden.py reads them); the Word file and the
PDF must show the same contents, headings, captions and table headers (and Word the same rows).
After a deliberate change of wording: `python tests/golden.py --write`, then review the diff.
"""

from __future__ import annotations

import re

import pytest
import yaml
from docx import Document as open_docx
from docx.oxml.ns import qn
from golden import dump, golden_path, reader_words
from pypdf import PdfReader
from reading import html_soup
from test_findings import pdf_body, phrase_pattern

pytestmark = pytest.mark.e2e

WORD_HEADINGS = {"Title": "h1", "Heading 1": "h2", "Heading 2": "h3", "Heading 3": "h4"}
WORD_CONTENTS = {"toc 1": "2", "toc 2": "3"}


@pytest.fixture(scope="module", params=["sv", "en"])
def report(request):
    """(language, its rendered folder, its golden words)."""
    fixture = "_rendered_template" if request.param == "sv" else "rendered_2021_en"
    folder = request.getfixturevalue(fixture) / "reports/2021"
    golden = yaml.safe_load(golden_path(request.param).read_text(encoding="utf-8"))
    return request.param, folder, golden


def word_items(path) -> list[tuple[str, object]]:
    """The Word file's body in order: ("p", (style, text)) and ("table", rows of cell texts)."""
    document = open_docx(path)
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    items = []
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = paragraphs[element]
            style = paragraph.style.name if paragraph.style is not None else ""
            text = paragraph.text
            if style in WORD_CONTENTS or style == "table of figures":
                text = text.partition("\t")[0]  # the entry without its page number
            items.append(("p", (style, " ".join(text.split()))))
        elif element.tag == qn("w:tbl"):
            rows = [[" ".join(c.text.split()) for c in row.cells] for row in tables[element].rows]
            items.append(("table", rows))
    return items


def test_the_html_shows_exactly_the_golden_words(report):
    language, folder, _ = report
    seen = dump(reader_words(html_soup(folder / "annual_summary.html")), language)
    assert seen.splitlines() == golden_path(language).read_text(encoding="utf-8").splitlines()


def test_the_word_file_has_the_golden_contents_headings_and_captions(report):
    _, folder, golden = report
    paragraphs = [p for kind, p in word_items(folder / "annual_summary.docx") if kind == "p"]
    contents = [f"{WORD_CONTENTS[s]} {t}" for s, t in paragraphs if s in WORD_CONTENTS]
    assert contents == golden["contents"]["entries"]
    assert [t for s, t in paragraphs if s == "TOC Heading"] == [golden["contents"]["heading"]]
    assert [t for s, t in paragraphs if s == "Listing Heading"] == list(
        golden["contents"]["listings"]
    )
    listed = [item for entries in golden["contents"]["listings"].values() for item in entries]
    assert [t for s, t in paragraphs if s == "table of figures"] == listed
    headings = [f"{WORD_HEADINGS[s]} {t}" for s, t in paragraphs if s in WORD_HEADINGS]
    assert headings == golden["headings"]
    figure_captions = [f["caption"] for f in golden["figures"]]
    table_captions = [t["caption"] for t in golden["tables"]]
    captions = [t for s, t in paragraphs if s == "Caption"]
    assert sorted(captions) == sorted(figure_captions + table_captions)


def test_every_word_table_has_its_golden_caption_headers_and_rows(report):
    _, folder, golden = report
    items = word_items(folder / "annual_summary.docx")
    seen = [(items[i - 1][1], rows) for i, (kind, rows) in enumerate(items) if kind == "table"]
    expected = [
        (("Caption", t["caption"]), [t["columns"], *t.get("rows", [])]) for t in golden["tables"]
    ]
    assert len(seen) == len(expected)
    # the golden file leaves out the rows of checksums: compare their header only
    assert [
        (c, rows[: len(want)]) for (c, rows), (_, want) in zip(seen, expected, strict=True)
    ] == expected


def test_the_pdf_has_the_golden_contents_as_bookmarks(report):
    _, folder, golden = report

    def flatten(outline, level=2):
        for item in outline:
            if isinstance(item, list):
                yield from flatten(item, level + 1)
            else:
                yield f"{level} {item.title}"

    bookmarks = list(flatten(PdfReader(folder / "annual_summary.pdf").outline))
    assert bookmarks == [f"2 {golden['contents']['heading']}", *golden["contents"]["entries"]]


def test_every_pdf_table_has_its_golden_caption_and_column_headers(report):
    _, folder, golden = report
    body = pdf_body(folder)
    for table in golden["tables"]:
        caption = phrase_pattern(table["caption"], line_breaks=True).pattern
        header = re.escape(" ".join(table["columns"]))
        assert re.search(caption + r" *\n" + header + r" *\n", body), table["caption"]
    for figure in golden["figures"]:
        assert phrase_pattern(figure["caption"], line_breaks=True).search(body), figure["caption"]
