"""The reuse tables' data package: `NOTEBOOK-files/datapackage.json` (Data Package v2).

One resource per CSV table (files.py), titled by the table's caption, with a Table Schema read
from the cells as the report shows them: a column is an integer, a number or a date where every
cell with data is one, else a string. The CSV keeps the report's own forms, and the schema says
how to read them: the decimal and group characters of the report's language (`12,5` and `1 234`
with a no-break space in Swedish), per cent written `64 %` (a number with `bareNumber: false`,
which frictionless reads as 64; the field's description says per cent), and `–` for no data
(lang/fmt.NO_DATA). A column with a minus sign `−` (U+2212, which frictionless does not read) or
an integer with group separators (frictionless 5 reads no groupChar for integers) is declared a
string or a number, never what a checker would misread.

The licence and the publisher's name are kulturdialog.yaml's (data/settings.py), stated as
data/datapackage.py states them. `created` is the report's date, never the clock: the same report
and settings write the same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from kulturdialog.content import blocks as b
from kulturdialog.data import characters, datapackage, settings
from kulturdialog.data.settings import Settings
from kulturdialog.lang import i18n
from kulturdialog.lang.fmt import NO_DATA

FILE = datapackage.FILE
MINUS = "\u2212"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
GROUPED = re.compile(r"\d([\s\u00a0\u202f,])\d{3}(?!\d)")


def header_names(table: b.Table) -> list[str]:
    """The field names as frictionless reads a header of several rows: each column's cells
    from the top joined by a space, a cell equal to the one above it left out."""
    shown = [*table.header_rows, tuple(c.header for c in table.columns)]
    rows = [[characters.carriable(cell) for cell in row] for row in shown]
    names: list[str] = []
    for above, row in zip([[], *rows], rows, strict=False):
        for index, cell in enumerate(row):
            if index >= len(names):
                names.append(cell)
            elif index >= len(above) or cell != above[index]:
                names[index] = f"{names[index]} {cell}"
    return names


def body(table: b.Table) -> list[list[str]]:
    """The rows below the header, the total row last, as the CSV holds them."""
    rows = [list(r) for r in table.rows] + ([list(table.footer)] if table.footer else [])
    return [[characters.carriable(cell) for cell in row] for row in rows]


def field(name: str, cells: list[str], language: str) -> dict[str, Any]:
    """The Table Schema field of a column whose cells (without no-data marks) are `cells`."""
    sv = i18n.language(language).code == "sv"
    decimal = "," if sv else "."
    numbers = [_number(c, decimal) for c in cells]
    described: dict[str, Any] = {"name": name, "type": "string"}
    if cells and all(DATE.fullmatch(c) for c in cells):
        described["type"] = "date"
    elif cells and all(n is not None for n in numbers) and not any(MINUS in c for c in cells):
        grouped = [m.group(1) for c in cells if (m := GROUPED.search(c))]
        percent = [c.endswith("%") for c in cells]
        whole = all("." not in n for n in numbers if n is not None)
        kind = "integer" if whole and not grouped and not any(percent) else "number"
        described["type"] = kind
        if kind == "number":
            described["decimalChar"] = decimal
            described["groupChar"] = grouped[0] if grouped else ("\u00a0" if sv else ",")
        if all(percent):
            described["bareNumber"] = False
            lang = i18n.language(language)
            described["description"] = lang("reuse_percent", example=cells[0])
        elif any(percent):
            described = {"name": name, "type": "string"}
    return described


def _number(cell: str, decimal: str) -> str | None:
    """The cell as a plain number (`1234.5`), or None if it is not one as shown."""
    text = re.sub(r"[\s\u00a0\u202f]", "", cell).removesuffix("%")
    text = text.replace(",", ".") if decimal == "," else text.replace(",", "")
    return text if re.fullmatch(r"[+-]?\d+(\.\d+)?", text) else None


def schema(table: b.Table, language: str) -> dict[str, Any]:
    """The Table Schema of a table's CSV: its header's names, each column's type."""
    rows = body(table)
    fields = []
    for index, name in enumerate(header_names(table)):
        cells = [r[index] for r in rows if index < len(r) and r[index] not in ("", NO_DATA)]
        fields.append(field(name, cells, language))
    return {"fields": fields, "missingValues": ["", NO_DATA]}


def dialect(table: b.Table, language: str) -> dict[str, Any]:
    """How the CSV is written (files.csv_bytes): its delimiter and its header rows."""
    delimiter = ";" if i18n.language(language).code == "sv" else ","
    described: dict[str, Any] = {"delimiter": delimiter, "lineTerminator": "\r\n"}
    if table.header_rows:
        described["headerRows"] = list(range(1, len(table.header_rows) + 2))
        described["headerJoin"] = " "
    return described


def resource(name: str, table: b.Table, language: str) -> dict[str, Any]:
    described: dict[str, Any] = {
        "name": name.removesuffix(".csv"),
        "type": "table",
        "path": name,
        "scheme": "file",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": characters.carriable(table.caption),
    }
    if table.footer:
        described["description"] = i18n.language(language)("reuse_total_row")
    return described | {"dialect": dialect(table, language), "schema": schema(table, language)}


def package(
    document: b.Document, tables: dict[str, b.Table], publisher: Settings
) -> dict[str, Any]:
    """The data package of the reuse tables, by their CSV file names; licence and publisher
    from `publisher` (kulturdialog.yaml)."""
    info, language = document.info, document.info.language
    title = characters.carriable(info.title)
    name = publisher.name[i18n.language(language).code]
    described: dict[str, Any] = {
        "$schema": datapackage.PROFILE,
        "name": slug(f"{name} {info.year or ''} {title}"),
        "title": title,
    }
    if info.description:
        described["description"] = characters.carriable(info.description)
    described["version"] = "1.0.0"
    if info.date:
        described["created"] = f"{info.date}T00:00:00Z"
    described["languages"] = [i18n.language(language).code]
    described["licenses"] = datapackage.licences(publisher)
    source = f"{info.author}: {title}" + (f" ({info.diarienummer})" if info.diarienummer else "")
    described["sources"] = [{"title": source}]
    described["contributors"] = [{"title": name, "roles": ["publisher"]}]
    described["resources"] = [resource(n, t, language) for n, t in tables.items()]
    return described


def package_bytes(document: b.Document, tables: dict[str, b.Table]) -> bytes:
    """The package as written, with the project's kulturdialog.yaml (an input of the render:
    run/fingerprint.py keys it)."""
    return datapackage.dumps(package(document, tables, settings.load())).encode("utf-8")


def slug(text: str) -> str:
    """`region-stockholm-2021-sammanfattning-av-2021-ars-dialogmoten`: a package name."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
