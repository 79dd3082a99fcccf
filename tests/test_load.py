"""load: one year's files are found, read, checked together and returned as typed tables."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from pathlib import Path

import pandas as pd
import pytest

from kulturdialog.data.load import available_years, load_reference, load_year
from kulturdialog.errors import DataError

TABLES = ("meetings", "observations", "needs", "cooperation")


def year_folder(project: Path, year: int = 2021) -> Path:
    return project / "data" / str(year)


def broken(project: Path, year: int = 2021) -> DataError:
    with pytest.raises(DataError) as raised:
        load_year(year, project)
    return raised.value


def raw_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def rename_column(path: Path, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    header = lines[0].split(",")
    header[header.index(old)] = new
    lines[0] = ",".join(header)
    path.write_text("\n".join(lines), encoding="utf-8")


def csvs_to_workbook(folder: Path) -> Path:
    """Convert a year's CSV files into one dialogues.xlsx (text cells) and delete the CSVs."""
    workbook = folder / "dialogues.xlsx"
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        for name in TABLES:
            path = folder / f"{name}.csv"
            if path.is_file():
                frame = pd.read_csv(path, dtype=str, keep_default_na=False)
                frame.to_excel(writer, sheet_name=name, index=False)
                path.unlink()
    return workbook


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# -- a valid year -------------------------------------------------------------------------------


def test_the_2021_sample_loads_into_typed_tables(year_2021, repo_root):
    d = year_2021
    raw = {name: raw_rows(repo_root / "data" / "2021" / f"{name}.csv") for name in TABLES}
    assert d.year == 2021
    assert len(d.meetings) == len(raw["meetings"])
    assert len(d.observations) == len(raw["observations"])
    assert len(d.needs) == len(raw["needs"])
    assert len(d.cooperation) == len(raw["cooperation"])
    assert pd.api.types.is_datetime64_any_dtype(d.meetings["date"])
    assert d.meetings["date"].is_monotonic_increasing
    assert d.meetings["participants"].sum() == sum(int(r["participants"]) for r in raw["meetings"])
    first = raw["meetings"][0]
    assert d.meetings.set_index("meeting_id").at[first["meeting_id"], "municipalities"] == (
        first["municipalities"].split(";")
    )
    group_of = {r["meeting_id"]: r["party_group"] for r in raw["meetings"]}
    assert d.observations["party_group"].tolist() == [
        group_of[r["meeting_id"]] for r in raw["observations"]
    ]
    assert d.needs["raised_by"].tolist() == [r["raised_by"].split(";") for r in raw["needs"]]
    assert d.cooperation["cooperates"].tolist() == [
        r["cooperates"] == "true" for r in raw["cooperation"]
    ]
    assert d.cooperation["barriers"].tolist() == [
        [b for b in r["barriers"].split(";") if b] for r in raw["cooperation"]
    ]


def test_year_yaml_becomes_the_years_meta(year_2021):
    meta = year_2021.meta
    assert meta.title == "Sammanfattning av 2021 års dialogmöten"
    assert meta.diarienummer == "AKTNR 3355-19358"
    assert meta.published == dt.date(2022, 2, 15)
    assert "pandemins effekter" in meta.ingress
    assert set(meta.theme_summaries) == {"pandemic_effects", "restart", "cultural_environment"}
    assert meta.conclusion


def test_reference_tables_are_indexed_by_code_in_file_order(year_2021, repo_root):
    ref = year_2021.reference
    codes = [r["code"] for r in raw_rows(repo_root / "data/reference/municipalities.csv")]
    assert list(ref.municipalities.index) == codes
    assert len(codes) == 26
    assert ref.label("municipalities", "0180") == "Stockholm"
    assert ref.label("party_groups", "independent_arts") == "Det fria kulturlivet"


