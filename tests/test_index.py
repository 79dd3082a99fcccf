"""reports/index.html: every report, grid and archived version, relative links, no scripts."""

from __future__ import annotations

import hashlib
import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

from kulturdialog.publish.index import Entry, _grid, grid_title, page, scan, write
from kulturdialog.publish.index_words import STRINGS


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.tags, self.lang = [], [], None

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        self.tags.append(tag)
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "a":
            self.hrefs.append(found["href"])


def parse(html):
    links = Links()
    links.feed(html)
    return links


def report(
    folder,
    stem,
    manifest_name="manifest.json",
    title="Sammanfattning",
    dnr="AKTNR 1",
    date="2022-02-15",
    notebook="annual_summary",
    formats=("html", "pdf", "docx", "ipynb"),
):
    folder.mkdir(parents=True, exist_ok=True)
    outputs = {}
    for ext in formats:
        (folder / f"{stem}.{ext}").write_text(ext)
        outputs[f"{stem}.{ext}"] = hashlib.sha256(ext.encode()).hexdigest()
    record = {
        "notebook": notebook,
        "rendering_date": date,
        "render_key": "k" * 64,
        "outputs": outputs,
        "document": {"title": title, "diarienummer": dnr, "date": date, "language": "sv"},
    }
    (folder / manifest_name).write_text(json.dumps(record), encoding="utf-8")


@pytest.fixture
def reports(tmp_path):
    root = tmp_path / "reports"
    report(root / "2021", "annual_summary", title="Sammanfattning 2021", dnr="AKTNR 3355-19358")
    report(root / "2021/archive/v1-abc", "annual_summary", title="Sammanfattning 2021 (äldre)")
    report(
        root / "2021",
        "trends",
        "trends.manifest.json",
        "Trender",
        notebook="trends",
        formats=("html", "ipynb"),
    )
    for code in ("0114", "0180"):
        report(
            root / f"2021/municipality_profile/{code}",
            f"municipality_profile-{code}",
            title=f"Kommunprofil {code}",
            notebook="municipality_profile",
        )
    report(root / "2020", "annual_summary", title="Sammanfattning 2020", date="2021-02-10")
    (root / ".staging").mkdir()
    return root


def test_every_report_is_linked_relatively_newest_year_first(reports):
    html = page(reports, "sv")
    links = parse(html)
    for name in ("html", "pdf", "docx", "ipynb"):
        assert f"2021/annual_summary.{name}" in links.hrefs
        assert f"2020/annual_summary.{name}" in links.hrefs
    assert "2021/trends.html" in links.hrefs
    assert "2021/municipality_profile/0180/municipality_profile-0180.pdf" in links.hrefs
    assert "2021/archive/v1-abc/annual_summary.pdf" in links.hrefs
    assert html.index('id="y2021"') < html.index('id="y2020"')
    assert "AKTNR 3355-19358" in html and "15 februari 2022" in html
    assert all(not h.startswith(("/", "file:", "http")) for h in links.hrefs)


def test_a_grid_is_one_entry_that_opens_its_list(reports):
    html = page(reports, "sv")
    assert html.count("<details") == 1
    details = html[html.index("<details") : html.index("</details>")]
    assert "Kommunprofil 0114" in details and "Kommunprofil 0180" in details


def test_the_index_has_no_scripts_and_a_swedish_and_an_english_page(reports):
    written = write(reports)
    assert [p.name for p in written] == ["index.html", "index.en.html", "dcat.rdf"]
    sv, en = (parse(p.read_text(encoding="utf-8")) for p in written[:2])
    assert (sv.lang, en.lang) == ("sv", "en")
    assert "script" not in sv.tags and "script" not in en.tags
    assert "index.en.html" in sv.hrefs and "index.html" in en.hrefs
    assert "15 February 2022" in written[1].read_text(encoding="utf-8")


def test_the_index_is_the_same_for_the_same_reports(reports):
    assert page(reports, "sv") == page(reports, "sv")


def test_scan_skips_folders_that_are_no_reports(reports):
    (reports / "benchmarks").mkdir()
    assert [y.year for y in scan(reports)] == [2021, 2020]


