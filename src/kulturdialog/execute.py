"""Run a notebook with papermill in a real kernel, and make its record reproducible."""

from __future__ import annotations

from pathlib import Path

import nbformat

from kulturdialog.errors import RenderError

TIMINGS = ("start_time", "end_time", "duration")


def execute(notebook: Path, output: Path, parameters: dict, cwd: Path) -> nbformat.NotebookNode:
    """Execute `notebook` with `parameters`, writing the executed copy to `output`."""
    import papermill
    from papermill.exceptions import PapermillExecutionError

    try:
        papermill.execute_notebook(
            str(notebook),
            str(output),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            # passed on to nbclient: no timings, no kernel chatter
            record_timing=False,
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
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
        raise RenderError(f"the kernel stopped: {err}", "execute") from None
    nb = nbformat.read(output, as_version=4)
    scrub(nb)
    nbformat.write(nb, output)
    return nb


def scrub(nb: nbformat.NotebookNode) -> None:
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
