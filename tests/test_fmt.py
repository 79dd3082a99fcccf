"""fmt: numbers, percentages and dates as Swedish readers expect them (report-spec.md)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from kulturdialog.lang import fmt

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (0, 0, "0"),
        (7, 0, "7"),
        (999, 0, "999"),
        (1234, 0, f"1{NBSP}234"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (12.5, 1, "12,5"),
        (1234.5, 1, f"1{NBSP}234,5"),
        (3.0, 2, "3,00"),
    ],
)
def test_number_groups_thousands_with_a_no_break_space_and_uses_a_decimal_comma(
    value, decimals, expected
):
    assert fmt.number(value, decimals) == expected


def test_number_never_uses_an_ordinary_space_that_a_line_could_break_at():
    assert " " not in fmt.number(1234567)


@pytest.mark.parametrize(
    ("share", "decimals", "expected"),
    [
        (0.125, 1, f"12,5{NBSP}%"),
        (0.5, 0, f"50{NBSP}%"),
        (0.0, 0, f"0{NBSP}%"),
        (1.0, 0, f"100{NBSP}%"),
        (9 / 14, 0, f"64{NBSP}%"),
    ],
)
def test_percent_shows_a_share_as_percent_with_a_no_break_space_before_the_sign(
    share, decimals, expected
):
    assert fmt.percent(share, decimals) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2021, 11, 24), "24 november 2021"),
        (dt.date(2022, 2, 5), "5 februari 2022"),
        (dt.date(2021, 1, 1), "1 januari 2021"),
    ],
)
def test_date_is_day_month_name_year_in_lower_case_swedish(value, expected):
    assert fmt.date(value) == expected


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        ([], ""),
        (["a"], "a"),
        (["a", "b"], "a och b"),
        (["a", "b", "c"], "a, b och c"),
    ],
)
def test_join_lists_with_commas_and_och_before_the_last(items, expected):
    assert fmt.join(items) == expected


def test_join_takes_another_final_word():
    assert fmt.join(["a", "b", "c"], "eller") == "a, b eller c"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Det fria kulturlivet", "det fria kulturlivet"),
        ("Återstart och det nya normala", "återstart och det nya normala"),
        ("Ö", "ö"),
        ("EU-stöd", "EU-stöd"),  # an abbreviation keeps its capitals
        ("RIK-projektet", "RIK-projektet"),
        ("", ""),
    ],
)
def test_lower_first_lowers_a_label_for_running_text_but_keeps_abbreviations(label, expected):
    assert fmt.lower_first(label) == expected


# -- one convention for no data, zero and percent (issue 17) ------------------------------------


@pytest.mark.parametrize("missing", [None, float("nan"), pd.NA, np.nan])
def test_share_is_a_dash_only_where_there_is_no_data(missing):
    assert fmt.share(missing) == fmt.NO_DATA == "–"


def test_share_of_zero_is_zero_percent_not_a_dash():
    assert fmt.share(0.0) == f"0{NBSP}%"
    assert fmt.share(0, locale="en_GB") == "0%"
    assert fmt.share(0.43) == f"43{NBSP}%"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [("sv_SE", f"12,5{NBSP}%"), ("en_GB", "12.5%"), ("en", "12.5%")],
)
def test_percent_follows_the_locales_own_pattern(locale, expected):
    """Babel's CLDR pattern: a no-break space before % in Swedish, none in English."""
    assert fmt.percent(0.125, 1, locale=locale) == expected


def test_lower_first_keeps_proper_names_and_acronyms():
    names = ("Region Stockholm",)
    assert (
        fmt.lower_first("Civilsamhälle och föreningsliv", names) == "civilsamhälle och föreningsliv"
    )
    assert fmt.lower_first("Region Stockholm och kommunerna", names).startswith("Region")
    assert fmt.lower_first("Regionala aktörer", names) == "regionala aktörer"
    assert fmt.lower_first("RIK-projektet") == "RIK-projektet"
