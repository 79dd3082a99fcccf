"""Typst, shared by the formats that use it: one lock, the report's fonts, figures as PNG.

The PDF (pdf.py) typesets the report with it; Word and the reuse files take each figure's PNG
from `figure_png`, rasterised by the same Typst from the same SVG.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import TypedDict

import typst

from kulturdialog.data.characters import FONT_FILES
from kulturdialog.errors import KulturdialogError
from kulturdialog.paths import TEMPLATES_DIR

# One figure at its own size on a page of that size: for Word and the figure files.
_FIGURE_SOURCE = """#set page(width: auto, height: auto, margin: 0pt, fill: white)
#image(bytes(sys.inputs.svg), format: "svg")
"""


class _Cache(TypedDict, total=False):
    pid: int
    fonts: typst.Fonts
    compiler: typst.Compiler  # the PDF's, for templates/report.typ


lock = threading.Lock()
_cache: _Cache = {}


class PdfError(KulturdialogError):
    """Typst could not lay out the document (the message names the template line)."""


# -- fonts and the compiler ---------------------------------------------------------------------
def _fresh() -> None:
    """Forget a parent process's compiler after a fork (batch renders fork from a preload).

    Typst's worker threads do not survive a fork: a process that has compiled must not fork
    children that compile (they hang). Importing this module compiles nothing.
    """
    global _cache
    if _cache.get("pid") != os.getpid():
        _cache = {"pid": os.getpid()}


def _font_folder() -> Path:
    """A folder holding just the full fonts, as links (copies where links are refused).

    Typst searches folders, and assets/fonts also holds the Latin subsets of Source Sans 3.
    One folder per user and font location, made once and shared by every process (a render's
    worker processes end without cleanup, so a folder per process would be left behind).
    """
    key = hashlib.sha256("\n".join(str(f) for f in FONT_FILES).encode()).hexdigest()[:12]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    folder = Path(tempfile.gettempdir()) / f"kulturdialog-fonts-{uid}-{key}"

    def complete() -> bool:
        return all((folder / f.name).is_file() for f in FONT_FILES)

    if complete():
        return folder
    staging = Path(tempfile.mkdtemp(prefix=f"{folder.name}-", dir=folder.parent))
    for font in FONT_FILES:
        try:
            os.symlink(font, staging / font.name)
        except OSError:
            shutil.copyfile(font, staging / font.name)
    if folder.exists() and not complete():  # a broken one (the fonts moved)
        shutil.rmtree(folder, ignore_errors=True)
    try:
        staging.rename(folder)  # atomic: another process may have won the race
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def fonts() -> typst.Fonts:
    _fresh()
    fonts = _cache.get("fonts")
    if fonts is None:
        # Typst's embedded fonts stay: DejaVu Sans Mono sets checksums and code.
        fonts = typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=True,
            font_paths=[str(_font_folder())],
        )
        _cache["fonts"] = fonts
    return fonts


def figure_png(svg: str, ppi: int = 300) -> bytes:
    """One SVG figure as PNG at `ppi`, at the SVG's own size, on white.

    Typst then forgets the rasterisation at once: it would keep each figure's pixels until the
    render's end (the annual summary's five figures, at 200 and at 300 ppi, kept 110 MB).
    Forgetting costs about 10 ms a figure."""
    with lock:
        try:
            # typst's stub ties `input` and `root` to one type: a bytes source with a str root
            png = typst.compile(  # type: ignore[call-overload]
                _FIGURE_SOURCE.encode(),
                root=str(TEMPLATES_DIR),
                font_paths=fonts(),
                ignore_system_fonts=True,
                format="png",
                ppi=float(ppi),
                sys_inputs={"svg": svg},
            )
        except typst.TypstError as err:
            raise PdfError(f"figure: Typst could not rasterise the SVG: {err}") from err
        finally:
            _forget()
    return one_file(png, "figure")


# Typst remembers the work of its recent compilations (comemo's cache) in this process, and
# typst-py drops what the last MEMORY_AGE compilations did not use, after each one (as typst's
# own CLI does between watched compiles): in a worker that renders many reports, 10 MB for each
# report, until the last ten's (about 100 MB) stay. No Python call drops it at once.
MEMORY_AGE = 10
_NOTHING = b"#set page(width: 1pt, height: 1pt)\n"


def forget_compilations() -> None:
    """Make Typst drop what it remembers of the compilations so far: MEMORY_AGE compilations of
    an empty page (about 10 ms in all) age them out. A process that renders many reports calls
    it between two; the next report costs the same time (each report's own content is new)."""
    with lock:
        _forget()


def _forget() -> None:
    """forget_compilations, with the lock held."""
    for _ in range(MEMORY_AGE + 1):
        typst.compile(_NOTHING, format="pdf", font_paths=fonts(), ignore_system_fonts=True)


def one_file(result: bytes | list[bytes] | None, what: str) -> bytes:
    """Typst's output when asked for no file: one document's bytes (a list: one per page)."""
    if not isinstance(result, bytes):
        raise PdfError(f"{what}: Typst gave {type(result).__name__}, not one file's bytes")
    return result


def cache() -> _Cache:
    """This process's cached fonts and compilers (a forked child starts with none)."""
    _fresh()
    return _cache
