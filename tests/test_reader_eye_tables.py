"""The 2021 report's tables as a reader sees them (issue 17), in every format.

HTML in Chromium at desktop and phone widths: no cell's text outside its cell, no word of at most
16 letters broken across lines (each word's rectangles measured with a DOM Range). The PDF, and
the Word file as LibreOffice lays it out: no two cells' words glued together ("KommunalNoterat"),
no table word hyphenated or cut, and every table's caption on the page where its table starts
(there a break after a dash the word has, `kultur-` `och`, is no broken word; in the HTML it is).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from browser import WIDTHS, browser_fixture, open_page  # noqa: F401
from external import command, libreoffice
from reading import html_soup

pytestmark = pytest.mark.e2e
LONGEST_WHOLE = 16  # letters: a word this long or shorter is never broken in a table
SOFT_HYPHEN = "\u00ad"
PUNCTUATION = ".,;:()”\"'"

# For each cell of each table in the page: its words whose rectangles lie on more than one
# line, and those that reach outside the cell's padding box.
CELL_PROBLEMS_JS = """(longest) => {
  const problems = [];
  for (const cell of document.querySelectorAll("table td, table th")) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    const chars = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (let i = 0; i < node.data.length; i++) chars.push([node, i]);
    }
    const text = chars.map(([node, i]) => node.data[i]).join("");
    const box = cell.getBoundingClientRect();
    for (const match of text.matchAll(/\\S+/g)) {
      const range = document.createRange();
      const [startNode, startOffset] = chars[match.index];
      const [endNode, endOffset] = chars[match.index + match[0].length - 1];
      range.setStart(startNode, startOffset);
      range.setEnd(endNode, endOffset + 1);
      const rects = [...range.getClientRects()].filter((r) => r.width > 0);
      const letters = (match[0].match(/\\p{L}/gu) || []).length;
      const tops = rects.map((r) => r.top);
      if (letters <= longest && Math.max(...tops) - Math.min(...tops) > 2) {
        problems.push(`broken: ${match[0]}`);
      }
      if (rects.some((r) => r.right > box.right + 0.5 || r.left < box.left - 0.5)) {
        problems.push(`outside its cell: ${match[0]}`);
      }
    }
  }
  return problems;
}"""


@pytest.fixture(scope="module")
def report(_rendered_template) -> Path:
    return _rendered_template / "reports/2021"


@pytest.fixture(scope="module")
def tables(report) -> list[dict]:
    return read_tables(report / "annual_summary.html")


def read_tables(html: Path) -> list[dict]:
    """Each numbered table of a report: its number, header cells and body rows (from the
    HTML, the same content as every format)."""
    soup = html_soup(html)
    found = []
    for region in soup.select("div.table-scroll"):
        table = region.table
        label = table.caption.find(class_="label").get_text()
        found.append(
            {
                "number": int(re.search(r"\d+", label)[0]),
                "header": [th.get_text() for th in table.thead.find_all("tr")[-1].find_all("th")],
                "rows": [
                    [c.get_text() for c in tr.find_all(["th", "td"])]
                    for tr in table.tbody.find_all("tr")
                ],
            }
        )
    assert [t["number"] for t in found] == list(range(1, len(found) + 1))
    return found


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_html_table_cells_neither_spill_nor_break_a_word(browser, report, width):
    page = open_page(browser, (report / "annual_summary.html").as_uri(), width)
    assert page.evaluate(CELL_PROBLEMS_JS, LONGEST_WHOLE) == []


def test_html_wide_table_scrolls_in_a_region_named_by_its_caption(browser, report):
    page = open_page(browser, (report / "annual_summary.html").as_uri(), WIDTHS["phone"])
    regions = page.evaluate(
        """() => [...document.querySelectorAll("div.table-scroll")].map((r) => ({
          role: r.getAttribute("role"), tabindex: r.getAttribute("tabindex"),
          name: document.getElementById(r.getAttribute("aria-labelledby"))?.tagName,
          scrolls: r.scrollWidth > r.clientWidth}))"""
    )
    assert all(
        r["role"] == "region" and r["tabindex"] == "0" and r["name"] == "CAPTION" for r in regions
    )
    assert any(r["scrolls"] for r in regions)  # the needs table is wider than a phone


# -- PDF, and Word as LibreOffice lays it out -------------------------------------------------
def pages_of(pdf: Path, mode: str) -> list[str]:
    """The text of each page by pdftotext (`-raw`: in the order it was written; `-layout`: as
    it stands on the page)."""
    text = subprocess.run(
        [command("pdftotext"), mode, str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return text.split("\f")


def caption_page(number: int, pages: list[str]) -> int | None:
    """The index of the page with table `number`'s caption (not its line in the list of tables)."""
    label = f"Tabell {number}."
    at = [
        i
        for i, page in enumerate(pages)
        for line in page.splitlines()
        if line.strip().startswith(label) and "...." not in line
    ]
    return at[-1] if at else None


def table_text(table: dict, pages: list[str]) -> str:
    """The text from table's caption to its last cell (running headers between pages included)."""
    page = caption_page(table["number"], pages)
    assert page is not None, f"Tabell {table['number']}. not found"
    text = "\f".join(pages[page:])
    start = text.index(f"Tabell {table['number']}.")
    last = table["rows"][-1]
    row = text.index(last[0].split()[0], start)
    return text[start : text.index(last[-1].split()[-1], row) + len(last[-1].split()[-1])]


