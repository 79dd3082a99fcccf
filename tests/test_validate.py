"""validate: every rule of docs/data-contract.md, broken one at a time in a copy of the 2021 data.

Rows are spreadsheet rows: the header is row 1, the first record row 2.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from kulturdialog.data.load import load_year
from kulturdialog.data.read import Table
from kulturdialog.data.validate import (
    add_municipality_hints,
    check_table,
    parse_date,
    parse_int,
    split_codes,
)
from kulturdialog.errors import DataError, Problem

# -- helpers ------------------------------------------------------------------------------------


def read_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def set_cell(project: Path, table: str, row: int, column: str, value: str) -> str:
    """Put `value` in spreadsheet row `row` of data/2021/<table>.csv; return the old value."""
    path = project / "data" / "2021" / f"{table}.csv"
    rows = read_rows(path)
    col = rows[0].index(column)
    old, rows[row - 1][col] = rows[row - 1][col], value
    write_rows(path, rows)
    return old


def append_copy_of_row(project: Path, table: str, row: int) -> int:
    """Append a copy of spreadsheet row `row`; return the new row's number."""
    path = project / "data" / "2021" / f"{table}.csv"
    rows = read_rows(path)
    rows.append(list(rows[row - 1]))
    write_rows(path, rows)
    return len(rows)


def problems_of(project: Path) -> tuple[list[Problem], str]:
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    return raised.value.problems, str(raised.value)


# -- one broken cell: one problem, located and explained ---------------------------------------

BAD_CELLS = [
    # table, row, column, bad value, part of what was expected
    ("meetings", 2, "date", "2020-12-31", "expected a date YYYY-MM-DD in 2021"),
    ("meetings", 3, "date", "2022-01-01", "in 2021"),
    ("meetings", 4, "date", "18/02/2021", "YYYY-MM-DD"),
    ("meetings", 5, "date", "2021-02-30", "YYYY-MM-DD"),
    ("meetings", 6, "date", "4 februari 2021", "YYYY-MM-DD"),
    ("meetings", 7, "date", "", "YYYY-MM-DD"),
    ("meetings", 2, "participants", "many", "whole number of participants"),
    ("meetings", 3, "participants", "0", "at least 1"),
    ("meetings", 4, "participants", "-3", "at least 1"),
    ("meetings", 5, "participants", "12.5", "whole number"),
    ("meetings", 6, "participants", "", "whole number"),
    ("meetings", 2, "party_group", "managers", "municipal_managers"),
    ("meetings", 3, "format", "online", "digital, in_person, hybrid"),
    ("meetings", 4, "municipalities", "0114;9999", "municipalities.csv"),
    ("observations", 2, "theme", "pandemic", "pandemic_effects"),
    ("observations", 3, "kind", "effects", "effect, concern, adaptation, request, opportunity"),
    ("observations", 4, "meeting_id", "2021-99", "meeting_id listed in meetings"),
    ("observations", 5, "text", "", "expected the observation's text"),
    ("needs", 2, "theme", "culture", "artist_policy"),
    ("needs", 3, "level", "national", "regional, municipal"),
    ("needs", 4, "status", "open", "budget_process, in_progress, done, noted"),
    ("needs", 5, "raised_by", "", "at least one party-group code"),
    ("needs", 6, "raised_by", "municipal_managers;artists", "civil_society"),
    ("needs", 7, "text", "", "expected the need's text"),
    ("needs", 8, "need_id", "", "expected a need_id"),
    ("cooperation", 2, "municipality", "9999", "municipalities.csv"),
    ("cooperation", 3, "area", "museums", "sports_facilities, arts_school, libraries"),
    ("cooperation", 4, "cooperates", "yes", "expected true or false"),
    ("cooperation", 5, "barriers", "laziness", "knowledge"),
]


@pytest.mark.parametrize(
    ("table", "row", "column", "value", "expected"),
    BAD_CELLS,
    ids=[f"{t}-{c}-{v or 'empty'}" for t, _, c, v, _ in BAD_CELLS],
)
def test_a_broken_cell_is_reported_with_file_row_column_value_and_what_was_expected(
    project, table, row, column, value, expected
):
    set_cell(project, table, row, column, value)
    problems, message = problems_of(project)
    assert len(problems) == 1, message
    problem = problems[0]
    assert problem.file == f"data/2021/{table}.csv"
    assert problem.row == row
    assert problem.column == column
    assert problem.value == value
    assert expected in problem.expected
    shown = f"'{value}'" if value else "(empty)"
    assert f"data/2021/{table}.csv, row {row}, column '{column}': {shown}: " in message


@pytest.mark.parametrize(
    ("table", "column", "value", "lost"),
    [
        ("meetings", "municipalities", "0114;180;0181", "180"),
        ("cooperation", "municipality", "114", "114"),
    ],
)
def test_a_municipality_code_that_lost_its_leading_zero_says_so(
    project, table, column, value, lost
):
    set_cell(project, table, 5, column, value)
    problems, message = problems_of(project)
    assert [(p.row, p.column, p.value) for p in problems] == [(5, column, value)]
    assert "leading zero" in problems[0].expected
    assert f"'0{lost}'" in problems[0].expected
    assert "leading zero" in message


