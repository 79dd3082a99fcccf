"""Quarto's Markdown habits as report content: cross-references, callouts, footnotes, tabsets.

Markdown → blocks (prose), the resolution pass (references, through assemble), and each block
in each exporter: HTML parsed, the PDF read with pypdf, Word with python-docx. No kernel: the
outputs of code cells are built by hand, as papermill writes them.
"""

from __future__ import annotations

import io
import json

import docx
import nbformat
import pytest
from bs4 import BeautifulSoup
from docx.oxml.ns import qn
from pypdf import PdfReader
from reading import squash

from kulturdialog.content import assemble, prose, references
from kulturdialog.content import blocks as b
from kulturdialog.formats import html, pdf
from kulturdialog.formats.docx import DocxExporter

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="80" height="40">'
    '<rect width="80" height="40"/></svg>'
)


# -- a notebook built by hand ---------------------------------------------------------------------
def markdown(source: str) -> nbformat.NotebookNode:
    return nbformat.v4.new_markdown_cell(source)


def shows(label: str, block: b.Block) -> nbformat.NotebookNode:
    """A code cell labelled `label` that shows `block`."""
    cell = nbformat.v4.new_code_cell(f"#| label: {label}\nshown")
    data = {b.MIME: b.dumps([block]), "text/plain": ""}
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    return cell


def notebook(*cells: nbformat.NotebookNode, language: str = "sv") -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = list(cells)
    nb.metadata["papermill"] = {"parameters": {"language": language, "year": 2021}}
    return nb


TABLE = b.Table(
    "Möten per grupp.", (b.Column("Grupp"), b.Column("Möten", True)), (("A", "1"),), number=0
)
FIGURE = b.Figure("Möten per format.", "Staplar: digital 9, hybrid 3.", SVG)
OTHER = b.Figure("Deltagare.", "Staplar.", SVG)
INTRO = (
    "# Analys\n\n@fig-format visar formaten och @tbl-grupp grupperna; se även @fig-deltagare."
    " Metoden står i @sec-metod.[^1]\n\n[^1]: Källa: [Region Stockholm](https://www.regionstockholm.se/)."
)
CALLOUT = (
    "::: {.callout-warning}\n## Litet urval\nTolka [@fig-format] med *försiktighet*.[^a]\n:::"
    "\n\n[^a]: Andra noten."
)
TABSET = "::: {.panel-tabset}\n## Per grupp\nText A.\n## Per format\nText B.\n:::"
METHOD = '## Metod {#sec-metod}\n\n::: {.callout-note title="Om data"}\nData från 2021.\n:::'


def example(language: str = "sv", intro: str = INTRO) -> nbformat.NotebookNode:
    return notebook(
        markdown(intro),
        shows("fig-deltagare", OTHER),
        markdown(CALLOUT),
        markdown(TABSET),
        shows("tbl-grupp", TABLE),
        shows("fig-format", FIGURE),
        markdown(METHOD),
        language=language,
    )


@pytest.fixture(scope="module")
def document() -> b.Document:
    return assemble.document(example(), "notebooks/x.ipynb")


def paragraphs(document: b.Document) -> list[tuple[b.Span, ...]]:
    return [x.content for x in b.walk(document.blocks) if isinstance(x, b.Paragraph)]


# -- Markdown → blocks ----------------------------------------------------------------------------
def test_a_heading_takes_its_id_from_its_attributes():
    (heading,) = prose.blocks("## Metod och urval {#sec-metod .unnumbered}")
    assert heading == b.Heading(2, "Metod och urval", "sec-metod")
    assert prose.blocks("## Metod")[0].anchor == "metod"  # no attributes: the slug as before


def test_cross_references_become_spans_of_their_own_but_not_in_code_links_or_addresses():
    (paragraph,) = prose.blocks(
        "Se @fig-a, [@tbl-b] och @Sec-c. `@fig-code`, [länk @fig-d](https://x.se), "
        "kultur@fig-e.se, @sig-f"
    )
    refs = [(s.text, s.link) for s in paragraph.content if s.role == "xref"]
    assert refs == [("@fig-a", "#fig-a"), ("@tbl-b", "#tbl-b"), ("@Sec-c", "#sec-c")]
    assert "@fig-code" in b.plain(list(paragraph.content))


