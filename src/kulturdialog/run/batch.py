"""Render many years (and grid values): in parallel worker processes, each render all-or-nothing,
one summary. Each worker keeps one warm kernel for all its renders (kernel.KeptKernel): the
notebooks' imports are paid once per worker, and the kernel is put back to its state after the
imports before every run, so that each output is the same as a cold single render's."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from pathlib import Path
from queue import Queue
from typing import TYPE_CHECKING, Any

from kulturdialog.errors import KulturdialogError
from kulturdialog.run import stopping

if TYPE_CHECKING:
    from kulturdialog.run.kernel import KeptKernel
    from kulturdialog.run.params import Values
    from kulturdialog.run.render import Progress

Work = tuple[int, "Values | None"]  # a year, and a grid value's parameters
Event = tuple[str, str]  # a worker's progress: (what is rendered, stage)
PRELOAD = ["kulturdialog.run.prepared"]  # imported once by the fork server


@dataclass(frozen=True)
class Outcome:
    """What happened to one render: rendered, skipped (unchanged) or failed (and why)."""

    year: int
    status: str
    seconds: float
    folder: Path | None = None
    error: str = ""
    label: str = ""  # "2021", or "2021 0180" for one value of a grid


@dataclass(frozen=True)
class Batch:
    """What every render of a batch shares; each worker is handed it."""

    notebook: str = "annual_summary"
    force: bool = False
    root: Path | None = None
    formats: tuple[str, ...] | None = None  # None: the default formats
    office: Path | None = None  # the batch's LibreOffice, which lays out the Word files' pages


def render_one(
    year: int,
    batch: Batch,
    overrides: Values | None = None,
    progress: Progress | None = None,
    kept: KeptKernel | None = None,
) -> Outcome:
    """Render a year (in the `kept` kernel, if given), turning a user's error into a failed
    Outcome (bugs still raise)."""
    from kulturdialog.publish.target import Target
    from kulturdialog.run.render import render_year

    label = Target.of(year, batch.notebook, overrides).label
    started = time.perf_counter()
    options: dict[str, Any] = {"overrides": overrides} if overrides else {}
    if kept:
        options["kept"] = kept
    if batch.formats:
        options["formats"] = batch.formats
    try:
        done = render_year(
            year, batch.root, batch.notebook, progress=progress, force=batch.force, **options
        )
    except KulturdialogError as err:
        stopping.check()  # an interrupt that surfaced as a library's error is a stop
        return Outcome(year, "failed", time.perf_counter() - started, error=str(err), label=label)
    finally:
        if kept:
            _give_back_memory()  # a worker renders on: what this render freed goes back
    status = "skipped" if done.skipped else "rendered"
    return Outcome(year, status, time.perf_counter() - started, done.folder, label=label)


def render_many(
    years: list[int],
    notebook: str = "annual_summary",
    jobs: int | None = None,
    force: bool = False,
    root: Path | None = None,
    progress: Progress | None = None,
    formats: tuple[str, ...] | None = None,
    grid: list[Values] | None = None,
) -> list[Outcome]:
    """Render `years` (each for every parameter set of `grid`, if given) with up to `jobs`
    worker processes (default: one per core), each with one kernel kept warm for its renders."""
    sets: list[Values | None] = list(grid) if grid else [None]
    work = [(year, values) for year in years for values in sets]
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    batch = Batch(notebook, force, root, formats)
    if len(work) == 1:  # one render: a kernel of its own, which imports only what it needs
        return [render_one(y, batch, v, progress) for y, v in work]
    if not force and (skipped := _all_unchanged(work, batch, progress)):
        return skipped
    from kulturdialog.formats import DEFAULT, word_pages

    # One LibreOffice for all the batch's Word files, started while the first kernels boot.
    with word_pages.kept_office("docx" in (formats or DEFAULT)) as office:
        batch = replace(batch, office=office)
        if jobs == 1:
            return _render_here(work, batch, progress)
        return _render_in_workers(work, batch, jobs, progress)


def _all_unchanged(
    work: list[Work], batch: Batch, progress: Progress | None
) -> list[Outcome] | None:
    """The outcomes of a batch whose every render is unchanged since it was published: then no
    LibreOffice and no worker starts. None at the first render that is not (or that cannot be
    planned: its worker says why)."""
    from kulturdialog.formats import DEFAULT
    from kulturdialog.run.plan import RenderPlan
    from kulturdialog.run.render import unchanged

    found = []
    for year, values in work:
        started = time.perf_counter()
        try:
            plan = RenderPlan.build(
                year, batch.notebook, batch.root, values, batch.formats or DEFAULT
            )
        except KulturdialogError:
            return None
        published = unchanged(plan)
        if published is None:
            return None
        seconds = time.perf_counter() - started
        found.append(Outcome(year, "skipped", seconds, published.folder, label=plan.target.label))
    if progress:
        for outcome in found:
            progress(outcome.label, "skipped")
    return found


def _render_here(work: list[Work], batch: Batch, progress: Progress | None) -> list[Outcome]:
    """Render `work` one after another in this process, in one kept kernel."""
    from kulturdialog.formats import word_pages
    from kulturdialog.run.kernel import KeptKernel

    kept = KeptKernel()
    word_pages.use_office(batch.office)
    try:
        return [render_one(y, batch, v, progress, kept) for y, v in work]
    finally:
        word_pages.use_office(None)
        kept.close()


def _render_in_workers(
    work: list[Work], batch: Batch, jobs: int, progress: Progress | None
) -> list[Outcome]:
    """Render `work` in `jobs` worker processes, each in its kept kernel."""
    # Worker processes forked from a server that has already imported the heavy modules, each
    # rendering one value after another in its kept kernel. Where there is no fork (Windows) or
    # it is unsafe (macOS), each worker is a fresh interpreter ("spawn").
    context = multiprocessing.get_context(start_method())
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(PRELOAD)
    with context.Manager() as manager:
        events = manager.Queue()
        # The workers' progress reaches the display through the queue, read as it arrives.
        relay = threading.Thread(target=_relay, args=(events, progress), daemon=True)
        relay.start()
        # A worker stopped by SIGTERM unwinds like the CLI: its kernel shut down, nothing staged.
        pool = ProcessPoolExecutor(
            max_workers=jobs, mp_context=context, initializer=stopping.stop_on_signals
        )
        try:
            futures = {
                i: pool.submit(_work, y, v, batch, events)
                for i, (y, v) in _largest_first(work, batch)
            }
            wait(futures.values())
            outcomes = [futures[i].result() for i in range(len(work))]  # in the order asked
        except BaseException:
            _stop(events, relay)
            for process in multiprocessing.active_children():  # the workers and the manager
                if not process.name.startswith(type(manager).__name__):
                    process.terminate()  # a worker unwinds and cleans up (SIGTERM)
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        _stop(events, relay)
        pool.shutdown()
    return outcomes


def _largest_first(work: list[Work], batch: Batch) -> list[tuple[int, Work]]:
    """The renders with the most input first (longest processing time first), so that a batch
    does not end with one long render running alone; (index in `work`, item) pairs."""
    from kulturdialog import paths
    from kulturdialog.data import inputs

    base = paths.project_root(batch.root)
    sizes = {
        year: sum(f.stat().st_size for f in inputs.input_files(year, batch.notebook, base))
        for year in {year for year, _ in work}
    }
    return sorted(enumerate(work), key=lambda item: -sizes[item[1][0]])


def _stop(events: Queue[Event | None], relay: threading.Thread) -> None:
    events.put(None)
    relay.join()


def start_method() -> str:
    """How worker processes start: $KULTURDIALOG_START_METHOD (forkserver, spawn or fork), else
    forkserver on Linux and spawn elsewhere."""
    chosen = os.environ.get("KULTURDIALOG_START_METHOD", "").strip().lower()
    allowed = multiprocessing.get_all_start_methods()
    if chosen:
        if chosen not in allowed:
            raise KulturdialogError(
                f"KULTURDIALOG_START_METHOD={chosen!r}: not available here; "
                f"choose one of {', '.join(allowed)}"
            )
        return chosen
    return "forkserver" if sys.platform.startswith("linux") else "spawn"


def _work(
    year: int, overrides: Values | None, batch: Batch, events: Queue[Event | None]
) -> Outcome:
    from kulturdialog import memory
    from kulturdialog.formats import word_pages
    from kulturdialog.run.startup import spare_unused_imports

    spare_unused_imports()  # a spawned worker starts from scratch (the fork server did these)
    memory.fewer_arenas()
    word_pages.use_office(batch.office)  # the batch's LibreOffice lays out its Word files
    progress = lambda label, stage: events.put((label, stage))  # noqa: E731
    return render_one(year, batch, overrides, progress, _worker_kernel())


def _give_back_memory() -> None:
    """Return the memory a render freed to the system (memory.give_back), with what Typst
    remembers of the render's PDF (10 MB a report)."""
    from kulturdialog import memory
    from kulturdialog.formats import typesetter

    typesetter.forget_compilations()
    memory.give_back()


_KEPT: KeptKernel | None = None  # this worker process's kernel, kept for all its renders


def _worker_kernel() -> KeptKernel:
    """This process's kept kernel; shut down when the process ends."""
    global _KEPT
    if _KEPT is None:
        from multiprocessing import util

        from kulturdialog.run.kernel import KeptKernel

        _KEPT = KeptKernel()
        util.Finalize(None, _KEPT.close, exitpriority=10)  # a worker's end, as a batch ends
    return _KEPT


def _relay(events: Queue[Event | None], progress: Progress | None) -> None:
    """Hand each worker's progress to the display, until the batch ends (None)."""
    while (event := events.get()) is not None:
        if progress:
            progress(*event)
