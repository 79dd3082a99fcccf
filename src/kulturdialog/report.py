"""The annual summary, section by section, as HTML shown in the notebook's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kulturdialog import charts, markup, narrative, provenance, tables
from kulturdialog.i18n import DEFAULT, SWEDISH, Language
from kulturdialog.i18n import language as language_of
from kulturdialog.kernel import show_errors_plainly
from kulturdialog.labels import AREAS
from kulturdialog.load import YearData, available_years, load_year
from kulturdialog.outputs import TOC_KEY

YES_NO = {True: "Ja", False: "Nej", None: "–"}
DATA_LANGUAGE = "sv"  # the language of the data's text fields (data contract): curated, quoted


@dataclass
class AnnualReport:
    """One year's summary; each method builds one section of report-spec.md and returns HTML.

    `lang` is the report's language; text from the data (observations, needs, curated Markdown,
    a title written in year.yaml) is shown as written, in Swedish, and marked as such.
    """

    data: YearData
    earlier: list[YearData] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    root: Path | None = None
    lang: Language = SWEDISH
    _tables: int = 0
    _figures: int = 0

    # -- numbering and output -------------------------------------------------------------
    def table(self, frame, caption: str, headers, **kwargs) -> Html:
        """A numbered, captioned table; `headers` maps columns to shown headings, in order."""
        self._tables += 1
        n = self._tables
        word = self.lang("table")
        label = f'<span class="label">{word} {n}.</span> {markup.text(caption)}'
        html = markup.table(
            frame, label, headers, label=f"{word} {n}", anchor=f"tabell-{n}", **kwargs
        )
        return Html(
            html, {"kind": "table", "number": n, "caption": caption, "anchor": f"tabell-{n}"}
        )

    def figure(self, fig, caption: str, alt: str) -> Html:
        """A numbered figure with caption and a text alternative saying what it shows."""
        self._figures += 1
        n = self._figures
        label = f'<span class="label">{self.lang("figure")} {n}.</span> {markup.text(caption)}'
        html = markup.figure(fig, label, alt, anchor=f"figur-{n}")
        charts.close(fig)
        return Html(
            html, {"kind": "figure", "number": n, "caption": caption, "anchor": f"figur-{n}"}
        )

    def _section(
        self, title: str, anchor: str, body: list[str], level: int = 2, children: list[Section] = ()
    ) -> Section:
        inner = "\n".join(
            [markup.heading(level, title, anchor), *body, *(c.html for c in children)]
        )
        html = f'<section class="level{level}" aria-labelledby="{anchor}">{inner}</section>'
        toc = [{"title": title, "anchor": anchor, "level": level}]
        listed = [b.listing for b in body if isinstance(b, Html) and b.listing]
        return Section(
            html,
            toc + [e for c in children for e in c.toc],
            listed=listed + [e for c in children for e in c.listed],
        )

    @property
    def previous(self) -> YearData | None:
        before = [d for d in self.earlier if d.year == self.data.year - 1]
        return before[0] if before else None

    # -- the data's own text, in another language than the report's ------------------------
    @property
    def _translated(self) -> bool:
        """The report is in another language than the data's text fields."""
        return self.lang.code != DATA_LANGUAGE

    def _lang_attr(self) -> str:
        """` lang="sv"` on an element holding the data's text, when the report is in English."""
        return f' lang="{DATA_LANGUAGE}"' if self._translated else ""

    def _curated(self, source: str) -> str:
        """Curated Markdown from year.yaml as written; in English with a note that it is not."""
        if not self._translated:
            return f'<div class="curated">{markup.markdown(source)}</div>'
        note = (
            f'<p class="untranslated" lang="{self.lang.code}">'
            f"{markup.text(self.lang('untranslated'))}</p>"
        )
        return f'<div class="curated"{self._lang_attr()}>{note}{markup.markdown(source)}</div>'

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
    def title_block(self) -> Section:
        meta, say = self.data.meta, self.lang
        title = self.title
        facts = [(say("fact_year"), str(self.data.year), "year")]
        if meta.diarienummer:
            facts.insert(0, (say("fact_dnr"), meta.diarienummer, "dnr"))
        if meta.published:
            facts.append((say("fact_published"), say.date(meta.published), "published"))
        items = "".join(
            f'<div><dt>{markup.text(k)}</dt><dd class="{css}">{markup.text(v)}</dd></div>'
            for k, v, css in facts
        )
        own = title == say("default_title", year=self.data.year)
        title_lang = "" if own else self._lang_attr()
        html = (
            '<header class="title-block">'
            f'<p class="kicker">{markup.text(say("kicker"))}</p>'
            f'<h1 id="titel"{title_lang}>{markup.text(title)}</h1>'
            f'<dl class="facts">{items}</dl></header>'
        )
        return Section(
            html,
            doc={
                "title": title,
                "diarienummer": meta.diarienummer,
                "year": self.data.year,
                "date": provenance.rendering_date(
                    meta.published, self.data.meetings["date"].max().date()
                ).isoformat(),
                "language": self.lang.code,
            },
        )

    def ingress(self) -> Section:
        before, lang = self.previous, self.lang
        figures = narrative.year_in_figures(
            self.data.year,
            tables.key_figures(self.data),
            tables.key_figures(before) if before else None,
            before.year if before else None,
            lang,
        )
        body = [
            markup.paragraph(narrative.intro(self.data.year, lang), "lead"),
            markup.paragraph(figures),
        ]
        if self.data.meta.ingress:
            body.append(self._curated(self.data.meta.ingress))
        return self._section(lang("h_intro"), "inledning", body)

    def figures_section(self) -> Section:
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
        themes = tables.theme_summary(self.data, lang)
        alt2 = (
            lang("alt_themes_chart")
            + "; ".join(f"{r.theme} {lang.number(r.meetings)}" for r in themes.itertuples())
            + "."
        )
        chart2 = self.figure(
            charts.themes_chart(themes, lang), lang("cap_themes_chart", year=year), alt2
        )
        return self._section(lang("h_figures"), "i-siffror", [table, chart, chart2])

    def theme_sections(self) -> Section:
        lang = self.lang
        themes = tables.theme_summary(self.data, lang)
        labels = self.data.reference.party_groups[lang.label_column]
        total = len(self.data.meetings)
        quoted = self._lang_attr()
        children = []
        for row in themes.to_dict("records"):
            body = []
            curated = self.data.meta.theme_summaries.get(row["code"])
            if curated:
                body.append(self._curated(curated))
            body.append(markup.paragraph(narrative.theme_paragraph(row, total, labels, lang)))
            for kind, obs in tables.observations_for_theme(self.data, row["code"], lang).items():
                items = "".join(
                    f'<li>{self._quote(o.text, quoted)} <span class="source">'
                    f"({markup.text(o.party_group_label)})</span></li>"
                    for o in obs.itertuples()
                )
                body.append(
                    f"<h4>{markup.text(lang.labels.kinds[kind])}</h4>"
                    f'<ul class="observations">{items}</ul>'
                )
            children.append(
                self._section(row["theme"], "tema-" + markup.slug(row["code"]), body, 3)
            )
        lead = markup.paragraph(
            narrative.themes_intro(self.data.year, len(themes), themes.iloc[0].theme, lang)
        )
        return self._section(lang("h_themes"), "teman", [lead], children=children)

    @staticmethod
    def _quote(text: str, lang_attr: str) -> str:
        """Text from the data, escaped; in a `lang` span when the report is in another language."""
        return f"<span{lang_attr}>{markup.text(text)}</span>" if lang_attr else markup.text(text)

    def cooperation_section(self) -> Section | None:
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
        yes_no = {True: lang("yes"), False: lang("no"), None: YES_NO[None]}
        table = self.table(
            matrix,
            lang("cap_cooperation_table", year=year),
            headers,
            formats={a: yes_no.get for a in AREAS},
            css="matrix",
        )
        body = [markup.paragraph(narrative.cooperation_paragraph(by_area, n_munis, lang)), table]
        ranking = tables.barrier_ranking(self.data, lang)
        body.append(markup.paragraph(narrative.barriers_paragraph(ranking, lang)))
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

    def needs_section(self) -> Section:
        lang = self.lang
        needs = tables.needs_table(self.data, lang)
        body = [
            markup.paragraph(
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
        body.append(markup.paragraph(narrative.needs_closing(lang)))
        if self.data.meta.conclusion:
            body.append(self._curated(self.data.meta.conclusion))
        return self._section(lang("h_needs"), "behov", body)

    def comparison_section(self) -> Section | None:
        years = [*self.earlier, self.data]
        if len(years) < 2:
            return None
        lang = self.lang
        over = tables.participation_over_years(years)
        shares = tables.theme_shares_over_years(years, lang)
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
            over, lang("cap_participation_table"), headers, formats=formats, numeric=numeric
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
                for r in over.itertuples()
            )
            + "."
        )
        fig1 = self.figure(
            charts.participation_chart(over, lang), lang("cap_participation_chart"), alt1
        )
        share_table = shares.reset_index()
        share_table.columns = [str(c) for c in share_table.columns]
        year_cols = [str(d.year) for d in sorted(years, key=lambda d: d.year)]
        table2 = self.table(
            share_table,
            lang("cap_shares"),
            {"theme": lang("col_theme"), **{y: y for y in year_cols}},
            formats={y: lang.percent for y in year_cols},
            numeric=tuple(year_cols),
        )
        alt2 = lang("alt_shares_chart", table=self._tables)
        fig2 = self.figure(charts.theme_shares_chart(shares, lang), lang("cap_shares"), alt2)
        body = [
            markup.paragraph(narrative.comparison_paragraph(over, shares, lang)),
            table1,
            fig1,
            table2,
            fig2,
        ]
        return self._section(lang("h_comparison"), "jamforelse", body)

    def provenance_block(self, record: dict) -> list[str]:
        """The input files with checksums, code version, parameters, packages, schema version."""
        lang = self.lang
        files = "".join(
            f'<tr><th scope="row">{markup.text(f)}</th><td class="hash">{markup.text(h)}</td></tr>'
            for f, h in record["inputs"].items()
        )
        inputs = (
            f'<table class="provenance"><caption>{markup.text(lang("cap_inputs"))}</caption>'
            f'<thead><tr><th scope="col">{markup.text(lang("col_file"))}</th><th scope="col">'
            f"SHA-256</th></tr></thead><tbody>{files}</tbody></table>"
        )
        code = record["code"]
        code_text = (
            lang(
                "app_code",
                commit=code["commit"][:12],
                dirty="" if code["clean"] else lang("app_code_dirty"),
            )
            if code["commit"]
            else lang("app_code_unknown")
        )
        params = ", ".join(f"{k} = {v}" for k, v in sorted(self.parameters.items())) or lang(
            "app_no_parameters"
        )
        packages = ", ".join(f"{k} {v}" for k, v in record["packages"].items())
        return [
            inputs,
            markup.paragraph(code_text),
            markup.paragraph(lang("app_parameters", parameters=params)),
            markup.paragraph(lang("app_packages", packages=packages)),
            markup.paragraph(lang("app_schema", version=record["schema_version"])),
        ]

    def appendix(self) -> Section:
        d, lang = self.data, self.lang
        stated = provenance.rendering_date(d.meta.published, d.meetings["date"].max().date())
        record = provenance.record(list(d.sources), self.parameters, stated, self.root)
        method = markup.paragraph(lang("app_method"))
        rendered = markup.paragraph(lang("app_rendered", date=lang.date(stated)))
        body = [method, rendered, *self.provenance_block(record)]
        return self._section(lang("h_appendix"), "om-underlaget", body)


