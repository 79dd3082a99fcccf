"""narrative: generated Swedish sentences carry the tables' numbers in Swedish formats."""

from __future__ import annotations

import csv

import pandas as pd
import pytest

from kulturdialog.analysis import narrative, tables

NBSP = "\u00a0"
PARTY_GROUPS = pd.Series(
    {
        "municipal_managers": "Kommunala kultur- och fritidschefer",
        "independent_arts": "Det fria kulturlivet",
        "civil_society": "Civilsamhälle och föreningsliv",
    }
)


def figures(meetings, participants, party_groups, municipalities, digital_share):
    return {
        "meetings": meetings,
        "participants": participants,
        "party_groups": party_groups,
        "municipalities": municipalities,
        "digital_share": digital_share,
    }


# -- count() ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "neuter", "expected"),
    [
        (0, False, "noll"),
        (1, False, "en"),
        (1, True, "ett"),
        (2, True, "två"),
        (5, False, "fem"),
        (12, False, "tolv"),
        (13, False, "13"),
        (1234, False, f"1{NBSP}234"),
    ],
)
def test_count_writes_small_numbers_in_words_and_larger_ones_in_digits(n, neuter, expected):
    assert narrative.count(n, neuter) == expected


def test_intro_says_since_when_and_which_year():
    text = narrative.intro(2021)
    assert "sedan 2019" in text
    assert "2021 års dialoger" in text


# -- the year in figures ------------------------------------------------------------------------


def test_year_in_figures_without_a_previous_year_gives_the_figures_only():
    text = narrative.year_in_figures(2019, figures(9, 1206, 5, 20, 0.125), None, None)
    assert text.startswith("Under 2019 hölls 9 dialogmöten")
    assert f"1{NBSP}206 deltagare" in text
    assert "från 5 partsgrupper" in text  # counts side by side: all in digits
    assert "20 av länets 26 kommuner" in text
    assert f"Av mötena hölls 12{NBSP}% digitalt." in text  # 12,5 % rounded half to even
    assert "jämfört" not in text
    assert "fler" not in text and "färre" not in text


def test_year_in_figures_compares_with_the_previous_year_in_fler_and_farre():
    now, before = figures(14, 331, 5, 23, 0.5), figures(10, 1419, 5, 22, 0.8)
    text = narrative.year_in_figures(2021, now, before, 2020)
    assert "4 möten fler" in text
    assert f"1{NBSP}088 deltagare färre" in text
    assert "än 2020" in text
    assert "23 av länets 26 kommuner, jämfört med 22" in text
    assert f"50{NBSP}% digitalt, jämfört med 80{NBSP}%" in text
    assert text.count("2020") == 3  # one per comparison


@pytest.mark.parametrize(
    ("share", "shown"),
    [(0.125, "12"), (0.115, "12"), (0.135, "14"), (0.6428571428571429, "64"), (0.995, "100")],
)
def test_a_share_is_rounded_to_whole_per_cent_half_to_even(share, shown):
    # half up would give 13 and 12, half down 12 and 11: only half to even gives 12 for both
    text = narrative.year_in_figures(2021, figures(8, 80, 2, 3, share), None, None)
    assert f"Av mötena hölls {shown}{NBSP}% digitalt." in text


def test_year_in_figures_says_lika_manga_when_nothing_changed():
    same = figures(10, 200, 1, 5, 0.0)
    text = narrative.year_in_figures(2021, same, same, 2020)
    assert "lika många möten" in text
    assert "lika många deltagare" in text
    assert "1 partsgrupp." in text  # singular


