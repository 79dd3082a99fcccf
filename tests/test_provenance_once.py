"""One list of a report's inputs: the manifest, the appendix and the render key name the same
files — the earlier years a comparison reads included."""

from __future__ import annotations

import json

import pytest
from reading import html_soup

from kulturdialog import fingerprint, paths

pytestmark = pytest.mark.e2e


def test_manifest_appendix_and_render_key_list_the_same_input_files(_rendered_template):
    root = _rendered_template
    folder = root / "reports/2021"
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = set(manifest["inputs"])
    soup = html_soup(folder / "annual_summary.html")
    appendix = {th.get_text() for th in soup.select("table.provenance tbody th")}
    keyed = {paths.relative(f, root) for f in fingerprint.inputs(2021, "annual_summary", root)}
    assert appendix == listed
    assert listed <= keyed  # the key adds the package's code and the lock file, nothing else
    package = paths.PACKAGE_DIR.as_posix()
    assert all(f.startswith(package) or f == "requirements.lock" for f in keyed - listed)
    # the comparison reads 2019 and 2020: both are named, with the notebook and the reference
    for name in ("data/2019/meetings.csv", "data/2020/needs.csv", "data/reference/themes.csv"):
        assert name in listed
    assert "notebooks/annual_summary.ipynb" in listed
