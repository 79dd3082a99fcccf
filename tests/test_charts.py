"""charts: each returns a Figure with Swedish labels and one bar per row; nothing left open."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text

from kulturdialog.analysis import charts, tables
from kulturdialog.analysis.builder import Builder
from kulturdialog.lang.i18n import SWEDISH

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


# -- charts that belong to the page (issue 17) --------------------------------------------------

BODY_PT = 10.5  # the body text of the PDF and the Word file


def every_chart(years, year_2021) -> list[Figure]:
    return [
        charts.meetings_chart(tables.meetings_by_party_group(year_2021)),
        charts.themes_chart(tables.theme_summary(year_2021)),
        charts.barriers_chart(tables.barrier_ranking(year_2021)),
        charts.participation_chart(tables.participation_over_years(years)),
        charts.theme_shares_chart(tables.theme_shares_over_years(years)),
    ]


def test_every_chart_text_is_at_most_the_body_size_in_the_body_face(years, year_2021):
    for fig in every_chart(years, year_2021):
        assert fig.get_figwidth() <= charts.WIDTH  # placed at its own size: no enlargement
        texts = [t for t in fig.findobj(Text) if t.get_text()]
        assert texts
        assert max(t.get_fontsize() for t in texts) <= BODY_PT
        assert {t.get_fontfamily()[0] for t in texts} == {"Source Sans 3"}
        charts.close(fig)


def test_value_labels_sit_on_a_white_ground_above_gridlines_below_the_bars(year_2021):
    fig = charts.barriers_chart(tables.barrier_ranking(year_2021))
    (ax,) = fig.axes
    assert ax.get_axisbelow() is True  # gridlines under the bars
    grid = max(line.get_zorder() for line in ax.get_xgridlines())
    labels = [t for t in ax.texts if t.get_text()]
    assert len(labels) == len(ax.patches)
    for label in labels:
        ground = label.get_bbox_patch()
        assert ground is not None and ground.get_facecolor()[:3] == (1.0, 1.0, 1.0)
        assert label.get_zorder() > grid
    charts.close(fig)


def test_label_bars_labels_an_analysts_own_bars():
    fig = Figure()
    ax = fig.subplots()
    ax.barh(["a", "b"], [13, 1206])
    charts.label_bars(ax)
    assert annotations(ax) == ["13", f"1{NBSP}206"]
    assert ax.get_xlim()[1] >= 1206 * 1.15  # room for the label inside the axes


def test_heatmap_and_table_show_the_same_cells_with_a_year_without_dialogues():
    shares = pd.DataFrame(
        {2019: [0.5, 0.0], 2020: [float("nan")] * 2, 2021: [0.25, 0.0]},
        index=pd.Index(["A", "B"], name="theme"),
    )
    fig = charts.theme_shares_chart(shares)
    (ax,) = fig.axes
    shown = [t for t in annotations(ax) if t.endswith("%") or t == "–"]
    table = Builder().table(
        shares.reset_index().rename(columns=str),
        "caption",
        {"theme": "Tema", **{str(y): str(y) for y in shares.columns}},
        formats={str(y): SWEDISH.share for y in shares.columns},
    )
    cells = [cell for row in table.rows for cell in row[1:]]
    assert cells == [f"50{NBSP}%", "–", f"25{NBSP}%", f"0{NBSP}%", "–", f"0{NBSP}%"]
    # the chart labels every cell with data as the table does; the year without dialogues is
    # a blank column with the words written down it
    assert shown == [c for c in cells if c != "–"]
    assert "inga dialoger" in annotations(ax)
    charts.close(fig)
