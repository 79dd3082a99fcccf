"""data/<year>/datapackage.json: generated from the contract, checked by frictionless."""

from __future__ import annotations

import json
import shutil

from frictionless import Package

from kulturdialog.data import contract_docs, datapackage, settings
from kulturdialog.data.newyear import new_year


def report(path):
    """frictionless' validation report of the package at `path` (the package's own folder)."""
    return Package(str(path)).validate()


def test_the_committed_packages_are_what_the_contract_writes(repo_root):
    for path, text in contract_docs.data_packages(repo_root).items():
        assert path.read_text(encoding="utf-8") == text, f"{path}: run `make docs`"


def test_contract_docs_check_finds_a_stale_package_and_docs_rewrites_it(project, repo_root):
    document = ["--path", str(repo_root / contract_docs.DOC)]
    package = project / "data/2021/datapackage.json"
    package.write_text("{}\n", encoding="utf-8")
    assert contract_docs.main(["--check", *document]) == 1
    shutil.copy(repo_root / contract_docs.DOC, project / "data-contract.md")
    assert contract_docs.main(["--docs", "--path", str(project / "data-contract.md")]) == 0
    assert package.read_text(encoding="utf-8") == contract_docs.data_packages(project)[package]
    assert contract_docs.main(["--check", *document]) == 0


def test_the_2021_input_is_valid_for_frictionless(repo_root):
    result = report(repo_root / "data/2021/datapackage.json")
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])
    assert [t.name for t in result.tasks] == ["meetings", "observations", "needs", "cooperation"]


def test_frictionless_reports_a_broken_input_csv(project):
    meetings = project / "data/2021/meetings.csv"
    lines = meetings.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace(",38,", ",many,")  # participants: not a whole number
    meetings.write_text("".join(lines), encoding="utf-8")
    result = report(project / "data/2021/datapackage.json")
    assert not result.valid
    assert [2, "participants", "type-error"] in result.flatten(["rowNumber", "fieldName", "type"])


def test_a_csv_saved_with_a_byte_order_mark_stays_valid_as_loading_reads_it(project):
    meetings = project / "data/2021/meetings.csv"
    meetings.write_bytes(b"\xef\xbb\xbf" + meetings.read_bytes())
    result = report(project / "data/2021/datapackage.json")
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_reports_an_unknown_meeting_and_code(project):
    observations = project / "data/2021/observations.csv"
    with observations.open("a", encoding="utf-8") as file:
        file.write("2021-99,no_such_theme,effect,Text\n")
    errors = report(project / "data/2021/datapackage.json").flatten(["fieldName", "type"])
    assert [None, "foreign-key"] in errors
    assert ["theme", "constraint-error"] in errors


def test_a_new_year_workbook_gets_a_package_of_its_sheets_without_the_examples(project):
    new_year(2022, project)
    path = project / "data/2022/datapackage.json"
    package = json.loads(path.read_text(encoding="utf-8"))
    assert {r["path"] for r in package["resources"]} == {"dialogues.xlsx"}
    assert [r["dialect"]["sheetName"] for r in package["resources"]] == [
        "meetings",
        "observations",
        "needs",
        "cooperation",
    ]
    result = report(path)  # the example rows (EXEMPEL…) are comments, as loading skips them
    assert result.valid, result.flatten(["rowNumber", "fieldName", "type", "note"])


def test_the_licence_is_the_settings_and_json_is_deterministic(repo_root):
    publisher = settings.load(repo_root)
    package = datapackage.year_package(2021, repo_root / "data", publisher)
    assert package["licenses"] == [
        {
            "name": "CC0-1.0",
            "path": "http://creativecommons.org/publicdomain/zero/1.0/",
            "title": "Creative Commons Zero v1.0 Universal",
        }
    ]
    assert datapackage.dumps(package).endswith("}\n")
    assert datapackage.dumps(package) == datapackage.dumps(
        datapackage.year_package(2021, repo_root / "data", publisher)
    )


def test_licence_and_publisher_follow_kulturdialog_yaml(project):
    """Both packages, a year's input and a report's reuse tables, read kulturdialog.yaml."""
    from documents import sample_document

    from kulturdialog.formats.files import files

    path = project / settings.FILE
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: CC0-1.0", "id: CC-BY-4.0").replace(
        "publicdomain/zero/1.0/", "licenses/by/4.0/"
    )
    path.write_text(text.replace("sv: Region Stockholm", "sv: Region Exempel"), encoding="utf-8")
    year = json.loads(contract_docs.data_packages(project)[project / "data/2021/datapackage.json"])
    reuse = json.loads(files(sample_document("sv"))["datapackage.json"])
    for package in (year, reuse):
        licence = package["licenses"][0]
        assert (licence["name"], licence["path"]) == (
            "CC-BY-4.0",
            "http://creativecommons.org/licenses/by/4.0/",
        )
    assert reuse["contributors"] == [{"title": "Region Exempel", "roles": ["publisher"]}]
