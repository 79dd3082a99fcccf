"""The warm kernel: it boots and checks the input while the CLI works; clients ready at once; a
kernel that dies is told at once, with why."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_core.utils import run_sync

from kulturdialog.data.inputs import DataScope
from kulturdialog.errors import DataError, RenderError
from kulturdialog.run.kernel import (
    QuickAsyncClient,
    QuickBlockingClient,
    WarmKernel,
    connected,
    death_cause,
)

pytestmark = pytest.mark.e2e


CLI = str(Path(sys.executable).with_name("kulturdialog"))


@pytest.fixture
def kernel(project):
    started = WarmKernel(project)
    yield started
    started.shutdown()


def test_the_kernel_checks_sound_input_and_runs_code(kernel):
    kernel.check(2021, DataScope()).verdict()  # no DataError
    manager = kernel.ready()
    assert isinstance(manager.client(), QuickAsyncClient)  # what nbclient runs the notebook with
    with connected(manager) as client:
        assert isinstance(client, QuickBlockingClient)
        client.wait_for_ready(timeout=30)
        reply = client.execute("6 * 7", reply=True, timeout=30)
        assert reply["content"]["status"] == "ok"


def test_the_kernels_verdict_on_broken_input_is_raised_here(project, kernel):
    meetings = project / "data/2021/meetings.csv"
    meetings.write_text(meetings.read_text(encoding="utf-8").replace(",2021-", ",2021-13-", 1))
    kernel.check(2021, DataScope())
    with pytest.raises(DataError) as err:
        kernel.verdict()
    assert "meetings.csv" in str(err.value)


def run_in(manager, code: str, expression: str) -> str:
    """Run `code` in the kernel and give `expression`'s value as the kernel shows it."""
    with connected(manager) as client:
        client.wait_for_ready(timeout=30)
        reply = client.execute(code, reply=True, timeout=60, user_expressions={"value": expression})
    assert reply["content"]["status"] == "ok", reply["content"]
    return reply["content"]["user_expressions"]["value"]["data"]["text/plain"]


@pytest.mark.skipif(os.name != "posix", reason="Unix sockets")
def test_a_render_kernel_listens_on_unix_sockets_of_its_own_and_leaves_none_behind(project):
    """No TCP port to lose to another process between choosing it and binding it."""
    warm = WarmKernel(project)
    manager = warm.check(2021, DataScope()).ready()
    info = manager.get_connection_info()
    sockets = [Path(f"{info['ip']}-{info[f'{name}_port']}") for name in ("shell", "iopub", "hb")]
    try:
        assert info["transport"] == "ipc"
        assert all(socket.is_socket() for socket in sockets)
        assert run_in(manager, "", "6 * 7") == "42"
    finally:
        warm.shutdown()
    assert not any(socket.exists() for socket in sockets)


def test_a_render_kernel_starts_without_the_debugger(kernel):
    """ipykernel imports debugpy (7 MB, 0.05 s) for a debugger that nothing attaches to a
    render; a Jupyter kernel keeps it."""
    manager = kernel.ready()
    code = "import sys\nfrom ipykernel import debugger"
    shown = run_in(manager, code, "(sys.modules['debugpy'], debugger._is_debugpy_available)")
    assert shown == "(None, False)"
    asked = "from ipykernel import debugger; print(debugger._is_debugpy_available)"
    plain = subprocess.run(
        [sys.executable, "-c", asked],
        capture_output=True,
        text=True,
        check=True,
    )
    assert plain.stdout.strip() == "True"  # installed: only the render kernel goes without


def test_a_kept_kernel_gives_back_what_a_run_freed_when_it_is_put_back(project):
    """A run's garbage: 200 MB in blocks of the C heap with one block above them that stays
    (as a notebook's objects leave it); the kernel put back for the next run hands it back."""
    import psutil

    warm = WarmKernel(project, many=True)
    try:
        manager = warm.check(2021, DataScope()).ready()
        rss = lambda: psutil.Process(warm.process.pid).memory_info().rss // 2**20  # noqa: E731
        code = "import sys\nblocks = [bytearray(4000) for _ in range(50_000)]\n"
        code += "sys._kd_test_block_above = bytearray(4000)"
        run_in(manager, code, "len(blocks)")
        full = rss()
        warm.check(2021, DataScope()).verdict()  # put back, then the input checked again
        assert full - rss() > 150
    finally:
        warm.shutdown()


def test_a_client_of_a_kernel_that_is_gone_says_so(kernel):
    manager = kernel.ready()
    run_sync(manager.shutdown_kernel)(now=True)
    client = manager.client()
    client.start_channels()
    try:
        with pytest.raises(RuntimeError, match="died"):
            run_sync(client.wait_for_ready)(timeout=30)
    finally:
        client.stop_channels()


