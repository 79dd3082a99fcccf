#!/usr/bin/env python
"""Benchmark the render pipeline against the floor and the usual papermill → nbconvert → weasyprint.

Run from the project root after `make setup`:  .venv/bin/python scripts/benchmark.py [--runs 5]

Every round makes fresh copies of the project and runs every measurement once, so the
measurements are interleaved; the table shows medians (min–max) over --runs rounds, ratios to
the floor and to the usual chain taken within each round. A last round, untimed, samples the
peak memory of the whole process tree (kernels included) and, for renders, of each worker
process with its kernel. A --verbose render gives each stage's time. A final block compares
the figures with the targets. Results go to reports/benchmarks/results.csv. Then the input
checks: `kulturdialog validate` on the sample, on 200 000 observations (valid, and each with an
error) and on a zip bomb, timed --runs times and their memory sampled once (--inputs-only: these
alone, without renders). Then the grid: the 26 municipality profiles as 26 cold single renders
against one `--each municipality --jobs 2` grid on warm kernels, the grid again unchanged
(skipped), and, with --baseline REV, the batch of every year with this code against the same
batch with the package as it was at git revision REV (--grid-only: the grid alone).

The usual chain uses WeasyPrint's CLI from a separate venv (WeasyPrint is not a dependency of
the project), made once in .bench/weasyprint-venv/; WeasyPrint needs Pango from the system.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SYNTHETIC_YEARS = range(2022, 2030)  # 8 years made from 2021, after the sample years
SAMPLE_YEARS = (2019, 2020, 2021)
FORMATS = ("--formats", "html,pdf,docx")  # the three formats, whatever the default becomes
WEASYPRINT = "weasyprint==70.0"
WEASYPRINT_VENV = ROOT / ".bench" / "weasyprint-venv"
PANGO = ("libpango-1.0-0", "libpangoft2-1.0-0", "libharfbuzz-subset0")
PANGO_LIBRARIES = ("pango-1.0", "pangoft2-1.0", "harfbuzz-subset")
SAMPLE_EVERY = 0.02  # seconds between memory samples (in the untimed memory round)
CPU_EVERY = 0.1  # seconds between CPU samples in timed runs
MB = 2**20
KERNELS = ("ipykernel", "kulturdialog.run.launch")  # what a kernel's command line holds
CGROUPS = Path("/sys/fs/cgroup/memory")  # cgroup v1's memory controller (Linux, as root)
PLACE_EVERY = 0.002  # seconds between looks for new workers to put in memory cgroups

TARGETS = {  # name → (limit, comparison, unit)
    "one cold year, 3 formats / usual chain": (0.5, "≤", "×"),
    "PDF stage of a render": (0.3, "≤", "s"),
    "unchanged year (skipped)": (0.2, "<", "s"),
    "preview re-render, warm kernel": (1.0, "≤", "s"),
    "batch --jobs 2 / --jobs 1": (0.55, "≤", "×"),
    "peak memory (PSS) per worker + its kernel": (350, "<", "MB"),
}
MEMORY_NOTE = (
    "PSS divides each shared page among the processes sharing it and is what the targets are "
    "judged on;\n  RSS counts shared library code and the fork server's pages once per "
    "process, an upper bound;\n  charged: the peak of the worker's own memory cgroup, what the "
    "machine itself charged (as root\n  on Linux with cgroup v1 only)"
)

FLOOR = """
from kulturdialog.analysis.report import open_report
report = open_report(2021)
for section in ("title_block", "ingress", "figures_section", "theme_sections",
                "cooperation_section", "needs_section", "comparison_section", "appendix"):
    getattr(report, section)()
"""

# In one warm process: the analysis (the notebook's sections, without a kernel) assembled into
# the content model and written in every format; then the preview's re-render in a warm kernel.
WARM = """
import json, statistics, sys, time
from pathlib import Path

import nbformat

from kulturdialog.content import assemble
from kulturdialog.analysis import report
from kulturdialog.formats import exporter
from kulturdialog.run.preview import Previewer

SECTIONS = ("title_block", "ingress", "figures_section", "theme_sections",
            "cooperation_section", "needs_section", "comparison_section", "appendix")
out, n = Path(sys.argv[1]), int(sys.argv[2])
writers = {name: exporter(name) for name in ("html", "pdf", "docx")}


def analysis():
    r = report.open_report(2021)
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {"parameters": {"year": 2021}}
    for name in SECTIONS:
        shown = getattr(r, name)()
        if shown is None:
            continue
        bundle = shown._repr_mimebundle_()
        data, meta = bundle if isinstance(bundle, tuple) else (bundle, {})
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=meta)]
        nb.cells.append(cell)
    return assemble.document(nb, "benchmark")


def all_formats(folder):
    folder.mkdir()  # every write makes a new file, as in a render's staging folder
    times = {}
    t = time.perf_counter()
    document = analysis()
    times["analysis"] = time.perf_counter() - t
    for name, writer in writers.items():
        t = time.perf_counter()
        writer.write(document, folder / f"warm.{writer.extension}")
        times[name] = time.perf_counter() - t
    times["total"] = sum(times.values())
    return times


for writer in writers.values():
    writer.prepare()  # as a render does while its kernel boots
first = all_formats(out / "first")  # each format's first write in this process, as in a render
runs = [all_formats(out / str(i)) for i in range(n)]
result = {key: statistics.median(r[key] for r in runs) for key in runs[0]}
result.update({f"first {key}": value for key, value in first.items()})


def edit(path, old, new):  # as an analyst between two previews (and back, the next time)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1) if old in text else text.replace(new, old, 1),
                    encoding="utf-8")


data, notebook = Path("data/2021/observations.csv"), Path("notebooks/annual_summary.ipynb")
previewer = Previewer(2021)
previewer.render()  # warm up: the kernel has imported the package
for name, path, old, new in (
    ("preview, data edited", data, "stå tillbaka.", "stå tillbaka!"),
    ("preview, notebook edited", notebook, "Renders one year", "Renders  one year"),
):
    seconds = []
    for _ in range(n):
        edit(path, old, new)
        time.sleep(0.5)  # as the preview's file watcher: the next render starts after a poll
        seconds.append(previewer.render())
    result[name] = statistics.median(seconds)
