"""Start a new year: a workbook template with example rows, its data package (datapackage.py),
year.yaml and params; no overwrites."""

from __future__ import annotations

from pathlib import Path
from string import Template

import pandas as pd

from kulturdialog import paths
from kulturdialog.data import contract, datapackage, settings
from kulturdialog.data.contract import EXAMPLE_MARKER, WORKBOOK, YEAR_FILE
from kulturdialog.data.load import Reference, load_reference
from kulturdialog.data.workbook import write_workbook
from kulturdialog.errors import KulturdialogError

YEAR_TEMPLATE = paths.ASSETS_DIR / "year_template.yaml"


def new_year(year: int, root: Path | None = None) -> list[Path]:
    """Create data/<year>/dialogues.xlsx, its datapackage.json, data/<year>/year.yaml and
    params/<year>.yaml."""
    root = paths.project_root(root)
    if not 1000 <= year <= 9999:
        raise KulturdialogError(f"{year}: expected a year with four digits, e.g. 2022")
    folder = paths.data_dir(root) / str(year)
    params = paths.params_file(year, root)
    existing = [paths.relative(p, root) for p in (folder, params) if p.exists()]
    if existing:
        raise KulturdialogError(
            f"{' and '.join(existing)} already exist{'s' if len(existing) == 1 else ''}; "
            f"new-year never overwrites: edit the year's files there, or move them away "
            f"and run new-year {year} again"
        )
    reference, _ = load_reference(root)
    folder.mkdir(parents=True)
    workbook = folder / WORKBOOK
    write_workbook(example_tables(reference, year), workbook, reference, year)
    package = datapackage.write_year(year, paths.data_dir(root), settings.load(root))
    year_yaml = folder / YEAR_FILE
    text = Template(YEAR_TEMPLATE.read_text(encoding="utf-8"))
    year_yaml.write_text(text.substitute(year=year, next_year=year + 1), encoding="utf-8")
    params.parent.mkdir(exist_ok=True)
    params.write_text(f"year: {year}\n", encoding="utf-8")
    return [workbook, package, year_yaml, params]


def example_tables(reference: Reference, year: int) -> dict[str, pd.DataFrame]:
    """One example row per sheet, in the contract's text form; loading skips it (EXEMPEL).

    Each cell is its column's declared example; a coded column without one takes the first
    code of its reference table (the first two, where several are allowed).
    """
    tables = {}
    for table in contract.YEAR_TABLES:
        row = {}
        for column in table.columns:
            value = column.example.format(year=year, marker=EXAMPLE_MARKER)
            if not value and column.reference:
                codes = list(getattr(reference, column.reference)["code"])
                value = ";".join(codes[:2]) if column.several else codes[0]
            row[column.name] = value
        tables[table.name] = pd.DataFrame([row])
    return tables