def test_sources_are_every_file_read(year_2021, repo_root):
    data = repo_root / "data"
    expected = {data / "2021" / f"{name}.csv" for name in TABLES}
    expected |= {data / "2021" / "year.yaml"}
    expected |= {
        data / "reference" / f"{name}.csv"
        for name in ("municipalities", "party_groups", "themes", "barriers")
    }
    assert set(year_2021.sources) == expected
    assert list(year_2021.sources) == sorted(year_2021.sources)


def test_available_years_are_the_year_folders_oldest_first(project):
    (project / "data" / "notes").mkdir()
    (project / "data" / "1999").mkdir()
    assert available_years(project) == [1999, 2019, 2020, 2021]
    assert available_years(project / "nowhere") == []


def test_a_year_with_only_its_year_in_year_yaml_gets_the_default_title(project):
    (year_folder(project) / "year.yaml").write_text("year: 2021\n", encoding="utf-8")
    meta = load_year(2021, project).meta
    assert meta.title == "Sammanfattning av 2021 års dialogmöten"
    assert (meta.diarienummer, meta.published, meta.ingress, meta.conclusion) == (
        None,
        None,
        None,
        None,
    )
    assert meta.theme_summaries == {}


def test_cooperation_csv_is_optional(project):
    (year_folder(project) / "cooperation.csv").unlink()
    data = load_year(2021, project)
    assert data.cooperation is None
    assert not any(p.name == "cooperation.csv" for p in data.sources)


def test_the_2019_sample_has_no_cooperation_and_only_defaults(repo_root):
    data = load_year(2019, repo_root)
    assert data.cooperation is None
    assert data.meta.title == "Sammanfattning av 2019 års dialogmöten"


def test_a_year_without_needs_rows_loads_with_an_empty_needs_table(project):
    path = year_folder(project) / "needs.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    assert load_year(2021, project).needs.empty


def test_loading_never_writes_to_the_inputs(project):
    before = tree_digest(project / "data")
    load_year(2021, project)
    assert tree_digest(project / "data") == before
    csvs_to_workbook(year_folder(project, 2020))
    before_workbook = tree_digest(project / "data")
    load_year(2020, project)
    assert tree_digest(project / "data") == before_workbook
    (year_folder(project) / "meetings.csv").write_text("meeting_id;date\n", encoding="utf-8")
    with pytest.raises(DataError):
        load_year(2021, project)
    after = tree_digest(project / "data")
    assert set(after) == set(before_workbook)  # nothing added (no caches, locks or fixes)


# -- the workbook instead of CSV files ----------------------------------------------------------


def test_a_workbook_year_loads_the_same_tables_as_its_csv_files(project, year_2021):
    csvs_to_workbook(year_folder(project))
    data = load_year(2021, project)
    for name in TABLES:
        pd.testing.assert_frame_equal(getattr(data, name), getattr(year_2021, name))
    assert year_folder(project) / "dialogues.xlsx" in data.sources


