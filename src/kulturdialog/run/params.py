"""A notebook's parameters, read from its `parameters` cell; params/<year>.yaml checked strictly."""

from __future__ import annotations

import ast
import json
from pathlib import Path, PureWindowsPath
from types import ModuleType
from typing import Any

import yaml

from kulturdialog import paths
from kulturdialog.data.inputs import DataScope
from kulturdialog.errors import ParameterError
from kulturdialog.lang import LOCALES

TYPES = {"int": int, "str": str, "bool": bool, "float": float}
Values = dict[str, Any]  # parameter values by name, as papermill passes them
Declaration = dict[str, Any]  # one parameter: name, inferred_type_name, default, help
CHOICES = {"language": tuple(LOCALES)}  # parameters with a fixed set of values
FOLDERS = ("data_dir",)  # parameters that name a folder inside the project


def declared(notebook: Path) -> dict[str, Declaration]:
    """Name → {name, inferred_type_name, default, help} of the tagged parameters cell, as
    papermill's `inspect_notebook` gives them (a test holds the two equal).

    Read with `ast` from the notebook's JSON, without importing papermill (0.3–1 s: nbformat
    and its JSON-schema checks), which the render would otherwise wait for before its kernel
    starts.
    """
    source = _parameters_source(notebook)
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {}
    lines = source.splitlines()
    found = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            name, kind = node.target.id, ast.get_source_segment(source, node.annotation)
        elif (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Name)
        ):
            name, kind = node.targets[0].id, None
        else:
            continue
        value = ast.get_source_segment(source, node.value)  # type: ignore[arg-type]
        last = lines[(node.end_lineno or node.lineno) - 1]
        comment = last[node.end_col_offset :].strip() if node.end_col_offset else ""
        found[name] = {
            "name": name,
            "inferred_type_name": str(kind),
            "default": "".join(line.strip() for line in str(value).splitlines()),
            "help": comment[1:].strip() if comment.startswith("#") else "",
        }
    return found


def _parameters_source(notebook: Path) -> str:
    """The source of the notebook's first code cell tagged `parameters` ("" if none); an
    .ipynb file is read as JSON, a .py twin with jupytext."""
    if notebook.suffix == ".py":
        import jupytext

        cells = jupytext.read(notebook, fmt="py:percent").cells
    else:
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    for cell in cells:
        if "parameters" in cell.get("metadata", {}).get("tags", []):
            text = cell.get("source", "")
            return "".join(text) if isinstance(text, list) else str(text)
    return ""


def defaults(notebook: Path) -> Values:
    """The parameters cell's default values (those written as Python literals)."""
    found = {}
    for name, param in declared(notebook).items():
        try:
            found[name] = ast.literal_eval(str(param["default"]))
        except (ValueError, SyntaxError):
            continue
    return found


def data_scope(notebook: Path, values: Values) -> DataScope:
    """The input a render of `notebook` reads (`data_dir`, `compare`, `first_year`), as the
    checked `values` give them, else as its parameters cell does (a notebook without `compare`
    may read every earlier year)."""
    return DataScope.of({**defaults(notebook), **values})


DESCRIBE_HEADERS = ("name", "type", "default", "help")


def describe(notebook: Path | str) -> str:
    """A notebook's parameters as an aligned plain-text table: name, type, default and help.

    `notebook` is the path of an .ipynb file. Read from its tagged parameters cell (as
    `declared`); an untyped parameter shows `-` as its type.
    """
    path = Path(notebook)
    params = declared(path)
    if not params:
        return f"{path.name}: no parameters cell (a code cell tagged 'parameters')"
    rows = [
        (
            name,
            "-" if str(p["inferred_type_name"]) == "None" else str(p["inferred_type_name"]),
            str(p["default"]),
            str(p["help"] or ""),
        )
        for name, p in params.items()
    ]
    table = [DESCRIBE_HEADERS, tuple("-" * len(h) for h in DESCRIBE_HEADERS), *rows]
    widths = [max(len(row[i]) for row in table) for i in range(len(DESCRIBE_HEADERS))]
    table[1] = tuple("-" * w for w in widths)
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in table
    )


def load(
    year: int, notebook: Path, root: Path | None = None, overrides: Values | None = None
) -> Values:
    """params/<year>.yaml (or just the year when there is no file) and `overrides` (a grid
    value), checked against the notebook."""
    file = paths.params_file(year, root)
    shown = paths.relative(file, root)
    values: Values = {"year": year}
    if file.is_file():
        try:
            loaded = yaml.safe_load(file.read_text(encoding="utf-8-sig")) or {}
        except yaml.YAMLError as err:
            raise ParameterError(f"{shown}: not valid YAML ({err})") from None
        if not isinstance(loaded, dict):
            raise ParameterError(f"{shown}: expected a mapping such as 'year: {year}'")
        values = loaded
    own = declared(notebook)
    if set(values) - set(own):  # another notebook's keys are left to it
        theirs = declared_elsewhere(notebook, root) - set(own)
        values = {k: v for k, v in values.items() if k not in theirs}
    return check({**values, **(overrides or {})}, own, shown, year)


