"""dialogues.xlsx as Excel leaves it: error values named as such, oversized files refused unread."""

from __future__ import annotations

import csv
import datetime as dt
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from scripted import run_python

from kulturdialog.data import read
from kulturdialog.data.load import load_year
from kulturdialog.data.read import read_workbook
from kulturdialog.errors import DataError

ERRORS = ["#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"]
SHOWN = "data/2021/dialogues.xlsx"
TABLES = ("meetings", "observations", "needs", "cooperation")


def to_workbook(folder):
    """The year's CSV files as one dialogues.xlsx, every cell as text; the CSV files removed."""
    book = Workbook()
    book.remove(book.active)
    for name in TABLES:
        path = folder / f"{name}.csv"
        sheet = book.create_sheet(name)
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.reader(f):
                sheet.append(row)
        path.unlink()
    book.save(folder / "dialogues.xlsx")
    return folder / "dialogues.xlsx"


def problems_of(project):
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    return raised.value


@pytest.mark.parametrize("error", ERRORS)
def test_an_excel_error_is_named_with_its_sheet_row_and_column(project, error):
    path = to_workbook(project / "data/2021")
    book = load_workbook(path)
    book["meetings"]["E3"] = error  # participants
    book["observations"]["D2"] = error  # text: any text passes its rule, an error does not
    book.save(path)

    found = problems_of(project)

    assert [str(p) for p in found.problems] == [
        f"{SHOWN}, sheet 'meetings', row 3, column 'participants': the Excel error {error}: "
        "expected a whole number of participants, at least 1",
        f"{SHOWN}, sheet 'observations', row 2, column 'text': the Excel error {error}: "
        "expected the observation's text",
    ]
    assert "nan" not in str(found)


def test_cells_are_read_as_text_as_excel_holds_them(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.title = "meetings"
    sheet.append(["meeting_id", "participants", "share", "date", "flag", "title"])
    sheet.append(["m1", 38, 12.5, None, True, "  Möte  "])
    sheet.append([])  # an empty row keeps its number: the next one is row 4
    sheet.append(["m2", 12.0, None, None, False, "=1+1"])
    sheet["D2"].value = dt.datetime(2021, 2, 4)
    sheet["F4"].data_type = "s"
    for name in ("observations", "needs"):
        book.create_sheet(name).append(["id"])
    book.save(tmp_path / "dialogues.xlsx")
    problems = []

    table = read_workbook(tmp_path / "dialogues.xlsx", SHOWN, problems)["meetings"]

    assert problems == []
    assert table.frame.to_dict("index") == {
        0: {
            "meeting_id": "m1",
            "participants": "38",
            "share": "12.5",
            "date": "2021-02-04 00:00:00",
            "flag": "True",
            "title": "Möte",
        },
        2: {
            "meeting_id": "m2",
            "participants": "12",
            "share": "",
            "date": "",
            "flag": "False",
            "title": "=1+1",
        },
    }
    assert table.problem("x", 2, "title").row == 4


def only_problem(path) -> str:
    problems = []
    assert read_workbook(path, SHOWN, problems) == {}
    assert len(problems) == 1
    return str(problems[0])


def test_a_workbook_that_expands_beyond_200_mb_is_refused_unread(tmp_path):
    path = tmp_path / "dialogues.xlsx"
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/sharedStrings.xml", "w") as stream,
    ):
        for _ in range(201):
            stream.write(b"<si><t>a</t></si>".ljust(2**20))  # 1 MB a time
    assert path.stat().st_size < 2**20  # under 1 MB on disk

    assert only_problem(path) == (
        f"{SHOWN}: the workbook expands to 201 MB when unzipped; expected at most 200 MB "
        "(a year's dialogues take well under 1 MB): is it the right file?"
    )


def test_a_part_that_expands_more_than_100_fold_is_refused_unread(tmp_path):
    path = tmp_path / "dialogues.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", b" " * 2 * 2**20)

    message = only_problem(path)

    assert message.startswith(f"{SHOWN}: its part xl/sharedStrings.xml expands ")
    assert message.endswith(
        "-fold when unzipped; expected at most 100-fold, as a workbook saved by Excel: "
        "is it the right file?"
    )


def test_a_workbook_with_more_cells_than_the_limit_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(read, "MAX_CELLS", 10)  # 5 000 000 cells would be a 25 MB test file
    book = Workbook()
    book.active.title = "meetings"
    for row in range(4):
        book.active.append([f"m{row}", "2021-02-04", "x"])
    book.save(tmp_path / "dialogues.xlsx")

    assert only_problem(tmp_path / "dialogues.xlsx") == (
        f"{SHOWN}: the workbook holds more than 10 cells; expected a year's dialogues: "
        "is it the right file?"
    )


