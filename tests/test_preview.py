"""`kulturdialog preview`: serves the HTML on localhost and re-renders, warm, when inputs change."""

from __future__ import annotations

import json
import threading
import time
import urllib.request

import pytest

from kulturdialog.run.preview import Previewer, serve

pytestmark = pytest.mark.e2e


def get(port: int, path: str) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.read().decode("utf-8")


def wait_for_version(port: int, above: int, seconds: float = 120) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        version = int(get(port, "/version"))
        if version > above:
            return version
        time.sleep(0.2)
    raise AssertionError("no re-render")


@pytest.fixture
def preview(project):
    stop, ports = threading.Event(), []
    thread = threading.Thread(
        target=serve,
        kwargs={"year": 2021, "port": 0, "root": project, "on_ready": ports.append, "stop": stop},
    )
    thread.start()
    deadline = time.monotonic() + 120
    while not ports and time.monotonic() < deadline:
        time.sleep(0.1)
    yield project, ports[0]
    stop.set()
    thread.join(timeout=60)


def test_the_page_is_served_and_follows_a_change_in_the_data(preview):
    project, port = preview
    page = get(port, "/")
    assert "<h1" in page and "Sammanfattning av 2021 års dialogmöten" in page
    assert "fetch('/version')" in page  # the reload script is added to the served page only
    year = project / "data/2021/year.yaml"
    year.write_text(
        year.read_text(encoding="utf-8").replace(
            'title: "Sammanfattning av 2021 års dialogmöten"', 'title: "Förhandsvisning 2021"'
        ),
        encoding="utf-8",
    )
    wait_for_version(port, 1)
    assert "Förhandsvisning 2021" in get(port, "/")
    assert json.loads(get(port, "/status"))["seconds"] > 0
    published = project / "reports/2021"
    assert not published.exists()  # the preview never publishes


def test_a_mistake_shows_an_error_page_and_fixing_it_recovers(preview):
    project, port = preview
    meetings = project / "data/2021/meetings.csv"
    good = meetings.read_text(encoding="utf-8")
    meetings.write_text(good.replace(",digital,", ",zoom,", 1), encoding="utf-8")
    version = wait_for_version(port, 1)
    page = get(port, "/")
    assert "Rapporten kunde inte framställas" in page and "column &#x27;format&#x27;" in page
    meetings.write_text(good, encoding="utf-8")
    wait_for_version(port, version)
    assert "Årets dialoger i siffror" in get(port, "/")


def test_a_warm_re_render_gives_the_same_page_as_the_first(project):
    previewer = Previewer(2021, project)
    try:
        previewer.render()
        first = previewer.page
        previewer.render()
        assert previewer.page == first
    finally:
        previewer.close()


def test_the_command_tells_only_its_own_steps_and_stops_on_sigterm(project):
    """`kulturdialog preview`: where to look, then re-renders; not papermill's log of each run.
    SIGTERM ends it like Ctrl-C, its kernel with it."""
    import os
    import signal
    import subprocess
    import sys
    from pathlib import Path

    import psutil

    cli = str(Path(sys.executable).with_name("kulturdialog"))
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    process = subprocess.Popen(
        [cli, "preview", "2021", "--port", "0"], env=env, stderr=subprocess.PIPE, text=True
    )
    told = []
    for line in process.stderr:
        told.append(line)
        if "on http://127.0.0.1:" in line:
            break
    port = int(told[-1].rsplit(":", 1)[1].strip(" /\n"))
    assert "<html" in get(port, "/")
    kernels = psutil.Process(process.pid).children(recursive=True)
    assert kernels
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    told.append(rest)
    assert psutil.wait_procs(kernels, timeout=30)[1] == []  # none left running
    assert process.returncode == 130
    assert told[0] == "Preview of 2021: rendering it first (Ctrl-C stops)\n"
    assert told[1] == f"preview of 2021 on http://127.0.0.1:{port}/\n"
    assert "".join(told[2:]) == "interrupted; the published reports are unchanged\n"
