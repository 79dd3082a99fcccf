"""The culture dialogues over the years (notebooks/trends.ipynb): every year in data/ compared.

Participation, themes and needs with their follow-up status, year by year, in the annual
summary's publication style: the same numbering of tables and figures, the same title block
metadata for the HTML and PDF, every number computed from the data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kulturdialog import paths
from kulturdialog.analysis import charts, comparison, tables
from kulturdialog.analysis.builder import Builder, Part, Shown
from kulturdialog.analysis.tables import COUNTY_MUNICIPALITIES
from kulturdialog.analysis.trends_text import (  # noqa: F401 - the text functions, as trends.* too
    SPELLED_OUT_YEARS,
    intro,
    needs_paragraph,
    overview_paragraph,
    participation_paragraph,
    themes_paragraph,
    years_phrase,
)
from kulturdialog.content import blocks as b
from kulturdialog.content.plain_errors import show_errors_plainly
from kulturdialog.data import inputs, provenance
from kulturdialog.data.load import YearData, load_year
from kulturdialog.errors import ParameterError
from kulturdialog.lang.i18n import DEFAULT, SWEDISH, Language
from kulturdialog.lang.i18n import language as language_of

NOTEBOOK = "trends"  # its notebook: the name year.yaml assigns a diarienummer to


@dataclass
class TrendsReport:
    """Several years of dialogues, oldest first; each method builds one section as HTML."""

    years: list[YearData]
    parameters: dict = field(default_factory=dict)
    root: Path | None = None
    lang: Language = SWEDISH
    out: Builder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if not self.years:
            raise ValueError("a trends report needs at least one year")
        self.years = sorted(self.years, key=lambda d: d.year)
        self.out = Builder(self.lang)  # numbering, sections, provenance: shared by every report

    def table(self, frame, caption: str, headers, **kwargs) -> Shown:
        """A numbered, captioned table; `headers` maps columns to shown headings, in order."""
        return self.out.show([self.out.table(frame, caption, headers, **kwargs)])

    def figure(self, fig, caption: str, alt: str) -> Shown:
        """A numbered figure with caption and a text alternative."""
        return self.out.show([self.out.figure(fig, caption, alt)])

    def _section(self, title: str, anchor: str, body: list) -> Shown:
        return self.out.section(title, anchor, body)

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
        return self.lang.say("trends", "title", period=self.period)

    @property
    def date(self):
        """The date the report states: the latest year's, from its inputs (never the clock)."""
        return provenance.rendering_date(
            self.latest.meta.published, self.latest.meetings["date"].max().date()
        )

    @property
    def missing(self) -> list[int]:
        """Years without dialogues between the first and the latest."""
        return comparison.missing_years(d.year for d in self.years)

    @property
    def notes(self) -> tuple[str, ...]:
        """The note under a table over the years: `Inga dialoger hölls 2022.`, if so."""
        return (comparison.no_dialogues(self.missing, self.lang),) if self.missing else ()

    def groups_text(self) -> str:
        """Party groups new in the latest year or absent from it, against the year before it."""
        if len(self.years) < 2:
            return ""
        before = self.years[-2]
        change = comparison.GroupChange(
            self.latest.meetings, before.meetings, self.latest.reference.party_groups
        )
        return change.sentences(before.year, self.lang, year=self.latest.year)

    def participation(self) -> pd.DataFrame:
        return tables.participation_over_years(self.years)

    def theme_shares(self) -> pd.DataFrame:
        return tables.theme_shares_over_years(self.years, self.lang)

    def needs_status(self) -> pd.DataFrame:
        return tables.needs_status_over_years(self.years)

    def needs_by_theme(self) -> pd.DataFrame:
        return tables.needs_by_theme_over_years(self.years, self.lang)

    def _say(self, key: str, n: float | None = None, /, **values) -> str:
        return self.lang.say("trends", key, n, **values)

    # -- sections ----------------------------------------------------------------------------------
    def title_block(self) -> Shown:
        """Title, the diarienummer the latest year assigns to the trends, period and date."""
        dnr, say = self.latest.meta.diarienummer_of(NOTEBOOK), self.lang
        facts = [
            b.Fact(self._say("fact_period"), self.period, "year"),
            b.Fact(say("fact_date"), say.date(self.date), "published"),
        ]
        if dnr:
            facts.insert(0, b.Fact(say("fact_dnr"), dnr, "dnr"))
        info = b.DocInfo(
            title=self.title,
            year=self.latest.year,
            date=self.date.isoformat(),
            diarienummer=dnr,
            language=say.code,
            description=self._say("description", period=self.period),
            author=say("author"),
        )
        title = b.Title(info, say("kicker"), tuple(facts))
        return self.out.show([title, b.Contents()])

    def ingress(self) -> Shown:
        over, lang = self.participation(), self.lang
        overview = overview_paragraph(
            comparison.held(over), int(self.needs_status()["total"].sum()), lang=lang
        )
        body: list[Part] = [
            self.out.paragraph(intro(self.period, len(self.years), lang), "lead"),
            self.out.paragraph(" ".join([overview, *self.notes])),
        ]
        return self._section(lang("h_intro"), "inledning", body)

    def participation_section(self) -> Shown:
        over, lang = self.participation(), self.lang
        headers = {
            "year": lang("col_year"),
            "meetings": lang("col_meetings"),
            "participants": lang("col_participants"),
            "party_groups": lang("col_party_groups"),
            "municipalities": lang("col_municipalities_of", county=COUNTY_MUNICIPALITIES),
            "digital_share": lang("col_digital_share"),
        }
        numeric = tuple(list(headers)[1:])
        formats = {c: lang.number for c in numeric} | {"year": str, "digital_share": lang.percent}
        footer = {
            "year": lang("col_total"),
            "meetings": lang.number(over["meetings"].sum()),
            "participants": lang.number(over["participants"].sum()),
        }
        table = self.table(
            over,
            self._say("cap_participation", period=self.period),
            headers,
            formats=formats,
            numeric=numeric,
            footer=footer if len(over) > 1 else None,
            notes=self.notes,
        )
        shown = comparison.held(over)
        gap = "".join(" " + n for n in self.notes)
        per_year = "; ".join(
            lang(
                "alt_participation_year",
                year=r.year,
                meetings=lang.number(r.meetings),
                participants=lang.number(r.participants),
            )
            for r in shown.itertuples()
        )
        fig1 = self.figure(
            charts.participation_chart(over, lang),
            self._say("cap_participation_chart", period=self.period),
            f"{lang('alt_participation_chart')}{per_year}.{gap}",
        )
        reach = "; ".join(
            self._say(
                "alt_reach_year",
                year=r.year,
                municipalities=lang.number(r.municipalities),
                share=lang.percent(r.digital_share),
            )
            for r in shown.itertuples()
        )
        fig2 = self.figure(
            charts.reach_chart(over, COUNTY_MUNICIPALITIES, lang),
            self._say("cap_reach_chart", county=COUNTY_MUNICIPALITIES, period=self.period),
            f"{self._say('alt_reach_chart')}{reach}.{gap}",
        )
        paragraph = participation_paragraph(shown, lang)
        text = " ".join(t for t in (paragraph, *self.notes, self.groups_text()) if t)
        body = [self.out.paragraph(text), table, fig1, fig2]
        return self._section(self._say("h_participation"), "deltagande", body)

    def themes_section(self) -> Shown:
        shares, lang = self.theme_shares(), self.lang
        year_cols = [str(y) for y in shares.columns]
        frame = shares.reset_index()
        frame.columns = ["theme", *year_cols]
        in_table = {y: lang.share for y in year_cols}
        table = self.table(
            frame,
            self._say("cap_shares_table", period=self.period),
            {"theme": lang("col_theme"), **{y: y for y in year_cols}},
            formats=in_table,
            numeric=tuple(year_cols),
            notes=self.notes,
        )
        held = shares.dropna(axis=1, how="all")
        alt = (
            self._say("alt_shares_chart")
            + " ".join(
                f"{label}: " + ", ".join(f"{year} {lang.share(v)}" for year, v in row.items()) + "."
                for label, row in held.iterrows()
            )
            + "".join(" " + n for n in self.notes)
        )
        figure = self.figure(
            charts.theme_shares_chart(shares, lang),
            self._say("cap_shares_chart", period=self.period),
            alt,
        )
        text = themes_paragraph(held, bool(self.missing), lang)
        body = [self.out.paragraph(text), table, figure]
        return self._section(self._say("h_themes"), "teman-over-tid", body)

    def needs_section(self) -> Shown:
        lang, statuses = self.lang, self.lang.labels.statuses
        status = self.needs_status()
        by_theme = self.needs_by_theme()
        held_status = comparison.held(status, "total")
        held_by_theme = by_theme.dropna(axis=1, how="all").astype(int)
        text = needs_paragraph(held_status, held_by_theme, bool(self.missing), lang)
        body: list[Part] = [self.out.paragraph(text)]
        if status["total"].sum() == 0:
            return self._section(self._say("h_needs"), "behov-over-tid", body)
        total = lang("col_total")
        numeric = (*statuses, "total")
        body.append(
            self.table(
                status,
                self._say("cap_needs_status_table", period=self.period),
                {"year": lang("col_year"), **statuses, "total": total},
                formats={c: lang.number for c in numeric} | {"year": str},
                numeric=numeric,
                footer={"year": total, **{c: lang.number(status[c].sum()) for c in numeric}}
                if len(status) > 1
                else None,
                notes=self.notes,
            )
        )
        records = held_status.to_dict("records")
        alt = (
            self._say("alt_needs_status_chart", panels=lang.count(len(statuses)))
            + " ".join(
                f"{label}: "
                + ", ".join(f"{r['year']} {lang.number(r[code])}" for r in records)
                + "."
                for code, label in statuses.items()
            )
            + "".join(" " + n for n in self.notes)
        )
        body.append(
            self.figure(
                charts.needs_status_chart(status, statuses, lang),
                self._say("cap_needs_status_chart", period=self.period),
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
                self._say("cap_needs_theme_table", period=self.period),
                {"theme": lang("col_theme"), **{y: y for y in year_cols}, "total": total},
                formats={c: lang.number for c in numeric},
                numeric=numeric,
                notes=self.notes,
            )
        )
        return self._section(self._say("h_needs"), "behov-over-tid", body)

    def appendix(self) -> Shown:
        latest, lang = self.latest, self.lang
        root = paths.project_root(self.root)
        scope = inputs.DataScope.of(self.parameters)
        files = inputs.input_files(latest.year, "trends", root, scope)
        record = provenance.describe(
            files,
            self.parameters,
            latest.meta.published,
            latest.meetings["date"].max().date(),
            self.root,
        )
        years = years_phrase([d.year for d in self.years], lang)
        method = self.out.paragraph(self._say("app_method", years=years))
        rendered = self.out.paragraph(self._say("app_dated", date=lang.date(self.date)))
        body = [method, rendered, *self.out.provenance(record)]
        return self._section(lang("h_appendix"), "om-underlaget", body)


def open_trends(
    year: int,
    data_dir: str = "data",
    first_year: int = 0,
    root: Path | None = None,
    language: str = DEFAULT,
) -> TrendsReport:
    """Load and validate every year in `data_dir` from `first_year` (0: the first) to `year`.

    DataError if a year's input is broken; ParameterError if `first_year` is after `year` or
    `language` is not "sv" (Swedish, the default) or "en" (English).
    """
    show_errors_plainly()
    lang = language_of(language)
    if first_year < 0 or (first_year and first_year > year):
        raise ParameterError(
            f"parameter 'first_year': {first_year}: expected 0 (every year) or a year not "
            f"after year {year}"
        )
    latest = load_year(year, root, data_dir)
    earlier = comparison.load_earlier(year, root, data_dir, first_year)
    parameters = {"year": year, "data_dir": data_dir, "first_year": first_year}
    if lang.code != DEFAULT:  # the default is not listed, so a Swedish report stays as it was
        parameters["language"] = lang.code
    return TrendsReport([*earlier, latest], parameters, root, lang)
