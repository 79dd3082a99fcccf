"""The data contract's rules as pandera schemas, generated from contract.py.

Every column of the declaration becomes a `pa.Column` with pandera's own checks — `isin` for a
code, `str_matches` for a pattern, a date, a number or several codes, `unique` for a key,
`nullable` for a cell that may be empty (empty cells are nulls while checking) — and its
message as the column's `description`. Every broken rule becomes one Problem: file, spreadsheet
row, column, value and what was expected, one per cell, all at once.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable

import pandas as pd
import pandera.pandas as pa

from kulturdialog.data import characters, contract
from kulturdialog.data.read import Table
from kulturdialog.errors import Problem

DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?")  # Excel cells read as text add a time
INTEGER = re.compile(r"[+]?\d+(?:\.0+)?")
BOOLEAN = contract.BOOLEAN
FORMATS = contract.FORMATS  # the contract's order (tables.py reads it from here)
MUNICIPALITY_COLUMNS = {
    c.name for t in contract.YEAR_TABLES for c in t.columns if c.reference == "municipalities"
}
UNIQUE = ("field_uniqueness", "multiple_fields_uniqueness")

Rule = tuple[str, Callable[[str], bool] | pa.Check, str]  # column, check, what was expected


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


# -- the schema of one table, from its declaration ------------------------------------------


def table_schema(
    table: contract.Table,
    year: int | None = None,
    codes: dict[str, set[str] | None] | None = None,
) -> pa.DataFrameSchema:
    """The pandera schema of a contract table.

    `codes` holds the codes of each reference table and the ids of each table that others
    refer to (by table name); None for a table that is missing or unreadable — reported once
    there, its codes then not checked here, only that the cell is not empty.
    """
    codes = codes or {}
    columns = {
        c.name: pa.Column(
            None,
            checks=_checks(c, year, _allowed(c, codes)),
            nullable=c.empty,
            required=c.required,
            unique=table.unique == (c.name,),
            report_duplicates="exclude_first",
            description=_expected(c, year, _allowed(c, codes)),
        )
        for c in table.columns
    }
    several = list(table.unique) if len(table.unique) > 1 else None
    return pa.DataFrameSchema(
        columns, unique=several, report_duplicates="exclude_first", name=table.name
    )


def _allowed(column: contract.Column, codes: dict) -> list[str] | None:
    """The codes a cell may hold, in the order a message lists them; None: not checked."""
    if column.codes:
        return list(contract.CODE_LISTS[column.codes])
    name = column.reference or column.refers_to
    if name is None:
        return None
    known = codes.get(name)
    return None if known is None else sorted(known)


def _expected(column: contract.Column, year: int | None, allowed: list[str] | None) -> str:
    return column.expected.format(year=year, codes=", ".join(allowed or []))


def _checks(column: contract.Column, year: int | None, allowed: list[str] | None) -> list:
    error = _expected(column, year, allowed)
    checks = []
    if column.pattern:
        checks.append(pa.Check.str_matches(rf"(?:{column.pattern})\Z", error=error))
    if column.kind == "code" and allowed is not None and (column.codes or column.reference):
        if column.several:
            code = "|".join(re.escape(c) for c in sorted(allowed, key=len, reverse=True))
            part = rf"\s*(?:{code})?\s*"
            checks.append(pa.Check.str_matches(rf"{part}(?:;{part})*\Z", error=error))
        else:
            checks.append(pa.Check.isin(allowed, error=error))
    if column.refers_to and allowed is not None:
        checks.append(pa.Check.isin(allowed, error=error))
    if column.several and not column.empty:  # at least one code, not only separators
        checks.append(pa.Check.str_contains(r"[^\s;]", error=error))
    if column.kind == "date":
        year_pattern = r"\d{4}" if year is None else str(year)
        checks.append(
            pa.Check.str_matches(rf"{year_pattern}-\d{{2}}-\d{{2}}(?: 00:00:00)?\Z", error=error)
        )
        checks.append(pa.Check(_calendar_dates, name="calendar_date", error=error))
    if column.kind == "int":
        checks.append(pa.Check.str_matches(rf"(?:{INTEGER.pattern})\Z", error=error))
        if column.minimum is not None:
            checks.append(pa.Check(_at_least(column.minimum), name="at_least", error=error))
    if column.kind == "bool":
        names = "|".join(contract.BOOLEAN)
        checks.append(pa.Check.str_matches(rf"(?i:{names})\Z", error=error))
    return checks


def _calendar_dates(cells: pd.Series) -> pd.Series:
    """Whether each YYYY-MM-DD cell is a day of the calendar (2021-02-30 is not)."""
    return pd.to_datetime(cells.str.slice(0, 10), format="%Y-%m-%d", errors="coerce").notna()


def _at_least(minimum: int) -> Callable[[pd.Series], pd.Series]:
    return lambda cells: pd.to_numeric(cells, errors="coerce").ge(minimum)


# -- checking a table ---------------------------------------------------------------------------


def check_table(
    table: Table,
    required: Iterable[str] | pa.DataFrameSchema,
    rules: Iterable[Rule] = (),
    unique: Iterable[tuple[str, ...]] = (),
) -> list[Problem]:
    """Check `table` against a schema, or against required columns, rules and unique keys.

    A rule's check is a pandera Check or a predicate on one non-empty cell.
    """
    if isinstance(required, pa.DataFrameSchema):
        return schema_problems(table, required)
    required, keys = list(required), [tuple(k) for k in unique]
    columns: dict[str, list] = {c: [] for c in required}
    for column, check, expected in rules:
        if not isinstance(check, pa.Check):
            check = pa.Check(check, element_wise=True, error=expected)
        columns.setdefault(column, []).append(check)
    several = [k for k in keys if len(k) > 1]
    schema = pa.DataFrameSchema(
        {
            c: pa.Column(
                None,
                checks=checks,
                nullable=True,
                required=c in required,
                unique=(c,) in keys,
                report_duplicates="exclude_first",
            )
            for c, checks in columns.items()
        },
        unique=list(several[0]) if several else None,
        report_duplicates="exclude_first",
    )
    return schema_problems(table, schema)


def schema_problems(table: Table, schema: pa.DataFrameSchema) -> list[Problem]:
    """Validate `table` (every rule, lazily) and turn each failure into one Problem; every
    cell's characters are checked too (characters.py)."""
    frame = table.frame
    cell_problems = characters.table_problems(table) + _excel_errors(table, schema)
    try:
        schema.validate(frame.astype(object).mask(frame == ""), lazy=True)
    except pa.errors.SchemaErrors as err:
        cases = err.failure_cases
    else:
        return _in_order(cell_problems)
    required = [name for name, column in schema.columns.items() if column.required]
    problems = [
        table.problem(f"missing column '{name}'; expected the columns {', '.join(required)}")
        for name in cases.loc[cases["check"] == "column_in_dataframe", "failure_case"]
    ]
    located = cases.dropna(subset=["index"])
    cells = located[~located["check"].isin(UNIQUE)]
    cells = cells.assign(index=cells["index"].astype(int)).sort_values("index", kind="stable")
    first_failures = cells.drop_duplicates(["index", "column"])  # a cell's first broken check
    failing = first_failures[["index", "column", "check"]]
    values = {column: frame[column].to_dict() for column in failing["column"].unique()}
    for index, column, check in failing.itertuples(index=False):  # one lookup a cell: linear
        if (index, column) in table.errors:
            continue  # reported as the Excel error it is
        expected = schema.columns[column].description or check
        problems.append(table.problem(expected, index, column, values[column][index]))
    duplicates = located[located["check"].isin(UNIQUE)]
    keys = {
        (tuple(schema.unique) if check == UNIQUE[1] else (column,), int(index))
        for check, column, index in duplicates[["check", "column", "index"]].itertuples(index=False)
    }
    first_rows: dict[tuple[str, ...], dict[tuple[str, ...], int]] = {}
    for key, index in sorted(keys, key=lambda k: (k[1], k[0])):
        if key not in first_rows:
            first_rows[key] = _first_rows(table.frame, key)
        problems += _duplicate(table, key, index, first_rows[key])
    return _in_order(problems + cell_problems)


