"""The culture dialogues over the years (notebooks/trends.ipynb): every year in data/ compared.

Participation, themes and needs with their follow-up status, year by year, in the annual
summary's publication style: the same numbering of tables and figures, the same title block
metadata for the HTML and PDF, every number computed from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kulturdialog import blocks as b
from kulturdialog import charts, compare, fmt, provenance, tables
from kulturdialog.builder import Shown
from kulturdialog.errors import ParameterError
from kulturdialog.i18n import SWEDISH
from kulturdialog.kernel import show_errors_plainly
from kulturdialog.labels import STATUSES
from kulturdialog.load import YearData, load_year
from kulturdialog.narrative import count
from kulturdialog.report import AnnualReport
from kulturdialog.tables import COUNTY_MUNICIPALITIES

TITLE = "Kulturdialogerna över åren"
SPELLED_OUT_YEARS = 5  # up to this many years, a paragraph names each year's value


@dataclass
class TrendsReport:
    """Several years of dialogues, oldest first; each method builds one section as HTML."""

    years: list[YearData]
    parameters: dict = field(default_factory=dict)
    root: Path | None = None
    _out: AnnualReport = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.years:
            raise ValueError("a trends report needs at least one year")
        self.years = sorted(self.years, key=lambda d: d.year)
        # The annual report numbers and captions tables and figures and builds sections; this
        # report uses only that, never its section methods.
        self._out = AnnualReport(data=self.latest, parameters=self.parameters, root=self.root)

    # -- shared with the annual summary ---------------------------------------------------------
    def table(self, frame, caption: str, headers, **kwargs) -> Shown:
        """A numbered, captioned table (see AnnualReport.table)."""
        return self._out.table(frame, caption, headers, **kwargs)

    def figure(self, fig, caption: str, alt: str) -> Shown:
        """A numbered figure with caption and text alternative (see AnnualReport.figure)."""
        return self._out.figure(fig, caption, alt)

    def _section(self, title: str, anchor: str, body: list) -> Shown:
        return self._out._section(title, anchor, body)

    # -- the period --------------------------------------------------------------------------------
    @property
    def latest(self) -> YearData:
        return self.years[-1]

    @property
    def period(self) -> str:
        """`2019–2021`, or `2021` for a single year."""
        first, last = self.years[0].year, self.latest.year
        return str(last) if first == last else f"{first}–{last}"

    @property
    def title(self) -> str:
        return f"{TITLE} {self.period}"

    @property
    def date(self):
        """The date the report states: the latest year's, from its inputs (never the clock)."""
        return provenance.rendering_date(
            self.latest.meta.published, self.latest.meetings["date"].max().date()
        )

    @property
    def missing(self) -> list[int]:
        """Years without dialogues between the first and the latest."""
        return compare.missing_years(d.year for d in self.years)

    @property
    def notes(self) -> tuple[str, ...]:
        """The note under a table over the years: `Inga dialoger hölls 2022.`, if so."""
        return (compare.no_dialogues(self.missing),) if self.missing else ()

    def groups_text(self) -> str:
        """Party groups new in the latest year or absent from it, against the year before it."""
        if len(self.years) < 2:
            return ""
        before = self.years[-2]
        change = compare.GroupChange(
            self.latest.meetings, before.meetings, self.latest.reference.party_groups
        )
        return change.sentences(before.year, SWEDISH, year=self.latest.year)

    def participation(self) -> pd.DataFrame:
        return tables.participation_over_years(self.years)

    def theme_shares(self) -> pd.DataFrame:
        return tables.theme_shares_over_years(self.years)

    def needs_status(self) -> pd.DataFrame:
        return tables.needs_status_over_years(self.years)

    def needs_by_theme(self) -> pd.DataFrame:
        return tables.needs_by_theme_over_years(self.years)

    # -- sections ----------------------------------------------------------------------------------
    def title_block(self) -> Shown:
        """Title, the latest year's diarienummer, period and date."""
        dnr = self.latest.meta.diarienummer
        facts = [
            b.Fact("Period", self.period, "year"),
            b.Fact("Datum", fmt.date(self.date), "published"),
        ]
        if dnr:
            facts.insert(0, b.Fact("Diarienummer", dnr, "dnr"))
        info = b.DocInfo(
            title=self.title,
            year=self.latest.year,
            date=self.date.isoformat(),
            diarienummer=dnr,
            language="sv",  # this report is Swedish
            description=f"Region Stockholms kulturdialoger över åren {self.period}",
            author="Region Stockholm, Kulturförvaltningen",
        )
        title = b.Title(info, "Region Stockholm · Kulturförvaltningen", tuple(facts))
        return self._out.out.show([title, b.Contents()])

    def ingress(self) -> Shown:
        over = self.participation()
        body = [
            self._out.out.paragraph(intro(self.period, len(self.years)), "lead"),
            self._out.out.paragraph(
                " ".join(
                    [
                        overview_paragraph(
                            compare.held(over), int(self.needs_status()["total"].sum())
                        ),
                        *self.notes,
                    ]
                )
            ),
        ]
        return self._section("Inledning", "inledning", body)

    def participation_section(self) -> Shown:
        over = self.participation()
        headers = {
            "year": "År",
            "meetings": "Möten",
            "participants": "Deltagare",
            "party_groups": "Partsgrupper",
            "municipalities": f"Kommuner (av {COUNTY_MUNICIPALITIES})",
            "digital_share": "Andel digitala möten",
        }
        numeric = tuple(list(headers)[1:])
        formats = {c: fmt.number for c in numeric} | {"year": str, "digital_share": fmt.percent}
        footer = {
            "year": "Totalt",
            "meetings": fmt.number(over["meetings"].sum()),
            "participants": fmt.number(over["participants"].sum()),
        }
        table = self.table(
            over,
            f"Deltagande per år {self.period}: möten, deltagare, partsgrupper, kommuner som deltog "
            "i minst ett möte och andel digitala möten.",
            headers,
            formats=formats,
            numeric=numeric,
            footer=footer if len(over) > 1 else None,
            notes=self.notes,
        )
        shown = compare.held(over)
        gap = "".join(" " + n for n in self.notes)
        per_year = "; ".join(
            f"{r.year}: {fmt.number(r.meetings)} möten och {fmt.number(r.participants)} deltagare"
            for r in shown.itertuples()
        )
        fig1 = self.figure(
            charts.participation_chart(over),
            f"Antal dialogmöten och deltagare per år, {self.period}.",
            f"Två stapeldiagram över möten och deltagare per år: {per_year}.{gap}",
        )
        reach = "; ".join(
            f"{r.year}: {fmt.number(r.municipalities)} kommuner och "
            f"{fmt.percent(r.digital_share)} digitala möten"
            for r in shown.itertuples()
        )
        fig2 = self.figure(
            charts.reach_chart(over, COUNTY_MUNICIPALITIES),
            f"Kommuner som deltog i minst ett möte (av länets {COUNTY_MUNICIPALITIES}) och andel "
            f"digitala möten per år, {self.period}.",
            "Två stapeldiagram över antal deltagande kommuner och andelen digitala möten per år: "
            f"{reach}.{gap}",
        )
        text = " ".join(
            t for t in (participation_paragraph(shown), *self.notes, self.groups_text()) if t
        )
        body = [self._out.out.paragraph(text), table, fig1, fig2]
        return self._section("Deltagande över åren", "deltagande", body)

    def themes_section(self) -> Shown:
        shares = self.theme_shares()
        year_cols = [str(y) for y in shares.columns]
        frame = shares.reset_index()
        frame.columns = ["theme", *year_cols]
        table = self.table(
            frame,
            f"Andel av årets möten där respektive tema togs upp, {self.period} "
            "(– = togs inte upp det året).",
            {"theme": "Tema", **{y: y for y in year_cols}},
            formats={y: _share for y in year_cols},
            numeric=tuple(year_cols),
            notes=self.notes,
        )
        held = shares.dropna(axis=1, how="all")
        alt = (
            "Värmekarta över andelen av årets möten där varje tema togs upp, mörkare ruta betyder "
            "större andel. "
            + " ".join(
                f"{label}: " + ", ".join(f"{year} {_share(v)}" for year, v in row.items()) + "."
                for label, row in held.iterrows()
            )
            + "".join(" " + n for n in self.notes)
        )
        figure = self.figure(
            charts.theme_shares_chart(shares),
            f"Andel av årets möten där respektive tema togs upp, {self.period}.",
            alt,
        )
        body = [self._out.out.paragraph(themes_paragraph(held, bool(self.missing))), table, figure]
        return self._section("Teman över tid", "teman-over-tid", body)

    def needs_section(self) -> Shown:
        status = self.needs_status()
        by_theme = self.needs_by_theme()
        held_status = compare.held(status, "total")
        held_by_theme = by_theme.dropna(axis=1, how="all").astype(int)
        body = [
            self._out.out.paragraph(needs_paragraph(held_status, held_by_theme, bool(self.missing)))
        ]
        if status["total"].sum() == 0:
            return self._section("Önskemål och behov över tid", "behov-over-tid", body)
        headers = {"year": "År", **STATUSES, "total": "Totalt"}
        numeric = (*STATUSES, "total")
        body.append(
            self.table(
                status,
                f"Önskemål och behov av insatser per år och status i uppföljningen, {self.period} "
                "(status enligt respektive års underlag).",
                headers,
                formats={c: fmt.number for c in numeric} | {"year": str},
                numeric=numeric,
                footer={"year": "Totalt", **{c: fmt.number(status[c].sum()) for c in numeric}}
                if len(status) > 1
                else None,
                notes=self.notes,
            )
        )
        panels = count(len(STATUSES)).capitalize()
        alt = (
            f"{panels} stapeldiagram, ett per status, över antal önskemål per år. "
            + " ".join(
                f"{label}: "
                + ", ".join(
                    f"{r['year']} {fmt.number(r[code])}" for r in held_status.to_dict("records")
                )
                + "."
                for code, label in STATUSES.items()
            )
            + "".join(" " + n for n in self.notes)
        )
        body.append(
            self.figure(
                charts.needs_status_chart(status, STATUSES),
                f"Önskemål och behov av insatser per status och år, {self.period}.",
                alt,
            )
        )
        year_cols = [str(y) for y in by_theme.columns]
        frame = by_theme.reset_index()
        frame.columns = ["theme", *year_cols]
        frame["total"] = held_by_theme.sum(axis=1).to_numpy()
        numeric = (*year_cols, "total")
        body.append(
            self.table(
                frame,
                f"Önskemål och behov av insatser per tema och år, {self.period}.",
                {"theme": "Tema", **{y: y for y in year_cols}, "total": "Totalt"},
                formats={c: fmt.number for c in numeric},
                numeric=numeric,
                notes=self.notes,
            )
        )
        return self._section("Önskemål och behov över tid", "behov-over-tid", body)

    def appendix(self) -> Shown:
        latest = self.latest
        files = sorted({f for d in self.years for f in d.sources})
        record = provenance.describe(
            files,
            self.parameters,
            latest.meta.published,
            latest.meetings["date"].max().date(),
            self.root,
        )
        method = self._out.out.paragraph(
            "Sammanställningen bygger på samma strukturerade underlag som årens sammanfattningar: "
            f"möten, iakttagelser per tema och identifierade önskemål och behov för "
            f"{_years_phrase([d.year for d in self.years])}. Andelar räknas på antalet möten "
            "respektive år. Status för önskemål och behov är den som anges i respektive års "
            "underlag. Alla siffror, tabeller och diagram räknas fram ur underlaget vid varje "
            "framställning; inga siffror är inskrivna för hand."
        )
        rendered = self._out.out.paragraph(
            f"Framställd ur underlag daterat {fmt.date(self.date)} (datum ur det senaste årets "
            "underlag, inte klockslag, så att samma underlag ger samma rapport)."
        )
        body = [method, rendered, *self._out.provenance_block(record)]
        return self._section("Om underlaget", "om-underlaget", body)


