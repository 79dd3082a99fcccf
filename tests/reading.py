"""Read rendered reports back as a reader sees them: PDF text (pypdf) and parsed HTML (bs4)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pikepdf
from bs4 import BeautifulSoup
from pypdf import PdfReader


def pdf_pages(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def squash(text: str) -> str:
    """Lower case without whitespace or hyphens: survives line breaks and hyphenation."""
    return re.sub(r"[\s\-\u00ad\u2010\u2011]+", "", text).lower()


def html_soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def visible_text(soup: BeautifulSoup) -> str:
    main = soup.find("main")
    return main.get_text(" ", strip=True) if main else ""


def pdf_structure(pdf: pikepdf.Pdf) -> tuple[Counter, list[str]]:
    """A PDF's tag tree: counts of its structure element types, and its figures' /Alt texts."""
    kinds, alts = Counter(), []
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        if isinstance(node, pikepdf.Array):
            stack.extend(node)
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                kinds[str(node.S)] += 1
                if node.S == "/Figure":
                    alts.append(str(node.get("/Alt", "")))
            if "/K" in node:
                stack.append(node.K)
    return kinds, alts
