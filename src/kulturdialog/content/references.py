"""Cross-references and footnotes, resolved once the whole document is assembled.

`@fig-x` and `@tbl-x` become "figur 3" / "tabell 2" (capitalised at the start of a sentence or
written `@Fig-x`), `@sec-x` the section's title, each linked to its target: the numbers are the
document's own, the ones the captions show. Labels are the anchors that cell options
(`#| label: fig-x`) and headings (`## Metod {#sec-metod}`) give. Footnotes are numbered through
the whole document: each Markdown text numbers its own from 1 (prose.py).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass

from kulturdialog.content import blocks as b
from kulturdialog.errors import RenderError
from kulturdialog.lang.i18n import language as language_of

PREFIXES = {"fig": b.Figure, "tbl": b.Table, "sec": b.Heading}
SENTENCE_END = re.compile(r"(^|[.!?…]\s*)$")


class UnknownReference(RenderError):
    """A cross-reference to a label that no figure, table or section has."""


@dataclass(frozen=True)
class Target:
    kind: str  # "fig", "tbl", "sec"
    anchor: str
    number: int | None = None
    title: str = ""


def targets(blocks: list[b.Block]) -> dict[str, Target]:
    """Every label a reference may name → its target: the first block with that anchor."""
    found: dict[str, Target] = {}
    for block in b.walk(blocks):
        if isinstance(block, b.Figure | b.Table) and block.number is not None:
            kind = "fig" if isinstance(block, b.Figure) else "tbl"
            found.setdefault(b.anchor(block), Target(kind, b.anchor(block), block.number))
        elif isinstance(block, b.Heading) and block.anchor:
            found.setdefault(block.anchor, Target("sec", block.anchor, title=block.text))
    return found


def cited(blocks: list[b.Block]) -> list[str]:
    """The labels the blocks' cross-references name, in reading order (`fig-x`)."""
    return [s.link[1:] for s in _spans_of(blocks) if s.role == "xref" and s.link]


def _spans_of(blocks: list[b.Block] | tuple[b.Block, ...]) -> list[b.Span]:
    out: list[b.Span] = []
    for block in b.walk(blocks):
        if isinstance(block, b.Paragraph | b.Note):
            out.extend(block.content)
        elif isinstance(block, b.ListBlock | b.Footnotes):
            out.extend(span for item in block.items for span in item)
    return out


def unknown(label: str, known: dict[str, Target]) -> str | None:
    """Why `label` cannot be resolved (with the nearest label of its kind), or None."""
    target = known.get(label)
    kind = label.split("-", 1)[0]
    if target is not None and target.kind == kind:
        return None
    labels = sorted(a for a, t in known.items() if a.startswith(f"{t.kind}-"))
    nearest = difflib.get_close_matches(label, labels, n=1, cutoff=0.5)
    what = {"fig": "figure", "tbl": "table", "sec": "section"}[kind]
    hint = f"; did you mean @{nearest[0]}?" if nearest else ""
    if not labels:
        hint = "; label a figure or table with `#| label: fig-…` / `tbl-…`, a heading with {#sec-…}"
    return f"@{label} names no {what}{hint}"


def resolve(blocks: list[b.Block], language: str) -> list[b.Block]:
    """The blocks with every known cross-reference resolved and the footnotes numbered through;
    a reference to an unknown label stays as written (the caller reports it)."""
    return _Resolver(targets(blocks), language).blocks(blocks)


class _Resolver:
    def __init__(self, known: dict[str, Target], language: str):
        self.known = known
        self.say = language_of(language)
        self.footnotes = 0  # footnotes numbered so far

    def blocks(self, blocks: list[b.Block] | tuple[b.Block, ...]) -> list[b.Block]:
        return [self.block(x) for x in blocks]

    def block(self, x: b.Block) -> b.Block:
        if isinstance(x, b.Paragraph | b.Note):
            return dataclasses.replace(x, content=self.spans(x.content))
        if isinstance(x, b.ListBlock):
            return dataclasses.replace(x, items=tuple(self.spans(i) for i in x.items))
        if isinstance(x, b.Footnotes):
            items = tuple(self.spans(i) for i in x.items)
            start = self.footnotes + 1
            self.footnotes += len(items)
            return dataclasses.replace(x, items=items, start=start)
        if isinstance(x, b.CONTAINERS):
            return dataclasses.replace(x, children=tuple(self.blocks(x.children)))
        return x

    def spans(self, content: tuple[b.Span, ...]) -> tuple[b.Span, ...]:
        out: list[b.Span] = []
        for span in content:
            if span.role == "xref":
                before = b.plain([s for s in out if s.role != "footnote"])
                span = self.reference(span, SENTENCE_END.search(before) is not None)
            elif span.role == "footnote":
                number = int(span.text) + self.footnotes
                span = dataclasses.replace(
                    span, text=str(number), link=f"#{b.footnote_anchor(number)}"
                )
            out.append(span)
        return tuple(out)

    def reference(self, span: b.Span, sentence_start: bool) -> b.Span:
        label = (span.link or "#")[1:]
        if unknown(label, self.known):
            return span
        target = self.known[label]
        if target.kind == "sec":
            words = target.title
        else:
            key = "xref_figure" if target.kind == "fig" else "xref_table"
            words = self.say(key, number=target.number)
            if sentence_start or span.text[1].isupper():
                words = words[:1].upper() + words[1:]
        return dataclasses.replace(span, text=words, link=f"#{target.anchor}", role=None)
