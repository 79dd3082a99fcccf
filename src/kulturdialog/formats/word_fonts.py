"""The report's font embedded in the Word file, as Word embeds fonts (ECMA-376 Part 1 §17.8.1).

Source Sans 3 (SIL OFL, which permits embedding; `fsType` 0, installable) in its Latin subsets
(assets/fonts/*-latin.ttf: every character of the reports, ~80 KB a style), so that Word and
LibreOffice set the text in the font the charts are drawn in on a machine without it, and
LibreOffice's layout, which gives the contents' page numbers (word_pages), is a reader's too.
Each style is a part `word/fonts/fontN.odttf`, obfuscated with a key from its own bytes (the
same font, the same key: the file stays byte-reproducible), related from the font table.
Bold italic is not shipped: Word and LibreOffice slant the bold.
"""

from __future__ import annotations

import hashlib
import uuid

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn

from kulturdialog.data.characters import FONTS_DIR
from kulturdialog.formats.word_xml import el

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
# the font table's embedding element → the style's file, in the schema's order
EMBEDDED = (
    ("w:embedRegular", "SourceSans3-Regular-latin.ttf"),
    ("w:embedBold", "SourceSans3-Bold-latin.ttf"),
    ("w:embedItalic", "SourceSans3-It-latin.ttf"),
)
OBFUSCATED_BYTES = 32


def font_key(font: bytes) -> str:
    """The font's `w:fontKey`: a (version 4) GUID from its SHA-256, in braces, as Word writes it."""
    return "{" + str(uuid.UUID(bytes=hashlib.sha256(font).digest()[:16], version=4)).upper() + "}"


def obfuscated(font: bytes, key: str) -> bytes:
    """`font` with its first 32 bytes XORed with the key's 16 bytes, which are the GUID's hex
    digits read as bytes from the last to the first (§17.8.1). Applied twice, the font again."""
    guid = bytes.fromhex(key.strip("{}").replace("-", ""))[::-1]
    head = bytes(byte ^ guid[i % len(guid)] for i, byte in enumerate(font[:OBFUSCATED_BYTES]))
    return head + font[OBFUSCATED_BYTES:]


def embed(doc: Document, font_table: Part) -> str:
    """Each style of the report's font as an obfuscated part of the package, related from
    `font_table`; returns the `w:embed…` elements for the font's `w:font` entry. The settings
    tell Word the file has fonts.

    No `w:saveSubsetFonts`: Word saving the file again keeps every Latin letter, so an editor
    can still type in the report's font what the report did not use."""
    package = doc.part.package
    elements = []
    for element_name, filename in EMBEDDED:
        font = (FONTS_DIR / filename).read_bytes()
        key = font_key(font)
        partname = package.next_partname("/word/fonts/font%d.odttf")
        part = Part(partname, OBFUSCATED_FONT, obfuscated(font, key), package)
        rId = font_table.relate_to(part, RT.FONT)
        elements.append(f'<{element_name} r:id="{rId}" w:fontKey="{key}"/>')
    settings = doc.settings.element
    zoom = settings.find(qn("w:zoom"))  # w:embedTrueTypeFonts follows w:view and w:zoom
    settings.insert(0 if zoom is None else settings.index(zoom) + 1, el("w:embedTrueTypeFonts"))
    return "".join(elements)
