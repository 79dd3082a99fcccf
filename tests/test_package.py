"""`kulturdialog package`: a published edition as an E-ARK SIP (FGS Paketstruktur 2.0), checked
with eark-validator, the E-ARK Foundation's validator; the same edition gives the same bytes."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import xml.etree.ElementTree as ET
from pathlib import Path

import eark
import pytest
import yaml
from conftest import digest

from kulturdialog.cli import main

METS = "{http://www.loc.gov/METS/}"
CSIP = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
XLINK = "{http://www.w3.org/1999/xlink}"
PREMIS = "{http://www.loc.gov/premis/v3}"


# -- an edition published without a render (fast) ----------------------------------------------
def publish(
    folder: Path,
    date: str = "2022-02-15",
    title: str = "Sammanfattning 2021",
    notebook: str = "annual_summary",
    stem: str = "annual_summary",
) -> dict:
    """A published 2021 report in `folder` (the annual summary unless told): its files and a
    manifest with their SHA-256, as a render leaves them. Returns the manifest."""
    files = {
        f"{stem}.pdf": b"%PDF-1.7\n" + title.encode(),
        f"{stem}.docx": b"PK\x03\x04 word",
        f"{stem}.html": b"<!DOCTYPE html>",
        f"{stem}.ipynb": b"{}",
        f"{stem}-files/tabell-1.csv": "\ufeffKommun;Möten\nSalem;3\n".encode(),
        f"{stem}-files/tabeller.xlsx": b"PK\x03\x04 excel",
        f"{stem}-files/datapackage.json": b'{"resources": []}',
        f"{stem}-files/figur-1.svg": b"<svg/>",
    }
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    record = {
        "schema_version": 1,
        "notebook": notebook,
        "document": {"date": date, "diarienummer": "AKTNR 3355-19358", "title": title},
        "rendering_date": date,
        "outputs": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
        "packages": {"kulturdialog": "0.1.0"},
        "render_key": "e9" * 32,
    }
    (folder / "manifest.json").write_text(json.dumps(record, indent=1), encoding="utf-8")
    return record


def package(capsys, *argv: str) -> Path:
    """Run `kulturdialog package ARGV`; the package folder it wrote."""
    assert main(["package", *argv]) == 0, capsys.readouterr().err
    lines = capsys.readouterr().out.splitlines()
    return Path(os.environ["KULTURDIALOG_ROOT"]) / lines[1].strip()


def files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_package_holds_the_report_its_tables_the_manifest_and_the_schemas(project, capsys):
    publish(project / "reports/2021")
    folder = package(capsys, "2021")
    assert folder.parent == project / "archive-packages/2021"
    assert files_in(folder) == [
        "METS.xml",
        "documentation/manifest.json",
        "metadata/preservation/premis.xml",
        "representations/rep1/METS.xml",
        "representations/rep1/data/annual_summary-files/datapackage.json",
        "representations/rep1/data/annual_summary-files/tabell-1.csv",
        "representations/rep1/data/annual_summary-files/tabeller.xlsx",
        "representations/rep1/data/annual_summary.docx",
        "representations/rep1/data/annual_summary.pdf",
        "schemas/DILCISExtensionMETS.xsd",
        "schemas/DILCISExtensionSIPMETS.xsd",
        "schemas/mets.xsd",
        "schemas/premis.xsd",
        "schemas/xlink.xsd",
    ]
    assert (folder / "documentation/manifest.json").read_bytes() == (
        project / "reports/2021/manifest.json"
    ).read_bytes()
    mets = ET.parse(folder / "METS.xml").getroot()
    assert mets.get("OBJID") == folder.name and folder.name.startswith("uuid-")
    assert mets.get("PROFILE") == "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
    assert mets.get("TYPE") == "Textual works – Digital"
    assert mets.get("LABEL") == "Sammanfattning 2021 (AKTNR 3355-19358)"
    header = mets.find(f"{METS}metsHdr")
    assert header.get(f"{CSIP}OAISPACKAGETYPE") == "SIP"
    assert header.get("CREATEDATE") == "2022-02-15T00:00:00Z"  # the edition's date, not today
    agents = {
        (a.get("ROLE"), a.get("TYPE")): (a.findtext(f"{METS}name"), a.findtext(f"{METS}note"))
        for a in header.iter(f"{METS}agent")
    }
    assert agents == {
        ("CREATOR", "OTHER"): ("kulturdialog", _version()),
        ("ARCHIVIST", "ORGANIZATION"): ("Region Stockholm", "232100-0016"),
    }
    # every file but METS.xml itself is in a METS (the package's or rep1's) with its SHA-256
    listed = {}
    for mets_file, base in (
        (folder / "METS.xml", ""),
        (folder / "representations/rep1/METS.xml", "representations/rep1/"),
    ):
        for entry in ET.parse(mets_file).getroot().iter():
            if entry.tag in (f"{METS}file", f"{METS}mdRef"):
                where = entry.find(f"{METS}FLocat") if entry.tag == f"{METS}file" else entry
                listed[base + where.get(f"{XLINK}href")] = entry.get("CHECKSUM")
    expected = {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in files_in(folder)
        if name != "METS.xml"
    }
    assert listed == expected


def _version() -> str:
    from importlib.metadata import version

    return version("kulturdialog")


def test_premis_states_each_files_fixity_format_and_the_event_that_made_it(project, capsys):
    publish(project / "reports/2021")
    premis = ET.parse(package(capsys, "2021") / "metadata/preservation/premis.xml").getroot()
    objects = {
        o.findtext(f"{PREMIS}originalName"): (
            o.findtext(f".//{PREMIS}messageDigest"),
            o.findtext(f".//{PREMIS}formatRegistryKey"),
        )
        for o in premis.iter(f"{PREMIS}object")
    }
    outputs = json.loads((project / "reports/2021/manifest.json").read_text())["outputs"]
    assert objects["annual_summary.pdf"] == (outputs["annual_summary.pdf"], "fmt/476")
    assert objects["annual_summary-files/tabell-1.csv"][1] == "x-fmt/18"
    assert set(objects) == {
        "annual_summary.pdf",
        "annual_summary.docx",
        "annual_summary-files/tabell-1.csv",
        "annual_summary-files/tabeller.xlsx",
        "annual_summary-files/datapackage.json",
        "manifest.json",
    }
    (event,) = premis.iter(f"{PREMIS}event")
    assert event.findtext(f"{PREMIS}eventType") == "creation"
    assert event.findtext(f"{PREMIS}eventDateTime") == "2022-02-15T00:00:00Z"
    agents = {a.findtext(f"{PREMIS}agentType"): a for a in premis.iter(f"{PREMIS}agent")}
    assert agents["organization"].findtext(f"{PREMIS}agentName") == "Region Stockholm"
    assert "232100-0016" in [v.text for v in agents["organization"].iter()]
    assert agents["software"].findtext(f"{PREMIS}agentVersion") == "0.1.0"


def test_the_same_edition_gives_the_same_bytes(project, capsys):
    publish(project / "reports/2021")
    folder = package(capsys, "2021")
    tar = folder.with_suffix(".tar")
    first, first_tar = digest(folder), tar.read_bytes()
    shutil.rmtree(project / "archive-packages")
    for path in (project / "reports/2021").rglob("*"):
        os.utime(path, (1_900_000_000, 1_900_000_000))  # file times and the clock play no part
    mask = os.umask(0o077)
    try:
        again = package(capsys, "2021")
    finally:
        os.umask(mask)
    assert again == folder
    assert digest(again) == first
    assert tar.read_bytes() == first_tar
    with tarfile.open(tar) as archive:
        members = archive.getmembers()
    assert [m.name for m in members] == sorted(
        (m.name for m in members), key=lambda n: n.split("/")
    )
    assert members[0].name == folder.name and members[0].isdir()
    assert {(m.mtime, m.uid, m.gid, m.uname, m.gname) for m in members} == {
        (1644883200, 0, 0, "root", "root")  # 2022-02-15T00:00:00Z
    }
    assert {m.mode for m in members if m.isfile()} == {0o644}
    assert {m.mode for m in members if m.isdir()} == {0o755}


def test_an_archived_version_is_packaged_as_it_was_published(project, capsys):
    publish(project / "reports/2021", date="2022-02-15")
    publish(project / "reports/2021/archive/v1-0123456789ab", "2022-01-10", "Första upplagan")
    current, earlier = package(capsys, "2021"), package(capsys, "2021", "--version", "1")
    assert current != earlier
    mets = ET.parse(earlier / "METS.xml").getroot()
    assert mets.find(f"{METS}metsHdr").get("CREATEDATE") == "2022-01-10T00:00:00Z"
    assert mets.get("LABEL").startswith("Första upplagan")
    assert (
        (earlier / "representations/rep1/data/annual_summary.pdf")
        .read_bytes()
        .endswith("Första upplagan".encode())
    )


def test_one_value_of_a_grid_is_packaged_by_its_parameter(project, capsys):
    publish(project / "reports/2021")
    grid = project / "reports/2021/municipality_profile/0180"
    publish(
        grid,
        title="Kommunprofil: Stockholm 2021",
        notebook="municipality_profile",
        stem="municipality_profile-0180",
    )
    folder = package(
        capsys, "2021", "--notebook", "municipality_profile", "-p", "municipality=0180"
    )
    assert ET.parse(folder / "METS.xml").getroot().get("LABEL").startswith("Kommunprofil")
    assert "representations/rep1/data/municipality_profile-0180.pdf" in files_in(folder)
    assert main(["package", "2021", "--notebook", "municipality_profile"]) == 1
    assert "name one with -p NAME=VALUE" in capsys.readouterr().err


def settings_changed(project: Path, change) -> None:
    raw = yaml.safe_load((project / "kulturdialog.yaml").read_text(encoding="utf-8"))
    change(raw)
    (project / "kulturdialog.yaml").write_text(yaml.safe_dump(raw), encoding="utf-8")


def unset_number(raw):
    raw["publisher"]["organisationsnummer"] = None


def archive_in_reports(raw):
    raw["archive"]["folder"] = "reports/arkiv"


@pytest.mark.parametrize(
    "argv, spoil, expected",
    [
        (["2019"], None, ["2019: nothing is published for 2019", "kulturdialog render 2019"]),
        (["2021", "--notebook", "trends"], None, ["2021 trends: not published"]),
        (
            ["2021", "--version", "7"],
            None,
            ["no version 7 is archived in reports/2021/archive/", "the current version"],
        ),
        (["2021"], unset_number, ["publisher.organisationsnummer", "ten digits such as"]),
        (["2021"], archive_in_reports, ["archive.folder", "'reports/arkiv'", "outside reports/"]),
    ],
    ids=[
        "year-never-published",
        "notebook-never-published",
        "no-such-version",
        "no-number",
        "archive-in-reports",
    ],
)
def test_what_cannot_be_packaged_is_named(project, capsys, argv, spoil, expected):
    publish(project / "reports/2021")
    if spoil is not None:
        settings_changed(project, spoil)
    assert main(["package", *argv]) == 1
    out, err = capsys.readouterr()
    assert err.startswith("error: ") and "Traceback" not in err
    for phrase in expected:
        assert phrase in err
    assert not (project / "archive-packages").exists()


def test_a_file_changed_after_publishing_is_refused(project, capsys):
    publish(project / "reports/2021")
    (project / "reports/2021/annual_summary-files/tabell-1.csv").write_text("ändrad\n")
    assert main(["package", "2021"]) == 1
    err = capsys.readouterr().err
    assert "reports/2021/annual_summary-files/tabell-1.csv: its SHA-256 differs" in err


# -- the real 2021 report, checked with eark-validator -------------------------------------------
@pytest.mark.e2e
def test_the_2021_package_passes_eark_validator(published, capsys, tmp_path):
    folder = package(capsys, "2021")
    result = eark.validate(folder)
    assert result.well_formed and result.schema_valid
    assert result.errors == [] and result.defect  # only the validator's known SIP14 defect
    # warnings: no descriptive metadata (the report itself describes the edition; CSIP17, CSIP92,
    # CSIPSTR7) and no metadata folder in rep1 (its PREMIS is the package's; CSIPSTR13)
    assert result.warnings == ["CSIP17", "CSIP92", "CSIPSTR13", "CSIPSTR7"]
    # the tar for transfer holds exactly the folder
    with tarfile.open(folder.with_suffix(".tar")) as archive:
        archive.extractall(tmp_path, filter="data")
    assert digest(tmp_path / folder.name) == digest(folder)


@pytest.mark.e2e
def test_the_2021_packages_checksums_are_verified(published, capsys, tmp_path):
    folder = package(capsys, "2021")
    assert eark.mismatches(folder) == []
    assert eark.mismatches(folder.with_suffix(".tar")) == []
    assert sorted(eark.entries(folder / "representations/rep1/METS.xml")) == [
        f"data/{name}" for name in files_in(folder / "representations/rep1/data")
    ]
    spoiled = shutil.copytree(folder, tmp_path / folder.name)
    pdf = spoiled / "representations/rep1/data/annual_summary.pdf"
    pdf.write_bytes(pdf.read_bytes().replace(b"%PDF-", b"%PDF_", 1))
    assert eark.mismatches(spoiled) == ["data/annual_summary.pdf"]
    (spoiled / "schemas/xlink.xsd").unlink()
    assert any("xlink.xsd is missing" in found for found in eark.mismatches(spoiled))


@pytest.mark.e2e
def test_two_packagings_of_the_2021_report_are_byte_identical(published, capsys):
    root, _ = published
    folder = package(capsys, "2021")
    first, first_tar = digest(folder), folder.with_suffix(".tar").read_bytes()
    shutil.rmtree(root / "archive-packages")
    assert package(capsys, "2021") == folder
    assert digest(folder) == first
    assert folder.with_suffix(".tar").read_bytes() == first_tar


def test_premis_and_mets_are_valid_against_the_schemas_the_package_carries(project, capsys):
    from lxml import etree

    publish(project / "reports/2021")
    folder = package(capsys, "2021")
    schemas = folder / "schemas"

    class Carried(etree.Resolver):
        """mets.xsd imports XLink by its web address: read the copy the package carries."""

        def resolve(self, url, public_id, context):
            return self.resolve_filename(str(schemas / url.rsplit("/", 1)[-1]), context)

    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(Carried())
    checked = {
        "metadata/preservation/premis.xml": "premis.xsd",
        "METS.xml": "mets.xsd",
        "representations/rep1/METS.xml": "mets.xsd",
    }
    for document, schema_file in checked.items():
        schema = etree.XMLSchema(etree.parse(str(schemas / schema_file), parser))
        parsed = etree.parse(str(folder / document))
        assert schema.validate(parsed), (document, [str(e) for e in schema.error_log][:5])
    premis = etree.parse(str(folder / "metadata/preservation/premis.xml")).getroot()
    location = premis.get("{http://www.w3.org/2001/XMLSchema-instance}schemaLocation").split()[1]
    assert (folder / "metadata/preservation" / location).resolve() == schemas / "premis.xsd"
