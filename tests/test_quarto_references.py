"""A notebook written with Quarto's habits renders them resolved in HTML, PDF and Word.

tests/notebooks/analyst_quarto.ipynb (twin: analyst_quarto.py) has cross-references to a
figure, a table and a section (`@fig-format`, `@tbl-format`, `@sec-urval`), a callout, a
footnote, a tabset and a Markdown pipe table with a caption (`: … {#tbl-grupper}`). It is
rendered once through the pipeline; the files are read back as a reader gets them: HTML
parsed, the PDF's text by pdftotext, Word by python-docx. A reference to an unknown label
fails the render, naming the notebook, the cell and the nearest label.
"""

from __future__ import annotations

import shutil
import subprocess

import docx
import nbformat
import pytest
from browser import axe_violations, browser_fixture, describe, open_page  # noqa: F401
from conftest import ROOT, copy_project, render_in
from docx.oxml.ns import qn
from external import command
from reading import html_soup, squash

from kulturdialog.errors import RenderError

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "tests/notebooks/analyst_quarto.ipynb"
NAME = "analyst_quarto"
FORMATS = ("html", "pdf", "docx")
SENTENCE = "Figur 1 visar hur mötena hölls och tabell 1 hur många som deltog"
CALLOUT = "Obs: Läs siffrorna med urvalet i minnet"
CALLOUT_TEXT = "Varje möte räknas en gång"
FOOTNOTE = "Underlaget är årets mötesförteckning."
LITERAL = ("@fig-", "@tbl-", "@sec-", ":::", "[^1]", "{#sec")


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("quarto") / "project")
    shutil.copy(EXAMPLE, root / "notebooks" / EXAMPLE.name)
    render_in(root, 2021, NAME, formats=FORMATS)
    return root / "reports/2021" / NAME


def test_html_resolves_and_links_the_references(rendered):
    soup = html_soup(rendered.with_suffix(".html"))
    main = soup.find("main")
    links = {a.get_text(): a["href"] for a in main.select("p a[href^='#']")}
    assert links["Figur 1"] == "#fig-format" and links["tabell 1"] == "#tbl-format"
    assert links["Urval"] == "#sec-urval"  # the section's title
    assert main.find(id="fig-format").name == "figure"
    assert main.find(id="tbl-format").find("table") is not None
    assert main.find(id="sec-urval").get_text() == "Urval"
    text = main.get_text(" ", strip=True)
    assert squash(SENTENCE) in squash(text)
    for literal in LITERAL:
        assert literal not in text, literal


def test_html_shows_the_callout_the_footnote_and_the_tabs_outside_the_contents(rendered):
    main = html_soup(rendered.with_suffix(".html")).find("main")
    (callout,) = main.select("div.callout[role=note]")
    assert callout.find(class_="callout-title").get_text() == CALLOUT
    assert CALLOUT_TEXT in callout.get_text()
    note = main.find(id="fn-1")
    assert FOOTNOTE in note.get_text() and note.find("a", href="#fnref-1") is not None
    assert main.find(id="fnref-1")["href"] == "#fn-1"
    contents = [a.get_text() for a in main.select("nav.toc > ol:not(.listing) a")]
    assert contents == ["Urval"]  # not the tabs "Digitala möten", "Fysiska möten"
    assert [h.get_text() for h in main.select(".panel-title")] == [
        "Digitala möten",
        "Fysiska möten",
    ]


def test_axe_finds_no_violation_in_the_html(browser, rendered):
    for width in (390, 1280):
        page = open_page(browser, rendered.with_suffix(".html").as_uri(), width)
        violations = axe_violations(page)
        assert violations == [], describe(violations)


def test_pdf_text_has_the_resolved_references_the_callout_and_the_footnote(rendered):
    pdftotext = command("pdftotext")
    run = subprocess.run([pdftotext, str(rendered.with_suffix(".pdf")), "-"], capture_output=True)
    text = run.stdout.decode("utf-8")
    for words in (SENTENCE, "beskrivs i Urval", CALLOUT, CALLOUT_TEXT, "1" + FOOTNOTE):
        assert squash(words) in squash(text), words
    for literal in LITERAL:
        assert literal not in text, literal


