"""A sample document with every kind of block, for the exporters' tests (no notebook needed)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from kulturdialog.content import blocks as b  # noqa: E402

HOSTILE = '<script>alert("x")</script> #set text(red) $x$ \\ [link](javascript:x) *a* _b_ `c` <w:p>'


def chart_svg() -> str:
    fig, ax = plt.subplots(figsize=(6, 3))
    ax.barh(["Kommuner", "Fria kulturlivet", "Civilsamhället"], [6, 5, 3], color="#1f5f8b")
    ax.set_xlabel("Antal möten")
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "test"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    plt.close(fig)
    return buffer.getvalue()


def wide_table_document(headed: bool = False) -> b.Document:
    """A paragraph, then a table whose least widths do not fit a portrait page (7 columns); if
    `headed`, under a section's heading and a subheading, followed by a paragraph."""
    wide = b.Table(
        caption="En bred tabell.",
        columns=tuple(b.Column(f"Kolumn {i}") for i in range(7)),
        rows=tuple(tuple(f"Kulturmiljöfrågor{i}" for _ in range(7)) for i in range(3)),
        number=1,
    )
    info = b.DocInfo(title="Bred", year=2021, date="2022-02-15")
    before = b.Paragraph(tuple(b.spans("Före.")))
    if not headed:
        return b.Document(info, [before, wide])
    section = b.Section(b.Heading(2, "Samverkan i siffror"), (b.Heading(3, "Per kommun"), wide))
    return b.Document(info, [before, section, b.Paragraph(tuple(b.spans("Efter.")))])


def sample_document(language: str = "sv") -> b.Document:
    info = b.DocInfo(
        title="Sammanfattning av årets dialogmöten 2021",
        year=2021,
        date="2022-02-15",
        diarienummer="KUN 2021/123",
        language=language,
        description="Sammanfattning av Region Stockholms kulturdialoger 2021.",
    )
    long_rows = tuple(
        (f"Kommun {i}", f"{i * 1000:,}".replace(",", "\u00a0"), "Ja") for i in range(60)
    )
    content = [
        b.Title(
            info,
            kicker="Region Stockholm · Kulturförvaltningen",
            facts=(
                b.Fact("Diarienummer", "KUN 2021/123", "dnr"),
                b.Fact("År", "2021", "year"),
                b.Fact("Publicerad", "15 februari 2022", "published"),
            ),
        ),
        b.Contents(),
        b.Section(
            b.Heading(2, "Inledning", "inledning"),
            (
                b.Paragraph((b.Span("Under 2021 höll Region Stockholm 14 dialogmöten."),), "lead"),
                b.Paragraph(
                    (
                        b.Span("Mötena var "),
                        b.Span("digitala", ("emph",)),
                        b.Span(" och "),
                        b.Span("välbesökta", ("strong",)),
                        b.Span(". Läs mer på "),
                        b.Span("regionens webbplats", link="https://www.regionstockholm.se/"),
                        b.Span(". ”Citat” – och tankstreck."),
                    )
                ),
                b.Paragraph((b.Span(HOSTILE),)),
                b.Group(
                    (
                        b.Paragraph((b.Span("Kuraterad text från year.yaml."),)),
                        b.Quote((b.Paragraph((b.Span("Ett citat i ett blockcitat."),)),)),
                    ),
                    role="curated",
                ),
            ),
        ),
        b.Section(
            b.Heading(2, "Årets dialoger i siffror", "i-siffror"),
            (
                b.Table(
                    caption="Möten och deltagare per partsgrupp 2021.",
                    columns=(
                        b.Column("Partsgrupp"),
                        b.Column("Möten", numeric=True),
                        b.Column("Deltagare", numeric=True),
                    ),
                    rows=(
                        ("Kommuner", "6", "1\u00a0234"),
                        ("Fria kulturlivet", "5", "87"),
                        ("Civilsamhället", "3", "41"),
                    ),
                    footer=("Totalt", "14", "1\u00a0362"),
                    number=1,
                ),
                b.Figure(
                    caption="Möten per partsgrupp 2021.",
                    alt="Liggande stapeldiagram: Kommuner 6; Fria kulturlivet 5; Civilsamhället 3.",
                    svg=chart_svg(),
                    number=1,
                ),
                b.Table(
                    caption="En lång tabell som delas över sidor.",
                    columns=(
                        b.Column("Kommun"),
                        b.Column("Invånare", numeric=True),
                        b.Column("Samverkar", nowrap=True),
                    ),
                    rows=long_rows,
                    number=2,
                    notes=("Uppgifterna är påhittade.",),
                ),
            ),
        ),
        b.Section(
            b.Heading(2, "Vad som togs upp", "teman"),
            (
                b.Section(
                    b.Heading(3, "Kulturskola", "tema-kulturskola"),
                    (
                        b.Heading(4, "Utmaningar"),
                        b.ListBlock(
                            (
                                (
                                    b.Span("Lokalerna räcker inte.", lang="sv"),
                                    b.Span(" "),
                                    b.Span("(Kommuner)", role="source"),
                                ),
                                (
                                    b.Span(HOSTILE, lang="sv"),
                                    b.Span(" "),
                                    b.Span("(Civilsamhället)", role="source"),
                                ),
                            ),
                            role="observations",
                        ),
                        b.Note(
                            (b.Span("The quoted text is in Swedish, as recorded."),),
                            "untranslated",
                            "en",
                        ),
                    ),
                ),
            ),
        ),
        b.Section(
            b.Heading(2, "Om underlaget", "om-underlaget"),
            (
                b.Table(
                    caption="Indatafiler",
                    columns=(b.Column("Fil"), b.Column("SHA-256")),
                    rows=(("data/2021/meetings.csv", "ab" * 32),),
                    role="provenance",
                    number=None,
                ),
                b.ListBlock(((b.Span("ett"),), (b.Span("två"),)), ordered=True),
            ),
        ),
    ]
    return b.Document(info, b.number(content))
