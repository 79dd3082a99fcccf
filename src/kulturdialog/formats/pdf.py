"""PDF through Typst: one file that is both PDF/A-2a (archival) and PDF/UA-1 (accessible).

`templates/report.typ` is the project's own Typst program: it reads the document as JSON from
`sys.inputs` and lays it out, so text from the data is passed as strings and never parsed as
Typst markup. Typst sees only the template's folder (`root`) and the shipped fonts: the four
full Source Sans 3 fonts (not the Latin subsets the HTML embeds) and the fallback fonts for the
scripts it lacks, tried in the order of `characters.FONT_FAMILIES`. Characters no format can
carry are dropped from the text (`characters.carriable`). The date is the one the
report states, never the clock, so the same document gives the same bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import typst

from kulturdialog.content import blocks as b
from kulturdialog.content import table_layout
from kulturdialog.data import characters
from kulturdialog.formats import Exporter, typesetter
from kulturdialog.formats.typesetter import PdfError
from kulturdialog.lang import i18n
from kulturdialog.paths import TEMPLATES_DIR

if TYPE_CHECKING:
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

TEMPLATE = TEMPLATES_DIR / "report.typ"
STANDARDS: tuple[typst.PDFStandard, ...] = ("a-2a", "ua-1")
WORDS = ("contents", "tables", "figures", "table", "figure", "page_of", "author") + tuple(
    f"callout_{kind}" for kind in ("note", "tip", "important", "warning", "caution")
)
A4 = (595.28, 841.89)  # points
TEXT_WIDTH_MM = {"portrait": 210 - 2 * 22, "landscape": 297 - 2 * 22}  # report.typ's margins
TABLE_TEXT_PT = 9  # report.typ's table text


def _compiler() -> typst.Compiler:
    cache = typesetter.cache()
    compiler = cache.get("compiler")
    if compiler is None:
        compiler = typst.Compiler(
            input=str(TEMPLATE),
            root=str(TEMPLATES_DIR),
            font_paths=typesetter.fonts(),
            ignore_system_fonts=True,
        )
        cache["compiler"] = compiler
    return compiler


# -- the document as the template's input -------------------------------------------------------
def _anchored(content: list[b.Block] | tuple[b.Block, ...]) -> list[b.Block]:
    """Tables and figures with their `anchor` filled in (blocks.anchor), nested ones too."""
    out: list[b.Block] = []
    for block in content:
        if isinstance(block, b.Table | b.Figure):
            block = dataclasses.replace(block, anchor=b.anchor(block))
        elif isinstance(block, b.CONTAINERS):
            block = dataclasses.replace(block, children=tuple(_anchored(block.children)))
        out.append(block)
    return out


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def payload(document: b.Document) -> str:
    """The JSON that templates/report.typ reads from `sys.inputs.data`."""
    info = document.info
    lang = i18n.language(info.language)
    blocks = _anchored(document.blocks)
    doc = b.Document(info, blocks)
    anchors: dict[str, int] = {}
    for block in b.walk(blocks):
        name = block.anchor if isinstance(block, b.Heading | b.Table | b.Figure) else ""
        if name:
            anchors[name] = anchors.get(name, 0) + 1
    date = _date(info.date)
    keywords = [k for k in (info.diarienummer, str(info.year) if info.year else None) if k]
    data = {
        "document": _with_layout(doc.to_json()),
        "words": {key: lang.strings[key] for key in WORDS},
        "tag": lang.tag,
        "anchors": sorted(name for name, count in anchors.items() if count == 1),
        "tables": len(doc.tables()),
        "figures": sum(1 for f in doc.figures() if f.number is not None),
        "date": None if date is None else {"year": date.year, "month": date.month, "day": date.day},
        "keywords": keywords,
        "fonts": list(characters.FONT_FAMILIES),
        "footnotes": _footnotes(blocks),
        "dashed_word": table_layout.DASHED_WORD.pattern,
        "first_rows": table_layout.FIRST_ROWS,
        "last_rows": table_layout.LAST_ROWS,
    }
    return json.dumps(_carriable(data), ensure_ascii=False, sort_keys=True)


def _footnotes(blocks: list[b.Block]) -> dict[str, list]:
    """Each footnote's text by its anchor: the template sets it where it is referenced."""
    return {
        b.footnote_anchor(number): b.to_json(b.Paragraph(content))["content"]
        for block in b.walk(blocks)
        if isinstance(block, b.Footnotes)
        for number, content in block.numbered()
    }


def _em_across(orientation: str) -> float:
    """The text width of a page, in em of a table's text."""
    return TEXT_WIDTH_MM[orientation] / 25.4 * 72 / TABLE_TEXT_PT


def _with_layout(value: object) -> object:
    """The document's JSON with each table's column `widths` (shares of the text width, by
    content/table_layout) and `landscape` set where it is too wide for a portrait page."""
    if isinstance(value, list):
        return [_with_layout(item) for item in value]
    if not isinstance(value, dict):
        return value
    out = {key: _with_layout(item) for key, item in value.items()}
    if value.get("type") == "table":
        table = b.from_json(value)
        assert isinstance(table, b.Table)
        portrait = _em_across("portrait")
        landscape = not table_layout.fits(table, portrait) and table.role != "provenance"
        width = _em_across("landscape" if landscape else "portrait")
        out["widths"] = list(table_layout.shares(table, width))
        out["landscape"] = landscape
    return out


