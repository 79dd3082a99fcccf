"""Executed notebook → stand-alone HTML (nbconvert) → PDF (WeasyPrint), from the same content."""

from __future__ import annotations

import base64
import logging
import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.preprocessors import Preprocessor

from kulturdialog import i18n
from kulturdialog.errors import RenderError
from kulturdialog.outputs import TOC_KEY
from kulturdialog.paths import ASSETS_DIR, TEMPLATES_DIR

log = logging.getLogger(__name__)

FONT_FACES = (
    ("Regular", 400, "normal"),
    ("Semibold", 600, "normal"),
    ("Bold", 700, "normal"),
    ("It", 400, "italic"),
)
PDF_VARIANT = "pdf/a-2a"  # archival and accessible ("a": tagged, with a structure tree)
PDF_LANGUAGE = i18n.SWEDISH.tag  # the default; the page's <html lang> chooses
HTML_LANG = re.compile(r'<html lang="([^"]+)"')


class ReportPreprocessor(Preprocessor):
    """Keep only the report's HTML outputs; gather the table of contents and title block."""

    def preprocess(self, nb, resources):
        toc, doc, listed = [], {}, []
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            kept = []
            for output in cell.get("outputs", []):
                if output.get("output_type") not in ("display_data", "execute_result"):
                    continue  # streams and warnings are for the analyst, not the reader
                if "text/html" not in output.get("data", {}):
                    continue
                meta = output.get("metadata", {}).get(TOC_KEY, {})
                toc += meta.get("toc") or []
                listed += meta.get("listed") or []
                doc = meta.get("doc") or doc
                kept.append(
                    nbformat.v4.new_output(
                        "display_data", data=output["data"], metadata=output.get("metadata", {})
                    )
                )
            cell.outputs = kept
        if not doc:
            raise RenderError("the notebook produced no title block (report.title_block())", "html")
        lang = i18n.language(doc.get("language", i18n.DEFAULT))
        css = (ASSETS_DIR / "report.css").read_text(encoding="utf-8")
        if lang.css:  # the language's own words in the stylesheet (the page footer)
            css += "\n" + (ASSETS_DIR / lang.css).read_text(encoding="utf-8")
        resources["kd"] = {
            "toc": toc,
            "tables": [e for e in listed if e["kind"] == "table"],
            "figures": [e for e in listed if e["kind"] == "figure"],
            "title": doc["title"],
            "date": doc["date"],
            "description": lang("description", year=doc["year"]),
            "css": css,
            "fonts": _font_faces(),
            "lang": lang.code,
            "t": dict(lang.strings),  # the page's own words: skip link, contents, author
        }
        return nb, resources


def document_info(nb) -> dict:
    """The title block's facts (title, diarienummer, year, date) from an executed notebook."""
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            doc = output.get("metadata", {}).get(TOC_KEY, {}).get("doc")
            if doc:
                return doc
    raise RenderError("the notebook produced no title block (report.title_block())", "html")


def _font_faces(embedded: bool = True) -> str:
    """@font-face rules: WOFF2 embedded in the page; for the PDF the same subsets as TrueType."""
    rules = []
    for style, weight, slant in FONT_FACES:
        if embedded:
            data = (ASSETS_DIR / "fonts" / f"SourceSans3-{style}-latin.woff2").read_bytes()
            src = f'url("data:font/woff2;base64,{base64.b64encode(data).decode()}") format("woff2")'
        else:
            src = f'url("fonts/SourceSans3-{style}-latin.ttf") format("truetype")'
        rules.append(
            f'@font-face {{ font-family: "Source Sans 3"; src: {src}; '
            f"font-weight: {weight}; font-style: {slant}; }}"
        )
    return "\n".join(rules)


def to_html(nb: nbformat.NotebookNode) -> str:
    """The report page: the notebook's HTML outputs in the project's own template."""
    exporter = HTMLExporter(
        template_name="kulturdialog",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    exporter.register_preprocessor(ReportPreprocessor(), enabled=True)
    html, _ = exporter.from_notebook_node(nb)
    return html


def _own_assets_fetcher():
    """A WeasyPrint URL fetcher for data: URIs and the package's own assets, nothing else."""
    from weasyprint.urls import URLFetcher

    class OwnAssetsFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("file://"):
                path = Path(url[7:].split("?")[0]).resolve()
                if not path.is_relative_to(ASSETS_DIR.resolve()):
                    raise ValueError(f"blocked: the report loads only its own assets, not {url}")
            return super().fetch(url, headers)

    return OwnAssetsFetcher(allowed_protocols={"data", "file"}, allow_redirects=False)


def _language(tag: str):
    """WeasyPrint finisher: the document language as a full tag (sv-SE), as archives expect."""

    def finish(document, pdf) -> None:
        import pydyf

        pdf.catalog["Lang"] = pydyf.String(tag)

    return finish


def pdf_language(html: str) -> str:
    """The PDF's /Lang for the report page: its `<html lang>` with a region (sv → sv-SE)."""
    found = HTML_LANG.search(html)
    return i18n.from_tag(found.group(1) if found else None).tag


def to_pdf(html: str, target: Path, language: str | None = None) -> None:
    """Write the PDF from the report HTML: A4, PDF/A-2a (archival, tagged), fonts embedded.

    `language` is the PDF's /Lang (e.g. "en-GB"); by default the page's `<html lang>` says.
    """
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    # Same page, same glyphs; TrueType instead of WOFF2 spares WeasyPrint the decompression.
    html = html.replace(_font_faces(embedded=True), _font_faces(embedded=False))
    document = HTML(string=html, base_url=str(ASSETS_DIR) + "/", url_fetcher=_own_assets_fetcher())
    document.write_pdf(
        target,
        font_config=FontConfiguration(),
        finisher=_language(language or pdf_language(html)),
        pdf_variant=PDF_VARIANT,
        pdf_tags=True,
        pdf_identifier=b"kulturdialog",  # not random: equal inputs give equal bytes
        custom_metadata=True,
    )
