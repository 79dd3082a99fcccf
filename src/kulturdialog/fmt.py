"""Swedish number, percent and date formats (Babel, locale sv_SE)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

LOCALE = "sv_SE"


def number(value: float, decimals: int = 0) -> str:
    """`1 234` or `12,5` (no-break space as thousands separator)."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
    return format_decimal(value, format=pattern, locale=LOCALE)


def percent(share: float, decimals: int = 0) -> str:
    """A share in [0, 1] as `12,5 %`."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "\u00a0%"
    return format_percent(share, format=pattern, locale=LOCALE)


def date(value: dt.date) -> str:
    """`24 november 2021`."""
    return format_date(value, format="d MMMM y", locale=LOCALE)


def join(items: list[str], word: str = "och") -> str:
    """`a, b och c`."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def lower_first(text: str) -> str:
    """A label in running text: `Det fria kulturlivet` → `det fria kulturlivet`."""
    return text[:1].lower() + text[1:] if text[1:2].islower() or len(text) == 1 else text
