"""The render chain for one year: check → execute → for each format: write → publish."""

from __future__ import annotations

import dataclasses
import json
import logging
import shutil
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kulturdialog import paths
from kulturdialog.errors import KulturdialogError, RenderError
from kulturdialog.formats import DEFAULT as DEFAULT_FORMATS
from kulturdialog.publish.swap import Archive, keep_failed, publish, staging, year_lock
from kulturdialog.publish.target import Target, archived_versions
from kulturdialog.run import stopping
from kulturdialog.run.plan import RenderPlan

if TYPE_CHECKING:
    from kulturdialog.content.blocks import Document
    from kulturdialog.run.kernel import KeptKernel, WarmKernel
    from kulturdialog.run.params import Values

log = logging.getLogger(__name__)
Progress = Callable[[str, str], None]  # (what is rendered: "2021" or "2021 0180", stage)


@dataclass(frozen=True)
class Rendered:
    year: int
    folder: Path
    files: tuple[Path, ...]
    skipped: bool = False  # nothing it depends on changed since its last good render


def render_year(
    year: int,
    root: Path | None = None,
    notebook: str = "annual_summary",
    progress: Progress | None = None,
    reports: Path | None = None,
    force: bool = False,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    overrides: Values | None = None,
    draft: bool = False,
    kept: KeptKernel | None = None,
) -> Rendered:
    """Render one year into reports/<year>/ (or `reports`/<year>/; a `draft` into
    reports/drafts/<year>/), all formats or nothing.

    check → execute → for each format: write → publish. `overrides` set parameters for one
    value of a grid (`{"municipality": "0180"}`). A render whose inputs, notebook, code and
    locked dependencies are unchanged since its last good render is skipped, unless `force`.
    """
    plan = RenderPlan.build(year, notebook, root, overrides, formats, draft)
    return render(plan, progress, reports, force, kept)


def render(
    plan: RenderPlan,
    progress: Progress | None = None,
    reports: Path | None = None,
    force: bool = False,
    kept: KeptKernel | None = None,
) -> Rendered:
    """Render `plan` into reports/ (or `reports`), all formats or nothing; skipped when its
    render key is the published report's, unless `force`. In the `kept` kernel (a worker's,
    warm from its earlier renders) if given, else in a new one."""
    target = plan.target
    step = _stopping_at_each_stage(progress)
    reports = reports or paths.reports_dir(plan.root)
    if not force and (published := unchanged(plan, reports)):
        step(target.label, "skipped")
        return published

    step(target.label, "validate")
    from kulturdialog.run.kernel import WarmKernel  # jupyter_client: not needed to skip

    # The kernel boots (or, kept, puts back its state after the imports), imports the package
    # and checks the input, while this process loads papermill and the exporters.
    kernel = kept.get(plan.root) if kept else WarmKernel(plan.root)
    kernel.check(target.year, plan.scope)
    preload = Preload(plan.formats)
    try:
        kernel.verdict()
        return _render(plan, kernel, reports, step, preload)
    finally:
        if not kernel.many:
            kernel.shutdown()


def _stopping_at_each_stage(progress: Progress | None) -> Progress:
    """`progress`, which first stops the render if a stop was asked (stopping.check), unless
    the stage is "done": what is published is told as published."""

    def step(label: str, stage: str) -> None:
        if stage != "done":
            stopping.check()
        if progress:
            progress(label, stage)

    return step


class Preload:
    """Imports the later stages in a thread while the kernel boots (this process would wait
    anyway): papermill first (0.3 s), then each exporter's templates and fonts, which may go
    on while the notebook runs."""

    def __init__(self, formats: tuple[str, ...]):
        self.formats = formats
        self.executor = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        from kulturdialog.formats import exporter

        try:
            import papermill  # noqa: F401

            from kulturdialog.content import assemble  # noqa: F401
        finally:
            self.executor.set()
        for name in self.formats:
            try:
                exporter(name).prepare()
            except Exception:  # noqa: BLE001, S112 - the write fails the same way, and reports it
                continue

    def execution_ready(self) -> None:
        """Wait until papermill is imported."""
        self.executor.wait()

    def exporters_ready(self) -> None:
        """Wait until every exporter is prepared."""
        self.thread.join()


def _render(
    plan: RenderPlan, kernel: WarmKernel, reports: Path, step: Progress, preload: Preload
) -> Rendered:
    from kulturdialog.content import assemble
    from kulturdialog.run import execute

    target, root = plan.target, plan.root
    year, notebook = target.year, target.notebook
    final = target.folder(reports)
    staged = staging(reports, target.stem)
    try:
        step(target.label, "execute")
        preload.execution_ready()
        source = paths.notebook_file(notebook, root)  # .ipynb, or its newer .py twin
        nb = execute.execute(source, staged / f"{target.stem}.ipynb", plan.values, root, kernel)
        if kernel.many:
            kernel.put_back()  # what the run held goes while the formats are written
        else:
            kernel.release()  # its work is done: its memory goes before the exports run
        document = assemble.document(nb, paths.relative(source, root), draft=target.draft)
        preload.exporters_ready()
        step(target.label, "write")
        write_formats(document, plan.formats, staged, target.stem)
        _write_manifest(staged, plan, document)
    except BaseException as err:
        kept = _keep_failed(staged, reports / "_failed" / str(year) / target.stem)
        if isinstance(err, KulturdialogError):
            raise RenderError(str(err), getattr(err, "stage", "render"), kept) from None
        if isinstance(err, Exception):
            raise RenderError(f"{type(err).__name__}: {err}", "render", kept) from err
        raise
    with year_lock(reports, str(year)):  # one publish into a year's folder at a time
        stopping.check()  # never publish once a stop was asked
        previous = None if target.draft else _previous_version(final, target, staged)
        publish(staged, final, keep=lambda name: not target.owns(name), archive=previous)
    step(target.label, "done")
    return Rendered(year, final, _files(final, target))


