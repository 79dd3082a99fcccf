"""Notebooks written the analyst's way are as accessible as the annual summary: the HTML is
axe-clean at desktop and phone widths, the PDF is PDF/A-2a and PDF/UA-1 (veraPDF)."""

from __future__ import annotations

import shutil

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT, copy_project, render_in
from test_accessibility import WCAG_21_AA, browser, describe, open_page  # noqa: F401
from verapdf import validate_many

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("analyst") / "project")
    shutil.copy(ROOT / "tests/notebooks/analyst_example.ipynb", root / "notebooks")
    profile = render_in(root, 2021, "municipality_profile", overrides={"municipality": "0180"})
    example = render_in(root, 2021, "analyst_example")
    return {
        "profile": profile.folder / "municipality_profile-0180",
        "example": example.folder / "analyst_example",
    }


@pytest.mark.parametrize("which", ["profile", "example"])
@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_axe_finds_no_wcag_21_a_or_aa_violation(browser, rendered, which, width):  # noqa: F811
    page = open_page(browser, rendered[which].with_suffix(".html").as_uri(), width)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], describe(violations)


def test_the_pdfs_are_pdf_a_2a_and_pdf_ua_1(rendered):
    pdfs = [path.with_suffix(".pdf") for path in rendered.values()]
    for pdf, results in validate_many(pdfs, ("2a", "ua1")).items():
        for flavour, result in results.items():
            assert result.compliant, f"{pdf.name} {flavour}: {result}"
