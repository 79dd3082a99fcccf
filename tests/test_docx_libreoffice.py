"""The Word file as another reader opens it: LibreOffice makes a PDF, pypdf reads its text."""

from __future__ import annotations

import pytest
from documents import sample_document
from external import libreoffice
from reading import pdf_pages, squash

from kulturdialog.formats.docx import DocxExporter

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    folder = tmp_path_factory.mktemp("docx_lo")
    source = folder / "sample.docx"
    DocxExporter().write(sample_document("sv"), source)
    return pdf_pages(libreoffice(source, "pdf"))


def test_libreoffice_shows_headings_cells_and_captions(pages):
    text = squash(" ".join(pages))
    for expected in (
        "Sammanfattning av årets dialogmöten 2021",
        "Innehåll",
        "Inledning",
        "Årets dialoger i siffror",
        "Kulturskola",
        "Fria kulturlivet",
        "Kommun 59",
        "Tabell 1. Möten och deltagare per partsgrupp 2021.",
        "Tabell 2. En lång tabell som delas över sidor.",
        "Figur 1. Möten per partsgrupp 2021.",
        '<script>alert("x")</script>',
    ):
        assert squash(expected) in text, expected


def test_libreoffice_cover_page_and_footer(pages):
    assert len(pages) >= 4
    assert "Sida" not in pages[0]  # the cover has no header or footer
    assert squash(f"Sida 2 av {len(pages)}") in squash(pages[1])
    assert "KUN 2021/123" in pages[1]
