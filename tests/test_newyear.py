"""new_year: a new analyst starts a year from the template, enters rows, and fixes mistakes."""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from kulturdialog.cli import main
from kulturdialog.data.load import YEAR_KEYS, load_year
from kulturdialog.data.newyear import new_year
from kulturdialog.errors import DataError, KulturdialogError

TABLES = ("meetings", "observations", "needs", "cooperation")
CONTRACT_CODES = {  # the fixed codes, as docs/data-contract.md lists them
    "format": {"digital", "in_person", "hybrid"},
    "kind": {"effect", "concern", "adaptation", "request", "opportunity"},
    "level": {"regional", "municipal"},
    "status": {"budget_process", "in_progress", "done", "noted"},
    "area": {"sports_facilities", "arts_school", "libraries"},
    "boolean": {"true", "false"},
}
CODED_COLUMNS = {  # column → its reference table (data/reference/*.csv) or fixed code list
    "meetings": {"party_group": "party_groups", "format": "format", "municipalities": "*"},
    "observations": {"theme": "themes", "kind": "kind"},
    "needs": {"theme": "themes", "raised_by": "party_groups", "level": "level", "status": "status"},
    "cooperation": {
        "municipality": "municipalities",
        "area": "area",
        "cooperates": "boolean",
        "barriers": "barriers",
    },
}
SEVERAL_CODES = {"municipalities", "raised_by", "barriers"}
MEETINGS = [
    ["2022-01", dt.datetime(2022, 2, 3), "municipal_managers", "digital", 31, "0180;0114", "Vår"],
    ["2022-02", dt.datetime(2022, 9, 8), "civil_society", "in_person", 12, "", ""],
]
OBSERVATIONS = [
    ["2022-01", "restart", "effect", "Publiken har kommit tillbaka."],
    ["2022-01", "library_cooperation", "opportunity", "Biblioteken vill samarbeta mer."],
    ["2022-02", "local_sustainability", "concern", "Föreningarna saknar ledare."],
]
NEEDS = [["B2022-01", "restart", "Stöd till arrangörer.", "civil_society", "regional", "noted"]]


@pytest.fixture
def started(project) -> Path:
    """A project copy in which the analyst has run `kulturdialog new-year 2022`."""
    new_year(2022, project)
    return project


def workbook(project: Path) -> Path:
    return project / "data" / "2022" / "dialogues.xlsx"


def enter(project: Path, rows: dict[str, list[list]]) -> None:
    """Type rows into the workbook below what is there, as an analyst in Excel would."""
    book = load_workbook(workbook(project))
    for name, records in rows.items():
        for record in records:
            book[name].append(record)
    book.save(workbook(project))


def reference_codes(repo_root: Path, table: str) -> list[str]:
    with (repo_root / "data" / "reference" / f"{table}.csv").open(encoding="utf-8") as handle:
        return [row["code"] for row in csv.DictReader(handle)]


def drop_downs(sheet) -> dict[str, object]:
    """Each header's data validation, found by the column its range covers."""
    headers = {cell.column_letter: cell.value for cell in sheet[1]}
    return {
        headers[get_column_letter(cells.min_col)]: validation
        for validation in sheet.data_validations.dataValidation
        for cells in validation.sqref.ranges
    }


def listed(book, formula: str) -> list[str]:
    sheet, cells = formula.split("!")
    return [cell.value for row in book[sheet.strip("'")][cells.replace("$", "")] for cell in row]


def tree(folder: Path) -> dict[str, bytes | None]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None
        for p in folder.rglob("*")
    }


# -- starting a year ----------------------------------------------------------------------------


def test_new_year_creates_the_workbook_year_yaml_and_params(project):
    created = new_year(2022, project)
    assert created == [
        project / "data/2022/dialogues.xlsx",
        project / "data/2022/datapackage.json",
        project / "data/2022/year.yaml",
        project / "params/2022.yaml",
    ]
    assert (project / "params/2022.yaml").read_text(encoding="utf-8") == "year: 2022\n"
    assert load_workbook(created[0]).sheetnames == [*TABLES, "lists"]


