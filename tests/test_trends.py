"""trends: the culture dialogues over the years, checked against counts made from the raw CSVs.

Expected values are computed with the csv module straight from data/, never by calling the
function under test; one end-to-end render of notebooks/trends.ipynb is read back as a reader
sees it (HTML with BeautifulSoup, PDF with pypdf).
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml
from conftest import ROOT, digest, render_in
from pypdf import PdfReader
from reading import html_soup, pdf_pages, squash, visible_text

from kulturdialog.analysis import charts, tables, trends
from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError, ParameterError

YEARS = (2019, 2020, 2021)
STATUSES = ["budget_process", "in_progress", "done", "noted"]
STATUS_LABELS = ["I budgetprocessen", "Pågår", "Genomfört", "Noterat"]
NBSP = "\u00a0"


# -- expected values, straight from the CSV files ------------------------------------------------


def rows(year: int | str, name: str) -> list[dict[str, str]]:
    with (ROOT / "data" / str(year) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def theme_labels() -> dict[str, str]:
    return {r["code"]: r["label_sv"] for r in rows("reference", "themes")}


def participation(year: int) -> dict:
    meetings = rows(year, "meetings")
    municipalities = {c for m in meetings for c in m["municipalities"].split(";") if c}
    return {
        "year": year,
        "meetings": len(meetings),
        "participants": sum(int(m["participants"]) for m in meetings),
        "party_groups": len({m["party_group"] for m in meetings}),
        "municipalities": len(municipalities),
        "digital_share": sum(m["format"] == "digital" for m in meetings) / len(meetings),
    }


def theme_shares(year: int) -> dict[str, float]:
    """Theme label → share of the year's meetings raising it (only themes raised)."""
    n = len(rows(year, "meetings"))
    meetings_per_theme: dict[str, set] = {}
    for o in rows(year, "observations"):
        meetings_per_theme.setdefault(o["theme"], set()).add(o["meeting_id"])
    labels = theme_labels()
    return {labels[code]: len(ids) / n for code, ids in meetings_per_theme.items()}


def needs_per_status(year: int) -> dict[str, int]:
    counts = Counter(r["status"] for r in rows(year, "needs"))
    return {s: counts.get(s, 0) for s in STATUSES}


def needs_per_theme(year: int) -> dict[str, int]:
    labels = theme_labels()
    return {labels[k]: v for k, v in Counter(r["theme"] for r in rows(year, "needs")).items()}


def percent(share: float) -> str:
    """Swedish percent as the report prints it, made here without Babel: `64 %`."""
    return f"{round(share * 100)}{NBSP}%"


@pytest.fixture(scope="module")
def report():
    return trends.open_trends(2021, root=ROOT)


# -- the tables ----------------------------------------------------------------------------------


def test_the_sample_years_have_the_figures_a_reader_should_see():
    # The figures the e2e test below looks for, verified once more against the files.
    seen = {y: (participation(y)["meetings"], participation(y)["participants"]) for y in YEARS}
    assert seen == {2019: (9, 206), 2020: (10, 219), 2021: (14, 331)}


def test_open_trends_takes_every_year_up_to_year_oldest_first(report):
    assert [d.year for d in report.years] == list(YEARS)
    assert report.period == "2019–2021"
    assert report.parameters == {"year": 2021, "data_dir": "data", "first_year": 0}


def test_first_year_leaves_out_earlier_years_and_a_later_year_is_never_included():
    assert [d.year for d in trends.open_trends(2021, first_year=2020, root=ROOT).years] == [
        2020,
        2021,
    ]
    assert [d.year for d in trends.open_trends(2020, root=ROOT).years] == [2019, 2020]
    only = trends.open_trends(2019, root=ROOT)
    assert [d.year for d in only.years] == [2019] and only.period == "2019"


def test_first_year_after_year_is_a_parameter_error():
    with pytest.raises(ParameterError, match="first_year"):
        trends.open_trends(2020, first_year=2021, root=ROOT)


def test_a_year_without_data_is_a_data_error_naming_the_years_with_data():
    with pytest.raises(DataError, match="2019, 2020, 2021"):
        trends.open_trends(2030, root=ROOT)