def test_a_callout_takes_its_title_from_its_first_heading_or_its_title_attribute():
    first, second = prose.blocks(
        "::: {.callout-tip}\n## Råd\nText.\n:::\n\n::: {.callout-caution title='Se'}\nText.\n:::"
    )
    assert (first.kind, first.title, len(first.children)) == ("tip", "Råd", 1)
    assert (second.kind, second.title) == ("caution", "Se")
    assert not [x for x in b.walk([first]) if isinstance(x, b.Heading)]  # no heading left


def test_a_tabset_becomes_panels_in_sequence_and_any_other_div_its_content():
    blocks = prose.blocks(TABSET + "\n\n::: {.column-margin}\nI marginalen.\n:::")
    assert [(x.type, getattr(x, "title", "")) for x in blocks] == [
        ("panel", "Per grupp"),
        ("panel", "Per format"),
        ("paragraph", ""),
    ]


PIPES = "| Grupp | Möten |\n|:--|--:|\n| **A** | 1 |\n| B \\| C | 12 |\n| D |\n"


def test_a_pipe_table_becomes_a_table_numbered_when_a_caption_follows_it():
    (table,) = prose.blocks(PIPES + "\n: Möten per *grupp*. {#tbl-moten}")
    assert [(c.header, c.numeric) for c in table.columns] == [("Grupp", False), ("Möten", True)]
    assert table.rows == (("A", "1"), ("B | C", "12"), ("D", ""))  # a short row is filled
    assert (table.caption, table.anchor, table.number) == ("Möten per grupp.", "tbl-moten", 0)
    bare, paragraph = prose.blocks(PIPES + "\nText: med kolon.")
    assert (bare.caption, bare.number) == ("", None)
    assert b.plain(list(paragraph.content)) == "Text: med kolon."


def test_a_pipe_table_without_a_caption_is_an_error_naming_the_cell():
    nb = notebook(markdown("# Analys"), markdown("Före.\n\n" + PIPES))
    with pytest.raises(assemble.CellProblem) as err:
        assemble.document(nb, "notebooks/x.ipynb")
    assert str(err.value) == (
        "notebooks/x.ipynb: cell 2 has a Markdown table without a caption; add a line "
        "`: Caption` after it (`: Caption {#tbl-name}` to refer to it as @tbl-name)"
    )
    preview = assemble.document(nb, "notebooks/x.ipynb", strict=False)
    assert [x.type for x in preview.blocks[2:]] == ["note", "paragraph", "table"]
    captioned = notebook(
        markdown("# Analys"), shows("tbl-grupp", TABLE), markdown(PIPES + "\n: M.")
    )
    assert [(t.number, t.caption) for t in assemble.document(captioned, "x").tables()] == [
        (1, "Möten per grupp."),
        (2, "M."),
    ]


def test_a_markdown_image_is_an_error_naming_the_cell_and_the_file():
    """`![Diagram](bild.png)` showed as its literal text: a report's figure comes from a code
    cell, with a caption and a text alternative."""
    nb = notebook(markdown("# Analys"), markdown("Se ![Diagram](bild.png).\n\n`![ej](kod.png)`"))
    with pytest.raises(assemble.CellProblem) as err:
        assemble.document(nb, "notebooks/x.ipynb")
    assert str(err.value) == (
        "notebooks/x.ipynb: cell 2 shows the image 'bild.png' in Markdown, which the report "
        "cannot carry; show a figure from a code cell (matplotlib or seaborn, with "
        "`#| fig-cap` and `#| fig-alt`)"
    )
    preview = assemble.document(nb, "notebooks/x.ipynb", strict=False)
    assert [x.type for x in preview.blocks[2:]] == ["note", "paragraph", "paragraph"]


def test_footnotes_become_numbered_references_and_a_list_after_the_text():
    paragraph, notes = prose.blocks("Text[^x] och mer[^y].\n\n[^x]: Ett.\n\n[^y]: Två *b*.")
    refs = [(s.text, s.link) for s in paragraph.content if s.role == "footnote"]
    assert refs == [("1", "#fn-1"), ("2", "#fn-2")]
    assert [b.plain(list(item)) for item in notes.items] == ["Ett.", "Två b."]


