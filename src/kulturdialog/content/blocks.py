"""The report's content as typed, format-neutral blocks; every exporter reads these.

A notebook output carries its blocks as JSON under `MIME` beside `text/html`. Text is plain text
everywhere (each exporter escapes it for its format), so text from the data is never markup.
Standard library only: the exporters and the skip check import it cheaply.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

MIME = "application/vnd.kulturdialog.blocks+json"
SAFE_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)  # what a link may point to


@dataclass(frozen=True)
class Span:
    """A run of text: `style` holds "emph", "strong" or "code"; `role` a semantic class
    ("source": who said it; "label": a caption's number)."""

    text: str
    style: tuple[str, ...] = ()
    link: str | None = None
    lang: str | None = None
    role: str | None = None


def plain(spans: list[Span]) -> str:
    return "".join(s.text for s in spans)


def spans(text: str, **kwargs: Any) -> list[Span]:
    return [Span(text, **kwargs)] if text else []


@dataclass(frozen=True)
class DocInfo:
    """The facts of a report that every format states: title, diarienummer, year, date."""

    title: str
    year: int | None = None
    date: str | None = None  # ISO date the report states (never the clock)
    diarienummer: str | None = None
    language: str = "sv"
    description: str = ""  # one sentence: the PDF's subject, Word's subject, HTML's meta
    author: str = "Region Stockholm"
    layout: str = "report"  # "brief": a short document, title and contents on its first page


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    role: str = ""  # "dnr", "year", "published"


class Block:
    """Base of every block; `type` names it in JSON."""

    type: ClassVar[str] = ""


@dataclass(frozen=True)
class Title(Block):
    type: ClassVar[str] = "title"
    info: DocInfo
    kicker: str = ""
    facts: tuple[Fact, ...] = ()
    title_lang: str | None = None  # set when the title is in another language than the report


@dataclass(frozen=True)
class Contents(Block):
    """Where the table of contents and the lists of tables and figures go."""

    type: ClassVar[str] = "contents"


@dataclass(frozen=True)
class Heading(Block):
    type: ClassVar[str] = "heading"
    level: int
    text: str
    anchor: str = ""
    lang: str | None = None


@dataclass(frozen=True)
class Paragraph(Block):
    type: ClassVar[str] = "paragraph"
    content: tuple[Span, ...]
    role: str | None = None  # "lead": the ingress's first paragraph


@dataclass(frozen=True)
class ListBlock(Block):
    type: ClassVar[str] = "list"
    items: tuple[tuple[Span, ...], ...]
    ordered: bool = False
    role: str | None = None  # "observations"


@dataclass(frozen=True)
class Quote(Block):
    type: ClassVar[str] = "quote"
    children: tuple[Block, ...]


@dataclass(frozen=True)
class Group(Block):
    """Blocks that belong together: curated text from year.yaml (role "curated"), in `lang`."""

    type: ClassVar[str] = "group"
    children: tuple[Block, ...]
    role: str | None = None
    lang: str | None = None


@dataclass(frozen=True)
class Note(Block):
    """A callout: "untranslated" (the data's text is in Swedish), "warning" (preview only)."""

    type: ClassVar[str] = "note"
    content: tuple[Span, ...]
    role: str = "note"
    lang: str | None = None


@dataclass(frozen=True)
class Callout(Block):
    """An analyst's callout (`::: {.callout-note}`): `kind` is note, tip, important, warning or
    caution; every format shows the kind's word (and the title, if any) before the blocks."""

    type: ClassVar[str] = "callout"
    kind: str
    children: tuple[Block, ...]
    title: str = ""


@dataclass(frozen=True)
class Panel(Block):
    """One tab of a tabset (`::: {.panel-tabset}`), shown in sequence: its title is a heading of
    `level` that stays out of the contents."""

    type: ClassVar[str] = "panel"
    title: str
    children: tuple[Block, ...]
    level: int = 3


@dataclass(frozen=True)
class Footnotes(Block):
    """The footnotes of one Markdown text, numbered from `start`. A reference to note n is a
    span with role "footnote", its number as text and `#fn-n` as link (footnote_anchor)."""

    type: ClassVar[str] = "footnotes"
    items: tuple[tuple[Span, ...], ...]
    start: int = 1

    def numbered(self) -> list[tuple[int, tuple[Span, ...]]]:
        return list(enumerate(self.items, start=self.start))


def footnote_anchor(number: int) -> str:
    """The id of footnote `number` in every format; its first reference is `fnref-<number>`."""
    return f"fn-{number}"


@dataclass(frozen=True)
class Code(Block):
    """A cell's code, shown as written (`#| echo: true`): monospaced, never run or parsed."""

    type: ClassVar[str] = "code"
    text: str
    language: str = "python"


@dataclass(frozen=True)
class Column:
    header: str
    numeric: bool = False
    nowrap: bool = False
    lang: str | None = None  # the cells' language where it differs from the report's


@dataclass(frozen=True)
class Table(Block):
    """A table: the first column holds row headers. `number` None: an unnumbered table."""

    type: ClassVar[str] = "table"
    caption: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    footer: tuple[str, ...] | None = None
    notes: tuple[str, ...] = ()
    number: int | None = None
    anchor: str = ""
    role: str | None = None  # "matrix", "needs", "provenance": a layout hint
    header_rows: tuple[tuple[str, ...], ...] = ()  # grouped headers above `columns`, if any


@dataclass(frozen=True)
class Figure(Block):
    """A vector figure (SVG text) with a caption and a text alternative."""

    type: ClassVar[str] = "figure"
    caption: str
    alt: str
    svg: str
    number: int | None = None
    anchor: str = ""
    width_cm: float | None = None


@dataclass(frozen=True)
class Section(Block):
    """A heading and what follows it, down to the next heading of its level."""

    type: ClassVar[str] = "section"
    heading: Heading
    children: tuple[Block, ...] = ()


TYPES: dict[str, type] = {
    c.type: c for c in (Title, Contents, Heading, Paragraph, ListBlock, Quote, Group, Note, Code)
} | {c.type: c for c in (Table, Figure, Section, Callout, Panel, Footnotes)}
CONTAINERS = (Section, Group, Quote, Callout, Panel)  # blocks with `children`
NESTED = {"info": DocInfo, "heading": Heading}


# -- JSON ---------------------------------------------------------------------------------------
def to_json(block: Block) -> dict:
    """A block as JSON-ready data, with its `type`."""
    return {"type": block.type, **_fields(block)}


def _fields(value: Any) -> dict:
    return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}


