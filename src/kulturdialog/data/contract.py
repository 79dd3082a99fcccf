"""The data contract, declared once: every file, sheet, column, code list and rule of the input.

docs/data-contract.md is the interface with the people who record the dialogues; this module is
the same contract for the code. Reading (read.py), the pandera schemas (validate.py), the typed
tables (load.py), the Excel workbook and the new-year template (workbook.py, newyear.py), the
files a render key and the provenance cover (inputs.py) and the column tables of the
document (`python -m kulturdialog.data.contract_docs --docs`) all derive from it.

Standard library only: the render key imports it to decide in a blink whether a render can be
skipped. To add an optional column or an optional table, declare it here (`required=False`,
`optional=True`), add tests and sample data, and run `make docs`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

WORKBOOK = "dialogues.xlsx"  # one workbook instead of the CSV files, one sheet per table
YEAR_FILE = "year.yaml"
REFERENCE_FOLDER = "reference"
# A row whose key starts with the marker is an example (the new-year template has one per sheet):
# loading ignores it, so an analyst may keep it for reference.
EXAMPLE_MARKER = "EXEMPEL"

# The fixed code lists, in the contract's order (their labels are in labels.py, per language).
CODE_LISTS: dict[str, tuple[str, ...]] = {
    "formats": ("digital", "in_person", "hybrid"),
    "kinds": ("effect", "concern", "adaptation", "request", "opportunity"),
    "levels": ("regional", "municipal"),
    "statuses": ("budget_process", "in_progress", "done", "noted"),
    "areas": ("sports_facilities", "arts_school", "libraries"),
    "subregions": ("nordost", "nordvast", "sydost", "sydvast", "stockholm"),
}
FORMATS = CODE_LISTS["formats"]
BOOLEAN = {"true": True, "false": False}  # a bool cell, in any letter case

# What a column holds. id: an identifier (text, stored as text in Excel); text: free text;
# code: a code (or several, `;`-separated) from a code list or a reference table; date:
# YYYY-MM-DD (inside the year, for a year's table); int: a whole number; bool: true or false.
COLUMN_KINDS = ("id", "text", "code", "date", "int", "bool")
ONE_OF = "expected one of: {codes}"


@dataclass(frozen=True)
class Column:
    """One column: what it holds, its rule, its message, its help and its example."""

    name: str
    kind: str = "text"
    expected: str = ""  # the message's expectation, in English: {year} and {codes} filled in
    sv: str = ""  # help in Swedish (the workbook's header comment): {year} filled in
    en: str = ""  # the rule in English (the document's table); derived when empty
    required: bool = True  # False: an optional column, absent from older files (loaded empty)
    empty: bool = False  # a cell may be empty
    codes: str | None = None  # a fixed code list (CODE_LISTS)
    reference: str | None = None  # or the codes of a reference table
    refers_to: str | None = None  # or the ids of another table of the year (its key column)
    several: bool = False  # several codes separated by ';'
    pattern: str | None = None  # a regular expression that the whole cell matches
    minimum: int | None = None  # the least whole number (kind int)
    as_text: bool = False  # Excel stores it as text (codes of digits: 0180 keeps its zero)
    example: str = ""  # the new-year template's example cell: {year}, {marker}; with a
    # reference and no example: its first code (two, with several)

    def __post_init__(self) -> None:
        if self.kind not in COLUMN_KINDS:
            raise ValueError(
                f"{self.name}: unknown kind {self.kind!r}; expected one of {COLUMN_KINDS}"
            )


@dataclass(frozen=True)
class Table:
    """One table: a CSV file, or a sheet of the workbook, with its columns and keys."""

    name: str
    about: str  # the document's heading: "one row per …"
    columns: tuple[Column, ...]
    optional: bool = False  # the year may leave the file (or sheet) out
    unique: tuple[str, ...] = ()  # columns that together identify a row
    example_key: str | None = None  # a row whose value here starts with EXAMPLE_MARKER
    at_least_one: str | None = None  # a row is required: what one row is ("meeting")
    order_by: tuple[str, ...] = ()  # the typed table's order
    noun: str = ""  # a reference table: what one of its codes is ("party-group")
    label: str = "label_sv"  # a reference table: the column that labels a code

    @property
    def file(self) -> str:
        return f"{self.name}.csv"

    @property
    def sheet(self) -> str:
        return self.name

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)


MUNICIPALITY = (
    "expected municipality codes from data/reference/municipalities.csv (4 digits, e.g. 0180)"
)


def _reference(name: str, noun: str) -> Table:
    return Table(
        name,
        f"{noun} codes and their labels",
        (
            Column(
                "code",
                "id",
                "expected a lower-case snake_case code (a-z, 0-9, _)",
                pattern=r"[a-z][a-z0-9_]*",
            ),
            Column("label_sv", expected="expected a Swedish label"),
            Column("label_en", expected="expected an English label"),
        ),
        unique=("code",),
        noun=noun,
    )


REFERENCE_TABLES: tuple[Table, ...] = (
    Table(
        "municipalities",
        "the 26 municipalities of Stockholm County",
        (
            Column(
                "code",
                "id",
                "expected a 4-digit municipality code with its leading zero, e.g. 0180 "
                "(format the column as text in Excel)",
                en="4-digit municipality code, text, leading zero kept: `0180`",
                pattern=r"\d{4}",
            ),
            Column("name", expected="expected the municipality's name"),
            Column("subregion", "code", ONE_OF, codes="subregions"),
        ),
        unique=("code",),
        noun="municipality",
        label="name",
    ),
    _reference("party_groups", "party-group"),
    _reference("themes", "theme"),
    _reference("barriers", "barrier"),
)

THEME = Column("theme", "code", ONE_OF, "Tema, en kod ur listan.", reference="themes")

YEAR_TABLES: tuple[Table, ...] = (
    Table(
        "meetings",
        "one row per dialogue meeting",
        (
            Column(
                "meeting_id",
                "id",
                "expected a meeting_id",
                "Mötets id, text, unikt inom året, t.ex. {year}-01. Fliken observations anger "
                "mötet med detta id.",
                example="{marker}-1",
            ),
            Column(
                "date",
                "date",
                "expected a date YYYY-MM-DD in {year}",
                "Datum då mötet hölls, ÅÅÅÅ-MM-DD, inom året {year}.",
                example="{year}-03-15",
            ),
            Column(
                "party_group",
                "code",
                ONE_OF,
                "Dialogpart, en kod ur listan.",
                reference="party_groups",
            ),
            Column(
                "format",
                "code",
                ONE_OF,
                "Mötesform, en kod ur listan.",
                codes="formats",
                example="digital",
            ),
            Column(
                "participants",
                "int",
                "expected a whole number of participants, at least 1",
                "Antal deltagare på mötet, ett heltal, minst 1.",
                minimum=1,
                example="12",
            ),
            Column(
                "municipalities",
                "code",
                MUNICIPALITY + " separated by ';', or empty",
                "Kommuner som deltog: kommunkoder med fyra siffror (0180, inte 180), flera "
                "åtskilda med semikolon, t.ex. 0180;0114. Får vara tom.",
                empty=True,
                reference="municipalities",
                several=True,
                as_text=True,
            ),
            Column(
                "title",
                sv="Mötets rubrik, fri text. Får vara tom.",
                required=False,
                empty=True,
                example="Exempel: ett dialogmöte (rader med id {marker}… läses inte)",
            ),
            Column(
                "place",
                sv="Plats där mötet hölls, fri text: lokal och ort, t.ex. Regionens hus, "
                "Stockholm, eller Teams för ett digitalt möte. Får vara tom.",
                en="where the meeting was held",
                required=False,
                empty=True,
                example="Regionens hus, Stockholm",
            ),
        ),
        unique=("meeting_id",),
        example_key="meeting_id",
        at_least_one="meeting",
        order_by=("date", "meeting_id"),
    ),
    Table(
        "observations",
        "what was said, one row per observation",
        (
            Column(
                "meeting_id",
                "id",
                "expected a meeting_id listed in meetings",
                "Mötet där det sades: ett meeting_id från fliken meetings.",
                refers_to="meetings",
                example="{marker}-1",
            ),
            THEME,
            Column(
                "kind",
                "code",
                ONE_OF,
                "Slag av iakttagelse, en kod ur listan.",
                codes="kinds",
                example="effect",
            ),
            Column(
                "text",
                "text",
                "expected the observation's text",
                "Vad som sades, fri text. Får inte vara tom.",
                example="Exempel: vad som sades på mötet, en iakttagelse per rad.",
            ),
        ),
        example_key="meeting_id",
        at_least_one="observation",
    ),
    Table(
        "needs",
        "needs and requests identified for regional action",
        (
            Column(
                "need_id",
                "id",
                "expected a need_id",
                "Behovets id, text, unikt inom året, t.ex. B{year}-01.",
                example="{marker}-1",
            ),
            THEME,
            Column(
                "text",
                "text",
                "expected the need's text",
                "Behovet eller önskemålet, fri text. Får inte vara tom.",
                example="Exempel: ett behov av en regional insats som dialogparterna lyfte.",
            ),
            Column(
                "raised_by",
                "code",
                "expected at least one party-group code separated by ';', one of: {codes}",
                "Dialogparter som lyfte behovet: minst en kod ur listan, flera åtskilda med "
                "semikolon, t.ex. civil_society;independent_arts.",
                reference="party_groups",
                several=True,
            ),
            Column(
                "level",
                "code",
                ONE_OF,
                "Nivå för insatsen, en kod ur listan.",
                codes="levels",
                example="regional",
            ),
            Column(
                "status",
                "code",
                ONE_OF,
                "Var behovet står, en kod ur listan.",
                codes="statuses",
                example="noted",
            ),
        ),
        unique=("need_id",),
        example_key="need_id",
    ),
    Table(
        "cooperation",
        "inter-municipal cooperation, one row per municipality and area",
        (
            Column(
                "municipality",
                "code",
                MUNICIPALITY.replace("codes", "code"),
                "Kommunkod med fyra siffror (0180, inte 180). Högst en rad per kommun och område.",
                reference="municipalities",
                as_text=True,
                example="{marker}",
            ),
            Column(
                "area",
                "code",
                ONE_OF,
                "Samverkansområde, en kod ur listan.",
                codes="areas",
                example="libraries",
            ),
            Column(
                "cooperates",
                "bool",
                "expected true or false",
                "Samverkar kommunen med andra kommuner inom området? true eller false.",
                example="false",
            ),
            Column(
                "barriers",
                "code",
                "expected barrier codes separated by ';', or empty; expected one of: {codes}",
                "Hinder för samverkan: koder ur listan, flera åtskilda med semikolon, "
                "t.ex. knowledge;economy. Får vara tom.",
                empty=True,
                reference="barriers",
                several=True,
            ),
            Column(
                "comment",
                sv="Kommentar i fri text, t.ex. kommunens egen förklaring av läget. Får vara tom.",
                en="a free-text comment, e.g. the municipality's own explanation",
                required=False,
                empty=True,
                example="Samverkan planeras inför nästa år.",
            ),
        ),
        optional=True,
        unique=("municipality", "area"),
        example_key="municipality",
    ),
)


@dataclass(frozen=True)
class Key:
    """One key of year.yaml."""

    name: str
    kind: str  # int, text, date, markdown or themes (a mapping of theme code → Markdown)
    about: str  # the document's type column
    required: str = "no"  # the document's required column


YEAR_KEYS: tuple[Key, ...] = (
    Key("year", "int", "integer, equal to the folder name", "yes"),
    Key("title", "text", "text", 'no (default: "Sammanfattning av {year} års dialogmöten")'),
    Key("diarienummer", "text", "text, e.g. `AKTNR 3355-19358`: the annual summary's"),
    Key("published", "date", "date `YYYY-MM-DD`"),
    Key("ingress", "markdown", "Markdown"),
    Key("theme_summaries", "themes", "mapping theme code → Markdown"),
    Key("conclusion", "markdown", "Markdown"),
    Key(
        "structure",
        "markdown",
        "Markdown: how the dialogues changed shape this year (new party groups, a new rhythm "
        "of meetings); shown in the ingress",
        "no (project addition)",
    ),
    Key(
        "diarienummer_by_notebook",
        "notebooks",
        "mapping notebook name → diarienummer (text), e.g. `municipality_profile: AKTNR 3355-2`: "
        "a report shows the diarienummer assigned to its notebook; without an entry the annual "
        "summary shows `diarienummer` and any other notebook none",
        "no (project addition)",
    ),
)

TABLES = {t.name: t for t in (*REFERENCE_TABLES, *YEAR_TABLES)}
ANNUAL_SUMMARY = "annual_summary"  # the notebook whose diarienummer `diarienummer` is


def assigned_diarienummer(meta: Mapping[str, object], notebook: str) -> str | None:
    """The diarienummer year.yaml (`meta`) assigns to `notebook`: its entry in
    `diarienummer_by_notebook`, else `diarienummer` for the annual summary; else None."""
    assigned = meta.get("diarienummer_by_notebook")
    own = assigned.get(notebook) if isinstance(assigned, Mapping) else None
    if own is None and notebook == ANNUAL_SUMMARY:
        own = meta.get("diarienummer")
    return None if own is None or own == "" else str(own)


def table(name: str) -> Table:
    """A table of the contract by its name."""
    return TABLES[name]


def year_file_names() -> list[str]:
    """Every file a year's folder may hold that the contract reads."""
    return [YEAR_FILE, *(t.file for t in YEAR_TABLES), WORKBOOK]


def reference_file_names() -> list[str]:
    return [t.file for t in REFERENCE_TABLES]