@pytest.mark.parametrize("existing", ["data/2022", "params/2022.yaml"])
def test_new_year_refuses_to_overwrite_and_writes_nothing(project, existing):
    path = project / existing
    if path.suffix:
        path.write_text("year: 2022\n", encoding="utf-8")
    else:
        path.mkdir()
    before = tree(project)
    with pytest.raises(KulturdialogError) as raised:
        new_year(2022, project)
    assert f"{existing} already exists" in str(raised.value)
    assert "never overwrites" in str(raised.value)
    assert tree(project) == before


def test_new_year_for_a_year_with_data_names_both_folder_and_params(project):
    with pytest.raises(KulturdialogError, match="data/2021 and params/2021.yaml already exist"):
        new_year(2021, project)


# -- the untouched template ---------------------------------------------------------------------


def test_validate_on_the_untouched_template_says_once_that_there_is_no_data_yet(started, capsys):
    assert main(["validate", "2022"]) == 1
    out, err = capsys.readouterr()
    assert out == "kulturdialog.yaml: the settings are complete\n"
    assert err.splitlines() == [
        "2022: 1 problem in data/2022:",
        "  - data/2022/dialogues.xlsx: no data yet: the workbook holds only example rows "
        "(their id starts with EXEMPEL: they are ignored); enter the year's meetings, "
        "observations and needs in the sheets 'meetings', 'observations' and 'needs'",
    ]
    with pytest.raises(DataError) as raised:
        load_year(2022, started)
    assert len(raised.value.problems) == 1


def test_a_workbook_without_any_rows_also_says_no_data_yet(started):
    book = load_workbook(workbook(started))
    for name in TABLES:
        book[name].delete_rows(2)
    book.save(workbook(started))
    with pytest.raises(DataError) as raised:
        load_year(2022, started)
    [problem] = raised.value.problems
    assert problem.expected.startswith("no data yet: the workbook holds no rows;")


# -- entering the year --------------------------------------------------------------------------


def test_rows_entered_below_the_example_rows_load_and_nothing_else(started):
    enter(started, {"meetings": MEETINGS, "observations": OBSERVATIONS, "needs": NEEDS})
    data = load_year(2022, started)
    assert data.meetings["meeting_id"].tolist() == ["2022-01", "2022-02"]
    assert data.meetings["date"].dt.date.tolist() == [dt.date(2022, 2, 3), dt.date(2022, 9, 8)]
    assert data.meetings["participants"].tolist() == [31, 12]
    assert data.meetings["municipalities"].tolist() == [["0180", "0114"], []]
    assert data.observations["text"].tolist() == [row[3] for row in OBSERVATIONS]
    assert data.needs["need_id"].tolist() == ["B2022-01"]
    assert data.cooperation.empty  # only its example row
    assert data.meta.title == "Sammanfattning av 2022 års dialogmöten"


def test_mistakes_are_reported_by_sheet_row_column_and_value(started):
    meetings = [row.copy() for row in MEETINGS]
    meetings[1][4] = "tolv"  # spreadsheet row 4: the example is row 2
    enter(
        started,
        {
            "meetings": meetings,
            "observations": OBSERVATIONS,
            "needs": NEEDS,
            "cooperation": [[180, "libraries", "true", ""]],  # a number: Excel dropped the 0
        },
    )
    with pytest.raises(DataError) as raised:
        load_year(2022, started)
    problems = raised.value.problems
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in problems] == [
        ("data/2022/dialogues.xlsx", "meetings", 4, "participants", "tolv"),
        ("data/2022/dialogues.xlsx", "cooperation", 3, "municipality", "180"),
    ]
    message = str(raised.value)
    assert "sheet 'meetings', row 4, column 'participants': 'tolv': expected a whole number" in (
        message
    )
    assert "'180' looks like '0180' with its leading zero lost by Excel" in message


# -- the workbook's help ------------------------------------------------------------------------


