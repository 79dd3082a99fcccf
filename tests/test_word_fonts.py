"""The report's font embedded in the Word file (ECMA-376 Part 1 §17.8.1): the parts give back the
font files, and LibreOffice sets the text in them on a machine without Source Sans 3."""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from documents import sample_document
from docx import Document as read_docx
from external import libreoffice
from pypdf import PdfReader

from kulturdialog.data.characters import FONTS_DIR
from kulturdialog.formats.docx import DocxExporter
from kulturdialog.formats.word_fonts import obfuscated

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
STYLES = {
    "embedRegular": "SourceSans3-Regular-latin.ttf",
    "embedBold": "SourceSans3-Bold-latin.ttf",
    "embedItalic": "SourceSans3-It-latin.ttf",
}


def word_file() -> bytes:
    """The sample document as a .docx, without page numbers (no layout needed here)."""
    return DocxExporter().package(sample_document("sv"), lambda mark: None)


def deobfuscated(part: bytes, font_key: str) -> bytes:
    """The spec's reading, as LibreOffice does it: key byte i is the hex pair at position
    35 - 2i of "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}" (dashes skipped), i.e. the GUID's bytes
    from the last; XOR the first two 16-byte blocks with it."""
    positions = (35, 33, 31, 29, 27, 25, 22, 20, 17, 15, 12, 10, 7, 5, 3, 1)
    key = [int(font_key[p : p + 2], 16) for p in positions]
    head = bytes(byte ^ key[i % 16] for i, byte in enumerate(part[:32]))
    return head + part[32:]


def test_obfuscation_xors_the_first_32_bytes_with_the_guid_reversed():
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    reversed_guid = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert obfuscated(bytes(40), key) == reversed_guid * 2 + bytes(8)
    assert obfuscated(obfuscated(b"x" * 50, key), key) == b"x" * 50


def test_each_style_is_embedded_and_gives_back_the_font_file():
    data = word_file()
    package = zipfile.ZipFile(io.BytesIO(data))
    table = read_docx(io.BytesIO(data)).part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    )
    entry = re.search(rb'<w:font w:name="Source Sans 3">.*?</w:font>', table.blob)
    assert entry, "no Source Sans 3 in the font table"
    embedded = re.findall(
        rb'<w:(embed\w+) r:id="(rId\d+)" w:fontKey="(\{[0-9A-F-]{36}\})"/>', entry[0]
    )
    assert [name.decode() for name, _, _ in embedded] == list(STYLES)
    assert b'<w:altName w:val="Arial"/>' in entry[0]
    content_types = package.read("[Content_Types].xml").decode()
    for name, rId, key in embedded:
        rel = table.rels[rId.decode()]
        assert rel.reltype == FONT_REL
        part = rel.target_part
        assert re.fullmatch(r"/word/fonts/font\d\.odttf", part.partname)
        assert f'PartName="{part.partname}" ContentType="{OBFUSCATED_FONT}"' in content_types
        font = (FONTS_DIR / STYLES[name.decode()]).read_bytes()
        assert part.blob != font  # obfuscated
        assert deobfuscated(part.blob, key.decode()) == font
    assert "<w:embedTrueTypeFonts/>" in package.read("word/settings.xml").decode()


def test_font_keys_come_from_the_fonts_not_the_clock():
    first, second = (zipfile.ZipFile(io.BytesIO(word_file())) for _ in range(2))
    table = first.read("word/fontTable.xml")
    assert b"w:fontKey" in table and table == second.read("word/fontTable.xml")


@pytest.mark.e2e
def test_libreoffice_sets_the_text_in_the_embedded_font(tmp_path):
    """LibreOffice's PDF of the Word file has its text in Source Sans 3 (regular, bold, italic),
    not in a substitute (this machine has no Source Sans 3 installed: Noto Sans before)."""
    source = tmp_path / "sample.docx"
    source.write_bytes(word_file())
    reader = PdfReader(libreoffice(source, "pdf"))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    # besides the list bullets' symbol font and the Code style's monospace
    text_fonts = {name for name in names if "Symbol" not in name and "Mono" not in name}
    assert text_fonts == {"SourceSans3-Regular", "SourceSans3-Bold", "SourceSans3-It"}, names