def _in_order(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (p.row or 0, p.column or ""))


def _excel_errors(table: Table, schema: pa.DataFrameSchema) -> list[Problem]:
    """One problem per cell of a declared column that holds an Excel error, whatever its rules."""
    return [
        table.problem(schema.columns[column].description or "expected a value", index, column)
        for index, column in table.errors
        if column in schema.columns and index in table.frame.index
    ]


def _first_rows(frame: pd.DataFrame, key: tuple[str, ...]) -> dict[tuple[str, ...], int]:
    """Each value of `key` → the index of the first row that has it."""
    firsts = frame[list(key)].drop_duplicates(keep="first")
    return {tuple(values): int(index) for index, *values in firsts.itertuples()}


def _duplicate(
    table: Table, key: tuple[str, ...], index: int, first_rows: dict[tuple[str, ...], int]
) -> list[Problem]:
    """The duplicate on row `index`, naming the row that has the key first; none if empty."""
    values = tuple(table.frame.loc[index, list(key)])
    if "" in values:
        return []  # an empty key is reported as an empty cell
    return [
        table.problem(
            f"duplicate: the same {' and '.join(key)} is on row "
            f"{first_rows[values] + table.first_row}; expected each {' + '.join(key)} once",
            index,
            key[-1],
            " / ".join(values),
        )
    ]


def _hint_municipality(code: str) -> str:
    if re.fullmatch(r"\d{3}", code):
        return f" ('{code}' looks like '0{code}' with its leading zero lost by Excel)"
    return ""


def add_municipality_hints(problems: list[Problem]) -> list[Problem]:
    """Say so when a municipality code lost its leading zero in Excel."""
    out = []
    for p in problems:
        if p.column in MUNICIPALITY_COLUMNS and isinstance(p.value, str):
            hints = "".join(_hint_municipality(c) for c in split_codes(p.value))
            if hints:
                p = Problem(p.file, p.expected + hints, p.row, p.column, p.value, p.sheet)
        out.append(p)
    return out
