"""read: CSV files and the Excel workbook are read as text, and unreadable files are explained."""

from __future__ import annotations

import pytest
from openpyxl import Workbook

from kulturdialog.data.load import load_year
from kulturdialog.data.read import Table, read_csv, read_workbook
from kulturdialog.errors import DataError

SHOWN = "data/2021/meetings.csv"


def read(tmp_path, raw: bytes, shown: str = SHOWN):
    """read_csv on a file holding `raw`; returns (table or None, problems)."""
    path = tmp_path / "table.csv"
    path.write_bytes(raw)
    problems = []
    return read_csv(path, shown, "meetings", problems), problems


def only(problems):
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


# -- CSV: encodings and separators -----------------------------------------------------------


def test_utf8_with_bom_and_crlf_line_ends_is_read_with_swedish_letters_intact(tmp_path):
    raw = "\ufeffmeeting_id,title\r\nm1,Åre – ”Östra” Säter\r\nm2,é\r\n".encode()
    table, problems = read(tmp_path, raw)
    assert problems == []
    assert list(table.frame.columns) == ["meeting_id", "title"]  # no BOM glued to the header
    assert table.frame["title"].tolist() == ["Åre – ”Östra” Säter", "é"]
    assert not any("\r" in cell for cell in table.frame["title"])


def test_every_cell_is_read_as_text_so_leading_zeros_survive(tmp_path):
    table, _ = read(tmp_path, b"municipality,participants,cooperates\n0180,012,true\n")
    assert table.frame.iloc[0].tolist() == ["0180", "012", "true"]


def test_windows_1252_file_is_rejected_naming_the_encoding_and_how_to_save_it(tmp_path):
    raw = "meeting_id,title\nm1,Dialog med föreningslivet\n".encode("cp1252")
    table, problems = read(tmp_path, raw)
    assert table is None
    message = str(only(problems))
    assert message.startswith(SHOWN)
    assert "not UTF-8" in message
    assert "Windows-1252" in message
    assert "line 2" in message
    assert "0xf6" in message  # the byte of 'ö' in Windows-1252
    assert "CSV UTF-8" in message


def test_a_file_in_an_unknown_encoding_is_rejected_without_guessing_windows_1252(tmp_path):
    table, problems = read(tmp_path, b"meeting_id,title\nm1,\x81\x8d\n")
    assert table is None
    message = str(only(problems))
    assert "not UTF-8" in message
    assert "Windows-1252" not in message


def test_semicolon_separated_file_is_rejected_naming_semicolons(tmp_path):
    table, problems = read(tmp_path, b"meeting_id;date;title\nm1;2021-02-04;x\n")
    assert table is None
    problem = only(problems)
    assert problem.row == 1
    assert problem.value == "meeting_id;date;title"
    assert "semicolons" in problem.expected
    assert "commas" in problem.expected


def test_semicolons_inside_a_comma_separated_file_are_fine(tmp_path):
    table, problems = read(tmp_path, b"meeting_id,municipalities\nm1,0114;0180\n")
    assert problems == []
    assert table.frame.at[0, "municipalities"] == "0114;0180"


@pytest.mark.parametrize("raw", [b"", b"\xef\xbb\xbf", b"\r\n  \n"], ids=["empty", "bom", "blank"])
def test_an_empty_file_is_rejected_asking_for_a_header_row(tmp_path, raw):
    table, problems = read(tmp_path, raw)
    assert table is None
    assert "empty" in str(only(problems))
    assert "header" in str(only(problems))


def test_an_unterminated_quote_is_reported_not_raised(tmp_path):
    table, problems = read(tmp_path, b'meeting_id,title\nm1,"never closed\n')
    assert table is None
    assert "not a readable CSV" in str(only(problems))


def test_rows_with_more_fields_than_the_header_are_a_problem_not_an_index(tmp_path):
    # pandas would silently take the first column as the index (a header without 'status')
    raw = b"need_id,theme\nB1,restart,done\nB2,restart,noted\n"
    table, problems = read(tmp_path, raw, "data/2021/needs.csv")
    assert [(p.file, p.row) for p in problems] == [
        ("data/2021/needs.csv", 2),
        ("data/2021/needs.csv", 3),
    ]
    assert all("3 fields" in p.expected and "2" in p.expected for p in problems)
    # still read, so that the file's other problems are found in the same run: each row as
    # the header names it, the extra field cut off, nothing shifted into an index
    assert table.frame.to_dict("split") == {
        "index": [0, 1],
        "columns": ["need_id", "theme"],
        "data": [["B1", "restart"], ["B2", "restart"]],
    }