def test_the_new_blocks_survive_json_unchanged(document):
    text = json.dumps(document.to_json(), ensure_ascii=False)
    assert b.Document.from_json(json.loads(text)) == document
    kinds = {x.type for x in b.walk(document.blocks)}
    assert {"callout", "panel", "footnotes"} <= kinds


# -- the resolution pass --------------------------------------------------------------------------
def test_references_take_the_documents_numbers_capitalised_at_a_sentence_start(document):
    intro = b.plain(list(paragraphs(document)[0]))
    # fig-deltagare is the document's first figure, fig-format its second (reading order)
    assert intro.startswith("Figur 2 visar formaten och tabell 1 grupperna; se även figur 1.")
    assert "Metoden står i Metod." in intro
    links = {s.text: s.link for s in paragraphs(document)[0] if s.link}
    assert links["Figur 2"] == "#fig-format" and links["Metod"] == "#sec-metod"
    assert "@" not in json.dumps(document.to_json(), ensure_ascii=False).replace("kultur@", "")


def test_a_reference_after_a_sentence_and_its_footnote_is_capitalised():
    blocks = [
        b.Figure("F.", "A.", SVG, number=4, anchor="fig-x"),
        *prose.blocks("Slut.[^1] @fig-x visar det, liksom @fig-x.\n\n[^1]: Not."),
    ]
    (paragraph,) = [x for x in references.resolve(blocks, "sv") if isinstance(x, b.Paragraph)]
    assert b.plain(list(paragraph.content)) == "Slut.1 Figur 4 visar det, liksom figur 4."


def test_references_in_english_use_the_english_words():
    english = assemble.document(example("en"), "x")
    assert b.plain(list(paragraphs(english)[0])).startswith("Figure 2 visar formaten och Table 1")


def test_footnotes_are_numbered_through_the_whole_document(document):
    notes = [x for x in b.walk(document.blocks) if isinstance(x, b.Footnotes)]
    assert [n.start for n in notes] == [1, 2]
    refs = [s.link for c in paragraphs(document) for s in c if s.role == "footnote"]
    assert refs == ["#fn-1", "#fn-2"]


def test_tab_and_callout_titles_stay_out_of_the_contents(document):
    assert [h.text for h in document.headings()] == ["Metod"]


def test_an_unknown_label_is_an_error_naming_the_notebook_the_cell_and_the_nearest_label():
    bad = INTRO.replace("@tbl-grupp", "@tbl-grup")
    with pytest.raises(references.UnknownReference) as caught:
        assemble.document(example(intro=bad), "notebooks/x.ipynb")
    message = str(caught.value)
    assert (
        message == "notebooks/x.ipynb: cell 1: @tbl-grup names no table; did you mean @tbl-grupp?"
    )


def test_a_label_of_another_kind_is_not_a_target():
    """@fig-x never resolves to a table, even one labelled fig-x."""
    nb = notebook(markdown("# T\n\nSe @fig-x."), shows("fig-x", TABLE))
    with pytest.raises(references.UnknownReference, match="@fig-x names no figure"):
        assemble.document(nb, "x")


def test_the_preview_shows_an_unknown_label_as_written_with_a_warning():
    preview = assemble.document(example(intro="# T\n\nSe @fig-saknas."), "x", strict=False)
    warnings = [x for x in preview.blocks if isinstance(x, b.Note) and x.role == "warning"]
    assert "@fig-saknas names no figure" in b.plain(list(warnings[0].content))
    assert "Se @fig-saknas." in [b.plain(list(c)) for c in paragraphs(preview)]


# -- each exporter --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def page(document) -> BeautifulSoup:
    return BeautifulSoup(html.page(document), "html.parser")


def test_html_links_each_reference_to_its_target(page):
    links = {a.get_text(): a["href"] for a in page.select("main p a[href^='#']")}
    assert links["Figur 2"] == "#fig-format" and links["tabell 1"] == "#tbl-grupp"
    assert links["Metod"] == "#sec-metod"
    for target in ("fig-format", "tbl-grupp", "sec-metod"):
        assert page.find(id=target) is not None


