"""Figures and tables for reuse: a folder beside the report, named by their numbers in it.

`reports/2021/annual_summary-files/` holds, for a Swedish report, `figur-1.svg` and
`figur-1.png` (300 dpi) for every figure, `tabell-3.csv` for every numbered table and one
`tabeller.xlsx` with a sheet per table (`Tabell 3`) after a contents sheet; an English report
names them `figure-1.svg`, `table-3.csv`, `tables.xlsx`.

- CSV: UTF-8 with a byte order mark (Excel then reads it as UTF-8), the cells exactly as the
  report shows them (`1 234`, `12,5 %`), separated by `;` in a Swedish report — Swedish Excel
  expects `;` where the decimal mark is a comma — and by `,` in an English one. Grouped header
  rows come first, the table's total row last; notes are left out (they are in the report).
  A cell a spreadsheet would read as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
  carriage return) gets a leading `'` (OWASP's advice against CSV injection), unless it is a
  number as shown (`-3`, `+2`), which a spreadsheet reads as a number, not a formula.
- XLSX: numbers as numbers (read from the shown cells of numeric columns, with a number format
  showing the same decimals, percentages as percentages), all other text as literal text that
  is never a formula. Byte-reproducible: fixed dates in the properties and in the zip entries.
- datapackage.json (datapackage.py): the CSV tables described for Frictionless (Data Package v2):
  captions, Table Schemas that read the cells as shown, licence and source.

Characters no format can carry (`characters.carriable`: controls, non-characters) are dropped.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import ClassVar

from kulturdialog.content import blocks as b
from kulturdialog.data import characters
from kulturdialog.formats import Exporter, datapackage
from kulturdialog.lang import i18n

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip entry can state: no clock in the file
CAPTION = {"sv": "Rubrik", "en": "Caption"}
SPACES = re.compile(r"[\s\u00a0\u202f]")


def names(document: b.Document) -> dict[str, str]:
    """The words of the file names in the document's language: figur/tabell, figure/table."""
    lang = i18n.language(document.info.language)
    return {
        "figure": lang("figure").lower(),
        "table": lang("table").lower(),
        "tables": lang("tables").lower(),
        "Table": lang("table"),
        "contents": lang("contents"),
    }


def figure_files(document: b.Document) -> dict[str, bytes]:
    from kulturdialog.formats.typesetter import figure_png

    word = names(document)["figure"]
    files = {}
    for figure in document.figures():
        files[f"{word}-{figure.number}.svg"] = figure.svg.encode("utf-8")
        files[f"{word}-{figure.number}.png"] = figure_png(figure.svg, 300)
    return files


def table_rows(table: b.Table) -> list[list[str]]:
    """The table as shown: grouped header rows, the header, the rows, the total row; without
    the characters no format can carry."""
    rows = [list(r) for r in table.header_rows]
    rows.append([c.header for c in table.columns])
    rows += [list(r) for r in table.rows]
    if table.footer:
        rows.append(list(table.footer))
    return [[characters.carriable(cell) for cell in row] for row in rows]


def csv_bytes(table: b.Table, language: str) -> bytes:
    out = io.StringIO()
    delimiter = ";" if i18n.language(language).code == "sv" else ","
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([[formula_safe(cell, language) for cell in row] for row in table_rows(table)])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def formula_safe(cell: str, language: str) -> str:
    """The cell with a leading `'` if a spreadsheet would read it as a formula, else as is."""
    if not cell.startswith(characters.FORMULA_PREFIXES):
        return cell
    if cell[0] in "+-" and number(cell, language) is not None:
        return cell  # a signed number as shown: a spreadsheet reads it as a number
    return "'" + cell


def number(value: str, language: str) -> tuple[float | int, str] | None:
    """A numeric cell as shown (`1 234`, `12,5 %`, `−3`) → (value, Excel number format)."""
    text = SPACES.sub("", value).replace("\u2212", "-")
    percent = text.endswith("%")
    text = text.removesuffix("%")
    text = text.replace(",", ".") if i18n.language(language).code == "sv" else text.replace(",", "")
    if not re.fullmatch(r"[+-]?\d+(\.\d+)?", text):
        return None
    decimals = len(text.partition(".")[2])
    shown = "#,##0" + ("." + "0" * decimals if decimals else "")
    if percent:
        return float(text) / 100, shown + "%"
    return (float(text) if decimals else int(text)), shown


