"""The annual summary, section by section, as HTML shown in the notebook's outputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kulturdialog import charts, fmt, markup, narrative, provenance, tables
from kulturdialog.kernel import show_errors_plainly
from kulturdialog.labels import AREAS, FORMATS, KINDS
from kulturdialog.load import YearData, available_years, load_year

TOC_KEY = "kulturdialog"  # output metadata key holding the headings for the table of contents
YES_NO = {True: "Ja", False: "Nej", None: "–"}


@dataclass
class AnnualReport:
    """One year's summary; each method builds one section of report-spec.md and returns HTML."""

    data: YearData
    earlier: list[YearData] = field(default_factory=list)
    parameters: dict = field(default_factory=dict)
    root: Path | None = None
    _tables: int = 0
    _figures: int = 0

    # -- numbering and output -------------------------------------------------------------
    def table(self, frame, caption: str, headers, **kwargs) -> Html:
        """A numbered, captioned table; `headers` maps columns to shown headings, in order."""
        self._tables += 1
        n = self._tables
        label = f'<span class="label">Tabell {n}.</span> {markup.text(caption)}'
        html = markup.table(
            frame, label, headers, label=f"Tabell {n}", anchor=f"tabell-{n}", **kwargs
        )
        return Html(
            html, {"kind": "table", "number": n, "caption": caption, "anchor": f"tabell-{n}"}
        )

    def figure(self, fig, caption: str, alt: str) -> Html:
        """A numbered figure with caption and a text alternative saying what it shows."""
        self._figures += 1
        n = self._figures
        label = f'<span class="label">Figur {n}.</span> {markup.text(caption)}'
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

    # -- sections ------------------------------------------------------------------------------
    def title_block(self) -> Section:
        meta = self.data.meta
        facts = [("År", str(self.data.year), "year")]
        if meta.diarienummer:
            facts.insert(0, ("Diarienummer", meta.diarienummer, "dnr"))
        if meta.published:
            facts.append(("Publicerad", fmt.date(meta.published), "published"))
        items = "".join(
            f'<div><dt>{markup.text(k)}</dt><dd class="{css}">{markup.text(v)}</dd></div>'
            for k, v, css in facts
        )
        html = (
            '<header class="title-block">'
            '<p class="kicker">Region Stockholm · Kulturförvaltningen</p>'
            f'<h1 id="titel">{markup.text(meta.title)}</h1><dl class="facts">{items}</dl></header>'
        )
        return Section(
            html,
            doc={
                "title": meta.title,
                "diarienummer": meta.diarienummer,
                "year": self.data.year,
                "date": provenance.rendering_date(
                    meta.published, self.data.meetings["date"].max().date()
                ).isoformat(),
            },
        )

    def ingress(self) -> Section:
        before = self.previous
        figures = narrative.year_in_figures(
            self.data.year,
            tables.key_figures(self.data),
            tables.key_figures(before) if before else None,
            before.year if before else None,
        )
        body = [
            markup.paragraph(narrative.intro(self.data.year), "lead"),
            markup.paragraph(figures),
        ]
        if self.data.meta.ingress:
            body.append(f'<div class="curated">{markup.markdown(self.data.meta.ingress)}</div>')
        return self._section("Inledning", "inledning", body)

    def figures_section(self) -> Section:
        by_group = tables.meetings_by_party_group(self.data)
        totals = by_group[["meetings", "participants", *FORMATS]].sum()
        headers = {
            "party_group": "Partsgrupp",
            "meetings": "Möten",
            "participants": "Deltagare",
            **{f: FORMATS[f] for f in FORMATS},
        }
        numeric = ("meetings", "participants", *FORMATS)
        table = self.table(
            by_group,
            f"Dialogmöten per partsgrupp {self.data.year}: antal möten, deltagare och mötesformer.",
            headers,
            formats={c: fmt.number for c in numeric},
            numeric=numeric,
            footer={"party_group": "Totalt", **{c: fmt.number(totals[c]) for c in numeric}},
        )
        alt = (
            "Stapeldiagram över antal möten per partsgrupp: "
            + "; ".join(f"{r.party_group} {fmt.number(r.meetings)}" for r in by_group.itertuples())
            + "."
        )
        chart = self.figure(
            charts.meetings_chart(by_group),
            f"Antal dialogmöten per partsgrupp {self.data.year}.",
            alt,
        )
        themes = tables.theme_summary(self.data)
        alt2 = (
            "Stapeldiagram över antal möten där varje tema togs upp: "
            + "; ".join(f"{r.theme} {fmt.number(r.meetings)}" for r in themes.itertuples())
            + "."
        )
        chart2 = self.figure(
            charts.themes_chart(themes),
            f"Årets teman efter antal möten där de togs upp, {self.data.year}.",
            alt2,
        )
        return self._section("Årets dialoger i siffror", "i-siffror", [table, chart, chart2])

    def theme_sections(self) -> Section:
        themes = tables.theme_summary(self.data)
        labels = self.data.reference.party_groups["label_sv"]
        total = len(self.data.meetings)
        children = []
        for row in themes.to_dict("records"):
            body = []
            curated = self.data.meta.theme_summaries.get(row["code"])
            if curated:
                body.append(f'<div class="curated">{markup.markdown(curated)}</div>')
            body.append(markup.paragraph(narrative.theme_paragraph(row, total, labels)))
            for kind, obs in tables.observations_for_theme(self.data, row["code"]).items():
                items = "".join(
                    f'<li>{markup.text(o.text)} <span class="source">'
                    f"({markup.text(o.party_group_label)})</span></li>"
                    for o in obs.itertuples()
                )
                body.append(
                    f'<h4>{markup.text(KINDS[kind])}</h4><ul class="observations">{items}</ul>'
                )
            children.append(
                self._section(row["theme"], "tema-" + markup.slug(row["code"]), body, 3)
            )
        lead = markup.paragraph(
            f"Under {self.data.year} togs {fmt.number(len(themes))} teman upp. De redovisas här i "
            f"den ordning de diskuterades mest, med {fmt.lower_first(themes.iloc[0].theme)} först. "
            "Under varje tema följer de iakttagelser som gjordes, ordnade efter slag, med den "
            "partsgrupp som framförde dem inom parentes."
        )
        return self._section("Årets teman", "teman", [lead], children=children)

    def cooperation_section(self) -> Section | None:
        if self.data.cooperation is None or self.data.cooperation.empty:
            return None
        by_area = tables.cooperation_by_area(self.data)
        matrix = tables.cooperation_matrix(self.data)
        n_munis = self.data.cooperation["municipality"].nunique()
        headers = {"municipality": "Kommun", "subregion": "Delregion", **AREAS}
        table = self.table(
            matrix,
            f"Samverkan med andra kommuner eller regionen per kommun och "
            f"område, {self.data.year} (Ja = samverkar, Nej = samverkar inte, "
            "– = uppgift saknas).",
            headers,
            formats={a: YES_NO.get for a in AREAS},
            css="matrix",
        )
        body = [markup.paragraph(narrative.cooperation_paragraph(by_area, n_munis)), table]
        ranking = tables.barrier_ranking(self.data)
        body.append(markup.paragraph(narrative.barriers_paragraph(ranking)))
        if not ranking.empty:
            alt = (
                "Rangordnat stapeldiagram över hinder för samverkan, angivna av kommuner som "
                "inte samverkar: "
                + "; ".join(f"{r.barrier} {fmt.number(r.mentions)}" for r in ranking.itertuples())
                + "."
            )
            body.append(
                self.figure(
                    charts.barriers_chart(ranking),
                    "Hinder för samverkan som nämns av kommuner som inte "
                    f"samverkar, {self.data.year}.",
                    alt,
                )
            )
        return self._section("Interkommunal och regional samverkan", "samverkan", body)

    def needs_section(self) -> Section:
        needs = tables.needs_table(self.data)
        body = [
            markup.paragraph(narrative.needs_paragraph(needs, tables.needs_by_status(self.data)))
        ]
        if not needs.empty:
            headers = {
                "theme": "Tema",
                "text": "Önskemål eller behov",
                "raised_by": "Framfört av",
                "level": "Nivå",
                "status": "Status",
            }
            body.append(
                self.table(
                    needs,
                    f"Önskemål och behov av insatser som identifierats "
                    f"i {self.data.year} års dialoger.",
                    headers,
                    css="needs",
                    nowrap=("level",),
                )
            )
        body.append(markup.paragraph(narrative.NEEDS_CLOSING))
        if self.data.meta.conclusion:
            body.append(f'<div class="curated">{markup.markdown(self.data.meta.conclusion)}</div>')
        return self._section("Önskemål och behov av insatser", "behov", body)

    def comparison_section(self) -> Section | None:
        years = [*self.earlier, self.data]
        if len(years) < 2:
            return None
        over = tables.participation_over_years(years)
        shares = tables.theme_shares_over_years(years)
        headers = {
            "year": "År",
            "meetings": "Möten",
            "participants": "Deltagare",
            "party_groups": "Partsgrupper",
            "municipalities": "Kommuner",
            "digital_share": "Andel digitala möten",
        }
        numeric = tuple(list(headers)[1:])
        formats = {c: fmt.number for c in numeric} | {"year": str, "digital_share": fmt.percent}
        table1 = self.table(over, "Deltagande per år.", headers, formats=formats, numeric=numeric)
        alt1 = (
            "Två stapeldiagram över möten och deltagare per år: "
            + "; ".join(
                f"{r.year}: {fmt.number(r.meetings)} möten och "
                f"{fmt.number(r.participants)} deltagare"
                for r in over.itertuples()
            )
            + "."
        )
        fig1 = self.figure(charts.participation_chart(over), "Möten och deltagare per år.", alt1)
        share_table = shares.reset_index()
        share_table.columns = [str(c) for c in share_table.columns]
        year_cols = [str(d.year) for d in sorted(years, key=lambda d: d.year)]
        table2 = self.table(
            share_table,
            "Andel av årets möten där respektive tema togs upp.",
            {"theme": "Tema", **{y: y for y in year_cols}},
            formats={y: fmt.percent for y in year_cols},
            numeric=tuple(year_cols),
        )
        alt2 = (
            "Värmekarta över andelen möten per år där varje tema togs upp; samma värden som i "
            f"tabell {self._tables}. Mörkare ruta betyder större andel."
        )
        fig2 = self.figure(
            charts.theme_shares_chart(shares),
            "Andel av årets möten där respektive tema togs upp.",
            alt2,
        )
        body = [
            markup.paragraph(narrative.comparison_paragraph(over, shares)),
            table1,
            fig1,
            table2,
            fig2,
        ]
        return self._section("Jämförelse med tidigare år", "jamforelse", body)

    def appendix(self) -> Section:
        d = self.data
        record = provenance.describe(
            list(d.sources),
            self.parameters,
            d.meta.published,
            d.meetings["date"].max().date(),
            self.root,
        )
        method = markup.paragraph(
            "Sammanfattningen bygger på kulturförvaltningens strukturerade anteckningar från årets "
            "dialogmöten: möten, iakttagelser per tema, identifierade önskemål och behov samt "
            "uppgifter om kommunernas samverkan. Alla siffror, tabeller och diagram räknas fram ur "
            "underlaget vid varje framställning; inga siffror är inskrivna för hand."
        )
        stated = provenance.rendering_date(d.meta.published, d.meetings["date"].max().date())
        rendered = markup.paragraph(
            f"Framställd ur underlag daterat {fmt.date(stated)} (datum ur underlaget, inte "
            "klockslag, så att samma underlag ger samma rapport)."
        )
        files = "".join(
            f'<tr><th scope="row">{markup.text(f)}</th><td class="hash">{markup.text(h)}</td></tr>'
            for f, h in record["inputs"].items()
        )
        inputs = (
            f'<table class="provenance"><caption>Underlagsfiler och deras kontrollsummor '
            f'(SHA-256).</caption><thead><tr><th scope="col">Fil</th><th scope="col">'
            f"SHA-256</th></tr></thead><tbody>{files}</tbody></table>"
        )
        code = record["code"]
        code_text = (
            f"Programversion: git-incheckning {code['commit'][:12]}"
            f"{'' if code['clean'] else ' (med ändringar som inte är incheckade)'}."
            if code["commit"]
            else "Programversion: okänd (ingen git-historik)."
        )
        params = ", ".join(f"{k} = {v}" for k, v in sorted(self.parameters.items())) or "inga"
        packages = ", ".join(f"{k} {v}" for k, v in record["packages"].items())
        body = [
            method,
            rendered,
            inputs,
            markup.paragraph(code_text),
            markup.paragraph(f"Parametrar: {params}."),
            markup.paragraph(f"Programpaket: {packages}."),
            markup.paragraph(f"Proveniensschema, version {record['schema_version']}."),
        ]
        return self._section("Om underlaget", "om-underlaget", body)


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
    year: int, data_dir: str = "data", compare: bool = True, root: Path | None = None
) -> AnnualReport:
    """Load and validate `year` and the earlier years it is compared with (DataError if broken)."""
    show_errors_plainly()
    data = load_year(year, root, data_dir)
    earlier = (
        [load_year(y, root, data_dir) for y in available_years(root, data_dir) if y < year]
        if compare
        else []
    )
    parameters = {"year": year, "data_dir": data_dir, "compare": compare}
    return AnnualReport(data, earlier, parameters, root)
