"""Where a render is published, and the versions it leaves: reports/<year>/ and its archive/."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from kulturdialog.publish.swap import ARCHIVE

DRAFTS = "drafts"  # reports/drafts/: trial renders, never indexed or archived
NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*")  # a value that is a file name as it stands


def name_part(value: object) -> str:
    """A parameter value as part of a file or folder name: as written when it is one already
    (`0180`, `2020`, `en`), else its letters and digits and a short hash of the whole value
    (`sub/data` → `sub-data-` and 8 hex digits): no value becomes a path, no two share a name."""
    text = str(value)
    if NAME.fullmatch(text) and ".." not in text:
        return text
    letters = re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-") or "value"
    return f"{letters}-{hashlib.sha256(text.encode()).hexdigest()[:8]}"


@dataclass(frozen=True)
class Target:
    """Where a render goes: reports/<year>/NOTEBOOK.*, or for one value of a grid
    (`--each`), reports/<year>/NOTEBOOK/<value>/NOTEBOOK-<value>.*; a draft (`--draft`) the
    same under reports/drafts/, which the index never lists and no version is archived from."""

    year: int
    notebook: str = "annual_summary"
    overrides: tuple[tuple[str, object], ...] = ()
    draft: bool = False

    @classmethod
    def of(
        cls,
        year: int,
        notebook: str,
        overrides: Mapping[str, object] | None,
        draft: bool = False,
    ) -> Target:
        """The target of a render with these parameter `overrides` (a grid's value), in the
        one order that names its folder and files."""
        return cls(year, notebook, tuple(sorted((overrides or {}).items())), draft)

    @property
    def label(self) -> str:
        return " ".join([str(self.year), *(str(v) for _, v in self.overrides)])

    def folder(self, reports: Path) -> Path:
        folder = (reports / DRAFTS if self.draft else reports) / str(self.year)
        if self.overrides:
            folder = folder / self.notebook / "-".join(name_part(v) for _, v in self.overrides)
        return folder

    @property
    def stem(self) -> str:
        return "-".join([self.notebook, *(name_part(v) for _, v in self.overrides)])

    @property
    def manifest(self) -> str:
        """The annual summary's (and a grid value's) manifest is manifest.json; another
        notebook's is NOTEBOOK.manifest.json, beside the annual summary's."""
        if self.notebook == "annual_summary" or self.overrides:
            return "manifest.json"
        return f"{self.notebook}.manifest.json"

    @property
    def files_folder(self) -> str:
        """Its figures and tables for reuse (the `files` format): NOTEBOOK-files/."""
        return f"{self.stem}-files"

    def owns(self, name: str) -> bool:
        """A file of this target's in its folder (another notebook's files carry over)."""
        return name.startswith(f"{self.stem}.") or name in (self.manifest, self.files_folder)


def version_label(folder_name: str | None) -> str:
    """An archived version's label, "v3", from its folder's name ("v3-<render key>")."""
    return (folder_name or "").split("-", 1)[0]


def version_number(folder_name: str | None) -> int:
    """An archived version's number, 3 (0 for a name without one): versions sort by it."""
    head = version_label(folder_name).lstrip("v")
    return int(head) if head.isdigit() else 0


def archived_versions(final: Path, target: Target) -> list[Path]:
    """This target's archived versions in `final`/archive/, oldest first (v1, v2, …)."""
    folder = final / ARCHIVE
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if (p / target.manifest).is_file()]
    found = [p for p in found if _manifest_notebook(p / target.manifest) == target.notebook]
    return sorted(found, key=lambda p: version_number(p.name))


def _manifest_notebook(path: Path) -> str | None:
    try:
        return json.loads(path.read_text(encoding="utf-8")).get("notebook")
    except (OSError, ValueError):
        return None
