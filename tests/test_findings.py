"""Every finding of the published 2021 summary, said as a phrase where it belongs, in every format.

tests/findings/<language>.yaml pairs each sentence of the published summary (published-2021.txt)
with the phrases the report must say for it and where: the section under a heading (by the
heading's HTML id) or a cell of table n. A phrase matches whole words with its whitespace
normalised; only in the PDF may it run over a line break or be hyphenated there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from docx import Document as open_docx
from docx.oxml.ns import qn
from reading import html_soup, pdf_pages

FINDINGS = Path(__file__).parent / "findings"
LANGUAGES = ("sv", "en")
HTML_BLOCKS = ["p", "li", "td", "th", "caption", "figcaption", "h1", "h2", "h3", "h4", "dt", "dd"]
WORD_HEADINGS = {"Title": 1, "Heading 1": 2, "Heading 2": 3, "Heading 3": 4}
LINE_BREAK_IN_WORD = r"(?:[-\u00ad]?\n)?"  # a PDF line may end inside a word, hyphenated or not

Places = Callable[[str], list[str]]  # where ("<heading id>" or "table <n>") → its texts


@cache
def findings(language: str) -> list[dict]:
    return yaml.safe_load((FINDINGS / f"{language}.yaml").read_text(encoding="utf-8"))


def phrases(language: str) -> list[tuple[str, str]]:
    """(where, phrase) of every finding the report must say in `language`."""
    return [(said["in"], said["phrase"]) for f in findings(language) for said in f.get("says", [])]


def published_sentences() -> list[str]:
    """The published summary's sentences: its paragraphs after the reference number, split."""
    text = (FINDINGS / "published-2021.txt").read_text(encoding="utf-8")
    body = text.split("AKTNR 3355-19358\n", 1)[1]
    sentences = []
    for paragraph in body.split("\n\n"):
        sentences += re.split(r"(?<=[.?!])\s+", " ".join(paragraph.split()))
    return [s for s in sentences if s.endswith((".", "?", "!"))]  # headings have no full stop


def phrase_pattern(phrase: str, line_breaks: bool = False) -> re.Pattern:
    """Whole words of `phrase` with any whitespace between them (and, for PDF text, line breaks)."""
    words = []
    for word in phrase.split():
        parts = [re.escape(word[0])]
        for before, char in zip(word, word[1:], strict=False):
            if line_breaks and before.isalnum() and char.isalnum():
                parts.append(LINE_BREAK_IN_WORD)
            elif line_breaks and before == "-":
                parts.append(r"\n?")
            parts.append(re.escape(char))
        words.append("".join(parts))
    start = r"(?<!\w)" if phrase[0].isalnum() else ""
    end = r"(?!\w)" if phrase[-1].isalnum() else ""
    return re.compile(start + r"\s+".join(words) + end)


def table_number(where: str) -> str | None:
    match = re.fullmatch(r"table (\d+)", where)
    return match.group(1) if match else None


def normalised(text: str) -> str:
    return " ".join(text.split())


# -- where the report says what, format by format ------------------------------------------------


def html_landmarks(soup: BeautifulSoup) -> tuple[list[tuple[int, str, str]], dict[str, str]]:
    """The body's headings in order as (level, id, text), and each table's caption by number."""
    main = soup.find("main")
    headings = [
        (int(h.name[1]), h.get("id", ""), normalised(h.get_text()))
        for h in main.find_all(["h2", "h3", "h4"])
        if not h.find_parent("nav")
    ]
    captions = {
        anchor["id"].removeprefix("tabell-"): normalised(anchor.find("caption").get_text())
        for anchor in main.select('[id^="tabell-"]')
    }
    return headings, captions


def html_places(folder: Path) -> Places:
    soup = html_soup(folder / "annual_summary.html")

    def blocks(element) -> list[str]:
        return [
            normalised(b.get_text())
            for b in element.find_all(HTML_BLOCKS)
            if not b.find(HTML_BLOCKS)
        ]

    def at(where: str) -> list[str]:
        if number := table_number(where):
            return [
                normalised(c.get_text())
                for c in soup.select(f"#tabell-{number} td, #tabell-{number} th")
            ]
        return blocks(soup.find(id=where).find_parent("section"))

    return at


def word_places(folder: Path, soup: BeautifulSoup) -> Places:
    """Paragraphs and table cells under a heading, or the cells of the table after a caption."""
    headings, captions = html_landmarks(soup)
    document = open_docx(folder / "annual_summary.docx")
    paragraphs = {p._p: p for p in document.paragraphs}
    tables = {t._tbl: t for t in document.tables}
    items: list[tuple[int | None, str, str]] = []  # (heading level, style, text) in order
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = paragraphs[element]
            style = paragraph.style.name if paragraph.style is not None else ""
            items.append((WORD_HEADINGS.get(style), style, normalised(paragraph.text)))
        elif element.tag == qn("w:tbl"):
            for row in tables[element].rows:
                items.extend((None, "cell", normalised(cell.text)) for cell in row.cells)

    def at(where: str) -> list[str]:
        if number := table_number(where):
            start = items.index((None, "Caption", captions[number])) + 1
            end = next(i for i in range(start, len(items)) if items[i][1] != "cell")
            return [text for _, _, text in items[start:end]]
        level, text = next((level, text) for level, anchor, text in headings if anchor == where)
        start = next(i for i, item in enumerate(items) if item[0] == level and item[2] == text)
        end = next(
            (i for i in range(start + 1, len(items)) if (items[i][0] or 99) <= level), len(items)
        )
        return [text for _, _, text in items[start + 1 : end]]

    return at