def write_formats(document: Document, formats: tuple[str, ...], staged: Path, stem: str) -> None:
    """Write `document` in every format into `staged`, two at a time: Typst, which makes the PDF
    and the PNG figures, works outside Python's lock, so it runs while the HTML and Word are
    built. Every write ends before the first failure (in `formats` order) is raised."""
    from concurrent.futures import ThreadPoolExecutor, wait

    from kulturdialog.formats import exporter

    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="write")
    try:
        writers = [exporter(name) for name in formats]
        futures = [pool.submit(w.write, document, staged / w.output(stem)) for w in writers]
        wait(futures)
    except BaseException:  # Ctrl-C or SIGTERM: the writes under way end before the clean-up
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    for future in futures:
        future.result()


def _previous_version(final: Path, target: Target, staged: Path) -> Archive | None:
    """The published version to archive: its files, if the new render's outputs differ from
    them (re-rendering the same content archives nothing; a dropped format is kept)."""
    if not final.is_dir():
        return None
    names = tuple(sorted(p.name for p in final.iterdir() if target.owns(p.name)))
    if not names:
        return None
    new = json.loads((staged / target.manifest).read_text(encoding="utf-8"))
    try:
        old = json.loads((final / target.manifest).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        old = {}
    if old.get("outputs") == new["outputs"]:
        return None
    key = str(old.get("render_key") or "unknown")[:12]
    return Archive(f"v{len(archived_versions(final, target)) + 1}-{key}", names)


def _files(final: Path, target: Target) -> tuple[Path, ...]:
    return tuple(sorted(p for p in final.iterdir() if p.is_file() and target.owns(p.name)))


@dataclass(frozen=True)
class Verified:
    year: int
    matches: dict[str, bool]  # file name → same bytes as a fresh render
    problems: dict[str, list[str]] = dataclasses.field(default_factory=dict)  # each format's check

    @property
    def ok(self) -> bool:
        found = any(self.problems.values())
        return bool(self.matches) and all(self.matches.values()) and not found


def verify(
    year: int,
    root: Path | None = None,
    notebook: str = "annual_summary",
    overrides: Values | None = None,
) -> Verified:
    """Re-render `year` (a grid's value with `overrides`) in a temporary folder and compare it,
    byte for byte, with the published; and let each format's exporter check its published
    file, read back."""
    from kulturdialog.data.provenance import sha256
    from kulturdialog.formats import DEFAULT, exporter

    root = paths.project_root(root)
    target = Target.of(year, notebook, overrides)
    published = target.folder(paths.reports_dir(root))
    try:
        record = json.loads((published / target.manifest).read_text(encoding="utf-8"))
        names = [*record["outputs"], target.manifest]
    except (OSError, ValueError, KeyError):
        names = []
    if not names or not all((published / n).is_file() for n in names):
        raise KulturdialogError(
            f"{paths.relative(published, root)} holds no complete "
            f"published report to verify; render it first"
        )
    problems = {}
    for name in DEFAULT:  # the formats it was published in, each checked by its exporter
        writer = exporter(name)
        if (published / writer.output(target.stem)).exists():
            problems[name] = writer.check(published / writer.output(target.stem))
    with tempfile.TemporaryDirectory() as scratch:
        again = RenderPlan.build(year, notebook, root, overrides, tuple(problems))
        fresh = render(again, reports=Path(scratch)).folder
        matches = {n: sha256(published / n) == sha256(fresh / n) for n in names}
    return Verified(year, matches, problems)


def _keep_failed(staged: Path, failed: Path) -> Path | None:
    if not staged.exists():
        return None
    if not any(staged.iterdir()):
        shutil.rmtree(staged)
        return None
    return keep_failed(staged, failed)


def manifest_name(notebook: str) -> str:
    """The manifest of a notebook's render (see Target.manifest)."""
    return Target(0, notebook).manifest


def unchanged(plan: RenderPlan, reports: Path | None = None) -> Rendered | None:
    """The published report of `plan` (skipped), if it was made from exactly these inputs and
    its files are intact; else None."""
    from kulturdialog.data.provenance import sha256

    target = plan.target
    final = target.folder(reports or paths.reports_dir(plan.root))
    try:
        record = json.loads((final / target.manifest).read_text(encoding="utf-8"))
        intact = record.get("render_key") == plan.key and all(
            sha256(final / name) == digest for name, digest in record["outputs"].items()
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return Rendered(target.year, final, _files(final, target), skipped=True) if intact else None


def output_extensions(formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[str]:
    """The extensions of a render's files: each format's, and the executed notebook's."""
    from kulturdialog.formats import exporter

    return [exporter(name).extension for name in formats] + ["ipynb"]


def _write_manifest(staged: Path, plan: RenderPlan, document: Document) -> None:
    import datetime as dt

    from kulturdialog.data import provenance

    target = plan.target
    stated = dt.date.fromisoformat(document.info.date) if document.info.date else None
    record = provenance.record(list(plan.inputs), plan.values, stated, plan.root)
    record["outputs"] = {
        p.relative_to(staged).as_posix(): provenance.sha256(p)
        for p in sorted(staged.rglob("*"))
        if p.is_file()
    }
    record["notebook"] = target.notebook
    info = document.info
    record["document"] = {  # what the index of reports lists (index.py)
        "title": info.title,
        "diarienummer": info.diarienummer,
        "date": info.date,
        "language": info.language,
        "year": info.year,
    }
    record["render_key"] = plan.key  # content hash of every input: unchanged → skip
    (staged / target.manifest).write_text(
        json.dumps(record, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8"
    )