def declared_elsewhere(notebook: Path, root: Path | None = None) -> set[str]:
    """The parameters that the other notebooks in notebooks/ declare: a params file may hold
    their keys too (each notebook takes its own); a key no notebook declares stays an error."""
    folder = paths.project_root(root) / "notebooks"
    names = {p.stem for p in folder.glob("*.ipynb")} | {p.stem for p in folder.glob("*.py")}
    return {
        parameter
        for name in sorted(names - {notebook.stem})
        for parameter in declared(paths.notebook_file(name, root))
    }


def check(values: Values, params: dict[str, Declaration], shown: str, year: int) -> Values:
    """Every problem with `values` at once: unknown names, wrong types, a year that differs."""
    problems = []
    for name, value in values.items():
        if name not in params:
            problems.append(f"unknown parameter '{name}'; expected one of: {', '.join(params)}")
            continue
        expected = TYPES.get(str(params[name]["inferred_type_name"]).split("[")[0])
        if expected and not _is(value, expected):
            problems.append(
                f"parameter '{name}': {value!r} is not of type "
                f"{params[name]['inferred_type_name']} "
                f"(default {params[name]['default']})"
            )
        elif problem := _not_allowed(name, value):
            problems.append(problem)
    if values.get("year", year) != year:
        problems.append(f"parameter 'year': {values['year']!r} differs from the file's year {year}")
    if problems:
        raise ParameterError(
            f"{len(problems)} problem(s) in {shown}:\n" + "\n".join(f"  - {p}" for p in problems)
        )
    return {"year": year, **values}


def parsed(name: str, text: str, declaration: Declaration) -> object:
    """A `-p NAME=VALUE` text as the parameter's declared type (a bool: true or false)."""
    kind = TYPES.get(str(declaration["inferred_type_name"]).split("[")[0])
    if kind is bool:
        if text.lower() not in ("true", "false"):
            raise ParameterError(f"-p {name}={text}: expected true or false")
        return text.lower() == "true"
    if kind is None:
        return text
    try:
        return kind(text)
    except ValueError:
        raise ParameterError(f"-p {name}={text}: expected a {kind.__name__}") from None


def _not_allowed(name: str, value: object) -> str | None:
    """Why `value` is not one of the values a parameter may take, if it is not."""
    if name in CHOICES and value not in CHOICES[name]:
        return f"parameter '{name}': {value!r} is not one of: {', '.join(CHOICES[name])}"
    if name in FOLDERS and not _inside_project(str(value)):
        return (
            f"parameter '{name}': {value!r}: expected a folder inside the project, "
            "relative to it (such as data or archive/data)"
        )
    return None


def _inside_project(folder: str) -> bool:
    """A relative path that stays inside the folder it is relative to (on any system)."""
    parts = PureWindowsPath(folder).parts
    return bool(parts) and not PureWindowsPath(folder).anchor and ".." not in parts


def _is(value: object, expected: type) -> bool:
    if expected is bool or isinstance(value, bool):
        return isinstance(value, bool) and expected is bool
    if expected is float:
        return isinstance(value, int | float)
    return isinstance(value, expected)


IPYTHON_NAMES = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def from_namespace(namespace: dict[str, Any]) -> Values:
    """The parameters of a running notebook, checked as strictly as params/<year>.yaml.

    The parameters cell declares each parameter with a type annotation; papermill's injected
    cell assigns without one. Any other plain name is an unknown parameter — unless a cell of
    the notebook itself assigns it (so "Run All" twice, or re-running a cell, still works).
    """
    declared = dict(namespace.get("__annotations__", {}))
    own = _assigned_by_cells(namespace.get("In", []))
    problems = []
    for name, value in namespace.items():
        if name.startswith("_") or name in IPYTHON_NAMES or isinstance(value, ModuleType):
            continue
        if name not in declared:
            if name not in own:
                expected = ", ".join(declared)
                problems.append(f"unknown parameter '{name}'; expected one of: {expected}")
        elif isinstance(declared[name], type) and not _is(value, declared[name]):
            problems.append(
                f"parameter '{name}': {value!r} is not of type {declared[name].__name__}"
            )
        elif problem := _not_allowed(name, value):
            problems.append(problem)
    if problems:
        raise ParameterError(
            f"{len(problems)} problem(s) with the notebook's parameters:\n"
            + "\n".join(f"  - {p}" for p in problems)
        )
    return {name: namespace[name] for name in declared if name in namespace}


INJECTED = "# Parameters"  # how papermill's injected cell begins


def _assigned_by_cells(sources: list[str]) -> set[str]:
    """Names that the notebook's own cells (not papermill's injected one) assign or import."""
    names: set[str] = set()
    for source in sources:
        if not isinstance(source, str) or source.lstrip().startswith(INJECTED):
            continue
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue  # IPython magics: nothing a parameter could hide behind
        for node in ast.walk(tree):
            if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                names.add(node.id)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names
