"""Years not like the last: a gap between years, party groups that come and go, a changed
structure, a year folder without meetings.

Each test builds its years in a copy of the project (tests/gapyears.py) and counts the expected
values from the CSV files with the csv module; the reports are read back as a reader sees them.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import copy_project
from gapyears import DROPPED_GROUPS, NEW_GROUPS, change_groups, copy_year, figures, rows
from reading import html_soup, visible_text

from kulturdialog.analysis import charts, comparison, tables
from kulturdialog.analysis.report import open_report
from kulturdialog.analysis.trends import open_trends
from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError
from kulturdialog.lang.i18n import ENGLISH, SWEDISH

NBSP = "\u00a0"
STRUCTURE = "Från 2023 möter regionen **länets 26 kommuner** varje år."


def text_of(shown) -> str:
    soup = BeautifulSoup(shown.html, "html.parser")
    return " ".join(soup.get_text(" ", strip=True).split()).replace(NBSP, " ")


def table_rows(shown, caption_part: str) -> tuple[list[list[str]], list[str]]:
    """The body rows of the table whose caption contains `caption_part`, and its notes."""
    soup = BeautifulSoup(shown.html, "html.parser")
    caption = next(c for c in soup.find_all("caption") if caption_part in c.get_text())
    table = caption.find_parent("table")
    body = [
        [c.get_text(strip=True).replace(NBSP, " ") for c in tr.find_all(["th", "td"])]
        for tr in table.select("tbody tr")
    ]
    notes = [p.get_text(strip=True) for p in soup.select("p.table-note")]
    return body, notes


@pytest.fixture
def gap(tmp_path, monkeypatch):
    """2019, 2020, 2021 and 2023 (a copy of 2021, dates moved): no 2022."""
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(root))
    copy_year(root, 2021, 2023, structure=STRUCTURE)
    return root


@pytest.fixture
def groups(gap):
    """As `gap`, and in 2023 two party groups did not meet and two round tables met instead."""
    change_groups(gap, 2023)
    return gap


# -- the year compared with ---------------------------------------------------------------------


def test_latest_before_and_missing_years(gap):
    earlier = comparison.load_earlier(2023, gap)
    assert [d.year for d in earlier] == [2019, 2020, 2021]
    assert comparison.latest_before(2023, earlier).year == 2021
    assert comparison.missing_years([2019, 2021, 2023, 2024]) == [2020, 2022]
    assert comparison.missing_years([]) == []


@pytest.mark.parametrize(
    ("language", "latest", "gap_sentence"),
    [
        (
            "sv",
            "Jämfört med 2021, det senaste året med dialoger, är det lika många möten",
            "Inga dialoger hölls 2022.",
        ),
        ("en", "Compared with 2021, the latest year with dialogues, that is", "in 2022."),
    ],
)
def test_a_gap_year_is_compared_with_the_latest_year_with_data_and_names_it(
    gap, language, latest, gap_sentence
):
    now, before = figures(gap, 2023), figures(gap, 2021)
    assert now["meetings"] == before["meetings"]  # a copy: the change sentence still appears
    report = open_report(2023, root=gap, language=language)
    assert report.previous.year == 2021
    text = text_of(report.ingress())
    assert latest in text
    assert gap_sentence in text
    if language == "sv":
        assert f"jämfört med {len(before['municipalities'])} år 2021" in text
    else:
        assert f"compared with {len(before['municipalities'])} in 2021" in text


def test_the_structure_note_is_shown_in_the_ingress_in_both_languages(gap):
    for language in ("sv", "en"):
        soup = BeautifulSoup(
            open_report(2023, root=gap, language=language).ingress().html, "html.parser"
        )
        curated = soup.select(".curated")
        assert any("länets 26 kommuner" in c.get_text() for c in curated)
        assert soup.find("strong", string="länets 26 kommuner")


def test_party_groups_that_come_and_go_are_named_and_compared_like_with_like(groups):
    labels = {r["code"]: r for r in rows(groups, "reference", "party_groups")}
    now, before = figures(groups, 2023), figures(groups, 2021)
    assert now["groups"] - before["groups"] == set(NEW_GROUPS)
    assert before["groups"] - now["groups"] == set(DROPPED_GROUPS)
    common = now["groups"] & before["groups"]
    assert len(common) == 3  # "tre" below
    same_now, same_before = figures(groups, 2023, common), figures(groups, 2021, common)
    sv = text_of(open_report(2023, root=groups).ingress())
    assert "I år tillkom två partsgrupper jämfört med 2021: " in sv
    assert "Två partsgrupper som möttes 2021 möttes inte i år: " in sv
    for code in NEW_GROUPS:
        assert labels[code]["label_sv"].lower() in sv
    for code in DROPPED_GROUPS:
        assert labels[code]["label_sv"].lower() in sv
    assert (
        "de tre partsgrupper som möttes båda åren hade "
        f"{same_now['meetings']} möten med {same_now['participants']} deltagare, mot "
        f"{same_before['meetings']} möten med {same_before['participants']} deltagare år 2021"
    ) in sv
    en = text_of(open_report(2023, root=groups, language="en").ingress())
    assert "Two partner groups are new this year compared with 2021: " in en
    assert "Two partner groups that met in 2021 did not meet this year: " in en
    assert "do not compare like with like" in en
    for code in NEW_GROUPS:
        assert labels[code]["label_en"].lower() in en


def test_the_per_group_comparison_takes_only_the_groups_present_in_both_years(groups):
    labels = {r["code"]: r["label_sv"] for r in rows(groups, "reference", "party_groups")}
    text = text_of(open_report(2023, root=groups).figures_section())
    lead = "Per partsgrupp, bara för de partsgrupper som möttes båda åren, jämfört med 2021, "
    assert lead + "det senaste året med dialoger: " in text
    sentence = text[text.index(lead) :].split(".")[0]
    for code in figures(groups, 2023)["groups"] & figures(groups, 2021)["groups"]:
        n, n0 = figures(groups, 2023, {code})["meetings"], figures(groups, 2021, {code})["meetings"]
        noun = "möte" if n == 1 else "möten"
        assert f"{labels[code].lower()} {n} {noun} mot {n0}" in sentence
    for code in (*NEW_GROUPS, *DROPPED_GROUPS):
        assert labels[code].lower() not in sentence


def test_plural_forms_of_one_new_and_one_absent_group():
    import pandas as pd

    reference = pd.DataFrame(
        {
            "label_sv": ["Alfagruppen", "Betagruppen", "Gammagruppen"],
            "label_en": ["Alfa", "Beta", "Gamma"],
        },
        index=["a", "b", "c"],
    )
    now = pd.DataFrame({"party_group": ["a", "b"], "participants": [3, 4]})
    then = pd.DataFrame({"party_group": ["a", "c"], "participants": [5, 6]})
    change = comparison.GroupChange(now, then, reference)
    sv = change.sentences(2021, SWEDISH)
    assert "I år tillkom en partsgrupp jämfört med 2021: betagruppen." in sv
    assert "En partsgrupp som möttes 2021 möttes inte i år: gammagruppen." in sv
    assert "den partsgrupp som möttes båda åren hade 1 möte med 3 deltagare" in sv
    en = change.sentences(2021, ENGLISH)
    assert "One partner group is new this year compared with 2021: beta." in en
    assert "the one partner group that met in both years held 1 meeting with 3 participants" in en
    assert comparison.GroupChange(now, now, reference).sentences(2021, SWEDISH) == ""


# -- tables and charts over the years ------------------------------------------------------------


def test_tables_over_the_years_have_a_row_or_column_for_the_missing_year(gap):
    years = [load_year(y, gap) for y in (2019, 2020, 2021, 2023)]
    over = tables.participation_over_years(years)
    assert over["year"].tolist() == [2019, 2020, 2021, 2022, 2023]
    assert over.loc[over["year"] == 2022, ["meetings", "participants"]].isna().all(axis=None)
    assert over.loc[over["year"] == 2023, "meetings"].item() == figures(gap, 2023)["meetings"]
    shares = tables.theme_shares_over_years(years)
    assert list(shares.columns) == [2019, 2020, 2021, 2022, 2023]
    assert shares[2022].isna().all()
    status = tables.needs_status_over_years(years)
    assert status["year"].tolist() == [2019, 2020, 2021, 2022, 2023]
    assert status.loc[3, "total"] is pd_na()
    assert status.loc[4, "total"] == len(rows(gap, 2023, "needs"))
    assert list(tables.needs_by_theme_over_years(years).columns) == [2019, 2020, 2021, 2022, 2023]


def pd_na():
    import pandas as pd

    return pd.NA


def test_the_comparison_section_marks_the_missing_year_in_both_languages(gap):
    for language, note in (
        ("sv", "Inga dialoger hölls 2022."),
        ("en", "No dialogues were held in 2022."),
    ):
        section = open_report(2023, root=gap, language=language).comparison_section()
        caption = "Deltagande" if language == "sv" else "Participation"
        body, notes = table_rows(section, caption)
        assert [r[0] for r in body] == ["2019", "2020", "2021", "2022", "2023"]
        assert body[3][1:] == ["–"] * 5
        assert body[4][1] == str(figures(gap, 2023)["meetings"])
        assert notes.count(note) == 2  # under the participation table and the theme shares
        assert note in text_of(section)


def test_the_charts_keep_the_missing_year_on_the_axis_and_say_so(gap):
    years = [load_year(y, gap) for y in (2019, 2020, 2021, 2023)]
    over = tables.participation_over_years(years)
    fig = charts.participation_chart(over)
    for ax in fig.axes:
        assert [t.get_text() for t in ax.get_xticklabels()] == [
            "2019",
            "2020",
            "2021",
            "2022",
            "2023",
        ]
        assert len(ax.patches) == 4  # no bar for 2022
        assert "inga dialoger" in [t.get_text() for t in ax.texts]
    charts.close(fig)
    heat = charts.theme_shares_chart(tables.theme_shares_over_years(years), ENGLISH)
    (ax,) = heat.axes
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021", "2022", "2023"]
    assert "no dialogues" in [t.get_text() for t in ax.texts]
    charts.close(heat)


def test_a_report_without_a_gap_has_no_gap_sentence(repo_root):
    report = open_report(2021, root=repo_root)
    assert "det senaste året med dialoger" not in text_of(report.ingress())
    assert "Inga dialoger" not in text_of(report.comparison_section())
    assert report.previous.year == 2020


# -- the trends notebook and the municipality profile, rendered ---------------------------------


def render(root, year, notebook, **params):
    from kulturdialog.run.render import render_year

    render_year(year, root, notebook, formats=("html",))
    return html_soup(root / "reports" / str(year) / f"{notebook}.html")


def test_the_trends_notebook_marks_the_gap_and_names_the_groups(groups):
    soup = render(groups, 2023, "trends")
    text = " ".join(visible_text(soup).split()).replace(NBSP, " ")
    assert "Inga dialoger hölls 2022." in text
    assert "Under de fyra åren med dialoger" in text
    assert "År 2023 tillkom två partsgrupper jämfört med 2021" in text
    assert "Två partsgrupper som möttes 2021 möttes inte år 2023" in text
    caption = next(c for c in soup.find_all("caption") if c.get_text().startswith("Tabell 1"))
    body = [
        [c.get_text(strip=True) for c in tr.find_all(["th", "td"])]
        for tr in caption.find_parent("table").select("tbody tr")
    ]
    assert [r[0] for r in body] == ["2019", "2020", "2021", "2022", "2023"]
    assert body[3][1:] == ["–"] * 5
    total = sum(figures(groups, y)["meetings"] for y in (2019, 2020, 2021, 2023))
    footer = caption.find_parent("table").select_one("tfoot tr")
    assert footer.find_all(["th", "td"])[1].get_text(strip=True) == str(total)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_municipality_profile_compares_with_the_latest_year_with_data(groups, language):
    params = groups / "params" / "2023.yaml"
    params.write_text(f"year: 2023\nlanguage: {language}\n", encoding="utf-8")
    soup = render(groups, 2023, "municipality_profile")
    text = " ".join(visible_text(soup).split()).replace(NBSP, " ")
    now = [m for m in rows(groups, 2023, "meetings") if "0180" in m["municipalities"].split(";")]
    then = [m for m in rows(groups, 2021, "meetings") if "0180" in m["municipalities"].split(";")]
    if language == "sv":
        assert (
            f"2023 var Stockholm med i {len(now)} möten, mot {len(then)} år 2021, "
            "det senaste året med dialoger." in text
        )
        assert "Inga dialoger hölls 2022." in text
        assert "Per partsgrupp, jämfört med 2021:" in text
    else:
        assert (
            f"Stockholm took part in {len(now)} meetings in 2023, against {len(then)} in 2021, "
            "the latest year with dialogues."
        ) in text
        assert "No dialogues were held in 2022." in text


# -- a year folder without meetings ---------------------------------------------------------------


def empty_year(root, year):
    folder = root / "data" / str(year)
    folder.mkdir()
    for name in ("meetings", "observations", "needs"):
        header = (root / "data" / "2021" / f"{name}.csv").read_text(encoding="utf-8").split("\n")[0]
        (folder / f"{name}.csv").write_text(header + "\n", encoding="utf-8")
    (folder / "year.yaml").write_text(f"year: {year}\n", encoding="utf-8")


def test_a_year_without_meetings_is_one_clear_validation_message(gap):
    empty_year(gap, 2022)
    with pytest.raises(DataError) as raised:
        load_year(2022, gap)
    (problem,) = raised.value.problems
    assert problem.file == "data/2022/meetings.csv"
    assert problem.expected.startswith("no meetings: the table has no rows")
    assert "no report of its own" in problem.expected


def test_later_years_show_a_year_without_meetings_as_one_without_dialogues(gap):
    empty_year(gap, 2022)
    report = open_report(2023, root=gap)
    assert [d.year for d in report.earlier] == [2019, 2020, 2021]
    assert "Inga dialoger hölls 2022." in text_of(report.ingress())
    body, _ = table_rows(report.comparison_section(), "Deltagande")
    assert body[3] == ["2022", "–", "–", "–", "–", "–"]
    assert open_trends(2023, root=gap).missing == [2022]


def test_an_earlier_year_with_other_problems_still_stops_the_render(gap):
    empty_year(gap, 2022)
    (gap / "data" / "2022" / "year.yaml").write_text("year: 2021\n", encoding="utf-8")
    with pytest.raises(DataError):
        open_report(2023, root=gap)
