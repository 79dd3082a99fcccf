"""reports/dcat.rdf: the DCAT-AP-SE catalogue, checked with pySHACL against DCAT-AP 3.0's
constraints and DCAT-AP-SE's mandatory fields, each restated as SHACL in tests/shapes/."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import RDF, Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, FOAF

from kulturdialog.data import settings
from kulturdialog.errors import DataError
from kulturdialog.publish import dcat, index

ROOT = Path(__file__).resolve().parents[1]
SHAPES = {
    "DCAT-AP 3.0.0": ROOT / "tests/shapes/dcat-ap-3.ttl",
    "DCAT-AP-SE": ROOT / "tests/shapes/dcat-ap-se-mandatory.ttl",
}
BASE = "https://www.regionstockholm.se/kulturdialog/"


@pytest.fixture(scope="session")
def shapes() -> dict[str, Graph]:
    """Each set of shapes, parsed once."""
    return {name: Graph().parse(path) for name, path in SHAPES.items()}


def violations(data: Graph, shapes: Graph) -> str:
    """pySHACL's report ("" when the graph conforms): RDFS inference, which makes every node
    an rdfs:Resource (DCAT-AP's shapes ask it of access and download addresses); no SHACL-AF."""
    conforms, _, text = validate(data, shacl_graph=shapes, inference="rdfs", advanced=False)
    return "" if conforms else text


@pytest.fixture(scope="session")
def publisher() -> settings.Settings:
    return settings.load(ROOT)


def published(folder: Path, stem: str, date: str, title: str, tables: bool = True, **record):
    """A published report in `folder`: its manifest, pages and (with `tables`) reuse files."""
    folder.mkdir(parents=True, exist_ok=True)
    names = [f"{stem}.html", f"{stem}.pdf"]
    if tables:
        names += [f"{stem}-files/tabell-1.csv", f"{stem}-files/tabeller.xlsx"]
        (folder / f"{stem}-files").mkdir(exist_ok=True)
        package = {"resources": [{"path": "tabell-1.csv", "title": "Möten per partsgrupp."}]}
        (folder / f"{stem}-files/datapackage.json").write_text(json.dumps(package), "utf-8")
    outputs = {}
    for name in names:
        (folder / name).write_text(name, encoding="utf-8")
        outputs[name] = hashlib.sha256(name.encode()).hexdigest()
    manifest = {
        "notebook": record.pop("notebook", "annual_summary"),
        "outputs": outputs,
        "document": {"title": title, "date": date, "language": "sv", **record.pop("numbered", {})},
        **record,
    }
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


@pytest.fixture
def reports(tmp_path) -> Path:
    root = tmp_path / "reports"
    numbered = {"diarienummer": "AKTNR 1"}
    published(
        root / "2021", "annual_summary", "2022-03-01", "Sammanfattning 2021", numbered=numbered
    )
    published(
        root / "2021/archive/v1-abc",
        "annual_summary",
        "2022-02-15",
        "Sammanfattning 2021",
        numbered=numbered,
    )
    published(
        root / "2021/municipality_profile/0180",
        "municipality_profile-0180",
        "2022-02-15",
        "Kommunprofil: Stockholm 2021",
        notebook="municipality_profile",
    )
    published(root / "2020", "annual_summary", "2021-02-10", "Sammanfattning 2020", tables=False)
    return root


def test_each_report_with_tables_is_a_dataset_with_its_tables_as_distributions(reports, publisher):
    g = dcat.graph(reports, publisher)
    catalogue = URIRef(f"{BASE}dcat.rdf#catalogue")
    datasets = set(g.objects(catalogue, ns.DCAT.dataset))
    summary = URIRef(f"{BASE}dcat.rdf#2021/annual_summary")
    profile = URIRef(f"{BASE}dcat.rdf#2021/municipality_profile/0180")
    assert datasets == {summary, profile}  # 2020's report has no tables: no data to offer
    titles = {t.language: str(t) for t in g.objects(summary, DCTERMS.title)}
    assert titles == {
        "sv": "Kulturdialogerna 2021: tabellerna i ”Sammanfattning 2021”",
        "en": "Culture dialogues 2021: the tables of “Sammanfattning 2021”",
    }
    assert {d.language for d in g.objects(summary, DCTERMS.description)} == {"sv", "en"}
    # issued: the first version's date (archived v1); modified: the current version's
    assert g.value(summary, DCTERMS.issued) == Literal("2022-02-15", datatype=ns.XSD.date)
    assert g.value(summary, DCTERMS.modified) == Literal("2022-03-01", datatype=ns.XSD.date)
    period = g.value(summary, DCTERMS.temporal)
    assert g.value(period, ns.DCAT.startDate) == Literal("2021-01-01", datatype=ns.XSD.date)
    assert g.value(period, ns.DCAT.endDate) == Literal("2021-12-31", datatype=ns.XSD.date)
    keywords = set(g.objects(summary, ns.DCAT.keyword))
    assert Literal("Pandemins effekter", lang="sv") in keywords  # data/reference/themes.csv
    assert Literal("Effects of the pandemic", lang="en") in keywords
    assert g.value(summary, ns.DCAT.landingPage) == URIRef(f"{BASE}2021/annual_summary.html")
    assert g.value(summary, FOAF.page) == URIRef(f"{BASE}2021/annual_summary.pdf")
    publisher_iri = URIRef("http://dataportal.se/organisation/SE2321000016")
    assert g.value(summary, DCTERMS.publisher) == publisher_iri
    assert Literal("Region Stockholm", lang="sv") in set(g.objects(publisher_iri, FOAF.name))
    distributions = set(g.objects(summary, ns.DCAT.distribution))
    downloads = {g.value(d, ns.DCAT.downloadURL) for d in distributions}
    assert downloads == {
        URIRef(f"{BASE}2021/annual_summary-files/tabell-1.csv"),
        URIRef(f"{BASE}2021/annual_summary-files/tabeller.xlsx"),
    }
    licence = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")
    for distribution in g.subjects(RDF.type, ns.DCAT.Distribution):
        assert list(g.objects(distribution, DCTERMS.license)) == [licence]
    table = URIRef(f"{BASE}dcat.rdf#2021/annual_summary/annual_summary-files/tabell-1.csv")
    assert g.value(table, DCTERMS.title) == Literal("Möten per partsgrupp.", lang="sv")


def test_the_catalogue_conforms_to_dcat_ap_and_dcat_ap_se(reports, publisher, shapes):
    g = dcat.graph(reports, publisher)
    for name, found in shapes.items():
        assert violations(g, found) == "", name


@pytest.mark.e2e
def test_the_2021_catalogue_conforms_to_dcat_ap_and_has_dcat_ap_ses_mandatory_fields(
    _rendered_template, tmp_path, publisher, shapes
):
    reports = tmp_path / "reports"
    shutil.copytree(_rendered_template / "reports", reports)
    written = index.write(reports, publisher)
    assert written[-1] == reports / "dcat.rdf"
    data = Graph().parse(reports / "dcat.rdf", format="xml")
    started = time.perf_counter()
    for name, found in shapes.items():
        assert violations(data, found) == "", name
    assert time.perf_counter() - started < 20
    dataset = URIRef(f"{BASE}dcat.rdf#2021/annual_summary")
    tables = {
        str(data.value(d, ns.DCAT.downloadURL)).rsplit("/", 1)[-1]
        for d in data.objects(dataset, ns.DCAT.distribution)
    }
    assert {"tabell-1.csv", "tabeller.xlsx"} <= tables
    assert data.value(dataset, DCTERMS.modified) == Literal("2022-02-15", datatype=ns.XSD.date)


def spoiled(reports: Path, publisher: settings.Settings, spoil) -> Graph:
    g = dcat.graph(reports, publisher)
    spoil(g, next(g.subjects(RDF.type, ns.DCAT.Distribution)))
    return g


def test_a_dataset_names_the_diarienummer_only_where_its_report_has_one(reports, publisher):
    g = dcat.graph(reports, publisher)
    summary = URIRef(f"{BASE}dcat.rdf#2021/annual_summary")
    profile = URIRef(f"{BASE}dcat.rdf#2021/municipality_profile/0180")
    said = {t.language: str(t) for t in g.objects(summary, DCTERMS.description)}
    assert "”Sammanfattning 2021” (diarienummer AKTNR 1) från" in said["sv"]
    assert "“Sammanfattning 2021” (reference number AKTNR 1) by" in said["en"]
    for description in g.objects(profile, DCTERMS.description):
        assert "diarienummer" not in description and "reference number" not in description
        assert "–" not in description
    assert "det fria kulturlivet och civilsamhället" in said["sv"]  # not the municipalities only


def test_a_distribution_without_its_licence_fails(reports, publisher, shapes):
    g = spoiled(reports, publisher, lambda g, d: g.remove((d, DCTERMS.license, None)))
    assert "every distribution's licence" in violations(g, shapes["DCAT-AP-SE"])


def test_a_creative_commons_licence_not_by_the_portals_iri_fails(reports, publisher, shapes):
    https = URIRef("https://creativecommons.org/publicdomain/zero/1.0/")
    g = spoiled(reports, publisher, lambda g, d: g.set((d, DCTERMS.license, https)))
    assert "by the IRI the portal lists" in violations(g, shapes["DCAT-AP-SE"])


def test_a_relative_iri_fails_in_the_graph_and_in_the_file(reports, publisher, shapes, tmp_path):
    relative = URIRef("2021/annual_summary-files/tabell-1.csv")
    g = spoiled(reports, publisher, lambda g, d: g.set((d, ns.DCAT.accessURL, relative)))
    assert "every IRI is absolute" in violations(g, shapes["DCAT-AP-SE"])
    file = tmp_path / "dcat.rdf"  # read back, the IRI is resolved against the file: file:///…
    file.write_bytes(dcat.rdf_xml(g))
    read = Graph().parse(file, format="xml")
    assert f"{tmp_path.as_uri()}/2021/annual_summary-files" in violations(
        read, shapes["DCAT-AP-SE"]
    )


def test_the_dcat_ap_shapes_reject_a_dataset_without_a_description(reports, publisher, shapes):
    g = dcat.graph(reports, publisher)
    g.remove((None, DCTERMS.description, None))
    found = violations(g, shapes["DCAT-AP 3.0.0"])
    assert "MinCountConstraintComponent" in found and "description" in found


def test_the_dcat_ap_shapes_reject_a_distribution_without_access_url(reports, publisher, shapes):
    g = spoiled(reports, publisher, lambda g, d: g.remove((d, ns.DCAT.accessURL, None)))
    found = violations(g, shapes["DCAT-AP 3.0.0"])
    assert "a distribution has an access URL" in found


def test_the_dcat_ap_shapes_reject_a_format_given_as_text(reports, publisher, shapes):
    g = spoiled(reports, publisher, lambda g, d: g.set((d, DCTERMS.format, Literal("text/csv"))))
    found = violations(g, shapes["DCAT-AP 3.0.0"])
    assert "at most one format, a MediaTypeOrExtent" in found


def test_rdf_xml_is_the_graph_in_one_order_whatever_the_hash_seed(reports, publisher):
    g = dcat.graph(reports, publisher)
    written = dcat.rdf_xml(g)
    assert isomorphic(Graph().parse(data=written, format="xml"), g)
    assert written == dcat.rdf_xml(dcat.graph(reports, publisher))
    script = (
        "import sys; from pathlib import Path; from kulturdialog.data import settings; "
        "from kulturdialog.publish import dcat; "
        "sys.stdout.buffer.write(dcat.rdf_xml(dcat.graph(Path(sys.argv[1]), "
        "settings.load(Path(sys.argv[2])))))"
    )
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", script, str(reports), str(ROOT)],
            env=env,
            capture_output=True,
            check=True,
            timeout=120,
        )
        assert done.stdout == written