def open_trends(
    year: int, data_dir: str = "data", first_year: int = 0, root: Path | None = None
) -> TrendsReport:
    """Load and validate every year in `data_dir` from `first_year` (0: the first) to `year`.

    DataError if a year's input is broken; ParameterError if `first_year` is after `year`.
    """
    show_errors_plainly()
    if first_year < 0 or (first_year and first_year > year):
        raise ParameterError(
            f"parameter 'first_year': {first_year}: expected 0 (every year) or a year not "
            f"after year {year}"
        )
    latest = load_year(year, root, data_dir)
    earlier = compare.load_earlier(year, root, data_dir, first_year)
    parameters = {"year": year, "data_dir": data_dir, "first_year": first_year}
    return TrendsReport([*earlier, latest], parameters, root)


# -- the text ------------------------------------------------------------------------------------


def intro(period: str, n_years: int) -> str:
    span = f"under åren {period}" if n_years > 1 else f"under {period}"
    return (
        "Region Stockholm för årliga dialoger med utpekade parter i det regionala kulturlivet "
        "för att bidra till strategisk samordning av regionens kultur- och föreningsliv. Den här "
        f"sammanställningen följer dialogerna {span}: hur många som deltog, vilka teman som "
        "togs upp och hur de önskemål och behov som dialogerna ledde till har följts upp."
    )