def test_participation_per_year_matches_the_csv_files(report):
    got = report.participation().to_dict("records")
    want = [participation(y) for y in YEARS]
    assert [{k: r[k] for k in want[0] if k != "digital_share"} for r in got] == [
        {k: v for k, v in r.items() if k != "digital_share"} for r in want
    ]
    assert [r["digital_share"] for r in got] == pytest.approx([r["digital_share"] for r in want])


def test_theme_shares_per_year_match_the_csv_files(report):
    shares = report.theme_shares()
    assert list(shares.columns) == list(YEARS)
    for year in YEARS:
        want = theme_shares(year)
        got = {label: v for label, v in shares[year].items() if v > 0}
        assert got == pytest.approx(want), year
    assert set(shares.index) == set().union(*(theme_shares(y) for y in YEARS))


def test_needs_per_status_and_year_match_the_csv_files(report):
    got = tables.needs_status_over_years(report.years)
    assert list(got.columns) == ["year", *STATUSES, "total"]
    want = [{"year": y, **needs_per_status(y), "total": len(rows(y, "needs"))} for y in YEARS]
    assert got.to_dict("records") == want


def test_needs_per_theme_and_year_match_the_csv_files_most_needs_first(report):
    got = tables.needs_by_theme_over_years(report.years)
    assert list(got.columns) == list(YEARS)
    for year in YEARS:
        assert {t: n for t, n in got[year].items() if n} == needs_per_theme(year)
    totals = got.sum(axis=1).tolist()
    assert totals == sorted(totals, reverse=True) and min(totals) > 0
    # Equal totals keep the reference order of themes.
    order = list(theme_labels().values())
    for a, b in zip(got.index, got.index[1:], strict=False):
        if got.loc[a].sum() == got.loc[b].sum():
            assert order.index(a) < order.index(b)


def test_needs_tables_count_zero_for_a_status_or_theme_a_year_lacks():
    years = [load_year(y, ROOT) for y in (2020, 2021)]
    status = tables.needs_status_over_years(list(reversed(years)))  # any order in, oldest first
    assert status["year"].tolist() == [2020, 2021]
    assert status.loc[0, "budget_process"] == 0  # 2020 has none in the budget process
    by_theme = tables.needs_by_theme_over_years(years)
    assert by_theme.loc["Återstart och det nya normala", 2020] == 0


# -- the text ------------------------------------------------------------------------------------


def test_title_block_carries_the_doc_metadata_from_the_latest_year(report):
    meta = yaml.safe_load((ROOT / "data/2021/year.yaml").read_text(encoding="utf-8"))
    section = report.title_block()
    info = section.info
    assert (info.title, info.diarienummer, info.year, info.date, info.language) == (
        "Kulturdialogerna över åren 2019–2021",
        None,  # year.yaml's `diarienummer` is the annual summary's; none is assigned to trends
        2021,
        str(meta["published"]),
        "sv",
    )
    assert section.html.count("<h1") == 1


def test_without_a_published_date_the_date_is_the_last_meeting():
    only = trends.open_trends(2019, root=ROOT)  # 2019's year.yaml has no published date
    last = max(r["date"] for r in rows(2019, "meetings"))
    assert only.title_block().info.date == last
    assert only.title_block().info.diarienummer is None


def test_participation_paragraph_states_first_and_last_year():
    text = trends.participation_paragraph(pd.DataFrame([participation(y) for y in YEARS]))
    assert "Antalet dialogmöten ökade från 9 år 2019 till 14 år 2021" in text
    assert "antalet deltagare ökade från 206 till 331" in text
    assert "20 av länets 26 kommuner år 2019 och 23 år 2021" in text
    assert f"{percent(0)} år 2019, {percent(0.8)} år 2020 och {percent(9 / 14)} år 2021" in text


def test_participation_paragraph_names_a_peak_in_between_and_equal_figures():
    over = pd.DataFrame(
        [
            {**participation(2019), "participants": 100},
            {**participation(2020), "participants": 300},
            {**participation(2021), "participants": 100, "meetings": 9},
        ]
    )
    text = trends.participation_paragraph(over)
    assert "Antalet dialogmöten var detsamma, 9, år 2019 och år 2021" in text
    assert "Flest deltagare, 300, hade dialogerna år 2020." in text


