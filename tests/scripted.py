"""Python snippets run in a fresh interpreter, as the tests of processes and memory need them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_python(code: str, *args: str, project: Path | None = None, timeout: int = 600) -> str:
    """Run `code` with `args` in a new interpreter of this venv and return what it printed;
    with `project`, the project root is that folder and workers fork (no fork server), so
    that the snippet's patches reach them. A failed run fails the test with its stderr."""
    env = dict(os.environ)
    if project is not None:
        env |= {"KULTURDIALOG_ROOT": str(project), "KULTURDIALOG_START_METHOD": "fork"}
    run = subprocess.run(
        [sys.executable, "-c", code, *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return run.stdout