def test_two_writes_are_byte_identical_and_replace_the_file_whole(reports, publisher):
    first = index.write(reports, publisher)[-1].read_bytes()
    second = index.write(reports, publisher)[-1].read_bytes()
    assert first == second and first.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert sorted(p.name for p in reports.glob(".*partial")) == []


def test_an_unset_organisation_number_is_asked_for_and_the_pages_still_written(reports, publisher):
    unset = dataclasses.replace(publisher, organisationsnummer=None)
    with pytest.raises(DataError, match="organisationsnummer"):
        index.write(reports, unset)
    assert (reports / "index.html").is_file() and not (reports / "dcat.rdf").exists()


def test_bad_settings_are_named(tmp_path, monkeypatch):
    text = (ROOT / settings.FILE).read_text(encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / settings.FILE).write_text(
        text.replace("base_url: https://www.regionstockholm.se/", "base_url: kultur/"), "utf-8"
    )
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(project))
    with pytest.raises(DataError, match=r"publisher\.base_url.*absolute"):
        index.write(project / "reports")


def test_after_a_render_unusable_settings_are_a_warning_not_a_failure(
    tmp_path, monkeypatch, capsys
):
    from kulturdialog import cli

    project = tmp_path / "project"
    shutil.copytree(ROOT / "data/reference", project / "data/reference")
    text = (ROOT / settings.FILE).read_text(encoding="utf-8")
    (project / settings.FILE).write_text(
        text.replace('organisationsnummer: "232100-0016"', "organisationsnummer: ~"), "utf-8"
    )
    published(project / "reports/2021", "annual_summary", "2022-02-15", "Sammanfattning 2021")
    monkeypatch.setenv("KULTURDIALOG_ROOT", str(project))
    cli._write_index(quiet=True)
    assert "reports/dcat.rdf was not written" in capsys.readouterr().err
    assert (project / "reports/index.html").is_file()
