"""cli: `kulturdialog validate` and the error paths (rendering is tested end to end elsewhere)."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kulturdialog.cli import main
from kulturdialog.errors import DataError
from kulturdialog.run import checks

SETTINGS_OK = "kulturdialog.yaml: the settings are complete\n"


def break_cell(project: Path, year: int, table: str, row: int, column: str, value: str) -> None:
    path = project / "data" / str(year) / f"{table}.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    rows[row - 1][rows[0].index(column)] = value
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)


def test_validate_a_valid_year_exits_0_and_says_so(project, capsys):
    assert main(["validate", "2021"]) == 0
    out, err = capsys.readouterr()
    assert out == SETTINGS_OK + "2021: the input follows the data contract\n"
    assert err == ""


def test_validate_without_years_checks_every_year_in_data(project, capsys):
    assert main(["validate"]) == 0
    out, _ = capsys.readouterr()
    assert [line.split(":")[0] for line in out.splitlines()] == [
        "kulturdialog.yaml",
        "2019",
        "2020",
        "2021",
    ]


def test_validate_checks_the_settings_too(project, capsys):
    settings = project / "kulturdialog.yaml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text.replace('"232100-0016"', '"232100-0017"'), encoding="utf-8")
    assert main(["validate", "2021"]) == 1
    out, err = capsys.readouterr()
    assert out == "2021: the input follows the data contract\n"
    assert err.splitlines() == [
        "1 problem in kulturdialog.yaml:",
        "  - kulturdialog.yaml, column 'publisher.organisationsnummer': '232100-0017': an "
        'organisationsnummer: ten digits as "NNNNNN-NNNN" with a valid check digit',
    ]


def test_validate_a_broken_year_exits_1_with_one_line_per_problem(project, capsys):
    break_cell(project, 2021, "meetings", 3, "participants", "0")
    break_cell(project, 2021, "needs", 4, "status", "open")
    assert main(["validate", "2021"]) == 1
    out, err = capsys.readouterr()
    assert out == SETTINGS_OK
    assert "Traceback" not in err
    lines = err.splitlines()
    assert lines[0] == "2021: 2 problems in data/2021:"
    assert lines[1:] == [
        "  - data/2021/meetings.csv, row 3, column 'participants': '0': expected a whole number "
        "of participants, at least 1",
        "  - data/2021/needs.csv, row 4, column 'status': 'open': expected one of: "
        "budget_process, in_progress, done, noted",
    ]


def test_validate_checks_the_earlier_years_that_the_comparison_will_read(project, capsys):
    break_cell(project, 2020, "meetings", 2, "format", "zoom")
    assert main(["validate", "2021"]) == 1
    _, err = capsys.readouterr()
    assert "data/2020/meetings.csv, row 2, column 'format': 'zoom'" in err


def test_validate_reports_each_year_and_fails_if_any_failed(project, capsys):
    break_cell(project, 2021, "observations", 2, "text", "")
    assert main(["validate", "2021", "2020"]) == 1
    out, err = capsys.readouterr()
    assert out == SETTINGS_OK + "2020: the input follows the data contract\n"
    assert err.startswith("2021: 1 problem in data/2021:")


def test_validate_a_year_without_data_names_the_years_that_have_data(project, capsys):
    assert main(["validate", "2099"]) == 1
    _, err = capsys.readouterr()
    assert "data/2099: no such year folder; years with data: 2019, 2020, 2021" in err


def test_validate_reports_bad_parameters(project, capsys):
    (project / "params" / "2021.yaml").write_text("year: 2021\ncolour: red\n", encoding="utf-8")
    assert main(["validate", "2021"]) == 1
    _, err = capsys.readouterr()
    assert "params/2021.yaml" in err
    assert "unknown parameter 'colour'" in err


def test_validate_with_no_year_folders_at_all_is_an_error(project, capsys):
    for year in (2019, 2020, 2021):
        for path in (project / "data" / str(year)).iterdir():
            path.unlink()
        (project / "data" / str(year)).rmdir()
    assert main(["validate"]) == 1
    _, err = capsys.readouterr()
    assert err.startswith("error: no years to work on")


@pytest.mark.parametrize("argv", [[], ["validate", "tjugotjugoett"], ["publish", "2021"]])
def test_bad_arguments_exit_with_usage(argv, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert "usage: kulturdialog" in capsys.readouterr().err


def test_an_interrupt_says_the_published_reports_are_unchanged(project, monkeypatch, capsys):
    def interrupted(year, *args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(checks, "check_year", interrupted)
    assert main(["validate", "2021"]) == 130
    assert "interrupted" in capsys.readouterr().err


def test_an_error_after_a_stop_is_told_as_the_interruption(project, monkeypatch, capsys):
    """An interrupt that lands inside a library can surface as its error (a ZMQError wrapped as
    a failed render): once a stop was asked, the CLI says it was interrupted, and exits 130."""
    import threading

    from kulturdialog.errors import RenderError
    from kulturdialog.run import render, stopping

    monkeypatch.setattr(stopping, "_ASKED", threading.Event())

    def cut_short(year, *args, **kwargs):
        stopping._ASKED.set()
        raise RenderError("ZMQError: Too many open files", "execute")

    monkeypatch.setattr(render, "render_year", cut_short)
    assert main(["render", "2021"]) == 130
    told = capsys.readouterr().err
    assert "interrupted; the published reports are unchanged" in told
    assert "ZMQError" not in told


def test_a_bug_is_not_hidden_it_keeps_its_traceback(project, monkeypatch):
    def buggy(year, *args, **kwargs):
        raise ZeroDivisionError("a bug, not a user error")

    monkeypatch.setattr(checks, "check_year", buggy)
    with pytest.raises(ZeroDivisionError):
        main(["validate", "2021"])


def test_a_data_error_raised_anywhere_in_validate_is_printed_not_raised(
    project, monkeypatch, capsys
):
    def broken(year, *args, **kwargs):
        raise DataError([], "somewhere")

    monkeypatch.setattr(checks, "check_year", broken)
    assert main(["validate", "2021"]) == 1
    assert "0 problems in somewhere" in capsys.readouterr().err


def test_the_installed_command_validates_the_project_named_by_kulturdialog_root(project, tmp_path):
    command = Path(sys.executable).with_name("kulturdialog")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    done = subprocess.run(
        [str(command), "validate", "2099"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert "data/2099: no such year folder" in done.stderr
    assert done.stdout == SETTINGS_OK
