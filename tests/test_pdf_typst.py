"""The PDF exporter (Typst): the sample document with every block kind, read back with pypdf."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from documents import HOSTILE, chart_svg, sample_document, wide_table_document
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject
from scripted import run_python

from kulturdialog import formats
from kulturdialog.formats import pdf, typesetter


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("pdf")
    exporter = formats.exporter("pdf")
    paths = {}
    for language in ("sv", "en"):
        paths[language] = folder / f"report-{language}.{exporter.extension}"
        exporter.write(sample_document(language), paths[language])
    return paths


def pages_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


def xmp(path: Path) -> str:
    catalog = PdfReader(path).trailer["/Root"]
    return catalog["/Metadata"].get_object().get_data().decode("utf-8")


def structure_langs(path: Path) -> set[str]:
    """/Lang values on structure elements and in marked content (a span's language)."""
    reader = PdfReader(path)
    found: set[str] = set()
    stack: list = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop()
        node = node.get_object() if isinstance(node, IndirectObject) else node
        if isinstance(node, DictionaryObject):
            if "/Lang" in node:
                found.add(str(node["/Lang"]))
            if "/K" in node:
                stack.append(node["/K"])
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    for page in reader.pages:
        data = page.get_contents().get_data()
        found |= {m.decode() for m in re.findall(rb"/Lang\s*\(([^)]*)\)", data)}
    return found


def test_registered_and_checks_clean(rendered):
    exporter = formats.exporter("pdf")
    assert isinstance(exporter, pdf.PdfExporter)
    assert (exporter.name, exporter.extension) == ("pdf", "pdf")
    for path in rendered.values():
        assert exporter.check(path) == []


@pytest.mark.parametrize(
    ("language", "table", "figure", "page"),
    [("sv", "Tabell", "Figur", "Sida"), ("en", "Table", "Figure", "Page")],
)
def test_text_reads_back(rendered, language, table, figure, page):
    pages = pages_text(rendered[language])
    text = "\n".join(pages)
    for heading in ("Inledning", "Årets dialoger i siffror", "Kulturskola", "Utmaningar"):
        assert heading in text
    assert f"{table} 1. Möten och deltagare per partsgrupp 2021." in text
    assert f"{table} 2. En lång tabell" in text
    assert f"{figure} 1. Möten per partsgrupp 2021." in text
    for cell in ("Fria kulturlivet", "Totalt", "Kommun 42", "data/2021/meetings.csv"):
        assert cell in text
    assert re.search(r"Kommuner 6 1[\s\u00a0]234", text)  # a row, its thousands apart
    assert "ab" * 32 in text  # the checksum breaks anywhere yet copies whole
    assert "Uppgifterna är påhittade." in text  # the table's note
    of = {"sv": "av", "en": "of"}[language]
    assert f"{page} 2 {of} {len(pages)}" in pages[1]
    assert page not in pages[0]  # the cover has no header or footer
    cover = " ".join(pages[0].split())
    assert "Sammanfattning av årets dialogmöten 2021" in cover
    assert "Region Stockholm · Kulturförvaltningen" in cover
    assert "Diarienummer KUN 2021/123" in cover and "15 februari 2022" in cover


def test_hostile_text_is_literal(rendered):
    text = "\n".join(pages_text(rendered["sv"]))
    assert '<script>alert("x")</script>' in text
    assert "#set text(red)" in text
    assert "$x$" in text
    assert "[link](javascript:x) *a* _b_ `c` <w:p>" in text
    assert text.count(HOSTILE) >= 1


def test_contents_lists_with_page_numbers(rendered):
    contents = pages_text(rendered["sv"])[1]
    assert "Innehåll" in contents and "Tabeller" in contents and "Figurer" in contents
    assert re.search(r"Inledning[ .]*\d+", contents)
    assert re.search(r"Kulturskola[ .]*\d+", contents)
    assert re.search(r"Tabell 1\.\s+Möten och deltagare per partsgrupp 2021\.[ .]*\d+", contents)
    assert re.search(r"Figur 1\.\s+Möten per partsgrupp 2021\.[ .]*\d+", contents)
    assert "Utmaningar" not in contents  # level 4 is not in the contents
    english = pages_text(rendered["en"])[1]
    assert "Contents" in english and "Tables" in english and "Figures" in english


def test_running_header_and_repeated_table_header(rendered):
    pages = pages_text(rendered["sv"])
    first = next(i for i, p in enumerate(pages) if "Kommun 0" in p)
    later = next(i for i, p in enumerate(pages) if "Kommun 59" in p)
    assert later > first, "the long table should run over a page break"
    assert "Invånare" in pages[later] and "Samverkar" in pages[later]
    for text in pages[1:]:
        assert "Sammanfattning av årets dialogmöten 2021" in text
        assert "KUN 2021/123" in text
    total = len(pages)
    assert f"Sida {later + 1} av {total}" in pages[later]


@pytest.mark.parametrize(("language", "tag"), [("sv", "sv-SE"), ("en", "en-GB")])
def test_metadata(rendered, language, tag):
    reader = PdfReader(rendered[language])
    assert reader.metadata.title == "Sammanfattning av årets dialogmöten 2021"
    assert reader.metadata.author == pdf.i18n.language(language)("author")
    assert reader.metadata.subject == "Sammanfattning av Region Stockholms kulturdialoger 2021."
    assert "2022" in str(reader.metadata.get("/CreationDate"))  # the report's date, not today
    assert reader.trailer["/Root"]["/Lang"] == tag
    box = reader.pages[0].mediabox
    assert round(float(box.width)) == 595 and round(float(box.height)) == 842


def test_xmp_declares_pdfa_2a_and_pdfua_1(rendered):
    text = xmp(rendered["sv"])
    assert re.search(r"pdfaid:part(>|=\")2", text)
    assert re.search(r"pdfaid:conformance(>|=\")A", text)
    assert re.search(r"pdfuaid:part(>|=\")1", text)


def test_fonts_embedded(rendered):
    names, missing = pdf._fonts_used(PdfReader(rendered["sv"]))
    assert not missing
    assert any("SourceSans3" in name for name in names)
    assert not any("Libertinus" in name or "NewCM" in name for name in names)


def test_languages_of_spans(rendered):
    # the English note inside the Swedish report, the Swedish observations in the English one
    assert "en" in structure_langs(rendered["sv"])
    assert "sv" in structure_langs(rendered["en"])


def test_bookmarks_levels_2_and_3():
    reader = PdfReader(io.BytesIO(pdf.compile_pdf(sample_document("sv"))))

    def titles(items) -> list:
        out = []
        for item in items:
            out.append(titles(item) if isinstance(item, list) else item.title)
        return out

    flat = str(titles(reader.outline))
    assert "Inledning" in flat and "Kulturskola" in flat
    assert "Utmaningar" not in flat


def test_reproducible_bytes():
    document = sample_document("sv")
    first = pdf.compile_pdf(document)
    typesetter.cache().pop("compiler", None)  # a fresh compiler, nothing memoised
    assert pdf.compile_pdf(document) == first
    assert pdf.compile_pdf(sample_document("sv")) == first


def test_check_finds_problems(rendered, tmp_path):
    data = rendered["sv"].read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(data[: len(data) // 2])
    assert pdf.PdfExporter().check(truncated)
    not_pdf = tmp_path / "not.pdf"
    not_pdf.write_text("<html></html>")
    assert pdf.PdfExporter().check(not_pdf) == ["not.pdf: not a PDF file"]
    missing = tmp_path / "missing.pdf"
    assert pdf.PdfExporter().check(missing)


def test_check_finds_plain_pdf(tmp_path):
    plain = tmp_path / "plain.pdf"
    plain.write_bytes(pdf.typst.compile(b'#set page(paper: "a5")\nHello'))
    problems = "\n".join(pdf.PdfExporter().check(plain))
    assert "no title" in problems
    assert "PDF/A-2a" in problems and "PDF/UA-1" in problems
    assert "not A4" in problems


def test_figure_png_size():
    from PIL import Image

    png = typesetter.figure_png(chart_svg())  # a 6 × 3 inch chart
    assert png.startswith(b"\x89PNG")
    assert Image.open(io.BytesIO(png)).size == (1800, 900)
    assert Image.open(io.BytesIO(typesetter.figure_png(chart_svg(), ppi=100))).size == (600, 300)


def test_a_table_too_wide_for_a_portrait_page_gets_a_landscape_page(tmp_path):
    """content/table_layout: its least widths do not fit 166 mm, so it is set on a page turned."""
    document = wide_table_document()
    target = tmp_path / "wide.pdf"
    formats.exporter("pdf").write(document, target)
    pages = PdfReader(target).pages
    shapes = [float(p.mediabox.width) > float(p.mediabox.height) for p in pages]
    assert shapes == [False, True]  # the text on a portrait page, the table on a landscape one
    assert "Kulturmiljöfrågor0" in pages[1].extract_text()


def test_the_headings_before_a_landscape_table_go_onto_its_page(tmp_path):
    """A heading set on the portrait page before, alone at its foot, would be cut from its
    table (as an analyst's pivot table's heading was)."""
    target = tmp_path / "headed.pdf"
    formats.exporter("pdf").write(wide_table_document(headed=True), target)
    pages = [
        (float(p.mediabox.width) > float(p.mediabox.height), p.extract_text())
        for p in PdfReader(target).pages
    ]
    assert [turned for turned, _ in pages] == [False, True, False]
    assert "Före." in pages[0][1] and "Samverkan" not in pages[0][1]
    landscape = pages[1][1]
    assert landscape.index("Samverkan i siffror") < landscape.index("Per kommun")
    assert landscape.index("Per kommun") < landscape.index("En bred tabell.")
    assert "Efter." in pages[2][1]


GROWTH = """
import random, sys
import psutil, typst
from kulturdialog import memory
from kulturdialog.formats import typesetter

def compile(source):
    typst.compile(source, format="pdf", font_paths=typesetter.fonts(), ignore_system_fonts=True)

rng = random.Random(1)
compile(b"x")
before = psutil.Process().memory_info().rss
for _ in range(8):  # eight reports, each new to Typst
    words = (" ".join(f"w{rng.randrange(10**6)}" for _ in range(40)) for _ in range(300))
    compile("\\n\\n".join(words).encode())
    if sys.argv[1] == "forget":
        typesetter.forget_compilations()
memory.give_back()
print((psutil.Process().memory_info().rss - before) // 2**20)
"""


def test_a_process_that_typesets_many_reports_keeps_no_memory_of_them():
    """Typst remembers its last compilations' work (141 MB for these eight reports, seen);
    forget_compilations between two reports lets it go (2 MB)."""

    def growth(mode: str) -> int:
        return int(run_python(GROWTH, mode, timeout=120))

    assert growth("remember") > 60
    assert growth("forget") < 20


FIGURES = """
import io, sys
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
import psutil
from kulturdialog import memory
from kulturdialog.formats import typesetter

def svg(n):
    fig, ax = plt.subplots(figsize=(6.3, 4.2))
    ax.bar([f"Kategori {i}" for i in range(6)], [(n * 7 + i * 3) % 11 + 1 for i in range(6)])
    ax.set_title(f"Figur {n}")
    out = io.StringIO()
    fig.savefig(out, format="svg")
    plt.close(fig)
    return out.getvalue()

figures = [svg(n) for n in range(6)]
typesetter.figure_png(figures[0], 300)  # the fonts and Typst's first compilation
before = psutil.Process().memory_info().rss
for figure in figures[1:]:  # a report's figures for Word and for the reuse files
    typesetter.figure_png(figure, 200)
    typesetter.figure_png(figure, 300)
memory.give_back()  # what is freed goes: what stays, Typst still holds
print((psutil.Process().memory_info().rss - before) // 2**20)
"""


def test_figures_rasterised_one_after_another_leave_no_pixels_behind():
    """Typst kept each figure's pixels until the render's end; forgotten as each is done, they
    leave nothing held."""
    assert int(run_python(FIGURES, timeout=120)) < 15