# -- CSV: cleaning and row numbers as a spreadsheet shows them -----------------------------


def test_spaces_around_headers_and_cells_are_stripped(tmp_path):
    table, _ = read(tmp_path, b" meeting_id , title \n m1 , Dialog \n")
    assert list(table.frame.columns) == ["meeting_id", "title"]
    assert table.frame.iloc[0].tolist() == ["m1", "Dialog"]


def test_rows_left_entirely_empty_are_dropped_without_renumbering_the_rest(tmp_path):
    table, _ = read(tmp_path, b"meeting_id,title\nm1,a\n,\nm3,c\n")
    assert table.frame["meeting_id"].tolist() == ["m1", "m3"]
    index_of_m3 = table.frame.index[table.frame["meeting_id"] == "m3"][0]
    assert table.problem("x", index_of_m3).row == 4  # header 1, m1 2, empty 3, m3 4


def test_a_problem_is_located_in_spreadsheet_rows_header_being_row_1(tmp_path):
    table, _ = read(tmp_path, b"meeting_id,participants\nm1,3\nm2,zero\n")
    problem = table.problem("expected a whole number", 1, "participants", "zero")
    assert (problem.file, problem.row, problem.column, problem.value) == (
        SHOWN,
        3,
        "participants",
        "zero",
    )
    assert str(problem) == (
        f"{SHOWN}, row 3, column 'participants': 'zero': expected a whole number"
    )


def test_a_blank_line_still_counts_as_a_row_when_locating_problems(tmp_path):
    # a spreadsheet shows a blank line as an empty row, so the rows after it keep their number
    table, _ = read(tmp_path, b"meeting_id,participants\nm1,3\n\nm3,zero\n")
    index_of_m3 = table.frame.index[table.frame["meeting_id"] == "m3"][0]
    assert table.problem("x", index_of_m3, "participants").row == 4


# -- the Excel workbook -----------------------------------------------------------------------


def write_workbook(path, sheets: dict[str, list[list]]):
    workbook = Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


SHEETS = {
    "meetings": [
        ["meeting_id", "date", "participants", "municipalities"],
        ["m1", "2021-02-04", 38, "0114;0180"],
        ["m2", "2021-03-01", 12, None],
    ],
    "observations": [
        ["meeting_id", "theme", "kind", "text"],
        ["m1", "restart", "concern", "Oro för återstarten"],
    ],
    "needs": [["need_id", "theme", "text", "raised_by", "level", "status"]],
}


def test_workbook_sheets_are_read_as_text_tables_that_know_their_sheet(tmp_path):
    path = write_workbook(tmp_path / "dialogues.xlsx", SHEETS)
    problems = []
    tables = read_workbook(path, "data/2021/dialogues.xlsx", problems)
    assert problems == []
    assert set(tables) == {"meetings", "observations", "needs"}  # cooperation is optional
    meetings = tables["meetings"]
    assert isinstance(meetings, Table)
    assert meetings.sheet == "meetings"
    assert meetings.frame["participants"].tolist() == ["38", "12"]
    assert meetings.frame["municipalities"].tolist() == ["0114;0180", ""]
    assert tables["observations"].frame.at[0, "text"] == "Oro för återstarten"
    assert tables["needs"].frame.empty
    problem = meetings.problem("x", 1, "participants", "12")
    assert (problem.row, problem.sheet) == (3, "meetings")
    assert "sheet 'meetings', row 3" in str(problem)


@pytest.mark.parametrize("missing", ["meetings", "observations", "needs"])
def test_a_workbook_missing_a_required_sheet_is_reported_naming_the_sheet(tmp_path, missing):
    sheets = {name: rows for name, rows in SHEETS.items() if name != missing}
    path = write_workbook(tmp_path / "dialogues.xlsx", sheets)
    problems = []
    tables = read_workbook(path, "data/2021/dialogues.xlsx", problems)
    assert missing not in tables
    problem = only(problems)
    assert problem.file == "data/2021/dialogues.xlsx"
    assert f"no sheet '{missing}'" in problem.expected


def test_a_file_that_is_not_a_workbook_is_reported_not_raised(tmp_path):
    path = tmp_path / "dialogues.xlsx"
    path.write_text("meeting_id,date\n")
    problems = []
    assert read_workbook(path, "data/2021/dialogues.xlsx", problems) == {}
    assert "not a readable Excel workbook" in str(only(problems))


def test_load_year_reports_a_windows_1252_file_once_by_name(project):
    path = project / "data" / "2021" / "meetings.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252", errors="replace"))
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    assert [p.file for p in raised.value.problems] == ["data/2021/meetings.csv"]
    assert "Windows-1252" in str(raised.value)
