"""The column tables of docs/data-contract.md, written from the declaration in contract.py.

`python -m kulturdialog.data.contract_docs --docs` (or `make docs`) rewrites what stands between
each pair of marker comments in the document; `--check` only says whether the document is up to
date. Everything outside the markers is prose, edited by hand. Both also cover each year's
`data/<year>/datapackage.json` (datapackage.py), written from the same declaration.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable
from pathlib import Path

from kulturdialog import paths
from kulturdialog.data import datapackage, inputs, settings
from kulturdialog.data.contract import (
    CODE_LISTS,
    REFERENCE_TABLES,
    TABLES,
    YEAR_FILE,
    YEAR_KEYS,
    YEAR_TABLES,
    Column,
    Table,
)

DOC = Path("docs") / "data-contract.md"
BEGIN = (
    "<!-- contract: {name} (generated from src/kulturdialog/data/contract.py by `make docs`) -->"
)
END = "<!-- /contract: {name} -->"


def markdown() -> dict[str, str]:
    """Each generated part of the document, by the name of its markers."""
    return {
        "reference": reference_tables(),
        "year-yaml": year_yaml(),
        "year-tables": "\n\n".join(year_table(t) for t in YEAR_TABLES),
    }


def reference_tables() -> str:
    rows = ["| file | columns |", "|---|---|"]
    for table in REFERENCE_TABLES:
        columns = ", ".join(f"`{c.name}`" + (f" ({c.en})" if c.en else "") for c in table.columns)
        rows.append(f"| {table.file} | {columns} |")
    return "\n".join(rows)


def year_yaml() -> str:
    rows = [f"### {YEAR_FILE}", "", "| key | type | required |", "|---|---|---|"]
    rows += [f"| `{k.name}` | {k.about} | {k.required} |" for k in YEAR_KEYS]
    return "\n".join(rows)


def year_table(table: Table) -> str:
    optional = " (optional)" if table.optional else ""
    rows = [
        f"### {table.file} — {table.about}{optional}",
        "",
        "| column | type | rule |",
        "|---|---|---|",
    ]
    rows += [f"| `{c.name}` | {column_type(c)} | {rule(c, table)} |" for c in table.columns]
    notes = []
    if len(table.unique) > 1:
        notes.append(f"At most one row per ({', '.join(f'`{c}`' for c in table.unique)}).")
    if table.at_least_one:
        notes.append("At least one row.")
    return "\n".join(rows + ([""] + notes if notes else []))


def column_type(column: Column) -> str:
    if column.kind == "code" and column.several:
        noun = TABLES[column.reference].noun + " " if column.reference else ""
        return f"{noun}codes separated by `;`"
    return {
        "id": "text",
        "text": "text",
        "code": "code",
        "date": "date `YYYY-MM-DD`",
        "int": "integer",
        "bool": "boolean",
    }[column.kind]


def rule(column: Column, table: Table) -> str:
    """The rule in words: the declared `en`, else what the declaration says."""
    parts = [] if column.required else ["optional"]
    if column.en:
        return "; ".join([*parts, column.en])
    if table.unique == (column.name,):
        parts.append("unique within the year")
    if column.refers_to:
        parts.append(f"must exist in {column.refers_to}.csv")
    if column.codes:
        parts.append(_either(CODE_LISTS[column.codes]))
    if column.reference:
        where = f"in {column.reference}.csv"
        if column.several:
            where = ("each " if column.empty else "at least one, each ") + where
        parts.append(where)
    if column.pattern and not column.reference:
        parts.append(f"matches `{column.pattern}`")
    if column.kind == "date":
        parts.append("inside the year")
    if column.minimum is not None:
        parts.append(f"≥ {column.minimum}")
    if column.kind == "bool":
        parts.append("`true` or `false`")
    if column.kind == "text" and not column.empty:
        parts.append("not empty")
    if column.empty and column.required:
        parts.append("may be empty")
    return "; ".join(parts)


def _either(codes: tuple[str, ...]) -> str:
    quoted = [f"`{c}`" for c in codes]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def update(text: str) -> str:
    """`text` with each generated part replaced by what the declaration says now."""
    for name, body in markdown().items():
        begin, end = BEGIN.format(name=name), END.format(name=name)
        pattern = re.compile(re.escape(begin) + r"\n.*?\n" + re.escape(end), re.S)
        if not pattern.search(text):
            raise ValueError(f"{DOC}: no markers {begin!r} … {end!r}")
        text = pattern.sub(_literal(f"{begin}\n{body}\n{end}"), text)
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m kulturdialog.data.contract_docs",
        description="Write the data contract's column tables into docs/data-contract.md.",
    )
    parser.add_argument("--docs", action="store_true", help="rewrite the document's tables")
    parser.add_argument("--check", action="store_true", help="exit 1 if the document differs")
    parser.add_argument("--path", type=Path, default=None, help=f"the document (default {DOC})")
    args = parser.parse_args(argv)
    root = paths.project_root()
    path = args.path or root / DOC
    generated = {path: update(path.read_text(encoding="utf-8")), **data_packages(root)}
    stale = [p for p, new in generated.items() if not p.is_file() or _read(p) != new]
    if args.check or not args.docs:
        for changed in stale:
            print(f"{changed}: out of date; run `make docs`", file=sys.stderr)
        if stale:
            return 1
        print(f"{path} and the years' data packages: up to date with the contract")
        return 0
    for changed in stale:
        changed.write_text(generated[changed], encoding="utf-8")
        print(f"{changed}: rewritten from the contract")
    if not stale:
        print(f"{path} and the years' data packages: up to date with the contract")
    return 0


def data_packages(root: Path) -> dict[Path, str]:
    """Each year's data/<year>/datapackage.json as the contract writes it now."""
    data_dir, publisher = paths.data_dir(root), settings.load(root)
    return {
        data_dir / str(year) / datapackage.FILE: datapackage.year_text(year, data_dir, publisher)
        for year in inputs.year_folders(root)
    }


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _literal(text: str) -> Callable[[re.Match[str]], str]:
    """A replacement for re.sub that is taken as it is (no backslash escapes)."""
    return lambda _match: text


if __name__ == "__main__":
    raise SystemExit(main())
