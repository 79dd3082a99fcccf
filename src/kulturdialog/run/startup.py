"""What the CLI's own processes leave out when they start (never a kernel's)."""

from __future__ import annotations

import sys


def spare_unused_imports() -> None:
    """Keep jsonschema's IRI format checker out of this process: importing it builds a grammar
    (0.7 s of papermill's 1 s import), and nothing here uses it, since nbformat's schemas check
    no formats. For the CLI's own processes only; a kernel, a notebook's code, is left alone."""
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