def glued_cells(tables: list[dict], pages: list[str]) -> list[str]:
    """Neighbouring cells whose words stand together with no space (`KommunalNoterat`); a
    number beside a number cannot be told from one number in the text, and is not looked for."""
    text = "\n".join(pages)
    found = []
    for table in tables:
        for row in table["rows"]:
            for left, right in zip(row, row[1:], strict=False):
                if not (left.split() and right.split()):
                    continue
                glued = left.split()[-1] + right.split()[0]
                if any(c.isalpha() for c in glued) and re.search(
                    rf"(?<!\S){re.escape(glued)}(?!\S)", text
                ):
                    found.append(f"Tabell {table['number']}: {glued}")
    return found


def broken_words(tables: list[dict], pages: list[str]) -> list[str]:
    """Words of at most 16 letters that a table's text shows split over two lines: hyphenated
    (`budgetproces-` `sen`) or cut (`Kommuna` `l`). A break after the word's own dash is none."""
    found = []
    for table in tables:
        words = {
            w.strip(PUNCTUATION)
            for row in [table["header"], *table["rows"]]
            for cell in row
            for w in cell.split()
        }
        words = {w for w in words if sum(c.isalpha() for c in w) <= LONGEST_WHOLE}
        tokens = [t.strip(PUNCTUATION) for t in table_text(table, pages).split()]
        for first, second in zip(tokens, tokens[1:], strict=False):
            if first in words:
                continue
            if first.endswith(("-", SOFT_HYPHEN)) and first[:-1] + second in words:
                found.append(f"Tabell {table['number']}: {first}{second}")
            elif first[-1:].isalnum() and first + second in words:
                found.append(f"Tabell {table['number']}: {first}|{second}")
    return found


def lone_captions(tables: list[dict], pages: list[str]) -> list[str]:
    """Captions not on the page where their table's header and first row begin."""
    found = []
    for table in tables:
        label = f"Tabell {table['number']}."
        at = caption_page(table["number"], pages)
        if at is None:
            found.append(f"{label} not found")
            continue
        after = pages[at][pages[at].index(label) :]
        first = table["rows"][0][0].split()[0]
        if table["header"][0].split()[0] not in after or first not in after:
            found.append(f"{label} on page {at + 1}, its table on the next")
    return found


@pytest.fixture(scope="module")
def typst_pdf(report) -> dict[str, list[str]]:
    pdf = report / "annual_summary.pdf"
    return {mode: pages_of(pdf, mode) for mode in ("-raw", "-layout")}


@pytest.fixture(scope="module")
def word_pdf(report, tmp_path_factory) -> dict[str, list[str]]:
    """The Word file as LibreOffice lays it out, converted to PDF (a copy: the report stays)."""
    source = tmp_path_factory.mktemp("word-tables") / "annual_summary.docx"
    shutil.copy(report / "annual_summary.docx", source)
    pdf = libreoffice(source, "pdf")
    return {mode: pages_of(pdf, mode) for mode in ("-raw", "-layout")}


@pytest.fixture(params=["pdf", "word"])
def laid_out(request, typst_pdf, word_pdf) -> dict[str, list[str]]:
    return typst_pdf if request.param == "pdf" else word_pdf


def test_no_two_cells_run_together(tables, laid_out):
    assert glued_cells(tables, laid_out["-layout"]) == []


def test_no_table_word_is_hyphenated_or_cut(tables, laid_out):
    assert broken_words(tables, laid_out["-raw"]) == []


def test_every_caption_is_on_the_page_where_its_table_starts(tables, laid_out):
    assert lone_captions(tables, laid_out["-raw"]) == []


def test_the_checks_find_what_a_reader_saw_in_2021():
    """The checks themselves, on text as the 2021 PDF had it before issue 17 (pp. 10–12)."""
    themes = {
        "number": 5,
        "header": ["Tema", "2019"],
        "rows": [["Regionalt kulturmiljöarbete", "33 %"], ["Kulturlokaler", "44 %"]],
    }
    needs = {
        "number": 3,
        "header": ["Nivå", "Status"],
        "rows": [["Kommunal", "I budgetprocessen"], ["Kommunal", "Noterat"]],
    }
    pages = [
        f"Tabell 3. Behov\nNivå Status\nKommunal I budgetproces{SOFT_HYPHEN} sen\n"
        "Kommuna\nl\nKommunalNoterat\nTabell 5. Andel av årets möten\n",
        f"Tema 2019\nRegionalt kulturmil{SOFT_HYPHEN}\njöarbete 33 %\nKulturlokaler 44 %\n",
    ]
    assert glued_cells([needs, themes], pages) == ["Tabell 3: KommunalNoterat"]
    assert broken_words([needs], pages) == [
        f"Tabell 3: budgetproces{SOFT_HYPHEN}sen",
        "Tabell 3: Kommuna|l",
    ]
    assert lone_captions([themes], pages) == ["Tabell 5. on page 1, its table on the next"]
