"""Load one year's input: read every file, check every contract rule, return typed tables."""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import yaml

from kulturdialog import paths
from kulturdialog.data import characters, contract
from kulturdialog.data.contract import EXAMPLE_MARKER, WORKBOOK
from kulturdialog.data.inputs import year_folders
from kulturdialog.data.read import Table, read_csv, read_workbook
from kulturdialog.data.validate import (
    BOOLEAN,
    add_municipality_hints,
    parse_date,
    parse_int,
    schema_problems,
    split_codes,
    table_schema,
)
from kulturdialog.errors import DataError, Problem

REFERENCE_TABLES = tuple(t.name for t in contract.REFERENCE_TABLES)
YEAR_KEYS = tuple(k.name for k in contract.YEAR_KEYS)
MARKDOWN_KEYS = tuple(k.name for k in contract.YEAR_KEYS if k.kind == "markdown")
TEXT_KEYS = tuple(k.name for k in contract.YEAR_KEYS if k.kind in ("text", "markdown"))
# The messages of a year without meetings (none at all, or none entered yet): later years' reports
# show such a year as one without dialogues (comparison.load_earlier).
NO_DIALOGUES = ("no meetings", "no data yet")
# A row whose key starts with EXAMPLE_MARKER is an example: loading ignores it.
EXAMPLE_KEYS = {t.name: t.example_key for t in contract.YEAR_TABLES if t.example_key}


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
    diarienummer_by_notebook: dict[str, str] = field(default_factory=dict)

    def diarienummer_of(self, notebook: str) -> str | None:
        """The diarienummer assigned to `notebook` (contract.assigned_diarienummer)."""
        return contract.assigned_diarienummer(
            {
                "diarienummer": self.diarienummer,
                "diarienummer_by_notebook": self.diarienummer_by_notebook,
            },
            notebook,
        )


@dataclass(frozen=True)
class Reference:
    """The shared reference tables, indexed by code in file order."""

    municipalities: pd.DataFrame
    party_groups: pd.DataFrame
    themes: pd.DataFrame
    barriers: pd.DataFrame

    def label(self, table: str, code: str) -> str:
        return getattr(self, table).at[code, contract.table(table).label]


@dataclass(frozen=True)
class YearData:
    """One validated year: typed tables, reference, meta and the files they came from.

    `tables` holds every table of the contract by name (an optional table the year leaves out:
    None); the report's four tables are also attributes.
    """

    year: int
    meta: YearMeta
    meetings: pd.DataFrame
    observations: pd.DataFrame
    needs: pd.DataFrame
    cooperation: pd.DataFrame | None
    reference: Reference
    sources: tuple[Path, ...]
    tables: dict[str, pd.DataFrame | None] = field(default_factory=dict)


def available_years(root: Path | None = None, data_dir: str = "data") -> list[int]:
    """Years that have a folder under data/, oldest first."""
    return year_folders(paths.project_root(root), data_dir)


def load_reference(
    root: Path | None = None, data_dir: str = "data"
) -> tuple[Reference, list[Path]]:
    problems: list[Problem] = []
    root = paths.project_root(root)
    tables, files = _read_reference(paths.data_dir(root, data_dir) / "reference", root, problems)
    if problems:
        raise DataError(problems, f"{data_dir}/reference")
    return _typed_reference(tables), files


def load_year(year: int, root: Path | None = None, data_dir: str = "data") -> YearData:
    """Read and validate `data/<year>/`; raise DataError listing every problem.

    A year already loaded in this process from the very same bytes is returned from memory,
    as a copy of its own: what one caller changes in it (a notebook adding a column) never
    reaches the next (the next run in a warm kernel, the notebook after the input check).
    """
    root = paths.project_root(root)
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
    cached = _LOADED.pop(key, None)
    if cached is None or cached[0] != signature:
        cached = (signature, pickle.dumps(_load_year(year, root, data_dir)))
    _LOADED[key] = cached  # the most recently used last
    while len(_LOADED) > LOADED_YEARS:
        _LOADED.pop(next(iter(_LOADED)))
    loaded: YearData = pickle.loads(cached[1])  # noqa: S301 - pickled above, in this process
    return loaded


