"""Labels for the contract's fixed codes, per report language (reference tables carry their own).

The module-level names are the Swedish labels, as before; `CODE_LABELS[language]` holds a
language's full set.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

FORMATS = {"digital": "Digitalt", "hybrid": "Hybrid", "in_person": "Fysiskt"}
KINDS = {
    "effect": "Effekter",
    "concern": "Farhågor",
    "adaptation": "Anpassningar och nya arbetssätt",
    "request": "Önskemål",
    "opportunity": "Möjligheter",
}
KINDS_SINGULAR_LOWER = {
    "effect": "effekter",
    "concern": "farhågor",
    "adaptation": "anpassningar",
    "request": "önskemål",
    "opportunity": "möjligheter",
}
LEVELS = {"regional": "Regional", "municipal": "Kommunal"}
STATUSES = {
    "budget_process": "I budgetprocessen",
    "in_progress": "Pågår",
    "done": "Genomfört",
    "noted": "Noterat",
}
AREAS = {
    "sports_facilities": "Idrottsanläggningar",
    "arts_school": "Kulturskola",
    "libraries": "Bibliotek",
}
SUBREGIONS = {
    "nordost": "Nordost",
    "nordvast": "Nordväst",
    "sydost": "Sydost",
    "sydvast": "Sydväst",
    "stockholm": "Stockholm",
}


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


SWEDISH = CodeLabels(FORMATS, KINDS, KINDS_SINGULAR_LOWER, LEVELS, STATUSES, AREAS, SUBREGIONS)

ENGLISH = CodeLabels(
    formats={"digital": "Digital", "hybrid": "Hybrid", "in_person": "In person"},
    kinds={
        "effect": "Effects",
        "concern": "Concerns",
        "adaptation": "Adaptations and new ways of working",
        "request": "Requests",
        "opportunity": "Opportunities",
    },
    kinds_lower={
        "effect": "effects",
        "concern": "concerns",
        "adaptation": "adaptations",
        "request": "requests",
        "opportunity": "opportunities",
    },
    levels={"regional": "Regional", "municipal": "Municipal"},
    statuses={
        "budget_process": "In the budget process",
        "in_progress": "In progress",
        "done": "Done",
        "noted": "Noted",
    },
    areas={
        "sports_facilities": "Sports facilities",
        "arts_school": "Arts schools",
        "libraries": "Libraries",
    },
    subregions={
        "nordost": "North-east",
        "nordvast": "North-west",
        "sydost": "South-east",
        "sydvast": "South-west",
        "stockholm": "Stockholm",
    },
)

CODE_LABELS = MappingProxyType({"sv": SWEDISH, "en": ENGLISH})
