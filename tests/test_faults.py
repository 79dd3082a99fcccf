"""Faults at any stage leave the last good report byte-identical and nothing half-written."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import digest

from kulturdialog.errors import RenderError
from kulturdialog.formats.pdf import PdfExporter
from kulturdialog.run.render import render_year

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).with_name("kulturdialog"))


def start_render(project: Path) -> subprocess.Popen:
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    return subprocess.Popen(
        [CLI, "render", "2021", "--verbose", "--force"],
        env=env,
        stderr=subprocess.PIPE,
        text=True,
        stdout=subprocess.DEVNULL,
    )


def wait_for(process: subprocess.Popen, stage: str) -> list[str]:
    seen = []
    for line in process.stderr:
        seen.append(line)
        if stage in line:
            return seen
    raise AssertionError(f"the render ended before '{stage}': {''.join(seen)}")


@pytest.mark.parametrize("stage", ["running the notebook", "writing the formats"])
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_killed_render_leaves_the_last_good_report_untouched(published, stage, sig):
    project, before = published
    process = start_render(project)
    wait_for(process, stage)
    process.send_signal(sig)
    _, rest = process.communicate(timeout=120)  # a hang fails the test instead of blocking
    assert process.returncode != 0
    assert digest(project / "reports/2021") == before
    if sig == signal.SIGTERM:
        assert "interrupted; the published reports are unchanged" in rest
        assert not any((project / "reports/.staging").iterdir())
    if sig == signal.SIGKILL and stage == "running the notebook":
        # The next render cleans up after a killed one and publishes the same bytes again.
        render_year(2021, project, force=True)
        assert not any((project / "reports/.staging").iterdir())
        assert digest(project / "reports/2021") == before


@pytest.mark.parametrize("stage", ["running the notebook", "writing the formats"])
def test_a_batch_stopped_by_sigterm_cleans_up_in_every_worker(published, stage):
    """The CLI stops its workers with SIGTERM: each unwinds as the CLI does (its kernel shut
    down, nothing left in staging), and no process of the batch outlives it."""
    import psutil

    project, before = published
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    command = [CLI, "render", "2020", "2021", "--jobs", "2", "--force", "--verbose"]
    process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    wait_for(process, stage)
    tree = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=120)
    assert process.returncode == 130, rest
    assert rest.rstrip().endswith("interrupted; the published reports are unchanged")
    assert psutil.wait_procs(tree, timeout=60)[1] == []  # workers, kernels, LibreOffice
    assert not any((project / "reports/.staging").iterdir())
    assert digest(project / "reports/2021") == before
    assert not (project / "reports/2020").exists()


def test_a_stop_whose_interrupt_was_lost_still_stops_the_render_before_it_publishes(
    published, monkeypatch
):
    """SIGTERM's KeyboardInterrupt, raised in a weakref callback or a destructor, is printed as
    "Exception ignored" and lost; the stop it asked for is not."""
    import threading

    from kulturdialog.run import execute, stopping

    project, before = published
    monkeypatch.setattr(stopping, "_ASKED", threading.Event())
    run = execute.execute

    def lost_interrupt(*args, **kwargs):
        done = run(*args, **kwargs)
        stopping._ASKED.set()  # as the signal handler does, before its interrupt is lost
        return done

    monkeypatch.setattr(execute, "execute", lost_interrupt)
    published_at = (project / "reports/2021/annual_summary.pdf").stat().st_mtime_ns
    with pytest.raises(KeyboardInterrupt):
        render_year(2021, project, force=True)
    assert digest(project / "reports/2021") == before
    # The same inputs make the same bytes: only the file's time tells whether it was published.
    assert (project / "reports/2021/annual_summary.pdf").stat().st_mtime_ns == published_at
    assert not any((project / "reports/.staging").iterdir())


def test_a_dying_kernel_is_reported_and_the_report_kept(published):
    project, before = published
    path = project / "notebooks/annual_summary.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(3, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(nb, path)
    with pytest.raises(RenderError) as err:
        render_year(2021, project)
    assert err.value.stage == "execute"
    assert digest(project / "reports/2021") == before


@pytest.mark.parametrize(
    "failure",
    [OSError(errno.ENOSPC, "No space left on device"), RuntimeError("the PDF engine crashed")],
)
def test_a_failing_pdf_stage_keeps_the_report_and_the_run(published, monkeypatch, failure):
    project, before = published

    def broken(self, document, target):
        Path(target).write_bytes(b"%PDF-1.7 half")
        raise failure

    monkeypatch.setattr(PdfExporter, "write", broken)
    with pytest.raises(RenderError) as err:
        render_year(2021, project, force=True)
    assert str(failure) in str(err.value)
    assert digest(project / "reports/2021") == before
    assert err.value.kept == project / "reports/_failed/2021/annual_summary"
    assert (err.value.kept / "annual_summary.html").is_file()


def test_two_renders_of_one_year_at_once_both_succeed(published):
    project, before = published
    first, second = start_render(project), start_render(project)
    assert first.wait(timeout=300) == 0 and second.wait(timeout=300) == 0
    import json

    manifest = json.loads((project / "reports/2021/manifest.json").read_text())
    files = digest(project / "reports/2021")
    assert {name: files[name] for name in manifest["outputs"]} == manifest["outputs"]
    assert files == before  # the same inputs: the same bytes, whichever render published last
    assert not any((project / "reports/.staging").iterdir())


def test_an_unchanged_year_is_skipped_and_a_changed_one_rendered(published):
    project, before = published
    assert render_year(2021, project).skipped
    assert digest(project / "reports/2021") == before
    params = project / "params/2021.yaml"
    params.write_text(params.read_text() + "compare: true\n")
    assert not render_year(2021, project).skipped
    assert render_year(2021, project).skipped
