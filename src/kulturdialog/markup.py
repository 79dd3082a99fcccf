"""HTML fragments for the report: escaped text, safe Markdown, accessible tables and figures."""

from __future__ import annotations

import base64
import io
import re
from collections.abc import Callable, Mapping
from html import escape

import matplotlib
import pandas as pd
from markdown_it import MarkdownIt
from matplotlib.figure import Figure

SAFE_LINK = re.compile(r"(https?:|mailto:|#)", re.IGNORECASE)


def _markdown() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": "””’’"})
    md.enable(["replacements", "smartquotes"])  # Swedish quotes ”…” and dashes
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = lambda url: bool(SAFE_LINK.match(url.strip()))
    return md


_MD = _markdown()


def text(value: str) -> str:
    """Plain text from the data, shown literally."""
    return escape(str(value), quote=True)


def paragraph(value: str, css: str | None = None) -> str:
    cls = f' class="{css}"' if css else ""
    return f"<p{cls}>{text(value)}</p>"


def markdown(source: str) -> str:
    """Curated Markdown as HTML; raw HTML, images and unsafe links are not rendered."""
    return _MD.render(source)


def slug(value: str) -> str:
    value = value.lower().translate(str.maketrans("åäöé", "aaoe"))
    return re.sub(r"[^a-z0-9]+", "-", value).strip("-") or "avsnitt"


def heading(level: int, title: str, anchor: str) -> str:
    return f'<h{level} id="{escape(anchor)}">{text(title)}</h{level}>'


def table(
    frame: pd.DataFrame,
    caption: str,
    headers: Mapping[str, str],
    formats: Mapping[str, Callable[[object], str]] | None = None,
    numeric: tuple[str, ...] = (),
    footer: Mapping[str, str] | None = None,
    css: str = "",
    nowrap: tuple[str, ...] = (),
    label: str = "Tabell",
    anchor: str | None = None,
    lang: Mapping[str, str] | None = None,
) -> str:
    """An accessible table: caption, column headers with scope, first column as row headers.

    `caption` is HTML (the caller escapes its text); cell values are escaped here. `lang` maps
    a column to the language of its cells where that differs from the page's (`lang="sv"`).
    """
    lang = lang or {}
    formats = formats or {}
    cols = list(headers)
    head = "".join(f'<th scope="col"{_num(c, numeric)}>{text(headers[c])}</th>' for c in cols)
    rows = []
    for record in frame.to_dict("records"):
        cells = []
        for i, c in enumerate(cols):
            value = formats.get(c, str)(record[c])
            tag = 'th scope="row"' if i == 0 else "td"
            cls = _num(c, numeric) or (' class="nowrap"' if c in nowrap else "")
            cls += f' lang="{escape(lang[c])}"' if c in lang else ""
            cells.append(f"<{tag}{cls}>{text(value)}</{tag.split()[0]}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    foot = ""
    if footer:
        cells = [f'<th scope="row">{text(footer.get(cols[0], ""))}</th>'] + [
            f"<td{_num(c, numeric)}>{text(footer.get(c, ''))}</td>" for c in cols[1:]
        ]
        foot = "<tfoot><tr>" + "".join(cells) + "</tr></tfoot>"
    cls = f' class="{css}"' if css else ""
    # A wide table scrolls inside its own keyboard-reachable region on narrow screens.
    return (
        f'<div class="table-scroll"{_id(anchor)} tabindex="0" role="region" '
        f'aria-label="{text(label)}">'
        f"<table{cls}><caption>{caption}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody>{foot}</table></div>"
    )


def _id(anchor: str | None) -> str:
    return f' id="{escape(anchor)}"' if anchor else ""


def _num(column: str, numeric: tuple[str, ...]) -> str:
    return ' class="num"' if column in numeric else ""


def svg(fig: Figure) -> bytes:
    """The figure as SVG without a creation date, so equal inputs give equal bytes."""
    buffer = io.BytesIO()
    with matplotlib.rc_context({"svg.hashsalt": "kulturdialog"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None})
    return buffer.getvalue()


def figure(fig: Figure, caption: str, alt: str, anchor: str | None = None) -> str:
    """A figure with its caption (HTML, escaped by the caller) and a text alternative."""
    data = base64.b64encode(svg(fig)).decode("ascii")
    return (
        f'<figure{_id(anchor)}><img src="data:image/svg+xml;base64,{data}" alt="{text(alt)}">'
        f"<figcaption>{caption}</figcaption></figure>"
    )
