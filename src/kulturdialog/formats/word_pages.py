"""Page numbers for the Word contents, from LibreOffice's own layout of the same file.

Word shows a field's last result until someone updates it, so the contents (a TOC field) and the
lists of tables and figures (PAGEREF fields) carry their page numbers as that result. They are
found by laying the file out: the document is written with a placeholder of one digit for every
number, LibreOffice (`soffice`, found on PATH) converts it to PDF with every Word bookmark as a
named destination, and each heading's and caption's bookmark gives its page. The document is
written again with those numbers. A number only takes room from its entry's leader dots (a
right tab at the text's edge; the digits of Source Sans 3, embedded in the file, are of one
width), so the document is laid out as the placeholders were unless a wider number no longer fits
after its entry's last line: `numbers_fit` measures every entry with the font and lets one layout
stand when each entry's line breaks are clear and its number fits with room to spare (`SPARE`).
Otherwise it is laid out once more to check that the numbers did not move (a wider number can
rewrap an entry and the contents grow by a page), until they hold, at most `CONVERSIONS` layouts.
Each process keeps a LibreOffice profile per conversion running at once and reuses it: a new
profile costs its first start. A batch keeps one LibreOffice running for all its Word files
(`kept_office`, about 1 s to start and 0.3 s a layout): `soffice` started on that office's
profile hands its conversion to it and waits, so each layout costs its layout only. The PDF is
only read, so the same input, LibreOffice and fonts give the same bytes.

Without LibreOffice, or with KULTURDIALOG_WORD_PAGES=0, the entries are written without page
numbers (still linked to their headings) and one line says why.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from multiprocessing import util
from pathlib import Path
from typing import TypeVar

from docx import Document as open_docx
from docx.shared import Length, Pt
from docx.styles.style import ParagraphStyle
from PIL import ImageFont
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kulturdialog.data.characters import FONTS_DIR
from kulturdialog.formats.word_styles import TEXT_WIDTH

log = logging.getLogger(__name__)

SWITCH = "KULTURDIALOG_WORD_PAGES"  # "0" (or false, no, off): no layout, no page numbers
CONVERSIONS = 3  # layouts at most: the placeholders', the numbers', and once more if they moved
PLACEHOLDER = "0"  # as wide as a page number of one digit (digits are of one width)
TIMEOUT = 180  # seconds for one conversion
# the PDF filter, told to make every bookmark a named destination (page and position)
PDF_EXPORT = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)

CONTENTS_STYLES = ("toc 1", "toc 2", "toc 3", "table of figures")  # the entries' styles
FONT_FILES = {False: "SourceSans3-Regular-latin.ttf", True: "SourceSans3-Bold-latin.ttf"}
SPARE = 3  # digit widths an entry keeps clear of the line's end, and a break of the wrapping edge
BREAK_AFTER = re.compile(r"(?<=[ \-\u2010\u2013\u2014/])")  # where a line may break
T = TypeVar("T")
PageOf = Callable[[str], str | None]  # a bookmark → the page number to write (None: none)


def unnumbered(_mark: str) -> str | None:
    return None


def placeholder(_mark: str) -> str | None:
    return PLACEHOLDER


def numbered(build: Callable[[PageOf], bytes]) -> bytes:
    """The document `build` writes, with the page numbers of LibreOffice's layout of it."""
    soffice = find_soffice()
    if soffice is None:
        return build(unnumbered)
    docx = build(placeholder)
    written: dict[str, int] | None = None  # the pages `docx` carries (None: placeholders)
    for _ in range(CONVERSIONS):
        try:
            found = bookmark_pages(lay_out(docx, soffice))
        except (OSError, subprocess.SubprocessError, ValueError, PyPdfError) as err:
            _say(f"Word: no page numbers in the contents, LibreOffice's layout failed ({err})")
            return build(unnumbered)
        if not found:  # before 7.4, soffice takes no export options and names no bookmarks
            _say("Word: no page numbers in the contents (LibreOffice's PDF names no bookmarks)")
            return build(unnumbered)
        if found == written:
            return docx
        numbers = build(_pages(found))
        if written is None and numbers_fit(numbers):
            return numbers  # the numbers take only leader dots: laid out as the placeholders
        docx, written = numbers, found
    _say(f"Word: the contents' page numbers still moved after {CONVERSIONS} layouts")
    return docx


