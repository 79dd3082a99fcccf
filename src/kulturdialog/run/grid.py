"""Render one notebook for every value of a parameter (`--each`), or for chosen values (`-p`).

A notebook declares a parameter's values in its help comment, for example
`municipality: str = "0180"  # municipality code (each: reference/municipalities.csv code)`:
the values are the column `code` of `data/reference/municipalities.csv`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from kulturdialog import paths
from kulturdialog.errors import ParameterError
from kulturdialog.run.params import Declaration, Values, parsed

EACH = re.compile(r"\(each:\s*(?P<file>[\w./-]+\.csv)\s+(?P<column>\w+)\s*\)")


def declared_values(notebook: str, name: str, root: Path, data_dir: str = "data") -> list[str]:
    """The values the notebook declares for parameter `name` (ParameterError if none)."""
    params = _declared(notebook, root)
    if name not in params:
        raise ParameterError(
            f"--each {name}: notebooks/{notebook}.ipynb has no parameter '{name}'; "
            f"its parameters are: {', '.join(params)}"
        )
    found = EACH.search(str(params[name].get("help") or ""))
    if not found:
        raise ParameterError(
            f"--each {name}: notebooks/{notebook}.ipynb declares no values for '{name}'; "
            f"add '(each: reference/FILE.csv COLUMN)' to its help comment in the parameters cell"
        )
    source = paths.data_dir(root, data_dir) / found["file"]
    try:
        with source.open(encoding="utf-8-sig", newline="") as handle:
            return [row[found["column"]] for row in csv.DictReader(handle)]
    except (OSError, KeyError) as err:
        raise ParameterError(
            f"--each {name}: cannot read column '{found['column']}' of "
            f"{paths.relative(source, root)} ({err})"
        ) from None


def parameter_sets(
    notebook: str, each: str | None, given: list[str], root: Path, data_dir: str = "data"
) -> list[Values] | None:
    """The parameter sets to render: one per declared value of `each`, or the `-p NAME=VALUE`
    values once; None when neither is asked for. Every mistake is one clear ParameterError."""
    chosen: Values = dict(_pair(p) for p in given)
    if each and each in chosen:
        raise ParameterError(
            f"--each {each} and -p {each}={chosen[each]} contradict each other; use one of them"
        )
    params = _declared(notebook, root) if chosen else {}
    for name, value in list(chosen.items()):
        if name not in params:
            raise ParameterError(
                f"-p {name}: notebooks/{notebook}.ipynb has no parameter '{name}'; "
                f"its parameters are: {', '.join(params)}"
            )
        chosen[name] = parsed(name, str(value), params[name])
        if EACH.search(str(params[name].get("help") or "")):
            allowed = declared_values(notebook, name, root, data_dir)
            if str(value) not in allowed:
                raise ParameterError(
                    f"-p {name}={value}: not one of the declared values ({', '.join(allowed)})"
                )
    if each:
        return [{**chosen, each: v} for v in declared_values(notebook, each, root, data_dir)]
    return [chosen] if chosen else None


def _pair(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name.strip():
        raise ParameterError(f"-p {text}: expected NAME=VALUE, for example -p municipality=0180")
    return name.strip(), value.strip()


def _declared(notebook: str, root: Path) -> dict[str, Declaration]:
    from kulturdialog.run.params import declared

    path = paths.notebook_file(notebook, root)
    if not path.is_file():
        raise ParameterError(f"no notebook {paths.relative(path, root)}")
    return declared(path)
