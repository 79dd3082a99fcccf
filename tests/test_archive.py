"""No published version is ever lost: a changed re-render moves the previous version to
archive/<version>/ in the same atomic publish; `history` lists the versions."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from conftest import digest

from kulturdialog.publish import swap as pub
from kulturdialog.publish.index import history
from kulturdialog.publish.swap import Archive, publish, recover, staging
from kulturdialog.publish.target import Target, archived_versions
from kulturdialog.run.render import _previous_version


def write(folder, files):
    folder.mkdir(parents=True, exist_ok=True)
    for name, value in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(value, encoding="utf-8")


def manifest(key, outputs, inputs=None, date="2022-02-15"):
    record = {
        "render_key": key,
        "notebook": "annual_summary",
        "rendering_date": date,
        "inputs": inputs or {},
        "outputs": {n: hashlib.sha256(v.encode()).hexdigest() for n, v in outputs.items()},
    }
    return json.dumps(record)


OLD = {
    "annual_summary.html": "gammal html",
    "annual_summary.pdf": "%PDF gammal",
    "annual_summary.docx": "gammal docx",
    "annual_summary-files/figur-1.svg": "<svg>gammal</svg>",
}
NEW = {"annual_summary.html": "ny html", "annual_summary.pdf": "%PDF ny"}


@pytest.fixture
def year(tmp_path):
    """reports/2021 with an old version, another notebook's files and a grid folder."""
    reports = tmp_path / "reports"
    final = reports / "2021"
    write(final, {**OLD, "manifest.json": manifest("a" * 64, OLD, {"data/m.csv": "1"})})
    write(final, {"trends.html": "trender", "municipality_profile/0180/manifest.json": "{}"})
    return reports, final


def stage(reports, files, key="b" * 64, inputs=None):
    staged = staging(reports, "annual_summary")
    write(staged, {**files, "manifest.json": manifest(key, files, inputs or {"data/m.csv": "2"})})
    return staged


def publish_new(reports, final, files=NEW, key="b" * 64, inputs=None):
    target = Target(2021)
    staged = stage(reports, files, key, inputs)
    previous = _previous_version(final, target, staged)
    publish(staged, final, keep=lambda n: not target.owns(n), archive=previous)
    return previous


def test_a_changed_render_archives_every_file_of_the_previous_version(year):
    reports, final = year
    old = digest(final)
    previous = publish_new(reports, final)
    assert previous.version == "v1-" + "a" * 12
    archived = final / "archive" / previous.version
    assert digest(archived) == {n: h for n, h in old.items() if n.startswith(("annual", "manif"))}
    assert (archived / "annual_summary.docx").is_file()  # a format the new render dropped
    assert not (final / "annual_summary.docx").exists()
    assert (final / "annual_summary.html").read_text() == "ny html"
    assert (final / "trends.html").read_text() == "trender"  # other notebooks carry over
    assert (final / "municipality_profile/0180/manifest.json").is_file()  # and grids


def test_archives_accumulate_and_are_never_deleted(year):
    reports, final = year
    publish_new(reports, final)
    publish_new(reports, final, {"annual_summary.html": "tredje"}, key="c" * 64)
    versions = [p.name for p in archived_versions(final, Target(2021))]
    assert versions == ["v1-" + "a" * 12, "v2-" + "b" * 12]
    assert (final / "archive" / versions[0] / "annual_summary.docx").read_text() == "gammal docx"


def test_re_rendering_the_same_content_adds_nothing(year):
    reports, final = year
    publish_new(reports, final)
    before = digest(final)
    assert publish_new(reports, final, key="d" * 64) is None  # a new key, the same outputs
    assert sorted(digest(final)) == sorted(before)
    assert len(archived_versions(final, Target(2021))) == 1


def test_history_lists_every_version_and_what_input_changed(year):
    reports, final = year
    publish_new(reports, final)
    found = history(2021, reports=reports)
    assert [v.label for v in found] == ["v1", "current"]
    assert [v.key for v in found] == ["a" * 12, "b" * 12]
    assert found[0].date == "2022-02-15"
    assert found[1].changed == ("~ data/m.csv",)


