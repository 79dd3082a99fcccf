"""An executed notebook → one Document: what every exporter reads.

The report is what the notebook shows: its Markdown cells as prose, and its outputs' blocks
(the package's sections, an analyst's DataFrames and figures) in order, with a cell's code where
it says `#| echo: true`. Never in the report: other code, streams (`print`, warnings, logging),
errors, a result that is text alone (`len(df)`), cells tagged `remove-cell` or marked
`#| include: false`, the outputs of cells tagged `remove-output` or marked `#| output: false`.
Anything else a cell shows that the report cannot carry (HTML, a PNG) is an error, never left
out silently, as is an unknown cell option, a table or figure without a caption and a caption
over a result that is text alone.
Tables and figures are numbered here, once, for every format; then cross-references are
resolved and footnotes numbered through (content/references.py): that needs every block.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import PurePath
from typing import Any

from kulturdialog.content import blocks as b
from kulturdialog.content import cells, prose, references
from kulturdialog.data import characters, contract
from kulturdialog.errors import RenderError
from kulturdialog.lang.i18n import language as language_of

SHOWN = ("display_data", "execute_result")
PLAIN = "text/plain"  # a result that is text alone: left out, as a `print` is


class MissingAlt(RenderError):
    """A figure without a text alternative (WCAG 1.1.1): an error in a render."""


class CellProblem(RenderError):
    """A cell's options or outputs that the report cannot follow: an error in a render."""


class UndrawableText(RenderError):
    """Text a notebook shows in a script no shipped font has (characters.uncovered): refused
    before any format is written, naming the cell and the characters with their code points."""


def document(
    nb: Any, name: str = "notebook", strict: bool = True, draft: bool = False
) -> b.Document:
    """The report that the executed notebook `nb` shows; `name` is used in messages. A `draft`
    says so on its title page ("Utkast").

    With `strict`, a figure without a text alternative is an error naming the cell and the fix;
    without (the live preview), it shows as a visible warning on the page.
    """
    content: list[b.Block] = []
    citing: list[tuple[int, str]] = []  # (cell, label) of every cross-reference
    undrawable: list[str] = []
    language = str(_parameters(nb).get("language", "sv"))
    for index, cell in enumerate(cells.authored(nb.cells), start=1):  # as its author counts
        tags = cell.get("metadata", {}).get("tags", [])
        if "remove-cell" in tags or "parameters" in tags:
            continue
        if not cells.shown_in(tags, language):
            continue
        if cell.cell_type == "markdown":
            found = prose.blocks(cell.source)
            where = f"{name}: cell {index}"
            problems = _uncaptioned(found, where) + _markdown_images(cell.source, where)
            found = [*_problems(problems, strict), *found]
        elif cell.cell_type == "code":
            found = _code_cell(cell, tags, language, f"{name}: cell {index}", strict)
        else:
            continue
        complaint = characters.uncovered_complaint("\n".join(_texts(found)))
        if complaint:
            undrawable.append(f"{name}: cell {index} ({cell.cell_type.capitalize()}) {complaint}")
            if not strict:
                found = [b.Note((b.Span(undrawable[-1]),), "warning", "en"), *found]
        citing.extend((index, label) for label in references.cited(found))
        content.extend(found)
    if undrawable and strict:
        raise UndrawableText("\n".join(undrawable), "assemble")
    content = b.unique_anchors(b.number(_titled(content, nb, name)))
    if draft:
        content = [_drafted(x) if isinstance(x, b.Title) else x for x in content]
    content = _resolved(content, citing, name, language, strict)
    title = next(x for x in content if isinstance(x, b.Title))
    return b.Document(title.info, content)


def _resolved(
    content: list[b.Block], citing: list[tuple[int, str]], name: str, language: str, strict: bool
) -> list[b.Block]:
    """The content with its cross-references resolved. A reference to an unknown label is an
    error naming the cell; without `strict` (the preview) it stays as written, with a warning."""
    known = references.targets(content)
    problems = []
    for index, label in citing:
        why = references.unknown(label, known)
        if why and f"cell {index}: {why}" not in problems:
            problems.append(f"cell {index}: {why}")
    if problems and strict:
        raise references.UnknownReference(f"{name}: {'; '.join(problems)}", "assemble")
    warnings = [b.Note((b.Span(f"{name}: {p}"),), "warning", "en") for p in problems]
    resolved = references.resolve(content, language)
    return resolved[:1] + warnings + resolved[1:]


NOT_TEXT = {"type", "svg", "alt", "link", "lang", "role", "anchor", "style", "layout", "date"}


def _texts(value: Any) -> list[str]:
    """Every text of `value` (blocks, as JSON) that a format typesets: not an image, a link's
    address, a figure's text alternative (a tag, never drawn) or a name of the model's."""
    if isinstance(value, b.Block):
        value = b.to_json(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for key, v in value.items() if key not in NOT_TEXT for t in _texts(v)]
    if isinstance(value, list | tuple):
        return [t for v in value for t in _texts(v)]
    return []