LOADED_YEARS = 16  # years kept in memory per process, the least recently used dropped first
# (year, root, data_dir) → (the files' hashes, the data pickled)
_LOADED: dict[tuple, tuple[tuple, bytes]] = {}


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
    meta = _read_year_yaml(folder / contract.YEAR_FILE, year, root, problems)
    ref_codes: dict[str, set[str] | None] = {
        name: set(t.frame.get("code", [])) for name, t in ref_tables.items()
    }
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
    codes = {**ref_codes, "meetings": meeting_ids}
    for name, table in tables.items():
        declared = contract.table(name)
        if table.frame.empty and declared.at_least_one and no_data is None:
            problems.append(
                table.problem(
                    f"the table has no rows; expected at least one {declared.at_least_one}"
                )
            )
        problems += schema_problems(table, table_schema(declared, year, codes))
    if meta is not None:
        for code in meta.theme_summaries:
            if ref_codes["themes"] is not None and code not in ref_codes["themes"]:
                problems.append(
                    Problem(
                        paths.relative(folder / contract.YEAR_FILE, root),
                        "theme_summaries names a theme that is not in themes.csv; "
                        "expected one of: " + ", ".join(sorted(ref_codes["themes"])),
                        column="theme_summaries",
                        value=code,
                    )
                )
    problems = add_municipality_hints(problems)
    if problems or meta is None:
        raise DataError(problems, f"{data_dir}/{year}")
    reference = _typed_reference(ref_tables)
    sources = tuple(sorted({*ref_files, *year_files, folder / contract.YEAR_FILE}))
    typed = {
        t.name: typed_table(t, tables[t.name].frame) if t.name in tables else None
        for t in contract.YEAR_TABLES
    }
    meetings, observations, needs = (typed[n] for n in ("meetings", "observations", "needs"))
    if meetings is None or observations is None or needs is None:  # required: read above
        raise DataError(problems, f"{data_dir}/{year}")
    # Each observation with the party group of its meeting.
    groups = tables["meetings"].frame.set_index("meeting_id")["party_group"]
    observations["party_group"] = observations["meeting_id"].map(groups)
    return YearData(
        year=year,
        meta=meta,
        meetings=meetings,
        observations=observations,
        needs=needs,
        cooperation=typed["cooperation"],
        reference=reference,
        sources=sources,
        tables=typed,
    )


def _read_reference(folder: Path, root: Path, problems: list[Problem]):
    tables, files = {}, []
    for declared in contract.REFERENCE_TABLES:
        path = folder / declared.file
        shown = paths.relative(path, root)
        if not path.is_file():
            problems.append(Problem(shown, "missing reference table; see docs/data-contract.md"))
            continue
        table = read_csv(path, shown, declared.name, problems)
        if table is None:
            continue
        problems += schema_problems(table, table_schema(declared))
        tables[declared.name] = table
        files.append(path)
    return tables, files


def _read_year_tables(folder: Path, root: Path, problems: list[Problem]):
    workbook = folder / WORKBOOK
    csvs = [folder / t.file for t in contract.YEAR_TABLES if (folder / t.file).is_file()]
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
    for declared in contract.YEAR_TABLES:
        path = folder / declared.file
        shown = paths.relative(path, root)
        if not path.is_file():
            if not declared.optional:
                problems.append(
                    Problem(
                        shown,
                        f"missing file; expected {declared.file} "
                        f"(or one {WORKBOOK} with a sheet '{declared.sheet}')",
                    )
                )
            continue
        table = read_csv(path, shown, declared.name, problems)
        if table is not None:
            tables[declared.name] = table
    return tables, csvs


def _drop_examples(tables: dict[str, Table]) -> int:
    """Drop example rows (key starting with EXEMPEL); the others keep their spreadsheet rows."""
    dropped = 0
    for name, table in tables.items():
        key = EXAMPLE_KEYS.get(name)
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
    for key in TEXT_KEYS:
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
    by_notebook = data.get("diarienummer_by_notebook") or {}
    if not isinstance(by_notebook, dict) or not all(
        isinstance(k, str) and isinstance(v, str | int) for k, v in by_notebook.items()
    ):
        problems.append(
            Problem(
                shown,
                "expected a mapping of notebook name to diarienummer, e.g. "
                "'municipality_profile: AKTNR 3355-2'",
                column="diarienummer_by_notebook",
            )
        )
        by_notebook = {}
    texts = {key: data[key] for key in TEXT_KEYS if isinstance(data.get(key), str)}
    texts |= {f"theme_summaries: {code}": text for code, text in summaries.items()}
    for key, text in texts.items():
        for complaint in characters.complaints(text):
            problems.append(Problem(shown, complaint, column=key, value=characters.shown(text)))
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
        diarienummer_by_notebook={k: str(v) for k, v in by_notebook.items()},
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


def typed_table(table: contract.Table, frame: pd.DataFrame) -> pd.DataFrame:
    """A checked table of text cells as typed columns, by the kind of each declared column.

    Dates become datetimes, whole numbers ints, true/false bools, several codes lists; an
    optional column the file leaves out is added empty. Other columns are kept as they are.
    """
    out = frame.copy()
    for column in table.columns:
        cells = out[column.name] if column.name in out else pd.Series("", index=out.index)
        nullable = column.empty or not column.required
        if column.several:
            cells = cells.map(split_codes)
        elif column.kind == "date":
            cells = pd.to_datetime(cells.map(parse_date))
        elif column.kind == "int":
            cells = cells.map(parse_int).astype("Int64" if nullable else int)
        elif column.kind == "bool":
            cells = cells.str.lower().map(BOOLEAN).astype("boolean" if nullable else bool)
        out[column.name] = cells
    if table.order_by:
        out = out.sort_values(list(table.order_by))
    return out.reset_index(drop=True)