@cache
def pdf_body(folder: Path) -> str:
    """The PDF's text without the running header and the page footer, so that text runs on."""
    pages = [page.splitlines() for page in pdf_pages(folder / "annual_summary.pdf")]
    header = pages[1][0]
    lines = []
    for page in pages:
        if page and page[0] == header:
            page = page[1:]
        if page and re.fullmatch(r"\w+ \d+ \w+ \d+", page[-1]):  # Sida 3 av 13, Page 3 of 13
            page = page[:-1]
        lines += page
    return "\n".join(lines)


def pdf_places(folder: Path, soup: BeautifulSoup) -> Places:
    """Text from a heading to the next of its level or higher, or from a table's caption on."""
    headings, captions = html_landmarks(soup)
    text = pdf_body(folder)
    starts, position = [], 0
    for _, _, heading in headings:  # in order, each on a line of its own
        line = re.compile(r"(?:^|\n)" + phrase_pattern(heading, True).pattern + r" *\n")
        match = line.search(text, position)
        assert match, f"heading {heading!r} not found in the PDF after position {position}"
        starts.append(match.start())
        position = match.end() - 1
    caption_starts = {
        number: phrase_pattern(caption, True).search(text, starts[0]).start()
        for number, caption in captions.items()
    }

    def at(where: str) -> list[str]:
        if number := table_number(where):
            start = caption_starts[number]
            ends = [s for s in starts + list(caption_starts.values()) if s > start]
            return [text[start : min(ends, default=len(text))]]
        i = next(i for i, (_, anchor, _) in enumerate(headings) if anchor == where)
        level = headings[i][0]
        end = next(
            (starts[j] for j in range(i + 1, len(headings)) if headings[j][0] <= level), None
        )
        return [text[starts[i] : end]]

    return at


# -- the data ------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_sentence_of_the_published_summary_is_a_finding_or_says_why_not(language):
    sources = [f["source"] for f in findings(language)]
    assert sources == published_sentences()
    for finding in findings(language):
        assert ("says" in finding) != ("unchecked" in finding), finding["source"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_finding_is_a_phrase_of_several_words_in_a_place(language):
    for where, phrase in phrases(language):
        assert len(phrase.split()) >= 4, phrase
        assert table_number(where) or re.fullmatch(r"[a-z0-9-]+", where), where


def test_phrases_match_whole_words_and_the_pdf_may_break_them_only_at_lines():
    pattern = phrase_pattern("samordnade IT-tjänster")
    assert pattern.search("om samordnade IT-tjänster.")
    assert not pattern.search("osamordnade IT-tjänster") and not pattern.search("IT-tjänsterna")
    assert not pattern.search("samordnade IT-\ntjänster")
    broken = phrase_pattern("samordnade IT-tjänster", line_breaks=True)
    assert broken.search("samord-\nnade IT-\ntjänster") and broken.search(
        "sam\u00ad\nordnade IT-tjänster"
    )
    assert not broken.search("samord- nade IT-tjänster") and not broken.search(
        "samordnade ITtjänster"
    )


# -- the rendered reports ------------------------------------------------------------------------


@pytest.fixture(scope="module", params=LANGUAGES)
def report(request):
    root = request.getfixturevalue(
        "_rendered_template" if request.param == "sv" else "rendered_2021_en"
    )
    folder = root / "reports/2021"
    return request.param, folder, html_soup(folder / "annual_summary.html")


def missing_phrases(language: str, at: Places, line_breaks: bool = False) -> list[str]:
    return [
        f"{where}: {phrase}"
        for where, phrase in phrases(language)
        if not any(phrase_pattern(phrase, line_breaks).search(text) for text in at(where))
    ]


@pytest.mark.e2e
def test_the_html_says_every_finding_where_it_belongs(report):
    language, folder, _ = report
    assert missing_phrases(language, html_places(folder)) == []


@pytest.mark.e2e
def test_the_word_file_says_every_finding_where_it_belongs(report):
    language, folder, soup = report
    assert missing_phrases(language, word_places(folder, soup)) == []


@pytest.mark.e2e
def test_the_pdf_says_every_finding_where_it_belongs(report):
    language, folder, soup = report
    assert missing_phrases(language, pdf_places(folder, soup), line_breaks=True) == []


@pytest.mark.e2e
def test_a_finding_said_in_the_wrong_place_is_not_found(report):
    """The places are narrow: a theme's observation is not found under another theme."""
    language, folder, soup = report
    phrase = "Samverkan fokuserar på medieutbyte och samordnade IT-tjänster"
    for places, line_breaks in [
        (html_places(folder), False),
        (word_places(folder, soup), False),
        (pdf_places(folder, soup), True),
    ]:
        pattern = phrase_pattern(phrase, line_breaks)
        assert any(pattern.search(t) for t in places("tema-library-cooperation"))
        assert not any(pattern.search(t) for t in places("tema-artist-policy"))
        assert not any(pattern.search(t) for t in places("table 3"))
