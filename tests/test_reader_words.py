"""The reader's eye on numbers, words, charts and the appendix (issue 17), read from rendered files.

Each check is a function of a rendered report folder, so that it can be run on any render (the
note in the commit records them failing on the report before the change); the tests run them on
the 2021 summary in Swedish and English, and on a municipality profile.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import docx
import openpyxl
import pytest
from bs4 import BeautifulSoup, Comment, Tag
from conftest import copy_project, render_in
from reading import html_soup, pdf_pages

from kulturdialog.lang import catalogue
from kulturdialog.lang.i18n import LANGUAGES

pytestmark = pytest.mark.e2e

NBSP = "\u00a0"
BODY_PT = 10.5  # the body text in the PDF and Word (report.typ, word_styles.py)
TEXT_WIDTH_PT = 6.3 * 72  # a chart placed at its own size fills the text width, no wider
SHARE = r"(?:\d+(?:[,.]\d+)?\u00a0?%|–)"


@pytest.fixture(scope="module", params=["sv", "en"])
def report(request) -> tuple[str, Path]:
    root = request.getfixturevalue(
        "_rendered_template" if request.param == "sv" else "rendered_2021_en"
    )
    return request.param, root / "reports/2021"


def soup_of(folder: Path, stem: str = "annual_summary") -> BeautifulSoup:
    return html_soup(folder / f"{stem}.html")


def files_folder(folder: Path) -> Path:
    return next(folder.glob("*-files"))


# -- what a reader reads: sections, paragraphs, sentences --------------------------------------


def sections(soup: BeautifulSoup) -> dict[str, Tag]:
    """Each top-level section of the report by its heading's text."""
    return {s.find(["h2"]).get_text(" ", strip=True): s for s in soup.select("section.level2")}


def paragraphs(section: Tag, generated_only: bool = False, keep_all: bool = False) -> list[str]:
    """The running text of a section and its subsections: paragraphs, not list items, captions,
    table notes; with `generated_only`, without the curated text of year.yaml. With `keep_all`,
    one entry per `p` (empty for those left out)."""
    out = []
    for p in section.find_all("p"):
        left_out = (
            p.find_parent("li")
            or p.find_parent("figure")
            or "table-note" in p.get("class", [])
            or (generated_only and p.find_parent("div", class_="curated"))
        )
        if not left_out:
            out.append(" ".join(p.get_text(" ", strip=True).split()))
        elif keep_all:
            out.append("")
    return out


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÅÄÖ0-9])", text) if s]


# -- the checks ---------------------------------------------------------------------------------


def own_paragraphs(section: Tag) -> list[str]:
    """The running text of a section without that of its subsections."""
    nested = {id(p) for sub in section.find_all("section") for p in sub.find_all("p")}
    return [
        t
        for p, t in zip(section.find_all("p"), paragraphs(section, keep_all=True), strict=True)
        if id(p) not in nested and t
    ]


def repeated_passages(folder: Path, words: int = 8) -> list[str]:
    """Passages of `words` words said in two paragraphs of one section, its subsections each
    on their own (the same thing said twice, back to back)."""
    found = []
    for section in soup_of(folder).find_all("section"):
        title = section.find(["h2", "h3"]).get_text(" ", strip=True)
        seen: dict[tuple[str, ...], int] = {}
        for i, text in enumerate(own_paragraphs(section)):
            tokens = re.findall(r"\w+", text.lower())
            for at in range(len(tokens) - words + 1):
                shingle = tuple(tokens[at : at + words])
                if seen.setdefault(shingle, i) != i:
                    found.append(f"{title}: {' '.join(shingle)}")
    return sorted(set(found))


def counts_in_words_beside_digits(folder: Path, code: str) -> list[str]:
    """Generated sentences that write one count in words beside another in digits (`sex av
    årets 14 möten`): Svenska skrivregler write counts that are compared in digits. Years and
    percentages are no counts; `en`/`ett`/`one` are left out (articles as well as numbers)."""
    words = catalogue.load(code)["language"]["numbers_in_words"][2:]
    word = re.compile(r"\b(?:" + "|".join(words) + r")\b", re.IGNORECASE)
    digit = re.compile(r"(?<![\w,.-])(\d+)(?![\w,.]|\u00a0?%)")  # not SHA-256, 1,5, 12 %
    found = []
    for section in sections(soup_of(folder)).values():
        for text in paragraphs(section, generated_only=True):
            for sentence in sentences(text):
                counts = [n for n in digit.findall(sentence) if not 1900 <= int(n) <= 2100]
                if counts and word.search(sentence):
                    found.append(sentence)
    return found