def overview_paragraph(over: pd.DataFrame, needs: int, sections: int = 3) -> str:
    """The period in figures (`over` from tables.participation_over_years; `needs` in all)."""
    last = _row(over, -1)
    gaps = compare.missing_years(over["year"])
    with_dialogues = " med dialoger" if gaps else ""  # the others are named after
    if len(over) == 1:
        return (
            f"Underlaget omfattar ett år, {last.year}, med {fmt.number(last.meetings)} "
            f"dialogmöten och {fmt.number(last.participants)} deltagare. Jämförelser över tid "
            "blir möjliga när underlaget omfattar fler år."
        )
    return (
        f"Under de {count(len(over))} åren{with_dialogues} hölls sammanlagt "
        f"{fmt.number(over['meetings'].sum())} "
        f"dialogmöten med {fmt.number(over['participants'].sum())} deltagare, och dialogerna "
        f"ledde till {fmt.number(needs)} önskemål och behov av insatser. De följande "
        f"{count(sections)} avsnitten visar utvecklingen år för år; bilagan Om underlaget "
        "redovisar vilka filer siffrorna bygger på."
    )


def participation_paragraph(over: pd.DataFrame) -> str:
    """Meetings, participants, municipalities and the digital share over the years."""
    first, last = _row(over, 0), _row(over, -1)
    if len(over) == 1:
        return (
            f"Under {last.year} hölls {fmt.number(last.meetings)} dialogmöten med "
            f"{fmt.number(last.participants)} deltagare. I minst ett möte deltog "
            f"{fmt.number(last.municipalities)} av länets {COUNTY_MUNICIPALITIES} kommuner, och "
            f"{fmt.percent(last.digital_share)} av mötena hölls digitalt."
        )
    text = (
        f"{_change('Antalet dialogmöten', first.meetings, last.meetings, first.year, last.year)}"
        f" och {_change('antalet deltagare', first.participants, last.participants)}."
    )
    peak = _row(over, int(over["participants"].to_numpy().argmax()))  # years with data only
    if peak.year not in (first.year, last.year):
        text += (
            f" Flest deltagare, {fmt.number(peak.participants)}, hade dialogerna år {peak.year}."
        )
    text += (
        f" I minst ett möte deltog {fmt.number(first.municipalities)} av länets "
        f"{COUNTY_MUNICIPALITIES} kommuner år {first.year} och "
        f"{fmt.number(last.municipalities)} år {last.year}."
    )
    shares = [(r.year, r.digital_share) for r in over.itertuples()]
    if len(shares) > SPELLED_OUT_YEARS:
        top = max(shares, key=lambda s: s[1])
        shares = sorted({shares[0], top, shares[-1]})
    text += " Andelen digitala möten var " + fmt.join(
        [f"{fmt.percent(share)} år {year}" for year, share in shares]
    )
    return text + "."


