"""engine: a kernel that boots and checks the input while the CLI works; clients ready at once."""

from __future__ import annotations

import subprocess
import sys

import pytest
from jupyter_core.utils import run_sync

from kulturdialog.data.inputs import DataScope
from kulturdialog.errors import DataError
from kulturdialog.run.kernel import QuickAsyncClient, QuickBlockingClient, WarmKernel, connected

pytestmark = pytest.mark.e2e


@pytest.fixture
def engine(project):
    started = WarmKernel(project)
    yield started
    started.shutdown()


def test_the_kernel_checks_sound_input_and_runs_code(engine):
    engine.check(2021, DataScope()).verdict()  # no DataError
    manager = engine.ready()
    assert isinstance(manager.client(), QuickAsyncClient)  # what nbclient runs the notebook with
    with connected(manager) as client:
        assert isinstance(client, QuickBlockingClient)
        client.wait_for_ready(timeout=30)
        reply = client.execute("6 * 7", reply=True, timeout=30)
        assert reply["content"]["status"] == "ok"


def test_the_kernels_verdict_on_broken_input_is_raised_here(project, engine):
    meetings = project / "data/2021/meetings.csv"
    meetings.write_text(meetings.read_text(encoding="utf-8").replace(",2021-", ",2021-13-", 1))
    engine.check(2021, DataScope())
    with pytest.raises(DataError) as err:
        engine.verdict()
    assert "meetings.csv" in str(err.value)


def test_a_client_of_a_kernel_that_is_gone_says_so(engine):
    manager = engine.ready()
    run_sync(manager.shutdown_kernel)(now=True)
    client = manager.client()
    client.start_channels()
    try:
        with pytest.raises(RuntimeError, match="died"):
            run_sync(client.wait_for_ready)(timeout=30)
    finally:
        client.stop_channels()


def test_a_kernel_that_dies_before_the_check_is_noticed_at_once(project):
    """The check's own client asks the manager: no wait of the full 120 s on a dead kernel; the
    input is then checked in this process, and the verdict comes as usual."""
    import os
    import signal
    import time

    warm = WarmKernel(project)
    try:
        os.kill(warm.manager.provisioner.process.pid, signal.SIGKILL)
        started = time.monotonic()
        warm.check(2021, DataScope()).verdict()  # sound input: no DataError
        assert time.monotonic() - started < 30
    finally:
        warm.shutdown()


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