def find_soffice() -> str | None:
    """LibreOffice's `soffice` on PATH, unless KULTURDIALOG_WORD_PAGES turns the layout off."""
    if os.environ.get(SWITCH, "").strip().lower() in ("0", "false", "no", "off"):
        _say(f"Word: no page numbers in the contents ({SWITCH}={os.environ[SWITCH]})")
        return None
    found = shutil.which("soffice")
    if found is None:
        _say("Word: no page numbers in the contents (LibreOffice, soffice, is not on PATH)")
    return found


def numbers_fit(docx: bytes) -> bool:
    """Whether every contents entry of `docx` breaks into lines as with a one-digit placeholder:
    its lines, wrapped greedily with the font's advance widths, break clear of the line's end,
    and its last line leaves room for its number, placeholder and `SPARE` digits (the leader
    dots take what is left). Unsure (an entry near the edge): False, and a layout checks."""
    for p in open_docx(io.BytesIO(docx)).paragraphs:
        style = p.style
        if style is None or style.name not in CONTENTS_STYLES:
            continue
        text, _, number = p.text.partition("\t")
        indent = _inherited(style, lambda s: s.paragraph_format.left_indent) or 0
        size = _inherited(style, lambda s: s.font.size) or Pt(10.5)  # Normal's, as word_styles
        font = _font(bool(_inherited(style, lambda s: s.font.bold)), size)
        width, digit = Length(TEXT_WIDTH - indent).pt, font.getlength("0")
        last = _last_line(text, font, width, digit)
        digits = max(len(number), len(PLACEHOLDER)) + SPARE
        if last is None or last + digits * digit > width:
            return False
    return True


def _last_line(text: str, font: ImageFont.FreeTypeFont, width: float, spare: float) -> float | None:
    """The width of the last of `text`'s lines, broken greedily into lines of `width`; None
    when a break falls within `spare` of the edge (another layout could break there)."""
    line = 0.0
    for piece in BREAK_AFTER.split(text):
        wide = font.getlength(piece)
        if abs(line + font.getlength(piece.rstrip()) - width) < spare:
            return None
        if line and line + font.getlength(piece.rstrip()) > width:
            line = 0.0
        if wide > width:
            return None  # a word longer than the line: broken within, not measured here
        line += wide
    return line


def _inherited(
    style: ParagraphStyle | None, value: Callable[[ParagraphStyle], T | None]
) -> T | None:
    """`value` of `style`, or of the style it is based on when it sets none."""
    while style is not None:
        found = value(style)
        if found is not None:
            return found
        style = style.base_style
    return None


@cache
def _font(bold: bool, size: int) -> ImageFont.FreeTypeFont:
    """Source Sans 3 as embedded in the Word file, its lengths in points at `size` (EMU)."""
    return ImageFont.truetype(str(FONTS_DIR / FONT_FILES[bold]), Length(size).pt)


_free_profiles: list[Path] = []  # LibreOffice profiles of this process not in use
_profiles_of = os.getpid()
_profiles_lock = threading.Lock()


@contextmanager
def _profile() -> Iterator[Path]:
    """A LibreOffice profile for one conversion at a time, kept for this process's next ones
    (a profile's first start costs) and removed when the process ends. A forked process makes
    its own: two soffice on one profile hand the job to one another."""
    global _profiles_of
    with _profiles_lock:
        if _profiles_of != os.getpid():
            _free_profiles.clear()
            _profiles_of = os.getpid()
        if _free_profiles:
            profile = _free_profiles.pop()
        else:
            profile = Path(tempfile.mkdtemp(prefix="kulturdialog-soffice-"))
            util.Finalize(None, shutil.rmtree, (profile, True), exitpriority=0)
    try:
        yield profile
    finally:
        with _profiles_lock:
            if _profiles_of == os.getpid():
                _free_profiles.append(profile)


_office: Path | None = None  # the folder of the kept LibreOffice this process hands work to


def use_office(office: Path | None) -> None:
    """Hand this process's layouts to the LibreOffice kept running in `office` (a folder from
    `kept_office`; None: start one per layout, on a profile of this process's own)."""
    global _office
    _office = office


