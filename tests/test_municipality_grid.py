"""`kulturdialog render 2021 --notebook municipality_profile --each municipality`: one profile per
municipality, each stating what the data says about it; bad grid values are one clear line.

Rendered once per module with the command line (`--jobs 2 --formats html`) in a project copy.
Expected values are computed here from the CSV files with the csv module, not with the package.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import docx
import pikepdf
import pytest
from conftest import ROOT, copy_project
from reading import html_soup

pytestmark = pytest.mark.e2e

CLI = str(Path(sys.executable).with_name("kulturdialog"))
NOTEBOOK = "municipality_profile"
RENDER = ["render", "2021", "--notebook", NOTEBOOK]


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


REFERENCE = ROOT / "data/reference"
MUNICIPALITIES = {r["code"]: r["name"] for r in read_csv(REFERENCE / "municipalities.csv")}
GROUPS = {r["code"]: r["label_sv"] for r in read_csv(REFERENCE / "party_groups.csv")}
THEMES = {r["code"]: r["label_sv"] for r in read_csv(REFERENCE / "themes.csv")}
MEETINGS = read_csv(ROOT / "data/2021/meetings.csv")
OBSERVATIONS = read_csv(ROOT / "data/2021/observations.csv")


def meetings_of(code: str) -> list[dict[str, str]]:
    return [m for m in MEETINGS if code in m["municipalities"].split(";")]


def chosen() -> dict[str, str]:
    """One municipality in the most meetings, one in the fewest (but some), one in none."""
    counts = {code: len(meetings_of(code)) for code in MUNICIPALITIES}
    some = [c for c in counts if counts[c]]
    picks = {
        "many": max(some, key=lambda c: counts[c]),
        "few": min(some, key=lambda c: counts[c]),
        "none": next(c for c in counts if not counts[c]),
    }
    assert counts[picks["many"]] > counts[picks["few"]] > 0
    return picks


PICKS = chosen()


def cli(*args: str, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CLI, *args],
        cwd=root,
        env={**os.environ, "KULTURDIALOG_ROOT": str(root)},
        capture_output=True,
        text=True,
        timeout=900,
    )


def folder(root: Path, code: str) -> Path:
    return root / "reports/2021" / NOTEBOOK / code


def package_digest() -> str:
    """The package's code as the render key sees it: a change between two runs re-renders."""
    digest = hashlib.sha256()
    from kulturdialog.paths import PACKAGE_DIR  # the code the command line imports too

    for file in sorted(PACKAGE_DIR.rglob("*")):
        if file.is_file() and "__pycache__" not in file.parts:
            digest.update(file.as_posix().encode() + file.read_bytes())
    return digest.hexdigest()


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


# -- the grid, rendered once -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def grid(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("grid") / "project")
    code = package_digest()
    run = cli(*RENDER, "--each", "municipality", "--formats", "html", "--jobs", "2", root=root)
    return root, run, code


@pytest.fixture(scope="module")
def second_run(grid):
    root, first, code = grid
    assert first.returncode == 0, first.stderr[-3000:]
    run = cli(*RENDER, "--each", "municipality", "--formats", "html", "--jobs", "2", root=root)
    return root, run, code == package_digest()


@pytest.fixture(scope="module")
def all_formats(second_run):
    """Runs after the second run (which must find all 26 unchanged): 0180 in every format."""
    root, *_ = second_run
    code = "0180"
    run = cli(*RENDER, "-p", f"municipality={code}", "--formats", "html,pdf,docx", root=root)
    return root, code, run


def test_the_grid_renders_one_folder_per_municipality_code(grid):
    root, run, _ = grid
    assert run.returncode == 0, run.stderr[-3000:]
    assert "FAILED" not in run.stderr
    found = {p.name for p in (root / "reports/2021" / NOTEBOOK).iterdir() if p.is_dir()}
    assert found == set(MUNICIPALITIES)
    assert len(found) == 26
    for code in MUNICIPALITIES:
        assert (folder(root, code) / f"{NOTEBOOK}-{code}.html").is_file(), code
        assert not (folder(root, code) / f"{NOTEBOOK}-{code}.pdf").exists(), code  # html only
    assert "26 of 26 done (26 rendered, 0 unchanged)" in run.stdout


