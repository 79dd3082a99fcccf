"""cooperation.comment: an optional column added with one declaration (plus tests and sample
data) — it shows up in validation, the workbook template and the docs."""

from __future__ import annotations

import csv

from openpyxl import load_workbook

from kulturdialog.data import contract
from kulturdialog.data.load import load_year
from kulturdialog.data.newyear import new_year


def comments(path) -> dict[tuple[str, str], str]:
    with path.open(encoding="utf-8") as handle:
        return {(r["municipality"], r["area"]): r["comment"] for r in csv.DictReader(handle)}


def test_the_comment_loads_where_recorded_and_is_empty_where_not(repo_root):
    expected = comments(repo_root / "data/2020/cooperation.csv")
    data = load_year(2020, repo_root)
    loaded = {(r.municipality, r.area): r.comment for r in data.cooperation.itertuples()}
    assert loaded == expected and any(expected.values())
    assert set(load_year(2021, repo_root).cooperation["comment"]) == {""}  # a file without it


def test_a_comment_is_free_text_never_checked(project):
    path = project / "data/2021/cooperation.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    rows[0].append("comment")
    rows[1].append('=HYPERLINK("x") <b>fri text</b>; 0180')
    rows[2:] = [r + [""] for r in rows[2:]]
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    assert load_year(2021, project).cooperation["comment"].iloc[0].startswith("=HYPERLINK")


def test_the_workbook_template_and_the_docs_have_the_column(project, repo_root):
    new_year(2022, project)
    sheet = load_workbook(project / "data/2022/dialogues.xlsx")["cooperation"]
    headers = [cell.value for cell in sheet[1]]
    assert headers == contract.table("cooperation").names and headers[-1] == "comment"
    assert "Får vara tom." in sheet.cell(1, len(headers)).comment.text
    docs = (repo_root / "docs/data-contract.md").read_text(encoding="utf-8")
    assert "| `comment` |" in docs
