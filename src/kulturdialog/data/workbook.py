"""A year's tables as an Excel workbook for analysts: drop-downs, Swedish help, literal text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.utils.exceptions import IllegalCharacterError
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from kulturdialog import paths
from kulturdialog.data import contract
from kulturdialog.data.characters import FORMULA_PREFIXES
from kulturdialog.data.contract import EXAMPLE_MARKER, WORKBOOK
from kulturdialog.data.load import Reference, YearData, load_year
from kulturdialog.data.validate import parse_date, parse_int
from kulturdialog.errors import KulturdialogError
from kulturdialog.lang.labels import SWEDISH

EXPORTS_DIR = "exports"
LISTS_SHEET = "lists"
LAST_ROW = 1_048_576  # validations and formats cover every row an analyst may fill in
NUMBER_FORMATS = {"literal": "@", "date": "yyyy-mm-dd"}
PARSERS = {"date": parse_date, "integer": parse_int}
MIN_WIDTH, MAX_WIDTH = 12, 60  # characters
BOLD = Font(bold=True)
EXAMPLE_FONT = Font(italic=True, color="808080")


@dataclass(frozen=True)
class Field:
    """One column as the workbook shows it: its Swedish help, drop-down and cell format."""

    help: str
    codes: str | None = None  # the code list (on the hidden sheet `lists`) of its drop-down
    several: bool = False  # several codes separated by ';'
    kind: str = "text"  # text; literal (formatted as text: ids, 0180); date; integer
    minimum: int | None = None  # an integer's least value


def field_of(column: contract.Column) -> Field:
    """The workbook's view of a declared column."""
    literal = column.as_text or column.kind in ("id", "bool")
    kind = {"date": "date", "int": "integer"}.get(column.kind, "literal" if literal else "text")
    codes = column.codes or column.reference or ("boolean" if column.kind == "bool" else None)
    return Field(column.sv, codes, column.several, kind, column.minimum)


FIELDS: dict[str, dict[str, Field]] = {
    t.name: {c.name: field_of(c) for c in t.columns} for t in contract.YEAR_TABLES
}
BOOLEAN_LABELS = {"true": "ja", "false": "nej"}


def code_lists(reference: Reference) -> dict[str, dict[str, str]]:
    """Every drop-down's codes, in order, with their Swedish labels."""
    frames = {t: getattr(reference, t.name) for t in contract.REFERENCE_TABLES}
    lists = {
        t.name: dict(zip(frame["code"], frame[t.label], strict=True)) for t, frame in frames.items()
    }
    for name, codes in contract.CODE_LISTS.items():
        labels = getattr(SWEDISH, name, {})
        lists[name] = {code: labels.get(code, code) for code in codes}
    lists["boolean"] = {code: BOOLEAN_LABELS[code] for code in contract.BOOLEAN}
    used = {f.codes for fields in FIELDS.values() for f in fields.values()}
    return {name: codes for name, codes in lists.items() if name in used}


def contract_tables(data: YearData) -> dict[str, pd.DataFrame]:
    """A loaded year's typed tables back in the contract's text form, as the CSV files hold them."""
    return {
        t.name: text_table(t, data.tables[t.name])
        for t in contract.YEAR_TABLES
        if data.tables.get(t.name) is not None
    }


