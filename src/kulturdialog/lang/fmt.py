"""Number, percent and date formats (Babel): Swedish (sv_SE) by default, or another locale."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "sv_SE"
PERCENT_SIGN = {"sv_SE": "\u00a0%"}  # Swedish writes `12,5 %`; English (the default) `12.5%`


def number(value: float, decimals: int = 0, locale: str = LOCALE) -> str:
    """`1 234` or `12,5` (no-break space as thousands separator); `1,234` or `12.5` in en_GB."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=locale)


def percent(share: float, decimals: int = 0, locale: str = LOCALE) -> str:
    """A share in [0, 1] as `12,5 %` (`12.5%` in en_GB)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + PERCENT_SIGN.get(locale, "%")
    return format_percent(share, format=pattern, locale=locale)


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


def lower_first(text: str) -> str:
    """A label in running text: `Det fria kulturlivet` → `det fria kulturlivet`."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
