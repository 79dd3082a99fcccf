"""Building a report's blocks in a notebook: numbered tables and figures, sections, display.

Shared by every notebook (the annual summary, the trends, an analyst's own): the package's
report classes and an analyst's cells build the same blocks, shown the same way.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import matplotlib
import pandas as pd
from matplotlib.figure import Figure

from kulturdialog.content import blocks as b
from kulturdialog.content import prose
from kulturdialog.formats.html import fragment
from kulturdialog.lang.fmt import NO_DATA, missing
from kulturdialog.lang.i18n import SWEDISH, Language

DATA_LANGUAGE = "sv"  # the language of the data's text fields (data contract): curated, quoted


class Shown:
    """What a notebook cell displays: blocks as HTML for the eye, as JSON for the exporters."""

    def __init__(self, content: Iterable[b.Block], language: str = SWEDISH.code):
        self.blocks = list(content)
        self.language = language

    @property
    def info(self) -> b.DocInfo | None:
        """The report's facts, if this output holds its title block."""
        return next((x.info for x in self.blocks if isinstance(x, b.Title)), None)

    @property
    def html(self) -> str:
        return fragment(self.blocks, self.language)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {
            "text/html": self.html,
            "text/plain": "\n".join(_plain_text(x) for x in self.blocks),
            b.MIME: [b.to_json(x) for x in self.blocks],
        }


def _plain_text(block: b.Block) -> str:
    if isinstance(block, b.Section):
        return block.heading.text
    if isinstance(block, b.Title):
        return block.info.title
    return getattr(block, "caption", "") or block.type


Part = b.Block | Shown | None


def flatten(parts: Iterable[Part]) -> list[b.Block]:
    """Blocks from a mix of blocks and shown outputs; None (a section left out) is skipped."""
    out: list[b.Block] = []
    for part in parts:
        if isinstance(part, Shown):
            out.extend(part.blocks)
        elif part is not None:
            out.append(part)
    return out


def svg(fig: Figure) -> str:
    """The figure as SVG without a creation date, so equal inputs give equal bytes."""
    buffer = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": "kulturdialog"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


@dataclass
class Builder:
    """Numbers tables and figures as a notebook shows them, and builds sections.

    The exporters renumber the whole document once, in reading order; the numbers here are
    what JupyterLab shows while the analyst works, and agree with the report's.
    """

    lang: Language = SWEDISH
    tables: int = 0
    figures: int = 0

    def table(
        self,
        frame: pd.DataFrame,
        caption: str,
        headers: Mapping[str, str],
        formats: Mapping[str, Callable[[object], str]] | None = None,
        numeric: tuple[str, ...] = (),
        footer: Mapping[str, str] | None = None,
        css: str | None = None,
        nowrap: tuple[str, ...] = (),
        lang: Mapping[str, str] | None = None,
        label: str = "",
        notes: tuple[str, ...] = (),
    ) -> b.Table:
        """A numbered table of `frame`'s columns `headers` (column → shown header), in order;
        the first column holds the row headers; `formats` turn values into text, and a missing
        value (None, NaN, NA: a year without dialogues) is shown as `–`; `notes` follow it."""
        formats, lang = formats or {}, lang or {}
        cols = list(headers)
        self.tables += 1
        rows = tuple(
            tuple(NO_DATA if missing(record[c]) else formats.get(c, str)(record[c]) for c in cols)
            for record in frame.to_dict("records")
        )
        return b.Table(
            caption=caption,
            columns=tuple(
                b.Column(headers[c], c in numeric, c in nowrap, lang.get(c)) for c in cols
            ),
            rows=rows,
            footer=tuple(footer.get(c, "") for c in cols) if footer else None,
            notes=tuple(notes),
            number=self.tables,
            anchor=label,
            role=css,
        )

    def figure(self, fig: Figure, caption: str, alt: str, label: str = "") -> b.Figure:
        """A numbered figure with its caption and a text alternative saying what it shows."""
        import matplotlib.pyplot as plt

        self.figures += 1
        drawing = svg(fig)
        plt.close(fig)
        return b.Figure(caption, alt, drawing, number=self.figures, anchor=label)

    def section(
        self,
        title: str,
        anchor: str,
        body: Iterable[Part],
        level: int = 2,
        children: Iterable[Part] = (),
        title_lang: str | None = None,
    ) -> Shown:
        heading = b.Heading(level, title, anchor, title_lang)
        section = b.Section(heading, tuple(flatten([*body, *children])))
        return self.show([section])

    def show(self, content: Iterable[b.Block]) -> Shown:
        return Shown(content, self.lang.code)

    @staticmethod
    def paragraph(text: str, role: str | None = None) -> b.Paragraph:
        return b.Paragraph(tuple(b.spans(text)), role)

    def curated(self, source: str) -> b.Group:
        """Curated Markdown from year.yaml as written (Swedish); in another report language,
        with a note saying it is not translated."""
        content = prose.blocks(source)
        if self.lang.code == DATA_LANGUAGE:
            return b.Group(tuple(content), "curated")
        note = b.Note(tuple(b.spans(self.lang("untranslated"))), "untranslated", self.lang.code)
        return b.Group((note, *content), "curated", DATA_LANGUAGE)

    def provenance(self, record: dict) -> list[b.Block]:
        """The appendix's words for the public on getting and checking the data, and its input
        files with the start of each checksum (record: provenance.record). Parameters, package
        versions and the commit are the manifest's and the executed notebook's, not the reader's."""
        lang = self.lang
        inputs = b.Table(
            caption=lang("cap_inputs"),
            columns=(b.Column(lang("col_file")), b.Column(lang("col_checksum"))),
            rows=tuple((f, short_checksum(h)) for f, h in record["inputs"].items()),
            role="provenance",
        )
        return [
            self.paragraph(lang("app_get")),
            self.paragraph(lang("app_check", digits=lang.count(CHECKSUM_SHOWN))),
            inputs,
        ]


# The appendix shows a checksum's first 12 hex digits (48 bits: enough to tell two versions of a
# file apart by eye, and short enough never to wrap in a table cell of any format); the full
# SHA-256 of every input is in the manifest.
CHECKSUM_SHOWN = 12


def short_checksum(sha256: str) -> str:
    """The start of a checksum as the appendix shows it (CHECKSUM_SHOWN hex digits)."""
    return sha256[:CHECKSUM_SHOWN]
