"""Seaborn charts: each returns a Figure drawn on its own axes; nothing is shown or saved here."""

from __future__ import annotations

import sys

import matplotlib

if "ipykernel" not in sys.modules:  # in a notebook, pyplot keeps the inline backend
    matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from kulturdialog.analysis import comparison  # noqa: E402
from kulturdialog.data import characters  # noqa: E402
from kulturdialog.lang.i18n import SWEDISH, Language  # noqa: E402

INK = "#1f2933"
MUTED = "#52606d"  # 6.4:1 against white: the mark of a year without dialogues
BAR = "#005288"  # dark blue: 8.6:1 against white, safe for colour-blind readers
WIDTH = 6.3  # inches: the text width of an A4 page with 2.5 cm margins
# A chart is placed at its own size (WIDTH is the text width), so its text is set at these sizes
# on the page: below the body text (10.5 pt in the PDF and Word), in the body's typeface.
TEXT_PT = 9  # tick labels, value labels, axis labels
TITLE_PT = 10  # a panel's title
LABEL_BACKGROUND = {"boxstyle": "square,pad=0.15", "facecolor": "white", "edgecolor": "none"}


def setup() -> None:
    """The report's typeface (with its fallback fonts for other scripts) and a calm,
    colour-blind-safe theme in every chart."""
    for path in characters.FONT_FILES:
        font_manager.fontManager.addfont(str(path))
    sns.set_theme(
        style="whitegrid",
        palette="colorblind",
        rc={
            "font.family": list(characters.FONT_FAMILIES),
            "font.size": TEXT_PT,
            "axes.labelsize": TEXT_PT,
            "axes.titlesize": TITLE_PT,
            "xtick.labelsize": TEXT_PT,
            "ytick.labelsize": TEXT_PT,
            "legend.fontsize": TEXT_PT,
            "legend.title_fontsize": TEXT_PT,
            "figure.titlesize": TITLE_PT,
            "axes.axisbelow": True,  # gridlines under the bars and their labels
            "axes.edgecolor": INK,
            "axes.labelcolor": INK,
            "text.color": INK,
            "xtick.color": INK,
            "ytick.color": INK,
            "svg.hashsalt": "kulturdialog",  # stable ids in SVG output
            "axes.spines.top": False,
            "axes.spines.right": False,
        },
    )


setup()


def label_bars(ax, labels: list[str] | None = None, lang: Language = SWEDISH) -> None:
    """A value label at the end of each horizontal bar of `ax`, on a white ground so that no
    gridline crosses it; `labels` default to the bars' lengths as numbers."""
    bars = [p for p in ax.patches if isinstance(p, Rectangle)]
    texts = labels if labels is not None else [lang.number(p.get_width()) for p in bars]
    room = max((p.get_width() for p in bars), default=0) * 1.15  # the labels stay in the axes
    if ax.get_xlim()[1] < room:
        ax.set_xlim(right=room)
    for bar, text in zip(bars, texts, strict=True):
        ax.annotate(
            text,
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(3, 0),
            textcoords="offset points",
            ha="left",
            va="center",
            fontsize=TEXT_PT,
            bbox=LABEL_BACKGROUND,
            zorder=4,
        )


def _bars(
    labels: list[str],
    values: list[float],
    xlabel: str,
    ylabel: str = "",
    lang: Language = SWEDISH,
) -> Figure:
    fig = Figure(figsize=(WIDTH, 0.42 * len(labels) + 0.9), layout="constrained")
    ax = fig.subplots()
    sns.barplot(x=values, y=labels, ax=ax, color=BAR, orient="h")
    label_bars(ax, lang=lang)
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, max(values, default=1) * 1.15 or 1)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda x, _: lang.number(x))
    return fig


def meetings_chart(by_group: pd.DataFrame, lang: Language = SWEDISH) -> Figure:
    """Horizontal bars: meetings per party group, labelled with their counts."""
    return _bars(
        list(by_group["party_group"]), list(by_group["meetings"]), lang("axis_meetings"), lang=lang
    )


def themes_chart(themes: pd.DataFrame, lang: Language = SWEDISH) -> Figure:
    """Horizontal bars: meetings that raised each theme, most discussed first."""
    return _bars(
        list(themes["theme"]), list(themes["meetings"]), lang("axis_theme_meetings"), lang=lang
    )


def barriers_chart(ranking: pd.DataFrame, lang: Language = SWEDISH) -> Figure:
    """Ranked horizontal bars: how often each barrier was named."""
    return _bars(
        list(ranking["barrier"]),
        list(ranking["mentions"]),
        lang("axis_barrier_mentions"),
        lang=lang,
    )


def _bars_over_years(ax, years: pd.Series, values: pd.Series, label, lang: Language) -> None:
    """One bar per year, labelled with `label(value)`; a year without data (NA) keeps its place
    on the axis, with no bar and the words `inga dialoger` upright at its foot."""
    values = pd.to_numeric(values, errors="coerce").astype(float)
    order = [str(y) for y in years]
    sns.barplot(x=years.astype(str), y=values, ax=ax, color=BAR, order=order)
    ax.bar_label(
        ax.containers[0],
        labels=[label(v) for v in values.dropna()],
        padding=3,
        fontsize=TEXT_PT,
        bbox=LABEL_BACKGROUND,
        zorder=4,
    )
    for i, v in enumerate(values):
        if pd.isna(v):
            ax.annotate(
                comparison.no_dialogues_short(lang),
                (i, 0),
                xytext=(0, 4),
                textcoords="offset points",
                rotation=90,
                ha="center",
                va="bottom",
                fontsize=TEXT_PT,
                color=MUTED,
            )


