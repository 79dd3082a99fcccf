"""Every script the Region publishes in renders in every format; other characters are refused at
validation, naming file, row, column and code point (issue 21, items 2 and 3)."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
import unicodedata
import warnings
from pathlib import Path

import pytest
from docx import Document as read_docx
from reading import html_soup
from verapdf import validate_many

from kulturdialog.data import characters
from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError

# one text per script, each as a person would type it
TEXTS = {
    "arabic": "الثقافة للجميع في ستوكهولم",
    "persian": "فرهنگ برای همه می‌خواهیم",  # with a zero-width non-joiner
    "hebrew": "תרבות לכולם בשטוקהולם",
    "yiddish": "קולטור פֿאַר אַלעמען",  # with points
    "tigrinya": "ባህሊ ንኹሉ ኣብ ስቶክሆልም",
    "emoji": "Publiken 🎭🎨 kom tillbaka 👍🏽 ❤️",
    "sami": "Sámegiella: ŋ ŧ đ š ž á č Ŋ Ŧ Đ",
    "russian": "Культура для всех",
    "greek": "Πολιτισμός για όλους",
    "somali": "Dhaqanka waa qof walba",
    "romani": "Kultura vaś sa e manuśa",
    "meankieli": "Kulttuuri kaikile – äijä",
}


def observation_texts(root: Path, texts: list[str]) -> list[int]:
    """Put `texts` in the first observations of data/2021; their spreadsheet rows."""
    path = root / "data/2021/observations.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("text")
    for row, text in zip(rows[1:], texts, strict=False):
        row[column] = text
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return list(range(2, 2 + len(texts)))


def pdf_text(path: Path) -> str:
    """The PDF's text in reading order (pdftotext), the lines of a paragraph joined."""
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode("utf-8").replace("\n", " ")


def letters(text: str) -> str:
    """`text`'s letters: pdftotext puts a Hebrew point before its letter with a space between,
    a zero-width non-joiner a letter late, and adds direction marks."""
    return "".join(c for c in text if unicodedata.category(c) not in ("Mn", "Cf", "Zs"))


def problems_of(root: Path) -> list[str]:
    with pytest.raises(DataError) as raised:
        load_year(2021, root)
    return [str(p) for p in raised.value.problems]


# -- the rule on its own ----------------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS.values(), ids=TEXTS)
def test_text_in_the_published_scripts_has_no_complaint(text):
    assert characters.complaints(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\x01b", "contains U+0001 (a control character)"),
        ("a\x0b\x1f", "contains U+000B (a control character) and U+001F (a control character)"),
        ("\x7f\x85", "contains U+007F (a control character) and U+0085 (a control character)"),
        ("a\ufffe\uffff", "contains U+FFFE (a non-character) and U+FFFF (a non-character)"),
        ("\U0010ffff \ufdd0", "contains U+10FFFF (a non-character) and U+FDD0 (a non-character)"),
        ("a\ud800", "contains U+D800 (half of a surrogate pair)"),
    ],
)
def test_characters_no_format_can_carry_are_named(text, expected):
    assert characters.complaints(text) == [
        f"{expected}, which no report format can carry; delete it"
    ]


def test_tab_and_line_breaks_are_carried():
    assert characters.complaints("a\tb\nc\r\nd") == []
    assert characters.carriable("a\tb\nc\r\nd") == "a\tb\nc\r\nd"


def test_exporters_drop_what_no_format_can_carry():
    assert characters.carriable("Kon\x01troll\x0b\x85\ufffe\ud800tecken") == "Kontrolltecken"


def test_a_script_no_font_has_is_named_with_each_character_once():
    assert characters.complaints("Möte 文化 och 文, हि") == [
        "contains 文 (U+6587), 化 (U+5316), ह (U+0939), ि (U+093F), in no font of the report; "
        "expected text in Latin, Cyrillic, Greek, Arabic, Hebrew or Ge'ez script, or emoji"
    ]


def test_a_message_shows_an_uncarriable_character_as_a_replacement_mark():
    assert characters.shown("a\x1b[31mb") == "a\ufffd[31mb"  # no terminal escape reaches a screen


# -- at validation, before any kernel ----------------------------------------------------------


def test_validation_names_file_row_column_and_code_point(project):
    rows = observation_texts(project, ["Ett\x01test", "Kinesiska 文", TEXTS["tigrinya"]])
    problems = problems_of(project)
    assert problems == [
        f"data/2021/observations.csv, row {rows[0]}, column 'text': 'Ett\ufffdtest': contains "
        "U+0001 (a control character), which no report format can carry; delete it",
        f"data/2021/observations.csv, row {rows[1]}, column 'text': 'Kinesiska 文': contains "
        "文 (U+6587), in no font of the report; expected text in Latin, Cyrillic, Greek, "
        "Arabic, Hebrew or Ge'ez script, or emoji",
    ]


