"""Low-level OOXML for the Word export: elements python-docx has no property for, and the zip.

Borders, shading, languages, complex fields (PAGE, TOC, PAGEREF) and bookmarks are built here and
put at their place in the schema's child order. `reproducible_zip` rewrites the saved package so
that the same document gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from kulturdialog.data import characters
from kulturdialog.lang import i18n

EPOCH = (1980, 1, 1, 0, 0, 0)


def _names(names: str) -> tuple[str, ...]:
    return tuple(names.split())


# pPr, rPr, tblPr and tcPr children in schema order, for inserting elements at their place
PPR_ORDER = _names(
    "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr "
    "w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap "
    "w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd "
    "w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap w:jc "
    "w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId w:cnfStyle w:rPr "
    "w:sectPr w:pPrChange"
)
RPR_ORDER = _names(
    "w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps w:smallCaps w:strike w:dstrike w:outline "
    "w:shadow w:emboss w:imprint w:noProof w:snapToGrid w:vanish w:webHidden w:color w:spacing "
    "w:w w:kern w:position w:sz w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText "
    "w:vertAlign w:rtl w:cs w:em w:lang w:eastAsianLayout w:specVanish w:oMath"
)
TBLPR_ORDER = _names(
    "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize w:tblStyleColBandSize "
    "w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar w:tblLook "
    "w:tblCaption w:tblDescription w:tblPrChange"
)
TCPR_ORDER = _names(
    "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar "
    "w:textDirection w:tcFitText w:vAlign w:hideMark"
)


def literal(value: object) -> str:
    """Text from the data as run text: everything kept except what no format can carry."""
    return characters.carriable(str(value))


def tag(code: str | None) -> str | None:
    """A language code as Word wants it: sv → sv-SE, en → en-GB; other tags as given."""
    if not code:
        return None
    lang = i18n.LANGUAGES.get(code.split("-")[0].lower())
    return lang.tag if lang and "-" not in code else code


def insert(parent: Any, element: Any, order: tuple[str, ...]) -> None:
    """Put `element` into `parent` at its place in the schema's child `order` (replacing)."""
    name = element.tag
    for old in parent.findall(name):
        parent.remove(old)
    later = order[order.index("w:" + name.split("}")[1]) + 1 :]
    parent.insert_element_before(element, *later)


def el(element_name: str, **attrs: object) -> Any:
    """A `w:` element with `w:` attributes."""
    element = OxmlElement(element_name)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), str(value))
    return element


def border(name: str, size: int, color: str, space: int = 0) -> Any:
    return el(name, val="single" if size else "nil", sz=size, space=space, color=color)


def pbdr(**sides: tuple[int, str, int]) -> Any:
    """Paragraph borders: side → (size, colour, space)."""
    borders = el("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            size, color, space = sides[side]
            borders.append(border(f"w:{side}", size, color, space))
    return borders


def fonts(name: str) -> Any:
    return el("w:rFonts", ascii=name, hAnsi=name, cs=name, eastAsia=name)


def set_lang(rpr: Any, code: str | None) -> None:
    if code:
        insert(rpr, el("w:lang", val=code), RPR_ORDER)


# -- fields and bookmarks -------------------------------------------------------------------------
def fld_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    run.append(el("w:fldChar", fldCharType=kind))
    return run


def _instr(text: str) -> Any:
    run = OxmlElement("w:r")
    instr = OxmlElement("w:instrText")
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    instr.text = f" {text} "
    run.append(instr)
    return run


def field_start(p: Any, instr: str) -> None:
    p.append(fld_char("begin"))
    p.append(_instr(instr))
    p.append(fld_char("separate"))


def field(p: Any, instr: str, cached: str) -> None:
    """A complex field (PAGE, NUMPAGES) with its last result."""
    field_start(p, instr)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = cached
    run.append(text)
    p.append(run)
    p.append(fld_char("end"))


def page_ref(p: Any, bookmark: str, page: str) -> None:
    """A tab to the right margin and the page the bookmark is on (PAGEREF, its last result
    `page`; Word finds it again when the field is updated)."""
    tab = OxmlElement("w:r")
    tab.append(OxmlElement("w:tab"))
    p.append(tab)
    field(p, f"PAGEREF {bookmark} \\h", page)


def bookmark(p: Any, number: int, name: str) -> None:
    """Bookmark `name` (id `number`) around the content of the `w:p` element `p`."""
    start = el("w:bookmarkStart", id=number, name=name)
    end = el("w:bookmarkEnd", id=number)
    ppr = p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        p.insert(0, start)
    p.append(end)


# -- the package ----------------------------------------------------------------------------------
def strip_revision_ids(root: Any) -> None:
    """Drop every `w:rsid*` attribute under `root` (Word's editing session ids)."""
    for element in root.iter():
        for key in list(element.attrib):
            if key.split("}")[-1].startswith("rsid"):
                del element.attrib[key]


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The package rewritten: sorted entries ([Content_Types].xml first), fixed times and modes."""
    stamp = (when.year, when.month, when.day, 0, 0, 0) if when.year >= 1980 else EPOCH
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {info.filename: source.read(info) for info in source.infolist()}
    first = ["[Content_Types].xml", "_rels/.rels"]
    order = [n for n in first if n in entries] + sorted(n for n in entries if n not in first)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            target.writestr(info, entries[name], compresslevel=9)
    return out.getvalue()
