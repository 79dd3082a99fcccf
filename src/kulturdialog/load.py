"""Load one year's input: read every file, check every contract rule, return typed tables."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from kulturdialog import paths
from kulturdialog.errors import DataError, Problem
from kulturdialog.fingerprint import year_folders
from kulturdialog.read import OPTIONAL_TABLES, WORKBOOK, YEAR_TABLES, Table, read_csv, read_workbook
from kulturdialog.validate import (
    BOOLEAN,
    add_municipality_hints,
    check_table,
    parse_date,
    parse_int,
    reference_rules,
    split_codes,
    year_rules,
)

REFERENCE_TABLES = ("municipalities", "party_groups", "themes", "barriers")
YEAR_KEYS = (
    "year",
    "title",
    "diarienummer",
    "published",
    "ingress",
    "theme_summaries",
    "conclusion",
    "structure",
)
MARKDOWN_KEYS = ("ingress", "conclusion", "structure")
# The messages of a year without meetings (none at all, or none entered yet): later years' reports
# show such a year as one without dialogues (compare.load_earlier).
NO_DIALOGUES = ("no meetings", "no data yet")
# A row whose key starts with the marker is an example (the new-year template has one per sheet):
# loading ignores it, so an analyst may keep it for reference.
EXAMPLE_MARKER = "EXEMPEL"
EXAMPLE_KEYS = {
    "meetings": "meeting_id",
    "observations": "meeting_id",
    "needs": "need_id",
    "cooperation": "municipality",
}


@dataclass(frozen=True)
class YearMeta:
    """year.yaml: the year's title block and curated Markdown."""

    year: int
    title: str
    diarienummer: str | None = None
    published: dt.date | None = None
    ingress: str | None = None
    theme_summaries: dict[str, str] = field(default_factory=dict)
    conclusion: str | None = None
    structure: str | None = None  # how the dialogues changed shape this year


@dataclass(frozen=True)
class Reference:
    """The shared reference tables, indexed by code in file order."""

    municipalities: pd.DataFrame
    party_groups: pd.DataFrame
    themes: pd.DataFrame
    barriers: pd.DataFrame

    def label(self, table: str, code: str) -> str:
        return getattr(self, table).at[code, "name" if table == "municipalities" else "label_sv"]


@dataclass(frozen=True)
class YearData:
    """One validated year: typed tables, reference, meta and the files they came from."""

    year: int
    meta: YearMeta
    meetings: pd.DataFrame
    observations: pd.DataFrame
    needs: pd.DataFrame
    cooperation: pd.DataFrame | None
    reference: Reference
    sources: tuple[Path, ...]


def available_years(root: Path | None = None, data_dir: str = "data") -> list[int]:
    """Years that have a folder under data/, oldest first."""
    return year_folders(root or paths.project_root(), data_dir)


def load_reference(
    root: Path | None = None, data_dir: str = "data"
) -> tuple[Reference, list[Path]]:
    problems: list[Problem] = []
    tables, files = _read_reference(paths.data_dir(root, data_dir) / "reference", root, problems)
    if problems:
        raise DataError(problems, f"{data_dir}/reference")
    return _typed_reference(tables), files


def load_year(year: int, root: Path | None = None, data_dir: str = "data") -> YearData:
    """Read and validate `data/<year>/`; raise DataError listing every problem.

    A year already loaded in this process from the very same bytes is returned from memory.
    """
    root = root or paths.project_root()
    base = paths.data_dir(root, data_dir)
    files = sorted(
        f
        for d in (base / "reference", base / str(year))
        if d.is_dir()
        for f in d.iterdir()
        if f.is_file()
    )
    signature = tuple((f.name, hashlib.sha256(f.read_bytes()).digest()) for f in files)
    key = (year, str(root), data_dir)
    cached = _LOADED.get(key)
    if cached is None or cached[0] != signature:
        _LOADED[key] = (signature, _load_year(year, root, data_dir))
    return _LOADED[key][1]


_LOADED: dict[tuple, tuple[tuple, YearData]] = {}  # (year, root, data_dir) → (bytes' hash, data)