def workbook_bytes(document: b.Document, tables: list[b.Table]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    words, language = names(document), document.info.language
    book = Workbook()
    contents = book.active
    contents.title = words["contents"][:31]
    _text(contents["A1"], document.info.title)
    contents["A1"].font = Font(bold=True)
    contents.append([])
    contents.append([words["Table"], CAPTION[i18n.language(language).code]])
    contents["A3"].font = contents["B3"].font = Font(bold=True)
    for table in tables:
        sheet = book.create_sheet(f"{words['Table']} {table.number}")
        _text(contents.cell(contents.max_row + 1, 1), sheet.title)
        _text(contents.cell(contents.max_row, 2), table.caption)
        numeric = [c.numeric for c in table.columns]
        heads = len(table.header_rows) + 1
        rows = table_rows(table)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                cell = sheet.cell(r, c)
                found = None
                if r > heads and c <= len(numeric) and numeric[c - 1]:
                    found = number(value, language)
                if found:
                    cell.value, cell.number_format = found
                elif value != "":
                    _text(cell, value)
                if r <= heads:
                    cell.font = Font(bold=True)
        sheet.freeze_panes = sheet.cell(heads + 1, 2)
        for c in range(1, len(table.columns) + 1):
            widest = max(len(str(row[c - 1])) for row in rows if len(row) >= c)
            sheet.column_dimensions[sheet.cell(1, c).column_letter].width = min(60, widest + 2)
    when = dt.datetime.fromisoformat(document.info.date) if document.info.date else None
    stamp = when or dt.datetime(1980, 1, 1)
    book.properties.created = book.properties.modified = stamp
    book.properties.creator = document.info.author
    book.properties.lastModifiedBy = document.info.author
    book.properties.title = characters.carriable(document.info.title)
    book.properties.language = i18n.language(language).code
    raw = io.BytesIO()
    book.save(raw)
    return fixed_zip(raw.getvalue(), stamp)


def _text(cell, value: str) -> None:
    value = characters.carriable(value)
    cell.value = value
    cell.data_type = "s"  # never a formula or an error code, whatever the text starts with
    if value.startswith(characters.FORMULA_PREFIXES):
        cell.quotePrefix = True


def fixed_zip(data: bytes, stamp: dt.datetime) -> bytes:
    """The same zip with fixed entry times and docProps dates: the same bytes on every run."""
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + iso.encode() + m.group(3),
                    content,
                )
            entry = zipfile.ZipInfo(item.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, content)
    return out.getvalue()


def files(document: b.Document) -> dict[str, bytes]:
    """Every reuse file of the document, by name."""
    words, language = names(document), document.info.language
    found = figure_files(document)
    tables = document.tables()
    csv_tables = {f"{words['table']}-{table.number}.csv": table for table in tables}
    for name, table in csv_tables.items():
        found[name] = csv_bytes(table, language)
    if tables:
        found[f"{words['tables']}.xlsx"] = workbook_bytes(document, tables)
        found[datapackage.FILE] = datapackage.package_bytes(document, csv_tables)
    return found


class FilesExporter(Exporter):
    name = "files"
    extension = "files"
    description: ClassVar[str] = "figures (SVG, PNG 300 dpi) and tables (CSV, XLSX) for reuse"

    def output(self, stem: str) -> str:
        return f"{stem}-files"

    def prepare(self) -> None:
        import openpyxl  # noqa: F401 - 0.2 s: it imports numpy

    def write(self, document: b.Document, target: Path) -> None:
        target.mkdir()
        for name, data in files(document).items():
            (target / name).write_bytes(data)

    def check(self, path: Path) -> list[str]:
        if not path.is_dir():
            return [f"{path.name}: missing"]
        problems = []
        for file in sorted(path.iterdir()):
            data = file.read_bytes()
            if file.suffix == ".csv" and not data.startswith(b"\xef\xbb\xbf"):
                problems.append(f"{path.name}/{file.name}: no UTF-8 byte order mark")
            if file.suffix == ".png" and not data.startswith(b"\x89PNG"):
                problems.append(f"{path.name}/{file.name}: not a PNG")
            if file.suffix == ".xlsx" and not zipfile.is_zipfile(file):
                problems.append(f"{path.name}/{file.name}: not a workbook")
        return problems
