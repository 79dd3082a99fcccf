"""Where a rendering came from: input checksums, code version, package versions, a stable date."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path

from kulturdialog import paths

MANIFEST_SCHEMA = 1
KEY_PACKAGES = (
    "kulturdialog",
    "papermill",
    "nbconvert",
    "nbclient",
    "ipykernel",
    "pandas",
    "pandera",
    "seaborn",
    "matplotlib",
    "typst",
    "python-docx",
    "babel",
    "markdown-it-py",
)


def sha256(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def input_checksums(files: list[Path], root: Path | None = None) -> dict[str, str]:
    """SHA-256 of each input file, keyed by its path relative to the project root."""
    return {paths.relative(f, root): sha256(f) for f in sorted(files)}


def code_version(root: Path | None = None, files: Iterable[Path] = ()) -> dict[str, object]:
    """The git commit of the checkout, and whether it is clean: its tracked files unchanged and
    each of `files` (the notebook and its inputs) committed (not untracked, ignored or changed)."""
    root = paths.project_root(root)
    try:
        commit = _git(root, "rev-parse", "HEAD")
        dirty = _git(
            root, "status", "--porcelain", "--untracked-files=no", "--", ".", ":(exclude)reports"
        )
        if not dirty and files:
            named = [paths.relative(f, root) for f in files]
            dirty = _git(root, "status", "--porcelain", "--ignored=matching", "--", *named)
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "clean": None}
    return {"commit": commit, "clean": dirty == ""}


def _git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, check=True, capture_output=True, text=True
    ).stdout.strip()


def package_versions() -> dict[str, str]:
    versions = {}
    for name in KEY_PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def rendering_date(published: dt.date | None, last_meeting: dt.date) -> dt.date:
    """The date a rendering states: the publication date, else the last meeting; never the clock."""
    return published or last_meeting


def describe(
    files: list[Path],
    parameters: dict,
    published: dt.date | None,
    last_meeting: dt.date,
    root: Path | None = None,
) -> dict[str, object]:
    """The provenance record shared by the report's appendix and manifest.json."""
    return record(files, parameters, rendering_date(published, last_meeting), root)


def record(
    files: list[Path], parameters: dict, stated: dt.date | None, root: Path | None = None
) -> dict[str, object]:
    """The provenance record for a rendering that states the date `stated`."""
    return {
        "schema_version": MANIFEST_SCHEMA,
        "rendering_date": stated.isoformat() if stated else None,
        "parameters": parameters,
        "inputs": input_checksums(files, root),
        "code": code_version(root, files),
        "packages": package_versions(),
    }