def test_every_column_of_every_table_is_checked(project):
    path = project / "data/2021/needs.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("B2021-02,", "B2021-02\uffff,", 1), encoding="utf-8")
    reference = project / "data/reference/themes.csv"
    lines = reference.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].rstrip("\n") + "漢\n"
    reference.write_text("".join(lines), encoding="utf-8")
    problems = problems_of(project)
    assert any(
        p.startswith(
            "data/2021/needs.csv, row 3, column 'need_id': 'B2021-02\ufffd': contains U+FFFF"
        )
        for p in problems
    ), problems
    assert any(
        p.startswith("data/reference/themes.csv, row 2, column ") and "漢 (U+6F22)" in p
        for p in problems
    ), problems


def test_year_yaml_text_fields_are_checked(project):
    year = project / "data/2021/year.yaml"
    text = year.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("title:"))
    year.write_text(text.replace(title, 'title: "Årets möten \\x01 文"'), encoding="utf-8")
    assert problems_of(project) == [
        "data/2021/year.yaml, column 'title': 'Årets möten \ufffd 文': contains U+0001 "
        "(a control character), which no report format can carry; delete it",
        "data/2021/year.yaml, column 'title': 'Årets möten \ufffd 文': contains 文 (U+6587), "
        "in no font of the report; expected text in Latin, Cyrillic, Greek, Arabic, Hebrew or "
        "Ge'ez script, or emoji",
    ]


# -- a rendered report in every script ---------------------------------------------------------


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    from conftest import copy_project, render_in

    root = copy_project(tmp_path_factory.mktemp("scripts") / "project")
    observation_texts(root, list(TEXTS.values()))
    return render_in(root, 2021).folder


@pytest.mark.e2e
def test_the_pdf_in_every_script_is_pdf_a_and_ua(rendered):
    pdf = rendered / "annual_summary.pdf"
    results = validate_many([pdf], ("2a", "ua1"))[pdf]
    assert [str(r) for r in results.values()] == ["veraPDF 2a: compliant", "veraPDF ua1: compliant"]


@pytest.mark.e2e
@pytest.mark.parametrize("name", TEXTS)
def test_every_format_holds_the_text(rendered, name):
    text = TEXTS[name]
    assert letters(text) in letters(pdf_text(rendered / "annual_summary.pdf"))
    assert text in html_soup(rendered / "annual_summary.html").get_text()
    body = read_docx(rendered / "annual_summary.docx").element.body
    assert any(text in p.xpath("string(.)") for p in body.xpath(".//w:p"))


@pytest.mark.e2e
def test_the_pdf_embeds_the_fallback_fonts_it_uses(rendered):
    from pypdf import PdfReader

    fonts = set()
    for page in PdfReader(rendered / "annual_summary.pdf").pages:
        for font in (page.get("/Resources", {}).get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    assert {
        "NotoSansArabic-Regular",
        "NotoSansHebrew-Regular",
        "NotoSansEthiopic-Regular",
        "NotoEmoji-Regular",
    } <= fonts


@pytest.mark.e2e
def test_the_html_lists_the_fallback_fonts(rendered):
    css = html_soup(rendered / "annual_summary.html").find("style").get_text()
    for family in ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Ethiopic", "Noto Emoji"):
        assert f'"{family}"' in css


def test_the_fallback_fonts_ship_with_their_licence():
    fonts = Path(characters.__file__).parents[1] / "assets" / "fonts"
    licence = (fonts / "OFL-Noto.md").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    for family in ("Noto Sans Arabic", "Noto Sans Hebrew", "Noto Sans Ethiopic", "Noto Emoji"):
        assert f"{family}: Copyright" in licence


def test_a_workbook_cell_is_checked_and_named_by_its_sheet(project):
    from openpyxl import load_workbook

    from kulturdialog.data.workbook import export_year

    exported = export_year(2021, project)
    book = load_workbook(exported)
    sheet = book["observations"]
    column = [cell.value for cell in sheet[1]].index("text") + 1
    sheet.cell(row=3, column=column, value="Kinesiska 文")
    book.save(exported)
    folder = project / "data/2021"
    for path in folder.glob("*.csv"):
        path.unlink()
    exported.rename(folder / "dialogues.xlsx")
    assert problems_of(project) == [
        "data/2021/dialogues.xlsx, sheet 'observations', row 3, column 'text': 'Kinesiska 文': "
        "contains 文 (U+6587), in no font of the report; expected text in Latin, Cyrillic, "
        "Greek, Arabic, Hebrew or Ge'ez script, or emoji"
    ]


def test_the_command_names_the_characters_without_a_traceback(project):
    rows = observation_texts(project, ["Möte\x1b[31m röd"])
    done = subprocess.run(
        [str(Path(sys.executable).with_name("kulturdialog")), "validate", "2021"],
        env={**os.environ, "KULTURDIALOG_ROOT": str(project)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and "\x1b" not in done.stderr
    assert (
        f"data/2021/observations.csv, row {rows[0]}, column 'text': 'Möte\ufffd[31m röd': "
        "contains U+001B (a control character), which no report format can carry; delete it"
    ) in done.stderr


def test_a_chart_draws_every_script_from_the_shipped_fonts():
    import matplotlib.pyplot as plt

    from kulturdialog.analysis import charts

    charts.setup()
    figure, axes = plt.subplots()
    axes.set_yticks(range(len(TEXTS)), list(TEXTS.values()))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns of each glyph missing from its fonts
        figure.savefig(io.BytesIO(), format="svg")
    plt.close(figure)
