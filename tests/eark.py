"""eark-validator (the E-ARK Foundation's validator, in the test extras) without the network, for
the tests and from the command line:

    .venv/bin/python tests/eark.py archive-packages/2021/uuid-…/

When imported, eark-validator reads four CSIP vocabularies from earkcsip.dilcis.eu although its
wheel ships them (eark_validator/ipxml/resources/vocabs/); here they are read from the wheel and
any other address fails. Its `-c` (checksum) option is parsed but used nowhere in 1.1.3, so
`mismatches` checks each file's size and SHA-256 against the METS files with its own classes.
"""

from __future__ import annotations

import sys
import tarfile
import tempfile
import urllib.request
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

VOCABULARIES = "https://earkcsip.dilcis.eu/schema/"
# eark-validator 1.1.3 checks SIP14 (the archival creator's identification code) on the notes of
# every agent with ROLE="CREATOR", for an unqualified NOTETYPE (which METS does not allow on a
# note), so it flags the software agent that CSIP 2.1 requires (CSIP10-16: ROLE="CREATOR", one
# note with csip:NOTETYPE="SOFTWARE VERSION"). E-ARK SIP 2.1 puts the archival creator at
# ROLE="ARCHIVIST" with csip:NOTETYPE="IDENTIFICATIONCODE", as the package does. No package with
# the software agent can avoid this message; it is the only error allowed.
VALIDATOR_DEFECT = ("SIP14", "/mets:mets/mets:metsHdr/mets:agent[@ROLE = 'CREATOR']/mets:note")


def _offline(url, *args, **kwargs):
    if not str(url).startswith(VOCABULARIES):
        raise AssertionError(f"eark-validator asked the network for {url}")
    bundled = resources.files("eark_validator.ipxml.resources") / "vocabs"
    return (bundled / str(url).rsplit("/", 1)[-1]).open("rb")


def _import():
    """eark-validator's classes, its vocabularies read from its wheel while it is imported."""
    online = urllib.request.urlopen
    urllib.request.urlopen = _offline
    try:
        from eark_validator.infopacks.manifest import Checksummer, Manifests
        from eark_validator.packages import PackageValidator
    finally:
        urllib.request.urlopen = online
    return PackageValidator, Manifests, Checksummer


@dataclass(frozen=True)
class Result:
    well_formed: bool  # the folder structure (CSIPSTR rules)
    schema_valid: bool  # METS.xml against the METS schema
    errors: list[tuple[str, str]]  # (rule, location), the known defect left out
    warnings: list[str]  # rules, each once
    defect: bool  # the known SIP14 defect was reported


def validate(package: Path) -> Result:
    """eark-validator's report on a package folder (or .tar), E-ARK CSIP and SIP 2.1."""
    validator, _, _ = _import()
    report = validator(Path(package)).validation_report
    found = [*report.structure.messages]
    if report.metadata is not None:
        found += report.metadata.schema_results.messages
        found += report.metadata.schematron_results.messages
    errors = [(m.rule_id, m.location or "") for m in found if m.severity.name == "ERROR"]
    known = [
        e for e in errors if e[0] == VALIDATOR_DEFECT[0] and e[1].startswith(VALIDATOR_DEFECT[1])
    ]
    return Result(
        report.structure.status.name == "WELLFORMED",
        report.metadata is not None and report.metadata.schema_results.status.name == "VALID",
        [e for e in errors if e not in known],
        sorted({m.rule_id for m in found if m.severity.name == "WARNING"}),
        bool(known),
    )


def mismatches(package: Path) -> list[str]:
    """Files of a package (folder or tar) that are missing or differ from the size or SHA-256
    that its METS files (the package's and rep1's) state, by path as the METS names them."""
    if Path(package).is_file():
        with tempfile.TemporaryDirectory() as unpacked, tarfile.open(package) as archive:
            archive.extractall(unpacked, filter="data")
            return mismatches(next(Path(unpacked).iterdir()))
    _, manifests, checksummer = _import()
    found = [] if (Path(package) / "METS.xml").is_file() else ["METS.xml is missing"]
    for mets in sorted(Path(package).glob("**/METS.xml")):
        manifest = manifests.from_mets_file(mets)
        found += manifests.validate_manifest(manifest)[1]  # missing, or of another size
        for entry in manifest.entries:
            (stated,) = entry.checksums
            file = mets.parent / entry.path
            if file.is_file():
                actual = checksummer(stated.algorithm).hash_file(file)
                if actual.value.lower() != stated.value.lower():
                    found.append(entry.path)
    return found


def entries(mets: Path) -> list[str]:
    """The paths of the files and metadata that a METS file lists, as eark-validator reads it."""
    _, manifests, _ = _import()
    return [entry.path for entry in manifests.from_mets_file(mets).entries]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    result, wrong = validate(Path(sys.argv[1])), mismatches(Path(sys.argv[1]))
    print(f"structure: {'well-formed' if result.well_formed else 'NOT WELL-FORMED'}")
    print(f"METS schema: {'valid' if result.schema_valid else 'INVALID'}")
    for rule, location in result.errors:
        print(f"error: {rule} at {location}")
    if result.defect:
        print("known validator defect: SIP14 on the software agent's note (see tests/eark.py)")
    print(f"warnings: {', '.join(result.warnings) or 'none'}")
    print(f"checksums: {'all verified' if not wrong else 'DIFFER: ' + ', '.join(wrong)}")
    sys.exit(
        0 if result.well_formed and result.schema_valid and not result.errors and not wrong else 1
    )
