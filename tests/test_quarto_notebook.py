"""A notebook written as for Quarto reads the same in HTML, PDF and Word (issue 18).

tests/notebooks/quarto_style.py is a .py notebook with no jupytext header and no setup call
(`kd.parameters_from` is never called): Markdown, a DataFrame with `#| tbl-cap:`, a seaborn
figure with `#| fig-cap:` and `#| fig-alt:`, an `#| include: false` cell, an `#| echo: true`
cell, a callout with cross-references to the figure and the table, and a pandas Series (a
`groupby().size()`) with `#| tbl-cap:`. It is rendered once
with the CLI, as an analyst renders it; each format is read back.
Plain papermill (after jupytext) gives the same document.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import nbformat
import pikepdf
import pytest
from conftest import ROOT, copy_project
from pypdf import PdfReader
from reading import html_soup, pdf_structure, squash

from kulturdialog.content import assemble
from kulturdialog.content import blocks as b

pytestmark = pytest.mark.e2e

NAME = "quarto_style"
SOURCE = ROOT / "tests/notebooks" / f"{NAME}.py"
BIN = Path(sys.executable).parent
CAPTIONS = [
    "Tabell 1. Möten per format.",
    "Tabell 2. Det första och det sista mötet.",
    "Tabell 3. Möten per partsgrupp.",
    "Figur 1. Deltagare per format.",
]
ALT = "Stapeldiagram över antalet deltagare per mötesformat."
ECHOED = 'meetings["date"].agg(["min", "max"]).to_frame("Datum")'
HIDDEN = ("HEMLIG-KONTROLL", "include: false", "sns.barplot", "kd.load_year", "#| ", "@", ":::")
CALLOUT = ("Obs", "Se figur 1 och tabell 1: siffrorna räknas fram ur årets data.")
DATES = ("4 februari 2021", "24 november 2021")  # the first and last meeting, in Swedish


def run(root: Path, *command: str) -> subprocess.CompletedProcess:
    done = subprocess.run(
        command,
        cwd=root,
        env={**os.environ, "KULTURDIALOG_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("quarto") / "project")
    shutil.copy(SOURCE, root / "notebooks" / SOURCE.name)  # the .py alone: no .ipynb twin
    run(root, str(BIN / "kulturdialog"), "render", "2021", "--notebook", NAME)
    return root / "reports/2021"


def read_html(path: Path) -> tuple[str, list[str], list[str], list[str]]:
    main = html_soup(path).find("main")
    captions = [c.get_text(" ", strip=True) for c in main.find_all(["caption", "figcaption"])]
    codes = [c.get_text() for c in main.select("pre.code code")]
    return main.get_text(" ", strip=True), captions, codes, [i.get("alt") for i in main("img")]


def read_pdf(path: Path) -> tuple[str, list[str], list[str], list[str]]:
    text = "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)
    lines = [line.strip() for line in text.splitlines()]
    captions = [line for line in lines if line.startswith(("Tabell ", "Figur ")) and "." in line]
    with pikepdf.open(path) as pdf:
        _, alts = pdf_structure(pdf)
    codes = [line for line in lines if line == ECHOED]
    return text, [c for c in captions if "..." not in c and ". ." not in c], codes, alts


def read_docx(path: Path) -> tuple[str, list[str], list[str], list[str]]:
    document = docx.Document(path)
    paragraphs = document.paragraphs
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    text = "\n".join([p.text for p in paragraphs] + cells)
    captions = [p.text for p in paragraphs if p.style.name == "Caption"]
    codes = [p.text for p in paragraphs if p.style.name == "Code Block"]
    alts = [s.get("descr") for s in document.element.body.xpath(".//wp:inline/wp:docPr")]
    return text, captions, codes, alts


READERS = {"html": read_html, "pdf": read_pdf, "docx": read_docx}


@pytest.mark.parametrize("fmt", READERS)
def test_each_format_shows_the_captions_the_echoed_code_and_the_alt_text(rendered, fmt):
    text, captions, codes, alts = READERS[fmt](rendered / f"{NAME}.{fmt}")
    assert sorted(captions) == sorted(CAPTIONS), (fmt, captions)
    assert codes == [ECHOED], (fmt, codes)
    assert alts == [ALT], (fmt, alts)
    assert squash("Skriven som för Quarto") in squash(text)
    for date in DATES:
        assert squash(date) in squash(text), (fmt, date)


@pytest.mark.parametrize("fmt", READERS)
def test_nothing_of_the_hidden_cell_or_other_code(rendered, fmt):
    text, *_ = READERS[fmt](rendered / f"{NAME}.{fmt}")
    for word in HIDDEN:
        assert word not in text, (fmt, word)


@pytest.mark.parametrize("fmt", READERS)
def test_the_callout_and_its_resolved_references_in_every_format(rendered, fmt):
    text, *_ = READERS[fmt](rendered / f"{NAME}.{fmt}")
    for words in CALLOUT:
        assert squash(words) in squash(text), (fmt, words)


def test_the_table_shows_its_index_as_the_first_column(rendered):
    main = html_soup(rendered / f"{NAME}.html").find("main")
    first = main.find("table")
    headers = [th.get_text(strip=True) for th in first.find("thead").find_all("th")]
    assert headers == ["format", "Möten"]


@pytest.mark.parametrize("fmt", READERS)
def test_a_series_is_a_table_of_its_values_under_the_word_for_them(rendered, fmt):
    """`groupby().size()` is a pandas Series, shown in JupyterLab as text: in the report it is
    a table like a DataFrame's, never left out; its unnamed values are headed `Värde`."""
    if fmt == "html":
        table = html_soup(rendered / f"{NAME}.html").find("main").find_all("table")[-1]
        rows = [[c.get_text(strip=True) for c in tr.find_all(["th", "td"])] for tr in table("tr")]
    elif fmt == "docx":
        table = docx.Document(rendered / f"{NAME}.docx").tables[-1]
        rows = [[c.text for c in row.cells] for row in table.rows]
    else:
        text = "\n".join(
            page.extract_text() or "" for page in PdfReader(rendered / f"{NAME}.pdf").pages
        )
        lines = text[text.rindex("Tabell 3. Möten per partsgrupp.") :].splitlines()[1:8]
        rows = [line.rsplit(" ", 1) for line in lines]
    assert rows[0] == ["party_group", "Värde"], (fmt, rows)
    assert ["civil_society", "3"] in rows and ["municipal_managers", "4"] in rows, (fmt, rows)


