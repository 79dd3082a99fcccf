"""One list of a report's inputs: the manifest, the appendix and the render key name the same
files — the earlier years a comparison reads included."""

from __future__ import annotations

import json

import pytest
from conftest import render_in
from reading import html_soup

from kulturdialog import paths
from kulturdialog.run import fingerprint
from kulturdialog.run.plan import RenderPlan

pytestmark = pytest.mark.e2e


def keyed_files(year, notebook, root, overrides=None):
    """The files the render key covers: the plan's inputs, the package's code, the lock, the
    settings."""
    plan = RenderPlan.build(year, notebook, root, overrides)
    return [*plan.inputs, *fingerprint.code_files(root)]


def test_manifest_appendix_and_render_key_list_the_same_input_files(_rendered_template):
    root = _rendered_template
    folder = root / "reports/2021"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = set(manifest["inputs"])
    soup = html_soup(folder / "annual_summary.html")
    appendix = {th.get_text() for th in soup.select("table.provenance tbody th")}
    keyed = {paths.relative(f, root) for f in keyed_files(2021, "annual_summary", root)}
    assert appendix == listed
    assert listed <= keyed  # the key adds the package's code, the lock and the settings only
    package = paths.PACKAGE_DIR.as_posix()
    added = ("requirements.lock", "kulturdialog.yaml")
    assert all(f.startswith(package) or f in added for f in keyed - listed)
    # the comparison reads 2019 and 2020: both are named, with the notebook and the reference
    for name in ("data/2019/meetings.csv", "data/2020/needs.csv", "data/reference/themes.csv"):
        assert name in listed
    assert "notebooks/annual_summary.ipynb" in listed


def test_the_render_key_follows_the_notebooks_own_default_for_compare(project):
    """A notebook whose parameters cell says `compare: bool = False` reads no earlier year, so
    its key names none: a change to 2019 does not make its 2021 render stale."""
    import nbformat

    path = project / "notebooks/annual_summary.ipynb"
    nb = nbformat.read(path, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    cell.source = cell.source.replace("compare: bool = True", "compare: bool = False")
    assert "compare: bool = False" in cell.source
    nbformat.write(nb, path)

    def keyed() -> set[str]:
        return {paths.relative(f, project) for f in keyed_files(2021, "annual_summary", project)}

    assert not any(name.startswith("data/2019/") for name in keyed())
    (project / "params/2021.yaml").write_text("year: 2021\ncompare: true\n", encoding="utf-8")
    assert "data/2019/meetings.csv" in keyed()  # the params file's value wins over the default


@pytest.mark.parametrize(
    ("notebook", "overrides", "manifest", "page"),
    [
        ("trends", {"first_year": 2020}, "trends/2020/manifest.json", "trends/2020/trends-2020"),
        (
            "municipality_profile",
            {"municipality": "0180"},
            "municipality_profile/0180/manifest.json",
            None,  # a profile has no appendix
        ),
    ],
    ids=["trends-first_year", "profile"],
)
def test_the_plan_the_manifest_and_the_appendix_name_the_same_inputs(
    published, notebook, overrides, manifest, page
):
    root, _ = published
    render_in(root, 2021, notebook=notebook, overrides=overrides, formats=("html",))
    folder = root / "reports/2021"
    listed = set(json.loads((folder / manifest).read_text(encoding="utf-8"))["inputs"])
    planned = RenderPlan.build(2021, notebook, root, overrides, ("html",)).inputs
    assert {paths.relative(f, root) for f in planned} == listed
    if page:
        soup = html_soup(folder / f"{page}.html")
        assert {th.get_text() for th in soup.select("table.provenance tbody th")} == listed
    first = overrides.get("first_year", 0)
    # the trends from 2020 read no 2019 file; the profile compares with every earlier year
    assert any(n.startswith("data/2019/") for n in listed) == (first == 0)
    assert f"notebooks/{notebook}.ipynb" in listed and "data/2021/meetings.csv" in listed