def _load_year(year: int, root: Path, data_dir: str) -> YearData:
    base = paths.data_dir(root, data_dir)
    folder = base / str(year)
    if not folder.is_dir():
        years = ", ".join(map(str, available_years(root, data_dir))) or "none"
        raise DataError(
            [
                Problem(
                    paths.relative(folder, root), f"no such year folder; years with data: {years}"
                )
            ],
            f"{data_dir}/{year}",
        )
    problems: list[Problem] = []
    ref_tables, ref_files = _read_reference(base / "reference", root, problems)
    tables, year_files = _read_year_tables(folder, root, problems)
    no_data = _no_data_yet(tables, examples=_drop_examples(tables))
    if no_data is not None:
        problems.append(no_data)
    meta = _read_year_yaml(folder / "year.yaml", year, root, problems)
    ref_codes = {name: set(t.frame.get("code", [])) for name, t in ref_tables.items()}
    for name in REFERENCE_TABLES:
        ref_codes.setdefault(name, None)  # missing: reported once, its codes not checked
    meetings = tables.get("meetings")
    # Without a readable meetings table, observations cannot be checked against it.
    meeting_ids = (
        set(meetings.frame["meeting_id"])
        if meetings is not None and "meeting_id" in meetings.frame
        else None
    )
    if no_data is None and meetings is not None and meetings.frame.empty:
        no_data = meetings.problem(
            "no meetings: the table has no rows; expected at least one meeting. A year without "
            "dialogue meetings has no report of its own (later years' reports show it as a "
            "year without dialogues); enter the year's meetings, observations and needs to "
            "report on it"
        )
        problems.append(no_data)
    for name, table in tables.items():
        required, rules, unique = year_rules(name, year, ref_codes, meeting_ids)
        if table.frame.empty and name in ("meetings", "observations") and no_data is None:
            problems.append(
                table.problem(f"the table has no rows; expected at least one {name[:-1]}")
            )
        problems += check_table(table, required, rules, unique)
    if meta is not None:
        for code in meta.theme_summaries:
            if ref_codes["themes"] is not None and code not in ref_codes["themes"]:
                problems.append(
                    Problem(
                        paths.relative(folder / "year.yaml", root),
                        "theme_summaries names a theme that is not in themes.csv; "
                        "expected one of: " + ", ".join(sorted(ref_codes["themes"])),
                        column="theme_summaries",
                        value=code,
                    )
                )
    problems = add_municipality_hints(problems)
    if problems:
        raise DataError(problems, f"{data_dir}/{year}")
    reference = _typed_reference(ref_tables)
    sources = tuple(sorted({*ref_files, *year_files, folder / "year.yaml"}))
    return YearData(
        year=year,
        meta=meta,
        meetings=_typed_meetings(tables["meetings"].frame),
        observations=_typed_observations(tables["observations"].frame, tables["meetings"].frame),
        needs=_typed_needs(tables["needs"].frame),
        cooperation=_typed_cooperation(tables["cooperation"].frame)
        if "cooperation" in tables
        else None,
        reference=reference,
        sources=sources,
    )


def _read_reference(folder: Path, root: Path, problems: list[Problem]):
    tables, files = {}, []
    for name in REFERENCE_TABLES:
        path = folder / f"{name}.csv"
        shown = paths.relative(path, root)
        if not path.is_file():
            problems.append(Problem(shown, "missing reference table; see docs/data-contract.md"))
            continue
        table = read_csv(path, shown, name, problems)
        if table is None:
            continue
        required, rules = reference_rules(name)
        problems += check_table(table, required, rules, unique=[("code",)])
        tables[name] = table
        files.append(path)
    return tables, files


def _read_year_tables(folder: Path, root: Path, problems: list[Problem]):
    workbook = folder / WORKBOOK
    csvs = [folder / f"{name}.csv" for name in YEAR_TABLES if (folder / f"{name}.csv").is_file()]
    if workbook.is_file():
        if csvs:
            names = ", ".join(p.name for p in csvs)
            problems.append(
                Problem(
                    paths.relative(folder, root),
                    f"the folder holds both {WORKBOOK} and CSV files ({names}); "
                    "expected one or the other — remove one",
                )
            )
            return {}, [workbook, *csvs]
        return read_workbook(workbook, paths.relative(workbook, root), problems), [workbook]
    tables = {}
    for name in YEAR_TABLES:
        path = folder / f"{name}.csv"
        shown = paths.relative(path, root)
        if not path.is_file():
            if name not in OPTIONAL_TABLES:
                problems.append(
                    Problem(
                        shown,
                        f"missing file; expected {name}.csv "
                        f"(or one {WORKBOOK} with a sheet '{name}')",
                    )
                )
            continue
        table = read_csv(path, shown, name, problems)
        if table is not None:
            tables[name] = table
    return tables, csvs


def _drop_examples(tables: dict[str, Table]) -> int:
    """Drop example rows (key starting with EXEMPEL); the others keep their spreadsheet rows."""
    dropped = 0
    for name, table in tables.items():
        key = EXAMPLE_KEYS[name]
        if key in table.frame:
            example = table.frame[key].str.startswith(EXAMPLE_MARKER)
            dropped += int(example.sum())
            table.frame = table.frame[~example]
    return dropped


