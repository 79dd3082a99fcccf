"""Thousands of problems: each found in one pass, the first listed in full, the rest counted."""

from __future__ import annotations

import csv

import pytest

from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError


def rows_of(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def problems_of(project):
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    return raised.value


def test_2000_rows_with_an_unknown_theme_list_100_in_full_then_count_the_rest(project):
    path = project / "data/2021/observations.csv"
    observation = rows_of(path)[0]
    write(path, [{**observation, "theme": "okänt_tema"}] * 2000)
    themes = ", ".join(sorted(r["code"] for r in rows_of(project / "data/reference/themes.csv")))
    expected = f"expected one of: {themes}"
    where = "data/2021/observations.csv"

    lines = str(problems_of(project)).splitlines()

    assert lines[0] == "2000 problems in data/2021:"
    assert lines[1:101] == [
        f"  - {where}, row {row}, column 'theme': 'okänt_tema': {expected}" for row in range(2, 102)
    ]
    assert lines[101:] == ["  and 1900 more:", f"  - 1900 × {where}, column 'theme': {expected}"]


def test_duplicates_each_name_their_first_row_and_rare_kinds_are_counted_as_others(project):
    path = project / "data/2021/meetings.csv"
    meetings = rows_of(path)
    first_new_row = len(meetings) + 2  # the header is row 1
    for number in range(250):
        meetings += [{**meetings[0], "meeting_id": f"dubbel-{number}"}] * 2
    write(path, meetings)

    error = problems_of(project)

    assert [(p.row, p.column, p.value, p.expected) for p in error.problems] == [
        (
            first_new_row + 2 * number + 1,
            "meeting_id",
            f"dubbel-{number}",
            f"duplicate: the same meeting_id is on row {first_new_row + 2 * number}; "
            "expected each meeting_id once",
        )
        for number in range(250)
    ]
    lines = str(error).splitlines()
    assert len(lines) == 1 + 100 + 1 + 100 + 1
    assert lines[101] == "  and 150 more:"
    assert lines[102] == (
        f"  - 1 × data/2021/meetings.csv, column 'meeting_id': duplicate: the same meeting_id "
        f"is on row {first_new_row + 200}; expected each meeting_id once"
    )
    assert lines[-1] == "  - 50 × other problems"
