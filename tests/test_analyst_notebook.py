"""A notebook a new analyst writes from scratch reads right in HTML, PDF and Word.

tests/notebooks/analyst_example.ipynb (twin: analyst_example.py) uses only what an analyst
knows: a parameters cell, `kd.parameters_from(globals())`, Markdown cells, a DataFrame with
`#| tbl-cap:`, a seaborn figure with `#| fig-cap:` and `#| fig-alt:`, `display(Markdown(...))`,
and the tags `remove-cell` and `remove-output`. It is rendered once for this module; every
expected number is computed here from the CSV files with the csv module, not with the package.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import docx
import nbformat
import pikepdf
import pytest
from conftest import ROOT, copy_project, render_in
from pypdf import PdfReader
from reading import html_soup, pdf_structure, squash

from kulturdialog.content import assemble
from kulturdialog.content import blocks as b
from kulturdialog.errors import RenderError

pytestmark = pytest.mark.e2e

EXAMPLE = ROOT / "tests/notebooks/analyst_example.ipynb"
NAME = "analyst_example"
FORMATS = ("html", "pdf", "docx")

TITLE = "Analys av mötena"
BOLD = "uppdelade per partsgrupp"
LINK = "https://www.regionstockholm.se/"
LINK_TEXT = "Region Stockholms webbplats"
TABLE_CAPTION = "Möten per partsgrupp."
FIGURE_CAPTION = "Möten per format."
ALT = "Stapeldiagram över antal möten per format: digital 9, hybrid 3, in_person 2."
# Never in the report: code, streams, remove-cell Markdown, the remove-output table.
CODE = ("print(", "parameters_from", "groupby", "import ", "countplot", "display(")
HIDDEN = ("DEBUG-UTSKRIFT", "ANTECKNING", "Kolla siffrorna")


# -- what the data says, read with the csv module --------------------------------------------------
def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


MEETINGS = read_csv(ROOT / "data/2021/meetings.csv")
GROUP_LABELS = {
    r["code"]: r["label_sv"] for r in read_csv(ROOT / "data/reference/party_groups.csv")
}


def expected_rows() -> list[list[str]]:
    """Party group (Swedish label), meetings, participants; in order of first appearance."""
    counts: dict[str, list[int]] = {}
    for row in MEETINGS:
        entry = counts.setdefault(row["party_group"], [0, 0])
        entry[0] += 1
        entry[1] += int(row["participants"])
    assert all(total < 1000 for _, total in counts.values())  # no thousands separator needed
    return [[GROUP_LABELS[g], str(n), str(p)] for g, (n, p) in counts.items()]


ROWS = expected_rows()
SENTENCE = f"Totalt {len(MEETINGS)} möten."
# The remove-output cell shows every meeting's title: none of them may reach the report.
REMOVED_TITLES = [r["title"] for r in MEETINGS]


def test_the_alt_text_states_the_data_it_claims():
    formats = Counter(r["format"] for r in MEETINGS)
    assert ALT.endswith(", ".join(f"{f} {n}" for f, n in sorted(formats.items())) + ".")


# -- the render, once ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("analyst") / "project")
    shutil.copy(EXAMPLE, root / "notebooks" / EXAMPLE.name)
    result = render_in(root, 2021, NAME, formats=FORMATS)
    return root, result


@dataclass
class Reading:
    """A rendered file as a reader gets it."""

    titles: list[str]  # every place the format states its title
    text: str  # all visible text
    bold: list[str] = field(default_factory=list)
    links: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    table_lines: list[list[str]] = field(default_factory=list)  # rows of the tables' cells
    lines: list[str] = field(default_factory=list)  # the PDF's text lines (its tables' rows)
    captions: list[str] = field(default_factory=list)
    alts: list[str] = field(default_factory=list)
    tables: int = 0


def read_html(path: Path) -> Reading:
    soup = html_soup(path)
    main = soup.find("main")
    assert main is not None
    rows = [
        [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
        for table in main.find_all("table")
        for tr in table.find("tbody").find_all("tr")
    ]
    captions = [c.get_text(" ", strip=True) for c in main.find_all(["caption", "figcaption"])]
    return Reading(
        titles=[soup.title.get_text(strip=True), main.find("h1").get_text(strip=True)],
        text=soup.body.get_text(" ", strip=True),
        bold=[x.get_text(strip=True) for x in main.find_all(["strong", "b"])],
        links=[(a.get_text(strip=True), a.get("href")) for a in main.select("p a[href]")],
        table_lines=rows,
        captions=captions,
        alts=[img.get("alt") for img in main.find_all("img")],
        tables=len(main.find_all("table")),
    )


def read_pdf(path: Path) -> Reading:
    reader = PdfReader(path)
    pieces: list[tuple[str, str]] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            pieces.append((text.strip(), str(font.get("/BaseFont", "")) if font else ""))

    pages = [page.extract_text(visitor_text=visit) or "" for page in reader.pages]
    text = "\n".join(pages)
    links = [
        ("", str(a.get_object()["/A"]["/URI"]))
        for page in reader.pages
        for a in page.get("/Annots") or []
        if "/A" in a.get_object() and "/URI" in a.get_object()["/A"]
    ]
    lines = [line.strip() for line in text.splitlines()]
    with pikepdf.open(path) as pdf:
        titles = [str(pdf.docinfo.get("/Title", "")), str(pdf.open_metadata().get("dc:title"))]
        _, alts = pdf_structure(pdf)
    titles.append(pages[0].splitlines()[1] if len(pages[0].splitlines()) > 1 else "")
    return Reading(
        titles=titles,
        text=text,
        bold=[t for t, font in pieces if "Bold" in font],
        links=links,
        lines=lines,
        captions=[line for line in lines if line.startswith(("Tabell ", "Figur "))],
        alts=alts,
        tables=0,
    )


def read_docx(path: Path) -> Reading:
    document = docx.Document(path)
    paragraphs = document.paragraphs
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows[1:]]
    text = "\n".join(
        [p.text for p in paragraphs]
        + [c.text for t in document.tables for r in t.rows for c in r.cells]
        + [p.text for s in document.sections for p in s.header.paragraphs + s.footer.paragraphs]
    )
    return Reading(
        titles=[document.core_properties.title]
        + [p.text for p in paragraphs if p.style.name == "Title"],
        text=text,
        bold=[r.text for p in paragraphs for r in p.runs if r.bold],
        links=[(h.text, h.url) for p in paragraphs for h in p.hyperlinks],
        table_lines=cells,
        captions=[p.text for p in paragraphs if p.style.name == "Caption"],
        alts=[s.get("descr") for s in document.element.body.xpath(".//wp:inline/wp:docPr")],
        tables=len(document.tables),
    )


READERS = {"html": read_html, "pdf": read_pdf, "docx": read_docx}


@pytest.fixture(scope="module", params=FORMATS)
def reading(request, rendered) -> tuple[str, Reading]:
    root, _ = rendered
    path = root / "reports/2021" / f"{NAME}.{request.param}"
    return request.param, READERS[request.param](path)


def test_the_render_publishes_every_format_and_the_executed_notebook(rendered):
    root, result = rendered
    assert not result.skipped
    names = {p.name for p in result.files}
    assert {f"{NAME}.{x}" for x in (*FORMATS, "ipynb")} <= names
    assert f"{NAME}.manifest.json" in names


def test_title_is_the_first_level_1_heading(reading):
    fmt, seen = reading
    assert seen.titles and all(t == TITLE for t in seen.titles), (fmt, seen.titles)


def test_prose_keeps_its_bold_words_and_its_link(reading):
    fmt, seen = reading
    assert squash("Den här analysen visar årets dialogmöten") in squash(seen.text)
    assert BOLD in seen.bold, (fmt, seen.bold)
    assert squash(LINK_TEXT) in squash(seen.text)
    assert LINK in [url for _, url in seen.links], (fmt, seen.links)
    if fmt != "pdf":  # the PDF's link annotation carries no text of its own
        assert (LINK_TEXT, LINK) in seen.links


def test_table_1_has_its_caption_and_the_computed_cells(reading):
    fmt, seen = reading
    assert f"Tabell 1. {TABLE_CAPTION}" in seen.captions, (fmt, seen.captions)
    if fmt == "pdf":
        lines = {squash(line) for line in seen.lines}
        missing = [row for row in ROWS if squash(" ".join(row)) not in lines]
        assert not missing, f"rows not found as lines of the PDF's text: {missing}"
        assert squash("Partsgrupp Möten Deltagare") in lines
    else:
        assert seen.table_lines == ROWS
        assert seen.tables == 1  # not the remove-output table


def test_figure_1_has_its_caption_and_text_alternative(reading):
    fmt, seen = reading
    assert f"Figur 1. {FIGURE_CAPTION}" in seen.captions, (fmt, seen.captions)
    assert seen.alts == [ALT], fmt


def test_the_generated_sentence_states_the_computed_number(reading):
    _, seen = reading
    assert squash(SENTENCE) in squash(seen.text)


def test_no_code_streams_notes_or_removed_outputs(reading):
    fmt, seen = reading
    for word in CODE + HIDDEN:
        assert word not in seen.text, (fmt, word)
    for title in REMOVED_TITLES:
        assert squash(title) not in squash(seen.text), (fmt, title)


def test_no_code_or_notes_in_the_raw_html(rendered):
    root, _ = rendered
    raw = (root / "reports/2021" / f"{NAME}.html").read_text(encoding="utf-8")
    for word in HIDDEN + ("parameters_from", "groupby", "countplot", "Dialog med Klys"):
        assert word not in raw, word


# -- plain papermill gives the same document -------------------------------------------------------
def outline(document: b.Document) -> list[tuple[str, ...]]:
    """Headings, and tables and figures with their numbers, captions and text alternatives."""
    found: list[tuple[str, ...]] = [("title", document.info.title)]
    for block in b.walk(document.blocks):
        if isinstance(block, b.Heading):
            found.append(("heading", str(block.level), block.text))
        elif isinstance(block, b.Table):
            found.append(("table", str(block.number), block.caption, repr(block.rows)))
        elif isinstance(block, b.Figure):
            found.append(("figure", str(block.number), block.caption, block.alt))
    return found


def test_plain_papermill_runs_it_and_assembles_to_the_same_outline(rendered, tmp_path):
    root, _ = rendered
    papermill = Path(sys.executable).with_name("papermill")
    out = tmp_path / "out.ipynb"
    run = subprocess.run(
        [str(papermill), f"notebooks/{EXAMPLE.name}", str(out), "-p", "year", "2021"],
        cwd=root,
        env={**os.environ, "KULTURDIALOG_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    by_hand = assemble.document(nbformat.read(out, as_version=4))
    published = nbformat.read(root / "reports/2021" / f"{NAME}.ipynb", as_version=4)
    ours = assemble.document(published, f"notebooks/{EXAMPLE.name}")
    assert outline(by_hand) == outline(ours)
    assert ("table", "1", TABLE_CAPTION, repr(tuple(tuple(r) for r in ROWS))) in outline(ours)
    assert ("figure", "1", FIGURE_CAPTION, ALT) in outline(ours)
    assert by_hand.info.title == TITLE and by_hand.info.year == 2021


# -- a figure without a text alternative -----------------------------------------------------------
@pytest.fixture(scope="module")
def missing_alt(tmp_path_factory):
    """The example with its figure cell's `#| fig-alt:` line removed, rendered in a fresh copy:
    (the figure cell's 1-based number in the notebook, the RenderError, the project root)."""
    root = copy_project(tmp_path_factory.mktemp("missing_alt") / "project")
    nb = nbformat.read(EXAMPLE, as_version=4)
    (index,) = [i for i, c in enumerate(nb.cells, start=1) if "#| fig-alt:" in c.source]
    cell = nb.cells[index - 1]
    cell.source = "\n".join(line for line in cell.source.splitlines() if "fig-alt" not in line)
    nbformat.write(nb, root / "notebooks" / EXAMPLE.name)
    with pytest.raises(RenderError) as caught:
        render_in(root, 2021, NAME, formats=FORMATS)
    return index, caught.value, root


def test_a_figure_without_fig_alt_fails_naming_the_notebook_and_the_fix(missing_alt):
    _, error, _ = missing_alt
    message = str(error)
    assert message.startswith(f"notebooks/{EXAMPLE.name}: cell "), message
    assert "#| fig-alt:" in message
    assert "Traceback" not in message


def test_a_figure_without_fig_alt_names_the_cell_as_numbered_in_the_notebook(missing_alt):
    # The analyst's notebook has no papermill cell: its figure cell is cell `index` there.
    index, error, _ = missing_alt
    assert f"cell {index} shows a figure" in str(error), str(error)


def test_a_figure_without_fig_alt_publishes_nothing(missing_alt):
    _, _, root = missing_alt
    reports = root / "reports"
    assert not (reports / "2021").exists()
    # Only the kept failed run (reports/_failed/) and empty working folders may be there.
    files = [p for p in reports.rglob("*") if p.is_file()]
    assert [p for p in files if p.relative_to(reports).parts[0] != "_failed"] == []
