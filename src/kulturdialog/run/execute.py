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
    """Execute `notebook` (.ipynb, or a .py twin: jupytext) with `parameters` (in the warm
    `kernel` if given), writing the executed copy. Without a kernelspec, the project's kernel
    runs it."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    started = {"km": kernel.ready()} if kernel else {"extra_arguments": KERNEL_ARGS}
    try:
        nb = papermill.execute_notebook(
            read(notebook),
            str(output),
            parameters=parameters,
            cwd=str(cwd),
            kernel_name="python3",
            language="python",  # a notebook without a kernelspec (written in an editor)
            progress_bar=False,
            log_output=False,
            request_save_on_cell_execute=False,
            record_timing=False,  # passed on to nbclient, as is `started`
            **started,
        )
    except PapermillExecutionError as err:
        first_line = str(err.evalue).strip()
        message = (
            f"the notebook failed in {failed_cell(output, err.exec_count)} with {err.ename}:\n"
            f"{first_line}"
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


def read(notebook: Path) -> NotebookNode:
    """The notebook in `notebook`: an .ipynb file, or a .py file in jupytext's percent format
    (with or without its header)."""
    import nbformat

    if notebook.suffix == ".py":
        import jupytext

        return cast("NotebookNode", jupytext.read(notebook, fmt="py:percent"))
    return cast("NotebookNode", nbformat.read(notebook, as_version=4))  # type: ignore[no-untyped-call]


def failed_cell(output: Path, count: int | None) -> str:
    """Where a run failed, as the notebook's author counts cells: the failing cell's place from
    the top of the notebook, Markdown cells included (as the preview's and the report's
    messages count them), with the `[n]` JupyterLab shows beside it in the failed run's copy,
    where papermill added cells of its own (the injected parameters, the error banners)."""
    from kulturdialog.content.cells import authored

    for number, cell in enumerate(authored(read(output).cells), start=1):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            prompt = f"; [{count}] in the kept copy" if count else ""
            return f"cell {number} (from the top, Markdown cells included{prompt})"
    return f"cell [{count}]" if count else "a cell"


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