def test_themes_paragraph_names_recurring_new_and_dropped_themes():
    shares = pd.DataFrame(
        {2019: [0.5, 0.0, 0.2, 0.1], 2020: [0.6, 0.0, 0.0, 0.3], 2021: [0.7, 0.4, 0.0, 0.1]},
        index=pd.Index(["Konstnärspolitik", "Återstart och det nya normala", "Kulturlokaler", "B"]),
    )
    text = trends.themes_paragraph(shares)
    assert "Under perioden togs fyra teman upp." in text
    assert "Två av dem återkom varje år: ”Konstnärspolitik” och ”B”." in text
    assert "Nytt tema 2021: ”Återstart och det nya normala”." in text
    assert "”Kulturlokaler” togs upp tidigare år men inte 2021." in text
    assert "Mest ökade återstart och det nya normala" in text
    assert f"Mest minskade kulturlokaler, från {percent(0.2)} till {percent(0)}." in text


def test_needs_paragraph_counts_per_year_and_status(report):
    text = trends.needs_paragraph(
        tables.needs_status_over_years(report.years), tables.needs_by_theme_over_years(report.years)
    )
    total = sum(len(rows(y, "needs")) for y in YEARS)
    assert f"sammanlagt {total} önskemål" in text
    assert "6 under 2019, 6 under 2020 och 10 under 2021" in text  # listed counts: digits
    done = [needs_per_status(y)["done"] / len(rows(y, "needs")) for y in YEARS]
    assert (
        f"Av önskemålen från 2019 är {percent(done[0])} genomförda, från 2020 {percent(done[1])} "
        f"och från 2021 {percent(done[2])}." in text
    )
    assert "”Bibliotekssamverkan”" in text  # a need on library cooperation every year


def test_ingress_sums_up_the_period(report):
    text = trends.overview_paragraph(report.participation(), 22)
    meetings = sum(participation(y)["meetings"] for y in YEARS)
    people = sum(participation(y)["participants"] for y in YEARS)
    needs = sum(len(rows(y, "needs")) for y in YEARS)
    assert f"Under de tre åren hölls sammanlagt {meetings} dialogmöten med {people} deltagare" in (
        text
    )
    assert f"ledde till {needs} önskemål" in visible(report.ingress().html)


def test_a_single_year_reads_without_comparisons():
    only = trends.open_trends(2019, root=ROOT)
    ingress = visible(only.ingress().html)
    assert "Underlaget omfattar ett år, 2019, med 9 dialogmöten och 206 deltagare." in ingress
    themes = visible(only.themes_section().html)
    assert "Flest möten berörde ”Interkommunal samverkan” och ”Kulturlokaler”, som vardera" in (
        themes
    )
    assert "Mest ökade" not in themes


def test_sections_number_tables_and_figures_in_order_and_describe_each_figure(report):
    fresh = trends.open_trends(2021, root=ROOT)
    html = "".join(
        s.html
        for s in (
            fresh.participation_section(),
            fresh.themes_section(),
            fresh.needs_section(),
        )
    )
    assert re.findall(r"Tabell (\d+)\.", html)[:4] == ["1", "2", "3", "4"]
    assert re.findall(r"Figur (\d+)\.", html)[:4] == ["1", "2", "3", "4"]
    alts = re.findall(r'alt="([^"]*)"', html)
    assert len(alts) == 4 and all(len(a) > 60 for a in alts)
    assert "2019: 9 möten och 206 deltagare" in alts[0]


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&quot;", '"')


# -- the charts ----------------------------------------------------------------------------------


@pytest.fixture
def no_figures_left_open():
    plt.close("all")
    yield
    assert plt.get_fignums() == []


