"""publish: a report is built in staging and swapped into reports/<year>/ whole, or not at all."""

from __future__ import annotations

import fcntl
import stat
import threading

import pytest

from kulturdialog.publish import swap as pub
from kulturdialog.publish.swap import keep_failed, publish, staging, year_lock


def staged_report(reports, name="2021", files=None):
    folder = staging(reports, name)
    for file, text in (
        files or {"annual_summary.html": "<html>ny</html>", "annual_summary.pdf": "%PDF ny"}
    ).items():
        (folder / file).write_text(text, encoding="utf-8")
    return folder


def contents(folder):
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def mode(path):
    return stat.S_IMODE(path.stat().st_mode)


# -- staging ------------------------------------------------------------------------------------


def test_staging_is_a_fresh_readable_folder_inside_reports_staging(tmp_path):
    reports = tmp_path / "reports"
    first, second = staging(reports, "2021"), staging(reports, "2021")
    assert first != second
    for folder in (first, second):
        assert folder.parent == reports / ".staging"
        assert folder.name.startswith("2021-")
        assert folder.is_dir() and not any(folder.iterdir())
        assert mode(folder) == 0o755


# -- publish ------------------------------------------------------------------------------------


def test_publish_into_an_empty_place_moves_the_staged_folder(tmp_path):
    reports = tmp_path / "reports"
    staged = staged_report(reports)
    expected = contents(staged)
    final = reports / "2021"
    publish(staged, final)
    assert contents(final) == expected
    assert not staged.exists()
    assert mode(final) == 0o755


@pytest.fixture(params=["exchange", "rename"])
def swap(request, monkeypatch):
    """Publish both with the atomic exchange and with the fallback of two renames.

    Returns the results of every exchange tried, to check that the intended path was taken.
    """
    tried: list[bool] = []
    real = pub._exchange

    def exchange(a, b):
        tried.append(real(a, b) if request.param == "exchange" else False)
        return tried[-1]

    monkeypatch.setattr(pub, "_exchange", exchange)
    return tried, request.param == "exchange"


def test_publish_over_an_existing_report_replaces_it_fully(tmp_path, swap):
    reports = tmp_path / "reports"
    final = reports / "2021"
    (final / "figures").mkdir(parents=True)
    (final / "annual_summary.html").write_text("<html>gammal</html>", encoding="utf-8")
    (final / "old-only.txt").write_text("ska bort", encoding="utf-8")
    (final / "figures" / "f.svg").write_text("<svg/>", encoding="utf-8")
    final.chmod(0o700)
    staged = staged_report(reports)
    expected = contents(staged)
    publish(staged, final)
    assert contents(final) == expected  # no leftovers from the old report
    assert mode(final) == 0o755
    assert not staged.exists()
    assert not any((reports / ".staging").iterdir())
    assert [p.name for p in reports.iterdir() if p.name != ".staging"] == ["2021"]
    tried, exchanged = swap
    assert tried == [exchanged]


def test_publish_leaves_other_years_alone(tmp_path):
    reports = tmp_path / "reports"
    (reports / "2020").mkdir(parents=True)
    (reports / "2020" / "annual_summary.html").write_text("2020", encoding="utf-8")
    publish(staged_report(reports), reports / "2021")
    assert contents(reports / "2020") == {"annual_summary.html": "2020"}


# -- a failed run -------------------------------------------------------------------------------


def test_keep_failed_moves_the_run_aside_replacing_an_older_failure(tmp_path):
    reports = tmp_path / "reports"
    failed = reports / "_failed" / "2021"
    older = staged_report(reports, files={"annual_summary.ipynb": "äldre", "old.log": "x"})
    assert keep_failed(older, failed) == failed
    newer = staged_report(reports, files={"annual_summary.ipynb": "nyare"})
    assert keep_failed(newer, failed) == failed
    assert contents(failed) == {"annual_summary.ipynb": "nyare"}
    assert not newer.exists()
    assert not (reports / "2021").exists()  # a failure never publishes


# -- one render of a year at a time -------------------------------------------------------------


def test_year_lock_holds_an_exclusive_lock_on_the_years_lock_file(tmp_path):
    reports = tmp_path / "reports"
    with year_lock(reports, "2021"):
        lock = reports / ".locks" / "2021.lock"
        assert lock.is_file()
        with open(lock) as other, pytest.raises(BlockingIOError):
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        with year_lock(reports, "2020"):  # another year does not wait
            pass
    with open(lock) as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)  # released on exit


def test_year_lock_makes_a_second_render_of_the_same_year_wait(tmp_path):
    reports = tmp_path / "reports"
    events: list[str] = []
    first_in, release = threading.Event(), threading.Event()

    def first():
        with year_lock(reports, "2021"):
            events.append("first in")
            first_in.set()
            release.wait(10)
            events.append("first out")

    def second():
        with year_lock(reports, "2021"):
            events.append("second in")

    one = threading.Thread(target=first)
    one.start()
    assert first_in.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(timeout=0.3)
    assert two.is_alive(), "the second render did not wait for the first"
    assert events == ["first in"]
    release.set()
    one.join(10)
    two.join(10)
    assert events == ["first in", "first out", "second in"]


def test_year_lock_is_released_when_the_render_fails(tmp_path):
    reports = tmp_path / "reports"
    with pytest.raises(RuntimeError), year_lock(reports, "2021"):
        raise RuntimeError("the notebook failed")
    with open(reports / ".locks" / "2021.lock") as other:
        fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
