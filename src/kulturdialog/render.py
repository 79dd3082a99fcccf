"""The render chain for one year: validate → execute → HTML → PDF → publish."""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kulturdialog import params as parameters
from kulturdialog import paths, provenance
from kulturdialog.errors import KulturdialogError, RenderError
from kulturdialog.load import available_years, load_year
from kulturdialog.publish import keep_failed, publish, staging, year_lock

log = logging.getLogger(__name__)
Progress = Callable[[int, str], None]


@dataclass(frozen=True)
class Rendered:
    year: int
    folder: Path
    files: tuple[Path, ...]


def validate(year: int, root: Path | None = None, notebook: str = "annual_summary") -> dict:
    """Check a year's parameters and input (and earlier years') without rendering; return params."""
    root = root or paths.project_root()
    values = parameters.load(year, paths.notebook_file(notebook, root), root)
    data_dir = values.get("data_dir", "data")
    load_year(year, root, data_dir)
    for earlier in available_years(root, data_dir):
        if earlier < year and values.get("compare", True):
            load_year(earlier, root, data_dir)
    return values


def render_year(
    year: int,
    root: Path | None = None,
    notebook: str = "annual_summary",
    progress: Progress | None = None,
    reports: Path | None = None,
) -> Rendered:
    """Render one year into reports/<year>/ (or `reports`/<year>/), all formats or nothing."""
    from kulturdialog import execute, export

    root = root or paths.project_root()
    step = progress or (lambda _year, _stage: None)
    reports = reports or paths.reports_dir(root)
    final = reports / str(year)
    step(year, "validate")
    values = validate(year, root, notebook)
    os.environ["KULTURDIALOG_ROOT"] = str(root)  # the kernel inherits it
    with year_lock(reports, str(year)):
        staged = staging(reports, str(year))
        try:
            step(year, "execute")
            nb = execute.execute(
                paths.notebook_file(notebook, root), staged / f"{notebook}.ipynb", values, root
            )
            step(year, "html")
            html = export.to_html(nb)
            (staged / f"{notebook}.html").write_text(html, encoding="utf-8")
            step(year, "pdf")
            export.to_pdf(html, staged / f"{notebook}.pdf")
            _write_manifest(staged, year, values, notebook, root)
        except BaseException as err:
            kept = _keep_failed(staged, reports / "_failed" / str(year))
            if isinstance(err, KulturdialogError):
                raise RenderError(str(err), getattr(err, "stage", "render"), kept) from None
            if isinstance(err, Exception):
                raise RenderError(f"{type(err).__name__}: {err}", "render", kept) from err
            raise
        publish(staged, final, keep=lambda name: not _belongs_to(name, notebook))
        step(year, "done")
    files = tuple(sorted(final.iterdir()))
    return Rendered(year, final, files)


@dataclass(frozen=True)
class Verified:
    year: int
    matches: dict[str, bool]  # file name → same bytes as a fresh render

    @property
    def ok(self) -> bool:
        return bool(self.matches) and all(self.matches.values())


def verify(year: int, root: Path | None = None, notebook: str = "annual_summary") -> Verified:
    """Re-render `year` in a temporary folder and compare it, byte for byte, with the published."""
    root = root or paths.project_root()
    published = paths.reports_dir(root) / str(year)
    names = [f"{notebook}.html", f"{notebook}.pdf", f"{notebook}.ipynb", manifest_name(notebook)]
    if not all((published / n).is_file() for n in names):
        raise KulturdialogError(
            f"{paths.relative(published, root)} holds no complete "
            f"published report to verify; render it first"
        )
    with tempfile.TemporaryDirectory() as scratch:
        fresh = render_year(year, root, notebook, reports=Path(scratch)).folder
        matches = {
            n: provenance.sha256(published / n) == provenance.sha256(fresh / n) for n in names
        }
    return Verified(year, matches)


def _keep_failed(staged: Path, failed: Path) -> Path | None:
    if not staged.exists():
        return None
    if not any(staged.iterdir()):
        shutil.rmtree(staged)
        return None
    return keep_failed(staged, failed)


def manifest_name(notebook: str) -> str:
    """The annual summary's manifest is manifest.json; another notebook's is NAME.manifest.json."""
    return "manifest.json" if notebook == "annual_summary" else f"{notebook}.manifest.json"


def _belongs_to(name: str, notebook: str) -> bool:
    return name.startswith(f"{notebook}.") or name == manifest_name(notebook)


def _write_manifest(staged: Path, year: int, values: dict, notebook: str, root: Path) -> None:
    data = load_year(year, root, values.get("data_dir", "data"))
    files = [*data.sources, paths.notebook_file(notebook, root)]
    if paths.params_file(year, root).is_file():
        files.append(paths.params_file(year, root))
    record = provenance.describe(
        files, values, data.meta.published, data.meetings["date"].max().date(), root
    )
    record["outputs"] = {p.name: provenance.sha256(p) for p in sorted(staged.iterdir())}
    record["notebook"] = notebook
    (staged / manifest_name(notebook)).write_text(
        json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
