"""Seaborn charts: each returns a Figure drawn on its own axes; nothing is shown or saved here."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from kulturdialog import fmt  # noqa: E402
from kulturdialog.paths import ASSETS_DIR  # noqa: E402

INK = "#1f2933"
BAR = "#005288"  # dark blue: 8.6:1 against white, safe for colour-blind readers
WIDTH = 6.3  # inches: the text width of an A4 page with 2.5 cm margins


def setup() -> None:
    """Use the report's typeface and a calm, colour-blind-safe theme in every chart."""
    for style in ("Regular", "It", "Semibold", "Bold"):
        font_manager.fontManager.addfont(str(ASSETS_DIR / "fonts" / f"SourceSans3-{style}.ttf"))
    sns.set_theme(
        style="whitegrid",
        palette="colorblind",
        rc={
            "font.family": "Source Sans 3",
            "font.size": 10,
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


def _bars(labels: list[str], values: list[float], xlabel: str, ylabel: str = "") -> Figure:
    fig = Figure(figsize=(WIDTH, 0.42 * len(labels) + 0.9), layout="constrained")
    ax = fig.subplots()
    sns.barplot(x=values, y=labels, ax=ax, color=BAR, orient="h")
    for bar, value in zip(ax.patches, values, strict=True):
        ax.annotate(
            fmt.number(value),
            (bar.get_width(), bar.get_y() + bar.get_height() / 2),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=10,
        )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    ax.set_xlim(0, max(values, default=1) * 1.15 or 1)
    ax.grid(axis="y", visible=False)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(lambda x, _: fmt.number(x))
    return fig


def meetings_chart(by_group: pd.DataFrame) -> Figure:
    """Horizontal bars: meetings per party group, labelled with their counts."""
    return _bars(list(by_group["party_group"]), list(by_group["meetings"]), "Antal möten")


def themes_chart(themes: pd.DataFrame) -> Figure:
    """Horizontal bars: meetings that raised each theme, most discussed first."""
    return _bars(list(themes["theme"]), list(themes["meetings"]), "Antal möten där temat togs upp")


def barriers_chart(ranking: pd.DataFrame) -> Figure:
    """Ranked horizontal bars: how often each barrier was named."""
    return _bars(
        list(ranking["barrier"]), list(ranking["mentions"]), "Antal gånger som hindret nämns"
    )


def participation_chart(over_years: pd.DataFrame) -> Figure:
    """Two panels over the years: meetings and participants, each bar labelled."""
    fig = Figure(figsize=(WIDTH, 2.6), layout="constrained")
    axes = fig.subplots(1, 2)
    for ax, column, title in zip(
        axes, ["meetings", "participants"], ["Möten", "Deltagare"], strict=True
    ):
        years = over_years["year"].astype(str)
        sns.barplot(x=years, y=over_years[column], ax=ax, color=BAR)
        ax.bar_label(
            ax.containers[0], labels=[fmt.number(v) for v in over_years[column]], padding=2
        )
        ax.set_title(title, loc="left", fontsize=11)
        ax.set_xlabel("År")
        ax.set_ylabel(f"Antal {title.lower()}")
        ax.set_ylim(0, over_years[column].max() * 1.18)
        ax.yaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(lambda y, _: fmt.number(y))
        ax.grid(axis="x", visible=False)
    return fig


def theme_shares_chart(shares: pd.DataFrame) -> Figure:
    """Heatmap of the share of meetings raising each theme per year, every cell labelled."""
    fig = Figure(figsize=(WIDTH, 0.38 * len(shares) + 1.1), layout="constrained")
    ax = fig.subplots()
    labels = shares.map(lambda v: fmt.percent(v) if v > 0 else "–")
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
        annot_kws={"fontsize": 10},
    )
    ax.set_xlabel("År")
    ax.set_ylabel("")
    ax.tick_params(left=False, bottom=False)
    ax.xaxis.tick_top()
    ax.xaxis.set_label_position("top")
    return fig


def close(fig: Figure) -> None:
    """Free a figure (figures made with Figure() are not tracked by pyplot)."""
    plt.close(fig)
