"""The annual summary, section by section, as HTML shown in the notebook's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kulturdialog import paths
from kulturdialog.analysis import charts, comparison, narrative, tables
from kulturdialog.analysis.builder import DATA_LANGUAGE, Builder, Part, Shown
from kulturdialog.analysis.comparison import load_earlier
from kulturdialog.content import blocks as b
from kulturdialog.content import prose
from kulturdialog.content.plain_errors import show_errors_plainly
from kulturdialog.data import contract, inputs, provenance
from kulturdialog.data.load import YearData, load_year
from kulturdialog.lang.fmt import NO_DATA
from kulturdialog.lang.i18n import DEFAULT, SWEDISH, Language
from kulturdialog.lang.i18n import language as language_of


@dataclass
class AnnualReport:
    """One year's summary; each method builds one section of report-spec.md as blocks.

    `lang` is the report's language; text from the data (observations, needs, curated Markdown,
    a title written in year.yaml) is shown as written, in Swedish, and marked as such.
    """

    data: YearData
    earlier: list[YearData] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    root: Path | None = None
    lang: Language = SWEDISH
    out: Builder = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.out = Builder(self.lang)

    # -- numbering and output -------------------------------------------------------------
    def table(self, frame, caption: str, headers, **kwargs) -> Shown:
        """A numbered, captioned table; `headers` maps columns to shown headings, in order."""
        return self.out.show([self.out.table(frame, caption, headers, **kwargs)])

    def figure(self, fig, caption: str, alt: str) -> Shown:
        """A numbered figure with caption and a text alternative saying what it shows."""
        return self.out.show([self.out.figure(fig, caption, alt)])

    def _section(self, title: str, anchor: str, body: list, level: int = 2, children=()) -> Shown:
        return self.out.section(title, anchor, body, level, children)

    @property
    def previous(self) -> YearData | None:
        """The year compared with: the latest earlier year with data (not always year - 1)."""
        return comparison.latest_before(self.data.year, self.earlier)

    @property
    def groups(self) -> comparison.GroupChange | None:
        """The party groups of this year and of the year compared with."""
        before = self.previous
        if before is None:
            return None
        return comparison.GroupChange(
            self.data.meetings, before.meetings, self.data.reference.party_groups
        )

    # -- the data's own text, in another language than the report's ------------------------
    @property
    def _translated(self) -> bool:
        """The report is in another language than the data's text fields."""
        return self.lang.code != DATA_LANGUAGE

    @property
    def _data_lang(self) -> str | None:
        """The data's language, where it differs from the report's (`lang` of quoted text)."""
        return DATA_LANGUAGE if self._translated else None

    def _curated(self, source: str) -> b.Group:
        return self.out.curated(source)

    @property
    def title(self) -> str:
        """year.yaml's title as written; the standard title in the report's language.

        A title written exactly as the standard Swedish one counts as the standard title.
        """
        written, year = self.data.meta.title, self.data.year
        if written == SWEDISH("default_title", year=year):
            return self.lang("default_title", year=year)
        return written

    # -- sections ------------------------------------------------------------------------------
    def title_block(self) -> Shown:
        meta, say = self.data.meta, self.lang
        title = self.title
        dnr = meta.diarienummer_of(contract.ANNUAL_SUMMARY)
        facts = [b.Fact(say("fact_year"), str(self.data.year), "year")]
        if dnr:
            facts.insert(0, b.Fact(say("fact_dnr"), dnr, "dnr"))
        if meta.published:
            facts.append(b.Fact(say("fact_published"), say.date(meta.published), "published"))
        own = title == say("default_title", year=self.data.year)
        info = b.DocInfo(
            title=title,
            year=self.data.year,
            date=self.stated_date.isoformat(),
            diarienummer=dnr,
            language=self.lang.code,
            description=say("description", year=self.data.year),
            author=say("author"),
        )
        block = b.Title(info, say("kicker"), tuple(facts), None if own else self._data_lang)
        return self.out.show([block, b.Contents()])

    @property
    def stated_date(self):
        """The date the report states: year.yaml's `published`, else the last meeting's."""
        return provenance.rendering_date(
            self.data.meta.published, self.data.meetings["date"].max().date()
        )

    def ingress(self) -> Shown:
        before, lang, year = self.previous, self.lang, self.data.year
        figures = narrative.year_in_figures(
            year,
            tables.key_figures(self.data),
            tables.key_figures(before) if before else None,
            before.year if before else None,
            lang,
            comparison.before_label(year, before.year, lang) if before else None,
        )
        groups = self.groups
        if before and groups:
            gap = range(before.year + 1, year)
            extra = [comparison.no_dialogues(gap, lang), groups.sentences(before.year, lang)]
            figures = " ".join([figures, *(e for e in extra if e)])
        body: list[Part] = [
            self.out.paragraph(narrative.intro(year, lang), "lead"),
            self.out.paragraph(figures),
        ]
        if self.data.meta.structure:
            body.append(self._curated(self.data.meta.structure))
        if self.data.meta.ingress:
            body.append(self._curated(self.data.meta.ingress))
        return self._section(lang("h_intro"), "inledning", body)

    def figures_section(self) -> Shown:
        lang, year = self.lang, self.data.year
        formats = lang.labels.formats
        by_group = tables.meetings_by_party_group(self.data, lang)
        totals = by_group[["meetings", "participants", *formats]].sum()
        headers = {
            "party_group": lang("col_party_group"),
            "meetings": lang("col_meetings"),
            "participants": lang("col_participants"),
            **formats,
        }
        numeric = ("meetings", "participants", *formats)
        table = self.table(
            by_group,
            lang("cap_meetings_table", year=year),
            headers,
            formats={c: lang.number for c in numeric},
            numeric=numeric,
            footer={
                "party_group": lang("col_total"),
                **{c: lang.number(totals[c]) for c in numeric},
            },
        )
        alt = (
            lang("alt_meetings_chart")
            + "; ".join(f"{r.party_group} {lang.number(r.meetings)}" for r in by_group.itertuples())
            + "."
        )
        chart = self.figure(
            charts.meetings_chart(by_group, lang), lang("cap_meetings_chart", year=year), alt
        )
        before, groups = self.previous, self.groups
        per_group = (
            groups.per_group_sentence(comparison.before_label(year, before.year, lang), lang)
            if before and groups
            else ""
        )
        themes = tables.theme_summary(self.data, lang)
        alt2 = (
            lang("alt_themes_chart")
            + "; ".join(f"{r.theme} {lang.number(r.meetings)}" for r in themes.itertuples())
            + "."
        )
        chart2 = self.figure(
            charts.themes_chart(themes, lang), lang("cap_themes_chart", year=year), alt2
        )
        body = [table, self.out.paragraph(per_group) if per_group else None, chart, chart2]
        return self._section(lang("h_figures"), "i-siffror", body)

    def theme_sections(self) -> Shown:
        lang = self.lang
        themes = tables.theme_summary(self.data, lang)
        labels = self.data.reference.party_groups[lang.label_column]
        total = len(self.data.meetings)
        quoted = self._data_lang
        children = []
        for row in themes.to_dict("records"):
            body: list[Part] = []
            curated = self.data.meta.theme_summaries.get(row["code"])
            if curated:
                body.append(self._curated(curated))
            body.append(self.out.paragraph(narrative.theme_paragraph(row, total, labels, lang)))
            for kind, obs in tables.observations_for_theme(self.data, row["code"], lang).items():
                items = tuple(
                    (
                        b.Span(o.text, lang=quoted),
                        b.Span(" "),
                        b.Span(f"({o.party_group_label})", role="source"),
                    )
                    for o in obs.itertuples()
                )
                body.append(b.Heading(4, lang.labels.kinds[kind]))
                body.append(b.ListBlock(items, role="observations"))
            children.append(self._section(row["theme"], "tema-" + prose.slug(row["code"]), body, 3))
        lead = self.out.paragraph(
            narrative.themes_intro(self.data.year, len(themes), themes.iloc[0].theme, lang)
        )
        return self._section(lang("h_themes"), "teman", [lead], children=children)

    def cooperation_section(self) -> Shown | None:
        if self.data.cooperation is None or self.data.cooperation.empty:
            return None
        lang, year = self.lang, self.data.year
        by_area = tables.cooperation_by_area(self.data, lang)
        matrix = tables.cooperation_matrix(self.data, lang)
        n_munis = self.data.cooperation["municipality"].nunique()
        headers = {
            "municipality": lang("col_municipality"),
            "subregion": lang("col_subregion"),
            **lang.labels.areas,
        }
        yes_no = {True: lang("yes"), False: lang("no"), None: NO_DATA}
        table = self.table(
            matrix,
            lang("cap_cooperation_table", year=year),
            headers,
            formats={a: yes_no.get for a in lang.labels.areas},
            css="matrix",
        )
        body = [self.out.paragraph(narrative.cooperation_paragraph(by_area, n_munis, lang)), table]
        ranking = tables.barrier_ranking(self.data, lang)
        body.append(self.out.paragraph(narrative.barriers_paragraph(ranking, lang)))
        if not ranking.empty:
            alt = (
                lang("alt_barriers_chart")
                + "; ".join(f"{r.barrier} {lang.number(r.mentions)}" for r in ranking.itertuples())
                + "."
            )
            body.append(
                self.figure(
                    charts.barriers_chart(ranking, lang),
                    lang("cap_barriers_chart", year=year),
                    alt,
                )
            )
        return self._section(lang("h_cooperation"), "samverkan", body)

    def needs_section(self) -> Shown:
        lang = self.lang
        needs = tables.needs_table(self.data, lang)
        body: list[Part] = [
            self.out.paragraph(
                narrative.needs_paragraph(needs, tables.needs_by_status(self.data, lang), lang)
            )
        ]
        if not needs.empty:
            headers = {
                "theme": lang("col_theme"),
                "text": lang("col_need"),
                "raised_by": lang("col_raised_by"),
                "level": lang("col_level"),
                "status": lang("col_status"),
            }
            body.append(
                self.table(
                    needs,
                    lang("cap_needs_table", year=self.data.year),
                    headers,
                    css="needs",
                    nowrap=("level",),
                    **({"lang": {"text": DATA_LANGUAGE}} if self._translated else {}),
                )
            )
        # a curated conclusion in the reader's language says what the closing sentence says:
        # each is said once (the English report keeps its own beside the Swedish conclusion)
        if not (self.data.meta.conclusion and not self._translated):
            body.append(self.out.paragraph(narrative.needs_closing(lang)))
        if self.data.meta.conclusion:
            body.append(self._curated(self.data.meta.conclusion))
        return self._section(lang("h_needs"), "behov", body)

    def comparison_section(self) -> Shown | None:
        years = [*self.earlier, self.data]
        if len(years) < 2:
            return None
        lang = self.lang
        over = tables.participation_over_years(years)
        shares = tables.theme_shares_over_years(years, lang)
        gap = comparison.missing_years(d.year for d in years)
        notes = (comparison.no_dialogues(gap, lang),) if gap else ()
        headers = {
            "year": lang("col_year"),
            "meetings": lang("col_meetings"),
            "participants": lang("col_participants"),
            "party_groups": lang("col_party_groups"),
            "municipalities": lang("col_municipalities"),
            "digital_share": lang("col_digital_share"),
        }
        numeric = tuple(list(headers)[1:])
        formats = {c: lang.number for c in numeric} | {"year": str, "digital_share": lang.percent}
        table1 = self.table(
            over,
            lang("cap_participation_table"),
            headers,
            formats=formats,
            numeric=numeric,
            notes=notes,
        )
        alt1 = (
            lang("alt_participation_chart")
            + "; ".join(
                lang(
                    "alt_participation_year",
                    year=r.year,
                    meetings=lang.number(r.meetings),
                    participants=lang.number(r.participants),
                )
                for r in comparison.held(over).itertuples()
            )
            + "."
            + (" " + notes[0] if notes else "")
        )
        fig1 = self.figure(
            charts.participation_chart(over, lang), lang("cap_participation_chart"), alt1
        )
        share_table = shares.reset_index()
        share_table.columns = [str(c) for c in share_table.columns]
        year_cols = [str(y) for y in shares.columns]
        table2 = self.table(
            share_table,
            lang("cap_shares"),
            {"theme": lang("col_theme"), **{y: y for y in year_cols}},
            formats={y: lang.percent for y in year_cols},
            numeric=tuple(year_cols),
            notes=notes,
        )
        alt2 = lang("alt_shares_chart") + (" " + notes[0] if notes else "")
        fig2 = self.figure(charts.theme_shares_chart(shares, lang), lang("cap_shares"), alt2)
        text = narrative.comparison_paragraph(
            comparison.held(over), shares.dropna(axis=1, how="all"), lang
        )
        body: list[Part] = [
            self.out.paragraph(" ".join([text, *notes])),
            table1,
            fig1,
            table2,
            fig2,
        ]
        return self._section(lang("h_comparison"), "jamforelse", body)

    def provenance_block(self, record: dict) -> list[b.Block]:
        """How to get and check the data, and the input files with the start of their checksums."""
        return self.out.provenance(record)

    def input_files(self) -> list[Path]:
        """The report's input files, as its manifest lists them (inputs.input_files)."""
        root = paths.project_root(self.root)
        scope = inputs.DataScope.of(self.parameters)
        return inputs.input_files(self.data.year, "annual_summary", root, scope)

    def appendix(self) -> Shown:
        lang = self.lang
        stated = self.stated_date
        record = provenance.record(self.input_files(), self.parameters, stated, self.root)
        method = self.out.paragraph(lang("app_method"))
        rendered = self.out.paragraph(lang("app_dated", date=lang.date(stated)))
        body = [method, rendered, *self.provenance_block(record)]
        return self._section(lang("h_appendix"), "om-underlaget", body)


def open_report(
    year: int,
    data_dir: str = "data",
    compare: bool = True,
    root: Path | None = None,
    language: str = DEFAULT,
) -> AnnualReport:
    """Load and validate `year` and the earlier years it is compared with (DataError if broken).

    `language` is the report's language: "sv" (Swedish, the default) or "en" (English);
    anything else is a ParameterError.
    """
    show_errors_plainly()
    lang = language_of(language)
    data = load_year(year, root, data_dir)
    earlier = load_earlier(year, root, data_dir) if compare else []
    parameters = {"year": year, "data_dir": data_dir, "compare": compare}
    if lang.code != DEFAULT:  # the default is not listed, so a Swedish report stays as it was
        parameters["language"] = lang.code
    return AnnualReport(data, earlier, parameters, root, lang)
