"""The report's languages: Swedish (the default) and English.

A `Language` carries everything that differs between them: the language tag (for `<html lang>`
and the PDF's /Lang), the Babel locale of numbers and dates, the reference tables' label column,
the labels of the contract's fixed codes, small numbers in words, and the words of the report
around the data (headings, table headers, captions, text alternatives, the page's chrome).
The generated sentences are in narrative.py, in both languages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from kulturdialog import fmt
from kulturdialog.errors import ParameterError
from kulturdialog.labels import CODE_LABELS, CodeLabels

DEFAULT = "sv"


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in <html lang> and the reference tables' label_<code> columns
    tag: str  # BCP 47 with region, for the PDF's /Lang
    locale: str  # Babel locale of numbers and dates
    labels: CodeLabels
    words: tuple[str, ...]  # 0, 1, 2, … in words, for running text
    neuter: Mapping[int, str]  # Swedish "ett" for a neuter noun
    and_word: str
    serial_comma: bool  # `a, b, and c`: English labels often contain "and" themselves
    strings: Mapping[str, str]
    css: str | None = None  # a stylesheet in assets/ that follows report.css (its own words)

    @property
    def label_column(self) -> str:
        """The reference tables' column with this language's labels (label_sv, label_en)."""
        return f"label_{self.code}"

    def __call__(self, key: str, **values) -> str:
        """The report's text `key` in this language, with `values` filled in."""
        return self.strings[key].format(**values)

    def number(self, value: float, decimals: int = 0) -> str:
        return fmt.number(value, decimals, locale=self.locale)

    def percent(self, share: float, decimals: int = 0) -> str:
        return fmt.percent(share, decimals, locale=self.locale)

    def date(self, value: dt.date) -> str:
        return fmt.date(value, locale=self.locale)

    def join(self, items: list[str]) -> str:
        return fmt.join(items, self.and_word, self.serial_comma)

    def count(self, n: int, neuter: bool = False) -> str:
        """Small numbers in words, as running text prefers; larger ones as digits."""
        if neuter and n in self.neuter:
            return self.neuter[n]
        return self.words[n] if 0 <= n < len(self.words) else self.number(n)


