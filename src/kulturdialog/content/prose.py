"""Safe Markdown as blocks: curated text in year.yaml and an analyst's Markdown cells.

No raw HTML (shown as text), no images (`images` finds them), links only to http(s), mailto
and # anchors; Swedish typography (”citat”, tankstreck). Headings keep their level (# is 1).

Quarto's habits, as blocks every format shows: a heading's id (`## Metod {#sec-metod}`),
cross-references (`@fig-x`, `@tbl-x`, `@sec-x`: a span with role "xref", resolved once the whole
document is assembled, content/references.py), callouts (`::: {.callout-note}`), tabsets
(`::: {.panel-tabset}`: the tabs as panels in sequence), footnotes (`[^1]`) and pipe tables
(a table; numbered when a caption follows it, `: Caption {#tbl-x}`). Any other fenced div
(`::: {.column-margin}`) shows its content.
"""

from __future__ import annotations

import dataclasses
import re

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from kulturdialog.content import blocks as b

STYLES = {"em": "emph", "strong": "strong"}


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "””’’"})
    md.enable(["replacements", "smartquotes", "table"])
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(b.SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    md.use(footnote_plugin, inline=False)
    md.use(container_plugin, "div", validate=lambda params, *_: True)
    return md


MARKDOWN = _markdown()
IMAGES = MarkdownIt("commonmark", {"html": False})  # only to find images: `![alt](file.png)`
CALLOUTS = ("note", "tip", "important", "warning", "caution")
# @fig-x, @Fig-x (capitalised), [@tbl-x]; not in an e-mail address (a letter before the @)
XREF = re.compile(r"(?<![\w@])(\[)?@(?P<kind>[Ff]ig|[Tt]bl|[Ss]ec)-(?P<name>[\w-]*\w)(?(1)\])")
HEADING_ATTRS = re.compile(r"^(?P<text>.*?)\s*\{(?P<attrs>[^{}]*)\}\s*$")
ATTR = re.compile(  # one of #id, .class, key="value" (or 'value', or value)
    r"#(?P<id>[\w-]+)|\.(?P<cls>[\w-]+)"
    r"""|(?P<key>[\w-]+)=(?:"(?P<quoted>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>\S+))"""
)


def xref(kind: str, name: str) -> b.Span:
    """An unresolved cross-reference to `kind`-`name` (kind "Fig": capitalised wherever)."""
    return b.Span(f"@{kind}-{name}", link=f"#{kind.lower()}-{name}", role="xref")


def attributes(source: str) -> tuple[str | None, list[str], dict[str, str]]:
    """Pandoc's attributes `{#id .class key="value"}` as id, classes and key-values."""
    ident, classes, pairs = None, [], {}
    for match in ATTR.finditer(source.strip().strip("{}")):
        if match["id"]:
            ident = match["id"]
        elif match["cls"]:
            classes.append(match["cls"])
        else:
            pairs[match["key"]] = next(
                v for v in (match["quoted"], match["single"], match["bare"]) if v is not None
            )
    return ident, classes, pairs


def slug(value: str) -> str:
    """An anchor from a heading: lower case, a–z and digits, words joined by hyphens."""
    value = value.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-") or "avsnitt"


def images(source: str) -> list[str]:
    """The images the Markdown `source` shows (their addresses): a report takes none, since a
    figure comes from a code cell, with its caption and text alternative."""
    return [
        str(child.attrs.get("src", ""))
        for token in IMAGES.parse(source)
        if token.type == "inline"
        for child in token.children or []
        if child.type == "image"
    ]


def blocks(source: str) -> list[b.Block]:
    """The Markdown `source` as blocks, in order."""
    tokens = MARKDOWN.parse(source)
    out, _ = _blocks(tokens, 0, None)
    return out


def _blocks(tokens: list[Token], i: int, until: str | None) -> tuple[list[b.Block], int]:
    out: list[b.Block] = []
    while i < len(tokens):
        token = tokens[i]
        if until and token.type == until:
            return out, i + 1
        if token.type == "heading_open":
            title = b.plain(_spans(tokens[i + 1].children or []))
            ident = None
            found = HEADING_ATTRS.match(title)
            if found:  # `## Metod {#sec-metod}`: the id is the heading's anchor
                title, (ident, _, _) = found["text"], attributes(found["attrs"])
            out.append(b.Heading(int(token.tag[1]), title, ident or slug(title)))
            i += 3
        elif token.type == "container_div_open":
            inner, i = _blocks(tokens, i + 1, "container_div_close")
            out.extend(_div(token.info, inner))
        elif token.type == "footnote_block_open":
            notes, i = _footnotes(tokens, i + 1)
            out.append(b.Footnotes(notes))
        elif token.type == "table_open":
            table, i = _table(tokens, i + 1)
            out.append(table)
        elif token.type == "paragraph_open":
            content = tuple(_spans(tokens[i + 1].children or []))
            text, last = b.plain(list(content)), out[-1] if out else None
            if isinstance(last, b.Table) and _caption_line(last, text):
                out[-1] = _captioned(last, text[2:])
            else:
                out.append(b.Paragraph(content))
            i += 3
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            items, i = _list(tokens, i + 1, token.type.replace("_open", "_close"))
            out.append(b.ListBlock(items, ordered=token.type.startswith("ordered")))
        elif token.type == "blockquote_open":
            inner, i = _blocks(tokens, i + 1, "blockquote_close")
            out.append(b.Quote(tuple(inner)))
        elif token.type in ("fence", "code_block"):
            out.append(b.Paragraph((b.Span(token.content.rstrip("\n"), ("code",)),)))
            i += 1
        else:  # hr and anything else without text
            i += 1
    return out, i


def _table(tokens: list[Token], i: int) -> tuple[b.Table, int]:
    """A pipe table: its header row and its rows as text (emphasis and links dropped); a
    right-aligned column (`---:`) is numeric. Unnumbered until a caption follows it."""
    headers: list[str] = []
    numeric: list[bool] = []
    rows: list[tuple[str, ...]] = []
    row: list[str] = []
    while tokens[i].type != "table_close":
        token = tokens[i]
        if token.type == "th_open":
            numeric.append("text-align:right" in str(token.attrs.get("style", "")))
        elif token.type == "tr_open":
            row = []
        elif token.type == "inline":
            row.append(b.plain(_spans(token.children or [])))
        elif token.type == "tr_close":
            if headers:
                rows.append(tuple(row))
            else:
                headers = row
        i += 1
    columns = tuple(b.Column(h, numeric=n) for h, n in zip(headers, numeric, strict=True))
    return b.Table(caption="", columns=columns, rows=tuple(rows)), i + 1


def _caption_line(table: b.Table, text: str) -> bool:
    """Whether a paragraph's `text` after `table` is its caption (`: …`), and it has none yet."""
    return table.number is None and not table.caption and text.startswith(": ")


def _captioned(table: b.Table, caption: str) -> b.Table:
    """The table with Quarto's caption (`: Möten per kommun {#tbl-moten}`): numbered."""
    ident = None
    found = HEADING_ATTRS.match(caption)
    if found:
        caption, (ident, _, _) = found["text"], attributes(found["attrs"])
    return dataclasses.replace(table, caption=caption.strip(), number=0, anchor=ident or "")


def _div(info: str, inner: list[b.Block]) -> list[b.Block]:
    """A fenced div's blocks: a callout, a tabset's panels, or (any other div) its content."""
    _, classes, pairs = attributes(info)
    kind = next((c[8:] for c in classes if c[8:] in CALLOUTS and c.startswith("callout-")), None)
    if kind:
        title = pairs.get("title", "")
        if not title and inner and isinstance(inner[0], b.Heading):  # `## Title` first
            title, inner = inner[0].text, inner[1:]
        return [b.Callout(kind, tuple(inner), title)]
    if "panel-tabset" in classes:
        return _panels(inner)
    return inner


def _panels(inner: list[b.Block]) -> list[b.Block]:
    """A tabset's tabs in sequence: each heading of the highest level starts a panel."""
    levels = [x.level for x in inner if isinstance(x, b.Heading)]
    if not levels:
        return inner
    top = min(levels)
    out: list[b.Block] = []
    panel: tuple[b.Heading, list[b.Block]] | None = None
    for block in inner:
        if isinstance(block, b.Heading) and block.level == top:
            if panel:
                out.append(b.Panel(panel[0].text, tuple(panel[1]), top))
            panel = (block, [])
        elif panel:
            panel[1].append(block)
        else:
            out.append(block)
    if panel:
        out.append(b.Panel(panel[0].text, tuple(panel[1]), top))
    return out


def _footnotes(tokens: list[Token], i: int) -> tuple[tuple[tuple[b.Span, ...], ...], int]:
    """The footnotes' texts, in their numbers' order; a note's paragraphs joined by a space."""
    notes: list[tuple[b.Span, ...]] = []
    current: list[b.Span] = []
    while tokens[i].type != "footnote_block_close":
        token = tokens[i]
        if token.type == "footnote_open":
            current = []
        elif token.type == "inline":
            if current:
                current.append(b.Span(" "))
            current.extend(_spans(token.children or []))
        elif token.type == "footnote_close":
            notes.append(tuple(current))
        i += 1
    return tuple(notes), i + 1


def _list(tokens: list[Token], i: int, close: str) -> tuple[tuple[tuple[b.Span, ...], ...], int]:
    """A list's items as runs of text; a nested list's items follow their parent's text."""
    items: list[tuple[b.Span, ...]] = []
    depth = 0
    current: list[b.Span] = []
    while i < len(tokens):
        token = tokens[i]
        if token.type == close and depth == 0:
            return tuple(items), i + 1
        if token.type in ("bullet_list_open", "ordered_list_open"):
            depth += 1
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            depth -= 1
        elif token.type == "list_item_open" and depth == 0:
            current = []
        elif token.type == "list_item_close" and depth == 0:
            items.append(tuple(current))
        elif token.type == "inline":
            if current:
                current.append(b.Span(" – " if depth else " "))
            current.extend(_spans(token.children or []))
        i += 1
    return tuple(items), i


def _spans(children: list[Token]) -> list[b.Span]:
    out: list[b.Span] = []
    style: list[str] = []
    link: list[str] = []
    for token in children:
        kind = token.type
        if kind in ("em_open", "strong_open"):
            style.append(STYLES[token.tag])
        elif kind in ("em_close", "strong_close"):
            style.pop()
        elif kind == "link_open":
            link.append(str(token.attrs.get("href", "")))
        elif kind == "link_close":
            link.pop()
        elif kind == "footnote_ref":
            number = int(token.meta["id"]) + 1
            out.append(b.Span(str(number), link=f"#{b.footnote_anchor(number)}", role="footnote"))
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, token.content)
            extra = ("code",) if kind == "code_inline" else ()
            pieces = _xrefs(text) if kind == "text" and not link else [b.Span(text)]
            for piece in pieces:
                span = dataclasses.replace(piece, style=tuple(style) + extra)
                if not span.link and link:
                    span = dataclasses.replace(span, link=link[-1])
                if out and _same(out[-1], span):
                    out[-1] = b.Span(out[-1].text + span.text, span.style, span.link)
                else:
                    out.append(span)
    return out


def _xrefs(text: str) -> list[b.Span]:
    """Text with its cross-references (`@fig-x`) as spans of their own."""
    out: list[b.Span] = []
    start = 0
    for match in XREF.finditer(text):
        if match.start() > start:
            out.append(b.Span(text[start : match.start()]))
        out.append(xref(match["kind"], match["name"]))
        start = match.end()
    if start < len(text):
        out.append(b.Span(text[start:]))
    return out


def _same(a: b.Span, c: b.Span) -> bool:
    return a.style == c.style and a.link == c.link and not (a.lang or a.role or c.role)
