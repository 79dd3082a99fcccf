"""Run a notebook with papermill in a real kernel, and make its record reproducible."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from kulturdialog.errors import RenderError
from kulturdialog.run.kernel import KERNEL_ARGS

if TYPE_CHECKING:
    from nbformat import NotebookNode

    from kulturdialog.run.kernel import WarmKernel
    from kulturdialog.run.params import Values

TIMINGS = ("start_time", "end_time", "duration")


def execute(
    notebook: Path, output: Path, parameters: Values, cwd: Path, kernel: WarmKernel | None = None
) -> NotebookNode:
    """Execute `notebook` with `parameters` (in the warm `kernel` if given), writing the
    executed copy."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = {"km": kernel.ready()} if kernel else {"extra_arguments": KERNEL_ARGS}
    try:
        nb = papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            record_timing=False,  # passed on to nbclient, as is `started`
            **started,
        )
    except PapermillExecutionError as err:
        first_line = str(err.evalue).strip()
        where = f"cell {err.exec_count}" if err.exec_count else f"cell #{err.cell_index + 1}"
        message = (
            f"the notebook failed in {where} with {err.ename}:\n{first_line}"
            if err.ename not in ("DataError", "ParameterError")
            else first_line
        )
        raise RenderError(message, "execute") from None
    except RuntimeError as err:  # the kernel died or could not start
        cause = kernel.death() if kernel else None
        told = f"the kernel died while running the notebook: {cause}" if cause else None
        raise RenderError(told or f"the kernel stopped: {err}", "execute") from None
    finally:
        if kernel:
            kernel.close_clients()
    # papermill returns what it wrote; scrubbed, it is written once more, reproducibly
    scrub(nb)
    nbformat.write(nb, output)  # type: ignore[no-untyped-call]
    return cast("NotebookNode", nb)


def scrub(nb: NotebookNode) -> None:
    """Remove clock times, durations and absolute paths, so that equal inputs give equal bytes."""
    meta = nb.metadata.get("papermill", {})
    for key in (*TIMINGS, "input_path", "output_path", "environment_variables"):
        meta.pop(key, None)
    for index, cell in enumerate(nb.cells):
        cell.metadata.pop("execution", None)
        for key in TIMINGS:
            cell.metadata.get("papermill", {}).pop(key, None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell.id = "injected-parameters"
        elif not cell.get("id"):
            cell.id = f"cell-{index}"