def csv_rows(root, year: int, name: str) -> list[dict[str, str]]:
    with (root / "data" / str(year) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def counted(root, year: int) -> dict:
    """A year's meetings, participants, party groups, municipalities and digital meetings."""
    meetings = csv_rows(root, year, "meetings")
    return {
        "meetings": len(meetings),
        "participants": sum(int(m["participants"]) for m in meetings),
        "groups": len({m["party_group"] for m in meetings}),
        "municipalities": len({c for m in meetings for c in m["municipalities"].split(";") if c}),
        "digital": sum(m["format"] == "digital" for m in meetings),
    }


def test_year_in_figures_of_the_samples_carries_their_key_figures(years, repo_root):
    now, before = counted(repo_root, 2021), counted(repo_root, 2020)
    assert (now["groups"], before["groups"]) == (5, 5)
    text = narrative.year_in_figures(
        2021, tables.key_figures(years[2]), tables.key_figures(years[1]), 2020
    )
    now_share = round(100 * now["digital"] / now["meetings"])
    before_share = round(100 * before["digital"] / before["meetings"])
    assert text == (
        f"Under 2021 hölls {now['meetings']} dialogmöten med sammanlagt {now['participants']} "
        "deltagare från 5 partsgrupper. "
        f"Det är {now['meetings'] - before['meetings']} möten fler och "
        f"{now['participants'] - before['participants']} deltagare fler än 2020. "
        f"I minst ett möte deltog {now['municipalities']} av länets 26 kommuner, jämfört med "
        f"{before['municipalities']} år 2020. "
        f"Av mötena hölls {now_share}{NBSP}% digitalt, jämfört med {before_share}{NBSP}% år 2020."
    )


# -- one theme ----------------------------------------------------------------------------------


def test_theme_paragraph_with_one_observation():
    row = {
        "meetings": 1,
        "observations": 1,
        "party_groups": ["independent_arts"],
        "kinds": {"concern": 1},
    }
    text = narrative.theme_paragraph(row, 14, PARTY_GROUPS)
    assert "vid 1 av årets 14 möten" in text  # compared: digits (Svenska skrivregler)
    assert "det fria kulturlivet" in text  # the label, lower-cased for running text
    assert "Den enda iakttagelsen gällde farhågor." in text


def test_theme_paragraph_with_one_kind_says_all_observations():
    row = {
        "meetings": 3,
        "observations": 4,
        "party_groups": ["civil_society", "independent_arts"],
        "kinds": {"effect": 4},
    }
    text = narrative.theme_paragraph(row, 14, PARTY_GROUPS)
    assert "vid 3 av årets 14 möten" in text
    assert "civilsamhälle och föreningsliv och det fria kulturlivet" in text
    assert "Samtliga fyra iakttagelser gällde effekter." in text  # a lone count: in words


def test_theme_paragraph_names_the_dominant_kind_then_the_others():
    row = pd.Series(
        {
            "meetings": 2,
            "observations": 6,
            "party_groups": ["municipal_managers", "independent_arts", "civil_society"],
            "kinds": {"effect": 1, "concern": 3, "request": 2},
        }
    )
    text = narrative.theme_paragraph(row, 9, PARTY_GROUPS)
    assert (
        "kommunala kultur- och fritidschefer, det fria kulturlivet och civilsamhälle och "
        "föreningsliv"
    ) in text
    assert (
        "Flest iakttagelser gällde farhågor (3 av 6), följt av önskemål (2) och effekter (1)."
        in text
    )


def test_theme_paragraph_with_a_tie_does_not_claim_one_kind_dominated():
    row = {
        "meetings": 2,
        "observations": 4,
        "party_groups": ["civil_society"],
        "kinds": {"effect": 2, "concern": 2},
    }
    text = narrative.theme_paragraph(row, 9, PARTY_GROUPS)
    assert "Flest" not in text
    assert "Iakttagelserna (4) gällde effekter (2) och farhågor (2)." in text


# -- barriers, needs, cooperation ---------------------------------------------------------------


def test_barriers_paragraph_ranks_the_barriers_with_their_counts():
    ranking = pd.DataFrame(
        {
            "code": ["knowledge", "economy", "demand"],
            "barrier": ["Otillräcklig kunskap", "Ekonomiska aspekter", "Avsaknad av efterfrågan"],
            "mentions": [16, 13, 5],
        }
    )
    text = narrative.barriers_paragraph(ranking)
    assert "nämns otillräcklig kunskap (16) oftast" in text
    assert "följt av ekonomiska aspekter (13) och avsaknad av efterfrågan (5)." in text


def test_barriers_paragraph_with_one_barrier_and_with_none():
    one = pd.DataFrame({"code": ["economy"], "barrier": ["Ekonomiska aspekter"], "mentions": [2]})
    text = narrative.barriers_paragraph(one)
    assert "ekonomiska aspekter (2) oftast" in text
    assert "följt av" not in text
    none = one.iloc[:0]
    assert narrative.barriers_paragraph(none).startswith("Inga hindrande faktorer")


def test_needs_paragraph_of_2021_counts_needs_regional_ones_and_statuses(year_2021, repo_root):
    needs = csv_rows(repo_root, 2021, "needs")
    regional = sum(n["level"] == "regional" for n in needs)
    status = {s: sum(n["status"] == s for n in needs) for s in ("budget_process", "in_progress")}
    assert {n["status"] for n in needs} == {*status, "noted"}
    noted = len(needs) - sum(status.values())
    assert noted == 1  # "1 är noterat": the sentence below is written for one
    text = narrative.needs_paragraph(
        tables.needs_table(year_2021), tables.needs_by_status(year_2021)
    )
    assert f"identifierat {len(needs)} önskemål och behov av insatser, varav {regional} på " in text
    assert (
        f"Läget i uppföljningen: {status['budget_process']} hanteras i budget- "
        f"och verksamhetsplaneringen, {status['in_progress']} pågår och 1 är "
        "noterat."
    ) in text


def test_needs_paragraph_agrees_singular_and_plural():
    needs = pd.DataFrame({"level": ["Regional", "Kommunal", "Regional"]})
    by_status = pd.DataFrame({"status": ["done", "noted"], "needs": [1, 2]})
    text = narrative.needs_paragraph(needs, by_status)
    assert "identifierat 3 önskemål och behov av insatser, varav 2 på regional nivå" in text
    assert "1 är genomfört och 2 är noterade." in text  # listed counts: digits


def test_needs_paragraph_without_needs():
    empty = pd.DataFrame({"level": []})
    text = narrative.needs_paragraph(empty, pd.DataFrame({"status": [], "needs": []}))
    assert "inte lett till några nya önskemål" in text


def test_cooperation_paragraph_counts_per_area():
    by_area = pd.DataFrame(
        {
            "area": ["sports_facilities", "arts_school", "libraries"],
            "cooperating": [10, 4, 12],
            "not_cooperating": [16, 22, 14],
        }
    )
    text = narrative.cooperation_paragraph(by_area, 26)
    assert text.startswith("Av länets 26 kommuner samverkar")
    assert "10 kring idrottsanläggningar, 4 kring kulturskola och 12 kring bibliotek" in text
    assert narrative.cooperation_paragraph(by_area, 20).startswith(
        "Av de 20 kommuner som lämnat uppgifter"
    )


# -- comparison with earlier years --------------------------------------------------------------

OVER_YEARS = pd.DataFrame(
    {
        "year": [2019, 2020, 2021],
        "meetings": [9, 10, 1400],
        "participants": [206, 219, 2331],
        "party_groups": [5, 5, 5],
        "municipalities": [20, 22, 23],
        "digital_share": [0.0, 0.8, 0.5],
    }
)
SHARES = pd.DataFrame(
    {2020: [0.4, 0.0, 0.9], 2021: [0.25, 0.5, 0.9]},
    index=pd.Index(["Det lokala föreningslivet", "Återstart", "Pandemins effekter"], name="theme"),
)


def test_comparison_paragraph_gives_first_and_last_year_figures():
    text = narrative.comparison_paragraph(OVER_YEARS, SHARES)
    assert f"gått från 9 till 1{NBSP}400" in text
    assert f"från 206 till 2{NBSP}331" in text
    assert f"0{NBSP}%" in text and f"50{NBSP}%" in text


def test_comparison_paragraph_names_the_theme_that_grew_and_the_one_that_shrank_most():
    text = narrative.comparison_paragraph(OVER_YEARS, SHARES)
    grew, shrank = text.split("Mest ökade")[1].split("Mest minskade")
    assert "temat återstart" in grew
    assert f"50{NBSP}%" in grew and f"0{NBSP}%" in grew
    assert "det lokala föreningslivet" in shrank
    assert f"från 40{NBSP}% till 25{NBSP}%" in shrank
    assert "pandemins effekter" not in text  # unchanged


def test_comparison_paragraph_with_one_year_of_shares_has_no_theme_sentence():
    text = narrative.comparison_paragraph(OVER_YEARS, SHARES[[2021]])
    assert "Mest" not in text


def test_comparison_paragraph_writes_years_as_years_not_as_floats():
    # a row read with .iloc turns the int year into a float next to digital_share
    text = narrative.comparison_paragraph(OVER_YEARS, SHARES)
    assert text.startswith("Sedan 2019 har antalet dialogmöten")
    assert "2019.0" not in text and "2021.0" not in text
    assert ".0" not in text
