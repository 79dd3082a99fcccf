"""Constructed years for the gap-year tests: built in a copy of the project from the sample CSVs.

Expected values are counted here with the csv module, never with the package.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

NEW_GROUPS = {
    "round_table_libraries": ("Rundabord om bibliotek", "Round table on libraries"),
    "round_table_heritage": ("Rundabord om kulturarv", "Round table on heritage"),
}
DROPPED_GROUPS = ("independent_arts", "civil_society")


def rows(root: Path, year: int | str, name: str) -> list[dict[str, str]]:
    with (root / "data" / str(year) / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(root: Path, year: int | str, name: str, records: list[dict], fields=None) -> None:
    fields = fields or list(records[0])
    path = root / "data" / str(year) / f"{name}.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(records)


def copy_year(root: Path, source: int, target: int, structure: str | None = None) -> None:
    """`data/<target>/` as a copy of `source` with its dates, ids and year moved."""
    src, dst = root / "data" / str(source), root / "data" / str(target)
    dst.mkdir()
    for name in ("observations", "needs", "cooperation"):
        if (src / f"{name}.csv").is_file():
            shutil.copy(src / f"{name}.csv", dst / f"{name}.csv")
    meetings = rows(root, source, "meetings")
    for m in meetings:
        m["date"] = str(target) + m["date"][4:]
    write(root, target, "meetings", meetings)
    meta = f'year: {target}\ndiarienummer: "AKTNR 1-{target}"\npublished: {target + 1}-02-15\n'
    if structure:
        meta += "structure: |\n" + "".join(f"  {line}\n" for line in structure.splitlines())
    (dst / "year.yaml").write_text(meta, encoding="utf-8")


def change_groups(root: Path, year: int) -> None:
    """In `year`: the DROPPED_GROUPS do not meet; two round tables (NEW_GROUPS) meet instead."""
    ref = rows(root, "reference", "party_groups")
    ref += [{"code": c, "label_sv": sv, "label_en": en} for c, (sv, en) in NEW_GROUPS.items()]
    write(root, "reference", "party_groups", ref)
    meetings = rows(root, year, "meetings")
    dropped = {m["meeting_id"] for m in meetings if m["party_group"] in DROPPED_GROUPS}
    kept = [m for m in meetings if m["meeting_id"] not in dropped]
    for i, code in enumerate(NEW_GROUPS):
        for j in range(i + 1):  # one meeting for the first round table, two for the second
            kept.append(
                {
                    **kept[0],
                    "meeting_id": f"{year}-rt{i}{j}",
                    "date": f"{year}-10-{10 + 3 * i + j:02d}",
                    "party_group": code,
                    "participants": str(11 + i + j),
                    "municipalities": "",
                    "title": f"Rundabord {i}{j}",
                }
            )
    write(root, year, "meetings", kept)
    observations = [o for o in rows(root, year, "observations") if o["meeting_id"] not in dropped]
    observations.append(
        {
            "meeting_id": f"{year}-rt00",
            "theme": "library_cooperation",
            "kind": "request",
            "text": "Ett rundabord om bibliotek efterfrågas igen.",
        }
    )
    write(root, year, "observations", observations)


def figures(root: Path, year: int, groups=None) -> dict:
    """Meetings, participants and groups of a year, counted from the CSV (only `groups`)."""
    meetings = [
        m for m in rows(root, year, "meetings") if groups is None or m["party_group"] in groups
    ]
    return {
        "meetings": len(meetings),
        "participants": sum(int(m["participants"]) for m in meetings),
        "groups": {m["party_group"] for m in meetings},
        "municipalities": {c for m in meetings for c in m["municipalities"].split(";") if c},
    }
