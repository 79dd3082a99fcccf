"""Text from the data is shown literally: nothing in it is markup, runs, or fetches anything."""

from __future__ import annotations

import csv

import pytest
from reading import html_soup, pdf_pages, squash

pytestmark = pytest.mark.e2e

SCRIPT = "<script>alert('x')</script>"
IMG = '<img src=x onerror="alert(1)">'
HOSTILE_MARKDOWN = f"""\
Inledning med {SCRIPT} och <b>rå HTML</b>.

[klicka här](javascript:alert(1)) och [länk](https://www.regionstockholm.se/kultur)

![hemlig](file:///etc/passwd) <link rel="stylesheet" href="http://example.invalid/x.css">
<style>body {{ background: url("http://example.invalid/track.png") }}</style>
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from conftest import copy_project, render_in

    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    path = root / "data/2021/observations.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[0]["text"] = f"Farligt: {SCRIPT}"
    rows[1]["text"] = f"Bild: {IMG} och url(file:///etc/passwd)"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    year = root / "data/2021/year.yaml"
    text = year.read_text(encoding="utf-8")
    ingress = "ingress: |\n" + "".join(f"  {line}\n" for line in HOSTILE_MARKDOWN.splitlines())
    start = text.index("ingress: |")
    end = text.index("theme_summaries:")
    year.write_text(text[:start] + ingress + text[end:], encoding="utf-8")
    folder = render_in(root, 2021, formats=("html", "pdf")).folder  # the formats read here
    return html_soup(folder / "annual_summary.html"), " ".join(
        pdf_pages(folder / "annual_summary.pdf")
    )


def test_no_markup_from_the_data_reaches_the_page(rendered):
    soup, _ = rendered
    assert soup.find_all("script") == []
    assert soup.find_all("link") == []
    assert len(soup.find_all("style")) == 1  # the report's own, in <head>
    assert soup.find_all("b") == []
    for tag in soup.find_all(True):
        assert not any(attr.lower().startswith("on") for attr in tag.attrs), tag
    for img in soup.find_all("img"):
        assert img["src"].startswith("data:image/svg+xml;base64,")


def test_the_hostile_text_is_shown_literally(rendered):
    soup, pdf = rendered
    text = soup.get_text()
    assert f"Farligt: {SCRIPT}" in text
    assert IMG in text
    assert "<b>rå HTML</b>" in text
    assert squash(SCRIPT) in squash(pdf)


def test_only_safe_links_survive_in_markdown(rendered):
    soup, _ = rendered
    hrefs = [a["href"] for a in soup.select(".curated a")]
    assert hrefs == ["https://www.regionstockholm.se/kultur"]
