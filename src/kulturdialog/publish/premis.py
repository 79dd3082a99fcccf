"""metadata/preservation/premis.xml: PREMIS 3 for an archival package. Each file of the edition
as an object (SHA-256 fixity, size, format with its PRONOM key, the application that made it),
the event that created them (the edition's render and publication) and its agents (the
organisation and the software)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from kulturdialog.publish.edition import Edition, Organisation, PackageFile

PREMIS = "http://www.loc.gov/premis/v3"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
LOCATION = "../../schemas/premis.xsd"  # in the package, beside METS's schemas
ORGANISATION_NUMBER = "organisationsnummer"  # the identifier type of a Swedish organisation

ET.register_namespace("premis", PREMIS)
ET.register_namespace("xsi", XSI)


def _add(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{PREMIS}}}{name}", attributes)
    element.text = text
    return element


def _identifier(parent: ET.Element, kind: str, value: str, role: str = "") -> None:
    """<premis:{kind}Identifier> (objectIdentifier, linkingAgentIdentifier, …) with the type
    UUID, the value and, for a link, the role of what it names."""
    holder = _add(parent, f"{kind}Identifier")
    _add(holder, f"{kind}IdentifierType", "UUID")
    _add(holder, f"{kind}IdentifierValue", value.removeprefix("uuid-"))
    if role:
        _add(holder, f"{kind}Role", role)


def document(edition: Edition, files: list[PackageFile], organisation: Organisation) -> bytes:
    """The PREMIS document for `files` (their paths as in the package)."""
    root = ET.Element(
        f"{{{PREMIS}}}premis",
        {"version": "3.0", f"{{{XSI}}}schemaLocation": f"{PREMIS} {LOCATION}"},
    )
    event = edition.uuid("event", "creation")
    organisation_id = edition.uuid("agent", ORGANISATION_NUMBER, organisation.number)
    software_id = edition.uuid("agent", "kulturdialog", edition.rendered_by)
    for file in files:
        described = file.format
        item = _add(root, "object", **{f"{{{XSI}}}type": "premis:file"})
        _identifier(item, "object", edition.uuid(file.path, file.sha256))
        traits = _add(item, "objectCharacteristics")
        _add(traits, "compositionLevel", "0")
        fixity = _add(traits, "fixity")
        _add(fixity, "messageDigestAlgorithm", "SHA-256")
        _add(fixity, "messageDigest", file.sha256)
        _add(fixity, "messageDigestOriginator", "kulturdialog")
        _add(traits, "size", str(file.size))
        form = _add(traits, "format")
        designation = _add(form, "formatDesignation")
        _add(designation, "formatName", described.name)
        if described.version:
            _add(designation, "formatVersion", described.version)
        registry = _add(form, "formatRegistry")
        _add(registry, "formatRegistryName", "PRONOM")
        _add(registry, "formatRegistryKey", described.pronom)
        _add(registry, "formatRegistryRole", "specification")
        application = _add(traits, "creatingApplication")
        _add(application, "creatingApplicationName", "kulturdialog")
        _add(application, "creatingApplicationVersion", edition.rendered_by)
        _add(application, "dateCreatedByApplication", edition.created)
        if file.original:
            _add(item, "originalName", file.original)
        _identifier(item, "linkingEvent", event)

    happened = _add(root, "event")
    _identifier(happened, "event", event)
    _add(happened, "eventType", "creation")
    _add(happened, "eventDateTime", edition.created)
    detail = _add(happened, "eventDetailInformation")
    _add(
        detail,
        "eventDetail",
        f"Rendered and published by kulturdialog {edition.rendered_by}: "
        f"{edition.title}, {edition.target.label}",
    )
    outcome = _add(happened, "eventOutcomeInformation")
    _add(outcome, "eventOutcome", "success")
    _identifier(happened, "linkingAgent", software_id, "executing program")
    _identifier(happened, "linkingAgent", organisation_id, "implementer")
    for file in files:
        _identifier(happened, "linkingObject", edition.uuid(file.path, file.sha256), "outcome")

    publisher = _add(root, "agent")
    _identifier(publisher, "agent", organisation_id)
    number = _add(publisher, "agentIdentifier")
    _add(number, "agentIdentifierType", ORGANISATION_NUMBER)
    _add(number, "agentIdentifierValue", organisation.number)
    _add(publisher, "agentName", organisation.name)
    _add(publisher, "agentType", "organization")
    program = _add(root, "agent")
    _identifier(program, "agent", software_id)
    _add(program, "agentName", "kulturdialog")
    _add(program, "agentType", "software")
    _add(program, "agentVersion", edition.rendered_by)

    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"
