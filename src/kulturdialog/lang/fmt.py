"""Number, percent and date formats (Babel): Swedish (sv_SE) by default, or another locale."""

from __future__ import annotations

import datetime as dt
import math
import re

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "sv_SE"
# A cell, chart label or CSV value without data: a year without dialogues, a municipality that
# has not reported. A share that is zero is data, and is written `0 %`. Declared once.
NO_DATA = "–"


def number(value: float, decimals: int = 0, locale: str = LOCALE) -> str:
    """`1 234` or `12,5` (no-break space as thousands separator); `1,234` or `12.5` in en_GB."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def percent(share: float, decimals: int = 0, locale: str = LOCALE) -> str:
    """A share in [0, 1] in the locale's own (CLDR) pattern: `12,5 %` with a no-break space in
    sv_SE, `12.5%` in en_GB."""
    pattern = Locale.parse(locale).percent_formats[None].pattern
    if decimals:  # the last integer digit takes the decimals: `#,##0 %` → `#,##0.0 %`
        pattern = re.sub(r"0(?=[^0]*$)", "0." + "0" * decimals, pattern, count=1)
    return format_percent(share, format=pattern, locale=locale)


def missing(value: object) -> bool:
    """No data: None, NaN or pandas' NA (which compares as neither true nor false)."""
    if value is None or isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ == "NAType"


def share(value: float | None, decimals: int = 0, locale: str = LOCALE) -> str:
    """A share as a table, chart and text show it: `–` where there is no data, else a percent
    (`0 %` where the share is zero)."""
    return NO_DATA if missing(value) else percent(float(value), decimals, locale)  # type: ignore[arg-type]


def date(value: dt.date, locale: str = LOCALE) -> str:
    """`24 november 2021` (`24 November 2021` in en_GB)."""
    return format_date(value, format="d MMMM y", locale=locale)


def join(items: list[str], word: str = "och", serial: bool = False) -> str:
    """`a, b och c`; with serial=True (English) `a, b, and c` — clearer when items contain "and"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    comma = "," if serial and len(items) > 2 else ""
    return ", ".join(items[:-1]) + f"{comma} {word} " + items[-1]


def lower_first(text: str, proper_names: tuple[str, ...] = ()) -> str:
    """A label in running text: `Det fria kulturlivet` → `det fria kulturlivet`; an acronym
    (`RIK`) or a label that starts with one of `proper_names` (`Region Stockholm`) stays."""
    if any(text == name or text.startswith(name + " ") for name in proper_names):
        return text
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
