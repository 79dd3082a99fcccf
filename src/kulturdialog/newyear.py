"""Start a new year: a workbook template with example rows, year.yaml and params; no overwrites."""

from __future__ import annotations

from pathlib import Path
from string import Template

import pandas as pd

from kulturdialog import paths
from kulturdialog.errors import KulturdialogError
from kulturdialog.load import EXAMPLE_MARKER, Reference, load_reference
from kulturdialog.read import WORKBOOK
from kulturdialog.workbook import write_workbook

YEAR_TEMPLATE = paths.ASSETS_DIR / "year_template.yaml"


def new_year(year: int, root: Path | None = None) -> list[Path]:
    """Create data/<year>/dialogues.xlsx, data/<year>/year.yaml and params/<year>.yaml."""
    root = root or paths.project_root()
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
    year_yaml = folder / "year.yaml"
    text = Template(YEAR_TEMPLATE.read_text(encoding="utf-8"))
    year_yaml.write_text(text.substitute(year=year, next_year=year + 1), encoding="utf-8")
    params.parent.mkdir(exist_ok=True)
    params.write_text(f"year: {year}\n", encoding="utf-8")
    return [workbook, year_yaml, params]


def example_tables(reference: Reference, year: int) -> dict[str, pd.DataFrame]:
    """One example row per sheet, in the contract's text form; loading skips it (EXEMPEL)."""
    groups = list(reference.party_groups["code"])
    themes = list(reference.themes["code"])
    example_id = f"{EXAMPLE_MARKER}-1"
    rows = {
        "meetings": {
            "meeting_id": example_id,
            "date": f"{year}-03-15",
            "party_group": groups[0],
            "format": "digital",
            "participants": "12",
            "municipalities": ";".join(reference.municipalities["code"][:2]),
            "title": "Exempel: ett dialogmöte (rader med id EXEMPEL… läses inte)",
        },
        "observations": {
            "meeting_id": example_id,
            "theme": themes[0],
            "kind": "effect",
            "text": "Exempel: vad som sades på mötet, en iakttagelse per rad.",
        },
        "needs": {
            "need_id": example_id,
            "theme": themes[0],
            "text": "Exempel: ett behov av en regional insats som dialogparterna lyfte.",
            "raised_by": ";".join(groups[:2]),
            "level": "regional",
            "status": "noted",
        },
        "cooperation": {
            "municipality": EXAMPLE_MARKER,
            "area": "libraries",
            "cooperates": "false",
            "barriers": ";".join(reference.barriers["code"][:2]),
        },
    }
    return {name: pd.DataFrame([row]) for name, row in rows.items()}