@pytest.mark.parametrize("kind", ["many", "few", "none"])
def test_title_names_the_municipality_and_the_year(grid, kind):
    root, *_ = grid
    code = PICKS[kind]
    soup = html_soup(folder(root, code) / f"{NOTEBOOK}-{code}.html")
    name = MUNICIPALITIES[code]
    for title in (soup.title.get_text(strip=True), soup.find("main").h1.get_text(strip=True)):
        assert name in title and "2021" in title, title


def lead(soup) -> str:
    """The generated sentence about the municipality's meetings."""
    texts = [" ".join(p.get_text(" ", strip=True).split()) for p in soup.find("main").find_all("p")]
    (sentence,) = [t for t in texts if " deltog " in t]
    return sentence


def meeting_table(soup) -> list[list[str]]:
    for table in soup.find("main").find_all("table"):
        if "kommunen deltog i" in table.caption.get_text(" ", strip=True):
            return [
                [c.get_text(" ", strip=True) for c in tr.find_all(["th", "td"])]
                for tr in table.tbody.find_all("tr")
            ]
    return []


@pytest.mark.parametrize("kind", ["many", "few"])
def test_the_meetings_it_took_part_in_are_counted_and_listed(grid, kind):
    root, *_ = grid
    code = PICKS[kind]
    name, mine = MUNICIPALITIES[code], meetings_of(code)
    soup = html_soup(folder(root, code) / f"{NOTEBOOK}-{code}.html")
    assert lead(soup).startswith(
        f"{name} deltog i {len(mine)} av årets {len(MEETINGS)} dialogmöten 2021"
    ), lead(soup)
    observed = [o for o in OBSERVATIONS if o["meeting_id"] in {m["meeting_id"] for m in mine}]
    assert f"I mötena noterades {len(observed)} iakttagelser." in lead(soup)
    expected = [[m["date"], m["title"], GROUPS[m["party_group"]], m["participants"]] for m in mine]
    assert meeting_table(soup) == expected


@pytest.mark.parametrize("kind", ["many", "few"])
def test_the_figure_alt_states_the_observations_per_theme(grid, kind):
    root, *_ = grid
    code = PICKS[kind]
    ids = {m["meeting_id"] for m in meetings_of(code)}
    expected = Counter(THEMES[o["theme"]] for o in OBSERVATIONS if o["meeting_id"] in ids)
    soup = html_soup(folder(root, code) / f"{NOTEBOOK}-{code}.html")
    (img,) = soup.find("main").find_all("img")
    alt = img["alt"]
    head, _, listing = alt.partition(": ")
    assert head == "Liggande stapeldiagram över iakttagelser per tema", alt
    pairs = [re.fullmatch(r"(.+) (\d+)", part) for part in listing.rstrip(".").split("; ")]
    assert all(pairs), alt
    stated = {p[1]: int(p[2]) for p in pairs}
    assert stated == dict(expected)
    assert [int(p[2]) for p in pairs] == sorted(expected.values(), reverse=True)  # as the bars


def test_a_municipality_in_no_meeting_says_so(grid):
    root, *_ = grid
    code = PICKS["none"]
    name = MUNICIPALITIES[code]
    soup = html_soup(folder(root, code) / f"{NOTEBOOK}-{code}.html")
    assert lead(soup) == f"{name} deltog inte i något av årets {len(MEETINGS)} dialogmöten 2021."
    assert " med i 0 möten" not in soup.find("main").get_text(" ")  # no empty comparison
    assert meeting_table(soup) == []
    assert soup.find("main").find_all("img") == []