def test_an_empty_reports_folder_says_so(tmp_path):
    assert "Inga rapporter är publicerade ännu." in page(tmp_path, "sv")


@pytest.mark.e2e
def test_render_writes_an_index_that_links_every_format_and_is_axe_clean(
    _rendered_template, tmp_path
):
    from browser import ARTIFACTS, axe_violations, chromium, describe, open_page

    reports = tmp_path / "reports"
    shutil.copytree(_rendered_template / "reports", reports)
    pages = write(reports)[:2]  # the Swedish and English pages; then dcat.rdf
    links = parse(pages[0].read_text(encoding="utf-8"))
    for name in ("html", "pdf", "docx", "ipynb"):
        assert f"2021/annual_summary.{name}" in links.hrefs
        assert (reports / f"2021/annual_summary.{name}").is_file()
    with chromium() as browser:
        for file in pages:
            for width in (1280, 390):
                view = open_page(browser, file.as_uri(), width)
                view.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                violations = axe_violations(view)
                assert violations == [], describe(violations)
                overflow = view.evaluate("document.documentElement.scrollWidth - innerWidth")
                assert overflow <= 0
                ARTIFACTS.mkdir(exist_ok=True)
                view.screenshot(path=ARTIFACTS / f"{file.stem}-{width}px.png", full_page=True)


@pytest.mark.e2e
def test_the_cli_render_writes_the_index(project):
    import os
    import subprocess
    import sys

    cli = os.path.join(os.path.dirname(sys.executable), "kulturdialog")
    subprocess.run([cli, "render", "2021", "--formats", "html", "--quiet"], check=True, timeout=300)
    assert (
        "2021/annual_summary.html"
        in parse((project / "reports/index.html").read_text(encoding="utf-8")).hrefs
    )
    assert (project / "reports/dcat.rdf").is_file()  # the open-data catalogue beside it
    subprocess.run([cli, "index"], check=True, timeout=60, capture_output=True)
    assert (project / "reports/index.en.html").is_file()


class Visible(HTMLParser):
    """The text a reader sees (no tags, attributes or the style sheet)."""

    def __init__(self):
        super().__init__()
        self.parts, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        self.hidden += tag in ("style", "title")

    def handle_endtag(self, tag):
        self.hidden -= tag in ("style", "title")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html):
    found = Visible()
    found.feed(html)
    return " ".join(" ".join(found.parts).split())


def test_the_swedish_index_speaks_swedish_and_names_grids_and_the_organisation_as_reports_do(
    reports,
):
    for code, name in (("0114", "Upplands Väsby"), ("0180", "Stockholm")):
        record_path = reports / f"2021/municipality_profile/{code}/manifest.json"
        record = json.loads(record_path.read_text(encoding="utf-8"))
        record["document"]["title"] = f"Kommunprofil: {name} 2021"
        record_path.write_text(json.dumps(record), encoding="utf-8")

    shown = visible_text(page(reports, "sv"))

    for english in ("Notebook", "notebook", "annual_summary", "municipality_profile", "trends"):
        assert english not in shown
    assert "Region Stockholm · Kulturförvaltningen" in shown  # the reports' title block
    assert "Kommunprofil 2021: 2 rapporter" in shown
    assert "Beräkningar (Jupyter)" in shown
    assert "Region Stockholm · Culture Administration" in visible_text(page(reports, "en"))


def test_a_grid_title_is_what_its_reports_titles_share_before_the_value():
    def entries(*titles):
        return [
            Entry(2021, "grid", Path("."), {"document": {"title": t}}, value=str(i))
            for i, t in enumerate(titles)
        ]

    assert grid_title("grid", entries("Kommunprofil: Salem 2021")) == "Kommunprofil"
    assert "Kommunprofil 2021: 1 rapport<" in _grid(
        "grid", entries("Kommunprofil: Salem 2021"), Path("."), STRINGS["sv"], None
    )
    assert grid_title("grid", entries("Profil – Salem", "Profil – Solna")) == "Profil"
    assert grid_title("grid", entries("Profil Salem", "Profil Solna")) == "Profil"
    assert grid_title("grid", entries("Salem", "Nacka")) == "grid"
