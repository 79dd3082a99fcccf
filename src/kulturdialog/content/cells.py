"""Quarto-style cell options: `#| tbl-cap: "…"`, `#| fig-cap:`, `#| fig-alt:`, `#| label:`.

Written as comment lines at the top of a code cell; they caption and label what the cell shows.
"""

from __future__ import annotations

import dataclasses
import re

import yaml

from kulturdialog.content import blocks as b

OPTION = re.compile(r"^#\|\s*(?P<key>[A-Za-z][\w-]*)\s*:\s*(?P<value>.*)$")
KNOWN = ("tbl-cap", "fig-cap", "fig-alt", "label")


def options(source: str) -> dict[str, str]:
    """The options at the top of a cell's source (values as YAML scalars: quotes optional)."""
    found: dict[str, str] = {}
    for line in source.splitlines():
        match = OPTION.match(line.strip())
        if not match:
            break
        raw = match["value"].strip()
        try:
            value = yaml.safe_load(raw) if raw else ""
        except yaml.YAMLError:
            value = raw
        found[match["key"]] = "" if value is None else str(value)
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
