"""Run a notebook with papermill in a real kernel, and make its record reproducible."""

from __future__ import annotations

import ast
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from kulturdialog.errors import RenderError

if TYPE_CHECKING:
    from nbformat import NotebookNode

TIMINGS = ("start_time", "end_time", "duration")
KERNEL_ARGS = ["--IPKernelApp.log_level=ERROR"]  # no kernel chatter on the user's terminal


class WarmKernel:
    """A kernel started ahead of time: it boots and runs `prepare` while the parent works.

    `prepare` runs silently (no execution count, no history), so the executed notebook is the
    same as from a cold kernel; `expression` is evaluated after it and read by `verdict()`.
    """

    def __init__(
        self, cwd: Path, prepare: str = "import kulturdialog.report", expression: str | None = None
    ):
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        # nbclient expects an asynchronous manager: with it, a dying kernel is noticed.
        self.manager = AsyncKernelManager(kernel_name="python3")
        run_sync(self.manager.start_kernel)(cwd=str(cwd), extra_arguments=KERNEL_ARGS)
        self._result: str | None = None
        self._thread = threading.Thread(
            target=self._prepare, args=(prepare, expression), daemon=True
        )
        self._thread.start()

    def _prepare(self, code: str, expression: str | None) -> None:
        from jupyter_client.blocking import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_info(self.manager.get_connection_info())
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
            expressions = {"result": expression} if expression else {}
            reply = client.execute(
                code,
                silent=True,
                store_history=False,
                reply=True,
                user_expressions=expressions,
                timeout=300,
            )
            value = reply["content"].get("user_expressions", {}).get("result", {})
            if value.get("status") == "ok":
                self._result = ast.literal_eval(value["data"]["text/plain"])
        except Exception:  # noqa: BLE001 - then the parent does the work; papermill reports a dead kernel
            self._result = None
        finally:
            client.stop_channels()

    def verdict(self) -> str | None:
        """The value of `expression` once `prepare` ran, or None if the kernel could not say."""
        self._thread.join()
        return self._result

    def ready(self):
        self._thread.join()
        return self.manager

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        self._thread.join()
        if self.manager.has_kernel:
            run_sync(self.manager.shutdown_kernel)(now=True)


def execute(
    notebook: Path, output: Path, parameters: dict, cwd: Path, kernel: WarmKernel | None = None
) -> NotebookNode:
    """Execute `notebook` with `parameters` (in `kernel` if given), writing the executed copy."""
    import nbformat
    import papermill
    from papermill.exceptions import PapermillExecutionError

    engine = {"km": kernel.ready()} if kernel else {"extra_arguments": KERNEL_ARGS}
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
            record_timing=False,  # passed on to nbclient, as is `engine`
            **engine,
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
