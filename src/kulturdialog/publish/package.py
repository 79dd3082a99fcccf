"""Archival information packages (`kulturdialog package`): one E-ARK SIP per published edition,
as FGS Paketstruktur 2.0 (E-ARK CSIP 2.1 + SIP 2.1) defines it, under the settings' archive
folder (never under reports/, which is published): a folder and a tar of it for transfer.

Same edition, same bytes: every date is the edition's publication date from its manifest (never
the clock), identifiers are UUIDs derived from content hashes (uuid5), entries are sorted and the
tar's metadata (time, owner, mode) is fixed.
"""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from kulturdialog.data.provenance import package_versions
from kulturdialog.data.settings import Settings
from kulturdialog.publish import mets, premis
from kulturdialog.publish.edition import (
    REPRESENTATION,
    Edition,
    Organisation,
    PackageFile,
    Software,
    content_files,
    documentation_files,
)
from kulturdialog.publish.swap import replace_whole

SCHEMAS = Path(__file__).resolve().parents[1] / "assets" / "schemas"
PRESERVATION = "metadata/preservation/premis.xml"


def schema_files() -> list[PackageFile]:
    return [PackageFile(f"schemas/{p.name}", p.read_bytes()) for p in sorted(SCHEMAS.glob("*.xsd"))]


def contents(edition: Edition, settings: Settings) -> list[PackageFile]:
    """Every file of the edition's package, sorted by path."""
    organisation = Organisation(settings.name["sv"], settings.organisation_number())
    software = Software("kulturdialog", package_versions()["kulturdialog"])
    content, documentation = content_files(edition), documentation_files(edition)
    schemas = schema_files()
    preservation = PackageFile(
        PRESERVATION, premis.document(edition, [*content, *documentation], organisation)
    )
    representation = PackageFile(
        f"{REPRESENTATION}/METS.xml",
        mets.representation(edition, content, software),
    )
    root = PackageFile(
        "METS.xml",
        mets.package(
            edition, organisation, software, documentation, schemas, representation, preservation
        ),
    )
    every = [root, representation, preservation, *documentation, *content, *schemas]
    return sorted(every, key=lambda f: f.path)


@dataclass(frozen=True)
class Written:
    folder: Path
    tar: Path


def write(edition: Edition, settings: Settings) -> Written:
    """Write the edition's package as a folder and a tar under the archive folder
    (<archive>/<year>/<identifier>/ and .tar beside it), each replaced whole."""
    files = contents(edition, settings)
    where = settings.archive_folder / str(edition.target.year)
    where.mkdir(parents=True, exist_ok=True)
    name = edition.identifier
    moment = edition.timestamp

    staged = Path(tempfile.mkdtemp(prefix=f".{name}-", dir=where))
    try:
        for file in files:
            path = staged / file.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(file.data)
        for path in sorted(staged.rglob("*"), reverse=True):
            path.chmod(0o755 if path.is_dir() else 0o644)
            os.utime(path, (moment, moment))
        staged.chmod(0o755)
        os.utime(staged, (moment, moment))
        folder = where / name
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staged, folder)
    finally:
        shutil.rmtree(staged, ignore_errors=True)

    tar = where / f"{name}.tar"
    replace_whole(tar, tar_bytes(name, files, moment))
    return Written(folder, tar)


def tar_bytes(root: str, files: list[PackageFile], moment: int) -> bytes:
    """The package as an uncompressed POSIX tar of one folder, `root`: entries sorted, folders
    before what they hold, every time `moment`, owner root (0), modes 755 and 644."""
    folders = {root}
    for file in files:
        parts = file.path.split("/")[:-1]
        folders.update("/".join([root, *parts[:n]]) for n in range(1, len(parts) + 1))
    entries: list[tuple[str, bytes | None]] = [(f, None) for f in folders]
    entries += [(f"{root}/{file.path}", file.data) for file in files]
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in sorted(entries, key=lambda e: e[0].split("/")):
            info = tarfile.TarInfo(name)
            info.mtime = moment
            info.uid = info.gid = 0
            info.uname = info.gname = "root"
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