def test_a_kernel_killed_during_the_check_is_told_at_once_with_its_signal(project):
    """The check's own client asks the manager: no wait of the full 120 s on a dead kernel; the
    render is told that the kernel died, by which signal, and that memory may be the cause."""
    warm = WarmKernel(project)
    try:
        warm.check(2021, DataScope())
        os.kill(warm.manager.provisioner.process.pid, signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(RenderError) as err:
            warm.verdict()
        assert time.monotonic() - started < 30
    finally:
        warm.shutdown()
    told = str(err.value)
    assert told.startswith("the kernel died during the input check: ")
    assert "SIGKILL" in told and "out-of-memory" in told and "memory runs out" in told


def test_how_a_kernel_ended_is_known_after_its_manager_cleaned_up(kernel):
    """nbclient cleans up the manager of a kernel that died as it started: the cause stays."""
    os.kill(kernel.process.pid, signal.SIGKILL)
    kernel.process.wait(timeout=30)
    run_sync(kernel.manager.shutdown_kernel)(now=True)
    assert getattr(kernel.manager.provisioner, "process", None) is None  # forgotten there
    assert kernel.death().startswith("it was killed by signal SIGKILL")


def test_a_kernels_end_is_told_by_exit_code_or_signal():
    assert death_cause(3) == "it exited with code 3"
    assert death_cause(-signal.SIGSEGV) == "it was killed by signal SIGSEGV"
    assert "memory" not in death_cause(-signal.SIGTERM)
    counted = death_cause(-signal.SIGKILL, oom_killed=True)
    assert counted.endswith("from the system's out-of-memory killer: the memory ran out")


def dying_notebook(root: Path, last_words: str) -> str:
    """notebooks/dying.ipynb: a parameters cell, a title, then a cell that ends the kernel."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("year: int = 2021\ndata_dir: str = 'data'")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [
        parameters,
        nbformat.v4.new_markdown_cell("# Dying"),
        nbformat.v4.new_code_cell(f"import os, signal\n{last_words}"),
    ]
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    nbformat.write(nb, root / "notebooks/dying.ipynb")
    return "dying"


@pytest.mark.parametrize(
    ("last_words", "told"),
    [
        (
            "os.kill(os.getpid(), signal.SIGKILL)",
            "it was killed by signal SIGKILL, which is what the system's out-of-memory killer",
        ),
        ("os._exit(3)", "it exited with code 3"),
    ],
)
def test_a_kernel_that_dies_running_the_notebook_is_told_without_a_traceback(
    project, last_words, told
):
    notebook = dying_notebook(project, last_words)
    run = subprocess.run(
        [CLI, "render", "2021", "--notebook", notebook, "--formats", "html"],
        env={**os.environ, "KULTURDIALOG_ROOT": str(project)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1
    assert f"2021: FAILED: the kernel died while running the notebook: {told}" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout


def test_the_cli_spares_itself_the_iri_checker_and_nbformat_still_validates():
    code = (
        "import sys\n"
        "from kulturdialog.run.startup import spare_unused_imports\n"
        "spare_unused_imports()\n"
        "import nbformat, papermill\n"
        "nbformat.validate(nbformat.v4.new_notebook())\n"
        "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is not None)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_kernel_shuts_down_after_an_interrupt_cut_this_threads_event_loop(kernel):
    """Ctrl-C or SIGTERM just after papermill's run_until_complete hooked its callback onto its
    task, before the `try` that unhooks it, leaves the task with the callback: when the task
    ends, it stops this thread's event loop, in the middle of whatever runs there next."""
    from asyncio.base_events import _run_until_complete_cb  # type: ignore[attr-defined]

    from jupyter_core.utils import ensure_event_loop

    loop = ensure_event_loop()
    cut = loop.create_task(asyncio.sleep(0.02))
    cut.add_done_callback(_run_until_complete_cb)  # the state such an interrupt leaves
    kernel.shutdown()
    assert kernel.process.wait(timeout=30) is not None
    assert not kernel.manager.has_kernel
    loop.run_until_complete(cut)


def test_after_a_stop_a_runs_clients_are_left_to_the_process_end(kernel, monkeypatch):
    """An interrupt can cut a client's start short with a socket its context does not know (the
    heartbeat thread still making it); ending that context then waits for ever in zmq's
    context.term(). Once a stop is asked, the clients are left open for the process's end."""
    import threading

    import zmq

    from kulturdialog.run import kernel as kernel_module
    from kulturdialog.run import stopping

    client = kernel.manager.client()
    client.start_channels()
    deadline = time.monotonic() + 30  # its heartbeat thread's socket made: the clean-up below
    while client.hb_channel.socket is None and time.monotonic() < deadline:  # cannot race it
        time.sleep(0.01)
    unknown = zmq.Socket(client.context, zmq.REQ)  # made, but not through context.socket()
    asked = threading.Event()
    asked.set()
    monkeypatch.setattr(stopping, "_ASKED", asked)
    closing = threading.Thread(target=kernel.close_clients, daemon=True)
    closing.start()
    closing.join(timeout=10)
    assert not closing.is_alive(), "closing the clients hung in zmq's context.term()"
    assert client in kernel_module._LEFT_TO_EXIT and not kernel.manager.opened_clients
    unknown.close()
    kernel_module._LEFT_TO_EXIT.remove(client)
    client.stop_channels()