def test_a_workbook_problem_names_the_sheet_and_the_spreadsheet_row(project):
    folder = year_folder(project)
    rows = raw_rows(folder / "meetings.csv")
    rows[2]["format"] = "online"  # spreadsheet row 4
    with (folder / "meetings.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    csvs_to_workbook(folder)
    err = broken(project)
    assert [(p.file, p.sheet, p.row, p.column, p.value) for p in err.problems] == [
        ("data/2021/dialogues.xlsx", "meetings", 4, "format", "online")
    ]
    assert "data/2021/dialogues.xlsx, sheet 'meetings', row 4, column 'format'" in str(err)


def test_a_workbook_missing_a_sheet_is_reported(project):
    folder = year_folder(project)
    (folder / "needs.csv").unlink()
    csvs_to_workbook(folder)
    err = broken(project)
    assert [p.file for p in err.problems] == ["data/2021/dialogues.xlsx"]
    assert "no sheet 'needs'" in str(err)


def test_csv_files_and_a_workbook_in_one_folder_are_an_error(project):
    folder = year_folder(project)
    pd.DataFrame({"meeting_id": ["x"]}).to_excel(folder / "dialogues.xlsx", index=False)
    err = broken(project)
    assert len(err.problems) == 1
    assert err.problems[0].file == "data/2021"
    message = str(err)
    assert "dialogues.xlsx" in message
    assert "meetings.csv" in message
    assert "one or the other" in message


# -- files and folders that are missing or empty ------------------------------------------------


def test_a_year_folder_that_does_not_exist_lists_the_years_that_do(project):
    err = broken(project, 2099)
    assert [p.file for p in err.problems] == ["data/2099"]
    assert "no such year folder" in str(err)
    assert "2019, 2020, 2021" in str(err)


@pytest.mark.parametrize("name", ["meetings", "observations", "needs"])
def test_a_missing_required_file_is_reported_by_name_and_only_once(project, name):
    # without meetings, observations.meeting_id has nothing to be checked against: no
    # observation may then be reported as naming an unknown meeting
    (year_folder(project) / f"{name}.csv").unlink()
    err = broken(project)
    assert [p.file for p in err.problems] == [f"data/2021/{name}.csv"]
    assert "missing file" in str(err)
    assert f"expected {name}.csv" in str(err)


@pytest.mark.parametrize("reference", ["themes", "party_groups", "barriers", "municipalities"])
def test_a_missing_reference_table_is_reported_once_not_as_every_code_using_it(project, reference):
    (project / "data" / "reference" / f"{reference}.csv").unlink()
    err = broken(project)
    assert [p.file for p in err.problems] == [f"data/reference/{reference}.csv"]


def test_a_missing_year_yaml_asks_for_the_year_line(project):
    (year_folder(project) / "year.yaml").unlink()
    err = broken(project)
    assert [p.file for p in err.problems] == ["data/2021/year.yaml"]
    assert "year: 2021" in str(err)


@pytest.mark.parametrize(
    ("table", "column"),
    [
        ("meetings", "participants"),
        ("observations", "kind"),
        ("needs", "status"),
        ("cooperation", "barriers"),
    ],
)
def test_a_missing_required_column_is_reported_with_the_columns_expected(project, table, column):
    rename_column(year_folder(project) / f"{table}.csv", column, column + "_x")
    err = broken(project)
    assert len(err.problems) == 1, str(err)
    problem = err.problems[0]
    assert problem.file == f"data/2021/{table}.csv"
    assert f"missing column '{column}'" in problem.expected


@pytest.mark.parametrize("table", ["meetings", "observations"])
def test_a_table_with_a_header_but_no_rows_is_an_error(project, table):
    path = year_folder(project) / f"{table}.csv"
    path.write_text(path.read_text(encoding="utf-8").split("\n")[0] + "\n", encoding="utf-8")
    err = broken(project)
    problem = err.problems[0]
    assert problem.file == f"data/2021/{table}.csv"
    assert "no rows" in problem.expected
    assert f"at least one {table[:-1]}" in problem.expected


def test_a_broken_reference_table_is_reported(project):
    path = project / "data" / "reference" / "municipalities.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("0180,", "180,"), encoding="utf-8")
    with pytest.raises(DataError) as raised:
        load_reference(project)
    problem = raised.value.problems[0]
    assert (problem.file, problem.column, problem.value) == (
        "data/reference/municipalities.csv",
        "code",
        "180",
    )
    assert "leading zero" in problem.expected


# -- year.yaml ----------------------------------------------------------------------------------

YEAR_YAML = [
    # text, column, value, part of the message
    ("year: [2021\n", None, None, "not valid YAML"),
    ("year: 2020\n", "year", 2020, "expected year: 2021"),
    ('year: "2021"\n', "year", "2021", "expected year: 2021"),
    ("title: Utan år\n", "year", None, "expected year: 2021"),
    ("year: 2021\nauthor: Kim\n", "author", "author", "unknown key"),
    (
        "year: 2021\ntheme_summaries:\n  pandemics: Text\n",
        "theme_summaries",
        "pandemics",
        "pandemic_effects",
    ),
    ("year: 2021\ntheme_summaries: [restart]\n", "theme_summaries", None, "mapping"),
    ("year: 2021\npublished: snart\n", "published", "snart", "YYYY-MM-DD"),
    ("year: 2021\ntitle: 2021\n", "title", 2021, "expected text"),
    ("", None, None, "expected a mapping"),
    ("- year: 2021\n", None, None, "expected a mapping"),
]


@pytest.mark.parametrize(
    ("text", "column", "value", "expected"),
    YEAR_YAML,
    ids=[t.split("\n")[-2] if t.count("\n") > 1 else t.strip() or "empty" for t, *_ in YEAR_YAML],
)
def test_a_broken_year_yaml_is_reported(project, text, column, value, expected):
    (year_folder(project) / "year.yaml").write_text(text, encoding="utf-8")
    err = broken(project)
    assert len(err.problems) == 1, str(err)
    problem = err.problems[0]
    assert problem.file == "data/2021/year.yaml"
    assert (problem.column, problem.value) == (column, value)
    assert expected in problem.expected


def test_invalid_yaml_is_located_on_its_line(project):
    (year_folder(project) / "year.yaml").write_text("year: 2021\ntitle: [oops\n", encoding="utf-8")
    assert broken(project).problems[0].row == 3


def test_unknown_keys_list_the_keys_that_are_allowed(project):
    (year_folder(project) / "year.yaml").write_text("year: 2021\nsubtitle: x\n", encoding="utf-8")
    assert "title, diarienummer, published, ingress, theme_summaries, conclusion" in str(
        broken(project)
    )


def test_an_impossible_published_date_is_a_data_error_not_a_crash(project):
    # PyYAML's own date parsing raises ValueError for 2022-13-45
    (year_folder(project) / "year.yaml").write_text(
        "year: 2021\npublished: 2022-13-45\n", encoding="utf-8"
    )
    err = broken(project)
    assert [(p.file, p.column, p.value) for p in err.problems] == [
        ("data/2021/year.yaml", "published", "2022-13-45")
    ]
    assert "YYYY-MM-DD" in str(err)


def test_published_may_be_given_as_quoted_text(project):
    (year_folder(project) / "year.yaml").write_text(
        'year: 2021\npublished: "2022-02-15"\n', encoding="utf-8"
    )
    assert load_year(2021, project).meta.published == dt.date(2022, 2, 15)


# -- all problems of a year at once -------------------------------------------------------------


def test_problems_in_several_files_are_all_reported_in_one_data_error(project):
    folder = year_folder(project)

    def replace(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    replace(folder / "meetings.csv", ",digital,38,", ",digital,0,")
    replace(
        folder / "observations.csv",
        "2021-01,pandemic_effects,effect,",
        "2021-01,pandemic_effects,effekt,",
    )
    replace(folder / "needs.csv", ",regional,budget_process", ",regional,later")
    replace(folder / "cooperation.csv", "0114,libraries,false,", "0114,libraries,nej,")
    replace(folder / "year.yaml", "year: 2021", "year: 2021\nsubtitle: x")
    replace(project / "data/reference/themes.csv", "restart,", "Restart,")
    err = broken(project)
    files = {p.file for p in err.problems}
    assert files >= {
        "data/2021/meetings.csv",
        "data/2021/observations.csv",
        "data/2021/needs.csv",
        "data/2021/cooperation.csv",
        "data/2021/year.yaml",
        "data/reference/themes.csv",
    }
    message = str(err)
    assert message.startswith(f"{len(err.problems)} problems in data/2021:")
    assert message.count("\n  - ") == len(err.problems)
    for problem in err.problems:
        assert f"  - {problem}" in message