def test_html_callouts_are_notes_with_their_visible_label(page):
    callouts = page.select("div.callout[role=note]")
    assert [c.find(class_="callout-title").get_text() for c in callouts] == [
        "Varning: Litet urval",
        "Obs: Om data",
    ]
    assert "försiktighet" in callouts[0].get_text()


def test_html_footnotes_are_endnote_lists_with_back_links(page):
    refs = page.select("sup.footnote-ref a")
    assert [(a["href"], a["id"]) for a in refs] == [("#fn-1", "fnref-1"), ("#fn-2", "fnref-2")]
    note = page.find(id="fn-2")
    assert note.parent.name == "ol" and note.parent["start"] == "2"
    back = note.find("a", class_="footnote-back")
    assert back["href"] == "#fnref-2" and back["aria-label"] == "Tillbaka till texten vid fotnot 2"


def test_html_panels_have_headings_outside_the_contents(page):
    assert [h.get_text() for h in page.select("section.panel > .panel-title")] == [
        "Per grupp",
        "Per format",
    ]
    assert [a.get_text() for a in page.select("nav.toc > ol:not(.listing) a")] == ["Metod"]


@pytest.fixture(scope="module")
def pdf_reader(document) -> PdfReader:
    return PdfReader(io.BytesIO(pdf.compile_pdf(document)))


def test_pdf_shows_resolved_references_callouts_and_footnotes(pdf_reader):
    text = squash("\n".join(page.extract_text() for page in pdf_reader.pages))
    for words in ("Figur 2 visar formaten och tabell 1", "Varning: Litet urval", "Obs: Om data"):
        assert squash(words) in text
    assert squash("1Källa: Region Stockholm.") in text  # the note at the page's foot
    assert "@" not in text and ":::" not in text


def test_pdf_links_references_to_their_targets(pdf_reader):
    internal = [
        str(a.get_object().get("/Contents"))
        for page in pdf_reader.pages[2:]
        for a in page.get("/Annots") or []
        if "/Dest" in a.get_object()
    ]
    assert {"Figur 1", "Figur 2", "Tabell 1", "Fotnot 1"} <= set(internal)
    assert any(c.startswith("Avsnitt") for c in internal)  # @sec-metod, to the heading


@pytest.fixture(scope="module")
def word(document) -> docx.document.Document:
    return docx.Document(io.BytesIO(DocxExporter().to_bytes(document)))


def test_word_links_references_to_bookmarks(word):
    body = word.element.body
    marks = {m.get(qn("w:name")) for m in body.iter(qn("w:bookmarkStart"))}
    links = {}
    for link in body.iter(qn("w:hyperlink")):
        links["".join(t.text for t in link.iter(qn("w:t")))] = link.get(qn("w:anchor"))
    assert {"Figur 2", "tabell 1", "Metod"} <= set(links)
    assert {links["Figur 2"], links["tabell 1"], links["Metod"]} <= marks


def test_word_footnotes_are_real_footnotes(word):
    refs = list(word.element.body.iter(qn("w:footnoteReference")))
    assert [r.get(qn("w:id")) for r in refs] == ["1", "2"]
    part = next(r.target_part for r in word.part.rels.values() if r.reltype.endswith("/footnotes"))
    notes = part.blob.decode() if hasattr(part, "blob") else ""
    assert "Källa: " in notes and "Andra noten." in notes


def test_word_callouts_are_one_shaded_bordered_box_with_the_label(word):
    paragraphs = word.paragraphs
    (start,) = [i for i, p in enumerate(paragraphs) if p.text == "Varning: Litet urval"]
    box = paragraphs[start : start + 2]
    assert "försiktighet" in box[1].text
    for p in box:
        ppr = p._p.pPr
        assert ppr.find(qn("w:shd")) is not None and ppr.find(qn("w:pBdr")) is not None
    assert (
        paragraphs[start + 2]._p.pPr is None
        or paragraphs[start + 2]._p.pPr.find(qn("w:shd")) is None
    )
