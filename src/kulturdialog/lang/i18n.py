"""The report's languages: Swedish (the default) and English.

A `Language` carries everything that differs between them: the language tag (for `<html lang>`
and the PDF's /Lang), the Babel locale of numbers, dates and lists, the reference tables' label
column, the labels of the contract's fixed codes, and its catalogue (catalogue/sv.yaml,
catalogue/en.yaml): every word the report shows, the generated sentences too.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from babel.lists import format_list

from kulturdialog.errors import ParameterError
from kulturdialog.lang import catalogue, fmt
from kulturdialog.lang.labels import CODE_LABELS, CodeLabels

DEFAULT = "sv"


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in <html lang> and the reference tables' label_<code> columns
    tag: str  # BCP 47 with region, for the PDF's /Lang
    locale: str  # Babel locale of numbers and dates
    list_locale: str  # Babel locale of lists: `a, b och c`, `a, b, and c`
    labels: CodeLabels
    words: tuple[str, ...]  # 0, 1, 2, … in words, for running text
    neuter: Mapping[int, str]  # Swedish "ett" for a neuter noun
    proper_names: tuple[str, ...]  # keep their capital letter in running text
    strings: Mapping[str, str]  # the catalogue's `report` section
    css: str | None = None  # a stylesheet in assets/ that follows report.css (its own words)

    @property
    def label_column(self) -> str:
        """The reference tables' column with this language's labels (label_sv, label_en)."""
        return f"label_{self.code}"

    def __call__(self, key: str, **values) -> str:
        """The report's text `key` in this language, with `values` filled in."""
        return catalogue.say(self.code, "report", key, **values)

    def say(self, section: str, key: str, n: float | None = None, /, **values) -> str:
        """The catalogue's message `section`.`key`; a message with plural forms takes `n`."""
        return catalogue.say(self.code, section, key, n, **values)

    def number(self, value: float, decimals: int = 0) -> str:
        return fmt.number(value, decimals, locale=self.locale)

    def percent(self, share: float, decimals: int = 0) -> str:
        return fmt.percent(share, decimals, locale=self.locale)

    def share(self, value: float | None, decimals: int = 0) -> str:
        """A share in a table, chart or sentence: `–` for no data, `0 %` for none (fmt.share)."""
        return fmt.share(value, decimals, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return fmt.date(value, locale=self.locale)

    def join(self, items: list[str]) -> str:
        """`a, b och c`; `a, b, and c` in English (Babel's list patterns)."""
        return format_list(list(items), locale=self.list_locale)

    def count(self, n: int, neuter: bool = False) -> str:
        """A count that stands alone in a sentence: small ones in words (`fem iakttagelser`),
        larger ones as digits. Counts that are compared or listed side by side take `counts`."""
        if neuter and n in self.neuter:
            return self.neuter[n]
        return self.words[n] if 0 <= n < len(self.words) else self.number(n)

    def counts(self, *ns: int) -> list[str]:
        """Counts that are compared or listed in one sentence, all in digits (Svenska skrivregler:
        `6 av årets 14 möten`, `6 hanteras, 3 pågår och 1 är noterat`); one alone as `count`."""
        if len(ns) == 1:
            return [self.count(ns[0])]
        return [self.number(n) for n in ns]

    def in_sentence(self, label: str) -> str:
        """A label in running text or after the first item of a list: lower case first letter
        (`civilsamhälle och föreningsliv`), proper names and acronyms as written."""
        return fmt.lower_first(label, self.proper_names)

    def listed(self, labels: list[str]) -> list[str]:
        """Labels listed at the start of a text (a table cell): the first as written, every
        other in running-text case (`in_sentence`), as Swedish lists are written."""
        return [label if i == 0 else self.in_sentence(label) for i, label in enumerate(labels)]


def _language(code: str, tag: str, list_locale: str, css: str | None = None) -> Language:
    words = catalogue.load(code)["language"]
    return Language(
        code=code,
        tag=tag,
        locale=catalogue.LOCALES[code],
        list_locale=list_locale,
        labels=CODE_LABELS[code],
        words=words["numbers_in_words"],
        neuter=words["neuter"],
        proper_names=tuple(words["proper_names"]),
        strings=catalogue.load(code)["report"],
        css=css,
    )


SWEDISH = _language("sv", "sv-SE", "sv_SE")
# English lists take a serial comma (CLDR `en`): `a, b, and c` is clearer where labels
# contain "and" themselves.
ENGLISH = _language("en", "en-GB", "en", css="report.en.css")

LANGUAGES: Mapping[str, Language] = MappingProxyType({"sv": SWEDISH, "en": ENGLISH})
NAMES = {"sv": "Swedish", "en": "English"}


def language(code: str | Language) -> Language:
    """The report language for `code` ("sv" or "en"); ParameterError naming the allowed values."""
    if isinstance(code, Language):
        return code
    if isinstance(code, str) and code in LANGUAGES:
        return LANGUAGES[code]
    allowed = ", ".join(f"'{c}' ({NAMES[c]})" for c in LANGUAGES)
    raise ParameterError(f"parameter 'language': {code!r} is not a report language; use {allowed}")


def from_tag(tag: str | None) -> Language:
    """The language of an `<html lang>` value or BCP 47 tag (sv, sv-SE, en, en-GB); Swedish else."""
    code = (tag or DEFAULT).split("-")[0].lower()
    return LANGUAGES.get(code, SWEDISH)
