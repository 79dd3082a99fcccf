"""language: en renders the same report in English; Swedish stays the default, unchanged."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pandas as pd
import pytest
from conftest import ROOT
from reading import html_soup, pdf_pages, squash, visible_text

from kulturdialog.analysis import narrative, tables
from kulturdialog.analysis.report import AnnualReport, open_report
from kulturdialog.errors import ParameterError
from kulturdialog.lang import fmt, i18n
from kulturdialog.lang.i18n import ENGLISH, SWEDISH
from kulturdialog.lang.labels import CODE_LABELS
from kulturdialog.run import params

NBSP = "\u00a0"
PARTY_GROUPS = pd.Series(
    {
        "municipal_managers": "Municipal culture and leisure managers",
        "independent_arts": "Independent arts sector",
        "civil_society": "Civil society and associations",
    }
)
# Words of the generated Swedish text that an English sentence never contains.
SWEDISH_WORDS = re.compile(
    r"\b(och|av|som|med|från|vid|Under|möten|dialogmöten|deltagare|kommuner|iakttagelser|"
    r"gällde|jämfört|Tabell|Figur|Sida|partsgrupp\w*)\b"
)


def figures(meetings, participants, party_groups, municipalities, digital_share):
    return {
        "meetings": meetings,
        "participants": participants,
        "party_groups": party_groups,
        "municipalities": municipalities,
        "digital_share": digital_share,
    }


def assert_english(text: str) -> None:
    assert not SWEDISH_WORDS.search(text), text


# -- the language parameter ---------------------------------------------------------------------


def test_language_codes_give_swedish_and_english():
    assert i18n.language("sv") is SWEDISH and i18n.language("en") is ENGLISH
    assert (SWEDISH.tag, SWEDISH.locale) == ("sv-SE", "sv_SE")
    assert (ENGLISH.tag, ENGLISH.locale) == ("en-GB", "en_GB")
    assert (SWEDISH.label_column, ENGLISH.label_column) == ("label_sv", "label_en")


@pytest.mark.parametrize("code", ["de", "EN", "english", "", None, 1])
def test_any_other_language_is_a_parameter_error_naming_the_allowed_ones(code):
    with pytest.raises(ParameterError) as err:
        i18n.language(code)
    assert "'sv'" in str(err.value) and "'en'" in str(err.value)


def test_open_report_checks_the_language_before_loading_anything(tmp_path):
    with pytest.raises(ParameterError, match="'sv' .*'en'"):
        open_report(2021, root=tmp_path, language="fi")  # no data there: the language fails first


def test_open_report_in_english_lists_the_language_among_the_parameters():
    english = open_report(2021, root=ROOT, compare=False, language="en")
    assert english.lang is ENGLISH and english.parameters["language"] == "en"
    swedish = open_report(2021, root=ROOT, compare=False)
    assert swedish.lang is SWEDISH and "language" not in swedish.parameters  # appendix unchanged


def test_params_files_may_name_a_report_language_and_nothing_else(tmp_path, repo_root):
    notebook = repo_root / "notebooks" / "annual_summary.ipynb"
    folder = tmp_path / "params"
    folder.mkdir()
    (folder / "2021.yaml").write_text("year: 2021\nlanguage: en\n", encoding="utf-8")
    assert params.load(2021, notebook, tmp_path) == {"year": 2021, "language": "en"}
    (folder / "2021.yaml").write_text("year: 2021\nlanguage: de\n", encoding="utf-8")
    with pytest.raises(ParameterError, match="'de' is not one of: sv, en"):
        params.load(2021, notebook, tmp_path)
    assert params.CHOICES["language"] == tuple(i18n.LANGUAGES)


# -- formats ------------------------------------------------------------------------------------


def test_english_numbers_percentages_and_dates():
    assert ENGLISH.number(1234) == "1,234"
    assert ENGLISH.number(12.5, 1) == "12.5"
    assert ENGLISH.percent(0.125, 1) == "12.5%"
    assert ENGLISH.percent(0.643) == "64%"
    assert ENGLISH.date(dt.date(2021, 11, 24)) == "24 November 2021"
    assert ENGLISH.count(5) == "five" and ENGLISH.count(1, neuter=True) == "one"
    assert ENGLISH.count(13) == "13"


def test_swedish_formats_are_the_default_and_unchanged():
    assert fmt.number(1234) == SWEDISH.number(1234) == f"1{NBSP}234"
    assert fmt.percent(0.125, 1) == SWEDISH.percent(0.125, 1) == f"12,5{NBSP}%"
    assert SWEDISH.date(dt.date(2021, 11, 24)) == "24 november 2021"


def test_english_lists_take_a_serial_comma_swedish_ones_do_not():
    assert ENGLISH.join(["a", "b and c", "d"]) == "a, b and c, and d"
    assert ENGLISH.join(["a", "b"]) == "a and b"
    assert SWEDISH.join(["a", "b", "c"]) == "a, b och c"


# -- narrative ----------------------------------------------------------------------------------


def test_intro_in_english():
    text = narrative.intro(2021, ENGLISH)
    assert text.startswith("Since 2019, Region Stockholm has held annual dialogues")
    assert "summary of the 2021 dialogues" in text
    assert_english(text)


def test_year_in_figures_in_english_without_a_previous_year():
    text = narrative.year_in_figures(2019, figures(9, 1206, 5, 20, 0.125), None, None, ENGLISH)
    assert text.startswith("In 2019, Region Stockholm held 9 dialogue meetings")
    assert "a total of 1,206 participants from 5 partner groups." in text
    assert "20 of the county's 26 municipalities." in text
    assert re.search(r"Of the meetings, 1[23]% were held digitally\.$", text)
    assert "compared" not in text.lower()
    assert_english(text)


def test_year_in_figures_in_english_compares_with_the_previous_year():
    now, before = figures(14, 331, 5, 23, 0.5), figures(10, 1419, 5, 22, 0.8)
    text = narrative.year_in_figures(2021, now, before, 2020, ENGLISH)
    assert "Compared with 2020, that is 4 more meetings and 1,088 fewer participants." in text
    assert "23 of the county's 26 municipalities, compared with 22 in 2020." in text
    assert "Of the meetings, 50% were held digitally, compared with 80% in 2020." in text
    assert_english(text)


def test_year_in_figures_in_english_agrees_in_number():
    one = figures(1, 1, 1, 1, 1.0)
    text = narrative.year_in_figures(2021, one, one, 2020, ENGLISH)
    assert "held 1 dialogue meeting with a total of 1 participant from 1 partner group." in text
    assert "the same number of meetings and the same number of participants" in text
    more = narrative.year_in_figures(2021, figures(2, 2, 1, 1, 1.0), one, 2020, ENGLISH)
    assert "1 more meeting and 1 more participant." in more


def test_theme_paragraph_in_english():
    row = {
        "meetings": 2,
        "observations": 6,
        "party_groups": ["municipal_managers", "independent_arts", "civil_society"],
        "kinds": {"effect": 1, "concern": 3, "request": 2},
    }
    text = narrative.theme_paragraph(row, 9, PARTY_GROUPS, ENGLISH)
    assert text.startswith("The theme came up in 2 of the year's 9 meetings, in dialogue with ")
    assert (
        "municipal culture and leisure managers, independent arts sector, and civil society and "
        "associations."
    ) in text
    assert (
        "Most observations fell under concerns (3 of 6), followed by requests (2) and effects (1)."
    ) in text
    assert_english(text)


@pytest.mark.parametrize(
    ("total", "kinds", "expected"),
    [
        (1, {"concern": 1}, "The only observation fell under concerns."),
        (2, {"effect": 2}, "Both observations fell under effects."),
        (4, {"effect": 4}, "All four observations fell under effects."),
        (
            4,
            {"effect": 2, "concern": 2},
            "The observations (4) were spread over effects (2) and concerns (2).",
        ),
    ],
)
def test_theme_paragraph_in_english_by_kinds(total, kinds, expected):
    row = {"meetings": 1, "observations": total, "party_groups": ["civil_society"], "kinds": kinds}
    text = narrative.theme_paragraph(row, 14, PARTY_GROUPS, ENGLISH)
    assert "in 1 of the year's 14 meetings" in text
    assert text.endswith(" " + expected)


def test_themes_intro_in_english_says_the_observations_are_quoted_in_swedish():
    text = narrative.themes_intro(2021, 11, "Effects of the pandemic", ENGLISH)
    assert text.startswith("In 2021, 11 themes came up.")
    assert "starting with effects of the pandemic." in text
    assert "quoted as recorded, in Swedish" in text
    assert narrative.themes_intro(2021, 1, "Artist policy", ENGLISH).startswith(
        "In 2021, 1 theme came up."
    )


def test_cooperation_and_barriers_in_english():
    by_area = pd.DataFrame(
        {
            "area": ["sports_facilities", "arts_school", "libraries"],
            "cooperating": [1, 4, 12],
            "not_cooperating": [25, 22, 14],
        }
    )
    text = narrative.cooperation_paragraph(by_area, 26, ENGLISH)
    assert text == (
        "Of the county's 26 municipalities, 1 cooperates with other municipalities or the region "
        "on sports facilities, 4 on arts schools, and 12 on libraries."
    )
    assert narrative.cooperation_paragraph(by_area, 20, ENGLISH).startswith(
        "Of the 20 municipalities that provided information, "
    )
    ranking = pd.DataFrame(
        {
            "code": ["knowledge", "economy"],
            "barrier": ["Insufficient knowledge", "Economic aspects"],
            "mentions": [16, 1300],
        }
    )
    text = narrative.barriers_paragraph(ranking, ENGLISH)
    assert text == (
        "Among the municipalities that do not cooperate, insufficient knowledge (16) is named "
        "most often as a barrier, followed by economic aspects (1,300)."
    )
    assert narrative.barriers_paragraph(ranking.iloc[:0], ENGLISH).startswith("No barriers")


def test_needs_in_english_agree_in_number():
    needs = pd.DataFrame({"level": ["Regional", "Municipal", "Regional"]})
    by_status = pd.DataFrame({"status": ["done", "noted"], "needs": [1, 2]})
    text = narrative.needs_paragraph(needs, by_status, ENGLISH)
    assert "has identified 3 requests and needs for action, 2 of them at regional level." in text
    assert "Follow-up status: 1 has been carried out and 2 have been noted." in text
    one = narrative.needs_paragraph(needs.iloc[:1], by_status.iloc[:1], ENGLISH)
    assert "identified 1 request or need for action, 1 of them" in one
    empty = narrative.needs_paragraph(needs.iloc[:0], by_status.iloc[:0], ENGLISH)
    assert empty == "The year's dialogues have not led to any new requests for action."
    assert_english(narrative.needs_closing(ENGLISH))


def test_comparison_in_english():
    over = pd.DataFrame(
        {
            "year": [2019, 2020, 2021],
            "meetings": [9, 10, 1400],
            "participants": [206, 219, 2331],
            "party_groups": [5, 5, 5],
            "municipalities": [20, 22, 23],
            "digital_share": [0.0, 0.8, 0.5],
        }
    )
    shares = pd.DataFrame(
        {2020: [0.4, 0.0, 0.9], 2021: [0.25, 0.5, 0.9]},
        index=pd.Index(["Local community life", "Restart", "Effects"], name="theme"),
    )
    text = narrative.comparison_paragraph(over, shares, ENGLISH)
    assert text.startswith(
        "Since 2019, the number of dialogue meetings has gone from 9 to 1,400 and the number of "
        "participants from 206 to 2,331. The share of digital meetings was 0% in 2019 and 50% in "
        "2021."
    )
    assert "The theme that grew most was restart, raised in 50% of the meetings in 2021" in text
    assert "against 0% in 2020." in text
    assert text.endswith("The largest decrease was for local community life, from 40% to 25%.")
    assert_english(text)


# -- tables and sections ------------------------------------------------------------------------


def csv_rows(path) -> list[dict[str, str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_themes() -> list[dict[str, str]]:
    """2021's themes (label_sv, meetings) in the report's order, derived without the package."""
    return csv_rows(ROOT / "tests/backtests/expected/2021/themes.csv")


def test_tables_in_english_use_label_en_and_english_code_labels(year_2021):
    reference = year_2021.reference
    themes = tables.theme_summary(year_2021, ENGLISH)
    assert set(themes["theme"]) <= set(reference.themes["label_en"])
    groups = tables.meetings_by_party_group(year_2021, ENGLISH)
    assert list(groups["party_group"]) == list(reference.party_groups["label_en"])
    needs = tables.needs_table(year_2021, ENGLISH)
    assert set(needs["level"]) <= {"Regional", "Municipal"}
    assert set(needs["status"]) <= set(CODE_LABELS["en"].statuses.values())
    matrix = tables.cooperation_matrix(year_2021, ENGLISH)
    assert "North-west" in set(matrix["subregion"])
    ranking = tables.barrier_ranking(year_2021, ENGLISH)
    assert ranking.iloc[0].barrier == "Insufficient knowledge"
    # the same figures in both languages: the back-test's, counted without the package
    assert list(themes["meetings"]) == [int(r["meetings"]) for r in expected_themes()]


def test_title_block_in_english_translates_the_standard_title_only(year_2021):
    english = AnnualReport(year_2021, lang=ENGLISH)
    block = english.title_block()
    assert block.info.title == "Summary of the 2021 dialogue meetings"
    assert block.info.language == "en"
    assert '<h1 id="titel">Summary of the 2021 dialogue meetings</h1>' in block.html
    assert "<dt>Reference number</dt>" in block.html and "15 February 2022" in block.html
    import dataclasses

    meta = dataclasses.replace(year_2021.meta, title="Kulturdialogerna – ett år av omställning")
    written = AnnualReport(dataclasses.replace(year_2021, meta=meta), lang=ENGLISH)
    block = written.title_block()
    assert block.info.title == "Kulturdialogerna – ett år av omställning"  # as written
    assert '<h1 id="titel" lang="sv">' in block.html
    assert AnnualReport(year_2021).title_block().info.language == "sv"


def test_curated_markdown_stays_swedish_with_a_note_and_its_language(year_2021):
    html = AnnualReport(year_2021, lang=ENGLISH).ingress().html
    assert '<div class="curated" lang="sv"><p class="untranslated" lang="en">' in html
    assert "(In Swedish, not translated.)" in html
    assert "kretsa kring pandemins effekter" in html
    swedish = AnnualReport(year_2021).ingress().html
    assert '<div class="curated"><p>' in swedish and "untranslated" not in swedish


# -- the whole report, rendered -----------------------------------------------------------------


@pytest.fixture(scope="module")
def english(rendered_2021_en):
    folder = rendered_2021_en / "reports/2021"
    return {
        "folder": folder,
        "soup": html_soup(folder / "annual_summary.html"),
        "pages": pdf_pages(folder / "annual_summary.pdf"),
    }


def generated_text(soup) -> str:
    """The page's visible text without the data's own (Swedish) text and the input file names."""
    main = copy.copy(soup).find("main")
    for block in main.select('[lang="sv"], table.provenance'):
        block.decompose()
    return " ".join(main.get_text(" ", strip=True).split())


@pytest.mark.e2e
def test_english_html_is_in_english_with_english_headings_and_figures(english):
    soup = english["soup"]
    assert soup.html["lang"] == "en"
    assert soup.title.string == "Summary of the 2021 dialogue meetings"
    assert soup.select_one("a.skip-link").get_text() == "Skip to main content"
    assert soup.select_one("#toc-title").get_text() == "Contents"
    headings = [h.get_text(strip=True) for h in soup.select("section.level2 > h2")]
    assert headings == [
        "Introduction",
        "The year's dialogues in figures",
        "The year's themes",
        "Inter-municipal and regional cooperation",
        "Requests and needs for action",
        "Comparison with earlier years",
        "About the data",
    ]
    text = visible_text(soup)
    for phrase in [
        "held 14 dialogue meetings with a total of 331 participants from 5 partner groups",
        "23 of the county's 26 municipalities",
        "64% were held digitally",
        "Published 15 February 2022",
    ]:
        assert phrase in " ".join(text.split()), phrase
    captions = [c.get_text(" ", strip=True) for c in soup.select("caption, figcaption")]
    assert captions[0].startswith("Table 1. Dialogue meetings per partner group, 2021")
    assert any(c.startswith("Figure 1. ") for c in captions)
    assert all(len(img["alt"]) > 40 and "Stapeldiagram" not in img["alt"] for img in soup("img"))


@pytest.mark.e2e
def test_english_labels_come_from_label_en(english, year_2021):
    soup = english["soup"]
    themes = [h.get_text(strip=True) for h in soup.select("section.level3 > h3")]
    label_en = {r["label_sv"]: r["label_en"] for r in csv_rows(ROOT / "data/reference/themes.csv")}
    expected = [label_en[r["theme"]] for r in expected_themes()]
    assert themes == expected and "Effects of the pandemic" in themes
    groups = year_2021.reference.party_groups["label_en"]
    table = soup.select_one("#tabell-1 table")
    assert [th.get_text() for th in table.select("tbody th")] == list(groups)
    assert [th.get_text() for th in table.select("thead th")][3:] == [
        "Digital",
        "Hybrid",
        "In person",
    ]


@pytest.mark.e2e
def test_no_generated_swedish_outside_the_datas_own_text(english):
    text = generated_text(english["soup"])
    assert "dialogmöten" not in text
    assert_english(text)
    curated = english["soup"].select("div.curated")
    assert len(curated) == 5  # ingress, three theme summaries, conclusion
    assert all(d["lang"] == "sv" and d.select_one('p.untranslated[lang="en"]') for d in curated)
    assert all(li.span["lang"] == "sv" for li in english["soup"].select("ul.observations > li"))


@pytest.mark.e2e
def test_english_pdf_has_english_pages_language_and_numbers(english):
    import pikepdf

    pages = english["pages"]
    assert f"Page 3 of {len(pages)}" in pages[2]
    assert not any("Sida " in page for page in pages)
    contents = squash(" ".join(pages[:3]))
    assert squash("Table 1. Dialogue meetings per partner group, 2021") in contents
    assert squash("Figure 1. Number of dialogue meetings per partner group, 2021") in contents
    assert squash("Of the meetings, 64% were held digitally") in squash(" ".join(pages))
    with pikepdf.open(english["folder"] / "annual_summary.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en-GB"
        meta = pdf.open_metadata()
        assert meta["dc:title"] == "Summary of the 2021 dialogue meetings"
        assert meta["dc:creator"] == ["Region Stockholm, Culture Administration"]


@pytest.mark.e2e
def test_english_skip_link_is_the_keyboards_first_stop(english):
    """In a browser (axe's check of the page is in test_every_report_checked.py)."""
    from browser import chromium, open_page

    with chromium() as browser:
        page = open_page(browser, (english["folder"] / "annual_summary.html").as_uri(), 1280)
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Skip to main content"


# -- Språkrådet's rules, for both languages (issue 17) ------------------------------------------


@pytest.mark.parametrize("lang", [SWEDISH, ENGLISH])
def test_counts_compared_or_listed_are_digits_a_lone_count_is_a_word(lang):
    assert lang.counts(6, 14) == ["6", "14"]
    assert lang.counts(6, 3, 1) == ["6", "3", "1"]
    assert lang.counts(5) == [lang.count(5)] == [lang.words[5]]
    assert lang.counts(14) == ["14"]


@pytest.mark.parametrize("lang", [SWEDISH, ENGLISH])
def test_labels_listed_keep_the_first_capital_only(lang):
    listed = lang.listed(["Det fria kulturlivet", "Regionala aktörer", "Region Stockholm", "RIK"])
    assert listed == ["Det fria kulturlivet", "regionala aktörer", "Region Stockholm", "RIK"]
    assert lang.in_sentence("Civil society and associations") == "civil society and associations"
