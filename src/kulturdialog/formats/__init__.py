"""The output formats: one small exporter class per format, in a registry.

Every exporter reads the same `blocks.Document`; adding a format is one module that subclasses
`Exporter`, plus its tests, and one line in `REGISTRY`. nbconvert's exporters are the model.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import ClassVar

from kulturdialog.content.blocks import Document


class Exporter:
    """Writes a document in one format and checks a written file."""

    name: ClassVar[str]  # as in --formats: html, pdf, docx
    extension: ClassVar[str]  # the file's extension, without the dot
    description: ClassVar[str] = ""

    def output(self, stem: str) -> str:
        """The name of what `write` makes for a report named `stem` (a file, or a folder)."""
        return f"{stem}.{self.extension}"

    def prepare(self) -> None:
        """Load what the first write needs (templates, fonts); a render calls it while the
        kernel boots, so the write itself is quick."""

    def write(self, document: Document, target: Path) -> None:
        """Write `document` to `target` (a new file; the caller publishes it)."""
        raise NotImplementedError

    def check(self, path: Path) -> list[str]:
        """What is wrong with a written file, read back (an empty list: nothing found)."""
        raise NotImplementedError


# name → "module:Class"; imported on first use, so a render imports only the formats it writes
REGISTRY: dict[str, str] = {
    "html": "kulturdialog.formats.html:HtmlExporter",
    "pdf": "kulturdialog.formats.pdf:PdfExporter",
    "docx": "kulturdialog.formats.docx:DocxExporter",
    "files": "kulturdialog.formats.files:FilesExporter",
}
DEFAULT = tuple(REGISTRY)


def exporter(name: str) -> Exporter:
    """The exporter registered as `name`."""
    module, cls = REGISTRY[name].split(":")
    return getattr(importlib.import_module(module), cls)()