def test_a_second_identical_run_skips_all_26(second_run):
    root, run, same_code = second_run
    assert run.returncode == 0, run.stderr[-3000:]
    # The render key covers src/kulturdialog: an edit there during this test re-renders (rightly).
    assert same_code, "src/kulturdialog changed between the two runs: the test cannot judge"
    assert "26 of 26 done (0 rendered, 26 unchanged)" in run.stdout
    assert run.stdout.count("unchanged since its last render, skipped") == 26
    assert "published" not in run.stdout


# -- bad values: one clear line, non-zero exit, nothing written ------------------------------------
@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("bad") / "project")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--each", "nope"], ["--each nope", "no parameter 'nope'", "municipality"]),
        (["--each", "year"], ["--each year", "declares no values for 'year'", "(each:"]),
        (
            ["--each", "municipality", "-p", "municipality=0180"],
            ["--each municipality", "-p municipality=0180", "contradict"],
        ),
        (["-p", "municipality=9999"], ["-p municipality=9999", "not one of", "0180"]),
    ],
    ids=["unknown-each", "each-without-values", "each-and-p", "unknown-code"],
)
def test_bad_grid_values_fail_with_one_clear_line(clean, args, says):
    run = cli(*RENDER, *args, "--formats", "html", root=clean)
    assert run.returncode != 0
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, run.stderr
    assert lines[0].startswith("error: "), lines[0]
    for part in says:
        assert part in lines[0], (part, lines[0])
    assert "Traceback" not in run.stderr
    assert files_under(clean / "reports") == []


# -- one profile in every format -------------------------------------------------------------------
def test_one_profile_in_all_formats_has_pdf_and_docx_beside_the_html_with_one_title(all_formats):
    root, code, run = all_formats
    assert run.returncode == 0, run.stderr[-3000:]
    here = folder(root, code)
    stem = here / f"{NOTEBOOK}-{code}"
    for ext in ("html", "pdf", "docx", "ipynb"):
        assert stem.with_suffix(f".{ext}").is_file(), ext
    title = html_soup(stem.with_suffix(".html")).title.get_text(strip=True)
    assert title == f"Kommunprofil: {MUNICIPALITIES[code]} 2021"
    with pikepdf.open(stem.with_suffix(".pdf")) as pdf:
        assert str(pdf.docinfo["/Title"]) == title
        assert pdf.open_metadata()["dc:title"] == title
    document = docx.Document(stem.with_suffix(".docx"))
    assert document.core_properties.title == title
    assert [p.text for p in document.paragraphs if p.style.name == "Title"] == [title]
    # The other profiles were not touched by this render.
    other = next(c for c in MUNICIPALITIES if c != code)
    assert not (folder(root, other) / f"{NOTEBOOK}-{other}.pdf").exists()


def test_history_and_verify_name_one_profile_with_p(all_formats):
    root, code, run = all_formats
    assert run.returncode == 0, run.stderr[-3000:]
    past = cli("history", "2021", "--notebook", NOTEBOOK, "-p", f"municipality={code}", root=root)
    assert past.returncode == 0, past.stderr
    lines = past.stdout.splitlines()
    # the HTML-only render, archived when the same profile was rendered in every format
    assert lines[0].split()[0] == "v1" and lines[-2].split()[0] == "current", past.stdout
    assert f"reports/2021/{NOTEBOOK}/{code}/" in lines[-2]
    check = cli("verify", "2021", "--notebook", NOTEBOOK, "-p", f"municipality={code}", root=root)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f"{NOTEBOOK}-{code}.pdf: identical" in check.stdout
    assert "2021: the published report is reproduced byte for byte" in check.stdout
    unknown = cli("verify", "2021", "--notebook", NOTEBOOK, "-p", "municipality=9999", root=root)
    assert unknown.returncode != 0 and "not one of the declared values" in unknown.stderr
    assert "Traceback" not in unknown.stderr
