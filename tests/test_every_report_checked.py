"""Every report a reader gets passes the same checks: axe-core WCAG 2.1 A/AA at desktop and phone
widths (Debian's Chromium) and veraPDF PDF/A-2a and PDF/UA-1, in every language and for every
shipped notebook and the analyst's example notebooks (one written as for Quarto).

The annual summaries are the session's renders (conftest); the other notebooks are rendered here
once, in one project copy. All PDFs are validated in one Java run.
"""

from __future__ import annotations

import shutil

import pytest
from browser import WIDTHS, axe_violations, browser_fixture, describe, open_page  # noqa: F401
from conftest import ROOT, copy_project, render_in
from verapdf import FLAVOURS, validate_many

pytestmark = pytest.mark.e2e
# report → (notebook, language)
REPORTS = {
    "annual_summary-sv": ("annual_summary", "sv"),
    "annual_summary-en": ("annual_summary", "en"),
    "trends": ("trends", "sv"),
    "municipality_profile-0180": ("municipality_profile", "sv"),
    "analyst_example": ("analyst_example", "sv"),
    "analyst_quarto": ("analyst_quarto", "sv"),
    "quarto_style": ("quarto_style", "sv"),
}


def test_every_shipped_notebook_and_every_language_is_checked():
    notebooks = {path.stem for path in (ROOT / "notebooks").glob("*.ipynb")}
    notebooks |= {path.stem for path in (ROOT / "tests/notebooks").glob("*.ipynb")}
    notebooks |= {path.stem for path in (ROOT / "tests/notebooks").glob("*.py")}
    languages = {path.stem for path in (ROOT / "src/kulturdialog/lang/catalogue").glob("*.yaml")}
    assert {notebook for notebook, _ in REPORTS.values()} == notebooks
    assert {language for _, language in REPORTS.values()} == languages
    assert {("annual_summary", language) for language in languages} <= set(REPORTS.values())


@pytest.fixture(scope="module")
def reports(_rendered_template, rendered_2021_en, tmp_path_factory) -> dict:
    """Each report's path without its suffix (…/<stem>), by the names of REPORTS."""
    root = copy_project(tmp_path_factory.mktemp("every-report") / "project")
    for name in ("analyst_example", "analyst_quarto"):
        shutil.copy(ROOT / f"tests/notebooks/{name}.ipynb", root / "notebooks")
    shutil.copy(ROOT / "tests/notebooks/analyst_example.ipynb", root / "notebooks")
    shutil.copy(ROOT / "tests/notebooks/quarto_style.py", root / "notebooks")  # .py alone
    profile = render_in(root, 2021, "municipality_profile", overrides={"municipality": "0180"})
    return {
        "annual_summary-sv": _rendered_template / "reports/2021/annual_summary",
        "annual_summary-en": rendered_2021_en / "reports/2021/annual_summary",
        "trends": render_in(root, 2021, "trends").folder / "trends",
        "municipality_profile-0180": profile.folder / "municipality_profile-0180",
        "analyst_example": render_in(root, 2021, "analyst_example").folder / "analyst_example",
        "analyst_quarto": render_in(root, 2021, "analyst_quarto").folder / "analyst_quarto",
        "quarto_style": render_in(root, 2021, "quarto_style").folder / "quarto_style",
    }


@pytest.fixture(scope="module")
def verapdf_results(reports) -> dict:
    pdfs = {name: stem.with_suffix(".pdf") for name, stem in reports.items()}
    results = validate_many(pdfs.values(), FLAVOURS)
    return {name: results[pdf] for name, pdf in pdfs.items()}


@pytest.mark.parametrize("report", REPORTS)
def test_the_pdf_is_pdf_a_2a_and_pdf_ua_1(verapdf_results, report):
    results = verapdf_results[report]
    assert set(results) == {"2a", "ua1"}
    for flavour, result in results.items():
        assert result.compliant, f"{report}.pdf {flavour}: {result}"


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
@pytest.mark.parametrize("report", REPORTS)
def test_axe_finds_no_wcag_21_a_or_aa_violation(browser, reports, report, width):
    page = open_page(browser, reports[report].with_suffix(".html").as_uri(), width)
    violations = axe_violations(page)
    assert violations == [], describe(violations)
