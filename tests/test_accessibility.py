"""The HTML report in a real browser (Debian's Chromium): axe-core WCAG 2.1 AA, keyboard, widths."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT
from playwright.sync_api import sync_playwright

pytestmark = pytest.mark.e2e
ARTIFACTS = ROOT / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    assert executable, "Debian's chromium is needed: scripts/install-system-deps --test"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def page_url(_rendered_template) -> str:
    return (_rendered_template / "reports/2021/annual_summary.html").as_uri()


def open_page(browser, url: str, width: int, height: int = 900, scale: float = 1):
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.goto(url)
    return page


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    )


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_axe_finds_no_wcag_21_a_or_aa_violation(browser, page_url, width):
    page = open_page(browser, page_url, width)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_21_AA}})
    violations = results.response["violations"]
    assert violations == [], describe(violations)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"report-2021-{width}px.png", full_page=True)


@pytest.mark.parametrize("width", [390, 640], ids=["phone", "desktop-zoomed-200"])
def test_no_sideways_scrolling_on_a_phone_or_at_200_percent_zoom(browser, page_url, width):
    page = open_page(browser, page_url, width)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_skip_link_and_table_of_contents_work_with_the_keyboard(browser, page_url):
    page = open_page(browser, page_url, 1280)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Hoppa till huvudinnehållet"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    page.keyboard.press("Tab")
    first_toc_link = page.evaluate("document.activeElement.getAttribute('href')")
    assert first_toc_link == "#inledning"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#inledning"


def test_screenshots_are_kept_as_artifacts():
    shots = sorted(Path(ARTIFACTS).glob("report-2021-*px.png"))
    assert [p.name for p in shots] == ["report-2021-1280px.png", "report-2021-390px.png"]
