"""The data contract's rules, checked with pandera; every broken rule becomes one Problem."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from kulturdialog.errors import Problem
from kulturdialog.labels import AREAS, KINDS, LEVELS, STATUSES, SUBREGIONS
from kulturdialog.read import Table

CODE = re.compile(r"[a-z][a-z0-9_]*")
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?")  # Excel cells read as text add a time
INTEGER = re.compile(r"[+]?\d+(?:\.0+)?")
MUNICIPALITY_CODE = re.compile(r"\d{4}")
BOOLEAN = {"true": True, "false": False}
FORMATS = ("digital", "in_person", "hybrid")

Rule = tuple[str, Callable[[str], bool], str]  # column, predicate on one cell, what was expected


def parse_date(value: str) -> dt.date | None:
    match = DATE.fullmatch(value)
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def parse_int(value: str) -> int | None:
    return int(float(value)) if INTEGER.fullmatch(value) else None


def split_codes(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def one_of(choices: Iterable[str] | None) -> str:
    return "expected one of: " + ", ".join(choices or [])


def _in(choices: Iterable[str] | None) -> Callable[[str], bool]:
    if choices is None:  # the reference table is missing: reported once, not per cell
        return _not_empty
    allowed = set(choices)
    return lambda value: value in allowed


def _all_in(choices: Iterable[str] | None, at_least_one: bool = False) -> Callable[[str], bool]:
    allowed = None if choices is None else set(choices)

    def check(value: str) -> bool:
        codes = split_codes(value)
        known = allowed is None or all(code in allowed for code in codes)
        return (bool(codes) or not at_least_one) and known

    return check


def _not_empty(value: str) -> bool:
    return value != ""


def check_table(
    table: Table, required: Iterable[str], rules: list[Rule], unique: Iterable[tuple[str, ...]] = ()
) -> list[Problem]:
    """Check `table` against its required columns, cell rules and unique keys; all at once."""
    required = list(required)
    missing = [c for c in required if c not in table.frame.columns]
    problems = [
        table.problem(f"missing column '{c}'; expected the columns {', '.join(required)}")
        for c in missing
    ]
    frame = table.frame
    columns = {}
    for column, predicate, expected in rules:
        if column in missing:
            continue
        check = pa.Check(lambda s, p=predicate: s.map(p).astype(bool), error=expected)
        columns.setdefault(column, []).append(check)
    schema = pa.DataFrameSchema(
        {c: pa.Column(object, checks=checks, coerce=False) for c, checks in columns.items()}
    )
    try:
        schema.validate(frame.astype(object), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases.dropna(subset=["index"]).sort_values(["index", "check_number"])
        for case in cases.itertuples():
            problems.append(
                table.problem(
                    case.check, case.index, case.column, frame.at[case.index, case.column]
                )
            )
    for key in unique:
        if any(c in missing for c in key):
            continue
        dup = frame[frame.duplicated(list(key), keep=False) & (frame[list(key)] != "").all(axis=1)]
        for _, group in dup.groupby(list(key), sort=False):
            rows = [int(i) + table.first_row for i in group.index]
            value = " / ".join(group.iloc[0][list(key)])
            first, *others = group.index
            for index in others:
                problems.append(
                    table.problem(
                        f"duplicate: the same {' and '.join(key)} is on row {rows[0]}; "
                        f"expected each {' + '.join(key)} once",
                        index,
                        key[-1],
                        value,
                    )
                )
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _hint_municipality(code: str) -> str:
    if re.fullmatch(r"\d{3}", code):
        return f" ('{code}' looks like '0{code}' with its leading zero lost by Excel)"
    return ""


def reference_rules(name: str) -> tuple[list[str], list[Rule]]:
    if name == "municipalities":
        return ["code", "name", "subregion"], [
            (
                "code",
                MUNICIPALITY_CODE.fullmatch,
                "expected a 4-digit municipality code with its "
                "leading zero, e.g. 0180 (format the column as text in Excel)",
            ),
            ("name", _not_empty, "expected the municipality's name"),
            ("subregion", _in(SUBREGIONS), one_of(SUBREGIONS)),
        ]
    return ["code", "label_sv", "label_en"], [
        ("code", CODE.fullmatch, "expected a lower-case snake_case code (a-z, 0-9, _)"),
        ("label_sv", _not_empty, "expected a Swedish label"),
        ("label_en", _not_empty, "expected an English label"),
    ]


def year_rules(
    name: str, year: int, ref: dict[str, set[str] | None], meeting_ids: set[str] | None
) -> tuple[list[str], list[Rule], list[tuple[str, ...]]]:
    """Required columns, cell rules and unique keys of one per-year table."""
    municipality = (
        "expected municipality codes from data/reference/municipalities.csv (4 digits, e.g. 0180)"
    )
    if name == "meetings":
        return (
            ["meeting_id", "date", "party_group", "format", "participants", "municipalities"],
            [
                ("meeting_id", _not_empty, "expected a meeting_id"),
                (
                    "date",
                    lambda v: (d := parse_date(v)) is not None and d.year == year,
                    f"expected a date YYYY-MM-DD in {year}",
                ),
                (
                    "party_group",
                    _in(ref["party_groups"]),
                    one_of(sorted(ref["party_groups"] or [])),
                ),
                ("format", _in(FORMATS), one_of(FORMATS)),
                (
                    "participants",
                    lambda v: (n := parse_int(v)) is not None and n >= 1,
                    "expected a whole number of participants, at least 1",
                ),
                (
                    "municipalities",
                    _all_in(ref["municipalities"]),
                    municipality + " separated by ';', or empty",
                ),
            ],
            [("meeting_id",)],
        )
    if name == "observations":
        # Without a readable meetings table there is nothing to check meeting_id against.
        known = _in(meeting_ids) if meeting_ids is not None else _not_empty
        return (
            ["meeting_id", "theme", "kind", "text"],
            [
                ("meeting_id", known, "expected a meeting_id listed in meetings"),
                ("theme", _in(ref["themes"]), one_of(sorted(ref["themes"] or []))),
                ("kind", _in(KINDS), one_of(KINDS)),
                ("text", _not_empty, "expected the observation's text"),
            ],
            [],
        )
    if name == "needs":
        return (
            ["need_id", "theme", "text", "raised_by", "level", "status"],
            [
                ("need_id", _not_empty, "expected a need_id"),
                ("theme", _in(ref["themes"]), one_of(sorted(ref["themes"] or []))),
                ("text", _not_empty, "expected the need's text"),
                (
                    "raised_by",
                    _all_in(ref["party_groups"], at_least_one=True),
                    "expected at least one party-group code separated by ';', "
                    + one_of(sorted(ref["party_groups"] or []))[9:],
                ),
                ("level", _in(LEVELS), one_of(LEVELS)),
                ("status", _in(STATUSES), one_of(STATUSES)),
            ],
            [("need_id",)],
        )
    if name == "cooperation":
        return (
            ["municipality", "area", "cooperates", "barriers"],
            [
                (
                    "municipality",
                    _in(ref["municipalities"]),
                    municipality[:-1].replace("codes", "code") + ")",
                ),
                ("area", _in(AREAS), one_of(AREAS)),
                ("cooperates", lambda v: v.lower() in BOOLEAN, "expected true or false"),
                (
                    "barriers",
                    _all_in(ref["barriers"]),
                    "expected barrier codes separated by ';', or empty; "
                    + one_of(sorted(ref["barriers"] or [])),
                ),
            ],
            [("municipality", "area")],
        )
    raise ValueError(name)


def add_municipality_hints(problems: list[Problem]) -> list[Problem]:
    """Say so when a municipality code lost its leading zero in Excel."""
    out = []
    for p in problems:
        if p.column in ("municipality", "municipalities") and isinstance(p.value, str):
            hints = "".join(_hint_municipality(c) for c in split_codes(p.value))
            if hints:
                p = Problem(p.file, p.expected + hints, p.row, p.column, p.value, p.sheet)
        out.append(p)
    return out


def frame_or_empty(table: Table | None, columns: list[str]) -> pd.DataFrame:
    return table.frame if table is not None else pd.DataFrame(columns=columns)