@contextmanager
def kept_office(wanted: bool = True) -> Iterator[Path | None]:
    """One LibreOffice kept running for the `with` block, for many Word files (a batch's): its
    folder, for `use_office`; None when not `wanted` or without LibreOffice. It starts in the
    background and keeps a document open (LibreOffice ends when a handed conversion leaves it
    with none); that document's lock file says it is ready, and a file `ready` (or `failed`)
    in the folder tells every process. Where processes have no groups to end it by (Windows),
    None: each layout starts a LibreOffice of its own."""
    soffice = find_soffice() if wanted and hasattr(os, "killpg") else None
    if soffice is None:
        yield None
        return
    with tempfile.TemporaryDirectory(prefix="kulturdialog-office-") as scratch:
        folder = Path(scratch)
        kept = folder / "kept.txt"
        kept.write_text("kept open\n", encoding="utf-8")
        office = subprocess.Popen(
            [soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless"]
            + ["--norestore", str(kept)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: soffice starts soffice.bin
        )
        lock = folder / f".~lock.{kept.name}#"
        watch = threading.Thread(target=_announce, args=(folder, lock, office), daemon=True)
        watch.start()
        try:
            yield folder
        finally:
            _stop_group(office)
            watch.join()


def _announce(folder: Path, lock: Path, office: subprocess.Popen[bytes]) -> None:
    """Write `ready` into `folder` once `lock` appears while `office` runs, else `failed`."""
    deadline = time.monotonic() + TIMEOUT
    while office.poll() is None and time.monotonic() < deadline:
        if lock.exists():
            (folder / "ready").touch()
            return
        time.sleep(0.05)
    (folder / "failed").touch()


def _kept_profile(office: Path) -> Path | None:
    """The profile of the LibreOffice kept in `office`, once it is ready; None if it failed."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline and not (office / "failed").exists():
        if (office / "ready").exists():
            return office / "profile"
        time.sleep(0.05)
    _say("Word: LibreOffice could not be kept running; it starts for each Word file")
    return None


def _stop_group(office: subprocess.Popen[bytes]) -> None:
    """End `office` and the soffice.bin it started (its process group), and wait for them."""
    for stop in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(office.pid, stop)
        except ProcessLookupError:
            break
        with suppress(subprocess.TimeoutExpired):
            office.wait(timeout=10)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(office.pid, 0)  # soffice.bin, once oosplash has gone
            except ProcessLookupError:
                return
            time.sleep(0.05)


@contextmanager
def _office_or_own() -> Iterator[Path]:
    """The kept LibreOffice's profile if this process uses one, else a profile of its own."""
    kept = _kept_profile(_office) if _office is not None else None
    if kept is not None:
        yield kept
    else:
        with _profile() as profile:
            yield profile


def lay_out(docx: bytes, soffice: str) -> bytes:
    """The PDF LibreOffice makes of `docx`, with its bookmarks as named destinations, by the
    kept LibreOffice (use_office) or on a profile of this process's own: another soffice
    running on the machine does not take the job."""
    with (
        tempfile.TemporaryDirectory(prefix="kulturdialog-word-") as scratch,
        _office_or_own() as profile,
    ):
        folder = Path(scratch)
        source = folder / "report.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                PDF_EXPORT,
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=TIMEOUT,
        )
        pdf = folder / "report.pdf"
        if not pdf.is_file():
            raise ValueError("soffice wrote no PDF")
        return pdf.read_bytes()


def bookmark_pages(pdf: bytes) -> dict[str, int]:
    """Each named destination of `pdf` (as LibreOffice names them) → its page, from 1."""
    reader = PdfReader(io.BytesIO(pdf))
    pages = {}
    for name, destination in reader.named_destinations.items():
        index = reader.get_destination_page_number(destination)
        if index is not None:
            pages[name.removeprefix("/")] = index + 1
    return pages


def destination_name(mark: str) -> str:
    """The name LibreOffice gives Word bookmark `mark` in a PDF: letters and digits of ASCII
    as they are, other ASCII as the hex of its code ("_" → "5F"), other characters as "25"
    and the hex of each UTF-8 byte ("ä" → "25C325A4")."""
    out = []
    for char in mark:
        if char.isascii() and char.isalnum():
            out.append(char)
        elif char.isascii():
            out.append(f"{ord(char):02X}")
        else:
            out.extend(f"25{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


def _pages(found: dict[str, int]) -> PageOf:
    def page_of(mark: str) -> str | None:
        page = found.get(destination_name(mark))
        return None if page is None else str(page)

    return page_of


@cache
def _say(line: str) -> None:
    """One line in the render's output, once per process (a batch writes many Word files)."""
    log.warning(line)
