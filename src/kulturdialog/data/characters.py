"""Which characters a report can show: the one rule for validation and for every exporter.

Two kinds of character are refused at validation, with file, row, column and code point:

- characters no format can carry (`UNCARRIABLE`): C0 and C1 controls other than tab, line feed
  and carriage return, DEL, non-characters (U+FDD0–U+FDEF, U+xFFFE and U+xFFFF of every plane)
  and lone surrogates. XML (Word) cannot hold them and Typst has no glyph for them. Text that
  did not come through validation (an analyst's Markdown in a notebook) loses them in each
  exporter (`carriable`), so no exporter fails on them;
- characters no shipped font has: the PDF sets text in Source Sans 3, then in each of
  `FALLBACK_FONTS` in turn; a character none of them has (Chinese 文) would fail the PDF.
  Format characters (joiners, direction marks, variation selectors) are never drawn, so they
  pass.
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from typing import TYPE_CHECKING

from fontTools.ttLib import TTFont

from kulturdialog.errors import Problem
from kulturdialog.paths import ASSETS_DIR

if TYPE_CHECKING:  # read.py imports pandas, which the exporters' processes need not
    from kulturdialog.data.read import Table

FONTS_DIR = ASSETS_DIR / "fonts"
MAIN_FONT = "Source Sans 3"
MAIN_FONT_FILES = tuple(
    FONTS_DIR / f"SourceSans3-{weight}.ttf" for weight in ("Regular", "Semibold", "Bold", "It")
)
# family: file, in the order the PDF tries them after Source Sans 3
FALLBACK_FONTS = {
    "Noto Sans Arabic": FONTS_DIR / "NotoSansArabic-Regular.ttf",
    "Noto Sans Hebrew": FONTS_DIR / "NotoSansHebrew-Regular.ttf",
    "Noto Sans Ethiopic": FONTS_DIR / "NotoSansEthiopic-Regular.ttf",
    "Noto Emoji": FONTS_DIR / "NotoEmoji-Regular.ttf",
}
FONT_FAMILIES = (MAIN_FONT, *FALLBACK_FONTS)
FONT_FILES = (*MAIN_FONT_FILES, *FALLBACK_FONTS.values())
# A text cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"):
# the workbooks and the reuse files write such text so that it stays text.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SCRIPTS = "Latin, Cyrillic, Greek, Arabic, Hebrew or Ge'ez script, or emoji"

_NON_CHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
UNCARRIABLE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NON_CHARACTERS}]")


def carriable(text: str) -> str:
    """`text` without the characters no format can carry: the exporters' rule."""
    return UNCARRIABLE.sub("", text)


def _kind(character: str) -> str:
    if "\ud800" <= character <= "\udfff":
        return "half of a surrogate pair"
    if unicodedata.category(character) == "Cc":
        return "a control character"
    return "a non-character"


@functools.cache
def uncovered() -> re.Pattern[str]:
    """A character the PDF cannot draw: in no shipped font, not a format character (never drawn:
    joiners, direction marks, variation selectors), not whitespace. The main font's weights and
    italic have the same characters: its Regular stands for all four."""
    shown: set[int] = {ord(c) for c in "\t\n\r"}
    for path in (MAIN_FONT_FILES[0], *FALLBACK_FONTS.values()):
        shown |= set(TTFont(path, lazy=True).getBestCmap())
    never_drawn = {
        c
        for c in range(sys.maxunicode + 1)
        if unicodedata.category(chr(c)) == "Cf" or 0xFE00 <= c <= 0xFE0F
    }
    points, ranges = sorted(shown | never_drawn), []
    start = end = points[0]
    for point in [*points[1:], -1]:
        if point != end + 1:
            ranges.append(re.escape(chr(start)) + (f"-{re.escape(chr(end))}" * (end > start)))
            start = point
        end = point
    return re.compile(f"[^{''.join(ranges)}]")


def complaints(text: str) -> list[str]:
    """What is wrong with the characters of `text`, as a message's 'expected' part."""
    out = []
    refused = dict.fromkeys(UNCARRIABLE.findall(text))
    if refused:
        named = " and ".join(f"U+{ord(c):04X} ({_kind(c)})" for c in refused)
        out.append(f"contains {named}, which no report format can carry; delete it")
    missing = uncovered_complaint(text)
    if missing:
        out.append(missing)
    return out


def uncovered_complaint(text: str) -> str | None:
    """What `text` holds that no shipped font can draw, with code points; None when nothing."""
    missing = dict.fromkeys(uncovered().findall(carriable(text)))
    if not missing:
        return None
    named = ", ".join(f"{c} (U+{ord(c):04X})" for c in missing)
    return f"contains {named}, in no font of the report; expected text in {SCRIPTS}"


def shown(text: str) -> str:
    """`text` as a message shows it: each character no format can carry as U+FFFD (�)."""
    return UNCARRIABLE.sub("\ufffd", text)


def table_problems(table: Table) -> list[Problem]:
    """One problem per kind of bad character in each cell of `table`, in row order.

    Each column's distinct characters are checked first: most columns have no bad one, and
    only the cells of those that do are searched.
    """
    problems = []
    for column in table.frame.columns:
        cells = table.frame[column].astype(str)
        distinct = "".join(set("".join(cells)))
        bad = set(UNCARRIABLE.findall(distinct)) | set(uncovered().findall(distinct))
        if not bad:
            continue
        for index in cells.index[cells.str.contains(f"[{re.escape(''.join(sorted(bad)))}]")]:
            text = cells[index]
            problems += [table.problem(c, index, column, shown(text)) for c in complaints(text)]
    return sorted(problems, key=lambda p: p.row or 0)