def _plain(value: Any) -> Any:
    if isinstance(value, Block):
        return to_json(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value


def from_json(data: dict) -> Block:
    """The block that `to_json` gave `data`."""
    cls = TYPES[data["type"]]
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = _typed(f.name, data[f.name])
    return cls(**values)


def _typed(name: str, value: Any) -> Any:
    if name in NESTED:
        target = NESTED[name]
        return from_json({"type": "heading", **value}) if target is Heading else DocInfo(**value)
    if name == "children":
        return tuple(from_json(v) for v in value)
    if name == "content":
        return tuple(_span(s) for s in value)
    if name == "items":
        return tuple(tuple(_span(s) for s in item) for item in value)
    if name == "facts":
        return tuple(Fact(**f) for f in value)
    if name == "columns":
        return tuple(Column(**c) for c in value)
    if name in ("rows", "header_rows"):
        return tuple(tuple(r) for r in value)
    if name in ("footer", "notes") and value is not None:
        return tuple(value)
    return value


def _span(data: dict) -> Span:
    return Span(**{**data, "style": tuple(data.get("style", ()))})


def dumps(blocks: list[Block]) -> str:
    return json.dumps([to_json(b) for b in blocks], ensure_ascii=False, sort_keys=True)


def loads(text: str | list) -> list[Block]:
    data = json.loads(text) if isinstance(text, str) else text
    return [from_json(d) for d in data]


# -- walking ------------------------------------------------------------------------------------
def walk(blocks: tuple[Block, ...] | list[Block]) -> Iterator[Block]:
    """Every block in reading order, sections and groups included, then their children."""
    for block in blocks:
        yield block
        if isinstance(block, Section):
            yield block.heading
        children = getattr(block, "children", ())
        yield from walk(children)


@dataclass
class Document:
    """A whole report: its facts and its blocks in reading order, tables and figures numbered."""

    info: DocInfo
    blocks: list[Block] = field(default_factory=list)

    def headings(self, deepest: int = 3) -> list[Heading]:
        """The headings for the table of contents (the title is not one)."""
        return [b for b in walk(self.blocks) if isinstance(b, Heading) and b.level <= deepest]

    def tables(self) -> list[Table]:
        return [b for b in walk(self.blocks) if isinstance(b, Table) and b.number is not None]

    def figures(self) -> list[Figure]:
        return [b for b in walk(self.blocks) if isinstance(b, Figure)]

    def to_json(self) -> dict:
        return {"info": _plain(self.info), "blocks": [to_json(b) for b in self.blocks]}

    @classmethod
    def from_json(cls, data: dict) -> Document:
        return cls(DocInfo(**data["info"]), [from_json(b) for b in data["blocks"]])


def number(blocks: list[Block]) -> list[Block]:
    """Tables and figures numbered 1, 2, … in reading order: the one numbering of every format.

    A table whose number is None stays unnumbered (the appendix's list of input files).
    """
    counts = {"table": 0, "figure": 0}

    def renumber(block: Block) -> Block:
        if isinstance(block, Table | Figure) and not (
            isinstance(block, Table) and block.number is None
        ):
            counts[block.type] += 1
            return dataclasses.replace(block, number=counts[block.type])
        if isinstance(block, CONTAINERS):
            return dataclasses.replace(block, children=tuple(renumber(c) for c in block.children))
        return block

    return [renumber(b) for b in blocks]


def anchor(block: Table | Figure) -> str:
    """The block's id in every format: its label if it has one, else `tabell-3`, `figur-2`."""
    if block.anchor:
        return block.anchor
    return f"{'tabell' if isinstance(block, Table) else 'figur'}-{block.number}"


def unique_anchors(blocks: list[Block]) -> list[Block]:
    """Every heading, table and figure with an id of its own: a repeated one gets `-2`, `-3`."""
    seen: set[str] = {"titel", "toc-title", "main"}  # the page's own ids

    def own(name: str) -> str:
        candidate, n = name, 1
        while candidate in seen:
            n += 1
            candidate = f"{name}-{n}"
        seen.add(candidate)
        return candidate

    def fix(block: Block) -> Block:
        if isinstance(block, Heading) and block.anchor:
            return dataclasses.replace(block, anchor=own(block.anchor))
        if isinstance(block, Table | Figure) and (block.number is not None or block.anchor):
            return dataclasses.replace(block, anchor=own(anchor(block)))
        if isinstance(block, Section):
            heading = dataclasses.replace(block.heading, anchor=own(block.heading.anchor))
            children = tuple(fix(c) for c in block.children)
            return dataclasses.replace(block, heading=heading, children=children)
        if isinstance(block, Group | Quote | Callout | Panel):
            return dataclasses.replace(block, children=tuple(fix(c) for c in block.children))
        return block

    return [fix(b) for b in blocks]
