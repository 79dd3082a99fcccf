"""provenance: checksums of the inputs, the code version and a date taken from the inputs."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib import metadata

import pytest

from kulturdialog.data import provenance


@pytest.fixture
def no_git_above(tmp_path, monkeypatch):
    """A folder that is not a git checkout, and git may not look above it for one."""
    folder = tmp_path / "not-a-checkout"
    folder.mkdir()
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    for name in ("GIT_DIR", "GIT_WORK_TREE"):
        monkeypatch.delenv(name, raising=False)
    return folder


def test_sha256_is_the_hex_digest_of_the_files_bytes(tmp_path):
    path = tmp_path / "meetings.csv"
    path.write_bytes(b"abc")
    assert provenance.sha256(path) == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


def test_input_checksums_are_keyed_by_path_relative_to_the_root_in_sorted_order(tmp_path):
    root = tmp_path
    files = {
        "data/2021/meetings.csv": b"m",
        "data/reference/themes.csv": b"t",
        "data/2021/year.yaml": b"y",
    }
    for name, content in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    paths = [root / name for name in reversed(list(files))]
    checksums = provenance.input_checksums(paths, root)
    assert list(checksums) == sorted(files)
    assert checksums == {
        name: hashlib.sha256(content).hexdigest() for name, content in files.items()
    }


def test_a_file_outside_the_root_keeps_its_full_path(tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    outside = tmp_path / "elsewhere.csv"
    outside.write_bytes(b"x")
    assert list(provenance.input_checksums([outside], root)) == [str(outside)]


def test_code_version_outside_a_git_checkout_is_unknown(no_git_above):
    assert provenance.code_version(no_git_above) == {"commit": None, "clean": None}


def test_rendering_date_is_the_publication_date_when_there_is_one():
    assert provenance.rendering_date(dt.date(2022, 2, 15), dt.date(2021, 11, 24)) == dt.date(
        2022, 2, 15
    )


def test_rendering_date_is_the_last_meeting_without_a_publication_date():
    assert provenance.rendering_date(None, dt.date(2021, 11, 24)) == dt.date(2021, 11, 24)


def test_rendering_date_is_never_today():
    last_meeting = dt.date(2019, 12, 3)
    assert provenance.rendering_date(None, last_meeting) != dt.date.today()


def test_package_versions_name_the_installed_versions():
    versions = provenance.package_versions()
    assert set(versions) == set(provenance.KEY_PACKAGES)
    assert versions["pandas"] == metadata.version("pandas")
    assert versions["kulturdialog"] == metadata.version("kulturdialog")


def test_describe_is_one_record_of_inputs_code_parameters_packages_and_date(no_git_above):
    root = no_git_above
    (root / "data").mkdir()
    meetings = root / "data" / "meetings.csv"
    meetings.write_bytes(b"meeting_id\n")
    record = provenance.describe([meetings], {"year": 2021}, None, dt.date(2021, 11, 24), root)
    assert record["schema_version"] == provenance.MANIFEST_SCHEMA
    assert record["rendering_date"] == "2021-11-24"
    assert record["parameters"] == {"year": 2021}
    assert record["inputs"] == {"data/meetings.csv": provenance.sha256(meetings)}
    assert record["code"] == {"commit": None, "clean": None}
    assert record["packages"]["pandas"] == metadata.version("pandas")


def test_describe_gives_the_same_record_for_the_same_inputs(no_git_above):
    (no_git_above / "a.csv").write_bytes(b"a")
    args = (
        [no_git_above / "a.csv"],
        {"year": 2021},
        dt.date(2022, 2, 15),
        dt.date(2021, 11, 24),
        no_git_above,
    )
    assert provenance.describe(*args) == provenance.describe(*args)
