"""The METS documents of an archival package: the package's own (E-ARK CSIP 2.1 with the SIP 2.1
profile, as FGS Paketstruktur 2.0 asks) and its representation's (representations/rep1/)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from kulturdialog.publish.edition import (
    REPRESENTATION,
    Edition,
    Organisation,
    PackageFile,
    Software,
)

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NAMESPACES = {"mets": METS, "xlink": XLINK, "csip": CSIP, "sip": SIP, "xsi": XSI}
SCHEMA_FILES = {
    METS: "mets.xsd",
    XLINK: "xlink.xsd",
    CSIP: "DILCISExtensionMETS.xsd",
    SIP: "DILCISExtensionSIPMETS.xsd",
}
PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
# The CSIP vocabularies' words for what the package holds: a report (text), with its tables.
CONTENT_CATEGORY = "Textual works – Digital"
CONTENT_INFORMATION = (
    "kulturdialog report edition: PDF/A-2a and Word report, CSV and XLSX tables, "
    "Frictionless data package"
)

for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)


def _q(namespace: str, name: str) -> str:
    return f"{{{namespace}}}{name}"


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    """A METS child element; attribute names `ns__NAME` are in namespace `ns` (csip, sip, xlink)."""
    element = ET.SubElement(parent, _q(METS, name), _attributes(attributes))
    element.text = text
    return element


def _attributes(given: dict[str, str]) -> dict[str, str]:
    named = {}
    for key, value in given.items():
        prefix, _, name = key.rpartition("__")
        named[_q(NAMESPACES[prefix], name) if prefix else name] = value
    return named


def _root(edition: Edition, objid: str, schemas: str, label: str) -> ET.Element:
    locations = " ".join(f"{uri} {schemas}{name}" for uri, name in SCHEMA_FILES.items())
    return ET.Element(
        _q(METS, "mets"),
        _attributes(
            {
                "OBJID": objid,
                "LABEL": label,
                "TYPE": CONTENT_CATEGORY,
                "csip__CONTENTINFORMATIONTYPE": "OTHER",
                "csip__OTHERCONTENTINFORMATIONTYPE": CONTENT_INFORMATION,
                "PROFILE": PROFILE,
                "xsi__schemaLocation": locations,
            }
        ),
    )


def _header(mets: ET.Element, edition: Edition, software: Software) -> ET.Element:
    header = _add(
        mets,
        "metsHdr",
        CREATEDATE=edition.created,
        LASTMODDATE=edition.created,
        RECORDSTATUS="NEW",
        csip__OAISPACKAGETYPE="SIP",
    )
    agent = _add(header, "agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _add(agent, "name", software.name)
    _add(agent, "note", software.version, csip__NOTETYPE="SOFTWARE VERSION")
    return header


def _file(group: ET.Element, edition: Edition, file: PackageFile, href: str) -> None:
    described = file.format
    entry = _add(
        group,
        "file",
        ID=edition.uuid(file.path, file.sha256),
        MIMETYPE=described.mimetype,
        SIZE=str(file.size),
        CREATED=edition.created,
        CHECKSUM=file.sha256,
        CHECKSUMTYPE="SHA-256",
        sip__FILEFORMATNAME=described.name,
        **({"sip__FILEFORMATVERSION": described.version} if described.version else {}),
        sip__FORMATREGISTRY="PRONOM",
        sip__FORMATREGISTRYKEY=described.pronom,
    )
    _add(entry, "FLocat", LOCTYPE="URL", xlink__type="simple", xlink__href=href)


def _group(section: ET.Element, edition: Edition, use: str, files: list[PackageFile], base: str):
    """A file group; each file's href is its path relative to the METS file's folder `base`.
    Every group states the content information type: eark-validator 1.1.3 requires it (its
    CSIP63 fails a group without csip:CONTENTINFORMATIONTYPE="OTHER")."""
    group = _add(
        section,
        "fileGrp",
        ID=edition.uuid("fileGrp", use),
        USE=use,
        csip__CONTENTINFORMATIONTYPE="OTHER",
        csip__OTHERCONTENTINFORMATIONTYPE=CONTENT_INFORMATION,
    )
    for file in files:
        _file(group, edition, file, file.path.removeprefix(base))
    return group


def _division(parent: ET.Element, edition: Edition, label: str, **attributes: str) -> ET.Element:
    return _add(parent, "div", ID=edition.uuid("div", label), LABEL=label, **attributes)


def package(
    edition: Edition,
    organisation: Organisation,
    software: Software,
    documentation: list[PackageFile],
    schemas: list[PackageFile],
    representation: PackageFile,
    preservation: PackageFile,
) -> bytes:
    """The package's METS.xml: who made it (the organisation and the software), its PREMIS,
    documentation, schemas and the representation's METS, each with size and SHA-256."""
    mets = _root(edition, edition.identifier, "schemas/", edition.title)
    header = _header(mets, edition, software)
    archivist = _add(header, "agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    _add(archivist, "name", organisation.name)
    _add(archivist, "note", organisation.number, csip__NOTETYPE="IDENTIFICATIONCODE")

    provenance = edition.uuid("digiprovMD", preservation.path)
    described = _add(
        _add(mets, "amdSec", ID=edition.uuid("amdSec")),
        "digiprovMD",
        ID=provenance,
        CREATED=edition.created,
        STATUS="CURRENT",
    )
    _add(
        described,
        "mdRef",
        LOCTYPE="URL",
        xlink__type="simple",
        xlink__href=preservation.path,
        MDTYPE="PREMIS",
        MDTYPEVERSION="3.0",
        MIMETYPE=preservation.format.mimetype,
        SIZE=str(preservation.size),
        CREATED=edition.created,
        CHECKSUM=preservation.sha256,
        CHECKSUMTYPE="SHA-256",
        LABEL=preservation.path.rsplit("/", 1)[-1],
    )

    section = _add(mets, "fileSec", ID=edition.uuid("fileSec"))
    documents = _group(section, edition, "Documentation", documentation, "").get("ID", "")
    schemata = _group(section, edition, "Schemas", schemas, "").get("ID", "")
    use = f"Representations/{Path(REPRESENTATION).name}"
    represented = _group(section, edition, use, [representation], "").get("ID", "")

    structure = _add(mets, "structMap", ID=edition.uuid("structMap"), TYPE="PHYSICAL", LABEL="CSIP")
    top = _division(structure, edition, edition.identifier)
    _division(top, edition, "Metadata", ADMID=provenance)
    _add(_division(top, edition, "Documentation"), "fptr", FILEID=documents)
    _add(_division(top, edition, "Schemas"), "fptr", FILEID=schemata)
    # eark-validator wants a "Representations" division pointing at their file groups (CSIP103,
    # CSIP104) and reads each representation's METS from a division within it (CSIP105-112)
    content = _division(top, edition, "Representations")
    _add(content, "fptr", FILEID=represented)
    _add(
        _division(content, edition, use),
        "mptr",
        LOCTYPE="URL",
        xlink__type="simple",
        xlink__href=representation.path,
        xlink__title=represented,
    )
    return _serialise(mets)


def representation(edition: Edition, content: list[PackageFile], software: Software) -> bytes:
    """representations/rep1/METS.xml: the representation's data files, paths relative to it."""
    name = Path(REPRESENTATION).name
    mets = _root(edition, name, "../../schemas/", edition.title)
    _header(mets, edition, software)
    section = _add(mets, "fileSec", ID=edition.uuid(name, "fileSec"))
    group = _group(section, edition, "Data", content, f"{REPRESENTATION}/")
    structure = _add(
        mets, "structMap", ID=edition.uuid(name, "structMap"), TYPE="PHYSICAL", LABEL="CSIP"
    )
    top = _add(structure, "div", ID=edition.uuid(name, "div"), LABEL=name)
    data = _add(top, "div", ID=edition.uuid(name, "div", "Data"), LABEL="Data")
    _add(data, "fptr", FILEID=group.get("ID", ""))
    return _serialise(mets)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
