"""Every word a reader sees in the 2021 annual summary, as a small YAML file per language.

Read from the rendered HTML: the title block, the contents, every heading, each table's caption,
column headers and rows, each figure's caption, text alternative and the words in its chart (the
texts of the matplotlib SVG). tests/test_golden.py compares them with tests/golden/ exactly, and
the Word file and the PDF with them. After a deliberate change of wording, regenerate and review
the diff:

    .venv/bin/python tests/golden.py --write
"""

from __future__ import annotations

import base64
import re
import sys
import tempfile
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

GOLDEN = Path(__file__).parent / "golden"
LANGUAGES = ("sv", "en")
HEADER = (
    "# Every word a reader sees in the 2021 annual summary ({language}), read from its HTML.\n"
    "# Compared exactly by tests/test_golden.py; regenerate with: python tests/golden.py --write\n"
)
LETTER = re.compile(r"[^\W\d_]")


class Row(list):
    """A table row or header, written on one line (flow style) to keep the file reviewable."""


yaml.SafeDumper.add_representer(
    Row,
    lambda dumper, row: dumper.represent_sequence("tag:yaml.org,2002:seq", row, flow_style=True),
)


def golden_path(language: str) -> Path:
    return GOLDEN / f"annual_summary-2021.{language}.yaml"


def text(tag) -> str:
    return " ".join(tag.get_text(" ", strip=True).split())


def chart_words(img) -> list[str]:
    """The texts of a matplotlib SVG that contain a letter (not the numbers), in drawing order."""
    svg = base64.b64decode(img["src"].removeprefix("data:image/svg+xml;base64,")).decode()
    return [t for t in re.findall(r"<!-- (.*?) -->", svg) if LETTER.search(t)]


def reader_words(soup: BeautifulSoup) -> dict:
    """What a reader of the HTML page reads apart from its running text."""
    main = soup.find("main")
    nav = main.find("nav", class_="toc")
    header = main.find("header", class_="title-block")
    tables = []
    for table in main.find_all("table"):
        entry = {
            "caption": text(table.caption),
            "columns": Row(text(th) for th in table.select("thead th")),
        }
        if "provenance" not in (table.get("class") or []):  # its rows are checksums
            entry["rows"] = [
                Row(text(c) for c in row.find_all(["th", "td"]))
                for row in table.select("tbody tr, tfoot tr")
            ]
        tables.append(entry)
    return {
        "page": {
            "title": text(soup.title),
            "skip_link": text(soup.select_one("a.skip-link")),
            "kicker": text(header.select_one(".kicker")),
            "facts": [
                Row([text(dt), text(dt.find_next_sibling("dd"))]) for dt in header.find_all("dt")
            ],
        },
        "contents": {
            "heading": text(nav.find("h2")),
            "entries": [
                f"{li['class'][0].removeprefix('level')} {text(li)}"
                for li in nav.select("ol:not(.listing) > li")
            ],
            "listings": {
                text(h): [text(li) for li in h.find_next_sibling("ol").find_all("li")]
                for h in nav.select("h3.listing")
            },
        },
        "headings": [
            f"{h.name} {text(h)}"
            for h in main.find_all(["h1", "h2", "h3", "h4"])
            if not h.find_parent("nav")
        ],
        "tables": tables,
        "figures": [
            {"caption": text(f.figcaption), "alt": f.img["alt"], "chart": chart_words(f.img)}
            for f in main.find_all("figure")
        ],
    }


def dump(words: dict, language: str) -> str:
    body = yaml.safe_dump(words, allow_unicode=True, sort_keys=False, width=100)
    return HEADER.format(language=language) + body


def write() -> None:
    """Render 2021 in each language in a throw-away project copy and write its golden file."""
    from conftest import copy_project, render_in
    from reading import html_soup

    for language in LANGUAGES:
        with tempfile.TemporaryDirectory() as tmp:
            root = copy_project(Path(tmp) / "project")
            if language != "sv":  # Swedish is the default, as in the published report
                params = f"year: 2021\nlanguage: {language}\n"
                (root / "params/2021.yaml").write_text(params, encoding="utf-8")
            folder = render_in(root, 2021).folder
            words = reader_words(html_soup(folder / "annual_summary.html"))
        golden_path(language).write_text(dump(words, language), encoding="utf-8")
        print(f"wrote {golden_path(language)}")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit(__doc__)
    write()
