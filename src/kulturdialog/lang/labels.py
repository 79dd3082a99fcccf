"""Labels for the contract's fixed codes, per report language (reference tables carry their own).

The labels live in the catalogues (catalogue/sv.yaml, en.yaml, section `labels`), in the
contract's order of codes. The module-level names are the Swedish labels, as before;
`CODE_LABELS[language]` holds a language's full set.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

from kulturdialog.lang import catalogue


@dataclass(frozen=True)
class CodeLabels:
    """One language's labels for the fixed codes, each mapping in the contract's order."""

    formats: dict[str, str]
    kinds: dict[str, str]
    kinds_lower: dict[str, str]  # a kind in running text: "Flest iakttagelser gällde …"
    levels: dict[str, str]
    statuses: dict[str, str]
    areas: dict[str, str]
    subregions: dict[str, str]


def _labels(code: str) -> CodeLabels:
    section = catalogue.load(code)["labels"]
    return CodeLabels(**{name: dict(section[name]) for name in CodeLabels.__dataclass_fields__})


SWEDISH = _labels("sv")
ENGLISH = _labels("en")
CODE_LABELS = MappingProxyType({"sv": SWEDISH, "en": ENGLISH})

FORMATS = SWEDISH.formats
KINDS = SWEDISH.kinds
LEVELS = SWEDISH.levels
STATUSES = SWEDISH.statuses
AREAS = SWEDISH.areas
SUBREGIONS = SWEDISH.subregions
