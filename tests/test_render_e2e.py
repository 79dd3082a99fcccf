"""End-to-end: render 2021 for real (papermill, nbconvert, WeasyPrint) and read it back."""

from __future__ import annotations

import csv
import json

import pytest
import test_findings
from conftest import ROOT
from pypdf import PdfReader
from reading import html_soup, pdf_pages, squash, visible_text

from kulturdialog.data.provenance import sha256

pytestmark = pytest.mark.e2e

# Every finding of the published 2021 summary as a phrase the Swedish report says (tests/findings/
# sv.yaml). test_findings.py checks each where it belongs, in every format and in English too.
SEED_FINDINGS = {f"{where}: {phrase}": phrase for where, phrase in test_findings.phrases("sv")}


@pytest.fixture(scope="module")
def rendered(_rendered_template):
    folder = _rendered_template / "reports/2021"
    return {
        "root": _rendered_template,
        "folder": folder,
        "pages": pdf_pages(folder / "annual_summary.pdf"),
        "soup": html_soup(folder / "annual_summary.html"),
    }


def expected(name: str) -> list[dict]:
    with open(ROOT / "tests/backtests/expected/2021" / name, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_every_format_is_published(rendered):
    names = sorted(p.name for p in rendered["folder"].iterdir())
    assert names == [
        "annual_summary-files",  # figures and tables for reuse (tests/test_reuse.py)
        "annual_summary.docx",
        "annual_summary.html",
        "annual_summary.ipynb",
        "annual_summary.pdf",
        "manifest.json",
    ]
    assert not any((rendered["root"] / "reports" / ".staging").iterdir())


def test_pdf_is_a4_with_page_numbers_and_running_header(rendered):
    reader = PdfReader(rendered["folder"] / "annual_summary.pdf")
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    pages = rendered["pages"]
    assert f"Sida 3 av {len(pages)}" in pages[2]
    assert "AKTNR 3355-19358" in pages[2]
    assert "Sammanfattning av 2021 års dialogmöten" in pages[2]
    assert reader.metadata.title == "Sammanfattning av 2021 års dialogmöten"


def test_key_figures_are_in_the_ingress_of_both_formats(rendered):
    figures = {r["metric"]: r["value"] for r in expected("key_figures.csv")}
    phrases = [
        f"{figures['meetings']} dialogmöten",
        f"{figures['participants']} deltagare",
        f"{figures['municipalities']} av länets 26 kommuner",
        "64 % digitalt",
    ]
    html = " ".join(visible_text(rendered["soup"]).split()).replace("\u00a0", " ")
    pdf = " ".join(" ".join(rendered["pages"]).split()).replace("\u00a0", " ")
    for phrase in phrases:
        assert phrase in html
        assert squash(phrase) in squash(pdf)


def test_themes_appear_most_discussed_first(rendered):
    headings = [h.get_text(strip=True) for h in rendered["soup"].select("section.level3 > h3")]
    assert headings == [r["theme"] for r in expected("themes.csv")]


def test_meetings_table_shows_the_backtested_counts(rendered):
    captions = [c for c in rendered["soup"].find_all("caption") if "per partsgrupp" in c.get_text()]
    assert len(captions) == 1
    rows = captions[0].find_parent("table").select("tbody tr")
    seen = [[c.get_text(strip=True) for c in row.find_all(["th", "td"])] for row in rows]
    want = [
        [
            r["party_group"],
            r["meetings"],
            r["participants"],
            r["digital"],
            r["hybrid"],
            r["in_person"],
        ]
        for r in expected("meetings_by_party_group.csv")
    ]
    assert seen == want


def test_html_is_a_standalone_page_without_code(rendered):
    soup = rendered["soup"]
    assert soup.html["lang"] == "sv"
    assert soup.title.string == "Sammanfattning av 2021 års dialogmöten"
    assert soup.find_all("script") == []
    assert all(img["src"].startswith("data:image/svg+xml;base64,") for img in soup.find_all("img"))
    assert not soup.find_all("link")
    text = visible_text(soup)
    assert "import kulturdialog" not in text and "open_report" not in text
    assert len(soup.find_all("h1")) == 1


def test_toc_links_every_section(rendered):
    soup = rendered["soup"]
    links = [a["href"][1:] for a in soup.select("nav.toc a")]
    assert {
        "inledning",
        "i-siffror",
        "teman",
        "samverkan",
        "behov",
        "jamforelse",
        "om-underlaget",
    } <= set(links)
    assert all(soup.find(id=anchor) for anchor in links)


def test_tables_and_figures_are_captioned_and_described(rendered):
    soup = rendered["soup"]
    tables = soup.find_all("table")
    assert tables and all(t.caption and t.caption.get_text(strip=True) for t in tables)
    assert all(th.get("scope") in ("col", "row") for t in tables for th in t.find_all("th"))
    figures = soup.find_all("figure")
    assert len(figures) >= 4
    for fig in figures:
        assert fig.figcaption.get_text(strip=True).startswith("Figur")
        assert len(fig.img["alt"]) > 40  # says what the chart shows, in words


def test_manifest_records_inputs_and_outputs(rendered):
    folder, root = rendered["folder"], rendered["root"]
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["parameters"]["year"] == 2021
    assert manifest["inputs"]["data/2021/meetings.csv"] == sha256(root / "data/2021/meetings.csv")
    assert "notebooks/annual_summary.ipynb" in manifest["inputs"]
    assert manifest["outputs"]["annual_summary.pdf"] == sha256(folder / "annual_summary.pdf")
    assert manifest["rendering_date"] == "2022-02-15"


def test_every_pdf_font_is_embedded_and_it_is_source_sans(rendered):
    reader = PdfReader(rendered["folder"] / "annual_summary.pdf")
    fonts = {}
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"].get_object()
                embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                fonts[str(descriptor["/FontName"])] = embedded
    assert fonts and all(fonts.values()), fonts
    assert any("SourceSans3" in name for name in fonts)
