"""NOTEBOOK-files/datapackage.json: the reuse tables described for frictionless."""

from __future__ import annotations

import json

import pytest
from documents import sample_document
from frictionless import Package

from kulturdialog.content import blocks as b
from kulturdialog.data import datapackage, settings
from kulturdialog.formats.datapackage import header_names, schema
from kulturdialog.formats.files import FilesExporter, files

NBSP = "\u00a0"


def shares_table(**changes) -> b.Table:
    table = b.Table(
        caption="Möten 2019–2021.",
        columns=(
            b.Column("År"),
            b.Column("Möten", numeric=True),
            b.Column("Deltagare", numeric=True),
            b.Column("Andel digitala", numeric=True),
            b.Column("Medelvärde", numeric=True),
            b.Column("Datum"),
            b.Column("Förändring", numeric=True),
        ),
        rows=(
            ("2019", "9", "1" + NBSP + "206", "0" + NBSP + "%", "22,5", "2019-11-20", "+2"),
            ("2020", "–", "219", "80" + NBSP + "%", "–", "2020-11-24", "\u22123"),
        ),
        number=4,
    )
    return b.Table(**{**table.__dict__, **changes})


def test_the_schema_reads_each_column_as_the_report_shows_it():
    assert schema(shares_table(), "sv") == {
        "fields": [
            {"name": "År", "type": "integer"},
            {"name": "Möten", "type": "integer"},
            {"name": "Deltagare", "type": "number", "decimalChar": ",", "groupChar": NBSP},
            {
                "name": "Andel digitala",
                "type": "number",
                "decimalChar": ",",
                "groupChar": NBSP,
                "bareNumber": False,
                "description": "Procent (0–100), skrivet som i rapporten, t.ex. 0" + NBSP + "%",
            },
            {"name": "Medelvärde", "type": "number", "decimalChar": ",", "groupChar": NBSP},
            {"name": "Datum", "type": "date"},
            # the report's minus sign (U+2212) is no number to frictionless: said honestly
            {"name": "Förändring", "type": "string"},
        ],
        "missingValues": ["", "–"],
    }


def test_an_english_table_has_english_decimals_and_groups():
    table = shares_table(rows=(("2019", "9", "1,206", "12.5%", "22.5", "2019-11-20", "2"),))
    fields = schema(table, "en")["fields"]
    assert fields[2] == {
        "name": "Deltagare",
        "type": "number",
        "decimalChar": ".",
        "groupChar": ",",
    }
    assert fields[3]["bareNumber"] is False and fields[3]["decimalChar"] == "."


def test_grouped_header_rows_give_the_names_frictionless_reads():
    table = shares_table(
        header_rows=(("", "Antal", "Antal", "Andel", "", "", ""),),
    )
    assert header_names(table) == [
        " År",
        "Antal Möten",
        "Antal Deltagare",
        "Andel Andel digitala",
        " Medelvärde",
        " Datum",
        " Förändring",
    ]


def write(document, folder):
    FilesExporter().write(document, folder)
    return folder / "datapackage.json"


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_sample_reuse_tables_are_valid_for_frictionless(tmp_path, language):
    path = write(sample_document(language), tmp_path / "files")
    report = Package(str(path)).validate()
    assert report.valid, report.flatten(["name", "rowNumber", "fieldName", "type", "note"])
    package = json.loads(path.read_text(encoding="utf-8"))
    assert package["licenses"] == datapackage.licences(settings.load())
    assert package["created"] == "2022-02-15T00:00:00Z"  # the report's date, not the clock
    assert [r["title"] for r in package["resources"]] == [
        "Möten och deltagare per partsgrupp 2021.",
        "En lång tabell som delas över sidor.",
    ]
    assert path.read_bytes().endswith(b"}\n")


def test_frictionless_reports_a_broken_reuse_csv(tmp_path):
    path = write(sample_document(), tmp_path / "files")
    csv = tmp_path / "files/tabell-1.csv"
    csv.write_bytes(csv.read_bytes().replace(b";87", b";sjuttio"))
    report = Package(str(path)).validate()
    assert not report.valid
    assert report.flatten(["rowNumber", "fieldName", "type"]) == [[3, "Deltagare", "type-error"]]


def test_the_settings_are_an_input_of_the_render_key_not_of_the_appendix(project):
    """A changed kulturdialog.yaml changes the reuse package, so it makes the render stale;
    the inputs the report lists (manifest, appendix) stay the data's."""
    from kulturdialog.run.plan import RenderPlan

    before = RenderPlan.build(2021, "annual_summary", project)
    key = before.key  # hashed when first asked for
    path = project / settings.FILE
    path.write_text(
        path.read_text(encoding="utf-8").replace("en: Region Stockholm", "en: Stockholm Region"),
        encoding="utf-8",
    )
    after = RenderPlan.build(2021, "annual_summary", project)
    assert after.key != key
    assert after.inputs == before.inputs
    assert path not in after.inputs


def test_the_package_is_the_same_bytes_every_time():
    assert (
        files(sample_document())["datapackage.json"] == files(sample_document())["datapackage.json"]
    )


@pytest.mark.e2e
@pytest.mark.parametrize(
    ("rendered", "folder"),
    [("_rendered_template", "annual_summary-files"), ("rendered_2021_en", "annual_summary-files")],
    ids=["sv", "en"],
)
def test_the_rendered_2021_reuse_tables_and_input_are_valid_for_frictionless(
    request, rendered, folder
):
    root = request.getfixturevalue(rendered)
    for path in (
        root / "reports/2021" / folder / "datapackage.json",
        root / "data/2021/datapackage.json",
    ):
        report = Package(str(path)).validate()
        assert report.valid, (path, report.flatten(["name", "rowNumber", "fieldName", "note"]))
        assert report.stats["tasks"] >= 4  # every table was read