def test_every_coded_column_has_a_drop_down_of_exactly_its_codes(started, repo_root):
    book = load_workbook(workbook(started))
    for name, columns in CODED_COLUMNS.items():
        validations = drop_downs(book[name])
        for column, codes in columns.items():
            validation = validations[column]
            assert validation.type == "list", (name, column)
            source = "municipalities" if codes == "*" else codes
            expected = CONTRACT_CODES.get(source) or set(reference_codes(repo_root, source))
            assert set(listed(book, validation.formula1)) == expected, (name, column)
            [cells] = validation.sqref.ranges
            assert (cells.min_row, cells.max_row) == (2, 1_048_576)
            if column in SEVERAL_CODES:  # a list would refuse '0180;0114': prompt, no alert
                assert not validation.showErrorMessage
                assert "semikolon (;)" in validation.prompt
            else:
                assert validation.showErrorMessage
    assert book["lists"].sheet_state == "hidden"


def test_every_header_has_a_comment_in_swedish(started):
    book = load_workbook(workbook(started))
    for name in TABLES:
        for cell in book[name][1]:
            text = cell.comment.text
            assert text.startswith(f"{cell.value}\n"), (name, cell.value)
            assert re.search(r"\b(en|ett|och|ur|med|av|inom|får|där|är|på)\b", text, re.I), text
            assert not re.search(r"\b(the|expected|one of)\b", text), text
    assert (
        "Datum då mötet hölls, ÅÅÅÅ-MM-DD, inom året 2022." in book["meetings"]["B1"].comment.text
    )
    assert "börjar med EXEMPEL är exempel och läses inte" in book["needs"]["A1"].comment.text
    assert "municipal_managers – Kommunala kultur- och fritidschefer" in (
        book["meetings"]["C1"].comment.text
    )


def test_id_and_municipality_columns_are_text_so_excel_keeps_leading_zeros(started):
    book = load_workbook(workbook(started))
    for name, letter in [
        ("meetings", "A"),
        ("meetings", "F"),
        ("observations", "A"),
        ("needs", "A"),
        ("cooperation", "A"),
    ]:
        assert book[name].column_dimensions[letter].number_format == "@", (name, letter)
        assert book[name][f"{letter}2"].number_format == "@"


def test_each_sheet_has_one_example_row_marked_in_its_key_column(started):
    book = load_workbook(workbook(started))
    keys = [book[name]["A2"].value for name in TABLES]
    assert keys == ["EXEMPEL-1", "EXEMPEL-1", "EXEMPEL-1", "EXEMPEL"]
    assert all(book[name].max_row == 2 for name in TABLES)


# -- year.yaml ----------------------------------------------------------------------------------


def test_year_yaml_has_only_year_active_and_every_key_commented_in_swedish(started):
    text = (started / "data/2022/year.yaml").read_text(encoding="utf-8")
    assert yaml.safe_load(text) == {"year": 2022}
    for key in YEAR_KEYS[1:]:
        assert re.search(rf"^#{key}:", text, re.M), key
    assert "Bara year krävs" in text


def test_the_commented_examples_of_year_yaml_are_valid_once_uncommented(started):
    path = started / "data/2022/year.yaml"
    # Comments are '# text'; commented-out YAML is '#key:' or '#  indented'.
    uncommented = re.sub(r"^#(?=\S|  )", "", path.read_text(encoding="utf-8"), flags=re.M)
    assert set(yaml.safe_load(uncommented)) == set(YEAR_KEYS)
    path.write_text(uncommented, encoding="utf-8")
    enter(started, {"meetings": MEETINGS, "observations": OBSERVATIONS, "needs": NEEDS})
    meta = load_year(2022, started).meta
    assert meta.published == dt.date(2023, 2, 15)
    assert set(meta.theme_summaries) == {"restart", "library_cooperation"}
    assert meta.diarienummer and meta.ingress and meta.conclusion


def test_example_rows_are_skipped_in_csv_files_too_and_later_rows_keep_their_numbers(project):
    path = project / "data/2021/meetings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = lines[3].split(",")
    broken[4] = "tolv"
    example = "EXEMPEL-1,inte ett datum,okänd,okänd,x,180,"
    rows = [lines[0], example, *lines[1:3], ",".join(broken), *lines[4:]]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    [problem] = raised.value.problems
    assert (problem.row, problem.column, problem.value) == (5, "participants", "tolv")