def test_plain_papermill_after_jupytext_gives_the_same_document(rendered, tmp_path):
    root = rendered.parents[1]
    ipynb = tmp_path / f"{NAME}.ipynb"
    run(root, str(BIN / "jupytext"), "--to", "ipynb", "-o", str(ipynb), f"notebooks/{NAME}.py")
    out = tmp_path / "out.ipynb"
    command = [str(BIN / "papermill"), str(ipynb), str(out), "-k", "python3", "-p", "year", "2021"]
    run(root, *command, "--language", "python")
    by_hand = assemble.document(nbformat.read(out, as_version=4))
    ours = assemble.document(nbformat.read(rendered / f"{NAME}.ipynb", as_version=4))

    def outline(document: b.Document) -> list[tuple]:
        return [
            (x.type, getattr(x, "caption", ""), getattr(x, "rows", ()), getattr(x, "text", ""))
            for x in b.walk(document.blocks)
            if isinstance(x, b.Table | b.Figure | b.Code)
        ]

    assert outline(by_hand) == outline(ours)
    assert [x[0] for x in outline(ours)] == ["table", "figure", "code", "table", "table"]


def test_a_default_figure_is_drawn_at_the_text_width_with_constrained_layout(rendered):
    document = assemble.document(nbformat.read(rendered / f"{NAME}.ipynb", as_version=4))
    (figure,) = document.figures()
    assert 'width="453.6pt"' in figure.svg  # 6.3 in: the report's text width, not 6.4 in


# -- Shift+Enter in the project's kernel -------------------------------------------------------
def run_cell(client, cell_id: str, source: str) -> list[dict]:
    """Run `source` as JupyterLab runs cell `cell_id`; the blocks its outputs carry."""
    content = {"code": source, "silent": False, "store_history": True, "user_expressions": {}}
    msg = client.session.msg("execute_request", content, metadata={"cellId": cell_id})
    client.shell_channel.send(msg)
    shown = []
    while True:
        reply = client.get_iopub_msg(timeout=120)
        if reply["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        kind = reply["msg_type"]
        if kind in ("display_data", "execute_result"):
            shown.extend(reply["content"]["data"].get(b.MIME, []))
        elif kind == "error":
            raise AssertionError(reply["content"]["evalue"])
        elif kind == "status" and reply["content"]["execution_state"] == "idle":
            return shown


def test_running_a_cell_again_in_the_kernel_keeps_its_number():
    from jupyter_client import KernelManager

    from kulturdialog.run.kernel import KERNEL_ARGS

    manager = KernelManager(kernel_name="python3")
    env = {**os.environ, "KULTURDIALOG_ROOT": str(ROOT)}
    manager.start_kernel(cwd=str(ROOT), env=env, extra_arguments=KERNEL_ARGS)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=120)
        frame = '#| tbl-cap: "T."\nimport pandas as pd\npd.DataFrame({"a": [1]})'
        numbers = [
            [x["number"] for x in run_cell(client, cell, frame)] for cell in ("a", "b", "b", "a")
        ]
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    assert numbers == [[1], [2], [2], [1]]  # no setup call: the kernel's extension shows them


def test_a_draft_is_marked_and_neither_indexed_nor_archived(rendered):
    root = rendered.parents[1]
    before = sorted(p.relative_to(rendered) for p in rendered.rglob("*"))
    done = run(root, str(BIN / "kulturdialog"), "render", "2021", "--notebook", NAME, "--draft")
    assert done.stdout == "2021: draft in reports/drafts/2021/ (not published)\n"
    draft = html_soup(root / "reports/drafts/2021" / f"{NAME}.html")
    facts = [dd.get_text(strip=True) for dd in draft.select("dl.facts dd")]
    assert facts[-1] == "Utkast", facts
    assert sorted(p.relative_to(rendered) for p in rendered.rglob("*")) == before  # no archive
    run(root, str(BIN / "kulturdialog"), "index")  # written again, with the draft there
    for page in ("index.html", "index.en.html"):
        assert "drafts" not in (root / "reports" / page).read_text(encoding="utf-8")