def _carriable(value: object) -> object:
    """JSON-ready data with every string's uncarriable characters dropped."""
    if isinstance(value, str):
        return characters.carriable(value)
    if isinstance(value, dict):
        return {key: _carriable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_carriable(item) for item in value]
    return value


def _timestamp(document: b.Document) -> dt.datetime:
    """The stated date at midnight UTC (the epoch when there is none): never the clock."""
    date = _date(document.info.date) or dt.date(1970, 1, 1)
    return dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC)


def compile_pdf(document: b.Document) -> bytes:
    """The document as PDF/A-2a + PDF/UA-1 bytes; the same document gives the same bytes."""
    with typesetter.lock:
        try:
            pdf = _compiler().compile(
                format="pdf",
                sys_inputs={"data": payload(document)},
                pdf_standards=list(STANDARDS),
                timestamp=_timestamp(document),
            )
        except typst.TypstError as err:
            raise PdfError(f"PDF: Typst could not lay out the report: {err}") from err
    return typesetter.one_file(pdf, "PDF")


# -- reading a PDF back -------------------------------------------------------------------------
def _xmp_value(xmp: str, name: str) -> str | None:
    """`pdfaid:part` as an XMP attribute or element."""
    found = re.search(rf'{name}\s*=\s*"([^"]*)"', xmp) or re.search(
        rf"<{name}>\s*([^<]*?)\s*</{name}>", xmp
    )
    return found.group(1) if found else None


def _dictionary(value: object) -> DictionaryObject:
    """`value` (an indirect reference resolved) if it is a PDF dictionary, else an empty one."""
    from pypdf.generic import DictionaryObject, PdfObject

    if isinstance(value, PdfObject):
        value = value.get_object()
    return value if isinstance(value, DictionaryObject) else DictionaryObject()


def _fonts_used(reader: PdfReader) -> tuple[set[str], set[str]]:
    """Names of the fonts the pages use, and of those not embedded."""
    names: set[str] = set()
    missing: set[str] = set()
    for page in reader.pages:
        fonts = _dictionary(_dictionary(page.get("/Resources")).get("/Font"))
        for ref in fonts.values():
            font = _dictionary(ref)
            name = str(font.get("/BaseFont", "?")).lstrip("/")
            names.add(name)
            descendants = font.get("/DescendantFonts")
            target = _dictionary(descendants[0]) if descendants else font
            descriptor = _dictionary(target.get("/FontDescriptor"))
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            if not embedded and font.get("/Subtype") != "/Type3":
                missing.add(name)
    return names, missing


def read_problems(path: Path) -> list[str]:
    """What is wrong with a written report PDF, read back with pypdf."""
    from pypdf import PdfReader
    from pypdf.generic import DictionaryObject

    name = path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        return [f"{name}: cannot be read ({err})"]
    if not data.startswith(b"%PDF-"):
        return [f"{name}: not a PDF file"]
    problems = []
    if b"%%EOF" not in data[-1024:]:
        problems.append(f"{name}: the file is cut short (no %%EOF at the end)")
    try:
        reader = PdfReader(path, strict=False)
        pages = len(reader.pages)
        catalog = reader.trailer["/Root"]
        if not isinstance(catalog, DictionaryObject):
            raise TypeError(f"the catalog is a {type(catalog).__name__}, not a dictionary")
        title = _dictionary(reader.metadata).get("/Title")
        xmp_stream = catalog.get("/Metadata")
        xmp = xmp_stream.get_object().get_data().decode("utf-8", "replace") if xmp_stream else ""
        fonts, missing = _fonts_used(reader)
        box = reader.pages[0].mediabox if pages else None
        marked = _dictionary(catalog.get("/MarkInfo")).get("/Marked")
        tagged = "/StructTreeRoot" in catalog
        lang = catalog.get("/Lang")
    except Exception as err:  # pypdf raises many kinds for a broken file
        return [*problems, f"{name}: cannot be read as PDF ({type(err).__name__}: {err})"]
    if pages == 0:
        problems.append(f"{name}: no pages")
    if not str(title or "").strip():
        problems.append(f"{name}: no title in the document information")
    if not str(lang or "").strip():
        problems.append(f"{name}: no /Lang in the catalog")
    if not (marked and tagged):
        problems.append(f"{name}: not tagged (no /MarkInfo /Marked or no structure tree)")
    if not xmp:
        problems.append(f"{name}: no XMP metadata")
    else:
        if _xmp_value(xmp, "pdfaid:part") != "2" or _xmp_value(xmp, "pdfaid:conformance") != "A":
            problems.append(f"{name}: XMP does not declare PDF/A-2a")
        if _xmp_value(xmp, "pdfuaid:part") != "1":
            problems.append(f"{name}: XMP does not declare PDF/UA-1")
    if missing:
        problems.append(f"{name}: fonts not embedded: {', '.join(sorted(missing))}")
    if pages and not any("SourceSans3" in f for f in fonts):
        problems.append(f"{name}: Source Sans 3 is not among the fonts")
    if box is not None and (
        abs(float(box.width) - A4[0]) > 1 or abs(float(box.height) - A4[1]) > 1
    ):
        problems.append(
            f"{name}: page size {float(box.width):.0f}×{float(box.height):.0f} pt, not A4"
        )
    return problems


class PdfExporter(Exporter):
    name = "pdf"
    extension = "pdf"
    description: ClassVar[str] = "PDF/A-2a and PDF/UA-1 in one file (Typst), fonts embedded"

    def write(self, document: b.Document, target: Path) -> None:
        target.write_bytes(compile_pdf(document))

    def check(self, path: Path) -> list[str]:
        return read_problems(path)
