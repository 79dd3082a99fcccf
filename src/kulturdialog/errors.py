"""The project's exceptions: one base class, one subclass per stage."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as a user sees it in a spreadsheet."""

    file: str
    expected: str
    row: int | None = None
    column: str | None = None
    value: object = None
    sheet: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.sheet:
            where.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column '{self.column}'")
        found = "" if self.value is None else f"{_show(self.value)}: "
        return f"{', '.join(where)}: {found}{self.expected}"


def _show(value: object) -> str:
    text = str(value)
    if len(text) > 60:
        text = text[:57] + "..."
    return f"'{text}'" if text else "(empty)"


class KulturdialogError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback."""


SHOWN_IN_FULL = 100  # problems a message lists one by one; the rest it counts


class DataError(KulturdialogError):
    """The year's input breaks the data contract; carries every problem found.

    The message lists the first SHOWN_IN_FULL problems, then counts the others by file, sheet,
    column and what was expected, the SHOWN_IN_FULL most frequent kinds first.
    """

    def __init__(self, problems: list[Problem], where: str = "the input"):
        self.problems = list(problems)
        self.where = where
        count = len(self.problems)
        lines = [f"{count} problem{'s' if count != 1 else ''} in {where}:"]
        lines += [f"  - {p}" for p in self.problems[:SHOWN_IN_FULL]]
        rest = self.problems[SHOWN_IN_FULL:]
        if rest:
            lines.append(f"  and {len(rest)} more:")
            kinds = Counter(replace(p, row=None, value=None) for p in rest).most_common()
            lines += [f"  - {n} × {kind}" for kind, n in kinds[:SHOWN_IN_FULL]]
            others = sum(n for _, n in kinds[SHOWN_IN_FULL:])
            if others:
                lines.append(f"  - {others} × other problems")
        super().__init__("\n".join(lines))


class ParameterError(KulturdialogError):
    """Notebook parameters that are unknown or of the wrong type."""


class RenderError(KulturdialogError):
    """A render stage failed; `kept` is where the failed run's files were kept."""

    def __init__(self, message: str, stage: str, kept: Path | None = None):
        self.stage = stage
        self.kept = kept
        if kept:
            message += f"\nThe failed run is kept in {kept}"
        super().__init__(message)