def capitals_mid_list(folder: Path, code: str) -> list[str]:
    """Table cells that list labels with a capital letter after the first (`Civilsamhälle och
    föreningsliv, Kommunala kultur- …`); proper names keep theirs."""
    proper = tuple(LANGUAGES[code].proper_names)
    header = LANGUAGES[code]("col_raised_by")
    found = []
    for table in soup_of(folder).find_all("table"):
        heads = [th.get_text(strip=True) for th in table.select("thead th")]
        if header not in heads:
            continue
        column = heads.index(header)
        for row in table.select("tbody tr"):
            cell = row.find_all(["th", "td"])[column].get_text(" ", strip=True)
            for item in cell.split(", ")[1:]:
                if item[:1].isupper() and not item.startswith(proper):
                    found.append(cell)
    return found


DEVELOPER_WORDS = (
    "compare =",
    "data_dir",
    "True",
    "git",
    "incheckning",
    "commit",
    "klockslag",
    "clock",
    "Parametrar",
    "Parameters",
    "Programpaket",
    "Software packages",
    "Proveniensschema",
    "Provenance schema",
)


def appendix_texts(folder: Path, code: str) -> dict[str, str]:
    """The appendix as each format shows it: HTML, PDF (from its heading on), Word."""
    heading = LANGUAGES[code]("h_appendix")
    html = sections(soup_of(folder))[heading].get_text(" ", strip=True)
    pdf = "\n".join(pdf_pages(folder / "annual_summary.pdf"))
    pdf = pdf[pdf.rindex(heading) :]
    document = docx.Document(folder / "annual_summary.docx")
    texts = [p.text for p in document.paragraphs]
    start = max(i for i, t in enumerate(texts) if t == heading)
    word = "\n".join(texts[start:]) + "\n".join(
        c.text for t in document.tables[-1:] for r in t.rows for c in r.cells
    )
    return {"html": html, "pdf": pdf, "docx": word}


def developer_words(folder: Path, code: str) -> list[str]:
    return [
        f"{kind}: {w}"
        for kind, text in appendix_texts(folder, code).items()
        for w in DEVELOPER_WORDS
        if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text)
    ]


def long_checksums(folder: Path) -> list[str]:
    """Checksum cells longer than the 12 hex digits that fit a cell unbroken in every format."""
    cells = [td.get_text(strip=True) for td in soup_of(folder).select("td.hash")]
    return [c for c in cells if not re.fullmatch(r"[0-9a-f]{12}", c)] if cells else ["none"]


def percent_spacing(folder: Path, code: str) -> list[str]:
    """Percentages not written in the language's one way: `12 %` (no-break space) in Swedish,
    `12%` in English — in the HTML's text, the Word file, the CSV files."""
    document = docx.Document(folder / "annual_summary.docx")
    texts = {
        "html": soup_of(folder).find("main").get_text(" "),
        "docx": "\n".join(p.text for p in document.paragraphs)
        + "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells),
        **{
            p.name: p.read_text(encoding="utf-8-sig")
            for p in sorted(files_folder(folder).glob("*.csv"))
        },
    }
    wrong = r"\d(?:%| %|\u202f%)" if code == "sv" else r"\d[\s\u00a0\u202f]%"
    right = r"\d\u00a0%" if code == "sv" else r"\d%"
    found = [f"{name}: {m!r}" for name, t in texts.items() for m in re.findall(wrong, t)]
    return found or ([] if re.search(right, texts["html"]) else ["no percentage at all"])


def svg_text_sizes(svg: str) -> list[float]:
    """The size in points of every text of a matplotlib SVG (text drawn as glyph paths: each
    text is a comment, then a group scaled by size / 100)."""
    return [
        float(s) * 100
        for s in re.findall(r"<!-- [^>]*-->\s*<g [^>]*scale\(([\d.]+) -[\d.]+\)", svg)
    ]


def chart_text_too_large(folder: Path) -> list[str]:
    found = []
    for path in sorted(files_folder(folder).glob("*.svg")):
        svg = path.read_text(encoding="utf-8")
        width = float(re.search(r'<svg [^>]*width="([\d.]+)pt"', svg).group(1))
        sizes = svg_text_sizes(svg)
        scale = min(1.0, TEXT_WIDTH_PT / width)  # placed at its size, or shrunk to the text width
        found += [f"{path.name}: {s:g} pt" for s in sizes if s * scale > BODY_PT]
        if not sizes:
            found.append(f"{path.name}: no text found")
    return found


def svg_labels(svg: str, ticks: bool = True) -> list[str]:
    """The texts of a matplotlib SVG in drawing order; without the axes' tick labels if not
    `ticks` (they sit in groups `xtick_N`, `ytick_N`)."""
    drawing = BeautifulSoup(svg, "xml")
    return [
        c.strip()
        for c in drawing.find_all(string=lambda t: isinstance(t, Comment))
        if ticks or not any(re.match(r"[xy]tick_", g.get("id", "")) for g in c.find_parents("g"))
    ]


def figure_svg(folder: Path, figure: Tag) -> str:
    """The reuse file (figur-N.svg, figure-N.svg) of a figure of the page."""
    number = re.search(r"\d+", figure.figcaption.find(class_="label").get_text()).group()
    return next(files_folder(folder).glob(f"*-{number}.svg")).read_text(encoding="utf-8")


