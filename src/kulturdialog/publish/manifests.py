"""What is published under reports/, read from the manifests alone: reports/<year>/manifest.json
and NOTEBOOK.manifest.json, a grid's reports/<year>/<notebook>/<value>/manifest.json, and the
archived versions under archive/<version>/. The index (index.py) and the open-data catalogue
(dcat.py) are written from it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kulturdialog.publish.swap import ARCHIVE
from kulturdialog.publish.target import version_number

LINKED = ("html", "pdf", "docx", "ipynb", "xlsx")


@dataclass
class Entry:
    """One published report (or one archived version of it), read from its manifest."""

    year: int
    notebook: str
    folder: Path  # where its manifest is
    record: dict
    value: str | None = None  # a grid's value
    version: str | None = None  # the archive folder; None for the current version

    @property
    def document(self) -> dict:
        return self.record.get("document") or {}

    @property
    def title(self) -> str:
        """The document's title; for a manifest from before it was recorded, the page's."""
        return self.document.get("title") or _page_title(self.folder, self.files()) or self.notebook

    @property
    def language(self) -> str:
        """The report's language code; Swedish for a manifest from before it was recorded."""
        return str(self.document.get("language") or "sv")

    @property
    def date(self) -> str | None:
        return self.document.get("date") or self.record.get("rendering_date")

    @property
    def key(self) -> str:
        return str(self.record.get("render_key") or "")[:12]

    def files(self) -> dict[str, str]:
        """Kind (html, pdf, docx, ipynb, xlsx) → file path relative to the manifest's folder."""
        found: dict[str, str] = {}
        for name in sorted(self.record.get("outputs", {})):
            kind = name.rsplit(".", 1)[-1]
            if kind in LINKED and kind not in found and (kind == "xlsx" or "/" not in name):
                found[kind] = name
        return {kind: found[kind] for kind in LINKED if kind in found}


@dataclass
class Year:
    year: int
    current: list[Entry] = field(default_factory=list)
    grids: dict[str, list[Entry]] = field(default_factory=dict)
    archived: list[Entry] = field(default_factory=list)


def _page_title(folder: Path, files: dict[str, str]) -> str | None:
    import re
    from html import unescape

    try:
        head = (folder / files["html"]).read_text(encoding="utf-8")[:4000]
    except (KeyError, OSError, UnicodeDecodeError):
        return None
    found = re.search(r"<title>([^<]*)</title>", head)
    return unescape(found.group(1)).strip() or None if found else None


def read(path: Path) -> dict | None:
    """A manifest's record; None if it is unreadable or no manifest."""
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return record if isinstance(record, dict) and "outputs" in record else None


def _manifests(folder: Path) -> Iterator[tuple[Path, dict]]:
    for path in sorted(folder.glob("*manifest.json")):
        record = read(path)
        if record is not None:
            yield path, record


def scan(reports: Path) -> list[Year]:
    """Every year's published reports, grids and archived versions, newest year first."""
    years = []
    folders = [p for p in reports.iterdir() if p.is_dir() and p.name.isdigit()]
    for folder in sorted(folders, key=lambda p: int(p.name), reverse=True):
        year = Year(int(folder.name))
        for path, record in _manifests(folder):
            notebook = record.get("notebook") or path.name.split(".")[0]
            year.current.append(Entry(year.year, notebook, folder, record))
        for version in _versions(folder):
            for path, record in _manifests(version):
                notebook = record.get("notebook") or path.name.split(".")[0]
                year.archived.append(
                    Entry(year.year, notebook, version, record, None, version.name)
                )
        for grid in sorted(p for p in folder.iterdir() if p.is_dir()):
            if grid.name == ARCHIVE or grid.name.endswith("-files"):
                continue
            for value in sorted(p for p in grid.iterdir() if p.is_dir()):
                manifest = read(value / "manifest.json")
                if manifest is not None:
                    entry = Entry(year.year, grid.name, value, manifest, value.name)
                    year.grids.setdefault(grid.name, []).append(entry)
                for old in _versions(value):
                    for _path, record in _manifests(old):
                        year.archived.append(
                            Entry(year.year, grid.name, old, record, value.name, old.name)
                        )
        year.current.sort(key=lambda e: (e.notebook != "annual_summary", e.notebook))
        year.current.sort(key=lambda e: e.date or "", reverse=True)  # newest first, stable
        year.archived.sort(key=lambda e: (e.notebook, e.value or "", version_number(e.version)))
        if year.current or year.grids or year.archived:
            years.append(year)
    return years


def _versions(folder: Path) -> list[Path]:
    archive = folder / ARCHIVE
    if not archive.is_dir():
        return []
    folders = [p for p in archive.iterdir() if p.is_dir()]
    return sorted(folders, key=lambda p: version_number(p.name))


def href(entry: Entry, name: str, reports: Path) -> str:
    """The address of an entry's file `name`, relative to `reports`, each part quoted."""
    path = (entry.folder / name).relative_to(reports).as_posix()
    return "/".join(_quote(p) for p in path.split("/"))


def _quote(part: str) -> str:
    from urllib.parse import quote

    return quote(part)
