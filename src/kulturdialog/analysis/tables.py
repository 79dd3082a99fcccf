"""The report's figures and tables, computed from validated years (plain DataFrames)."""

from __future__ import annotations

import pandas as pd

from kulturdialog.analysis import comparison
from kulturdialog.data.load import YearData
from kulturdialog.data.validate import FORMATS
from kulturdialog.lang.i18n import SWEDISH, Language
from kulturdialog.lang.labels import AREAS, KINDS, STATUSES

COUNTY_MUNICIPALITIES = 26


def key_figures(data: YearData) -> dict[str, float]:
    """Meetings, participants, party groups, municipalities and the digital share of a year."""
    m = data.meetings
    return {
        "meetings": len(m),
        "participants": int(m["participants"].sum()),
        "party_groups": int(m["party_group"].nunique()),
        "municipalities": len(set().union(*m["municipalities"])) if len(m) else 0,
        "digital_share": float((m["format"] == "digital").mean()) if len(m) else 0.0,
    }


def meetings_by_party_group(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """Meetings, participants and formats per party group, in reference order."""
    m = data.meetings
    counts = pd.crosstab(m["party_group"], m["format"]).reindex(columns=list(FORMATS), fill_value=0)
    out = pd.DataFrame(
        {
            "meetings": m.groupby("party_group").size(),
            "participants": m.groupby("party_group")["participants"].sum(),
        }
    ).join(counts)
    order = [c for c in data.reference.party_groups.index if c in out.index]
    out = out.loc[order]
    labels = data.reference.party_groups.loc[order, lang.label_column]
    out.insert(0, "party_group", labels.to_numpy())
    out = out.rename_axis("code").reset_index()
    return out[
        ["code", "party_group", "meetings", "participants", "digital", "hybrid", "in_person"]
    ].astype({c: int for c in ("meetings", "participants", *FORMATS)})


def theme_summary(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """Themes raised this year: meetings, observations and party groups; most discussed first."""
    obs = data.observations
    themes = data.reference.themes
    grouped = obs.groupby("theme")
    out = pd.DataFrame(
        {
            "meetings": grouped["meeting_id"].nunique(),
            "observations": grouped.size(),
            "party_groups": grouped["party_group"].agg(
                lambda s: _in_order(s, data.reference.party_groups)
            ),
            "kinds": grouped["kind"].agg(
                lambda s: s.value_counts().reindex(list(KINDS)).dropna().astype(int).to_dict()
            ),
        }
    )
    out["theme"] = themes.loc[out.index, lang.label_column].to_numpy()
    out = out.rename_axis("code").reset_index()
    out = out.sort_values(["meetings", "observations", "theme"], ascending=[False, False, True])
    return out[["code", "theme", "meetings", "observations", "party_groups", "kinds"]].reset_index(
        drop=True
    )


def observations_for_theme(
    data: YearData, theme: str, lang: Language = SWEDISH
) -> dict[str, pd.DataFrame]:
    """A theme's observations grouped by kind (contract order), each with its party group label."""
    obs = data.observations[data.observations["theme"] == theme].copy()
    labels = data.reference.party_groups[lang.label_column]
    obs["party_group_label"] = obs["party_group"].map(labels)
    return {kind: obs[obs["kind"] == kind] for kind in KINDS if (obs["kind"] == kind).any()}


def _cooperation(data: YearData) -> pd.DataFrame:
    """The year's cooperation table (optional in the contract: empty when not recorded)."""
    if data.cooperation is None:
        return pd.DataFrame(
            {
                "municipality": [],
                "area": [],
                "cooperates": pd.Series([], dtype=bool),
                "barriers": [],
            }
        )
    return data.cooperation


def cooperation_by_area(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """How many municipalities cooperate, and how many do not, in each area."""
    c = _cooperation(data)
    out = pd.DataFrame(
        {
            "area": list(AREAS),
            "cooperating": [int((c["cooperates"] & (c["area"] == a)).sum()) for a in AREAS],
            "not_cooperating": [int((~c["cooperates"] & (c["area"] == a)).sum()) for a in AREAS],
        }
    )
    out["label"] = out["area"].map(lang.labels.areas)
    return out


def cooperation_matrix(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """All the county's municipalities × areas: True, False or None where nothing is recorded."""
    munis = data.reference.municipalities
    c = _cooperation(data).set_index(["municipality", "area"])["cooperates"]
    out = pd.DataFrame(
        {
            "municipality": munis["name"].to_numpy(),
            "subregion": munis["subregion"].map(lang.labels.subregions).to_numpy(),
        },
        index=munis.index,
    )
    for area in AREAS:
        out[area] = [c.get((code, area)) for code in munis.index]
    return out.rename_axis("code").reset_index()


def barrier_ranking(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """Barriers named by municipalities that do not cooperate, most named first."""
    c = _cooperation(data)
    named = c.loc[~c["cooperates"], "barriers"].explode().dropna()
    counts = named.value_counts()
    out = pd.DataFrame({"code": counts.index, "mentions": counts.to_numpy().astype(int)})
    out["barrier"] = out["code"].map(data.reference.barriers[lang.label_column])
    out = out.sort_values(["mentions", "barrier"], ascending=[False, True])
    return out[["code", "barrier", "mentions"]].reset_index(drop=True)


def needs_table(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """Needs for regional action: theme, text, who raised them, level and follow-up status."""
    n = data.needs
    ref = data.reference
    theme_order = {code: i for i, code in enumerate(ref.themes.index)}
    label = lang.label_column
    out = pd.DataFrame(
        {
            "need_id": n["need_id"],
            "theme": n["theme"].map(ref.themes[label]),
            "text": n["text"],
            "raised_by": n["raised_by"].map(
                lambda codes: ", ".join(
                    lang.listed([ref.party_groups.loc[c, label] for c in codes])
                )
            ),
            "level": n["level"].map(lang.labels.levels),
            "status": n["status"].map(lang.labels.statuses),
            "_order": n["theme"].map(theme_order),
        }
    )
    return out.sort_values(["_order", "need_id"]).drop(columns="_order").reset_index(drop=True)


def needs_by_status(data: YearData, lang: Language = SWEDISH) -> pd.DataFrame:
    """Number of needs per follow-up status, in contract order."""
    counts = data.needs["status"].value_counts()
    rows = [(s, int(counts[s])) for s in STATUSES if s in counts]
    out = pd.DataFrame(rows, columns=["status", "needs"])
    out["label"] = out["status"].map(lang.labels.statuses)
    return out


COUNTS = ("meetings", "participants", "party_groups", "municipalities")


def participation_over_years(years: list[YearData]) -> pd.DataFrame:
    """Key figures per year, oldest first; a year without dialogues between has a row of NA."""
    rows = [{"year": d.year, **key_figures(d)} for d in sorted(years, key=lambda d: d.year)]
    out = comparison.every_year(pd.DataFrame(rows))
    return out.astype({c: "Int64" for c in COUNTS} | {"digital_share": float})


def theme_shares_over_years(years: list[YearData], lang: Language = SWEDISH) -> pd.DataFrame:
    """Share of each year's meetings that raised each theme (themes × years, 0 where not raised).

    A year without dialogues between the first and the last has a column of NaN.
    """
    years = sorted(years, key=lambda d: d.year)
    ref = years[-1].reference.themes
    shares = {}
    for d in years:
        per_theme = d.observations.groupby("theme")["meeting_id"].nunique()
        shares[d.year] = (per_theme / max(len(d.meetings), 1)).reindex(ref.index, fill_value=0.0)
    out = pd.DataFrame(shares)
    out = out[(out > 0).any(axis=1)]
    out = out.reindex(columns=range(years[0].year, years[-1].year + 1))
    out.index = ref.loc[out.index, lang.label_column]
    out.index.name = "theme"
    return out.sort_values(years[-1].year, ascending=False)


def _in_order(codes: pd.Series, reference: pd.DataFrame) -> list[str]:
    present = set(codes)
    return [c for c in reference.index if c in present]


# -- several years: the trends notebook --------------------------------------------------------


def needs_status_over_years(years: list[YearData]) -> pd.DataFrame:
    """Needs per follow-up status and year (status as each year's data records it), oldest first.

    One row per year: `year`, one column per status in contract order (0 where none), `total`;
    a year without dialogues between has a row of NA.
    """
    rows = []
    for d in sorted(years, key=lambda d: d.year):
        counts = d.needs["status"].value_counts()
        rows.append(
            {"year": d.year, **{s: int(counts.get(s, 0)) for s in STATUSES}, "total": len(d.needs)}
        )
    out = comparison.every_year(pd.DataFrame(rows, columns=["year", *STATUSES, "total"]))
    return out.astype({c: "Int64" for c in (*STATUSES, "total")})


def needs_by_theme_over_years(years: list[YearData], lang: Language = SWEDISH) -> pd.DataFrame:
    """Needs per theme and year (themes × years, 0 where none), indexed by the theme's label.

    Only themes with at least one need; most needs over all years first, then reference order.
    A year without dialogues between has a column of NA.
    """
    years = sorted(years, key=lambda d: d.year)
    ref = years[-1].reference.themes
    out = pd.DataFrame(
        {
            d.year: d.needs["theme"].value_counts().reindex(ref.index, fill_value=0).astype(int)
            for d in years
        }
    )
    totals = out.sum(axis=1)
    position = {code: i for i, code in enumerate(ref.index)}
    order = sorted(out.index[totals > 0], key=lambda code: (-totals[code], position[code]))
    out = out.loc[order]
    out.index = pd.Index(ref.loc[order, lang.label_column].to_numpy(), name="theme")
    out = out.reindex(columns=range(years[0].year, years[-1].year + 1)).astype("Int64")
    out.columns.name = None
    return out
