"""Every word the reports show, one catalogue per language: sv.yaml and en.yaml beside this file.

A catalogue has sections (`report`: the report's headings, table headers, captions and chart
axes; `labels`: the contract's fixed codes; `narrative`, `compare`, `trends`: generated
sentences; `preview`: the preview's error page; `language`: small numbers in words). A message
is a string with `{placeholders}` (`{name!c}`: capitalise the first letter), or its plural forms
by CLDR category (`one`, `other`), chosen by a number with Babel's plural rules. Each file is
read once per process (the render key and the preview watch it like the package's code);
tests/test_catalogue.py keeps the two in parity.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml
from babel import Locale

from kulturdialog.lang import LOCALES

FOLDER = Path(__file__).parent
DEFAULT = "sv"

Message = str | Mapping[str, str]


def _freeze(value):
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


@cache
def load(code: str) -> Mapping[str, Mapping]:
    """The catalogue of language `code` ("sv", "en"), read once; read-only."""
    text = (FOLDER / f"{code}.yaml").read_text(encoding="utf-8")
    # libyaml's loader when PyYAML has it (its wheels do): ten times the pure-Python one's speed
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506
    return _freeze(data)


@cache
def plural_categories(code: str) -> frozenset[str]:
    """The CLDR plural categories a message in `code` must have (`one`, `other` for sv and en)."""
    return frozenset(Locale.parse(LOCALES[code]).plural_form.tags) | {"other"}


def plural_form(code: str, n: float) -> str:
    """The CLDR plural category of the number `n` in `code`: `one` for 1, `other` else."""
    return Locale.parse(LOCALES[code]).plural_form(n)


class _Formatter(string.Formatter):
    """str.format with one more conversion: `{name!c}` capitalises the value's first letter."""

    def convert_field(self, value, conversion):
        if conversion == "c":
            text = str(value)
            return text[:1].upper() + text[1:]
        return super().convert_field(value, conversion)


FORMATTER = _Formatter()


def say(code: str, section: str, key: str, n: float | None = None, /, **values) -> str:
    """Message `key` of `section` in `code` with `values` filled in; plural forms chosen by `n`."""
    message = load(code)[section][key]
    if not isinstance(message, str):
        if n is None:
            raise TypeError(f"{section}.{key} has plural forms: give the number it speaks of")
        message = message.get(plural_form(code, n), message["other"])
    return FORMATTER.format(message, **values)


def placeholders(text: str) -> set[str]:
    """The names of the `{placeholders}` in `text`."""
    return {name for _, name, _, _ in FORMATTER.parse(text) if name}
