"""Quarto-style cell options, checked: `#| tbl-cap: "…"`, `#| fig-cap:`, `#| fig-alt:`,
`#| label:`, `#| include:`, `#| echo:`, `#| output:`, `#| fig-width:`, `#| fig-height:`.

Written as comment lines at the top of a code cell; they caption and label what the cell shows
and say what of the cell the report shows. An option this project does not know is an error
naming the nearest known one, as is an empty caption or a value of the wrong kind.
"""

from __future__ import annotations

import dataclasses
import difflib
import re

import yaml

from kulturdialog.content import blocks as b
from kulturdialog.lang import LOCALES

ADDED_TAGS = ("injected-parameters", "papermill-error-cell-tag")  # papermill adds these cells
OPTION = re.compile(r"^#\|\s*(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")
TEXTS = ("tbl-cap", "fig-cap", "fig-alt")  # may be given per language: `tbl-cap-en`
FLAGS = {"include": True, "echo": False, "output": True, "warning": False, "message": False}
SIZES = ("fig-width", "fig-height")  # inches, as in Quarto
KNOWN = (
    "label",
    *TEXTS,
    *(f"{key}-{code}" for key in TEXTS for code in LOCALES),
    *FLAGS,
    *SIZES,
)


def problems(opts: dict[str, str]) -> list[str]:
    """What is wrong with a cell's options: unknown names (with the nearest known one), empty
    captions, a flag that is not true or false, a size that is not a positive number."""
    found = [
        f"'#| {key}' is a list: a cell takes one caption; show one figure (or table) per cell, "
        'or caption each in the cell with kd.figure(fig, "…", alt="…") (kd.table for a table)'
        for key in getattr(opts, "listed", ())
    ]
    for key, value in opts.items():
        if key not in KNOWN:
            base = [k for k in KNOWN if not k.endswith(tuple(f"-{c}" for c in LOCALES))]
            near = difflib.get_close_matches(key, base, n=1, cutoff=0.5) or (
                difflib.get_close_matches(key, KNOWN, n=1, cutoff=0.5)
            )
            hint = f"; did you mean '{near[0]}'?" if near else f"; known: {', '.join(KNOWN)}"
            found.append(f"unknown cell option '#| {key}'{hint}")
        elif key.startswith(TEXTS) and not value.strip():
            found.append(f"'#| {key}' is empty; write the caption or leave the line out")
        elif key in FLAGS and value not in ("True", "False"):
            found.append(f"'#| {key}: {value}': expected true or false")
        elif key in SIZES and not _positive(value):
            found.append(f"'#| {key}: {value}': expected a size in inches, such as 6")
    return found


def _positive(value: str) -> bool:
    try:
        return float(value) > 0
    except ValueError:
        return False


def flag(opts: dict[str, str], key: str) -> bool:
    """The value of a true/false option (its Quarto default when the cell does not set it)."""
    return opts[key] == "True" if key in opts else FLAGS[key]


def code(source: str) -> str:
    """A cell's code as `#| echo: true` shows it: without its option lines."""
    lines = source.splitlines()
    while lines and lines[0].strip().startswith("#|"):
        lines.pop(0)
    return "\n".join(lines).strip("\n")


class Options(dict[str, str]):
    """A cell's options by name. `listed`: those written as a list (Quarto's one caption per
    figure of a cell), which hold their first item here and are a problem."""

    listed: tuple[str, ...] = ()


def options(source: str) -> Options:
    """The options at the top of a cell's source (values as YAML: quotes optional; a value may
    go on over `#|` lines, as a list does)."""
    raws: dict[str, str] = {}
    key = ""
    for line in source.splitlines():
        match = OPTION.match(line.strip())
        if match:
            key = match["key"]
            raws[key] = match["value"].strip()
        elif key and line.strip().startswith("#|"):
            raws[key] += "\n" + line.strip()[2:]
        else:
            break
    found = Options()
    listed = []
    for key, raw in raws.items():
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            value = raw
        if isinstance(value, dict):  # `Möten: per grupp`, unquoted: the text as written
            value = raw
        if isinstance(value, list):
            listed.append(key)
            value = value[0] if value else ""
        found[key] = "" if value is None else str(value)
    found.listed = tuple(listed)
    return found


def localized(opts: dict[str, str], language: str, default: str = "sv") -> dict[str, str]:
    """The options for a report in `language`: `tbl-cap-en` stands for `tbl-cap` in English."""
    if language == default:
        return opts
    suffix = f"-{language}"
    own = {k[: -len(suffix)]: v for k, v in opts.items() if k.endswith(suffix)}
    return {**opts, **own}


def shown_in(tags: list[str], language: str) -> bool:
    """A cell tagged `lang-en` is shown only in English reports (`lang-sv`: only in Swedish)."""
    wanted = [t[5:] for t in tags if t.startswith("lang-")]
    return not wanted or language in wanted


def apply(found: list[b.Block], opts: dict[str, str]) -> list[b.Block]:
    """`found` with the cell's captions, text alternatives and label where a block has none.

    `label` names the first table or figure (its stable id in every format).
    """
    out: list[b.Block] = []
    labelled = False
    for block in found:
        changes: dict[str, str]
        if isinstance(block, b.Table) and block.number is not None:
            changes = {"caption": block.caption or opts.get("tbl-cap", "")}
        elif isinstance(block, b.Figure):
            changes = {
                "caption": block.caption or opts.get("fig-cap", ""),
                "alt": block.alt or opts.get("fig-alt", ""),
            }
        else:
            out.append(block)
            continue
        if opts.get("label") and not labelled and not block.anchor:
            changes["anchor"] = opts["label"]
            labelled = True
        out.append(dataclasses.replace(block, **changes))  # type: ignore[arg-type]
    return out


def authored(cells: list) -> list:
    """The cells the notebook's author wrote, in order: without those papermill added (the
    injected parameters, a failed run's error banners). Cell N in a message is the N-th of these,
    Markdown cells included."""
    return [c for c in cells if not set(c.get("metadata", {}).get("tags", [])) & set(ADDED_TAGS)]
