"""Live preview: serve a year's HTML on localhost; re-render, warm, when its inputs change."""

from __future__ import annotations

import hashlib
import html
import http.server
import json
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path

from kulturdialog import paths
from kulturdialog.data.inputs import input_files
from kulturdialog.errors import KulturdialogError
from kulturdialog.lang import catalogue
from kulturdialog.publish.target import Target
from kulturdialog.run import fingerprint, params
from kulturdialog.run.kernel import WarmKernel, connected

log = logging.getLogger(__name__)
RESET = "get_ipython().reset(new_session=True)"  # a clean namespace, modules stay imported
RELOADER = """<script>/* preview only: reload when a new render is ready */
(function(){var v=%s;setInterval(function(){fetch('/version').then(function(r){return r.text()})
.then(function(t){if(t!==String(v)){location.reload()}}).catch(function(){})},400)})();</script>"""


class Previewer:
    """Renders one year's notebook to HTML again and again in one warm kernel."""

    def __init__(self, year: int, root: Path | None = None, notebook: str = "annual_summary"):
        from kulturdialog.content import assemble  # noqa: F401 - imported once, warm afterwards
        from kulturdialog.formats import html  # noqa: F401

        self.year, self.notebook = year, notebook
        self.root = paths.project_root(root)
        self.folder = paths.reports_dir(self.root) / ".preview" / str(year)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.version, self.page, self.seconds = 0, "", 0.0
        self._code = self._code_hash()
        self.kernel = WarmKernel(self.root)
        self._resetting: threading.Thread | None = None

    def _code_hash(self) -> str:
        files = sorted(  # the code, and the catalogues of words it reads once per process
            f for f in fingerprint.code_files(self.root) if f.suffix in (".py", ".yaml")
        )
        return hashlib.sha256(b"".join(f.read_bytes() for f in files)).hexdigest()

    def watched(self) -> str:
        """A key that changes when the year's data, params, notebook or the package change
        (from params/<year>.yaml as it stands, checked or not: a broken one is watched too)."""
        values = fingerprint.params_values(self.year, self.root)
        scope = params.data_scope(paths.notebook_file(self.notebook, self.root), values)
        files = input_files(self.year, self.notebook, self.root, scope)
        return fingerprint.render_key(Target(self.year, self.notebook), (), files, self.root)

    def render(self) -> float:
        """Validate, execute in the warm kernel and write the HTML; return the seconds it took."""
        from kulturdialog.content import assemble
        from kulturdialog.formats import html
        from kulturdialog.run import checks, execute

        started = time.perf_counter()
        clean = self._join_reset()  # the last run reset the namespace in the background
        if self._code_hash() != self._code:  # the package changed: its modules must reload
            self.kernel.shutdown()
            self.kernel, self._code = WarmKernel(self.root), self._code_hash()
            clean = True
        try:
            values = checks.check_year(self.year, self.root, self.notebook)
            if not clean:
                self._reset_kernel()
            source = paths.notebook_file(self.notebook, self.root)  # or its newer .py twin
            output = self.folder / f"{self.notebook}.ipynb"
            nb = execute.execute(source, output, values, self.root, self.kernel)
            document = assemble.document(nb, paths.relative(source, self.root), strict=False)
            self.page = html.page(document)
            (self.folder / f"{self.notebook}.html").write_text(self.page, encoding="utf-8")
        except KulturdialogError as err:
            self.page = _error_page(str(err), self._language())
        self._resetting = threading.Thread(target=self._reset_kernel, daemon=True)
        self._resetting.start()  # a clean namespace for the next run, while the page is read
        self.seconds = time.perf_counter() - started
        self.version += 1
        return self.seconds

    def _join_reset(self) -> bool:
        """Wait for the background reset, if one ran; say whether it did."""
        if self._resetting is None:
            return False
        self._resetting.join()
        self._resetting = None
        return True

    def _language(self) -> str:
        """The report's language as params/<year>.yaml names it (Swedish if it does not)."""
        code = fingerprint.params_values(self.year, self.root).get("language")
        return code if code in catalogue.LOCALES else catalogue.DEFAULT

    def _reset_kernel(self) -> None:
        with connected(self.kernel.ready()) as client:
            client.execute(RESET, silent=True, store_history=False, reply=True, timeout=60)

    def close(self) -> None:
        self._join_reset()
        self.kernel.shutdown()


def _error_page(message: str, language: str = catalogue.DEFAULT) -> str:
    """The page shown instead of the report while the input is broken; the message in English."""
    title, heading = (
        catalogue.say(language, "preview", k) for k in ("error_title", "error_heading")
    )
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8"><title>{title}'
        f"</title></head><body><main><h1>{heading}</h1>"
        f'<pre lang="en">{html.escape(message)}</pre></main></body></html>'
    )


def serve(
    year: int,
    port: int = 8000,
    notebook: str = "annual_summary",
    root: Path | None = None,
    interval: float = 0.3,
    on_ready: Callable[[int], None] | None = None,
    stop: threading.Event | None = None,
) -> None:
    """Serve the preview on http://127.0.0.1:port/ until `stop` is set (or Ctrl-C)."""
    previewer = Previewer(year, root, notebook)
    stop = stop or threading.Event()
    seen = previewer.watched()
    previewer.render()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), _handler(previewer))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    log.info("preview of %s on http://127.0.0.1:%d/", year, server.server_port)
    if on_ready:
        on_ready(server.server_port)
    try:
        while not stop.wait(interval):
            key = previewer.watched()
            if key != seen:
                seen = key
                log.info("re-rendered %s in %.2f s", year, previewer.render())
    finally:
        server.shutdown()
        previewer.close()


def _handler(previewer: Previewer) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            if self.path == "/version":
                body, kind = str(previewer.version).encode(), "text/plain"
            elif self.path == "/status":
                body = json.dumps(
                    {"version": previewer.version, "seconds": previewer.seconds}
                ).encode()
                kind = "application/json"
            elif self.path in ("/", "/index.html"):
                page = previewer.page.replace(
                    "</body>", RELOADER % previewer.version + "</body>", 1
                )
                body, kind = page.encode("utf-8"), "text/html; charset=utf-8"
            else:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:  # quiet: the CLI reports renders
            pass

    return Handler
