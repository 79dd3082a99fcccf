"""The PDF is archival and accessible: PDF/A-2a, tagged, titled, Swedish, fonts embedded."""

from __future__ import annotations

import pikepdf
import pytest
from reading import pdf_structure

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def pdf(_rendered_template):
    with pikepdf.open(_rendered_template / "reports/2021/annual_summary.pdf") as document:
        yield document


def test_xmp_declares_pdf_a_2a_with_title_author_and_subject(pdf):
    meta = pdf.open_metadata()
    assert meta["pdfaid:part"] == "2" and meta["pdfaid:conformance"] == "A"
    assert meta["dc:title"] == "Sammanfattning av 2021 års dialogmöten"
    assert meta["dc:creator"] == ["Region Stockholm, Kulturförvaltningen"]
    assert "kulturdialogerna 2021" in meta["dc:description"]
    assert str(pdf.docinfo["/Title"]) == "Sammanfattning av 2021 års dialogmöten"


def test_language_is_swedish_and_the_pdf_is_marked_as_tagged(pdf):
    assert str(pdf.Root.Lang) == "sv-SE"
    assert pdf.Root.MarkInfo.Marked is True


def test_structure_tree_has_headings_tables_and_described_figures(pdf):
    kinds, alts = pdf_structure(pdf)
    # The report's title is the PDF's /Title; its sections are H1, themes H2, kinds H3.
    assert kinds["/Title"] == 1 and kinds["/H1"] >= 7 and kinds["/H2"] >= 10
    assert kinds["/Table"] >= 5 and kinds["/TH"] > 0 and kinds["/Caption"] >= 5
    assert kinds["/Figure"] >= 5
    assert all(len(alt) > 40 for alt in alts), alts


def test_fonts_are_embedded(pdf):
    for page in pdf.pages:
        for font in page.Resources.Font.values():
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.FontDescriptor
                assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))


def test_tables_and_figures_are_listed_after_the_contents(_rendered_template):
    from reading import pdf_pages, squash

    contents = squash(
        " ".join(pdf_pages(_rendered_template / "reports/2021/annual_summary.pdf")[:3])
    )
    assert squash("Tabell 1. Dialogmöten per partsgrupp 2021") in contents
    assert squash("Figur 1. Antal dialogmöten per partsgrupp 2021") in contents
