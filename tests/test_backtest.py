"""Back-test: the 2021 tables equal the expected CSVs, derived independently from the raw data."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

from kulturdialog.analysis import tables

EXPECTED = ROOT / "tests/backtests/expected/2021"


def read(name: str) -> pd.DataFrame:
    return pd.read_csv(EXPECTED / name, dtype={"value": str})


def test_key_figures(year_2021):
    want = dict(zip(*read("key_figures.csv").to_dict("list").values(), strict=True))
    got = tables.key_figures(year_2021)
    assert got["meetings"] == int(want["meetings"])
    assert got["participants"] == int(want["participants"])
    assert got["party_groups"] == int(want["party_groups"])
    assert got["municipalities"] == int(want["municipalities"])
    assert round(got["digital_share"] * 100, 1) == pytest.approx(
        float(want["digital_share_percent"])
    )


@pytest.mark.parametrize(
    ("function", "name", "columns"),
    [
        (
            tables.meetings_by_party_group,
            "meetings_by_party_group.csv",
            ["party_group", "meetings", "participants", "digital", "hybrid", "in_person"],
        ),
        (tables.theme_summary, "themes.csv", ["theme", "meetings", "observations"]),
        (tables.barrier_ranking, "barriers.csv", ["barrier", "mentions"]),
        (
            tables.cooperation_by_area,
            "cooperation_by_area.csv",
            ["area", "cooperating", "not_cooperating"],
        ),
        (tables.needs_by_status, "needs_by_status.csv", ["status", "needs"]),
    ],
)
def test_table_matches_expected(year_2021, function, name, columns):
    got = function(year_2021)[columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(got, read(name)[columns], check_dtype=False)