previewer.close()
print(json.dumps(result))
"""


# --- setup -----------------------------------------------------------------------------------


def need_psutil():
    try:
        import psutil
    except ImportError:
        raise SystemExit(
            "The benchmark measures memory with psutil, which is not a requirement of the "
            f"project. Install it into the venv: {BIN / 'pip'} install psutil"
        ) from None
    return psutil


def missing_pango() -> list[str]:
    """The Debian packages WeasyPrint needs that are not installed."""
    if shutil.which("dpkg-query"):
        missing = []
        for package in PANGO:
            status = subprocess.run(
                ["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True
            ).stdout
            if "install ok installed" not in status:
                missing.append(package)
        return missing
    from ctypes.util import find_library

    return [p for p, lib in zip(PANGO, PANGO_LIBRARIES, strict=True) if not find_library(lib)]


def weasyprint_cli() -> Path:
    """WeasyPrint's CLI in its own venv (.bench/weasyprint-venv/), made once and reused."""
    missing = missing_pango()
    if missing:
        raise SystemExit(
            "The usual chain's WeasyPrint needs Pango. Install it, then run again:\n"
            f"  sudo apt-get install -y {' '.join(missing)}"
        )
    cli = WEASYPRINT_VENV / "bin" / "weasyprint"
    wanted = WEASYPRINT.split("==")[1]
    if cli.is_file():
        version = subprocess.run([str(cli), "--version"], capture_output=True, text=True).stdout
        if wanted in version:
            return cli
    print(f"making {WEASYPRINT_VENV.relative_to(ROOT)}/ with {WEASYPRINT} …", file=sys.stderr)
    shutil.rmtree(WEASYPRINT_VENV, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(WEASYPRINT_VENV)], check=True)
    pip = [str(WEASYPRINT_VENV / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
    done = subprocess.run([*pip, "install", "--quiet", WEASYPRINT])
    if done.returncode != 0 or not cli.is_file():
        raise SystemExit(f"could not install {WEASYPRINT} into {WEASYPRINT_VENV}")
    return cli


def project_copy(target: Path, synthetic: bool = False) -> Path:
    for name in ("data", "params", "notebooks"):
        shutil.copytree(ROOT / name, target / name)
    for name in ("requirements.lock", "kulturdialog.yaml"):
        shutil.copy(ROOT / name, target / name)
    (target / "pyproject.toml").write_text("# benchmark copy\n")
    if synthetic:
        for year in SYNTHETIC_YEARS:
            synthetic_year(target / "data", year, random.Random(year))
    return target


def synthetic_year(data: Path, year: int, rng: random.Random) -> None:
    """2021's rows moved to `year`, each meeting kept with probability 0.85 (seeded)."""
    folder = data / str(year)
    folder.mkdir()
    (folder / "year.yaml").write_text(f"# Synthetic year for the benchmark.\nyear: {year}\n")
    source = data / "2021"
    meetings = list(csv.DictReader((source / "meetings.csv").open(encoding="utf-8")))
    kept = [m for m in meetings if rng.random() < 0.85] or meetings[:1]
    ids = {m["meeting_id"] for m in kept}
    for m in kept:
        m["date"] = f"{year}{m['date'][4:]}"
        m["participants"] = str(max(1, int(m["participants"]) + rng.randint(-5, 5)))
    write(folder / "meetings.csv", kept)
    observations = [
        o
        for o in csv.DictReader((source / "observations.csv").open(encoding="utf-8"))
        if o["meeting_id"] in ids
    ]
    write(folder / "observations.csv", observations)
    for name in ("needs.csv", "cooperation.csv"):
        shutil.copy(source / name, folder / name)


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# --- measuring -------------------------------------------------------------------------------


@dataclass
class Sample:
    seconds: float  # wall time of all the commands
    steps: list[float]  # wall time of each command
    peak_mb: float  # the whole process tree, kernels included
    worker_mb: float  # the largest worker process with its kernel (the tree if no workers)
    worker_pss_mb: float = 0.0  # the same as PSS: pages shared with others counted in part
    worker_charged_mb: float | None = None  # the same as the machine charged it (memory cgroup)
    cpu_s: float = 0.0  # CPU seconds (user + system) of the process tree
    others: float = 0.0  # cores that other processes on the machine kept busy meanwhile
    stdout: str = ""
    stderr: str = ""


@dataclass
class Tree:
    """Samples the memory of a process tree: the whole, and each worker's subtree.

    A worker is a child of multiprocessing's fork server (`--jobs` > 1) that started a kernel;
    without a fork server the process itself is the one worker. A worker's memory is measured
    three ways. RSS counts every page each process maps, so the library code and the fork
    server's preloaded pages that the worker, its kernel and the other workers share are counted
    once per process: an upper bound. PSS divides each shared page among the processes sharing
    it (the target is judged on it). Where the machine allows (cgroup v1, as root), `place` puts
    each worker in a memory cgroup of its own as it starts, with the kernel it starts later: the
    group's peak is what the machine itself charged for the worker, its kernel and the files
    they wrote (the pages it shares with the fork server stay charged to the fork server).
    """

    root: object
    peak: float = 0.0
    workers: dict[int, float] = field(default_factory=dict)
    workers_pss: dict[int, float] = field(default_factory=dict)
    with_kernel: set[int] = field(default_factory=set)
    cpu: dict[int, float] = field(default_factory=dict)  # pid → CPU seconds, last seen
    groups: dict[int, Path] = field(default_factory=dict)  # worker → its memory cgroup
    charged: dict[int, float] = field(default_factory=dict)  # worker → its cgroup's peak, MB

    def sample_cpu(self, psutil) -> None:
        """Only each process's CPU seconds (cheap: /proc/PID/stat), for timed runs: a fork
        server's workers are never reaped by the process that is timed."""
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        for p in tree:
            try:
                times = p.cpu_times()
            except psutil.Error:
                continue
            self.cpu[p.pid] = max(self.cpu.get(p.pid, 0.0), times.user + times.system)

    def sample(self, psutil) -> None:
        try:
            tree = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:
            return
        rss, pss, parent, cmdline = {}, {}, {}, {}
        for p in tree:
            try:
                with p.oneshot():
                    memory = p.memory_full_info()
                    found = memory.rss / MB, memory.pss / MB, p.ppid(), " ".join(p.cmdline())
                    times = p.cpu_times()
                rss[p.pid], pss[p.pid], parent[p.pid], cmdline[p.pid] = found
                self.cpu[p.pid] = max(self.cpu.get(p.pid, 0.0), times.user + times.system)
            except psutil.Error:
                continue
        servers = {
            pid
            for pid, line in cmdline.items()
            if "forkserver" in line and "forkserver" not in cmdline.get(parent[pid], "")
        }
        for pid in list(rss):  # a fork about to exec (a kernel starting) is its parent's copy
            if cmdline[pid] == cmdline.get(parent[pid]) and parent[pid] not in servers:
                del rss[pid], pss[pid]
        self.peak = max(self.peak, sum(rss.values()))
        workers = [pid for pid in rss if parent[pid] in servers] or [self.root.pid]
        workers = [pid for pid in workers if pid in rss]  # the root may just have exited
        children: dict[int, list[int]] = {}
        for pid in rss:
            children.setdefault(parent[pid], []).append(pid)
        for worker in workers:
            subtree, todo = [], [worker]
            while todo:
                pid = todo.pop()
                subtree.append(pid)
                todo.extend(children.get(pid, []))
                if any(kernel in cmdline[pid] for kernel in KERNELS):
                    self.with_kernel.add(worker)
            total = sum(rss.get(pid, 0.0) for pid in subtree)
            self.workers[worker] = max(self.workers.get(worker, 0.0), total)
            total = sum(pss.get(pid, 0.0) for pid in subtree)
            self.workers_pss[worker] = max(self.workers_pss.get(worker, 0.0), total)

    def worker_peak(self, pss: bool = False) -> float:
        peaks = self.workers_pss if pss else self.workers
        found = [mb for pid, mb in peaks.items() if pid in self.with_kernel]
        return max(found or peaks.values() or [0.0])

    def place(self, psutil, done: threading.Event) -> None:
        """Until `done`: put each new child of the fork server in a memory cgroup of its own,
        within PLACE_EVERY of its start (before it starts a kernel, which then belongs to it)."""
        server = None
        while not done.is_set():
            try:
                if server is None:
                    server = next(
                        (p for p in self.root.children() if "forkserver" in " ".join(p.cmdline())),
                        None,
                    )
                workers = server.children() if server else []
            except psutil.Error:
                workers = []
            for worker in workers:
                if worker.pid not in self.groups:
                    group = CGROUPS / f"kulturdialog-benchmark-{os.getpid()}-{worker.pid}"
                    group.mkdir()
                    self.groups[worker.pid] = group
                    with contextlib.suppress(OSError):  # it has just ended
                        (group / "cgroup.procs").write_text(str(worker.pid))
            done.wait(PLACE_EVERY)

    def release(self) -> None:
        """Read each memory cgroup's peak and remove the groups (their processes have ended)."""
        for pid, group in self.groups.items():
            self.charged[pid] = int((group / "memory.max_usage_in_bytes").read_text()) / MB
            for _ in range(100):  # a process just reaped may hold its group a moment longer
                try:
                    group.rmdir()
                    break
                except OSError:
                    time.sleep(0.05)

    def charged_peak(self) -> float | None:
        found = [mb for pid, mb in self.charged.items() if pid in self.with_kernel]
        return max(found) if found else None


def cgroups_usable() -> bool:
    """Whether this process may make memory cgroups (cgroup v1's controller, as root)."""
    try:
        probe = Path(tempfile.mkdtemp(prefix="kulturdialog-benchmark-", dir=CGROUPS))
    except OSError:
        return False
    probe.rmdir()
    return True


def measure(
    psutil, commands: list[list[str]], cwd: Path, env: dict, memory: bool = False
) -> Sample:
    """Run the commands one after another, timing each and sampling the CPU seconds of the
    process tree; with `memory`, its memory too (reading every process's smaps every 20 ms takes
    a good part of a core: timed runs go without it, memory is measured in runs of its own)."""
    steps, peak, worker, worker_pss, out, err, cpu, busy = [], 0.0, 0.0, 0.0, [], [], 0.0, 0.0
    charged: float | None = None
    grouped = memory and cgroups_usable()
    for command in commands:
        machine, reaped = psutil.cpu_times(), resource.getrusage(resource.RUSAGE_CHILDREN)
        with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
            started = time.perf_counter()
            process = psutil.Popen(command, cwd=cwd, env=env, stdout=stdout, stderr=stderr)
            tree, done = Tree(process), threading.Event()

            def sample(tree=tree, done=done):
                while not done.is_set():
                    if memory:
                        tree.sample(psutil)
                    else:
                        tree.sample_cpu(psutil)
                    done.wait(SAMPLE_EVERY if memory else CPU_EVERY)

            threads = [threading.Thread(target=sample, daemon=True)]
            if grouped:
                threads.append(threading.Thread(target=tree.place, args=(psutil, done)))
            for thread in threads:
                thread.start()
            code = process.wait()
            steps.append(time.perf_counter() - started)
            done.set()
            for thread in threads:
                thread.join()
            tree.release()
            now = resource.getrusage(resource.RUSAGE_CHILDREN)
            reaped = now.ru_utime + now.ru_stime - reaped.ru_utime - reaped.ru_stime
            cpu += max(reaped, sum(tree.cpu.values()))
            busy += _busy(psutil.cpu_times()) - _busy(machine)
            stdout.seek(0)
            stderr.seek(0)
            out.append(stdout.read())
            err.append(stderr.read())
        if code != 0:
            shown = " ".join(c if len(c) < 80 else c.strip().splitlines()[0] for c in command)
            raise Failed(f"failed ({code}): {shown} …\n{err[-1][-3000:]}")
        peak, worker = max(peak, tree.peak), max(worker, tree.worker_peak())
        worker_pss = max(worker_pss, tree.worker_peak(pss=True))
        if (found := tree.charged_peak()) is not None:
            charged = max(charged or 0.0, found)
    others = max(0.0, busy - cpu) / sum(steps)
    return Sample(
        sum(steps),
        steps,
        peak,
        worker,
        worker_pss,
        charged,
        cpu,
        others,
        "".join(out),
        "".join(err),
    )


def _busy(times) -> float:
    """CPU seconds the whole machine has spent busy (all cores)."""
    return sum(times) - times.idle - getattr(times, "iowait", 0.0)


# --verbose lines: "2021: writing the formats (+1.1 s)": seconds since the label's previous stage
STAGE_LINE = re.compile(r"^(?P<label>\S+): (?P<stage>.+?) \(\+(?P<seconds>[0-9.]+) s\)$")
STAGE_NAMES = {  # the stage a line starts → the name of the stage it ends
    "checking the input": "startup: imports, render key",
    "running the notebook": "checking the input (kernel boots meanwhile)",
    "writing the formats": "running the notebook + assembling",
    "published": "writing the formats, two at a time; publishing",
}


def stage_times(stderr: str) -> dict[str, float]:
    """Each stage's seconds: a line's seconds belong to the stage before it."""
    times = {}
    for line in stderr.splitlines():
        found = STAGE_LINE.match(line.strip())
        if found and found["stage"] in STAGE_NAMES:
            times[STAGE_NAMES[found["stage"]]] = float(found["seconds"])
    return times


# --- the benchmark ---------------------------------------------------------------------------

CHAIN = "usual chain: papermill → nbconvert → weasyprint"
CHAIN_STEPS = (
    "  papermill (CLI)",
    "  jupyter nbconvert --to html --no-input",
    "  weasyprint (CLI)",
)
FLOOR_NAME = "floor: analysis as a plain script"
COLD = "this project: one year, cold, 3 formats"
VERBOSE = "  the same, --verbose (stage times)"
SKIPPED = "this project: one year, unchanged (skipped)"
WARM_NAME = "warm process: analysis + HTML + PDF + Word"
WARM_STEPS = {
    "analysis": "  analysis (sections → Document)",
    "html": "  HTML",
    "pdf": "  PDF (Typst)",
    "docx": "  Word",
}
FIRST_STEPS = {  # a render's stages: each exporter prepared while the kernel boots, then written
    "first html": "  HTML, first write in a fresh process",
    "first pdf": "  PDF (Typst), first write in a fresh process",
    "first docx": "  Word, first write in a fresh process",
}
PREVIEW = "preview re-render after a data edit (HTML)"
PREVIEW_NOTEBOOK = "preview re-render after a notebook edit (HTML)"
YEARS = [str(y) for y in (*SAMPLE_YEARS, *SYNTHETIC_YEARS)]
JOBS1 = f"batch of {len(YEARS)} years, sequential (--jobs 1)"
JOBS2 = f"batch of {len(YEARS)} years, --jobs 2"


class Failed(Exception):
    """A command of a measurement failed: the round is left out."""


def code_snapshot(scratch: Path) -> dict:
    """The package as it is now, copied: the environment that makes every process (kernels
    too) import the copy, so that edits to src/ during the benchmark change nothing."""
    code = scratch / "src"
    shutil.copytree(
        ROOT / "src" / "kulturdialog",
        code / "kulturdialog",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    path = [str(code), *filter(None, [os.environ.get("PYTHONPATH")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(path)}


def one_round(
    psutil, scratch: Path, run: int, weasyprint: Path, warm_runs: int, base: dict
) -> dict:
    """Every measurement once, in fresh copies of the project; name → Sample (or seconds)."""
    folder = scratch / f"round-{run}"
    one = project_copy(folder / "one")
    env_one = {**base, "KULTURDIALOG_ROOT": str(one)}
    kd, py = str(BIN / "kulturdialog"), str(BIN / "python")
    chain_dir = folder / "chain"
    chain_dir.mkdir()
    chain = [
        [
            str(BIN / "papermill"),
            str(one / "notebooks/annual_summary.ipynb"),
            "out.ipynb",
            "-f",
            str(one / "params/2021.yaml"),
            "--no-progress-bar",
        ],
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", "out.ipynb"],
        [str(weasyprint), "out.html", "out.pdf"],
    ]
    got: dict = {}
    got[FLOOR_NAME] = measure(psutil, [[py, "-c", FLOOR]], chain_dir, env_one)
    got[CHAIN] = measure(psutil, chain, chain_dir, env_one)
    cold = [kd, "render", "2021", "--force", *FORMATS]
    got[COLD] = measure(psutil, [[*cold, "--quiet"]], one, env_one)
    got[SKIPPED] = measure(psutil, [[kd, "render", "2021", *FORMATS]], one, env_one)
    if "skipped" not in got[SKIPPED].stdout:  # the render key changed: e.g. src/ was edited
        print(
            f"round {run + 1}: 2021 was rendered again instead of skipped (an input or the "
            f"package's code changed meanwhile); this round's skip is left out",
            file=sys.stderr,
        )
        got[SKIPPED] = None
    got[VERBOSE] = measure(psutil, [[*cold, "--verbose"]], one, env_one)
    warm_dir = folder / "warm"
    warm_dir.mkdir()
    warm = measure(psutil, [[py, "-c", WARM, str(warm_dir), str(warm_runs)]], one, env_one)
    got["warm"] = json.loads(warm.stdout.strip().splitlines()[-1])
    batches = [(JOBS1, "1"), (JOBS2, "2")]
    for name, jobs in batches if run % 2 == 0 else batches[::-1]:  # alternate which goes first
        many = project_copy(folder / f"many-{jobs}", synthetic=True)
        env_many = {**base, "KULTURDIALOG_ROOT": str(many)}
        batch = [kd, "render", *YEARS, "--force", *FORMATS, "--quiet", "--jobs", jobs]
        got[name] = measure(psutil, [batch], many, env_many)
    shutil.rmtree(folder)
    return got


def memory_round(psutil, scratch: Path, base: dict) -> dict:
    """The memory of a cold render and of both batches, sampled all along: name → Sample."""
    folder = scratch / "memory"
    one = project_copy(folder / "one")
    kd = str(BIN / "kulturdialog")
    env_one = {**base, "KULTURDIALOG_ROOT": str(one)}
    cold = [kd, "render", "2021", "--force", *FORMATS, "--quiet"]
    got = {COLD: measure(psutil, [cold], one, env_one, memory=True)}
    for name, jobs in ((JOBS1, "1"), (JOBS2, "2")):
        many = project_copy(folder / f"many-{jobs}", synthetic=True)
        env_many = {**base, "KULTURDIALOG_ROOT": str(many)}
        batch = [kd, "render", *YEARS, "--force", *FORMATS, "--quiet", "--jobs", jobs]
        got[name] = measure(psutil, [batch], many, env_many, memory=True)
    shutil.rmtree(folder)
    return got


# --- input checks: `kulturdialog validate` on big, broken and hostile input -------------------

VALIDATE = """
import sys
from kulturdialog.cli import main
sys.exit(0 if main(["validate", "2021"]) == int(sys.argv[1]) else 3)
"""
MANY_ROWS = 200_000
BOMB_MB = 600  # shared strings of the zip bomb, expanded (1.6 MB on disk)
INPUT_CHECKS = {  # name → (how data/2021 is changed, the exit code expected of validate)
    "validate 2021 (sample)": (None, 0),
    f"validate {MANY_ROWS:,} valid observations": ("valid rows", 0),
    f"validate {MANY_ROWS:,} observations, an error in each": ("bad rows", 1),
    f"validate {MANY_ROWS:,} needs in dialogues.xlsx, an error in each": ("bad workbook", 1),
    f"validate a zip bomb: {BOMB_MB} MB of shared strings": ("zip bomb", 1),
}
INPUT_TARGETS = {  # s, median
    f"validate {MANY_ROWS:,} observations, an error in each": 30.0,
    f"validate {MANY_ROWS:,} needs in dialogues.xlsx, an error in each": 30.0,
}


def input_project(target: Path, change: str | None) -> Path:
    """A project copy with data/2021 changed: many observations (valid or each with an unknown
    theme), or made one dialogues.xlsx whose shared strings expand to BOMB_MB."""
    root = project_copy(target)
    folder = root / "data" / "2021"
    if change in ("valid rows", "bad rows"):
        path = folder / "observations.csv"
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
        theme = {"theme": "unknown_theme"} if change == "bad rows" else {}
        write(path, [{**rows[i % len(rows)], **theme} for i in range(MANY_ROWS)])
    elif change == "bad workbook":
        bad_workbook(folder)
    elif change == "zip bomb":
        zip_bomb(folder)
    return root


def bad_workbook(folder: Path) -> None:
    """The year's CSV files as one dialogues.xlsx as openpyxl saves it (`kulturdialog export`:
    inline strings, stated dimensions), its needs sheet MANY_ROWS rows long, each need with an
    unknown theme."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        header, *rows = csv.reader(path.open(encoding="utf-8", newline=""))
        sheet.append(header)
        if path.stem == "needs":
            theme, need_id = header.index("theme"), header.index("need_id")
            for i in range(MANY_ROWS):
                row = list(rows[i % len(rows)])
                row[theme], row[need_id] = "unknown_theme", f"B2021-{i + 1:06d}"
                sheet.append(row)
        else:
            for row in rows:
                sheet.append(row)
        path.unlink()
    book.save(folder / "dialogues.xlsx")


def zip_bomb(folder: Path) -> None:
    """The year's CSV files as one dialogues.xlsx, with BOMB_MB of shared strings added."""
    import zipfile

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for path in sorted(folder.glob("*.csv")):
        sheet = book.create_sheet(path.stem)
        for row in csv.reader(path.open(encoding="utf-8", newline="")):
            sheet.append(row)
        path.unlink()
    plain = folder / "plain.xlsx"
    book.save(plain)
    strings = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts = {
        "[Content_Types].xml": (
            b"</Types>",
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{strings}"/></Types>',
        ),
        "xl/_rels/workbook.xml.rels": (
            b"</Relationships>",
            f'<Relationship Id="rIdBomb" Type="{relation}" Target="sharedStrings.xml"/>'
            "</Relationships>",
        ),
    }
    with (
        zipfile.ZipFile(plain) as source,
        zipfile.ZipFile(folder / "dialogues.xlsx", "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename in parts:
                end, added = parts[item.filename]
                data = data.replace(end, added.encode())
            target.writestr(item.filename, data)
        with target.open("xl/sharedStrings.xml", "w") as stream:
            stream.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            block = (b"<si><t>" + b"x" * 1000 + b"</t></si>") * 1000
            for _ in range(BOMB_MB * MB // len(block)):
                stream.write(block)
            stream.write(b"</sst>")
    plain.unlink()


def input_checks(psutil, scratch: Path, base: dict, runs: int) -> dict[str, list[Sample]]:
    """Each input check timed `runs` times, then once more sampling memory: name → Samples,
    the memory sample last."""
    found: dict[str, list[Sample]] = {}
    for name, (change, code) in INPUT_CHECKS.items():
        root = input_project(scratch / "inputs", change)
        env = {**base, "KULTURDIALOG_ROOT": str(root)}
        command = [[str(BIN / "python"), "-c", VALIDATE, str(code)]]
        found[name] = [
            measure(psutil, command, root, env, memory=run == runs) for run in range(runs + 1)
        ]
        shutil.rmtree(root)
        print(f"input check done: {name}", file=sys.stderr)
    return found


def report_inputs(found: dict[str, list[Sample]], runs: int) -> None:
    """Print the input checks (time: medians of the timed runs; peak memory: the last run)."""
    print(f"\ninput checks: `kulturdialog validate 2021` ({runs} runs; peak of one more run)")
    print(f"{'check':55} {'median s':>8} {'min–max s':>11} {'peak MB':>7} {'message lines':>13}")
    for name, samples in found.items():
        timed = [s.seconds for s in samples[:-1]]
        lines = len(samples[-1].stderr.splitlines())
        print(
            f"{name:55} {statistics.median(timed):8.2f} {spread(timed):>11} "
            f"{samples[-1].peak_mb:7.0f} {lines:13}"
        )
    for name, limit in INPUT_TARGETS.items():
        value = statistics.median(s.seconds for s in found[name][:-1])
        verdict = "PASS" if value < limit else "MISS"
        print(f"  target: {name} < {limit:g} s: {value:.2f} s {verdict}")


# --- the grid: 26 profiles on warm kernels against 26 cold single renders ---------------------

PROFILE = "municipality_profile"
GRID_COLD = "26 profiles: 26 cold single renders (-p), one after another"
GRID = "26 profiles: one grid, --each --jobs 2 (warm kernels)"
GRID_SKIP = "26 profiles: the grid again, unchanged (skipped)"
BATCH_NOW = f"batch of {len(YEARS)} years, --jobs 2, this code"
BATCH_BASE = f"batch of {len(YEARS)} years, --jobs 2, baseline"
GRID_TARGETS = {  # name → (limit, comparison, unit)
    "grid / 26 cold single renders": (0.25, "≤", "×"),
    "batch, this code / baseline": (1.0, "≤", "×"),
    "peak memory (PSS) per grid worker + its kernel": (350, "<", "MB"),
    "peak memory (PSS) per batch worker + its kernel": (350, "<", "MB"),
}


def baseline_env(scratch: Path, revision: str) -> dict:
    """The environment that makes every process import the package as it was at `revision`."""
    code = scratch / "baseline-src"
    code.mkdir()
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "src/kulturdialog"],
        capture_output=True,
        check=True,
    ).stdout
    subprocess.run(["tar", "-x", "-C", str(code)], input=archive, check=True)
    return {**os.environ, "PYTHONPATH": str(code / "src")}


def municipality_codes(root: Path) -> list[str]:
    path = root / "data/reference/municipalities.csv"
    return [row["code"] for row in csv.DictReader(path.open(encoding="utf-8-sig"))]


def grid_round(psutil, scratch: Path, run: int, base: dict, baseline: dict | None) -> dict:
    """The 26 profiles cold one by one, then as one grid, then the grid unchanged; the batch of
    every year with this code and (if given) the baseline's, in alternating order."""
    folder = scratch / f"grid-{run}"
    kd = str(BIN / "kulturdialog")
    one = project_copy(folder / "profiles")
    env = {**base, "KULTURDIALOG_ROOT": str(one)}
    profile = [kd, "render", "2021", "--notebook", PROFILE]
    singles = [
        [*profile, "-p", f"municipality={code}", "--force", "--quiet"]
        for code in municipality_codes(one)
    ]
    grid = [*profile, "--each", "municipality", "--force", "--quiet", "--jobs", "2"]
    got: dict = {}
    for name, commands in ((GRID_COLD, singles), (GRID, [grid]))[:: 1 if run % 2 == 0 else -1]:
        got[name] = measure(psutil, commands, one, env)
    got[GRID_SKIP] = measure(
        psutil, [[*profile, "--each", "municipality", "--jobs", "2"]], one, env
    )
    if "(0 rendered, 26 unchanged)" not in got[GRID_SKIP].stdout:
        raise Failed(f"the unchanged grid was rendered again:\n{got[GRID_SKIP].stdout[-2000:]}")
    batches = [(BATCH_NOW, base)] + ([(BATCH_BASE, baseline)] if baseline else [])
    for name, code in batches if run % 2 == 0 else batches[::-1]:
        many = project_copy(folder / name.split(",")[-1].strip(), synthetic=True)
        batch = [kd, "render", *YEARS, "--force", *FORMATS, "--quiet", "--jobs", "2"]
        got[name] = measure(psutil, [batch], many, {**code, "KULTURDIALOG_ROOT": str(many)})
    shutil.rmtree(folder)
    return got


def grid_checks(psutil, scratch: Path, base: dict, runs: int, revision: str | None) -> dict:
    """`runs` grid rounds, then `runs` more of the grid and the batch (this code) sampling
    memory: {"rounds", "memory": {"grid": [Sample], "batch": [Sample]}, "revision"}."""
    baseline = baseline_env(scratch, revision) if revision else None
    rounds = []
    for run in range(runs):
        started = time.perf_counter()
        try:
            rounds.append(grid_round(psutil, scratch, run, base, baseline))
        except Failed as err:
            print(f"grid round {run + 1}/{runs} left out: {err}", file=sys.stderr)
            continue
        took = time.perf_counter() - started
        print(f"grid round {run + 1}/{runs} done ({took:.0f} s)", file=sys.stderr)
    kd = str(BIN / "kulturdialog")
    grid = [kd, "render", "2021", "--notebook", PROFILE, "--each", "municipality"]
    batch = [kd, "render", *YEARS, *FORMATS]
    memory: dict[str, list[Sample]] = {"grid": [], "batch": []}
    for run in range(runs):  # a peak depends on how the workers' stages meet: several
        for name, command in (("grid", grid), ("batch", batch)):
            one = project_copy(scratch / f"memory-{name}", synthetic=name == "batch")
            env = {**base, "KULTURDIALOG_ROOT": str(one)}
            command = [*command, "--force", "--quiet", "--jobs", "2"]
            memory[name].append(measure(psutil, [command], one, env, memory=True))
            shutil.rmtree(one)
        print(f"memory round {run + 1}/{runs} done", file=sys.stderr)
    return {"rounds": rounds, "memory": memory, "revision": revision}


def report_grid(found: dict) -> None:
    """Print the grid's table and targets (ratios taken within each round); write
    reports/benchmarks/grid.csv."""
    rounds, memory = found["rounds"], found["memory"]
    peaks = {
        name: (
            [s.worker_pss_mb for s in samples],
            [s.worker_mb for s in samples],
            [s.worker_charged_mb for s in samples if s.worker_charged_mb is not None],
            [s.peak_mb for s in samples],
        )
        for name, samples in memory.items()
    }
    shown_peaks = [
        f"the {name}'s largest worker with its kernel: {statistics.median(pss):.0f} MB PSS "
        f"({spread(pss, 0)}), {statistics.median(rss):.0f} MB RSS ({spread(rss, 0)})"
        + (
            f", {statistics.median(charged):.0f} MB charged ({spread(charged, 0)})"
            if charged
            else ""
        )
        + f"; whole tree {statistics.median(tree):.0f} MB"
        for name, (pss, rss, charged, tree) in peaks.items()
        if pss
    ]
    if not rounds:
        print("\ngrid: no timed round; " + "; ".join(shown_peaks))
        return
    print(f"\ngrid and batch on warm kernels ({len(rounds)} rounds; memory: as many more)")
    print(f"{'measurement':62} {'median s':>8} {'min–max s':>11} {'CPU s':>6} {'others':>6}")
    rows = []
    for name in (GRID_COLD, GRID, GRID_SKIP, BATCH_NOW, BATCH_BASE):
        samples = [r[name] for r in rounds if name in r]
        if not samples:
            continue
        seconds = [s.seconds for s in samples]
        cpu = statistics.median(s.cpu_s for s in samples)
        others = statistics.median(s.others for s in samples)
        shown = name if name != BATCH_BASE else f"{name} ({found['revision']})"
        print(
            f"{shown:62} {statistics.median(seconds):8.2f} {spread(seconds):>11} "
            f"{cpu:6.1f} {others:6.2f}"
        )
        rows.append({"measurement": shown, "median_s": round(statistics.median(seconds), 3)})
    print("peak memory, medians (min–max) of the memory rounds:")
    for line in shown_peaks:
        print(f"  {line}")
    print(f"  ({MEMORY_NOTE})")
    measured = {
        "grid / 26 cold single renders": [r[GRID].seconds / r[GRID_COLD].seconds for r in rounds],
        "batch, this code / baseline": [
            r[BATCH_NOW].seconds / r[BATCH_BASE].seconds for r in rounds if BATCH_BASE in r
        ],
        "peak memory (PSS) per grid worker + its kernel": peaks["grid"][0],
        "peak memory (PSS) per batch worker + its kernel": peaks["batch"][0],
    }
    print("targets")
    for name, (limit, comparison, unit) in GRID_TARGETS.items():
        values = measured[name]
        if not values:
            print(f"  {name:48} (not measured: give --baseline REV)")
            continue
        # a ratio's median; memory's highest peak (the target is a ceiling)
        value = max(values) if unit == "MB" else statistics.median(values)
        ok = value <= limit if comparison == "≤" else value < limit
        goal = f"{comparison} {limit:g} {unit}"
        shown = f"{value:.0f} MB at most" if unit == "MB" else f"{value:.2f} × ({spread(values)})"
        print(f"  {name:48} {goal:>10}   {shown:24} {'PASS' if ok else 'MISS'}")
        rows.append({"measurement": f"target: {name} {goal}", "median_s": round(value, 4)})
    out = ROOT / "reports/benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "grid.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=["measurement", "median_s"])
        writer.writeheader()
        writer.writerows(rows)


def spread(values: list[float], digits: int = 2) -> str:
    return f"{min(values):.{digits}f}–{max(values):.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="rounds of every measurement")
    parser.add_argument(
        "--warm-runs", type=int, default=5, help="timed repetitions inside the warm process"
    )
    parser.add_argument(
        "--inputs-only", action="store_true", help="only the input checks (validate), no renders"
    )
    parser.add_argument(
        "--grid-only", action="store_true", help="only the grid (and the batch against --baseline)"
    )
    parser.add_argument(
        "--baseline", metavar="REV", help="git revision whose package the batch is compared with"
    )
    args = parser.parse_args()
    psutil = need_psutil()
    if args.grid_only:
        scratch = Path(tempfile.mkdtemp(prefix="kd-bench-"))
        try:
            found = grid_checks(psutil, scratch, code_snapshot(scratch), args.runs, args.baseline)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report_grid(found)
        return
    if args.inputs_only:
        scratch = Path(tempfile.mkdtemp(prefix="kd-bench-"))
        try:
            inputs = input_checks(psutil, scratch, code_snapshot(scratch), args.runs)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        report_inputs(inputs, args.runs)
        return
    weasyprint = weasyprint_cli()
    scratch = Path(tempfile.mkdtemp(prefix="kd-bench-"))
    rounds = []
    try:
        base = code_snapshot(scratch)
        for run in range(args.runs):  # interleaved: every measurement once per round
            started = time.perf_counter()
            try:
                rounds.append(one_round(psutil, scratch, run, weasyprint, args.warm_runs, base))
            except Failed as err:
                print(f"round {run + 1}/{args.runs} left out: {err}", file=sys.stderr)
                continue
            print(
                f"round {run + 1}/{args.runs} done ({time.perf_counter() - started:.0f} s)",
                file=sys.stderr,
            )
        memory = memory_round(psutil, scratch, base) if rounds else {}
        print("memory round done", file=sys.stderr)
        inputs = input_checks(psutil, scratch, base, args.runs)
        grid = grid_checks(psutil, scratch, base, args.runs, args.baseline)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    if not rounds:
        raise SystemExit("no round completed")
    report(rounds, len(rounds), memory)
    report_inputs(inputs, args.runs)
    report_grid(grid)


def report(rounds: list[dict], runs: int, memory: dict) -> None:
    """Print the tables and the targets; write reports/benchmarks/results.csv."""
    series: dict[str, dict] = {}  # name → per round: seconds, its floor and chain; memory, CPU

    def add(name: str, seconds: list, samples: list | None = None, workers: bool = False):
        kept = [i for i, t in enumerate(seconds) if t is not None]  # a round may be left out
        samples = [samples[i] for i in kept] if samples else []
        series[name] = {
            "seconds": [seconds[i] for i in kept],
            "floor": [rounds[i][FLOOR_NAME].seconds for i in kept],
            "chain": [rounds[i][CHAIN].seconds for i in kept],
            "peak": memory[name].peak_mb if name in memory else None,
            "worker": memory[name].worker_mb if name in memory and workers else None,
            "worker_pss": memory[name].worker_pss_mb if name in memory and workers else None,
            "charged": memory[name].worker_charged_mb if name in memory and workers else None,
            "cpu": statistics.median(s.cpu_s for s in samples) if samples else None,
            "others": statistics.median(s.others for s in samples) if samples else None,
        }

    for name in (FLOOR_NAME, CHAIN, COLD, VERBOSE, SKIPPED, JOBS1, JOBS2):
        samples = [r[name] for r in rounds]
        seconds = [s.seconds if s else None for s in samples]
        add(name, seconds, samples, workers=name in (COLD, JOBS1, JOBS2))
        if name == CHAIN:
            for i, step in enumerate(CHAIN_STEPS):
                add(step, [s.steps[i] for s in samples])
        if name == SKIPPED:
            add(WARM_NAME, [r["warm"]["total"] for r in rounds])
            for key, step in WARM_STEPS.items():
                add(step, [r["warm"][key] for r in rounds])
            for key, step in FIRST_STEPS.items():
                add(step, [r["warm"][key] for r in rounds])
            add(PREVIEW, [r["warm"]["preview, data edited"] for r in rounds])
            add(PREVIEW_NOTEBOOK, [r["warm"]["preview, notebook edited"] for r in rounds])

    rows = []
    for name, data in series.items():
        seconds = data["seconds"]
        if not seconds:
            continue
        by_floor = [t / f for t, f in zip(seconds, data["floor"], strict=True)]  # same round
        by_chain = [t / c for t, c in zip(seconds, data["chain"], strict=True)]
        rows.append(
            {
                "measurement": name.strip(),
                "median_s": round(statistics.median(seconds), 4),
                "min_s": round(min(seconds), 4),
                "max_s": round(max(seconds), 4),
                "vs_floor": round(statistics.median(by_floor), 4),
                "vs_floor_min": round(min(by_floor), 4),
                "vs_floor_max": round(max(by_floor), 4),
                "vs_usual_chain": round(statistics.median(by_chain), 4),
                "vs_usual_chain_min": round(min(by_chain), 4),
                "vs_usual_chain_max": round(max(by_chain), 4),
                "cpu_s": "" if data["cpu"] is None else round(data["cpu"], 2),
                "other_load_cores": "" if data["others"] is None else round(data["others"], 2),
                "peak_mb": "" if data["peak"] is None else round(data["peak"]),
                "worker_peak_mb": "" if data["worker"] is None else round(data["worker"]),
                "worker_peak_pss_mb": "" if data["worker"] is None else round(data["worker_pss"]),
                "worker_peak_charged_mb": "" if data["charged"] is None else round(data["charged"]),
                "runs": len(seconds),
                "_name": name,
            }
        )

    print(
        f"\n{runs} rounds, interleaved; medians (min–max); ratios taken within each round. "
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    header = (
        f"{'measurement':51} {'median s':>8} {'min–max s':>11} {'×floor':>6} {'(min–max)':>11} "
        f"{'×chain':>6} {'(min–max)':>11} {'CPU s':>6} {'others':>6} {'peak MB':>7} "
        f"{'worker PSS':>10} {'RSS':>4} {'charged':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.pop('_name'):51} {row['median_s']:8.2f} "
            f"{spread([row['min_s'], row['max_s']]):>11} "
            f"{row['vs_floor']:6.2f} {spread([row['vs_floor_min'], row['vs_floor_max']]):>11} "
            f"{row['vs_usual_chain']:6.2f} "
            f"{spread([row['vs_usual_chain_min'], row['vs_usual_chain_max']]):>11} "
            f"{row['cpu_s']!s:>6} {row['other_load_cores']!s:>6} "
            f"{row['peak_mb']!s:>7} {row['worker_peak_pss_mb']!s:>10} "
            f"{row['worker_peak_mb']!s:>4} {row['worker_peak_charged_mb']!s:>7}"
        )
    busy = max((r["other_load_cores"] or 0.0) for r in rows)
    if busy > 0.25:
        print(
            f"warning: other processes kept up to {busy:.2f} cores busy during a measurement "
            f"(median over rounds); on {os.cpu_count()} cores the times above are inflated"
        )
    print(
        "CPU s: user + system seconds of the process tree; others: cores kept busy by other "
        "processes on the\nmachine meanwhile (medians). peak MB: the whole process tree "
        "(kernels, fork server, manager), largest\nof the rounds; worker PSS, RSS, charged: "
        f"the largest worker process with its kernel, in MB:\n{MEMORY_NOTE}."
    )

    stages = [stage_times(r[VERBOSE].stderr) for r in rounds]
    print(f"\nstages of `kulturdialog render 2021 --force --verbose` ({runs} rounds)")
    print(f"{'stage':45} {'median s':>8} {'min–max s':>11}")
    stage_rows = {}
    for stage in STAGE_NAMES.values():
        values = [s[stage] for s in stages if stage in s]
        if not values:
            continue
        stage_rows[stage] = values
        print(f"{stage:45} {statistics.median(values):8.2f} {spread(values):>11}")
        rows.append(
            {
                "measurement": f"stage: {stage}",
                "median_s": round(statistics.median(values), 4),
                "min_s": round(min(values), 4),
                "max_s": round(max(values), 4),
                "runs": len(values),
            }
        )

    ratio = [r[JOBS2].seconds / r[JOBS1].seconds for r in rounds]  # the batch's speed-up, per round
    pdf = series[FIRST_STEPS["first pdf"]]["seconds"]  # the formats are written at once in a render
    cold = [r[COLD].seconds / r[CHAIN].seconds for r in rounds]  # in the same round
    measured = {
        "one cold year, 3 formats / usual chain": (cold, "×"),
        "PDF stage of a render": (pdf, "s"),
        "unchanged year (skipped)": (series[SKIPPED]["seconds"] or [float("nan")], "s"),
        "preview re-render, warm kernel": (series[PREVIEW]["seconds"], "s"),  # the slower edit
        "batch --jobs 2 / --jobs 1": (ratio, "×"),
        "peak memory (PSS) per worker + its kernel": ([series[JOBS2]["worker_pss"]], "MB"),
    }
    print("\ntargets")
    for name, (limit, comparison, unit) in TARGETS.items():
        values, _ = measured[name]
        value = max(values) if unit == "MB" else statistics.median(values)
        ok = value <= limit if comparison == "≤" else value < limit
        shown = f"{value:.0f} MB (largest)" if unit == "MB" else f"{value:.2f} {unit} (median)"
        if unit != "MB" and len(values) > 1:
            shown += f", {spread(values)}"
        goal = f"{comparison} {limit:g} {unit}"
        print(f"  {name:42} {goal:>10}   {shown:34} {'PASS' if ok else 'MISS'}")
        rows.append(
            {
                "measurement": f"target: {name} {goal}",
                "median_s": round(value, 4),
                "runs": len(values),
                "result": "PASS" if ok else "MISS",
            }
        )

    out = ROOT / "reports/benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    fields = list(dict.fromkeys(key for row in rows for key in row))
    with (out / "results.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=fields, restval="")
        writer.writeheader()
        writer.writerows(rows)
    print(f"\nresults in {out.relative_to(ROOT) / 'results.csv'}")


if __name__ == "__main__":
    main()
