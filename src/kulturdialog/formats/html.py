"""HTML: blocks as accessible HTML fragments, and the stand-alone report page (nbconvert).

The fragments are what a notebook shows (its outputs' `text/html`) and what the page holds;
all text is escaped here, so text from the data is never markup.
"""

from __future__ import annotations

import base64
import functools
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from typing import ClassVar

from kulturdialog.content import blocks as b
from kulturdialog.content import table_layout
from kulturdialog.data import characters
from kulturdialog.formats import Exporter
from kulturdialog.lang import i18n
from kulturdialog.paths import ASSETS_DIR, TEMPLATES_DIR

MEASURE_EM = 44 / 0.92  # report.css: the text's width (44rem) in em of a table's text (0.92rem)
FONT_FACES = (
    ("Regular", 400, "normal"),
    ("Semibold", 600, "normal"),
    ("Bold", 700, "normal"),
    ("It", 400, "italic"),
)


def text(value: object) -> str:
    """Plain text, shown literally, without the characters no format can carry."""
    return escape(characters.carriable(str(value)), quote=True)


def cell(value: str) -> str:
    """A table cell's text, a word with a dash in it (`IT-tjänster`, `2021–2023`) kept on one
    line: the column is as wide as its widest word (content/table_layout)."""
    parts = table_layout.DASHED_WORD.split(characters.carriable(value))
    return "".join(
        f'<span class="word">{escape(part)}</span>' if i % 2 else escape(part)
        for i, part in enumerate(parts)
    )


def _lang(code: str | None) -> str:
    return f' lang="{text(code)}"' if code else ""


def _cls(name: str | None) -> str:
    return f' class="{text(name)}"' if name else ""


def spans(content: tuple[b.Span, ...] | list[b.Span], noted: set[str] | None = None) -> str:
    """Spans as HTML; a footnote's first reference (not yet in `noted`) gets the id its
    footnote's back-link points to."""
    out = []
    for span in content:
        if span.role == "footnote" and span.link:
            out.append(_footnote_ref(span, noted))
            continue
        html = text(span.text)
        for style, tag in (("code", "code"), ("emph", "em"), ("strong", "strong")):
            if style in span.style:
                html = f"<{tag}>{html}</{tag}>"
        if span.link and b.SAFE_LINK.match(span.link):
            html = f'<a href="{text(span.link)}">{html}</a>'
        if span.lang or span.role:
            html = f"<span{_cls(span.role)}{_lang(span.lang)}>{html}</span>"
        out.append(html)
    return "".join(out)


def _footnote_ref(span: b.Span, noted: set[str] | None) -> str:
    ident = f"fnref-{span.text}"
    first = noted is not None and ident not in noted
    if noted is not None:
        noted.add(ident)
    attr = f' id="{text(ident)}"' if first else ""
    return (
        f'<sup class="footnote-ref"><a href="{text(span.link)}"{attr} role="doc-noteref">'
        f"{text(span.text)}</a></sup>"
    )


