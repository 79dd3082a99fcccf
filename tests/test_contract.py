"""contract: the data contract is declared once, and the document, the checks, the typed tables,
the workbook and the new-year template all follow the declaration.

`place` in meetings.csv is the proof of "one declaration": an optional column added by declaring
it (and sample data in data/2019), with no other change to the code.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandera.pandas as pa
import pytest
from openpyxl import load_workbook

from kulturdialog.data import contract, inputs
from kulturdialog.data.contract_docs import BEGIN, END, markdown, update
from kulturdialog.data.load import load_year
from kulturdialog.data.newyear import new_year
from kulturdialog.data.validate import table_schema
from kulturdialog.data.workbook import export_year
from kulturdialog.errors import DataError
from kulturdialog.lang.labels import CODE_LABELS

DOC = Path(__file__).resolve().parents[1] / "docs" / "data-contract.md"


def write_column(path: Path, column: str, values: dict[int, str]) -> None:
    """Add `column` to a CSV file; `values` by spreadsheet row, empty elsewhere."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[0].append(column)
    for number, row in enumerate(rows[1:], start=2):
        row.append(values.get(number, ""))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


# -- the document -------------------------------------------------------------------------------


def test_the_documents_tables_are_the_declarations():
    text = DOC.read_text(encoding="utf-8")
    assert update(text) == text, "docs/data-contract.md differs from the contract: run make docs"


def test_every_generated_part_has_its_markers_and_every_declared_name_is_in_the_document():
    text = DOC.read_text(encoding="utf-8")
    for name in markdown():
        assert text.count(BEGIN.format(name=name)) == 1
        assert text.count(END.format(name=name)) == 1
    for table in (*contract.REFERENCE_TABLES, *contract.YEAR_TABLES):
        assert table.file in text
        for column in table.columns:
            assert f"`{column.name}`" in text, (table.name, column.name)
    for key in contract.YEAR_KEYS:
        assert f"`{key.name}`" in text
    for codes in contract.CODE_LISTS.values():
        assert all(f"`{code}`" in text for code in codes)
    for table in contract.YEAR_TABLES:  # the example rows' keys (prose, Project additions)
        assert f"`{table.example_key}` in" in text


def test_a_stale_document_is_rewritten_between_the_markers_only():
    text = DOC.read_text(encoding="utf-8")
    stale = text.replace("| `participants` | integer | ≥ 1 |", "| `participants` | number | |")
    assert stale != text
    assert update(stale) == text
    with pytest.raises(ValueError, match="no markers"):
        update(text.replace(END.format(name="year-tables"), ""))


# -- the declaration ----------------------------------------------------------------------------


def test_every_column_says_what_it_expects_and_every_year_column_has_swedish_help():
    for table in contract.YEAR_TABLES:
        for column in table.columns:
            assert column.sv, (table.name, column.name)
            checked = column.kind != "text" or not column.empty
            assert bool(column.expected) == checked, (table.name, column.name)
            assert column.codes is None or column.codes in contract.CODE_LISTS
            assert column.reference is None or column.reference in contract.TABLES
            assert column.refers_to is None or column.refers_to in contract.TABLES
        assert set(table.unique) <= set(table.names)
        assert table.example_key in table.names
        assert set(table.order_by) <= set(table.names)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_labels_have_a_label_for_every_code_of_the_contract(language):
    labels = CODE_LABELS[language]
    for name, codes in contract.CODE_LISTS.items():
        assert set(getattr(labels, name)) == set(codes), (language, name)


def test_the_schemas_use_pandera_checks_and_keys():
    codes = {"party_groups": {"civil_society"}, "municipalities": {"0180"}, "meetings": {"m1"}}
    meetings = table_schema(contract.table("meetings"), 2021, codes)
    assert meetings.columns["meeting_id"].unique
    assert not meetings.columns["meeting_id"].nullable
    assert meetings.columns["municipalities"].nullable
    assert not meetings.columns["title"].required and not meetings.columns["place"].required
    assert meetings.columns["party_group"].description == "expected one of: civil_society"
    [isin] = meetings.columns["format"].checks
    assert isin.name == "isin"
    assert all(isinstance(c, pa.Check) for c in meetings.columns["date"].checks)
    cooperation = table_schema(contract.table("cooperation"), 2021, codes)
    assert cooperation.unique == ["municipality", "area"]


def test_the_render_keys_data_files_are_the_contracts(repo_root):
    files = inputs.data_files(2021, repo_root)
    names = {f.name for f in files}
    assert names == {
        contract.YEAR_FILE,
        *(t.file for t in contract.REFERENCE_TABLES),
        *(t.file for t in contract.YEAR_TABLES),
    }


# -- one declaration adds an optional column: meetings.place ------------------------------------


def test_an_optional_column_loads_when_given_and_is_empty_when_absent(repo_root, year_2021):
    assert "place" not in (repo_root / "data/2021/meetings.csv").read_text(encoding="utf-8")
    assert set(year_2021.meetings["place"]) == {""}  # an older file without it still loads
    data = load_year(2019, repo_root)  # the sample year that records places
    by_id = data.meetings.set_index("meeting_id")["place"]
    assert by_id["2019-01"] == "Regionens hus, Stockholm"
    assert by_id["2019-05"] == ""


def test_an_optional_column_in_a_workbook_round_trips(project):
    write_column(project / "data/2021/meetings.csv", "place", {2: "Kulturhuset, Stockholm"})
    from_csv = load_year(2021, project)
    book = load_workbook(export_year(2021, project))
    sheet = book["meetings"]
    headers = [cell.value for cell in sheet[1]]
    assert headers[-1] == "place"
    column = sheet.cell(1, len(headers))
    assert column.comment.text.startswith("place\nPlats där mötet hölls")
    places = [row[0].value for row in sheet.iter_rows(min_row=2, min_col=len(headers))]
    assert "Kulturhuset, Stockholm" in places
    assert from_csv.meetings["place"].tolist().count("Kulturhuset, Stockholm") == 1


def test_the_new_year_template_has_the_optional_column_with_help_and_an_example(project):
    new_year(2022, project)
    sheet = load_workbook(project / "data/2022/dialogues.xlsx")["meetings"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == contract.table("meetings").names
    letter = sheet.cell(1, headers.index("place") + 1).column_letter
    assert "Får vara tom." in sheet[f"{letter}1"].comment.text
    assert sheet[f"{letter}2"].value == "Regionens hus, Stockholm"


def test_an_optional_column_is_text_that_may_be_empty_and_never_checked(project):
    write_column(
        project / "data/2021/meetings.csv",
        "place",
        {2: '=HYPERLINK("x")', 3: "Åre – ”Östra” Säter", 4: "0"},
    )
    data = load_year(2021, project)
    assert "Åre – ”Östra” Säter" in data.meetings["place"].tolist()


def test_a_required_column_stays_required_and_the_optional_ones_are_not_asked_for(project):
    path = project / "data/2021/meetings.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[0] = lines[0].replace("format", "form")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    [problem] = raised.value.problems
    expected = ", ".join(contract.table("meetings").required)
    assert problem.expected == f"missing column 'format'; expected the columns {expected}"
    assert not re.search(r"\b(title|place)\b", problem.expected)
