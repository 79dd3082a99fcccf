"""Parameter values never become paths (issue 21, item 7): names derive from values through one
safe function; a data_dir with slashes works; a folder outside the project is refused."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from reading import html_soup

from kulturdialog.errors import ParameterError
from kulturdialog.publish.target import Target, name_part
from kulturdialog.run import params

CLI = str(Path(sys.executable).with_name("kulturdialog"))


@pytest.mark.parametrize("value", ["0180", "2020", "en", "sv_SE", "v1.2"])
def test_a_value_that_is_a_name_names_its_files_as_written(value):
    assert name_part(value) == value


@pytest.mark.parametrize(
    ("value", "letters"),
    [("sub/data", "sub-data"), ("../x", "x"), ("a b", "a-b"), ("..", "value"), ("/", "value")],
)
def test_any_other_value_is_its_letters_and_a_hash_of_the_whole(value, letters):
    assert name_part(value) == f"{letters}-{hashlib.sha256(value.encode()).hexdigest()[:8]}"


def test_two_values_never_share_a_name_and_none_is_a_path(tmp_path):
    one = Target.of(2021, "annual_summary", {"data_dir": "sub/data"})
    other = Target.of(2021, "annual_summary", {"data_dir": "sub-data"})
    assert one.stem != other.stem and "/" not in one.stem
    assert one.folder(tmp_path).parent == tmp_path / "2021" / "annual_summary"


def declared_data_dir() -> dict:
    return {"year": {"inferred_type_name": "int"}, "data_dir": {"inferred_type_name": "str"}}


@pytest.mark.parametrize("folder", ["data", "sub/data", "sub\\data", "./data"])
def test_a_folder_inside_the_project_is_a_data_dir(folder):
    values = params.check({"data_dir": folder}, declared_data_dir(), "params/2021.yaml", 2021)
    assert values["data_dir"] == folder


@pytest.mark.parametrize("folder", ["../data", "sub/../../data", "/etc", "C:\\data", ""])
def test_a_folder_outside_the_project_is_refused_naming_the_value(folder):
    with pytest.raises(ParameterError) as err:
        params.check({"data_dir": folder}, declared_data_dir(), "params/2021.yaml", 2021)
    assert f"parameter 'data_dir': {folder!r}: expected a folder inside the project" in str(
        err.value
    )


@pytest.mark.e2e
def test_render_with_a_data_dir_with_a_slash(project):
    shutil.copytree(project / "data", project / "sub/data")
    run = subprocess.run(
        [CLI, "render", "2021", "-p", "data_dir=sub/data", "--formats", "html", "--quiet"],
        cwd=project,
        env={**os.environ, "KULTURDIALOG_ROOT": str(project)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr
    stem = f"annual_summary-{name_part('sub/data')}"
    page = project / "reports/2021/annual_summary" / name_part("sub/data") / f"{stem}.html"
    assert page.is_file()
    listed = [th.get_text() for th in html_soup(page).select("table.provenance tbody th")]
    read = [name for name in listed if not name.startswith(("notebooks/", "params/"))]
    assert "sub/data/2021/meetings.csv" in read
    assert all(name.startswith("sub/data/") for name in read), read  # none from data/