# -- a crash during the publish step: the old state or the new one, never a mix ------------------
KILLER = """
import os, signal, sys
from pathlib import Path
from kulturdialog.publish import swap as pub
from kulturdialog.publish.target import Target
from kulturdialog.run.render import _previous_version
reports, final, where = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
staged = Path(sys.argv[4])
die = lambda *a, **k: os.kill(os.getpid(), signal.SIGKILL)
if where == "linking":
    real, calls = pub._link, []
    def link(a, b):
        calls.append(a)
        if len(calls) == 3:
            die()
        return real(a, b)
    pub._link = link
elif where == "exchange":
    pub._exchange = die
elif where == "between-renames":  # the fallback without renameat2
    pub._exchange = lambda a, b: False
    real_rename, renames = os.rename, []
    def rename(a, b):
        renames.append(a)
        if len(renames) == 2:
            die()
        return real_rename(a, b)
    pub.os.rename = rename
target = Target(2021)
previous = _previous_version(final, target, staged)
pub.publish(staged, final, keep=lambda n: not target.owns(n), archive=previous)
"""


@pytest.mark.parametrize("where", ["linking", "exchange", "between-renames"])
def test_a_publish_killed_at_any_point_leaves_the_old_report_whole(year, tmp_path, where):
    reports, final = year
    old = digest(final)
    staged = stage(reports, NEW)
    script = tmp_path / "killer.py"
    script.write_text(textwrap.dedent(KILLER), encoding="utf-8")
    run = subprocess.run(
        [sys.executable, str(script), str(reports), str(final), where, str(staged)], timeout=60
    )
    assert run.returncode == -signal.SIGKILL
    recover(final)  # what the next publish does first
    assert digest(final) == old
    staging(reports, "next")  # removes the killed run's staging folder: the report stays whole
    assert digest(final) == old
    assert not (reports / ".2021.previous").exists()


def test_recover_removes_a_leftover_previous_version_once_the_new_one_is_in_place(tmp_path):
    final = tmp_path / "2021"
    write(final, {"a.html": "ny"})
    write(tmp_path / ".2021.previous", {"a.html": "gammal"})
    recover(final)
    assert digest(final) == {"a.html": hashlib.sha256(b"ny").hexdigest()}
    assert not (tmp_path / ".2021.previous").exists()


def test_hard_links_fall_back_to_copies_where_the_file_system_has_none(year, monkeypatch):
    reports, final = year

    def no_links(a, b):
        raise OSError("hard links not supported")

    monkeypatch.setattr(pub.os, "link", no_links)
    publish_new(reports, final)
    assert (final / "archive" / ("v1-" + "a" * 12) / "annual_summary.pdf").read_text() == (
        "%PDF gammal"
    )


def test_archive_names_a_folder_of_the_years_report():
    assert pub.ARCHIVE == "archive" and Archive("v1-x", ("a",)).names == ("a",)


# -- end to end ---------------------------------------------------------------------------------
@pytest.mark.e2e
def test_a_data_change_keeps_the_previous_pdf_and_history_shows_both(published):
    from kulturdialog.run.render import render_year

    project, before = published
    formats = ("html", "pdf")
    final = project / "reports/2021"
    first_pdf = (final / "annual_summary.pdf").read_bytes()
    path = project / "data/2021/meetings.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    column = rows[0].index("participants")
    rows[1][column] = str(int(rows[1][column]) + 1)
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    render_year(2021, project, formats=formats)
    (archived,) = archived_versions(final, Target(2021))
    assert digest(archived) == before  # every file of the previous version, byte for byte
    assert (final / "annual_summary.pdf").read_bytes() != first_pdf
    found = history(2021, reports=project / "reports")
    assert [v.label for v in found] == ["v1", "current"]
    assert found[1].changed == ("~ data/2021/meetings.csv",)
    render_year(2021, project, formats=formats, force=True)  # the same content again
    assert len(archived_versions(final, Target(2021))) == 1
    cli = os.path.join(os.path.dirname(sys.executable), "kulturdialog")
    shown = subprocess.run(
        [cli, "history", "2021"], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    assert "v1" in shown and "current" in shown and "~ data/2021/meetings.csv" in shown


def test_a_target_names_its_overrides_in_one_order_whatever_order_they_came_in():
    one = Target.of(2021, "profile", {"municipality": "0180", "language": "en"})
    other = Target.of(2021, "profile", {"language": "en", "municipality": "0180"})
    assert one == other
    assert one.stem == "profile-en-0180" and Target.of(2021, "profile", None).stem == "profile"