def _parameters(nb: Any) -> dict:
    """The parameters the notebook ran with (papermill records them)."""
    return dict(nb.metadata.get("papermill", {}).get("parameters", {}) or {})


def _code_cell(
    cell: Any, tags: list[str], language: str, where: str, strict: bool
) -> list[b.Block]:
    """What a code cell puts in the report: its code if echoed, then its outputs' blocks."""
    raw = cells.options(cell.source)
    problems = [f"{where}: {p}" for p in cells.problems(raw)]
    options = cells.localized(raw, language)
    if problems or not cells.flag(options, "include"):
        return _problems(problems, strict)
    out: list[b.Block] = []
    if cells.flag(options, "echo"):
        out.append(b.Code(cells.code(cell.source)))
    if "remove-output" in tags or not cells.flag(options, "output"):
        return out
    found = []
    for output in cell.get("outputs", []):
        blocks = _output_blocks(output)
        if blocks is None:
            kinds = ", ".join(k for k in output.get("data", {}) if k != PLAIN)
            problems.append(
                f"{where} shows {kinds}, which the report cannot carry; show a DataFrame, a "
                f"Styler, a figure or Markdown, or leave it out with `#| output: false`"
            )
            continue
        found.extend(blocks)
    found = cells.apply(found, options)
    if any(_text_alone(output) for output in cell.get("outputs", [])):
        problems += _lost_captions(options, found, where)
    for block in found:
        numbered = isinstance(block, b.Figure) or (
            isinstance(block, b.Table) and block.number is not None
        )
        if numbered and not block.caption.strip():  # type: ignore[attr-defined]
            key = "tbl-cap" if isinstance(block, b.Table) else "fig-cap"
            problems.append(
                f'{where} shows a {block.type} without a caption; add a line `#| {key}: "…"` '
                "at the top of the cell"
            )
    problems += _uncaptioned(found, where)  # a Markdown table shown by the cell
    return [*_problems(problems, strict), *out, *_checked(found, where, strict)]


def _markdown_images(source: str, where: str) -> list[str]:
    """A Markdown image would show as its literal `![…](…)`: named instead."""
    return [
        f"{where} shows the image {address!r} in Markdown, which the report cannot carry; show "
        "a figure from a code cell (matplotlib or seaborn, with `#| fig-cap` and `#| fig-alt`)"
        for address in prose.images(source)
    ]


def _uncaptioned(found: list[b.Block], where: str) -> list[str]:
    """A Markdown table without a caption: every table in the report has one (a code cell's
    tables are checked above)."""
    return [
        f"{where} has a Markdown table without a caption; add a line `: Caption` after it "
        "(`: Caption {#tbl-name}` to refer to it as @tbl-name)"
        for block in b.walk(found)
        if isinstance(block, b.Table) and block.number is None and not block.caption.strip()
    ]


# A caption's option, and what it captions.
CAPTIONED = {"tbl-cap": b.Table, "fig-cap": b.Figure, "fig-alt": b.Figure}


def _text_alone(output: Any) -> bool:
    """A result the report leaves out: text alone (`len(df)`, or what a kernel without the
    package's formatters shows for a table)."""
    return output.get("output_type") in SHOWN and set(output.get("data", {})) <= {PLAIN}


def _lost_captions(options: dict[str, str], found: list[b.Block], where: str) -> list[str]:
    """A cell whose result was text alone, with caption options that caption nothing it shows:
    the table or figure the caption was written for is missing, named here, never dropped
    silently. (A cell that shows nothing, as an `if` may decide, is not asked for one.)"""
    shown = list(b.walk(found))
    return [
        f"{where} has `#| {key}` but shows no {kind.__name__.lower()}: its result is text "
        "alone, which the report leaves out; show "
        + ("a DataFrame or a Series as its last line" if kind is b.Table else "the figure")
        + " or remove the option"
        for key, kind in CAPTIONED.items()
        if key in options and not any(isinstance(block, kind) for block in shown)
    ]


def _problems(problems: list[str], strict: bool) -> list[b.Block]:
    """Raise the problems in a render; in the preview, show them as warnings on the page."""
    if problems and strict:
        raise CellProblem("\n".join(problems), "assemble")
    return [b.Note((b.Span(p),), "warning", "en") for p in problems]


def _output_blocks(output: Any) -> list[b.Block] | None:
    """The blocks an output shows; None if it shows something the report cannot carry."""
    if output.get("output_type") not in SHOWN:
        return []  # streams (print, warnings, logging) and errors are for the analyst
    data = output.get("data", {})
    if b.MIME in data:
        return b.loads(data[b.MIME])
    if "text/markdown" in data:  # display(Markdown(f"…")): generated prose, as safe as a cell
        source = data["text/markdown"]
        return prose.blocks(source if isinstance(source, str) else "".join(source))
    if "image/svg+xml" in data:  # a figure shown without the package's formatter
        svg = data["image/svg+xml"]
        return [b.Figure("", "", svg if isinstance(svg, str) else "".join(svg))]
    return [] if _text_alone(output) else None