def test_reach_chart_shows_municipalities_and_digital_share_per_year(report, no_figures_left_open):
    over = report.participation()
    fig = charts.reach_chart(over, 26)
    left, right = fig.axes
    assert [round(p.get_height()) for p in left.patches] == [20, 22, 23]
    assert [p.get_height() for p in right.patches] == pytest.approx(
        [participation(y)["digital_share"] for y in YEARS]
    )
    assert [t.get_text() for t in right.texts] == [percent(0), percent(0.8), percent(9 / 14)]
    assert left.get_xlabel() == "År" and right.get_ylabel() == "Andel av årets möten"
    charts.close(fig)


def test_needs_status_chart_has_one_panel_per_status(report, no_figures_left_open):
    status = tables.needs_status_over_years(report.years)
    labels = dict(zip(STATUSES, STATUS_LABELS, strict=True))
    fig = charts.needs_status_chart(status, labels)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    assert [ax.get_title(loc="left") for ax in panels] == STATUS_LABELS
    for ax, code in zip(panels, STATUSES, strict=True):
        assert [round(p.get_height()) for p in ax.patches] == [
            needs_per_status(y)[code] for y in YEARS
        ]
    charts.close(fig)


# -- end to end ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(_rendered_template, tmp_path_factory):
    """A project copy with the 2021 annual summary published; then trends rendered beside it."""
    root = tmp_path_factory.mktemp("trends") / "project"
    shutil.copytree(_rendered_template, root)
    before = digest(root / "reports/2021")
    result = render_in(root, 2021, notebook="trends")
    folder = result.folder
    return {
        "root": root,
        "folder": folder,
        "before": before,
        "soup": html_soup(folder / "trends.html"),
        "pages": pdf_pages(folder / "trends.pdf"),
    }


@pytest.mark.e2e
def test_trends_is_published_beside_the_annual_summary(rendered):
    folder = rendered["folder"]
    names = sorted(p.name for p in folder.iterdir())
    assert names == [
        "annual_summary-files",
        "annual_summary.docx",
        "annual_summary.html",
        "annual_summary.ipynb",
        "annual_summary.pdf",
        "manifest.json",
        "trends-files",
        "trends.docx",
        "trends.html",
        "trends.ipynb",
        "trends.manifest.json",
        "trends.pdf",
    ]
    after = digest(folder)
    assert {k: after[k] for k in rendered["before"]} == rendered["before"]  # left untouched
    manifest = json.loads((folder / "trends.manifest.json").read_text(encoding="utf-8"))
    assert manifest["notebook"] == "trends"
    assert manifest["parameters"] == {"year": 2021}
    assert manifest["rendering_date"] == "2022-02-15"


@pytest.mark.e2e
def test_trends_html_shows_each_years_figures(rendered):
    soup = rendered["soup"]
    assert soup.title.string == "Kulturdialogerna över åren 2019–2021"
    assert len(soup.find_all("h1")) == 1
    caption = next(c for c in soup.find_all("caption") if c.get_text().startswith("Tabell 1."))
    cells = [
        [c.get_text(strip=True) for c in row.find_all(["th", "td"])]
        for row in caption.find_parent("table").select("tbody tr")
    ]
    want = [
        [
            str(p["year"]),
            str(p["meetings"]),
            str(p["participants"]),
            str(p["party_groups"]),
            str(p["municipalities"]),
            percent(p["digital_share"]),
        ]
        for p in (participation(y) for y in YEARS)
    ]
    assert cells == want
    text = " ".join(visible_text(soup).split()).replace(NBSP, " ")
    assert "Antalet dialogmöten ökade från 9 år 2019 till 14 år 2021" in text
    alts = [img["alt"] for img in soup.find_all("img")]
    assert any(
        "2019: 9 möten och 206 deltagare; 2020: 10 möten och 219 deltagare; "
        "2021: 14 möten och 331 deltagare" in a
        for a in alts
    )


@pytest.mark.e2e
def test_trends_html_needs_table_matches_the_csv_files(rendered):
    soup = rendered["soup"]
    caption = next(c for c in soup.find_all("caption") if "status i uppföljningen" in c.get_text())
    table = caption.find_parent("table")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "År",
        *STATUS_LABELS,
        "Totalt",
    ]
    cells = [[c.get_text(strip=True) for c in r.find_all(["th", "td"])] for r in table("tr")[1:]]
    want = [
        [str(y), *(str(n) for n in needs_per_status(y).values()), str(len(rows(y, "needs")))]
        for y in YEARS
    ]
    totals = [sum(int(r[i]) for r in want) for i in range(1, 6)]
    assert cells == [*want, ["Totalt", *map(str, totals)]]


