"""Several years at once: parallel workers, one summary, a failed year does not stop the others."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scripted import run_python

pytestmark = pytest.mark.e2e
CLI = str(Path(sys.executable).with_name("kulturdialog"))


def test_years_render_in_parallel_and_a_broken_one_is_reported_at_the_end(project):
    meetings = project / "data/2021/meetings.csv"  # the latest: no other year compares with it
    meetings.write_text(
        meetings.read_text(encoding="utf-8").replace(",digital,", ",zoom,", 1), encoding="utf-8"
    )
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    run = subprocess.run(
        [CLI, "render", "2019", "2020", "2021", "--jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 1
    assert "2019: published reports/2019/" in run.stdout
    assert "2020: published reports/2020/" in run.stdout
    assert "2021: FAILED: 1 problem in data/2021:" in run.stderr
    assert "2 of 3 done (2 rendered, 0 unchanged); failed: 2021" in run.stderr
    assert not (project / "reports/2021").exists()
    for year in (2019, 2020):
        assert (project / f"reports/{year}/annual_summary.pdf").is_file()
    again = subprocess.run(
        [CLI, "render", "2019", "2020", "--jobs", "2"],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert again.returncode == 0
    assert again.stdout.count("unchanged since its last render, skipped") == 2


def test_a_batch_starts_with_the_largest_render_and_reports_in_the_order_asked(project):
    from kulturdialog.run.batch import Batch, _largest_first, render_many

    work = [(2019, None), (2020, None), (2021, None)]
    order = [i for i, _ in _largest_first(work, Batch(root=project))]
    assert order == [2, 1, 0]  # 2021 reads 2019 and 2020 as well: the most input
    outcomes = render_many([2019, 2020, 2021], jobs=2, root=project, formats=("html",))
    assert [o.year for o in outcomes] == [2019, 2020, 2021]
    assert all(o.status == "rendered" for o in outcomes)


def test_the_workers_preload_leaves_pandas_to_the_kernels():
    """A worker writes the formats; the data frames live in its kernel. The fork server's
    preload, which every worker starts from, imports no pandas (38 MB of each worker's RSS)."""
    code = "import sys, kulturdialog.run.prepared; print('pandas' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "False"


def test_a_grids_workers_hand_every_word_layout_to_the_one_libreoffice_kept_for_the_batch(project):
    code = (
        "from kulturdialog.formats import word_pages\n"
        "from kulturdialog.run.batch import render_many\n"
        "real = word_pages.lay_out\n"
        "def recording(docx, soffice):\n"
        "    print('laid out by', word_pages._office, flush=True)\n"
        "    return real(docx, soffice)\n"
        "word_pages.lay_out = recording\n"
        "grid = [{'municipality': c} for c in ('0180', '0114', '0117')]\n"
        "done = render_many([2021], 'municipality_profile', jobs=2, formats=('docx',), grid=grid)\n"
        "print([o.status for o in done])\n"
    )
    printed = run_python(code, project=project)
    assert "['rendered', 'rendered', 'rendered']" in printed
    offices = {line.split()[-1] for line in printed.splitlines() if "laid out by" in line}
    assert printed.count("laid out by") >= 3 and len(offices) == 1, printed
    office = Path(offices.pop())
    assert office.name.startswith("kulturdialog-office-") and not office.exists()  # ended with it


ARENAS = """
import ctypes, sys, tempfile, threading
if sys.argv[1] == "preload":
    import kulturdialog.run.prepared
together = threading.Barrier(8)

def allocate():
    kept = bytearray(200_000)  # a thread's first allocation takes it an arena
    together.wait()  # all at once: none finds another's arena free

threads = [threading.Thread(target=allocate) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
libc = ctypes.CDLL(None)
libc.fopen.restype = ctypes.c_void_p
libc.fopen.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
libc.malloc_info.argtypes = [ctypes.c_int, ctypes.c_void_p]
libc.fclose.argtypes = [ctypes.c_void_p]
with tempfile.NamedTemporaryFile(mode="r") as report:
    stream = libc.fopen(report.name.encode(), b"w")
    libc.malloc_info(0, stream)
    libc.fclose(stream)
    print(report.read().count("<heap nr="))
"""


def test_the_workers_preload_keeps_malloc_to_two_arenas():
    """Each arena keeps memory freed in it: eight threads at once take nine without the limit."""

    def arenas(mode: str) -> int:
        return int(run_python(ARENAS, mode, timeout=120))

    assert arenas("plain") > 2
    assert arenas("preload") == 2


def test_an_unchanged_batch_starts_no_libreoffice_and_no_worker(project, monkeypatch):
    """Every render unchanged: told at once, as each worker would have; one render changed:
    the workers start."""
    from kulturdialog.formats import word_pages
    from kulturdialog.run import batch

    grid = [{"municipality": "0180"}, {"municipality": "0114"}]
    ask = dict(root=project, grid=grid, formats=("html",), jobs=2)
    first = batch.render_many([2021], "municipality_profile", **{**ask, "jobs": 1})
    assert [o.status for o in first] == ["rendered", "rendered"], [o.error for o in first]
    started: list[str] = []
    monkeypatch.setattr(word_pages, "kept_office", lambda *a: started.append("office") or 1 / 0)
    monkeypatch.setattr(batch, "_render_in_workers", lambda *a: started.append("workers") or [])
    told: list[tuple[str, str]] = []
    again = batch.render_many(
        [2021], "municipality_profile", progress=lambda *e: told.append(e), **ask
    )
    assert [(o.status, o.label) for o in again] == [
        ("skipped", "2021 0180"),
        ("skipped", "2021 0114"),
    ]
    assert told == [("2021 0180", "skipped"), ("2021 0114", "skipped")] and not started
    (project / "reports/2021/municipality_profile/0114/municipality_profile-0114.html").write_text(
        "x"
    )
    with pytest.raises(ZeroDivisionError):  # the office is asked for: the workers would start
        batch.render_many([2021], "municipality_profile", **ask)
    assert started == ["office"]
