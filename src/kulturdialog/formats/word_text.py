"""The Word document being written: paragraphs, runs, links and bookmarks.

`WordText` holds a fresh python-docx document restyled for the report (word_styles) and adds text
to it: paragraphs in the report's styles, runs with their language, links to the web or to a
bookmark, and a bookmark for every heading, table and figure. Text from the data is always run
text, never parsed as markup. The blocks are laid out by the writer in formats/docx.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import SimpleNamespace

from docx import Document as open_docx
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.parts.story import StoryPart
from docx.shared import Cm
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from kulturdialog.content import blocks as b
from kulturdialog.formats.word_styles import ACCENT, RULE, TINT, prepare
from kulturdialog.formats.word_xml import (
    PPR_ORDER,
    bookmark,
    el,
    insert,
    literal,
    pbdr,
    set_lang,
    tag,
)
from kulturdialog.lang import i18n


class WordText:
    """A report's Word document and the state of writing it (page breaks, groups, quotes)."""

    def __init__(self, document: b.Document):
        self.model = document
        self.say = i18n.language(document.info.language)
        self.doc = open_docx()
        self.style_ids: dict[str, str] = {}
        self.bookmark_id = 0
        self.break_before = False
        self.curated = 0  # inside a curated group: paragraphs get its rule
        self.quote = 0
        self.callout = 0  # inside a callout: paragraphs get its box
        self.footnotes: StoryPart | None = None  # word/footnotes.xml, made at the first note
        self.footnote_texts = {
            b.footnote_anchor(n): content
            for block in b.walk(document.blocks)
            if isinstance(block, b.Footnotes)
            for n, content in block.numbered()
        }
        self.langs: list[str | None] = [None]
        self.bookmarks = self._bookmark_names()
        self.heading_marks: dict[int, str] = {}  # id(Heading) → its bookmark
        prepare(self.doc, document.info, self.say)

    # -- anchors ------------------------------------------------------------------------------
    def _bookmark_names(self) -> dict[str, str]:
        """Every heading's, table's and figure's anchor → a Word bookmark name (≤ 40 chars)."""
        names: dict[str, str] = {}
        used: set[str] = set()
        for block in b.walk(self.model.blocks):
            if isinstance(block, b.Heading) and block.anchor:
                anchor = block.anchor
            elif isinstance(block, b.Table | b.Figure) and block.number is not None:
                anchor = b.anchor(block)
            else:
                continue
            if anchor in names:
                continue
            name = re.sub(r"\W", "_", anchor)[:36] or "x"
            if not name[0].isalpha():
                name = "a_" + name[:34]
            unique, n = name, 1
            while unique.lower() in used:
                n += 1
                unique = f"{name}_{n}"
            used.add(unique.lower())
            names[anchor] = unique
        return names

    def heading_mark(self, heading: b.Heading) -> str:
        if heading.anchor in self.bookmarks:
            return self.bookmarks[heading.anchor]
        if id(heading) not in self.heading_marks:
            # a heading without an anchor: a hidden bookmark, as Word's own TOC makes
            self.heading_marks[id(heading)] = f"_Toc_kd{len(self.heading_marks) + 1:04d}"
        return self.heading_marks[id(heading)]

    def bookmark(self, paragraph: Paragraph, name: str) -> None:
        """A bookmark around the paragraph's content (the target of links and the TOC)."""
        self.bookmark_id += 1
        bookmark(paragraph._p, self.bookmark_id, name)

    # -- paragraphs and runs ------------------------------------------------------------------
    def para(self, style: str | None = None) -> Paragraph:
        paragraph = self.doc.add_paragraph()
        if style:  # by id, looked up once: python-docx searches every style on each assignment
            paragraph._p.get_or_add_pPr().style = self.style_id(style)
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
            self.break_before = False
        if self.curated:
            ppr = paragraph._p.get_or_add_pPr()
            insert(ppr, pbdr(left=(12, RULE, 10)), PPR_ORDER)
            indent = 1.2 if self.quote else 0.4
            insert(ppr, el("w:ind", left=int(Cm(indent).twips)), PPR_ORDER)
        if self.callout:  # one box: Word joins paragraphs with the same borders and shading
            ppr = paragraph._p.get_or_add_pPr()
            insert(ppr, pbdr(left=(24, ACCENT, 8)), PPR_ORDER)
            insert(ppr, el("w:shd", val="clear", color="auto", fill=TINT), PPR_ORDER)
            insert(ppr, el("w:ind", left=int(Cm(0.3).twips), right=int(Cm(0.3).twips)), PPR_ORDER)
        return paragraph

    def style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.doc.styles[name].style_id
        return self.style_ids[name]

    def lang(self) -> str | None:
        return self.langs[-1]

    def runs(
        self, paragraph: Paragraph, content: Iterable[b.Span], lang: str | None = None
    ) -> None:
        for span in content:
            self.run(paragraph, span, lang)

    def run(self, paragraph: Paragraph, span: b.Span, lang: str | None = None) -> Run:
        if span.role == "footnote" and span.link:
            return self.footnote(paragraph, self.footnote_texts.get(span.link[1:], ()), lang)
        run = paragraph.add_run(literal(span.text))
        styles = set(span.style)
        if span.role == "source":
            run._r.style = self.style_id("Source")  # by id, as paragraphs (para)
        if "code" in styles:
            run._r.style = self.style_id("Code")
        if "emph" in styles:
            run.italic = True
        if "strong" in styles:
            run.bold = True
        code = tag(span.lang or lang or self.lang())
        if code:
            set_lang(run._r.get_or_add_rPr(), code)
        if span.link and b.SAFE_LINK.match(span.link):
            self.link(paragraph, run, span.link)
        return run

    def link(self, paragraph: Paragraph, run: Run, target: str) -> None:
        """Wrap `run` in a hyperlink: an external relationship, or a bookmark for `#anchor`."""
        link = OxmlElement("w:hyperlink")
        if target.startswith("#"):
            anchor = target[1:]
            link.set(qn("w:anchor"), self.bookmarks.get(anchor, re.sub(r"\W", "_", anchor)))
        else:
            rId = paragraph.part.relate_to(target, RT.HYPERLINK, is_external=True)
            link.set(qn("r:id"), rId)
        link.set(qn("w:history"), "1")
        run._r.style = self.style_id("Hyperlink")
        run._r.addprevious(link)
        link.append(run._r)

    def footnote(self, paragraph: Paragraph, content: Iterable[b.Span], lang: str | None) -> Run:
        """A real footnote: its reference here, its text in word/footnotes.xml (Word numbers
        the notes in the order of their references, as the report does)."""
        part = self.footnotes or self._footnotes_part()
        number = len(part.element.findall(qn("w:footnote"))) - 1  # after the two separators
        note = parse_xml(
            f'<w:footnote {nsdecls("w")} w:id="{number}"><w:p><w:pPr><w:pStyle w:val="'
            f'{self.style_id("footnote text")}"/></w:pPr><w:r><w:rPr><w:rStyle w:val="'
            f'{self.style_id("footnote reference")}"/></w:rPr><w:footnoteRef/></w:r>'
            '<w:r><w:t xml:space="preserve"> </w:t></w:r></w:p></w:footnote>'
        )
        part.element.append(note)
        self.runs(Paragraph(note[0], SimpleNamespace(part=part)), content, lang)
        run = paragraph.add_run()
        run._r.style = self.style_id("footnote reference")
        run._r.append(el("w:footnoteReference", id=number))
        return run

    def _footnotes_part(self) -> StoryPart:
        """word/footnotes.xml with Word's separator notes (ids -1 and 0), related to the text."""
        separators = "".join(
            f'<w:footnote w:type="{kind}" w:id="{i}"><w:p><w:pPr><w:spacing w:after="0" '
            f'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:{kind}/></w:r></w:p></w:footnote>'
            for i, kind in ((-1, "separator"), (0, "continuationSeparator"))
        )
        element = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}>{separators}</w:footnotes>")
        package = self.doc.part.package
        part = StoryPart(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, package)
        self.doc.part.relate_to(part, RT.FOOTNOTES)
        self.footnotes = part
        return part

    def unstyle_link(self, run: Run) -> None:
        """Entries in a listing are links that look like text (as Word's own TOC)."""
        rpr = run._r.get_or_add_rPr()
        for found in rpr.findall(qn("w:rStyle")):
            rpr.remove(found)

    def text(
        self, paragraph: Paragraph, text: str, bold: bool = False, lang: str | None = None
    ) -> Run:
        run = paragraph.add_run(literal(text))
        if bold:
            run.bold = True
        code = tag(lang or self.lang())
        if code:
            set_lang(run._r.get_or_add_rPr(), code)
        return run

    def caption(self, word: str, number: int | None, caption: str, anchor: str | None) -> Paragraph:
        """A table's or figure's caption: "Tabell 3." in bold, the caption, its bookmark."""
        p = self.para("Caption")
        if number is not None:
            label = self.text(p, f"{word} {number}.")
            label._r.style = self.style_id("Caption Label")
            self.text(p, " ")
        self.text(p, caption)
        if anchor:
            self.bookmark(p, anchor)
        return p
