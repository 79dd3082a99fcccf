"""The HTML report in a real browser (Debian's Chromium): keyboard, widths, screenshots kept.

axe-core's WCAG 2.1 A/AA check of this and every other report is in test_every_report_checked.py.
"""

from __future__ import annotations

import struct

import pytest
from browser import ARTIFACTS, WIDTHS, browser_fixture, open_page  # noqa: F401

pytestmark = pytest.mark.e2e
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def page_url(_rendered_template) -> str:
    return (_rendered_template / "reports/2021/annual_summary.html").as_uri()


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


@pytest.mark.parametrize("width", list(WIDTHS.values()), ids=list(WIDTHS))
def test_screenshots_are_kept_as_artifacts(browser, page_url, width):
    """A whole-page screenshot per width in test-artifacts/, written by this run."""
    shot = ARTIFACTS / f"report-2021-{width}px.png"
    shot.unlink(missing_ok=True)
    ARTIFACTS.mkdir(exist_ok=True)
    open_page(browser, page_url, width).screenshot(path=shot, full_page=True)
    png = shot.read_bytes()
    assert png.startswith(PNG_SIGNATURE) and png[12:16] == b"IHDR"
    shot_width, shot_height = struct.unpack(">II", png[16:24])
    assert shot_width == width and shot_height > 900  # the whole page, not the window