SWEDISH_STRINGS = {
    # the page around the report (template and PDF metadata)
    "skip_link": "Hoppa till huvudinnehållet",
    "contents": "Innehåll",
    "tables": "Tabeller",
    "figures": "Figurer",
    "table": "Tabell",
    "figure": "Figur",
    "page_of": "Sida {page} av {pages}",
    "author": "Region Stockholm, Kulturförvaltningen",
    "description": "Region Stockholms sammanfattning av kulturdialogerna {year}",
    # title block
    "kicker": "Region Stockholm · Kulturförvaltningen",
    "default_title": "Sammanfattning av {year} års dialogmöten",
    "fact_dnr": "Diarienummer",
    "fact_year": "År",
    "fact_published": "Publicerad",
    "fact_date": "Datum",
    "untranslated": "",
    # section headings
    "h_intro": "Inledning",
    "h_figures": "Årets dialoger i siffror",
    "h_themes": "Årets teman",
    "h_cooperation": "Interkommunal och regional samverkan",
    "h_needs": "Önskemål och behov av insatser",
    "h_comparison": "Jämförelse med tidigare år",
    "h_appendix": "Om underlaget",
    # table headers and cells
    "col_party_group": "Partsgrupp",
    "col_party_groups": "Partsgrupper",
    "col_meetings": "Möten",
    "col_participants": "Deltagare",
    "col_total": "Totalt",
    "col_municipality": "Kommun",
    "col_municipalities": "Kommuner",
    "col_subregion": "Delregion",
    "col_theme": "Tema",
    "col_need": "Önskemål eller behov",
    "col_raised_by": "Framfört av",
    "col_level": "Nivå",
    "col_status": "Status",
    "col_year": "År",
    "col_digital_share": "Andel digitala möten",
    "col_file": "Fil",
    "yes": "Ja",
    "no": "Nej",
    # captions and text alternatives
    "cap_meetings_table": (
        "Dialogmöten per partsgrupp {year}: antal möten, deltagare och mötesformer."
    ),
    "alt_meetings_chart": "Stapeldiagram över antal möten per partsgrupp: ",
    "cap_meetings_chart": "Antal dialogmöten per partsgrupp {year}.",
    "alt_themes_chart": "Stapeldiagram över antal möten där varje tema togs upp: ",
    "cap_themes_chart": "Årets teman efter antal möten där de togs upp, {year}.",
    "cap_cooperation_table": (
        "Samverkan med andra kommuner eller regionen per kommun och område, {year} "
        "(Ja = samverkar, Nej = samverkar inte, – = uppgift saknas)."
    ),
    "alt_barriers_chart": (
        "Rangordnat stapeldiagram över hinder för samverkan, angivna av kommuner som "
        "inte samverkar: "
    ),
    "cap_barriers_chart": (
        "Hinder för samverkan som nämns av kommuner som inte samverkar, {year}."
    ),
    "cap_needs_table": ("Önskemål och behov av insatser som identifierats i {year} års dialoger."),
    "cap_participation_table": "Deltagande per år.",
    "alt_participation_chart": "Två stapeldiagram över möten och deltagare per år: ",
    "alt_participation_year": "{year}: {meetings} möten och {participants} deltagare",
    "cap_participation_chart": "Möten och deltagare per år.",
    "cap_shares": "Andel av årets möten där respektive tema togs upp.",
    "alt_shares_chart": (
        "Värmekarta över andelen möten per år där varje tema togs upp; samma värden som i "
        "tabellen ovan. Mörkare ruta betyder större andel."
    ),
    # chart axes
    "axis_meetings": "Antal möten",
    "axis_theme_meetings": "Antal möten där temat togs upp",
    "axis_barrier_mentions": "Antal gånger som hindret nämns",
    "axis_participants": "Antal deltagare",
    "axis_year": "År",
    # appendix
    "app_method": (
        "Sammanfattningen bygger på kulturförvaltningens strukturerade anteckningar från årets "
        "dialogmöten: möten, iakttagelser per tema, identifierade önskemål och behov samt "
        "uppgifter om kommunernas samverkan. Alla siffror, tabeller och diagram räknas fram ur "
        "underlaget vid varje framställning; inga siffror är inskrivna för hand."
    ),
    "app_rendered": (
        "Framställd ur underlag daterat {date} (datum ur underlaget, inte "
        "klockslag, så att samma underlag ger samma rapport)."
    ),
    "cap_inputs": "Underlagsfiler och deras kontrollsummor (SHA-256).",
    "app_code": "Programversion: git-incheckning {commit}{dirty}.",
    "app_code_dirty": " (med ändringar som inte är incheckade)",
    "app_code_unknown": "Programversion: okänd (ingen git-historik).",
    "app_parameters": "Parametrar: {parameters}.",
    "app_no_parameters": "inga",
    "app_packages": "Programpaket: {packages}.",
    "app_schema": "Proveniensschema, version {version}.",
}

