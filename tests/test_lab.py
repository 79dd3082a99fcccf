"""`make lab` starts JupyterLab, as root (a container) and as a user, and stops on SIGTERM."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from conftest import ROOT

pytestmark = pytest.mark.e2e


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_lab_starts_answers_and_stops(tmp_path):
    port = free_port()
    command = [
        "make",
        "--old-file=.venv/.installed",  # the set-up is the test run's own: never redo it here
        "lab",
        f"LAB_ARGS=--no-browser --port={port} --ip=127.0.0.1",
    ]
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    lab = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        text=True,
    )
    try:
        answer, deadline = None, time.monotonic() + 120
        while answer is None and lab.poll() is None and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api", timeout=2) as page:
                    answer = json.load(page)
            except OSError:
                time.sleep(0.5)
        assert lab.poll() is None, lab.stdout.read()
        assert answer and "version" in answer
    finally:
        if lab.poll() is None:
            os.killpg(lab.pid, signal.SIGTERM)
        said, _ = lab.communicate(timeout=60)
    assert lab.returncode is not None
    assert "Running as root is not recommended" not in said
