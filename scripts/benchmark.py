#!/usr/bin/env python
"""Benchmark the render pipeline against the floor and the usual papermill → nbconvert → weasyprint.

Run from the project root after `make setup`:  .venv/bin/python scripts/benchmark.py [--runs 5]

Every measurement runs in a fresh copy of the project, interleaved with the others, --runs times;
the table shows medians (min–max), each as a ratio to the floor and to the usual chain, and the
peak memory of the whole process tree (kernels included). Results go to
reports/benchmarks/results.csv.
"""

from __future__ import annotations

import argparse
import csv
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SYNTHETIC_YEARS = range(2022, 2030)  # 8 years made from 2021, after the sample years

FLOOR = """
from kulturdialog.report import open_report
report = open_report(2021)
for section in ("title_block", "ingress", "figures_section", "theme_sections",
                "cooperation_section", "needs_section", "comparison_section", "appendix"):
    getattr(report, section)()
"""

WARM = """
import sys, time, statistics
from kulturdialog import export, report
from kulturdialog.preview import Previewer

def analysis_html_pdf():
    r = report.open_report(2021)
    sections = [getattr(r, s)() for s in ("title_block", "ingress", "figures_section",
                "theme_sections", "cooperation_section", "needs_section", "comparison_section",
                "appendix")]
    import nbformat
    nb = nbformat.v4.new_notebook()
    for section in sections:
        if section is None:
            continue
        data, meta = section._repr_mimebundle_()
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=data, metadata=meta)]
        nb.cells.append(cell)
    html = export.to_html(nb)
    export.to_pdf(html, sys.argv[1])

analysis_html_pdf()  # warm up
previewer = Previewer(2021)
previewer.render()  # warm up
warm, loop = [], []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); analysis_html_pdf(); warm.append(time.perf_counter() - t)
    loop.append(previewer.render())
previewer.close()
print(statistics.median(warm), statistics.median(loop))
"""


def project_copy(target: Path, synthetic: bool = False) -> Path:
    for name in ("data", "params", "notebooks"):
        shutil.copytree(ROOT / name, target / name)
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


def measure(commands: list[list[str]], cwd: Path, env: dict) -> tuple[float, float]:
    """Wall seconds of the commands run one after another, and the peak RSS (MB) of any tree."""
    peak, started = 0.0, time.perf_counter()
    for command in commands:
        process = psutil.Popen(
            command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        sampler_peak = [0.0]
        done = threading.Event()

        def sample(process=process, sampler_peak=sampler_peak, done=done):
            while not done.is_set():
                try:
                    tree = [process, *process.children(recursive=True)]
                    rss = sum(p.memory_info().rss for p in tree if p.is_running())
                    sampler_peak[0] = max(sampler_peak[0], rss / 2**20)
                except psutil.Error:
                    pass
                done.wait(0.02)

        thread = threading.Thread(target=sample)
        thread.start()
        code = process.wait()
        done.set()
        thread.join()
        if code != 0:
            raise SystemExit(f"failed ({code}): {' '.join(command)}")
        peak = max(peak, sampler_peak[0])
    return time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import os

    scratch = Path(tempfile.mkdtemp(prefix="kd-bench-"))
    one = project_copy(scratch / "one")
    many = project_copy(scratch / "many", synthetic=True)
    env_one = {**os.environ, "KULTURDIALOG_ROOT": str(one)}
    env_many = {**os.environ, "KULTURDIALOG_ROOT": str(many)}
    kd, py = str(BIN / "kulturdialog"), str(BIN / "python")
    chain_dir = scratch / "chain"
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
        [str(BIN / "weasyprint"), "out.html", "out.pdf"],
    ]
    years = [str(y) for y in (2019, 2020, 2021, *SYNTHETIC_YEARS)]
    cases = {
        "floor: analysis as a plain script": ([[py, "-c", FLOOR]], chain_dir, env_one),
        "usual chain: papermill → nbconvert → weasyprint": (chain, chain_dir, env_one),
        "this project: one year, cold (new process)": (
            [[kd, "render", "2021", "--force", "--quiet"]],
            one,
            env_one,
        ),
        "this project: one year, unchanged (skipped)": (
            [[kd, "render", "2021", "--quiet"]],
            one,
            env_one,
        ),
        f"batch of {len(years)} years, sequential (--jobs 1)": (
            [[kd, "render", *years, "--force", "--quiet", "--jobs", "1"]],
            many,
            env_many,
        ),
        f"batch of {len(years)} years, --jobs 2": (
            [[kd, "render", *years, "--force", "--quiet", "--jobs", "2"]],
            many,
            env_many,
        ),
    }
    results = {name: [] for name in cases}
    for run in range(args.runs):  # interleaved: every case once per round
        for name, (commands, cwd, env) in cases.items():
            results[name].append(measure(commands, cwd, env))
        print(f"round {run + 1}/{args.runs} done", file=sys.stderr)
    warm_pdf = str(scratch / "warm.pdf")
    warm = subprocess.run(
        [py, "-c", WARM, warm_pdf, str(args.runs)],
        env=env_one,
        cwd=one,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    warm_time, loop_time = float(warm[0]), float(warm[1])

    floor = statistics.median(t for t, _ in results["floor: analysis as a plain script"])
    usual = statistics.median(
        t for t, _ in results["usual chain: papermill → nbconvert → weasyprint"]
    )
    rows = []
    for name, samples in results.items():
        times = [t for t, _ in samples]
        rows.append(
            {
                "measurement": name,
                "median_s": statistics.median(times),
                "min_s": min(times),
                "max_s": max(times),
                "vs_floor": statistics.median(times) / floor,
                "vs_usual_chain": statistics.median(times) / usual,
                "peak_mb": max(m for _, m in samples),
                "runs": len(times),
            }
        )
    rows.append(
        {
            "measurement": "warm process: analysis + HTML + PDF",
            "median_s": warm_time,
            "min_s": "",
            "max_s": "",
            "vs_floor": warm_time / floor,
            "vs_usual_chain": warm_time / usual,
            "peak_mb": "",
            "runs": args.runs,
        }
    )
    rows.append(
        {
            "measurement": "preview re-render, warm kernel (HTML)",
            "median_s": loop_time,
            "min_s": "",
            "max_s": "",
            "vs_floor": loop_time / floor,
            "vs_usual_chain": loop_time / usual,
            "peak_mb": "",
            "runs": args.runs,
        }
    )
    seq = next(r for r in rows if "sequential" in r["measurement"])["median_s"]
    par = next(r for r in rows if "--jobs 2" in r["measurement"])["median_s"]
    out = ROOT / "reports/benchmarks"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    print(
        f"{'measurement':52} {'median s':>9} {'min–max s':>13} {'×floor':>7} {'×chain':>7} "
        f"{'peak MB':>8}"
    )
    for r in rows:
        span = f"{r['min_s']:.2f}–{r['max_s']:.2f}" if r["min_s"] != "" else ""
        peak = f"{r['peak_mb']:.0f}" if r["peak_mb"] != "" else ""
        print(
            f"{r['measurement']:52} {r['median_s']:9.2f} {span:>13} {r['vs_floor']:7.2f} "
            f"{r['vs_usual_chain']:7.2f} {peak:>8}"
        )
    print(
        f"batch: --jobs 2 / sequential = {par / seq:.2f}; preview / warm = "
        f"{loop_time / warm_time:.2f}; results in {out / 'results.csv'}"
    )
    shutil.rmtree(scratch)


if __name__ == "__main__":
    main()