class Renderer:
    """Blocks → HTML; `document` supplies the contents and listings where a Contents block is."""

    def __init__(self, language: str = i18n.DEFAULT, document: b.Document | None = None):
        self.lang = i18n.language(language)
        self.document = document
        self.noted: set[str] = set()  # footnote references given their id

    def render(self, content: list[b.Block] | tuple[b.Block, ...]) -> str:
        return "\n".join(self.block(x) for x in content)

    def block(self, x: b.Block) -> str:
        method = getattr(self, f"_{x.type}")
        return method(x)

    def _title(self, x: b.Title) -> str:
        facts = "".join(
            f'<div><dt>{text(f.label)}</dt><dd class="{text(f.role)}">{text(f.value)}</dd></div>'
            for f in x.facts
        )
        return (
            f'<header class="title-block"><p class="kicker">{text(x.kicker)}</p>'
            f'<h1 id="titel"{_lang(x.title_lang)}>{text(x.info.title)}</h1>'
            f'<dl class="facts">{facts}</dl></header>'
        )

    def _contents(self, x: b.Contents) -> str:
        doc, say = self.document, self.lang
        if doc is None:
            return ""
        items = "".join(
            f'<li class="level{h.level}"><a href="#{text(h.anchor)}">{text(h.text)}</a></li>'
            for h in doc.headings()
            if h.anchor
        )
        html = '<nav class="toc" aria-labelledby="toc-title">\n<h2 id="toc-title">'
        html += f"{text(say('contents'))}</h2>\n<ol>{items}</ol>"
        for title, word, entries in (
            (say("tables"), say("table"), doc.tables()),
            (say("figures"), say("figure"), doc.figures()),
        ):
            if entries:
                listed = "".join(
                    f'<li><a href="#{text(b.anchor(e))}">{text(word)} {e.number}. '
                    f"{text(e.caption)}</a></li>"
                    for e in entries
                )
                html += (
                    f'\n<h3 class="listing">{text(title)}</h3>\n<ol class="listing">{listed}</ol>'
                )
        return html + "\n</nav>"

    def _heading(self, x: b.Heading) -> str:
        ident = f' id="{text(x.anchor)}"' if x.anchor else ""
        return f"<h{x.level}{ident}{_lang(x.lang)}>{text(x.text)}</h{x.level}>"

    def _section(self, x: b.Section) -> str:
        level, anchor = x.heading.level, x.heading.anchor
        labelled = f' aria-labelledby="{text(anchor)}"' if anchor else ""
        inner = "\n".join([self._heading(x.heading), *(self.block(c) for c in x.children)])
        return f'<section class="level{level}"{labelled}>{inner}</section>'

    def _paragraph(self, x: b.Paragraph) -> str:
        return f"<p{_cls(x.role)}>{spans(x.content, self.noted)}</p>"

    def _list(self, x: b.ListBlock) -> str:
        tag = "ol" if x.ordered else "ul"
        items = "".join(f"<li>{spans(item, self.noted)}</li>" for item in x.items)
        return f"<{tag}{_cls(x.role)}>{items}</{tag}>"

    def _quote(self, x: b.Quote) -> str:
        return f"<blockquote>{self.render(x.children)}</blockquote>"

    def _group(self, x: b.Group) -> str:
        return f"<div{_cls(x.role)}{_lang(x.lang)}>{self.render(x.children)}</div>"

    def _note(self, x: b.Note) -> str:
        role = "alert" if x.role == "warning" else None
        attr = f' role="{role}"' if role else ""
        return f'<p class="{text(x.role)}"{attr}{_lang(x.lang)}>{spans(x.content, self.noted)}</p>'

    def _callout(self, x: b.Callout) -> str:
        label = self.lang(f"callout_{x.kind}") + (f": {x.title}" if x.title else "")
        return (
            f'<div class="callout callout-{text(x.kind)}" role="note">'
            f'<p class="callout-title"><strong>{text(label)}</strong></p>\n'
            f"{self.render(x.children)}</div>"
        )

    def _panel(self, x: b.Panel) -> str:
        """A tab in sequence: its title a heading of its own, left out of the contents."""
        level = min(max(x.level, 2), 6)
        heading = f'<h{level} class="panel-title">{text(x.title)}</h{level}>'
        return f'<section class="panel">{heading}\n{self.render(x.children)}</section>'

    def _footnotes(self, x: b.Footnotes) -> str:
        """The footnotes of a Markdown text as a list after it, each with a back-link."""
        items = []
        for number, content in x.numbered():
            back = text(self.lang("footnote_back", number=number))
            items.append(
                f'<li id="{text(b.footnote_anchor(number))}">{spans(content, self.noted)} '
                f'<a href="#fnref-{number}" class="footnote-back" role="doc-backlink" '
                f'aria-label="{back}">↩</a></li>'
            )
        return f'<ol class="footnotes" start="{x.start}">{"".join(items)}</ol>'

    def _code(self, x: b.Code) -> str:
        language = f' class="language-{text(x.language)}"'
        return f'<pre class="code"><code{language}>{text(x.text)}</code></pre>'

    def _caption(self, word: str, number: int | None, caption: str) -> str:
        if number is None:
            return text(caption)
        return f'<span class="label">{text(word)} {number}.</span> {text(caption)}'

    def _table(self, x: b.Table) -> str:
        provenance = x.role == "provenance"
        head = ""
        for row in x.header_rows:
            head += "<tr>" + "".join(f'<th scope="colgroup">{text(c)}</th>' for c in row)
            head += "</tr>"
        head += (
            "<tr>"
            + "".join(
                f'<th scope="col"{_cls("num" if c.numeric else None)}>{cell(c.header)}</th>'
                for c in x.columns
            )
            + "</tr>"
        )
        rows = []
        for record in x.rows:
            cells = []
            for i, (column, value) in enumerate(zip(x.columns, record, strict=True)):
                css = "num" if column.numeric else ("nowrap" if column.nowrap else None)
                if provenance and i > 0:
                    css = "hash"
                tag = 'th scope="row"' if i == 0 else "td"
                shown = text(value) if provenance else cell(value)
                cells.append(f"<{tag}{_cls(css)}{_lang(column.lang)}>{shown}</{tag[:2]}>")
            rows.append("<tr>" + "".join(cells) + "</tr>")
        foot = ""
        if x.footer:
            cells = [f'<th scope="row">{cell(x.footer[0])}</th>'] + [
                f"<td{_cls('num' if c.numeric else None)}>{cell(v)}</td>"
                for c, v in zip(x.columns[1:], x.footer[1:], strict=True)
            ]
            foot = "<tfoot><tr>" + "".join(cells) + "</tr></tfoot>"
        caption = self._caption(self.lang("table"), x.number, x.caption)
        if provenance:
            table = (
                f"<table{_cls(x.role)}><caption>{caption}</caption><thead>{head}</thead>"
                f"<tbody>{''.join(rows)}</tbody>{foot}</table>"
            )
            return table + "".join(f'<p class="table-note">{text(n)}</p>' for n in x.notes)
        anchor = text(b.anchor(x))
        widths = "".join(
            f'<col style="width: {share * 100:.1f}%">'
            for share in table_layout.shares(x, MEASURE_EM)
        )
        table = (
            f'<table{_cls(x.role)}><caption id="caption-{anchor}">{caption}</caption>'
            f"<colgroup>{widths}</colgroup><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody>{foot}</table>"
        )
        notes = "".join(f'<p class="table-note">{text(n)}</p>' for n in x.notes)
        # A table wider than the screen scrolls sideways inside its own keyboard-reachable
        # region, named by its caption, and never breaks a word (WCAG 1.4.10 allows it).
        return (
            f'<div class="table-scroll" id="{anchor}" tabindex="0" role="region" '
            f'aria-labelledby="caption-{anchor}">{table}</div>{notes}'
        )

    def _figure(self, x: b.Figure) -> str:
        data = base64.b64encode(x.svg.encode("utf-8")).decode("ascii")
        caption = self._caption(self.lang("figure"), x.number, x.caption)
        return (
            f'<figure id="{text(b.anchor(x))}"><img src="data:image/svg+xml;base64,{data}" '
            f'alt="{text(x.alt)}"><figcaption>{caption}</figcaption></figure>'
        )