def _checked(found: list[b.Block], where: str, strict: bool) -> list[b.Block]:
    out: list[b.Block] = []
    for block in found:
        if isinstance(block, b.Figure) and not block.alt.strip():
            message = (
                f"{where} shows a figure without a text alternative; add a line "
                f'`#| fig-alt: "what the figure shows, with its key numbers"` at the top of '
                f"the cell"
            )
            if strict:
                raise MissingAlt(message, "assemble")
            out.append(b.Note((b.Span(message),), "warning", "en"))
        out.append(block)
    return out


def _titled(content: list[b.Block], nb: Any, name: str) -> list[b.Block]:
    """The blocks with one Title first: the notebook's own (`kd.title_block()`), else its first
    level-1 heading with the facts of the year it ran for (year.yaml; the date from the data).
    A title without a diarienummer gets the one year.yaml assigns to this notebook, if any."""
    parameters = _parameters(nb)
    notebook = PurePath(name).stem
    data_dir = str(parameters.get("data_dir", "data"))
    if any(isinstance(x, b.Title) for x in content):
        return [_assigned(x, notebook, data_dir) if isinstance(x, b.Title) else x for x in content]
    first = next((x for x in content if isinstance(x, b.Heading) and x.level == 1), None)
    year = parameters.get("year")
    language = str(parameters.get("language", "sv"))
    title = first.text if first else name
    facts = year_facts(int(year), data_dir, notebook) if year else {}
    info = b.DocInfo(
        title=title,
        year=int(year) if year else None,
        date=facts.get("date"),
        diarienummer=facts.get("diarienummer"),
        language=language,
        description=title,
        author=language_of(language)("author"),
    )
    rest = [x for x in content if x is not first]
    return [title_for(info), b.Contents(), *rest]


def _drafted(title: b.Title) -> b.Title:
    """The title block of a draft: its facts end with "Status: Utkast" ("Draft")."""
    say = language_of(title.info.language)
    status = b.Fact(say("fact_status"), say("draft"), "draft")
    return replace(title, facts=(*title.facts, status))


def _assigned(title: b.Title, notebook: str, data_dir: str) -> b.Title:
    """`title` with the diarienummer year.yaml assigns to `notebook` when it states none (an
    empty one, given on purpose, stays empty)."""
    if title.info.diarienummer is not None or not title.info.year:
        return title
    assigned = year_facts(title.info.year, data_dir, notebook).get("diarienummer")
    if assigned is None:
        return title
    fact = b.Fact(language_of(title.info.language)("fact_dnr"), assigned, "dnr")
    info = replace(title.info, diarienummer=assigned)
    return replace(title, info=info, facts=(fact, *title.facts))


def title_for(info: b.DocInfo) -> b.Title:
    """The title block of a report: kicker, title and its facts in the report's language."""
    say = language_of(info.language)
    facts = []
    if info.diarienummer:
        facts.append(b.Fact(say("fact_dnr"), info.diarienummer, "dnr"))
    if info.year:
        facts.append(b.Fact(say("fact_year"), str(info.year), "year"))
    if info.date:
        stated = dt.date.fromisoformat(info.date)
        facts.append(b.Fact(say("fact_date"), say.date(stated), "published"))
    return b.Title(info, say("kicker"), tuple(facts))


def year_facts(year: int, data_dir: str = "data", notebook: str | None = None) -> dict[str, str]:
    """A year's stated date (year.yaml's `published`, else its last meeting) and the
    diarienummer it assigns to `notebook` (none without one), read lightly: the year was
    validated before the notebook ran."""
    import csv

    import yaml

    from kulturdialog import paths

    folder = paths.data_dir(None, data_dir) / str(year)
    facts: dict[str, str] = {}
    meta_file = folder / "year.yaml"
    meta = yaml.safe_load(meta_file.read_text(encoding="utf-8")) if meta_file.is_file() else {}
    meta = meta if isinstance(meta, dict) else {}
    assigned = contract.assigned_diarienummer(meta, notebook) if notebook else None
    if assigned:
        facts["diarienummer"] = assigned
    if meta.get("published"):
        facts["date"] = str(meta["published"])
    elif (folder / "meetings.csv").is_file():
        with (folder / "meetings.csv").open(encoding="utf-8-sig", newline="") as f:
            dates = [row.get("date", "") for row in csv.DictReader(f)]
        dates = [d for d in dates if d]
        if dates:
            facts["date"] = max(dates)
    return facts
