"""An executed notebook → one Document: what every exporter reads.

The report is what the notebook shows: its Markdown cells as prose, and its outputs' blocks
(the package's sections, an analyst's DataFrames and figures) in order. Never in the report:
code, streams, errors, cells tagged `remove-cell`, the outputs of cells tagged `remove-output`.
Tables and figures are numbered here, once, for every format.
"""

from __future__ import annotations

from typing import Any

from kulturdialog import blocks as b
from kulturdialog import cells, prose
from kulturdialog.errors import RenderError

SHOWN = ("display_data", "execute_result")


class MissingAlt(RenderError):
    """A figure without a text alternative (WCAG 1.1.1): an error in a render."""


def document(nb: Any, name: str = "notebook", strict: bool = True) -> b.Document:
    """The report that the executed notebook `nb` shows; `name` is used in messages.

    With `strict`, a figure without a text alternative is an error naming the cell and the fix;
    without (the live preview), it shows as a visible warning on the page.
    """
    content: list[b.Block] = []
    for index, cell in enumerate(nb.cells, start=1):
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags or "parameters" in tags or "injected-parameters" in tags:
            continue
        if cell.cell_type == "markdown":
            content.extend(prose.blocks(cell.source))
        elif cell.cell_type == "code" and "remove-output" not in tags:
            options = cells.options(cell.source)
            found = [x for out in cell.get("outputs", []) for x in _output_blocks(out)]
            content.extend(_checked(cells.apply(found, options), name, index, strict))
    content = b.number(_titled(content, nb, name))
    title = next(x for x in content if isinstance(x, b.Title))
    return b.Document(title.info, content)


def _output_blocks(output: Any) -> list[b.Block]:
    if output.get("output_type") not in SHOWN:
        return []  # streams (print, warnings, logging) and errors are for the analyst
    data = output.get("data", {})
    if b.MIME in data:
        return b.loads(data[b.MIME])
    if "image/svg+xml" in data:  # a figure shown without the package's formatter
        svg = data["image/svg+xml"]
        return [b.Figure("", "", svg if isinstance(svg, str) else "".join(svg))]
    return []


def _checked(found: list[b.Block], name: str, index: int, strict: bool) -> list[b.Block]:
    out: list[b.Block] = []
    for block in found:
        if isinstance(block, b.Figure) and not block.alt.strip():
            message = (
                f"{name}: cell {index} shows a figure without a text alternative; add a line "
                f'`#| fig-alt: "what the figure shows, with its key numbers"` at the top of '
                f"the cell"
            )
            if strict:
                raise MissingAlt(message, "assemble")
            out.append(b.Note((b.Span(message),), "warning", "en"))
        out.append(block)
    return out


def _titled(content: list[b.Block], nb: Any, name: str) -> list[b.Block]:
    """The blocks with one Title first: the notebook's own, else from its first level-1 heading."""
    if any(isinstance(x, b.Title) for x in content):
        return content
    first = next((x for x in content if isinstance(x, b.Heading) and x.level == 1), None)
    meta = nb.metadata.get("kulturdialog", {})
    info = b.DocInfo(
        title=meta.get("title") or (first.text if first else name),
        year=meta.get("year"),
        date=meta.get("date"),
        diarienummer=meta.get("diarienummer"),
        language=meta.get("language", "sv"),
        description=meta.get("description", ""),
    )
    rest = [x for x in content if x is not first]
    return [b.Title(info), b.Contents(), *rest]
