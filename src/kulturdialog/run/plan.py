"""A render, resolved once: what is rendered, with which checked parameters, from which inputs.

`RenderPlan.build` reads the notebook's parameters cell and params/<year>.yaml once, checks them
(ParameterError if wrong) and derives the data scope and the one tuple of input files from them;
the render key is hashed on first use. The render, its input check, the manifest and the skip
decision all read the plan; the report's appendix lists the same files, derived by the same rule
(`inputs.DataScope.of`) from the same parameter values.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from kulturdialog import paths
from kulturdialog.data.inputs import DataScope, input_files
from kulturdialog.formats import DEFAULT as DEFAULT_FORMATS
from kulturdialog.publish.target import Target
from kulturdialog.run import fingerprint, params
from kulturdialog.run.params import Values


@dataclass(frozen=True)
class RenderPlan:
    """One render of a notebook for a year (and a grid value), resolved before anything runs."""

    target: Target
    root: Path
    values: Values  # the checked parameters: params/<year>.yaml, then the grid value's
    scope: DataScope  # the data folder and the years read
    inputs: tuple[Path, ...]  # the report's input files: its manifest, appendix and render key
    formats: tuple[str, ...]

    @cached_property
    def key(self) -> str:
        """The render key: the inputs, the code, the lock, the formats and the parameters
        (fingerprint.py); hashed when first asked for (a check alone never asks)."""
        return fingerprint.render_key(self.target, self.formats, self.inputs, self.root)

    @classmethod
    def build(
        cls,
        year: int,
        notebook: str = "annual_summary",
        root: Path | None = None,
        overrides: Values | None = None,
        formats: tuple[str, ...] = DEFAULT_FORMATS,
        draft: bool = False,
    ) -> RenderPlan:
        """The plan of a render (a draft's: `draft`); ParameterError if the parameters are
        wrong."""
        root = paths.project_root(root)
        target = Target.of(year, notebook, overrides, draft)
        source = paths.notebook_file(notebook, root)
        values = params.load(year, source, root, dict(target.overrides))
        scope = params.data_scope(source, values)
        files = tuple(input_files(year, notebook, root, scope))
        return cls(target, root, values, scope, files, formats)