def _no_data_yet(tables: dict[str, Table], examples: int) -> Problem | None:
    """One problem, not one per table, for a year without meetings or observations yet."""
    meetings, observations = tables.get("meetings"), tables.get("observations")
    if meetings is None or observations is None:
        return None
    if not (meetings.frame.empty and observations.frame.empty):
        return None
    in_workbook = meetings.sheet is not None
    if not (examples or in_workbook):
        return None  # header-only CSV files: each is reported as a table without rows
    holds = (
        f"only example rows (their id starts with {EXAMPLE_MARKER}: they are ignored)"
        if examples
        else "no rows"
    )
    where = "the workbook holds" if in_workbook else "meetings.csv and observations.csv hold"
    sheets = " in the sheets 'meetings', 'observations' and 'needs'" if in_workbook else ""
    return Problem(
        meetings.file,
        f"no data yet: {where} {holds}; enter the year's meetings, observations and needs{sheets}",
    )


def _read_year_yaml(path: Path, year: int, root: Path, problems: list[Problem]) -> YearMeta | None:
    shown = paths.relative(path, root)
    if not path.is_file():
        problems.append(Problem(shown, f"missing file; expected at least the line 'year: {year}'"))
        return None
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_DatesAsText)
    except UnicodeDecodeError:
        problems.append(Problem(shown, "the file is not UTF-8; save it as UTF-8"))
        return None
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        row = mark.line + 1 if mark else None
        problems.append(Problem(shown, f"not valid YAML ({getattr(err, 'problem', err)})", row=row))
        return None
    if not isinstance(data, dict):
        problems.append(Problem(shown, f"expected a mapping of keys, at least 'year: {year}'"))
        return None
    before = len(problems)
    for key in data:
        if key not in YEAR_KEYS:
            problems.append(
                Problem(
                    shown,
                    "unknown key; expected one of: " + ", ".join(YEAR_KEYS),
                    column=str(key),
                    value=str(key),
                )
            )
    if data.get("year") != year:
        problems.append(
            Problem(
                shown,
                f"expected year: {year}, the name of the folder",
                column="year",
                value=data.get("year"),
            )
        )
    for key in ("title", "diarienummer", *MARKDOWN_KEYS):
        if data.get(key) is not None and not isinstance(data[key], str):
            problems.append(Problem(shown, "expected text", column=key, value=data[key]))
    published = data.get("published")
    if isinstance(published, str):
        published = parse_date(published)
    if data.get("published") is not None and not isinstance(published, dt.date):
        problems.append(
            Problem(
                shown, "expected a date YYYY-MM-DD", column="published", value=data.get("published")
            )
        )
    summaries = data.get("theme_summaries") or {}
    if not isinstance(summaries, dict) or not all(isinstance(v, str) for v in summaries.values()):
        problems.append(
            Problem(
                shown, "expected a mapping of theme code to Markdown text", column="theme_summaries"
            )
        )
        summaries = {}
    if len(problems) > before:
        return None
    return YearMeta(
        year=year,
        title=data.get("title") or f"Sammanfattning av {year} års dialogmöten",
        diarienummer=data.get("diarienummer"),
        published=published,
        ingress=data.get("ingress"),
        theme_summaries={str(k): v for k, v in summaries.items()},
        conclusion=data.get("conclusion"),
        structure=data.get("structure"),
    )


class _DatesAsText(yaml.SafeLoader):
    """YAML without automatic dates, so that `published` is checked (and reported) like a cell."""


_DatesAsText.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _typed_reference(tables: dict[str, Table]) -> Reference:
    return Reference(
        **{name: tables[name].frame.set_index("code", drop=False) for name in REFERENCE_TABLES}
    )


def _typed_meetings(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["date"] = pd.to_datetime(out["date"].map(parse_date))
    out["participants"] = out["participants"].map(parse_int).astype(int)
    out["municipalities"] = out["municipalities"].map(split_codes)
    if "title" not in out:
        out["title"] = ""
    return out.sort_values(["date", "meeting_id"]).reset_index(drop=True)


def _typed_observations(frame: pd.DataFrame, meetings: pd.DataFrame) -> pd.DataFrame:
    groups = meetings.set_index("meeting_id")["party_group"]
    out = frame.copy()
    out["party_group"] = out["meeting_id"].map(groups)
    return out.reset_index(drop=True)


def _typed_needs(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["raised_by"] = out["raised_by"].map(split_codes)
    return out.reset_index(drop=True)


def _typed_cooperation(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["cooperates"] = out["cooperates"].str.lower().map(BOOLEAN).astype(bool)
    out["barriers"] = out["barriers"].map(split_codes)
    return out.reset_index(drop=True)
