"""Safe Markdown as blocks: curated text in year.yaml and an analyst's Markdown cells.

No raw HTML (shown as text), no images, links only to http(s), mailto and # anchors; Swedish
typography (”citat”, tankstreck). Headings keep their level (# is 1).
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from kulturdialog.content import blocks as b

STYLES = {"em": "emph", "strong": "strong"}


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "””’’"})
    md.enable(["replacements", "smartquotes"])
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(b.SAFE_LINK.match(url.strip()))  # type: ignore[method-assign]
    return md


MARKDOWN = _markdown()


def slug(value: str) -> str:
    """An anchor from a heading: lower case, a–z and digits, words joined by hyphens."""
    value = value.lower().translate(str.maketrans("åäöéü", "aaoeu"))
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-") or "avsnitt"


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
            content = _spans(tokens[i + 1].children or [])
            title = b.plain(content)
            out.append(b.Heading(int(token.tag[1]), title, slug(title)))
            i += 3
        elif token.type == "paragraph_open":
            out.append(b.Paragraph(tuple(_spans(tokens[i + 1].children or []))))
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
        elif kind in ("text", "code_inline", "softbreak", "hardbreak"):
            text = {"softbreak": " ", "hardbreak": "\n"}.get(kind, token.content)
            extra = ("code",) if kind == "code_inline" else ()
            span = b.Span(text, tuple(style) + extra, link[-1] if link else None)
            if out and _same(out[-1], span):
                out[-1] = b.Span(out[-1].text + text, span.style, span.link)
            else:
                out.append(span)
    return out


def _same(a: b.Span, c: b.Span) -> bool:
    return a.style == c.style and a.link == c.link and not a.lang and not a.role
