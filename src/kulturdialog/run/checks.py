"""The checks before a render: a year's parameters against its notebook, and its input data."""

from __future__ import annotations

from pathlib import Path

from kulturdialog.data.inputs import DataScope
from kulturdialog.run.params import Values
from kulturdialog.run.plan import RenderPlan


def check_year(year: int, root: Path | None = None, notebook: str = "annual_summary") -> Values:
    """Check a year's parameters and input (and earlier years') without rendering; return params."""
    plan = RenderPlan.build(year, notebook, root)
    check_data(year, plan.root, plan.scope)
    return plan.values


def check_data(year: int, root: Path, scope: DataScope) -> None:
    """The input of every year a report of `year` reads (DataError if broken)."""
    from kulturdialog.data.load import load_year

    load_year(year, root, scope.data_dir)  # first: a year without a folder is told so
    for earlier in scope.years(year, root):
        if earlier < year:
            load_year(earlier, root, scope.data_dir)