def test_word_has_linked_references_the_callout_and_a_real_footnote(rendered):
    document = docx.Document(rendered.with_suffix(".docx"))
    body = document.element.body
    marks = {m.get(qn("w:name")) for m in body.iter(qn("w:bookmarkStart"))}
    links = {
        "".join(t.text for t in link.iter(qn("w:t"))): link.get(qn("w:anchor"))
        for link in body.iter(qn("w:hyperlink"))
    }
    for words in ("Figur 1", "tabell 1", "Urval"):
        assert links.get(words) in marks, (words, links)
    text = "\n".join(p.text for p in document.paragraphs)
    assert squash(SENTENCE) in squash(text)
    assert CALLOUT in [p.text for p in document.paragraphs]
    for literal in LITERAL:
        assert literal not in text, literal
    assert [r.get(qn("w:id")) for r in body.iter(qn("w:footnoteReference"))] == ["1"]
    notes = next(r.target_part for r in document.part.rels.values() if "footnotes" in r.reltype)
    assert FOOTNOTE in notes.blob.decode("utf-8")


PIPE_CAPTION = "Tabell 2. Partsgrupper i urvalet."
PIPE_ROWS = [
    ["Partsgrupp", "Förkortning", "Möten"],
    ["Kommunala kultur- och fritidschefer", "KC", "4"],
    ["Civilsamhälle och föreningsliv", "CS", "3"],
]


def test_a_pipe_table_is_a_numbered_table_in_every_format(rendered):
    """A Markdown table (as Quarto and JupyterLab show it) is a table, numbered in reading order
    after the code cell's, its caption from `: …`, and @tbl-grupper refers to it; it never
    shows as a line of pipes and dashes."""
    main = html_soup(rendered.with_suffix(".html")).find("main")
    table = main.find(id="tbl-grupper").find("table")
    assert table.find("caption").get_text(" ", strip=True) == PIPE_CAPTION
    rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table("tr")]
    assert rows == PIPE_ROWS
    assert "num" in table.find("td", string="4")["class"]  # `---:`: a column of numbers
    links = {a.get_text(): a["href"] for a in main.select("p a[href^='#']")}
    assert links["tabell 2"] == "#tbl-grupper"

    pdftotext = command("pdftotext")
    run = subprocess.run(
        [pdftotext, "-layout", str(rendered.with_suffix(".pdf")), "-"], capture_output=True
    )
    lines = [" ".join(line.split()) for line in run.stdout.decode("utf-8").splitlines()]
    at = lines.index(PIPE_CAPTION)
    assert lines[at + 1 : at + 4] == [" ".join(row) for row in PIPE_ROWS]
    assert "tabell 2 för de partsgrupper" in " ".join(lines)

    document = docx.Document(rendered.with_suffix(".docx"))
    assert PIPE_CAPTION in [p.text for p in document.paragraphs]
    assert [[c.text for c in row.cells] for row in document.tables[-1].rows] == PIPE_ROWS
    text = "\n".join(p.text for p in document.paragraphs)
    assert "|" not in text and "---" not in text


def test_an_unknown_reference_fails_the_render_naming_the_cell_and_the_nearest_label(tmp_path):
    root = copy_project(tmp_path / "project")
    nb = nbformat.read(EXAMPLE, as_version=4)
    (index,) = [i for i, c in enumerate(nb.cells, start=1) if "@fig-format" in c.source]
    nb.cells[index - 1].source = nb.cells[index - 1].source.replace("@fig-format", "@fig-formt")
    nbformat.write(nb, root / "notebooks" / EXAMPLE.name)
    with pytest.raises(RenderError) as caught:
        render_in(root, 2021, NAME, formats=("html",))
    message = str(caught.value)
    assert "Traceback" not in message
    assert message.splitlines()[0] == (
        f"notebooks/{EXAMPLE.name}: cell {index}: @fig-formt names no figure; "
        "did you mean @fig-format?"
    )
    assert not (root / "reports/2021").exists()