class Html(str):
    """An HTML fragment that a notebook cell displays; a table or figure also lists itself."""

    def __new__(cls, html: str, listing: dict | None = None):
        fragment = super().__new__(cls, html)
        fragment.listing = listing
        return fragment

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": str(self)}, {
            TOC_KEY: {"listed": [self.listing] if self.listing else []}
        }


@dataclass
class Section:
    """A rendered section: shown as HTML, its headings recorded for the table of contents."""

    html: str
    toc: list[dict] = field(default_factory=list)
    doc: dict | None = None  # the title block's title and diarienummer, for <title> and headers
    listed: list[dict] = field(default_factory=list)  # its numbered tables and figures

    def _repr_html_(self) -> str:
        return self.html

    def _repr_mimebundle_(self, include=None, exclude=None):
        meta = {"toc": self.toc, "doc": self.doc, "listed": self.listed}
        return {"text/html": self.html}, {TOC_KEY: meta}


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
    earlier = (
        [load_year(y, root, data_dir) for y in available_years(root, data_dir) if y < year]
        if compare
        else []
    )
    parameters = {"year": year, "data_dir": data_dir, "compare": compare}
    if lang.code != DEFAULT:  # the default is not listed, so a Swedish report stays as it was
        parameters["language"] = lang.code
    return AnnualReport(data, earlier, parameters, root, lang)