def participation_chart(over_years: pd.DataFrame, lang: Language = SWEDISH) -> Figure:
    """Two panels over the years: meetings and participants, each bar labelled; a year without
    dialogues between keeps its place on the axis, marked as such."""
    fig = Figure(figsize=(WIDTH, 2.6), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, column in zip(axes, ["meetings", "participants"], strict=True):
        _bars_over_years(ax, over_years["year"], over_years[column], lang.number, lang)
        ax.set_title(lang(f"col_{column}"), loc="left", fontsize=TITLE_PT)
        ax.set_xlabel(lang("axis_year"))
        ax.set_ylabel(lang(f"axis_{column}"))
        ax.set_ylim(0, float(over_years[column].max()) * 1.18)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(lambda y, _: lang.number(y))
        ax.grid(axis="x", visible=False)
    return fig


def theme_shares_chart(shares: pd.DataFrame, lang: Language = SWEDISH) -> Figure:
    """Heatmap of the share of meetings raising each theme per year, every cell labelled; a year
    without dialogues (a column of NaN) is left blank with `inga dialoger` written down it."""
    fig = Figure(figsize=(WIDTH, 0.38 * len(shares) + 1.1), layout="constrained")
    ax = fig.subplots()
    shares = shares.astype(float)
    labels = shares.map(lang.share)  # as the table beside it: `0 %` for none, `–` for no data
    for i, year in enumerate(shares.columns):
        if shares[year].isna().all():
            ax.text(
                i + 0.5,
                len(shares) / 2,
                comparison.no_dialogues_short(lang),
                rotation=90,
                ha="center",
                va="center",
                fontsize=TEXT_PT,
                color=MUTED,
            )
    sns.heatmap(
        shares,
        ax=ax,
        annot=labels,
        fmt="",
        cmap="Blues",
        vmin=0,
        vmax=1,
        cbar=False,
        linewidths=1,
        linecolor="white",
        annot_kws={"fontsize": TEXT_PT},
    )
    ax.set_xlabel(lang("axis_year"))
    ax.set_ylabel("")
    ax.tick_params(left=False, bottom=False)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    return fig


def close(fig: Figure) -> None:
    """Free a figure (figures made with Figure() are not tracked by pyplot)."""
    plt.close(fig)


def _year_bars(ax, years: pd.Series, values: pd.Series, label, title: str, lang: Language) -> None:
    """One panel of bars per year, each bar labelled with `label(value)` (the trends charts);
    a year without dialogues keeps its place on the axis, marked as such."""
    _bars_over_years(ax, years, values, label, lang)
    ax.set_title(title, loc="left", fontsize=TITLE_PT)
    ax.set_xlabel(lang("axis_year"))
    ax.grid(axis="x", visible=False)


def reach_chart(
    over_years: pd.DataFrame, county_municipalities: int = 26, lang: Language = SWEDISH
) -> Figure:
    """Two panels over the years: municipalities taking part (of the county's) and digital share."""
    fig = Figure(figsize=(WIDTH, 2.6), layout="constrained")
    left, right = fig.subplots(1, 2)
    years = over_years["year"]
    title = lang("col_municipalities_of", county=county_municipalities)
    _year_bars(left, years, over_years["municipalities"], lang.number, title, lang)
    left.set_ylabel(lang("axis_municipalities"))
    left.set_ylim(0, county_municipalities * 1.12)
    left.yaxis.set_major_locator(MaxNLocator(integer=True, steps=[1, 2, 5, 10]))
    left.yaxis.set_major_formatter(lambda y, _: lang.number(y))
    _year_bars(right, years, over_years["digital_share"], lang.percent, lang("title_digital"), lang)
    right.set_ylabel(lang("axis_share_of_meetings"))
    right.set_ylim(0, 1.15)
    right.set_yticks([0, 0.25, 0.5, 0.75, 1])
    right.yaxis.set_major_formatter(lambda y, _: lang.percent(y))
    return fig


def needs_status_chart(
    by_status: pd.DataFrame, labels: dict[str, str], lang: Language = SWEDISH
) -> Figure:
    """Small multiples, one panel per follow-up status (`labels`: column → title), needs per year.

    `by_status` has a `year` column and one count column per status; all panels share one scale.
    """
    columns = list(labels)
    ncols = 2
    nrows = -(-len(columns) // ncols)
    fig = Figure(figsize=(WIDTH, 2.1 * nrows + 0.3), layout="constrained")
    axes = fig.subplots(nrows, ncols, sharey=True, squeeze=False).ravel()
    top = max(int(by_status[columns].max().max()), 1)
    for i, (ax, column) in enumerate(zip(axes, columns, strict=False)):
        _year_bars(ax, by_status["year"], by_status[column], lang.number, labels[column], lang)
        ax.set_ylabel(lang("axis_needs") if i % ncols == 0 else "")
        ax.set_xlabel(lang("axis_year") if i >= len(columns) - ncols else "")
        ax.set_ylim(0, top * 1.25)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(lambda y, _: lang.number(y))
    for ax in axes[len(columns) :]:
        ax.set_visible(False)
    return fig
