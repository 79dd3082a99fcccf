"""Generated Swedish text: every number comes from the tables, none is typed in."""

from __future__ import annotations

import pandas as pd

from kulturdialog import fmt
from kulturdialog.labels import AREAS, KINDS_SINGULAR_LOWER
from kulturdialog.tables import COUNTY_MUNICIPALITIES

SINCE = 2019  # the first year of the culture dialogues
WORDS = [
    "noll",
    "en",
    "två",
    "tre",
    "fyra",
    "fem",
    "sex",
    "sju",
    "åtta",
    "nio",
    "tio",
    "elva",
    "tolv",
]
NEUTER = {1: "ett"}


def count(n: int, neuter: bool = False) -> str:
    """Small numbers in words, as Swedish running text prefers; larger ones as digits."""
    if neuter and n in NEUTER:
        return NEUTER[n]
    return WORDS[n] if 0 <= n < len(WORDS) else fmt.number(n)


def intro(year: int) -> str:
    return (
        f"Region Stockholm genomför sedan {SINCE} årliga dialoger med utpekade parter i det "
        "regionala kulturlivet för att bidra till strategisk samordning av regionens kultur- "
        f"och föreningsliv. Här följer en summering av {year} års dialoger."
    )


def _more_or_fewer(diff: int, noun: str) -> str:
    if diff == 0:
        return f"lika många {noun}"
    return f"{fmt.number(abs(diff))} {noun} {'fler' if diff > 0 else 'färre'}"


def year_in_figures(year: int, now: dict, before: dict | None, before_year: int | None) -> str:
    """The year in one paragraph of figures, with the change from the previous year."""
    groups = now["party_groups"]
    text = (
        f"Under {year} hölls {fmt.number(now['meetings'])} dialogmöten med sammanlagt "
        f"{fmt.number(now['participants'])} deltagare från {count(groups)} "
        f"{'partsgrupp' if groups == 1 else 'partsgrupper'}."
    )
    if before:
        text += (
            f" Det är {_more_or_fewer(now['meetings'] - before['meetings'], 'möten')} och "
            f"{_more_or_fewer(now['participants'] - before['participants'], 'deltagare')} "
            f"än {before_year}."
        )
    text += (
        f" I minst ett möte deltog {fmt.number(now['municipalities'])} av länets "
        f"{COUNTY_MUNICIPALITIES} kommuner"
    )
    text += (
        f", jämfört med {fmt.number(before['municipalities'])} år {before_year}." if before else "."
    )
    text += f" Av mötena hölls {fmt.percent(now['digital_share'])} digitalt"
    text += (
        f", jämfört med {fmt.percent(before['digital_share'])} år {before_year}." if before else "."
    )
    return text


def theme_paragraph(row: pd.Series, total_meetings: int, party_group_labels: pd.Series) -> str:
    """In how many meetings and by whom a theme came up; which kinds of observation dominated."""
    groups = [fmt.lower_first(party_group_labels[c]) for c in row["party_groups"]]
    n = int(row["meetings"])
    text = (
        f"Temat togs upp vid {count(n, neuter=True)} av årets {fmt.number(total_meetings)} "
        f"möten, i dialogen med {fmt.join(groups)}."
    )
    kinds = sorted(row["kinds"].items(), key=lambda kv: -kv[1])
    total = int(row["observations"])
    if len(kinds) == 1:
        word = "Den enda iakttagelsen" if total == 1 else f"Samtliga {count(total)} iakttagelser"
        return text + f" {word} gällde {KINDS_SINGULAR_LOWER[kinds[0][0]]}."
    top, top_n = kinds[0]
    rest = [f"{KINDS_SINGULAR_LOWER[k]} ({fmt.number(v)})" for k, v in kinds[1:]]
    lead = "Flest" if top_n > kinds[1][1] else "Lika många"
    if lead == "Flest":
        return text + (
            f" Flest iakttagelser gällde {KINDS_SINGULAR_LOWER[top]} "
            f"({fmt.number(top_n)} av {fmt.number(total)}), följt av {fmt.join(rest)}."
        )
    return text + (
        f" Iakttagelserna ({fmt.number(total)}) gällde "
        f"{fmt.join([f'{KINDS_SINGULAR_LOWER[k]} ({fmt.number(v)})' for k, v in kinds])}."
    )