def themes_paragraph(shares: pd.DataFrame, gaps: bool = False) -> str:
    """Which themes recur, which are new or gone, which moved most (themes × years shares).

    `gaps`: some years between had no dialogues (`shares` holds the years with dialogues).
    """
    every_year = "varje år med dialoger" if gaps else "varje år"
    years = list(shares.columns)
    last = years[-1]
    n = len(shares)
    if len(years) == 1:
        top = [t for t in shares.index if shares.at[t, last] == shares[last].max()]
        each = " vardera" if len(top) > 1 else ""
        return (
            f"Under {last} togs {count(n)} teman upp. Flest möten berörde {_themes(top)}, som"
            f"{each} togs upp vid {fmt.percent(shares[last].max())} av mötena."
        )
    raised = shares > 0
    every = [t for t in shares.index if raised.loc[t].all()]
    text = f"Under perioden togs {count(n)} teman upp."
    if len(every) == n:
        text += f" Alla återkom {every_year}."
    elif every:
        text += f" {count(len(every)).capitalize()} av dem återkom {every_year}: {_themes(every)}."
    else:
        text += f" Inget tema togs upp {every_year}."
    earlier = raised[years[:-1]].any(axis=1)
    new = [t for t in shares.index if raised.at[t, last] and not earlier[t]]
    gone = [t for t in shares.index if not raised.at[t, last] and earlier[t]]
    if new:
        text += f" {'Nya teman' if len(new) > 1 else 'Nytt tema'} {last}: {_themes(new)}."
    if gone:
        text += f" {_themes(gone)} togs upp tidigare år men inte {last}."
    first = years[0]
    delta = (shares[last] - shares[first]).sort_values(kind="stable")
    up, down = delta.index[-1], delta.index[0]
    if delta.iloc[-1] > 0:
        text += (
            f" Mest ökade {fmt.lower_first(up)}, från {fmt.percent(shares.at[up, first])} av "
            f"mötena {first} till {fmt.percent(shares.at[up, last])} {last}."
        )
    if delta.iloc[0] < 0:
        text += (
            f" Mest minskade {fmt.lower_first(down)}, från "
            f"{fmt.percent(shares.at[down, first])} till {fmt.percent(shares.at[down, last])}."
        )
    return text


