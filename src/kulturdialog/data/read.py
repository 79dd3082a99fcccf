"""Read the contract's tables from CSV files or one Excel workbook, as text, without guessing."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from kulturdialog.data import contract
from kulturdialog.errors import Problem

YEAR_TABLES = tuple(t.name for t in contract.YEAR_TABLES)
OPTIONAL_TABLES = tuple(t.name for t in contract.YEAR_TABLES if t.optional)
WORKBOOK = contract.WORKBOOK
MB = 2**20
# A workbook is refused before it is parsed when its zip members expand beyond these limits, and
# while it is read when it holds more cells. A year's real workbook is far below them: the 2021
# sample exported (`kulturdialog export 2021`) expands to 0.1 MB, 10-fold at most, with 834
# cells; even 200 000 meetings expand to 96 MB, 15-fold, with 1.4 million cells. Near the limit,
# 190 MB of shared strings, reading peaks at 330 MB (a normal validate: 110 MB).
MAX_EXPANDED_MB = 200  # the members' uncompressed sizes together
MAX_RATIO = 100  # one member's uncompressed size over its compressed size (bombs: thousands)
MAX_CELLS = 5_000_000  # cells read, empty ones within a row included, all sheets together


@dataclass
class Table:
    """A table read as text, with where it came from (for messages and checksums)."""

    name: str
    frame: pd.DataFrame
    file: str  # as shown to the user, relative to the project root
    path: Path
    sheet: str | None = None
    first_row: int = 2  # the spreadsheet row of the frame's first record (header is row 1)
    errors: dict[tuple[int, str], str] = field(default_factory=dict)  # (index, column) → #REF!

    def problem(self, expected: str, index=None, column=None, value=None) -> Problem:
        row = None if index is None else int(index) + self.first_row
        error = None if index is None else self.errors.get((int(index), column))
        if error is not None:  # shown as what Excel shows, not as the text it is read as
            expected, value = f"the Excel error {error}: {expected}", None
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
    """Read every contract sheet of `dialogues.xlsx` as strings, within the reading limits.

    A cell holding an Excel error (#REF!, #DIV/0!, #N/A, …) is read as its code and remembered
    in `Table.errors`, so that a problem with it names the error.
    """
    from kulturdialog.data import xlsx  # lxml and openpyxl: only a year given as a workbook

    try:
        too_big = _too_big(path)
        if too_big:
            problems.append(Problem(shown, too_big))
            return {}
        with zipfile.ZipFile(path) as archive:
            book = xlsx.Workbook(archive)
            tables, cells = {}, 0
            for table in contract.YEAR_TABLES:
                if table.sheet not in book.sheets:
                    if not table.optional:
                        problems.append(
                            Problem(shown, f"the workbook has no sheet '{table.sheet}'; {SHEETS}")
                        )
                    continue
                rows, errors, cells = _sheet_rows(book.rows(table.sheet), cells)
                if rows is None:
                    problems.append(
                        Problem(
                            shown,
                            f"the workbook holds more than {MAX_CELLS:,} cells".replace(",", " ")
                            + "; expected a year's dialogues: is it the right file?",
                        )
                    )
                    return {}
                header = [str(cell) for cell in rows[0]] if rows else []
                frame = pd.DataFrame(rows[1:], columns=header, dtype=str)
                tables[table.name] = Table(
                    table.name, _clean(frame), shown, path, sheet=table.sheet, errors=errors
                )
    except Exception as err:  # zipfile and lxml raise many types for a broken file
        problems.append(Problem(shown, f"not a readable Excel workbook (.xlsx): {err}"))
        return {}
    return tables


def _too_big(path: Path) -> str | None:
    """Why the zip's members expand too far to be read, from its directory alone; or None.

    zipfile never inflates a member beyond the size its directory states, so a member that
    lies about its size cannot expand further: it fails its CRC check instead.
    """
    with zipfile.ZipFile(path) as archive:
        members = archive.infolist()
    expanded = sum(m.file_size for m in members)
    if expanded > MAX_EXPANDED_MB * MB:
        return (
            f"the workbook expands to {expanded / MB:.0f} MB when unzipped; expected at most "
            f"{MAX_EXPANDED_MB} MB (a year's dialogues take well under 1 MB): is it the right file?"
        )
    for member in members:
        if member.file_size > MAX_RATIO * max(member.compress_size, 1) and member.file_size > MB:
            return (
                f"its part {member.filename} expands {member.file_size / member.compress_size:.0f}"
                f"-fold when unzipped; expected at most {MAX_RATIO}-fold, as a workbook saved "
                "by Excel: is it the right file?"
            )
    return None


def _sheet_rows(
    sheet: Iterator[list[object]], cells: int
) -> tuple[list[list[str]] | None, dict, int]:
    """A sheet's rows as text as pandas reads them (numbers, dates, booleans by str()), the
    trailing empty cells and rows left out, with its error cells by (frame index, column) and
    the count of cells read so far; rows None when the count passes MAX_CELLS."""
    from kulturdialog.data.xlsx import ErrorValue

    rows: list[list[str]] = []
    located: list[tuple[int, int, str]] = []  # (row, column number, error code)
    for number, row in enumerate(sheet):
        cells += max(len(row), 1)
        if cells > MAX_CELLS:
            return None, {}, cells
        values = [_shown(cell) for cell in row]
        located += [(number, column, v) for column, v in enumerate(row) if type(v) is ErrorValue]
        while values and values[-1] == "":
            values.pop()
        rows.append(values)
    while rows and not rows[-1]:
        rows.pop()
    width = max((len(r) for r in rows), default=0)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [str(cell).strip() for cell in rows[0]] if rows else []
    errors = {(number - 1, header[column]): code for number, column, code in located if number > 0}
    return rows, errors, cells


def _shown(value: object) -> str:
    """A cell as text: a whole number without its '.0', anything else by str()."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


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
