"""Page numbers for the Word contents, from LibreOffice's own layout of the same file.

Word shows a field's last result until someone updates it, so the contents (a TOC field) and the
lists of tables and figures (PAGEREF fields) carry their page numbers as that result. They are
found by laying the file out: the document is written with a placeholder of one digit for every
number, LibreOffice (`soffice`, found on PATH) converts it to PDF with every Word bookmark as a
named destination, and each heading's and caption's bookmark gives its page. The document is
written again with those numbers. When they all have one digit it is laid out as the placeholders
were (the digits of Source Sans 3, embedded in the file, are of one width): one layout, as for
a short document. Otherwise it is laid out once more to check that the numbers did not move (a
wider number can rewrap an entry and the contents grow by a page), until they hold, at most
`CONVERSIONS` layouts. The PDF is only read, so the same input, LibreOffice and fonts give the
same bytes.

Without LibreOffice, or with KULTURDIALOG_WORD_PAGES=0, the entries are written without page
numbers (still linked to their headings) and one line says why.
"""

from __future__ import annotations

import io
import logging
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PyPdfError

log = logging.getLogger(__name__)

SWITCH = "KULTURDIALOG_WORD_PAGES"  # "0" (or false, no, off): no layout, no page numbers
CONVERSIONS = 3  # layouts at most: the placeholders', the numbers', and once more if they moved
PLACEHOLDER = "0"  # as wide as a page number of one digit (digits are of one width)
TIMEOUT = 180  # seconds for one conversion
# the PDF filter, told to make every bookmark a named destination (page and position)
PDF_EXPORT = (
    'pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)

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
        if written is None and all(len(str(page)) == len(PLACEHOLDER) for page in found.values()):
            return numbers  # as wide as the placeholders: laid out as they were
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


def lay_out(docx: bytes, soffice: str) -> bytes:
    """The PDF LibreOffice makes of `docx`, with its bookmarks as named destinations.
    A profile of its own: another soffice running on the machine does not take the job."""
    with tempfile.TemporaryDirectory(prefix="kulturdialog-word-") as scratch:
        folder = Path(scratch)
        source = folder / "report.docx"
        source.write_bytes(docx)
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={(folder / 'profile').as_uri()}",
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