ENGLISH_STRINGS = {
    "skip_link": "Skip to main content",
    "contents": "Contents",
    "tables": "Tables",
    "figures": "Figures",
    "table": "Table",
    "figure": "Figure",
    "page_of": "Page {page} of {pages}",
    "author": "Region Stockholm, Culture Administration",
    "description": "Region Stockholm's summary of the {year} culture dialogues",
    "kicker": "Region Stockholm · Culture Administration",
    "default_title": "Summary of the {year} dialogue meetings",
    "fact_dnr": "Reference number",
    "fact_year": "Year",
    "fact_published": "Published",
    "fact_date": "Date",
    "untranslated": "(In Swedish, not translated.)",
    "h_intro": "Introduction",
    "h_figures": "The year's dialogues in figures",
    "h_themes": "The year's themes",
    "h_cooperation": "Inter-municipal and regional cooperation",
    "h_needs": "Requests and needs for action",
    "h_comparison": "Comparison with earlier years",
    "h_appendix": "About the data",
    "col_party_group": "Partner group",
    "col_party_groups": "Partner groups",
    "col_meetings": "Meetings",
    "col_participants": "Participants",
    "col_total": "Total",
    "col_municipality": "Municipality",
    "col_municipalities": "Municipalities",
    "col_subregion": "Subregion",
    "col_theme": "Theme",
    "col_need": "Request or need (in Swedish)",
    "col_raised_by": "Raised by",
    "col_level": "Level",
    "col_status": "Status",
    "col_year": "Year",
    "col_digital_share": "Share of digital meetings",
    "col_file": "File",
    "yes": "Yes",
    "no": "No",
    "cap_meetings_table": (
        "Dialogue meetings per partner group, {year}: number of meetings, participants and "
        "meeting formats."
    ),
    "alt_meetings_chart": "Bar chart of the number of meetings per partner group: ",
    "cap_meetings_chart": "Number of dialogue meetings per partner group, {year}.",
    "alt_themes_chart": "Bar chart of the number of meetings in which each theme came up: ",
    "cap_themes_chart": (
        "The year's themes by the number of meetings in which they came up, {year}."
    ),
    "cap_cooperation_table": (
        "Cooperation with other municipalities or the region by municipality and area, {year} "
        "(Yes = cooperates, No = does not cooperate, – = no information)."
    ),
    "alt_barriers_chart": (
        "Ranked bar chart of the barriers to cooperation named by municipalities that do not "
        "cooperate: "
    ),
    "cap_barriers_chart": (
        "Barriers to cooperation named by municipalities that do not cooperate, {year}."
    ),
    "cap_needs_table": "Requests and needs for action identified in the {year} dialogues.",
    "cap_participation_table": "Participation per year.",
    "alt_participation_chart": "Two bar charts of meetings and participants per year: ",
    "alt_participation_year": "{year}: {meetings} meetings and {participants} participants",
    "cap_participation_chart": "Meetings and participants per year.",
    "cap_shares": "Share of each year's meetings in which each theme came up.",
    "alt_shares_chart": (
        "Heat map of the share of meetings per year in which each theme came up; the same "
        "values as in the table above. A darker cell means a larger share."
    ),
    "axis_meetings": "Number of meetings",
    "axis_theme_meetings": "Number of meetings in which the theme came up",
    "axis_barrier_mentions": "Number of times the barrier is named",
    "axis_participants": "Number of participants",
    "axis_year": "Year",
    "app_method": (
        "The summary is based on the Culture Administration's structured notes from the year's "
        "dialogue meetings: meetings, observations per theme, identified requests and needs, and "
        "information on the municipalities' cooperation. Every figure, table and chart is "
        "computed from the data each time the report is produced; no figure is typed in by hand."
    ),
    "app_rendered": (
        "Produced from data dated {date} (a date from the data, not the clock, so that the same "
        "data give the same report)."
    ),
    "cap_inputs": "Input files and their checksums (SHA-256).",
    "app_code": "Software version: git commit {commit}{dirty}.",
    "app_code_dirty": " (with uncommitted changes)",
    "app_code_unknown": "Software version: unknown (no git history).",
    "app_parameters": "Parameters: {parameters}.",
    "app_no_parameters": "none",
    "app_packages": "Software packages: {packages}.",
    "app_schema": "Provenance schema, version {version}.",
}

SWEDISH = Language(
    code="sv",
    tag="sv-SE",
    locale="sv_SE",
    labels=CODE_LABELS["sv"],
    words=(
        "noll",
        "en",
        "två",
        "tre",
        "fyra",
        "fem",
        "sex",
        "sju",
        "åtta",
        "nio",
        "tio",
        "elva",
        "tolv",
    ),
    neuter=MappingProxyType({1: "ett"}),
    and_word="och",
    serial_comma=False,
    strings=MappingProxyType(SWEDISH_STRINGS),
)

ENGLISH = Language(
    code="en",
    tag="en-GB",
    locale="en_GB",
    labels=CODE_LABELS["en"],
    words=(
        "zero",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
        "eleven",
        "twelve",
    ),
    neuter=MappingProxyType({}),
    and_word="and",
    serial_comma=True,
    strings=MappingProxyType(ENGLISH_STRINGS),
    css="report.en.css",
)

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