def cooperation_paragraph(by_area: pd.DataFrame, municipalities: int) -> str:
    lead = (
        f"Av länets {COUNTY_MUNICIPALITIES} kommuner"
        if municipalities == COUNTY_MUNICIPALITIES
        else f"Av de {fmt.number(municipalities)} kommuner som lämnat uppgifter"
    )
    parts = [
        f"{fmt.number(r.cooperating)} kring {AREAS[r.area].lower()}" for r in by_area.itertuples()
    ]
    return f"{lead} samverkar {fmt.join(parts)} med andra kommuner eller regionen."


def barriers_paragraph(ranking: pd.DataFrame) -> str:
    if ranking.empty:
        return "Inga hindrande faktorer har angetts av kommuner som inte samverkar."
    items = [
        f"{fmt.lower_first(r.barrier)} ({fmt.number(r.mentions)})" for r in ranking.itertuples()
    ]
    first, *rest = items
    text = f"Bland de kommuner som inte samverkar nämns {first} oftast som hindrande faktor"
    return text + (f", följt av {fmt.join(rest)}." if rest else ".")


def needs_paragraph(needs: pd.DataFrame, by_status: pd.DataFrame) -> str:
    """How many needs, how many regional, and where they stand (`needs` from needs_table())."""
    n = len(needs)
    if n == 0:
        return "Årets dialoger har inte lett till några nya önskemål om insatser."
    regional = int((needs["level"] == "Regional").sum())
    states = [
        STATUS_PHRASES[r.status][r.needs != 1].format(n=count(r.needs, neuter=True))
        for r in by_status.itertuples()
    ]
    return (
        f"Kulturförvaltningen har utifrån årets dialoger identifierat {fmt.number(n)} önskemål "
        f"och behov av insatser, varav {fmt.number(regional)} på regional nivå. Läget i "
        f"uppföljningen: {fmt.join(states)}."
    )


STATUS_PHRASES = {  # (one need, several needs)
    "budget_process": ("{n} hanteras i budget- och verksamhetsplaneringen",) * 2,
    "in_progress": ("{n} pågår",) * 2,
    "done": ("{n} är genomfört", "{n} är genomförda"),
    "noted": ("{n} är noterat", "{n} är noterade"),
}

NEEDS_CLOSING = (
    "Kulturförvaltningen arbetar vidare med önskemålen och behoven i den årliga "
    "processen för budget- och verksamhetsplanering inom kulturnämnden."
)


def comparison_paragraph(over_years: pd.DataFrame, shares: pd.DataFrame) -> str:
    first, *_, last = over_years.astype(object).itertuples()
    text = (
        f"Sedan {first.year} har antalet dialogmöten gått från {fmt.number(first.meetings)} "
        f"till {fmt.number(last.meetings)} och antalet deltagare från "
        f"{fmt.number(first.participants)} till {fmt.number(last.participants)}. Andelen "
        f"digitala möten var {fmt.percent(first.digital_share)} år {first.year} och "
        f"{fmt.percent(last.digital_share)} år {last.year}."
    )
    if shares.shape[1] >= 2:
        prev_year, year = shares.columns[-2], shares.columns[-1]
        delta = (shares[year] - shares[prev_year]).sort_values()
        up, down = delta.index[-1], delta.index[0]
        if delta.iloc[-1] > 0:
            text += (
                f" Mest ökade temat {fmt.lower_first(up)}, som togs upp vid "
                f"{fmt.percent(shares.at[up, year])} av mötena {year} mot "
                f"{fmt.percent(shares.at[up, prev_year])} {prev_year}."
            )
        if delta.iloc[0] < 0:
            text += (
                f" Mest minskade {fmt.lower_first(down)}, från "
                f"{fmt.percent(shares.at[down, prev_year])} till "
                f"{fmt.percent(shares.at[down, year])}."
            )
    return text
