"""The HTML exporter writes a stand-alone page from a document and checks a written page."""

from __future__ import annotations

from bs4 import BeautifulSoup
from documents import HOSTILE, sample_document

from kulturdialog.formats.html import HtmlExporter


def test_the_page_has_the_documents_language_title_contents_and_no_script(tmp_path):
    target = tmp_path / "r.html"
    HtmlExporter().write(sample_document("en"), target)
    soup = BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "en"
    assert soup.title.get_text() == "Sammanfattning av årets dialogmöten 2021"
    assert [a["href"] for a in soup.select("nav.toc ol:not(.listing) a")][:2] == [
        "#inledning",
        "#i-siffror",
    ]
    assert soup.find("script") is None
    assert HOSTILE in soup.get_text()
    assert HtmlExporter().check(target) == []


def test_check_finds_a_cut_page_and_an_image_without_alt(tmp_path):
    target = tmp_path / "r.html"
    HtmlExporter().write(sample_document(), target)
    html = target.read_text(encoding="utf-8")
    target.write_text(html.replace('alt="Liggande', 'alt="" data-x="')[:-200])
    problems = HtmlExporter().check(target)
    assert any("without a text alternative" in p for p in problems)
    assert any("cut short" in p for p in problems)
