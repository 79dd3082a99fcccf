"""A published edition as an archival package sees it: its manifest, its files and the
identifiers and dates derived from them (never from the clock)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kulturdialog import paths
from kulturdialog.errors import KulturdialogError
from kulturdialog.publish.target import Target, archived_versions, version_label

# Every identifier in a package is a UUID in this namespace, derived from content hashes.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:kulturdialog:archival-package")
REPRESENTATION = "representations/rep1"  # the one representation: the edition as published
DOCUMENTATION = "documentation"
ARCHIVED = (".pdf", ".docx")  # the report; beside it its tables for reuse (TABLES)
TABLES = (".csv", ".xlsx", "datapackage.json")


class PackageError(KulturdialogError):
    """An edition that cannot be packaged: never published, or changed since it was."""


@dataclass(frozen=True)
class FileFormat:
    mimetype: str
    name: str  # as PREMIS and sip:FILEFORMATNAME state it
    version: str
    pronom: str  # its PRONOM identifier


FORMATS = {
    ".pdf": FileFormat("application/pdf", "PDF/A-2a", "2a", "fmt/476"),
    ".docx": FileFormat(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Microsoft Word for Windows",
        "2007 onwards",
        "fmt/412",
    ),
    ".xlsx": FileFormat(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "Microsoft Excel for Windows",
        "2007 onwards",
        "fmt/214",
    ),
    ".csv": FileFormat("text/csv", "Comma Separated Values", "", "x-fmt/18"),
    ".json": FileFormat("application/json", "JSON Data Interchange Format", "", "fmt/817"),
    ".xml": FileFormat("text/xml", "Extensible Markup Language", "1.0", "fmt/101"),
    ".xsd": FileFormat("text/xml", "XML Schema Definition", "1.0", "x-fmt/280"),
}


@dataclass(frozen=True)
class Organisation:
    """The organisation that publishes the reports and hands them to its archive."""

    name: str
    number: str  # its organisationsnummer


@dataclass(frozen=True)
class Software:
    name: str
    version: str


@dataclass(frozen=True)
class PackageFile:
    """One file of a package: where it goes in the package, and its bytes."""

    path: str  # relative to the package's root folder, with "/"
    data: bytes
    original: str = ""  # its path in the published edition's folder, if it comes from there

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)

    @property
    def format(self) -> FileFormat:
        return FORMATS[Path(self.path).suffix.lower()]


@dataclass(frozen=True)
class Edition:
    """A published edition of a report: its manifest and files, current or archived."""

    target: Target
    folder: Path  # where its manifest is
    version: str  # "v1", "v2", … or "current"
    record: dict
    manifest: bytes  # the manifest file as published: the edition's identity

    @property
    def date(self) -> dt.date:
        """The publication date the edition states (the manifest's document date, or for an
        older manifest its rendering date)."""
        document = self.record.get("document") or {}
        stated = document.get("date") or self.record.get("rendering_date")
        try:
            return dt.date.fromisoformat(str(stated))
        except ValueError:
            raise PackageError(
                f"{paths.relative(self.folder / self.target.manifest)}: {stated!r} is not a "
                "publication date (YYYY-MM-DD); the package states the edition's own date"
            ) from None

    @property
    def created(self) -> str:
        """The publication date as the time every date in the package states (its start, UTC)."""
        return f"{self.date.isoformat()}T00:00:00Z"

    @property
    def timestamp(self) -> int:
        """`created` in seconds since 1970: the time of every file in the package."""
        return int(dt.datetime.combine(self.date, dt.time(), dt.UTC).timestamp())

    @property
    def identifier(self) -> str:
        """The package's identifier (METS OBJID and its folder's name): `uuid-` and a UUID
        derived from the manifest, which holds the checksum of every file of the edition."""
        return self.uuid()

    def uuid(self, *key: str) -> str:
        """An identifier in this edition's package: derived from the manifest and `key` (a
        part's name, a file's path and checksum), so the same edition gets the same ones."""
        package = uuid.uuid5(NAMESPACE, hashlib.sha256(self.manifest).hexdigest())
        return f"uuid-{uuid.uuid5(package, '/'.join(key)) if key else package}"

    @property
    def title(self) -> str:
        document = self.record.get("document") or {}
        title = document.get("title") or self.target.stem
        number = document.get("diarienummer")
        return f"{title} ({number})" if number else title

    @property
    def rendered_by(self) -> str:
        """The kulturdialog version that rendered the edition."""
        return str((self.record.get("packages") or {}).get("kulturdialog", "unknown"))


def find_edition(
    year: int,
    notebook: str = "annual_summary",
    overrides: Mapping[str, object] | None = None,
    version: int | None = None,
    reports: Path | None = None,
) -> Edition:
    """The published edition (the current one, or archived version `version`); PackageError
    names what was asked for and what is published."""
    reports = reports or paths.reports_dir()
    target = Target.of(year, notebook, overrides)
    final = target.folder(reports)
    named = " ".join([str(year), notebook, *(f"{k}={v}" for k, v in target.overrides)])
    if not (reports / str(year)).is_dir():
        raise PackageError(
            f"{year}: nothing is published for {year} ({paths.relative(reports / str(year))}/ "
            f"does not exist); render it first: kulturdialog render {year}"
        )
    versions = {version_label(p.name): p for p in archived_versions(final, target)}
    current = final / target.manifest
    if version is None:
        if not current.is_file():
            hint = ""
            if not overrides and (reports / str(year) / notebook).is_dir():
                hint = f"; {notebook} is published per value: name one with -p NAME=VALUE"
            raise PackageError(f"{named}: not published (no {paths.relative(current)}){hint}")
        return _edition(target, final, "current")
    label = f"v{version}"
    if label not in versions:
        published = [*versions, *(["the current version"] if current.is_file() else [])]
        raise PackageError(
            f"{named}: no version {version} is archived in {paths.relative(final / 'archive')}/; "
            f"published: {', '.join(published) or 'nothing'}"
        )
    return _edition(target, versions[label], label)


def _edition(target: Target, folder: Path, version: str) -> Edition:
    raw = (folder / target.manifest).read_bytes()
    record = json.loads(raw)
    return Edition(target, folder, version, record, raw)


def content_files(edition: Edition) -> list[PackageFile]:
    """The edition's report (PDF/A, Word) and tables for reuse (CSV, XLSX, datapackage.json) as
    they go into representations/rep1/data/, each checked against the manifest's checksum."""
    target = edition.target
    outputs: dict[str, str] = edition.record.get("outputs", {})
    chosen = [
        name
        for name in sorted(outputs)
        if (name.startswith(f"{target.stem}.") and name.endswith(ARCHIVED))
        or (name.startswith(f"{target.files_folder}/") and name.endswith(TABLES))
    ]
    if not chosen:
        raise PackageError(
            f"{paths.relative(edition.folder / target.manifest)}: the edition has no PDF, Word "
            "file or tables to archive"
        )
    files = []
    for name in chosen:
        source = edition.folder / name
        try:
            data = source.read_bytes()
        except FileNotFoundError:
            raise PackageError(
                f"{paths.relative(source)}: missing; the manifest lists it (the edition was "
                "changed after it was published)"
            ) from None
        if hashlib.sha256(data).hexdigest() != outputs[name]:
            raise PackageError(
                f"{paths.relative(source)}: its SHA-256 differs from the manifest's (the edition "
                "was changed after it was published)"
            )
        files.append(PackageFile(f"{REPRESENTATION}/data/{name}", data, name))
    return files


def documentation_files(edition: Edition) -> list[PackageFile]:
    """The package's documentation (CSIP requires some): the edition's manifest, which records
    how it was made (inputs and their checksums, code version, packages) and lists its files."""
    name = edition.target.manifest
    return [PackageFile(f"{DOCUMENTATION}/{name}", edition.manifest, name)]
