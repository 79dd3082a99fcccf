"""Read the contract's tables from CSV files or one Excel workbook, as text, without guessing."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from kulturdialog.data import contract
from kulturdialog.errors import Problem

YEAR_TABLES = tuple(t.name for t in contract.YEAR_TABLES)
OPTIONAL_TABLES = tuple(t.name for t in contract.YEAR_TABLES if t.optional)
WORKBOOK = contract.WORKBOOK


@dataclass
class Table:
    """A table read as text, with where it came from (for messages and checksums)."""

    name: str
    frame: pd.DataFrame
    file: str  # as shown to the user, relative to the project root
    path: Path
    sheet: str | None = None
    first_row: int = 2  # the spreadsheet row of the frame's first record (header is row 1)

    def problem(self, expected: str, index=None, column=None, value=None) -> Problem:
        row = None if index is None else int(index) + self.first_row
        return Problem(self.file, expected, row, column, value, self.sheet)


def read_csv(path: Path, shown: str, name: str, problems: list[Problem]) -> Table | None:
    """Read a UTF-8, comma-separated CSV as strings; report encoding or separator trouble."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        hint = _encoding_hint(raw)
        problems.append(
            Problem(
                shown,
                f"the file is not UTF-8 (byte {raw[err.start]:#04x} on line {line}"
                f"{hint}); save it as 'CSV UTF-8 (comma delimited)'",
            )
        )
        return None
    if not text.strip():
        problems.append(Problem(shown, "the file is empty; expected a header row"))
        return None
    first_line = text.splitlines()[0]
    if ";" in first_line and "," not in first_line:
        problems.append(
            Problem(
                shown,
                "the columns are separated by semicolons (;); expected commas (,) — "
                "save it as 'CSV UTF-8 (comma delimited)'",
                row=1,
                value=first_line,
            )
        )
        return None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    except csv.Error as err:
        problems.append(Problem(shown, f"not a readable CSV table: {err}"))
        return None
    header, records = rows[0], rows[1:]
    width = len(header)
    for number, record in enumerate(records, start=2):
        if record and len(record) != width and any(cell.strip() for cell in record):
            problems.append(
                Problem(
                    shown,
                    f"the row has {len(record)} fields but the header has "
                    f"{width}; put text that contains commas in double quotes",
                    row=number,
                )
            )
    # A blank line stays a (blank) row, so that row numbers match what a spreadsheet shows.
    frame = pd.DataFrame([(r + [""] * width)[:width] for r in records], columns=header, dtype=str)
    return Table(name, _clean(frame), shown, path)


def read_workbook(path: Path, shown: str, problems: list[Problem]) -> dict[str, Table]:
    """Read every contract sheet of `dialogues.xlsx` as strings."""
    try:
        sheets = pd.read_excel(
            path, sheet_name=None, dtype=str, keep_default_na=False, engine="openpyxl"
        )
    except Exception as err:  # openpyxl raises many types for a broken file
        problems.append(Problem(shown, f"not a readable Excel workbook (.xlsx): {err}"))
        return {}
    tables = {}
    for table in contract.YEAR_TABLES:
        if table.sheet in sheets:
            frame = _clean(sheets[table.sheet])
            tables[table.name] = Table(table.name, frame, shown, path, sheet=table.sheet)
        elif not table.optional:
            problems.append(Problem(shown, f"the workbook has no sheet '{table.sheet}'; {SHEETS}"))
    return tables


def _expected_sheets() -> str:
    required = [t.sheet for t in contract.YEAR_TABLES if not t.optional]
    optional = [t.sheet for t in contract.YEAR_TABLES if t.optional]
    return f"expected sheets {', '.join(required)}" + (
        f" (and optionally {', '.join(optional)})" if optional else ""
    )


SHEETS = _expected_sheets()


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    """Strip surrounding spaces from headers and cells; drop rows that are entirely empty."""
    frame = frame.rename(columns=lambda c: str(c).strip())
    frame = frame.apply(lambda s: s.astype(str).str.strip())
    blank = (frame == "").all(axis=1) if len(frame.columns) else pd.Series(dtype=bool)
    return frame[~blank] if len(frame) else frame


def _encoding_hint(raw: bytes) -> str:
    try:
        raw.decode("cp1252")
    except UnicodeDecodeError:
        return ""
    return "; it looks like Windows-1252, as Excel's plain 'CSV' saves it"
