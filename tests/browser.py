"""Debian's Chromium for every browser test, launched one way, and axe-core's WCAG 2.1 A/AA check.

Playwright drives the Chromium of `scripts/install-system-deps --test` (/usr/bin/chromium); its
own browser downloads are not used. Without Chromium a test fails, naming the install command.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from conftest import ROOT
from external import command

ARTIFACTS = ROOT / "test-artifacts"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDTHS = {"desktop": 1280, "phone": 390}
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium (playwright's Browser), closed on leaving."""
    from playwright.sync_api import sync_playwright

    executable = command("chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="module", name="browser")
def browser_fixture():
    """`browser`: one Chromium for a test module that imports this fixture."""
    with chromium() as browser:
        yield browser


def open_page(browser, url: str, width: int, height: int = 900, scale: float = 1):
    page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=scale)
    page.goto(url)
    return page


def axe_violations(page) -> list[dict]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": WCAG_21_AA}}
    return Axe().run(page, options=options).response["violations"]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    )
