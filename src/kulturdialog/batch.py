"""Render many years: in parallel worker processes, each year all-or-nothing, one summary."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path

from kulturdialog.errors import KulturdialogError

Progress = Callable[[int, str], None]
PRELOAD = [
    "kulturdialog.batch",
    "kulturdialog.render",
    "kulturdialog.execute",
    "kulturdialog.assemble",
    "kulturdialog.formats.html",
    "kulturdialog.formats.pdf",
    "kulturdialog.formats.docx",
    "kulturdialog.params",
    "papermill",
]


@dataclass(frozen=True)
class Outcome:
    """What happened to one year: rendered, skipped (unchanged) or failed (and why)."""

    year: int
    status: str
    seconds: float
    folder: Path | None = None
    error: str = ""


def render_one(
    year: int,
    notebook: str,
    force: bool,
    root: Path | None,
    progress: Progress | None = None,
    formats: tuple[str, ...] | None = None,
) -> Outcome:
    """Render a year, turning a user's error into a failed Outcome (bugs still raise)."""
    from kulturdialog.render import render_year

    started = time.perf_counter()
    try:
        options = {"formats": formats} if formats else {}
        done = render_year(year, root, notebook, progress=progress, force=force, **options)
    except KulturdialogError as err:
        return Outcome(year, "failed", time.perf_counter() - started, error=str(err))
    status = "skipped" if done.skipped else "rendered"
    return Outcome(year, status, time.perf_counter() - started, done.folder)


def render_many(
    years: list[int],
    notebook: str = "annual_summary",
    jobs: int | None = None,
    force: bool = False,
    root: Path | None = None,
    progress: Progress | None = None,
    formats: tuple[str, ...] | None = None,
) -> list[Outcome]:
    """Render `years` with up to `jobs` worker processes (default: one per core)."""
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(years)))
    if jobs == 1:
        return [render_one(year, notebook, force, root, progress, formats) for year in years]
    import multiprocessing

    # One fresh process per year, forked from a server that has already imported the heavy
    # modules: memory never builds up across years, and no year pays for the imports again.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOAD)
    with context.Manager() as manager:
        events = manager.Queue()
        pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=1)
        try:
            futures = [
                pool.submit(_work, year, notebook, force, root, events, formats) for year in years
            ]
            pending = set(futures)
            while pending:
                _drain(events, progress)
                done = {f for f in pending if f.done()}
                pending -= done
                if pending:
                    time.sleep(0.05)
            _drain(events, progress)
            outcomes = {f.result().year: f.result() for f in as_completed(futures)}
        except BaseException:
            for process in list(getattr(pool, "_processes", {}).values()):
                os.kill(process.pid, signal.SIGTERM)  # each worker unwinds and cleans up
            pool.shutdown(wait=True, cancel_futures=True)
            raise
        pool.shutdown()
    return [outcomes[year] for year in years]


def _work(year: int, notebook: str, force: bool, root: Path | None, events, formats) -> Outcome:
    progress = lambda y, stage: events.put((y, stage))  # noqa: E731
    return render_one(year, notebook, force, root, progress, formats)


def _drain(events, progress: Progress | None) -> None:
    while not events.empty():
        year, stage = events.get()
        if progress:
            progress(year, stage)