def shares_disagree(folder: Path, code: str) -> list[str]:
    """The shares over the years as the table (HTML, CSV, XLSX), the heat map and the text show
    them: the same cell the same in each, `–` only where there is no data."""
    lang = LANGUAGES[code]
    caption = lang("cap_shares")
    soup = soup_of(folder)
    table = next(t for t in soup.find_all("table") if caption in t.caption.get_text())
    number = int(re.search(r"\d+", table.caption.find(class_="label").get_text()).group())
    years = [th.get_text(strip=True) for th in table.select("thead th")][1:]
    html = [
        [re.sub(r"[ \t\n]+", " ", c.get_text()).strip() for c in r.find_all(["th", "td"])]
        for r in table.tbody("tr")
    ]
    files = files_folder(folder)
    stem, sep = ("tabell", ";") if code == "sv" else ("table", ",")
    with open(files / f"{stem}-{number}.csv", encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f, delimiter=sep))[1:]
    found = [f"csv {r[0]}: {r[1:]} != {h[1:]}" for r, h in zip(rows, html, strict=True) if r != h]
    book = openpyxl.load_workbook(files / ("tabeller.xlsx" if code == "sv" else "tables.xlsx"))
    sheet = book[f"{lang('table')} {number}"]
    themes = {r[0] for r in html}
    cells = [row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] in themes]
    for row, shown in zip(cells, html, strict=True):
        for value, text in zip(row[1:], shown[1:], strict=True):
            if (text == "–") != (value in (None, "–")):
                found.append(f"xlsx {row[0]}: {value!r} shown as {text!r}")
    figure = next(f for f in soup.find_all("figure") if caption in f.figcaption.get_text())
    in_chart = [t for t in svg_labels(figure_svg(folder, figure)) if re.fullmatch(SHARE, t)]
    in_table = [c for r in html for c in r[1:]]
    if in_chart != in_table:
        found.append(f"heat map {in_chart} != table {in_table}")
    if code == "sv":  # the text quotes two cells of the table
        text = " ".join(paragraphs(sections(soup)[lang("h_comparison")]))
        for theme, now, year, before, before_year in re.findall(
            rf"Mest ökade temat (.+?), som togs upp vid ({SHARE}) av mötena (\d+) mot ({SHARE}) "
            r"(\d+)",
            text,
        ):
            row = next(r for r in html if r[0].lower() == theme.lower())
            quoted = {year: now, before_year: before}
            found += [
                f"text {theme} {y}: {v}" for y, v in quoted.items() if row[1:][years.index(y)] != v
            ]
    return found


# -- the tests on the 2021 summary ----------------------------------------------------------------


def test_no_data_zero_and_percent_agree_in_table_chart_text_and_files(report):
    code, folder = report
    assert shares_disagree(folder, code) == []


def test_percentages_are_spaced_one_way_per_language(report):
    code, folder = report
    assert percent_spacing(folder, code) == []


def test_counts_compared_are_written_in_digits(report):
    code, folder = report
    assert counts_in_words_beside_digits(folder, code) == []


def test_labels_listed_after_the_first_are_in_lower_case(report):
    code, folder = report
    assert capitals_mid_list(folder, code) == []


def test_no_section_says_the_same_thing_twice(report):
    _, folder = report
    assert repeated_passages(folder) == []


def test_the_appendix_speaks_to_the_public(report):
    code, folder = report
    assert developer_words(folder, code) == []
    assert long_checksums(folder) == []
    texts = appendix_texts(folder, code)
    hashes = re.findall(r"\b[0-9a-f]{12}\b", texts["html"])
    assert len(hashes) >= 10
    for kind in ("pdf", "docx"):  # each checksum whole, never broken over two lines
        assert all(h in texts[kind] for h in hashes), kind


def test_chart_text_is_at_most_the_body_size(report):
    _, folder = report
    assert chart_text_too_large(folder) == []


# -- a municipality profile ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def profile(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("profile") / "project")
    render_in(
        root,
        2021,
        notebook="municipality_profile",
        overrides={"municipality": "0180"},
        formats=("html", "files"),
    )
    return next((root / "reports/2021").rglob("municipality_profile*.html")).parent


def bar_values_unlabelled(folder: Path) -> list[str]:
    """The counts of the profile's chart (from its text alternative) not written at their bars."""
    page = html_soup(next(folder.glob("municipality_profile*.html")))
    figure = page.find("figure")
    counts = re.findall(r"(\d+)(?=[;.])", figure.img["alt"])
    labels = svg_labels(figure_svg(folder, figure), ticks=False)
    missing = [n for n in counts if n not in labels]
    return missing if counts else ["no counts in the text alternative"]


def test_the_profile_chart_labels_its_bars_like_the_summary(profile):
    assert bar_values_unlabelled(profile) == []
    assert chart_text_too_large(profile) == []