def fragment(content: list[b.Block], language: str = i18n.DEFAULT) -> str:
    """What a notebook output shows: the blocks as HTML."""
    return Renderer(language).render(content)


@functools.cache  # one string per process: the fonts do not change while it runs
def font_faces() -> str:
    """@font-face rules with the WOFF2 subsets embedded: the page stands alone."""
    rules = []
    for style, weight, slant in FONT_FACES:
        data = (ASSETS_DIR / "fonts" / f"SourceSans3-{style}-latin.woff2").read_bytes()
        src = f'url("data:font/woff2;base64,{base64.b64encode(data).decode()}") format("woff2")'
        rules.append(
            f'@font-face {{ font-family: "Source Sans 3"; src: {src}; '
            f"font-weight: {weight}; font-style: {slant}; }}"
        )
    return "\n".join(rules)


def stylesheet(language: str) -> str:
    lang = i18n.language(language)
    css = (ASSETS_DIR / "report.css").read_text(encoding="utf-8")
    if lang.css:
        css += "\n" + (ASSETS_DIR / lang.css).read_text(encoding="utf-8")
    return css


@functools.cache  # one per process: building its template environment costs ~0.3 s
def _exporter():
    from nbconvert import HTMLExporter

    return HTMLExporter(
        template_name="kulturdialog",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # Validate once, after the last preprocessor, not after each of the eleven: nbformat
        # compiles its schema anew for every such check (0.3 s of a 0.4 s page).
        optimistic_validation=True,
    )


def page(document: b.Document, extra_head: str = "") -> str:
    """The stand-alone report page: the document's HTML in the project's nbconvert template."""
    import nbformat

    info = document.info
    body = Renderer(info.language, document).render(document.blocks)
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell()
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": body})]
    nb.cells = [cell]
    lang = i18n.language(info.language)
    exporter = _exporter()
    resources = {
        "kd": {
            "title": info.title,
            "date": info.date or "",
            "description": info.description,
            "css": stylesheet(info.language),
            "fonts": font_faces(),
            "lang": lang.code,
            "head": extra_head,
            "t": dict(lang.strings),
        }
    }
    html, _ = exporter.from_notebook_node(nb, resources=resources)
    return characters.carriable(html)  # the title and description too


class HtmlExporter(Exporter):
    name = "html"
    extension = "html"
    description: ClassVar[str] = "stand-alone web page (nbconvert), fonts and charts embedded"

    def prepare(self) -> None:
        page(b.Document(b.DocInfo(title="")))  # compiles the template, embeds the fonts

    def write(self, document: b.Document, target: Path) -> None:
        target.write_text(page(document), encoding="utf-8")

    def check(self, path: Path) -> list[str]:
        checker = _PageCheck()
        try:
            checker.feed(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as err:
            return [f"{path.name}: cannot be read ({err})"]
        return checker.problems(path.name)


class _PageCheck(HTMLParser):
    """Reads a page back: language, title, one h1, every image with a text alternative."""

    def __init__(self) -> None:
        super().__init__()
        self.lang = self.title = None
        self.h1 = self.closed = 0
        self.images_without_alt = self.scripts = 0
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        self._in_title = tag == "title"
        self.h1 += tag == "h1"
        self.scripts += tag == "script"
        self.images_without_alt += tag == "img" and not found.get("alt")

    def handle_endtag(self, tag):
        self._in_title = False
        self.closed += tag == "html"

    def handle_data(self, data):
        if self._in_title:
            self.title = (self.title or "") + data

    def problems(self, name: str) -> list[str]:
        found = []
        if not self.lang:
            found.append(f"{name}: no language on <html>")
        if not (self.title or "").strip():
            found.append(f"{name}: no <title>")
        if self.h1 != 1:
            found.append(f"{name}: {self.h1} level-1 headings, expected 1")
        if self.images_without_alt:
            found.append(f"{name}: {self.images_without_alt} images without a text alternative")
        if self.scripts:
            found.append(f"{name}: {self.scripts} scripts (a report page has none)")
        if not self.closed:
            found.append(f"{name}: the page is cut short (no </html>)")
        return found