STATUS_PHRASES = {  # (one need, several needs)
    "budget_process": ("{n} hanteras i budget- och verksamhetsplaneringen",) * 2,
    "in_progress": ("{n} pågår",) * 2,
    "done": ("{n} är genomfört", "{n} är genomförda"),
    "noted": ("{n} är noterat", "{n} är noterade"),
}


def needs_paragraph(status: pd.DataFrame, by_theme: pd.DataFrame, gaps: bool = False) -> str:
    """How many needs per year, where they stand, how much of each year's is done, what recurs."""
    total = int(status["total"].sum())
    if total == 0:
        return "Dialogerna har under perioden inte lett till några önskemål om insatser."
    per_year = fmt.join(
        [f"{count(r.total, neuter=True)} under {r.year}" for r in status.itertuples()]
    )
    states = [
        STATUS_PHRASES[s][n != 1].format(n=count(n, neuter=True))
        for s in STATUSES
        if (n := int(status[s].sum()))
    ]
    if len(status) == 1:
        text = (
            f"Under {status.iloc[0].year} identifierades {count(total, neuter=True)} önskemål "
            "och behov av insatser."
        )
    else:
        text = (
            f"Under perioden identifierades sammanlagt {fmt.number(total)} önskemål och behov "
            f"av insatser: {per_year}."
        )
    source = "respektive års underlag" if len(status) > 1 else "underlaget"
    text += f" Läget i uppföljningen enligt {source}: {fmt.join(states)}."
    if len(status) > 1:
        done = [(r.year, fmt.percent(r.done / r.total)) for r in status.itertuples() if r.total]
        (y0, p0), *rest = done
        text += f" Av önskemålen från {y0} är {p0} genomförda" + (
            ", " + fmt.join([f"från {y} {p}" for y, p in rest]) + "." if rest else "."
        )
        every = [t for t in by_theme.index if (by_theme.loc[t] > 0).all()]
        if every:
            each = "varje år med dialoger" if gaps else "varje år"
            text += f" Önskemål inom {_themes(every)} har förts fram {each}."
    return text


def _change(noun: str, a: int, b: int, y0: int | None = None, y1: int | None = None) -> str:
    """`Antalet möten ökade från 9 år 2019 till 14 år 2021` (years left out when not given)."""
    a_text, b_text = fmt.number(a), fmt.number(b)
    if y0 is not None and y1 is not None:
        a_text, b_text = f"{a_text} år {y0}", f"{b_text} år {y1}"
    if a == b:
        return f"{noun} var detsamma, {fmt.number(a)}" + (
            f", år {y0} och år {y1}" if y0 is not None else ""
        )
    return f"{noun} {'ökade' if b > a else 'minskade'} från {a_text} till {b_text}"


def _themes(labels: list[str]) -> str:
    """Theme labels in running text, quoted: several of them contain `och` themselves."""
    return fmt.join([f"”{label}”" for label in labels])


def _row(frame: pd.DataFrame, position: int):
    """One row with each value of its own type (a year stays an int beside a float share)."""
    return next(frame.iloc[[position]].astype(object).itertuples(index=False))


def _share(value: float) -> str:
    return fmt.percent(value) if value > 0 else "–"


def _years_phrase(years: list[int]) -> str:
    if len(years) == 1:
        return f"år {years[0]}"
    return "åren " + fmt.join([str(y) for y in years])
