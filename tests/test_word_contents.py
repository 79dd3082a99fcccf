"""The Word file's contents: page numbers that agree with LibreOffice's layout, no instruction.

The numbers are found from LibreOffice's PDF of the file (formats/word_pages.py, by the bookmarks'
named destinations); the end-to-end test checks them another way, by where each heading's and
caption's text stands on its own lines in an independent conversion of the published file.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import copy_project, render_in
from docx import Document as open_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Cm, Length, Pt
from external import command, libreoffice
from pypdf import PdfWriter
from pypdf.generic import Fit
from reading import pdf_pages, squash

from kulturdialog.formats import word_pages

CONTENTS_STYLES = ("toc 1", "toc 2", "toc 3", "table of figures")
INSTRUCTIONS = ("F9", "Ctrl+A")


# -- reading the contents back --------------------------------------------------------------------
def contents_entries(source: Path | bytes) -> list[tuple[str, str | None]]:
    """(text, page number written in the file or None) of every entry of the contents."""
    entries = []
    opened = io.BytesIO(source) if isinstance(source, bytes) else str(source)
    for p in open_docx(opened).paragraphs:
        if p.style is not None and p.style.name in CONTENTS_STYLES:
            text, _, page = p.text.partition("\t")
            entries.append((text, page or None))
    return entries


def printed_numbers(pages: list[str], texts: list[str]) -> list[str | None]:
    """The number the contents pages show after each entry (leader dots between), in order."""
    shown = squash(" ".join(pages))
    numbers: list[str | None] = []
    position = 0
    for text in texts:
        found = shown.find(squash(text), position)
        assert found >= 0, f"{text!r} not in the contents"
        position = found + len(squash(text))
        number = re.match(r"\.*(\d+)", shown[position:])
        numbers.append(number.group(1) if number else None)
    return numbers


def after_contents(pages: list[str], last: str) -> list[str]:
    """The pages with everything up to the contents' `last` entry blanked: the body, which may
    start on the contents' last page (a brief's contents stand under its title)."""
    target = squash(last)
    for index, page in enumerate(pages):
        lines = page.splitlines()
        seen = ""
        for n, line in enumerate(lines):
            seen += squash(line)
            if target in seen:
                return [""] * index + ["\n".join(lines[n + 1 :])] + pages[index + 1 :]
    raise AssertionError(f"{last!r} not in the contents")


def page_of_lines(pages: list[str], text: str) -> int | None:
    """The page (from 1) where `text` first stands on lines of its own: a heading or caption,
    not a mention of it in running text."""
    target = squash(text)
    for index, page in enumerate(pages):
        lines = [squash(line) for line in page.splitlines()]
        for start in range(len(lines)):
            joined = ""
            for line in lines[start:]:
                joined += line
                if len(joined) >= len(target):
                    break
            if joined == target:
                return index + 1
    return None


def document_text(path: Path) -> str:
    """The text of every XML part of the package (body, headers, footers, properties)."""
    with zipfile.ZipFile(path) as package:
        parts = [n for n in package.namelist() if n.endswith(".xml")]
        return " ".join(" ".join(ET.fromstring(package.read(n)).itertext()) for n in parts)


# -- unit: bookmarks to pages ---------------------------------------------------------------------
def test_destination_names_as_libreoffice_writes_them():
    # seen in LibreOffice 7.4's PDFs of Word files with these bookmarks
    assert word_pages.destination_name("inledning") == "inledning"
    assert word_pages.destination_name("_Toc_kd0011") == "5FToc5Fkd0011"
    assert word_pages.destination_name("tema_pandemic_effects") == "tema5Fpandemic5Feffects"
    assert word_pages.destination_name("jämför") == "j25C325A4mf25C325B6r"


def _pdf_with_destinations(pages: int, destinations: dict[str, int]) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    for name, page in destinations.items():
        writer.add_named_destination(name, page - 1, Fit.xyz(70, 700))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_bookmark_pages_read_named_destinations():
    pdf = _pdf_with_destinations(5, {"inledning": 3, "5FToc5Fkd0001": 5, "tabell5F1": 3})
    assert word_pages.bookmark_pages(pdf) == {"inledning": 3, "5FToc5Fkd0001": 5, "tabell5F1": 3}


def _contents(entries: dict[str, str], page_of) -> bytes:
    """A Word file whose contents are `entries` (bookmark → text) in style toc 2, as the
    report's, with the numbers `page_of` gives after a tab."""
    document = open_docx()
    style = document.styles.add_style("toc 2", WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(10.5)
    style.paragraph_format.left_indent = Cm(0.6)
    for mark, text in entries.items():
        page = page_of(mark)
        document.add_paragraph(text if page is None else f"{text}\t{page}", style="toc 2")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


SHORT = {"a": "Inledning", "b": "Årets dialoger i siffror"}


def near_the_edge(digits_clear: float) -> str:
    """Words that fill a contents line of toc 2 to `digits_clear` digit widths from its end."""
    font = word_pages._font(False, Pt(10.5))
    width = Length(word_pages.TEXT_WIDTH - Cm(0.6)).pt - digits_clear * font.getlength("0")
    text = "Samverkan"
    while font.getlength(text + " och") <= width:
        text += " och"
    while font.getlength(text + "i") <= width:  # to within an i (under half a digit)
        text += "i"
    return text


def _laid_out(monkeypatch, layouts: list[dict[str, int]], entries=SHORT) -> list[tuple]:
    """numbered() with LibreOffice's layouts replaced by `layouts`, one after the other: the
    numbers of each document it writes (for bookmarks a and b), and those of the one it returns."""
    pages = iter(layouts)
    monkeypatch.setattr(word_pages, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(word_pages, "lay_out", lambda docx, soffice: docx)
    monkeypatch.setattr(word_pages, "bookmark_pages", lambda pdf: next(pages))
    written = []

    def build(page_of):
        written.append((page_of("a"), page_of("b")))
        return _contents(entries, page_of)

    returned = word_pages.numbered(build)
    written.append(tuple(page or None for _, page in contents_entries(returned)))
    assert next(pages, None) is None  # every layout used
    return written


def test_numbers_that_only_take_leader_dots_need_one_layout(monkeypatch):
    # 12 is wider than the placeholder, but both entries end far from the line's end
    assert _laid_out(monkeypatch, [{"a": 3, "b": 12}]) == [("0", "0"), ("3", "12"), ("3", "12")]


def test_numbers_as_wide_as_the_placeholders_need_one_layout(monkeypatch):
    layouts = [{"a": 1, "b": 3}]
    assert _laid_out(monkeypatch, layouts) == [("0", "0"), ("1", "3"), ("1", "3")]


def test_an_entry_near_the_line_end_is_laid_out_again_until_the_numbers_hold(monkeypatch):
    # a two-digit number no longer fits after b's last line: b wraps, the contents grow, and
    # LibreOffice's second layout moves b's heading; the third confirms it
    entries = {"a": "Inledning", "b": near_the_edge(digits_clear=2.5)}
    layouts = [{"a": 3, "b": 12}, {"a": 3, "b": 13}, {"a": 3, "b": 13}]
    assert _laid_out(monkeypatch, layouts, entries) == [
        ("0", "0"),
        ("3", "12"),
        ("3", "13"),
        ("3", "13"),
    ]


def test_numbers_fit_measures_each_entrys_last_line():
    def numbers(page):
        return lambda _mark: page

    assert word_pages.numbers_fit(_contents(SHORT, numbers("12")))
    clear = {"a": near_the_edge(digits_clear=6)}
    assert word_pages.numbers_fit(_contents(clear, numbers("12")))
    assert not word_pages.numbers_fit(_contents(clear, numbers("1234")))  # 4 + 3 spare > 6
    # two lines: the second holds the last word alone, far from the end
    wrapped = {"a": near_the_edge(digits_clear=6) + " och sedan"}
    assert word_pages.numbers_fit(_contents(wrapped, numbers("12")))
    # a break a hair from the edge: another layout could break elsewhere, so unsure
    at_edge = {"a": near_the_edge(digits_clear=0.1) + " och"}
    assert not word_pages.numbers_fit(_contents(at_edge, numbers("1")))


def test_a_pdf_without_destinations_gives_no_numbers(monkeypatch):
    assert _laid_out(monkeypatch, [{}]) == [("0", "0"), (None, None), (None, None)]


def test_each_process_reuses_its_libreoffice_profiles(monkeypatch):
    with word_pages._profile() as first, word_pages._profile() as second:  # two at once
        assert second != first
    with word_pages._profile() as again:
        assert again in (first, second)
        assert again.is_dir()
    monkeypatch.setattr(word_pages, "_profiles_of", -1)  # as in a forked process
    with word_pages._profile() as forked:
        assert forked not in (first, second)


def test_conversions_share_one_profile(monkeypatch, tmp_path):
    calls = tmp_path / "calls"
    fake = tmp_path / "soffice"
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$1" >> {calls}\n'
        "for last; do :; done\n"
        'out=$(dirname "$last")\n'
        'cp "$last" "$out/report.pdf"\n'
    )
    fake.chmod(0o755)
    assert word_pages.lay_out(b"one", str(fake)) == b"one"
    assert word_pages.lay_out(b"two", str(fake)) == b"two"
    first, second = calls.read_text().splitlines()
    assert first == second and first.startswith("-env:UserInstallation=file://")


def test_an_unreadable_pdf_gives_no_numbers(monkeypatch):
    monkeypatch.setattr(word_pages, "find_soffice", lambda: "soffice")
    monkeypatch.setattr(word_pages, "lay_out", lambda docx, soffice: b"%PDF-1.7 not a PDF")
    assert word_pages.numbered(lambda page_of: repr(page_of("a")).encode()) == b"None"


def test_numbered_without_libreoffice_writes_no_numbers(monkeypatch):
    monkeypatch.setenv(word_pages.SWITCH, "0")
    assert word_pages.numbered(lambda page_of: repr(page_of("a")).encode()) == b"None"


def test_a_failed_layout_writes_no_numbers(monkeypatch, tmp_path):
    broken = tmp_path / "soffice"
    broken.write_text("#!/bin/sh\nexit 1\n")
    broken.chmod(0o755)
    monkeypatch.setattr(word_pages, "find_soffice", lambda: str(broken))
    assert word_pages.numbered(lambda page_of: repr(page_of("a")).encode()) == b"None"


def _office_cpu_seconds(office: Path) -> float:
    """CPU seconds of the soffice.bin processes running on `office`'s profile."""
    total = 0.0
    for proc in Path("/proc").iterdir():
        try:
            command = (proc / "cmdline").read_bytes()
            fields = (proc / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        if b"soffice.bin" in command and str(office).encode() in command:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


@pytest.mark.e2e
def test_a_kept_libreoffice_lays_out_many_word_files_as_one_started_for_each():
    from documents import sample_document

    from kulturdialog.formats.docx import DocxExporter

    soffice = command("soffice")
    docx = DocxExporter().package(sample_document(), word_pages.placeholder)
    cold = word_pages.bookmark_pages(word_pages.lay_out(docx, soffice))
    with word_pages.kept_office() as office:
        assert office is not None
        word_pages.use_office(office)
        try:
            first = word_pages.bookmark_pages(word_pages.lay_out(docx, soffice))
            before = _office_cpu_seconds(office)
            again = [word_pages.bookmark_pages(word_pages.lay_out(docx, soffice)) for _ in "ab"]
            busy = _office_cpu_seconds(office) - before
        finally:
            word_pages.use_office(None)
    assert len(cold) >= 3 and first == cold and again == [cold, cold]
    assert busy > 0.1  # the kept LibreOffice laid them out: none was started for them
    assert not office.exists() and _office_cpu_seconds(office) == 0  # ended, and cleaned up


def test_a_libreoffice_that_cannot_be_kept_leaves_each_layout_to_a_start_of_its_own(
    monkeypatch, tmp_path
):
    calls = tmp_path / "calls"
    fake = tmp_path / "soffice"  # ends at once: as the kept office, it is never ready
    fake.write_text(
        "#!/bin/sh\n"
        f'echo "$1" >> {calls}\n'
        "for last; do :; done\n"
        'cp "$last" "$(dirname "$last")/report.pdf"\n'
    )
    fake.chmod(0o755)
    monkeypatch.setattr(word_pages, "find_soffice", lambda: str(fake))
    with word_pages.kept_office() as office:
        assert office is not None
        word_pages.use_office(office)
        try:
            assert word_pages.lay_out(b"one", str(fake)) == b"one"
        finally:
            word_pages.use_office(None)
        assert (office / "failed").exists()
    kept, laid_out = calls.read_text().splitlines()
    assert kept == f"-env:UserInstallation={(office / 'profile').as_uri()}"
    assert laid_out != kept and laid_out.startswith("-env:UserInstallation=file://")


def test_no_kept_libreoffice_unless_wanted_or_switched_off(monkeypatch):
    with word_pages.kept_office(wanted=False) as office:
        assert office is None
    monkeypatch.setenv(word_pages.SWITCH, "0")
    with word_pages.kept_office() as office:
        assert office is None


@pytest.mark.e2e
def test_no_kept_libreoffice_where_processes_have_no_groups_to_end_it(monkeypatch):
    """Windows has no os.killpg: a kept LibreOffice could not be ended with its soffice.bin."""
    command("soffice")  # with LibreOffice there, only the missing process groups say no
    monkeypatch.delattr(word_pages.os, "killpg")
    with word_pages.kept_office() as office:
        assert office is None


# -- end to end: the 2021 report ------------------------------------------------------------------
@pytest.fixture(scope="module")
def profile_0180(tmp_path_factory) -> Path:
    """Stockholm's 2021 profile in Word: a brief, its contents under the title, one layout."""
    root = copy_project(tmp_path_factory.mktemp("word_profile") / "project")
    overrides = {"municipality": "0180"}
    rendered = render_in(root, 2021, "municipality_profile", overrides=overrides, formats=("docx",))
    return rendered.folder / "municipality_profile-0180.docx"


WORD_FILES = {  # a fixture and the Word file in its folder
    "annual_summary-sv": ("_rendered_template", "reports/2021/annual_summary.docx"),
    "annual_summary-en": ("rendered_2021_en", "reports/2021/annual_summary.docx"),
    "municipality_profile-0180": ("profile_0180", ""),
}


@pytest.fixture(scope="module", params=list(WORD_FILES))
def laid_out(request, tmp_path_factory):
    """A published Word file (a copy) and the text of LibreOffice's PDF of it, by page."""
    fixture, path = WORD_FILES[request.param]
    published = request.getfixturevalue(fixture) / path
    source = tmp_path_factory.mktemp("word_contents") / published.name
    shutil.copyfile(published, source)
    return source, pdf_pages(libreoffice(source, "pdf"))


@pytest.mark.e2e
def test_every_entry_has_the_page_of_its_heading_in_libreoffices_layout(laid_out):
    source, pages = laid_out
    entries = contents_entries(source)
    texts = [text for text, _ in entries]
    assert len(entries) >= 5
    body = after_contents(pages, texts[-1])
    contents = [page[: len(page) - len(rest)] for page, rest in zip(pages, body, strict=True)]
    shown = printed_numbers(contents, texts)
    wrong = []
    for (text, written), printed in zip(entries, shown, strict=True):
        page = page_of_lines(body, text)
        if not (page is not None and written == printed == str(page)):
            wrong.append(f"{text!r}: written {written}, shown {printed}, on page {page}")
    assert not wrong, "\n".join(wrong)


@pytest.mark.e2e
def test_no_instruction_to_press_a_key(laid_out):
    source, pages = laid_out
    for text in (document_text(source), " ".join(pages)):
        assert not [word for word in INSTRUCTIONS if word in text]


# -- without LibreOffice --------------------------------------------------------------------------
def path_without_soffice(shadow: Path) -> str:
    """PATH with every folder that holds `soffice` replaced by a copy of links without it."""
    folders = []
    for n, folder in enumerate(os.environ["PATH"].split(os.pathsep)):
        if (Path(folder) / "soffice").exists():
            copy = shadow / str(n)
            copy.mkdir(parents=True)
            for entry in Path(folder).iterdir():
                if entry.name != "soffice":
                    (copy / entry.name).symlink_to(entry)
            folder = str(copy)
        folders.append(folder)
    return os.pathsep.join(folders)


@pytest.mark.e2e
def test_without_libreoffice_the_render_succeeds_without_numbers_or_instruction(project, tmp_path):
    env = {**os.environ, "KULTURDIALOG_ROOT": str(project)}
    env["PATH"] = path_without_soffice(tmp_path / "bin")
    env.pop(word_pages.SWITCH, None)
    assert shutil.which("soffice", path=env["PATH"]) is None
    done = subprocess.run(
        [
            str(Path(sys.executable).with_name("kulturdialog")),
            "render",
            "2021",
            "--formats",
            "docx",
        ],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "no page numbers in the contents (LibreOffice, soffice, is not on PATH)" in done.stderr
    source = project / "reports/2021/annual_summary.docx"
    entries = contents_entries(source)
    assert len(entries) >= 20
    assert all(page is None for _, page in entries)
    assert not [word for word in INSTRUCTIONS if word in document_text(source)]