def text_table(table: contract.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """A typed table's declared columns as text cells (the inverse of load.typed_table)."""
    out = {}
    for column in table.columns:
        cells = frame[column.name]
        if column.several:
            cells = cells.map(";".join)
        elif column.kind == "date":
            cells = cells.dt.strftime("%Y-%m-%d")
        elif column.kind == "int":
            cells = cells.astype("string")
        elif column.kind == "bool":
            cells = cells.map({True: "true", False: "false"})
        out[column.name] = cells.fillna("")
    return pd.DataFrame(out, index=frame.index)


def export_year(year: int, root: Path | None = None, out: Path | None = None) -> Path:
    """Write a valid year's tables to `out` (default exports/<year>/dialogues.xlsx)."""
    root = paths.project_root(root)
    out = Path(out) if out else root / EXPORTS_DIR / str(year) / WORKBOOK
    if out.resolve().is_relative_to(paths.data_dir(root).resolve()):
        raise KulturdialogError(
            f"{paths.relative(out, root)}: the pipeline never writes into data/; export "
            f"elsewhere, then move the workbook into data/{year}/ in place of its CSV files"
        )
    data = load_year(year, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_workbook(contract_tables(data), out, data.reference, year)
    return out


def write_workbook(
    tables: dict[str, pd.DataFrame], path: Path, reference: Reference, year: int
) -> None:
    """Write contract text tables (as in the CSV files) as sheets with help and drop-downs."""
    codes = code_lists(reference)
    book = Workbook()
    book.remove(book.active)
    sheets = [book.create_sheet(t.sheet) for t in contract.YEAR_TABLES if t.name in tables]
    ranges = _write_lists(book.create_sheet(LISTS_SHEET), codes)
    for sheet in sheets:
        _write_sheet(sheet, tables[sheet.title], codes, ranges, year)
    book.save(path)


def _write_lists(sheet: Worksheet, codes: dict[str, dict[str, str]]) -> dict[str, str]:
    """One column per code list on a hidden sheet; return each list's range for validations."""
    sheet.sheet_state = "hidden"
    ranges = {}
    for number, (name, listed) in enumerate(codes.items(), start=1):
        letter = get_column_letter(number)
        _put(sheet.cell(1, number), name, "literal")
        for row, code in enumerate(listed, start=2):
            _put(sheet.cell(row, number), code, "literal")
        ranges[name] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(listed) + 1}"
    return ranges


def _write_sheet(
    sheet: Worksheet,
    frame: pd.DataFrame,
    codes: dict[str, dict[str, str]],
    ranges: dict[str, str],
    year: int,
) -> None:
    """One table: bold frozen header with help comments, cells, widths, formats, validations."""
    key = contract.table(sheet.title).example_key
    for number, (column, field) in enumerate(FIELDS[sheet.title].items(), start=1):
        letter = get_column_letter(number)
        header = sheet.cell(1, number)
        _put(header, column, "text")
        header.font = BOLD
        header.comment = _comment(column, field, key, codes, year)
        values = frame[column].tolist() if column in frame else [""] * len(frame)
        for row, value in enumerate(values, start=2):
            try:
                _put(sheet.cell(row, number), value, field.kind)
            except IllegalCharacterError:
                raise KulturdialogError(
                    f"sheet '{sheet.title}', row {row}, column '{column}': {value!r}: holds a "
                    "control character that an Excel workbook cannot store; remove it"
                ) from None
        listed = codes.get(field.codes, {}) if field.codes else {}
        longest = max([len(column) + 4, *map(len, values), *map(len, listed)])
        sheet.column_dimensions[letter].width = min(max(longest + 2, MIN_WIDTH), MAX_WIDTH)
        if field.kind in NUMBER_FORMATS:
            sheet.column_dimensions[letter].number_format = NUMBER_FORMATS[field.kind]
        validation = _validation(field, ranges, year)
        if validation is not None:
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
    examples = frame[key].str.startswith(EXAMPLE_MARKER) if key in frame else []
    for row, example in enumerate(examples, start=2):
        if example:
            for cell in sheet[row]:
                cell.font = EXAMPLE_FONT
    sheet.freeze_panes = "A2"


def _put(cell: Cell, value: str, kind: str) -> None:
    """Store one text value: dates and whole numbers typed, all else a literal string."""
    if kind in NUMBER_FORMATS:
        cell.number_format = NUMBER_FORMATS[kind]
    if value == "":
        return
    parse = PARSERS.get(kind)
    typed = parse(value) if parse else None
    if typed is not None:
        cell.value = typed
    else:
        cell.value = value
        cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
        if value.startswith(FORMULA_PREFIXES):
            cell.quotePrefix = True  # Excel keeps it literal when the cell is edited, too


def _comment(
    column: str, field: Field, key: str | None, codes: dict[str, dict[str, str]], year: int
) -> Comment:
    """The header's help: column, type and rule, the example marker, the codes and labels."""
    lines = [column, field.help.format(year=year)]
    if column == key and key is not None:
        lines.append(f"Rader där {column} börjar med {EXAMPLE_MARKER} är exempel och läses inte.")
    if field.codes:
        lines += [
            "",
            "Koder:",
            *(f"{code} – {label}" for code, label in codes[field.codes].items()),
        ]
    wrapped_lines = sum(1 + len(line) // 50 for line in lines)
    return Comment("\n".join(lines), "kulturdialog", height=16 * wrapped_lines + 10, width=320)


def _validation(field: Field, ranges: dict[str, str], year: int) -> DataValidation | None:
    """A drop-down for codes; date and whole-number checks for date and participants."""
    if field.codes and field.several:
        # A drop-down holds one code per cell, and Excel would refuse '0180;0114': so the list
        # is offered without an error alert, and the prompt explains the ';'.
        return DataValidation(
            type="list",
            formula1=ranges[field.codes],
            allow_blank=True,
            showErrorMessage=False,
            showInputMessage=True,
            promptTitle="En eller flera koder",
            prompt="Välj en kod i listan, eller skriv flera koder åtskilda med semikolon (;). "
            "Koderna står i rubrikens kommentar.",
        )
    if field.codes:
        return DataValidation(
            type="list",
            formula1=ranges[field.codes],
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Okänd kod",
            error="Välj en kod ur listan; koderna står i rubrikens kommentar.",
        )
    if field.kind == "date":
        return DataValidation(
            type="date",
            operator="between",
            formula1=f"DATE({year},1,1)",
            formula2=f"DATE({year},12,31)",
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Fel datum",
            error=f"Ange ett datum i {year}, ÅÅÅÅ-MM-DD.",
        )
    if field.kind == "integer":
        return DataValidation(
            type="whole",
            operator="greaterThanOrEqual",
            formula1=str(field.minimum or 0),
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Fel tal",
            error=field.help.format(year=year),
        )
    return None
