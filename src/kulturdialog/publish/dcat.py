"""reports/dcat.rdf: the open-data catalogue (DCAT-AP-SE, RDF/XML) that Sveriges dataportal
harvests from the organisation's site.

One `dcat:Catalog` of the culture dialogues' data; one `dcat:Dataset` per published report (a
grid's value is a report of its own) that has tables, with a distribution per CSV table and one
for the Excel workbook, the web page as landing page and the PDF as documentation. Everything is
read from what the index reads (the manifests, and the tables' titles from each report's
datapackage.json) and from kulturdialog.yaml (publisher, contact, base URL, licence): every IRI
is absolute under `base_url`, every distribution carries the licence.

The graph is built with rdflib and written by `rdf_xml` in one canonical order (subjects, then
properties, sorted; no blank nodes), since rdflib's own serialiser follows hash order: the same
reports give the same bytes.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, SKOS, XSD

from kulturdialog import paths
from kulturdialog.data import contract
from kulturdialog.data.datapackage import FILE as DATAPACKAGE
from kulturdialog.data.settings import Settings
from kulturdialog.publish.index_words import STRINGS
from kulturdialog.publish.manifests import Entry, href, scan
from kulturdialog.publish.swap import replace_whole

FILE = "dcat.rdf"
SPDX = Namespace("http://spdx.org/rdf/terms#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
PREFIXES = {
    "dcat": str(DCAT),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "rdf": str(RDF),
    "skos": str(SKOS),
    "spdx": str(SPDX),
    "vcard": str(VCARD),
}
EU = "http://publications.europa.eu/resource/authority/"
LANGUAGES = {"sv": URIRef(f"{EU}language/SWE"), "en": URIRef(f"{EU}language/ENG")}
THEME = URIRef(f"{EU}data-theme/EDUC")  # education, culture and sport
IANA = "https://www.iana.org/assignments/media-types/"
FORMATS = {  # a distribution's file type (EU vocabulary) and media type (IANA)
    "csv": (URIRef(f"{EU}file-type/CSV"), URIRef(f"{IANA}text/csv")),
    "xlsx": (
        URIRef(f"{EU}file-type/XLSX"),
        URIRef(f"{IANA}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ),
}
SHA256 = SPDX.checksumAlgorithm_sha256
# The licence of the catalogue itself (its metadata), which DCAT-AP-SE fixes: CC0, by this IRI.
# The data's licence, on every distribution, is kulturdialog.yaml's.
METADATA_LICENCE = URIRef("http://creativecommons.org/publicdomain/zero/1.0/")


def graph(reports: Path, settings: Settings) -> Graph:
    """The catalogue of every published report's tables under `reports`."""
    g = Graph()
    catalogue = _catalogue(g, settings)
    keywords = _keywords(settings.file.parent)
    dates = []
    for entry, issued in _published(reports):
        tables = _tables(entry)
        if not tables:
            continue  # a report without tables has no data to offer
        dataset = _dataset(g, entry, issued, settings, keywords, reports)
        g.add((catalogue, DCAT.dataset, dataset))
        for name, titles in tables.items():
            distribution = _distribution(g, entry, name, titles, settings, reports)
            g.add((dataset, DCAT.distribution, distribution))
        if entry.date:
            dates.append(entry.date)
    if dates:
        g.add((catalogue, DCTERMS.modified, Literal(max(dates), datatype=XSD.date)))
    return g


def _node(settings: Settings, name: str) -> URIRef:
    """A node of the catalogue's own: <base_url>dcat.rdf#name."""
    return URIRef(f"{settings.base_url}{FILE}#{name}")


def _catalogue(g: Graph, settings: Settings) -> URIRef:
    """The catalogue with its publisher, contact point, licences and the shared vocabulary."""
    catalogue, publisher = _node(settings, "catalogue"), URIRef(settings.publisher_iri())
    g.add((catalogue, RDF.type, DCAT.Catalog))
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((publisher, RDF.type, FOAF.Agent))
    for language, say in STRINGS.items():
        name = settings.name[language]
        g.add((publisher, FOAF.name, Literal(name, lang=language)))
        title = say["dcat_title"].format(publisher=name)
        g.add((catalogue, DCTERMS.title, Literal(title, lang=language)))
        about = say["dcat_about"].format(publisher=name)
        g.add((catalogue, DCTERMS.description, Literal(about, lang=language)))
        g.add((catalogue, DCTERMS.language, LANGUAGES[language]))
        g.add((LANGUAGES[language], RDF.type, DCTERMS.LinguisticSystem))
        g.add((THEME, SKOS.prefLabel, Literal(say["dcat_theme"], lang=language)))
    g.add((THEME, RDF.type, SKOS.Concept))
    g.add((catalogue, DCTERMS.license, METADATA_LICENCE))
    g.add((METADATA_LICENCE, RDF.type, DCTERMS.LicenseDocument))
    licence = URIRef(settings.licence.url)
    g.add((licence, RDF.type, DCTERMS.LicenseDocument))
    g.add((licence, DCTERMS.title, Literal(settings.licence.title)))
    g.add((licence, DCTERMS.identifier, Literal(settings.licence.id)))
    homepage = URIRef(f"{settings.base_url}index.html")
    g.add((catalogue, FOAF.homepage, homepage))
    g.add((homepage, RDF.type, FOAF.Document))
    contact = _node(settings, "contact")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))  # the class DCAT-AP names; Organization is one
    g.add((contact, VCARD.fn, Literal(settings.contact.name)))
    g.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.contact.email}")))
    return catalogue