def test_valid_variants_of_a_cell_are_accepted(project):
    set_cell(project, "meetings", 2, "participants", "38.0")  # Excel's number saved as text
    set_cell(project, "meetings", 3, "date", "2021-02-18 00:00:00")  # Excel's date as text
    set_cell(project, "meetings", 4, "municipalities", " 0114 ; 0180 ")
    set_cell(project, "meetings", 5, "title", "")
    set_cell(project, "cooperation", 2, "barriers", "knowledge;economy;demand")
    data = load_year(2021, project)
    first = data.meetings.set_index("meeting_id")
    assert first.at["2021-01", "participants"] == 38
    assert first.at["2021-02", "date"] == pd.Timestamp("2021-02-18")
    assert first.at["2021-03", "municipalities"] == ["0114", "0180"]


def test_a_meeting_without_id_is_reported_and_so_are_the_observations_that_point_to_it(project):
    old_id = set_cell(project, "meetings", 5, "meeting_id", "")
    problems, _ = problems_of(project)
    assert (problems[0].file, problems[0].row, problems[0].column, problems[0].value) == (
        "data/2021/meetings.csv",
        5,
        "meeting_id",
        "",
    )
    pointing = [
        r
        for r, record in enumerate(read_rows(project / "data/2021/observations.csv"), 1)
        if record[0] == old_id
    ]
    assert pointing
    assert [(p.file, p.row, p.value) for p in problems[1:]] == [
        ("data/2021/observations.csv", r, old_id) for r in pointing
    ]


# -- keys that must be unique ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("meetings", "meeting_id", "2021-01"),
        ("needs", "need_id", "B2021-01"),
        ("cooperation", "area", "0114 / sports_facilities"),
    ],
)
def test_a_duplicate_key_is_reported_on_the_second_row_naming_the_first(
    project, table, column, value
):
    new_row = append_copy_of_row(project, table, 2)
    problems, message = problems_of(project)
    assert len(problems) == 1, message
    problem = problems[0]
    assert (problem.file, problem.row, problem.column, problem.value) == (
        f"data/2021/{table}.csv",
        new_row,
        column,
        value,
    )
    assert "duplicate" in problem.expected
    assert "row 2" in problem.expected


def test_the_same_municipality_in_different_areas_is_not_a_duplicate(project):
    data = load_year(2021, project)
    assert data.cooperation.groupby("municipality").size().max() == 3


# -- all problems at once -----------------------------------------------------------------------


def test_every_broken_cell_of_a_table_is_reported_in_row_order(project):
    set_cell(project, "meetings", 6, "format", "zoom")
    set_cell(project, "meetings", 2, "participants", "0")
    set_cell(project, "meetings", 2, "date", "2021-13-01")
    problems, message = problems_of(project)
    assert [(p.row, p.column) for p in problems] == [
        (2, "date"),
        (2, "participants"),
        (6, "format"),
    ]
    assert message.startswith("3 problems in data/2021:")


# -- the helpers the rules are made of -----------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021-02-04", dt.date(2021, 2, 4)),
        ("2021-02-04 00:00:00", dt.date(2021, 2, 4)),
        ("2021-02-30", None),
        ("2021-2-4", None),
        ("04/02/2021", None),
        ("2021-02-04 10:30:00", None),
        ("", None),
    ],
)
def test_parse_date_accepts_iso_dates_and_excels_midnight_only(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("12", 12),
        ("+3", 3),
        ("12.0", 12),
        ("007", 7),
        ("12.5", None),
        ("-1", None),
        ("1e3", None),
        ("tolv", None),
        ("", None),
        ("1 234", None),
    ],
)
def test_parse_int_accepts_whole_numbers_only(value, expected):
    assert parse_int(value) == expected


def test_split_codes_splits_on_semicolons_and_ignores_blanks():
    assert split_codes(" 0114 ;; 0180 ;") == ["0114", "0180"]
    assert split_codes("") == []


def test_check_table_reports_missing_columns_and_checks_the_others():
    frame = pd.DataFrame({"code": ["a", "B", "a"]})
    table = Table("things", frame, "data/things.csv", Path("data/things.csv"))
    rules = [
        ("code", lambda v: v.islower(), "expected lower case"),
        ("label", bool, "expected a label"),
    ]
    problems = check_table(table, ["code", "label"], rules, unique=[("code",), ("label",)])
    assert [(p.row, p.column, p.value, p.expected[:18]) for p in problems] == [
        (None, None, None, "missing column 'la"),
        (3, "code", "B", "expected lower cas"),
        (4, "code", "a", "duplicate: the sam"),
    ]


def test_add_municipality_hints_only_touches_municipality_columns():
    problems = [
        Problem("m.csv", "expected a code", 2, "municipalities", "180;0114"),
        Problem("m.csv", "expected a number", 2, "participants", "180"),
    ]
    hinted, untouched = add_municipality_hints(problems)
    assert "'0180'" in hinted.expected
    assert untouched == problems[1]
