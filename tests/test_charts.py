"""charts: each returns a Figure with Swedish labels and one bar per row; nothing left open."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure

from kulturdialog.analysis import charts, tables

NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def no_pyplot_figures_left_open():
    plt.close("all")
    yield
    assert plt.get_fignums() == [], "a chart function left a pyplot figure open"


def bar_lengths(ax, horizontal=True):
    return [round(p.get_width() if horizontal else p.get_height()) for p in ax.patches]


def annotations(ax):
    return [t.get_text() for t in ax.texts]


def test_meetings_chart_has_one_bar_per_party_group_labelled_in_swedish(year_2021):
    by_group = tables.meetings_by_party_group(year_2021)
    fig = charts.meetings_chart(by_group)
    assert isinstance(fig, Figure)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "Antal möten"
    assert bar_lengths(ax) == by_group["meetings"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == by_group["party_group"].tolist()
    assert annotations(ax) == [str(n) for n in by_group["meetings"]]


def test_themes_chart_has_one_bar_per_theme_most_discussed_first(year_2021):
    themes = tables.theme_summary(year_2021)
    fig = charts.themes_chart(themes)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "Antal möten där temat togs upp"
    assert len(ax.patches) == len(themes) == 11
    assert bar_lengths(ax) == themes["meetings"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()][0] == themes["theme"].iloc[0]


def test_barriers_chart_ranks_barriers_with_swedish_labels(year_2021):
    ranking = tables.barrier_ranking(year_2021)
    fig = charts.barriers_chart(ranking)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "Antal gånger som hindret nämns"
    assert bar_lengths(ax) == ranking["mentions"].tolist()
    assert [t.get_text() for t in ax.get_yticklabels()] == ranking["barrier"].tolist()


def test_bar_labels_use_swedish_number_format():
    frame = pd.DataFrame({"party_group": ["Regionala aktörer"], "meetings": [1234]})
    ax = charts.meetings_chart(frame).axes[0]
    assert annotations(ax) == [f"1{NBSP}234"]


def test_participation_chart_has_a_panel_each_for_meetings_and_participants(years):
    over = tables.participation_over_years(years)
    fig = charts.participation_chart(over)
    assert isinstance(fig, Figure)
    meetings, participants = fig.axes
    assert meetings.get_title(loc="left") == "Möten"
    assert participants.get_title(loc="left") == "Deltagare"
    for ax, column, ylabel in (
        (meetings, "meetings", "Antal möten"),
        (participants, "participants", "Antal deltagare"),
    ):
        assert ax.get_xlabel() == "År"
        assert ax.get_ylabel() == ylabel
        assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021"]
        assert bar_lengths(ax, horizontal=False) == over[column].tolist()
        assert annotations(ax) == [str(n) for n in over[column]]


def test_participation_chart_labels_large_numbers_the_swedish_way():
    over = pd.DataFrame({"year": [2020, 2021], "meetings": [9, 14], "participants": [1206, 12345]})
    participants = charts.participation_chart(over).axes[1]
    assert annotations(participants) == [f"1{NBSP}206", f"12{NBSP}345"]


def test_theme_shares_chart_is_a_heatmap_with_every_cell_labelled(years):
    shares = tables.theme_shares_over_years(years)
    fig = charts.theme_shares_chart(shares)
    (ax,) = fig.axes
    assert ax.get_xlabel() == "År"
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2019", "2020", "2021"]
    assert [t.get_text() for t in ax.get_yticklabels()] == list(shares.index)
    labels = annotations(ax)
    assert len(labels) == shares.size
    assert all(label == "–" or label.endswith(f"{NBSP}%") for label in labels)
    # as in the table: `0 %` where the theme did not come up, `–` only for a year without data
    assert labels.count(f"0{NBSP}%") == int((shares == 0).sum().sum()) > 0
    assert labels.count("–") == int(shares.isna().sum().sum())


def test_close_frees_a_figure():
    fig = charts.meetings_chart(pd.DataFrame({"party_group": ["A"], "meetings": [1]}))
    charts.close(fig)
    assert plt.get_fignums() == []