def _dataset(
    g: Graph,
    entry: Entry,
    issued: str | None,
    settings: Settings,
    keywords: list[tuple[str, str]],
    reports: Path,
) -> URIRef:
    """One report's dataset: titles and descriptions (sv, en), dates, period, pages."""
    dataset = _node(settings, _ident(entry))
    g.add((dataset, RDF.type, DCAT.Dataset))
    g.add((dataset, DCTERMS.publisher, URIRef(settings.publisher_iri())))
    g.add((dataset, DCAT.contactPoint, _node(settings, "contact")))
    g.add((dataset, DCAT.theme, THEME))
    language = entry.language
    g.add((dataset, DCTERMS.language, LANGUAGES.get(language, LANGUAGES["sv"])))
    for said_in, say in STRINGS.items():
        facts = {
            "title": entry.title,
            "year": entry.year,
            "publisher": settings.name[said_in],
        }
        number = entry.document.get("diarienummer")
        facts["dnr"] = say["dcat_dnr"].format(dnr=number) if number else ""
        title = say["dcat_dataset"].format(**facts)
        g.add((dataset, DCTERMS.title, Literal(title, lang=said_in)))
        about = say["dcat_dataset_about"].format(**facts)
        g.add((dataset, DCTERMS.description, Literal(about, lang=said_in)))
    for word, said_in in keywords:
        g.add((dataset, DCAT.keyword, Literal(word, lang=said_in)))
    period = _node(settings, f"year-{entry.year}")
    g.add((dataset, DCTERMS.temporal, period))
    g.add((period, RDF.type, DCTERMS.PeriodOfTime))
    g.add((period, DCAT.startDate, Literal(f"{entry.year}-01-01", datatype=XSD.date)))
    g.add((period, DCAT.endDate, Literal(f"{entry.year}-12-31", datatype=XSD.date)))
    if issued:
        g.add((dataset, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
    if entry.date:
        g.add((dataset, DCTERMS.modified, Literal(entry.date, datatype=XSD.date)))
    shown = entry.files()
    for kind, predicate in (("html", DCAT.landingPage), ("pdf", FOAF.page)):
        if kind in shown:
            page = URIRef(settings.base_url + href(entry, shown[kind], reports))
            g.add((dataset, predicate, page))
            g.add((page, RDF.type, FOAF.Document))
            g.add((page, DCTERMS.title, Literal(entry.title, lang=language)))
    return dataset


def _distribution(
    g: Graph,
    entry: Entry,
    name: str,
    titles: list[tuple[str, str]],
    settings: Settings,
    reports: Path,
) -> URIRef:
    """One table file of a report: address, titles, format, checksum, the data's licence."""
    distribution = _node(settings, f"{_ident(entry)}/{quote(name)}")
    url = URIRef(settings.base_url + href(entry, name, reports))
    g.add((distribution, RDF.type, DCAT.Distribution))
    g.add((distribution, DCAT.accessURL, url))
    g.add((distribution, DCAT.downloadURL, url))
    g.add((distribution, DCTERMS.license, URIRef(settings.licence.url)))
    for text, said_in in titles:
        g.add((distribution, DCTERMS.title, Literal(text, lang=said_in)))
    file_type, media_type = FORMATS[name.rsplit(".", 1)[-1]]
    g.add((distribution, DCTERMS.format, file_type))
    g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
    g.add((distribution, DCAT.mediaType, media_type))
    g.add((media_type, RDF.type, DCTERMS.MediaType))
    digest = entry.record["outputs"].get(name)
    if digest:
        checksum = URIRef(f"{distribution}/sha256")
        g.add((distribution, SPDX.checksum, checksum))
        g.add((checksum, RDF.type, SPDX.Checksum))
        g.add((checksum, SPDX.algorithm, SHA256))
        g.add((checksum, SPDX.checksumValue, Literal(digest, datatype=XSD.hexBinary)))
        g.add((SHA256, RDF.type, SPDX.ChecksumAlgorithm))
    return distribution


def _published(reports: Path) -> Iterator[tuple[Entry, str | None]]:
    """Each current report (a grid's values each) with the date its first version was issued."""
    for year in scan(reports):
        first: dict[tuple[str, str | None], str] = {}
        for old in year.archived:
            slot = (old.notebook, old.value)
            if old.date and (slot not in first or old.date < first[slot]):
                first[slot] = old.date
        current = [*year.current, *(e for _, grid in sorted(year.grids.items()) for e in grid)]
        for entry in current:
            dates = [d for d in (first.get((entry.notebook, entry.value)), entry.date) if d]
            yield entry, min(dates) if dates else None


def _ident(entry: Entry) -> str:
    """A report's name in the catalogue's IRIs: 2021/annual_summary, or a grid value's
    2021/municipality_profile/0180."""
    parts = [str(entry.year), entry.notebook, *([entry.value] if entry.value else [])]
    return "/".join(quote(p) for p in parts)


def _tables(entry: Entry) -> dict[str, list[tuple[str, str]]]:
    """A report's CSV tables and workbook, by file name, each with its titles (text, language):
    a table's caption from its data package, the workbook's words in both languages."""
    names = sorted(n for n in entry.record.get("outputs", {}) if n.endswith((".csv", ".xlsx")))
    captions: dict[str, str] = {}
    for package in sorted({n.rsplit("/", 1)[0] for n in names if "/" in n}):
        try:
            described = json.loads((entry.folder / package / DATAPACKAGE).read_text("utf-8"))
        except (OSError, ValueError):
            continue
        for resource in described.get("resources", []):
            captions[f"{package}/{resource.get('path')}"] = str(resource.get("title") or "")
    language = entry.language
    found: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        if name.endswith(".xlsx"):
            found[name] = [(say["xlsx"], code) for code, say in STRINGS.items()]
        else:
            found[name] = [(captions.get(name) or name.rsplit("/", 1)[-1], language)]
    return found


def _keywords(project: Path) -> list[tuple[str, str]]:
    """The words a dataset is found by: the catalogue's own, then every theme's label (sv, en)."""
    words = [
        (word, code) for code, say in STRINGS.items() for word in say["dcat_keywords"].split(", ")
    ]
    themes = next(t for t in contract.REFERENCE_TABLES if t.name == "themes")
    path = paths.data_dir(project) / contract.REFERENCE_FOLDER / themes.file
    with path.open(encoding="utf-8-sig", newline="") as file:
        for row in csv.DictReader(file):
            words += [(row[f"label_{code}"], code) for code in STRINGS if row.get(f"label_{code}")]
    return words


# -- RDF/XML in one order -----------------------------------------------------------------------
NAME = re.compile(r"[A-Za-z_][\w.-]*")


def _qname(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        local = iri.removeprefix(namespace)
        if local != iri and NAME.fullmatch(local):
            return f"{prefix}:{local}"
    raise ValueError(f"no prefix for {iri}")


def rdf_xml(g: Graph) -> bytes:
    """`g` as RDF/XML, subjects and their properties sorted: the same graph, the same bytes.
    Each subject is a node element of its first type. Every node is an IRI or a literal (a
    blank node has no name to sort by: ValueError)."""
    if any(isinstance(node, BNode) for triple in g for node in triple):
        raise ValueError("a blank node: the catalogue names every node by an IRI")
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<rdf:RDF"]
    lines += [f"  xmlns:{prefix}={quoteattr(ns)}" for prefix, ns in sorted(PREFIXES.items())]
    lines[-1] += ">"
    for subject in sorted({str(s) for s in g.subjects()}):
        node = URIRef(subject)
        types = sorted(str(o) for o in g.objects(node, RDF.type))
        element = _qname(types[0]) if types else "rdf:Description"
        opening = f"  <{element} rdf:about={quoteattr(subject)}"
        lines.append(opening + ">")
        for predicate, value in sorted(g.predicate_objects(node), key=_order):
            if predicate == RDF.type and str(value) == types[0]:
                continue
            name = _qname(str(predicate))
            if isinstance(value, Literal):
                if value.language:
                    attribute = f" xml:lang={quoteattr(value.language)}"
                elif value.datatype:
                    attribute = f" rdf:datatype={quoteattr(str(value.datatype))}"
                else:
                    attribute = ""
                lines.append(f"    <{name}{attribute}>{escape(str(value))}</{name}>")
            else:
                lines.append(f"    <{name} rdf:resource={quoteattr(str(value))}/>")
        if lines[-1] == opening + ">":
            lines[-1] = opening + "/>"
        else:
            lines.append(f"  </{element}>")
    lines.append("</rdf:RDF>")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _order(pair: tuple) -> tuple[str, ...]:
    predicate, value = pair
    kind = "iri" if isinstance(value, URIRef) else "literal"
    language = getattr(value, "language", None) or ""
    datatype = getattr(value, "datatype", None) or ""
    return (str(predicate), kind, str(value), language, str(datatype))


def write(reports: Path, settings: Settings) -> Path:
    """Write reports/dcat.rdf (replaced in one rename; the caller holds the index's lock)."""
    target = reports / FILE
    replace_whole(target, rdf_xml(graph(reports, settings)))
    return target