def test_the_sample_year_exported_as_a_workbook_is_far_within_the_limits(project, tmp_path):
    from kulturdialog.data.workbook import export_year

    path = export_year(2021, project, tmp_path / "dialogues.xlsx")
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    assert sum(m.file_size for m in members) < 2**20  # under 1 MB of the 200 MB
    assert max(m.file_size / m.compress_size for m in members) < 50  # under half of 100-fold
    problems = []
    tables = read_workbook(path, SHOWN, problems)
    assert problems == []
    assert sum(t.frame.size for t in tables.values()) < 5000  # of 5 000 000 cells


SHEET = (
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{}'
    "</sheetData></worksheet>"
)


def handmade(path, rows: str, strings: str = "", date1904: bool = False, doctype: str = ""):
    """A workbook written as Excel writes one: shared strings, a date style, sparse cells."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    relations = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pr = '<workbookPr date1904="1"/>' if date1904 else ""
    sheets = "".join(
        f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
        for i, name in enumerate(("meetings", "observations", "needs"), start=1)
    )
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="{kind}/worksheet" Target="worksheets/sheet{i}.xml"/>'
        for i in (1, 2, 3)
    )
    rels += (
        f'<Relationship Id="rId8" Type="{kind}/sharedStrings" Target="/xl/sharedStrings.xml"/>'
        f'<Relationship Id="rId9" Type="{kind}/styles" Target="styles.xml"/>'
    )
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{relations}">{pr}'
            f"<sheets>{sheets}</sheets></workbook>",
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rels}</Relationships>",
        )
        archive.writestr("xl/sharedStrings.xml", f'{doctype}<sst xmlns="{main}">{strings}</sst>')
        archive.writestr(
            "xl/styles.xml",
            f'<styleSheet xmlns="{main}"><numFmts count="1"><numFmt numFmtId="164" '
            'formatCode="yyyy\\-mm\\-dd"/></numFmts><cellXfs count="3"><xf numFmtId="0"/>'
            '<xf numFmtId="164"/><xf numFmtId="14"/></cellXfs></styleSheet>',
        )
        archive.writestr("xl/worksheets/sheet1.xml", SHEET.format(rows))
        for i in (2, 3):
            archive.writestr(f"xl/worksheets/sheet{i}.xml", SHEET.format(""))
    return path


def test_a_workbook_as_excel_writes_it_sparse_cells_rich_text_and_dates(tmp_path):
    strings = (
        "<si><t>meeting_id</t></si><si><t>title</t></si><si><t>date</t></si>"
        "<si><r><t>Möte </t></r><r><rPr><b/></rPr><t>ett</t></r><rPh><t>モ</t></rPh></si>"
    )
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="s"><v>2</v></c></row>'
        '<row r="2"><c r="A2"><v>7</v></c><c r="B2" t="s"><v>3</v></c>'
        '<c r="C2" s="1"><v>44231</v></c></row>'
        '<row r="5"><c r="B5" t="str"><f>A1</f><v>räknat</v></c><c r="C5" s="2"><v>44231</v>'
        "</c></row>"  # rows 3 and 4 are missing: row 5 keeps its number
    )
    problems = []

    table = read_workbook(handmade(tmp_path / "d.xlsx", rows, strings), SHOWN, problems)["meetings"]

    assert problems == []
    assert table.frame.to_dict("index") == {
        0: {"meeting_id": "7", "title": "Möte ett", "date": "2021-02-04 00:00:00"},
        3: {"meeting_id": "", "title": "räknat", "date": "2021-02-04 00:00:00"},
    }
    assert table.problem("x", 3, "title").row == 5


def test_dates_count_from_1904_where_the_workbook_says_so_and_iso_dates_are_dates(tmp_path):
    strings = "<si><t>meeting_id</t></si><si><t>date</t></si>"
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><v>1</v></c><c r="B2" s="1"><v>42769</v></c></row>'
        '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="d"><v>2021-02-04T00:00:00</v></c></row>'
    )
    path = handmade(tmp_path / "d.xlsx", rows, strings, date1904=True)
    table = read_workbook(path, SHOWN, [])["meetings"]
    assert table.frame["date"].tolist() == ["2021-02-04 00:00:00"] * 2  # a number, an ISO date


def test_an_entity_in_a_workbook_is_never_expanded(tmp_path):
    doctype = '<!DOCTYPE sst [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
    strings = "<si><t>meeting_id</t></si><si><t>&e;</t></si>"
    rows = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c></row>'
    )
    path = handmade(tmp_path / "d.xlsx", rows, strings, doctype=doctype)
    problems = []
    tables = read_workbook(path, SHOWN, problems)
    assert "root:" not in str(tables.get("meetings") and tables["meetings"].frame.to_dict())


def test_a_year_given_as_csv_files_is_read_without_the_workbook_reader():
    """lxml and openpyxl (about 9.5 MB in every kernel) are imported for a workbook only."""
    code = (
        "import sys\n"
        "import kulturdialog.notebook\n"
        "from kulturdialog.data.load import load_year\n"
        "load_year(2021)\n"
        "print(sorted(m for m in ('lxml', 'openpyxl') if m in sys.modules))\n"
    )
    assert run_python(code, timeout=120).strip() == "[]"