@pytest.mark.e2e
def test_trends_html_is_accessible_in_structure(rendered):
    soup = rendered["soup"]
    links = [a["href"][1:] for a in soup.select("nav.toc a")]
    assert {"inledning", "deltagande", "teman-over-tid", "behov-over-tid", "om-underlaget"} <= set(
        links
    )
    assert all(soup.find(id=anchor) for anchor in links)
    found = soup.find_all("table")
    assert found and all(t.caption and t.caption.get_text(strip=True) for t in found)
    assert all(th.get("scope") in ("col", "row") for t in found for th in t.find_all("th"))
    figures = soup.find_all("figure")
    assert len(figures) == 4
    assert all(
        len(f.img["alt"]) > 60 and f.figcaption.get_text().startswith("Figur") for f in figures
    )
    assert soup.find_all("script") == []


@pytest.mark.e2e
def test_trends_pdf_has_title_running_header_and_each_years_figures(rendered):
    reader = PdfReader(rendered["folder"] / "trends.pdf")
    assert reader.metadata.title == "Kulturdialogerna över åren 2019–2021"
    pages = rendered["pages"]
    assert "Innehåll" in pages[1]
    header = squash(pages[2])  # the running header (squash: hyphens may be typeset as U+2010)
    assert squash("Kulturdialogerna över åren") in header
    assert "AKTNR" not in header  # 2021's diarienummer is the annual summary's, not the trends'
    assert f"Sida 3 av {len(pages)}" in pages[2]
    text = squash(" ".join(pages))
    for year in YEARS:
        p = participation(year)
        assert squash(f"{year} {p['meetings']} {p['participants']} {p['party_groups']}") in text
    assert squash("ökade från 9 år 2019 till 14 år 2021") in text
    assert squash("Kulturdialogerna över åren 2019–2021") in squash(pages[0])


# -- in English ----------------------------------------------------------------------------------

SWEDISH_FUNCTION_WORDS = re.compile(
    r"\b(och|av|som|med|från|under|möten|dialogmöten|år|deltagare|kommuner|önskemål|Tabell|Figur|"
    r"Sida|Totalt|Tema|Datum)\b"
)


@pytest.fixture(scope="module")
def english_trends(tmp_path_factory):
    from conftest import copy_project

    root = copy_project(tmp_path_factory.mktemp("trends-en") / "project")
    (root / "params" / "2021.yaml").write_text("year: 2021\nlanguage: en\n", encoding="utf-8")
    folder = render_in(root, 2021, "trends", formats=("html",)).folder
    yield html_soup(folder / "trends.html")
    shutil.rmtree(root, ignore_errors=True)


@pytest.mark.e2e
def test_trends_renders_in_english_without_swedish_words_of_its_own(english_trends):
    soup = english_trends
    assert soup.html["lang"] == "en"
    assert soup.title.string == "The culture dialogues over the years 2019–2021"
    main = soup.find("main")
    for quoted in main.select('[lang="sv"], table.provenance'):  # the data's own text, file names
        quoted.decompose()
    text = " ".join([main.get_text(" ", strip=True), *(img["alt"] for img in main("img"))])
    text = " ".join(text.split())
    assert not SWEDISH_FUNCTION_WORDS.search(text), SWEDISH_FUNCTION_WORDS.search(text)
    headings = [h.get_text(strip=True) for h in soup.select("section.level2 > h2")]
    assert headings == [
        "Introduction",
        "Participation over the years",
        "Themes over time",
        "Requests and needs over time",
        "About the data",
    ]
    assert "a total of 33 dialogue meetings were held with 756 participants" in text
    assert "Table 1. Participation per year, 2019–2021" in text
    assert "Effects of the pandemic" in text  # theme labels from label_en
