"""In a notebook: what an analyst shows becomes report blocks, as JupyterLab shows them.

Loaded as an IPython extension by the project's kernel (`kulturdialog.notebook`: the render,
the preview, plain papermill and `make lab` all start it), so no setup call is needed: a
DataFrame, a Series, a pandas Styler or a matplotlib/seaborn figure shown as a cell's result
displays as a numbered, captioned table or figure, in the report's language (the notebook's
`language` variable, else Swedish) and look, with the cell's options (`#| tbl-cap:`,
`#| fig-cap:`, `#| fig-alt:`, `#| label:`, `#| fig-width:`, `#| fig-height:`).
`kd.parameters_from(globals())` adds the strict parameter check. The exporters read the same
blocks.
"""

from __future__ import annotations

import datetime as dt
import math
import numbers
import re
import sys
from typing import Any

import pandas as pd
from matplotlib import ticker
from matplotlib.figure import Figure

from kulturdialog.analysis.builder import Builder, Shown, svg
from kulturdialog.analysis.context import AnalystContext
from kulturdialog.content import blocks as b
from kulturdialog.content import cells
from kulturdialog.lang import LOCALES
from kulturdialog.lang.fmt import NO_DATA
from kulturdialog.lang.i18n import SWEDISH, Language
from kulturdialog.lang.i18n import language as language_of
from kulturdialog.run import fresh

MISSING = NO_DATA  # lang.fmt: no data, in every table and chart
# A column (or index) headed as one of these, of four-digit whole numbers, holds years: written
# 2021, never with a thousands separator (2 021), in every language.
YEAR_HEADERS = frozenset({"år", "årtal", "year"})
YEARS = (1000, 9999)  # the four-digit numbers that can be years
MAX_DECIMALS = 4  # in an analyst's table, however small its numbers
FIGURE_HEIGHT = 3.9  # inches: an analyst's figure by default, at the text width (charts.WIDTH)


class Session:
    """The notebook's state in this kernel: its language, numbering and the running cell's options.

    A table or figure is numbered by its cell's place among the cells run so far (in the order
    they were first run: Run All runs them in the notebook's order), so running a cell again
    (Shift+Enter) keeps its numbers. `language` fixes the report's language; without it, the
    session follows the notebook's `language` variable.
    """

    def __init__(self, language: Language | None = None):
        self.fixed = language
        self.out = Builder(language or SWEDISH)
        self.options: dict[str, str] = {}
        self.cell = ""  # the running cell (its id, else its source)
        self.shown: dict[str, dict[str, int]] = {}  # cell → tables and figures it showed
        self.data_dir = "data"  # the notebook's input folder (its parameter `data_dir`)

    @property
    def lang(self) -> Language:
        return self.out.lang

    def run_cell(self, cell: str, source: str, namespace: dict[str, Any]) -> None:
        """A cell starts: read its options, follow the notebook's language, restart its count."""
        if self.fixed is None and namespace.get("language") in LOCALES:
            self.out.lang = language_of(str(namespace["language"]))
        raw = cells.options(source)
        for problem in cells.problems(raw):  # shown under the cell; the render stops on it
            print(f"kulturdialog: {problem}", file=sys.stderr)
        self.options = cells.localized(raw, self.lang.code)
        self.cell = cell
        self.shown[cell] = {"table": 0, "figure": 0}

    def _next(self, kind: str) -> int:
        """The number of the running cell's next table or figure."""
        own = self.shown.setdefault(self.cell, {"table": 0, "figure": 0})
        own[kind] += 1
        before = 0
        for cell, counts in self.shown.items():
            if cell == self.cell:
                break
            before += counts[kind]
        return before + own[kind]

    def table(self, frame: pd.DataFrame | Any, caption: str = "", label: str = "") -> Shown:
        caption = caption or self.options.get("tbl-cap", "")
        table = frame_table(frame, self.lang, caption)
        table = _with(
            table, number=self._next("table"), anchor=label or self.options.get("label", "")
        )
        return self.out.show([table])

    def figure(self, fig: Figure, caption: str = "", alt: str = "", label: str = "") -> Shown:
        import matplotlib.pyplot as plt

        if not cells.problems(self.options):  # a wrong size is named under the cell instead
            width, height = fig.get_size_inches()
            fig.set_size_inches(
                float(self.options.get("fig-width", width)),
                float(self.options.get("fig-height", height)),
            )
        ticks_in_language(fig, self.lang)
        figure = b.Figure(
            caption or self.options.get("fig-cap", ""),
            alt or self.options.get("fig-alt", ""),
            svg(fig),
            number=self._next("figure"),
            anchor=label or self.options.get("label", ""),
        )
        plt.close(fig)  # shown once: the inline backend does not show it again
        return self.out.show([figure])


SESSION = Session()


def _new_session() -> None:
    """Each run in a kernel kept for many starts with a session of its own (run/fresh.py)."""
    global SESSION
    SESSION = Session()


fresh.on_restore(_new_session)


def enable(language: str | None = None) -> Session:
    """Start the notebook's session: DataFrames, Stylers and figures display as report blocks.

    `language` fixes the report's language (else the notebook's `language` variable decides).
    """
    global SESSION
    running = SESSION
    SESSION = Session(language_of(language) if language else None)
    SESSION.cell, SESSION.options = running.cell, running.options
    try:
        from IPython import get_ipython
    except ImportError:
        return SESSION
    shell = get_ipython()
    if shell is None:
        return SESSION
    import matplotlib
    import matplotlib.pyplot as plt  # noqa: F401 - the inline backend registers itself first
    from pandas.io.formats.style import Styler

    from kulturdialog.analysis import charts

    charts.setup()  # the report's palette and typeface in the analyst's charts too
    # The report's charts' look and font sizes (above); at the text width, labels never clipped.
    matplotlib.rcParams.update(
        {"figure.constrained_layout.use": True, "figure.figsize": (charts.WIDTH, FIGURE_HEIGHT)}
    )
    formatter = shell.display_formatter
    shown = ((pd.DataFrame, _table), (pd.Series, _table), (Styler, _table), (Figure, _figure))
    for kind, show in shown:
        formatter.mimebundle_formatter.for_type(kind, show)
    for mime in ("image/png", "image/svg+xml", "image/jpeg", "application/pdf"):
        formatter.formatters[mime].type_printers.pop(Figure, None)  # our bundle holds the SVG
    events = shell.events
    if _read_options not in events.callbacks["pre_run_cell"]:
        events.register("pre_run_cell", _read_options)
    return SESSION


def load_ipython_extension(shell: Any) -> None:
    """`%load_ext kulturdialog.notebook`, as the project's kernel does at its start."""
    enable()


def table(frame: pd.DataFrame | Any, caption: str = "", label: str = "") -> Shown:
    """A DataFrame (or Styler, or Series) as a numbered table with `caption` (what
    `#| tbl-cap:` does, computed)."""
    return SESSION.table(frame, caption, label)


def figure(fig: Any, caption: str = "", alt: str = "", label: str = "") -> Shown:
    """A figure (or seaborn grid/axes) as a numbered figure with a caption and a text
    alternative computed in the cell (what `#| fig-cap:` and `#| fig-alt:` do, with numbers)."""
    if not isinstance(fig, Figure):
        fig = getattr(fig, "figure", None) or fig.get_figure()
    return SESSION.figure(fig, caption, alt, label)


def _read_options(info) -> None:
    from IPython import get_ipython

    source = getattr(info, "raw_cell", "") or ""
    shell = get_ipython()
    namespace = shell.user_ns if shell is not None else {}
    SESSION.run_cell(getattr(info, "cell_id", None) or source, source, namespace)


MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(value: str) -> str:
    """Text from the data for a generated Markdown string: shown literally, never as markup."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def municipality_name(data: Any, code: str) -> str:
    """The name of the municipality `code` (e.g. "0180" → Stockholm); ParameterError naming
    the allowed codes if it is not in data/reference/municipalities.csv."""
    from kulturdialog.errors import ParameterError

    table = data.reference.municipalities
    if code not in table.index:
        raise ParameterError(
            f"parameter 'municipality': {code!r} is not a municipality code in "
            f"data/reference/municipalities.csv; expected one of: {', '.join(table.index)}"
        )
    return str(table.at[code, "name"])


def _table(obj, include=None, exclude=None) -> dict:
    return SESSION.table(obj)._repr_mimebundle_()


def _figure(obj, include=None, exclude=None) -> dict:
    return SESSION.figure(obj)._repr_mimebundle_()


def _with(table: b.Table, **changes: Any) -> b.Table:
    import dataclasses

    return dataclasses.replace(table, **changes)


# -- figures' numbers in the report's language -----------------------------------------------------
class _Numbers(ticker.Formatter):
    """Tick numbers as the report writes them (`1 000`, `0,25`): as few decimals as the ticks
    need, at most three."""

    def __init__(self, lang: Language):
        self.lang = lang
        self.decimals = 0

    def set_locs(self, locs: Any) -> None:
        super().set_locs(locs)
        self.decimals = next(
            (d for d in range(4) if all(abs(x * 10**d - round(x * 10**d)) < 1e-6 for x in locs)),
            3,
        )

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.lang.number(x, self.decimals)


class _Years(ticker.Formatter):
    def __call__(self, x: float, pos: int | None = None) -> str:
        return str(round(x))


def ticks_in_language(fig: Figure, lang: Language) -> None:
    """Give each axis that still has matplotlib's default number format the report's: `0,5`
    in Swedish, `1 000`; an axis labelled as years (YEAR_HEADERS) within YEARS gets whole
    years, `2021` (never `2 021` or `2019.25`). An axis the notebook formatted itself, a log,
    date or category axis, is left as it is."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_formatter()) is not ticker.ScalarFormatter:
                continue
            low, high = sorted(axis.get_view_interval())
            if _year_header(axis.get_label_text()) and _year(low) and _year(high):
                axis.set_major_locator(ticker.MaxNLocator(integer=True))
                axis.set_major_formatter(_Years())
            else:
                axis.set_major_formatter(_Numbers(lang))


# -- DataFrames as tables --------------------------------------------------------------------------
def frame_table(frame: Any, lang: Language = SWEDISH, caption: str = "") -> b.Table:
    """A DataFrame (or Styler, or Series) as a table: the index as the first column (row
    headers) unless it only counts rows (0, 1, 2, …), under its name or no header (a
    `describe()`'s count, mean, …); numbers and dates in the report's language (`1 234`,
    `12,5`, `3 mars 2021`), in mixed columns too, years as years (`2021`, YEAR_HEADERS); a
    Styler keeps its own formats. A Series is one column, under its name (`value_counts()`'s
    `count`), else the word for its values (`Värde`)."""
    from pandas.io.formats.style import Styler

    if isinstance(frame, Styler):
        return _styler_table(frame, lang, caption)
    if isinstance(frame, pd.Series):
        frame = frame.to_frame(lang("col_value") if frame.name is None else frame.name)
    # An unnamed integer index only counts rows (0, 1, 2 or what a filter left): not shown.
    plain_index = frame.index.name is None and pd.api.types.is_integer_dtype(frame.index)
    index_names = [name or "" for name in frame.index.names]
    shown = frame if plain_index else _index_as_columns(frame)
    headers = ([] if plain_index else index_names) + [_header(c) for c in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(shown[c]) for c in shown.columns]
    decimals = [
        _decimals(shown[c]) if n else 0 for c, n in zip(shown.columns, numeric, strict=True)
    ]
    years = [_years(h, shown[c]) for h, c in zip(headers, shown.columns, strict=True)]
    rows = tuple(
        tuple(
            str(int(value))
            if years[i] and not _missing(value)
            else _cell(value, lang, decimals[i] if numeric[i] else _value_decimals(value))
            for i, value in enumerate(record)
        )
        for record in shown.itertuples(index=False, name=None)
    )
    columns = tuple(
        b.Column(h, numeric=n and i > 0, nowrap=_short([r[i] for r in rows]))
        for i, (h, n) in enumerate(zip(headers, numeric, strict=True))
    )
    notes = () if rows else (lang("no_rows"),)  # a filter that left nothing: said, not blank
    return b.Table(caption=caption, columns=columns, rows=rows, number=0, notes=notes)


def _index_as_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its index levels as its first columns (named apart from its own)."""
    levels = [f"\0index{i}" for i in range(frame.index.nlevels)]
    return frame.set_axis(frame.index.set_names(levels)).reset_index()


def _years(header: str, series: pd.Series) -> bool:
    """Whether a column holds years: headed as one (YEAR_HEADERS) and of four-digit whole
    numbers (a count headed `år` stays a count)."""
    values = series.dropna()
    return (
        _year_header(header)
        and not values.empty
        and all(
            isinstance(v, numbers.Real) and float(v).is_integer() and _year(float(v))
            for v in values
        )
    )


def _year_header(text: str) -> bool:
    return text.strip().lower() in YEAR_HEADERS


def _year(value: float) -> bool:
    return YEARS[0] <= value <= YEARS[1]


def _value_decimals(value: Any) -> int:
    """In a column of mixed values: a number's own decimals, as a column's (_decimals)."""
    if not isinstance(value, numbers.Real) or _missing(value):
        return 0
    return _decimals_of([float(value)])


def _short(values: list[str]) -> bool:
    """Dates, codes and numbers read best on one line."""
    return bool(values) and all(len(v) <= 12 and " " not in v.strip() for v in values)


def _styler_table(styler: Any, lang: Language, caption: str) -> b.Table:
    """A Styler's formatted values (its own formats), via its public text export."""
    frame = styler.data
    with_index = not all(styler.hide_index_)
    headers = ([_header(frame.index.name or "")] if with_index else []) + [
        _header(c) for c in frame.columns
    ]
    numeric = ([False] if with_index else []) + [
        pd.api.types.is_numeric_dtype(frame[c]) for c in frame.columns
    ]
    lines = styler.to_string(delimiter="\t").rstrip("\n").split("\n")
    body = lines[len(lines) - len(frame) :] if len(frame) else []
    rows = tuple(tuple(line.split("\t")[-len(headers) :]) for line in body)
    columns = tuple(
        b.Column(h, numeric=n and i > 0)
        for i, (h, n) in enumerate(zip(headers, numeric, strict=True))
    )
    own = styler.caption if isinstance(styler.caption, str) else ""
    return b.Table(caption=caption or own, columns=columns, rows=rows, number=0)


def _header(column: Any) -> str:
    if isinstance(column, tuple):
        return " – ".join(str(c) for c in column if str(c))
    return str(column)


def _decimals(series: pd.Series) -> int:
    """0 for whole numbers; else one decimal (`12,5`, not `12.499999`), or, where one decimal
    would show a value as `0,0` or with one digit (a value below 0,1; a column of fractions,
    such as `value_counts(normalize=True)`'s shares), as many as the column's smallest value
    needs for two significant digits (`0,040` for 4 %, `0,14` for 14 %), at most
    MAX_DECIMALS."""
    values = series.dropna()
    if pd.api.types.is_integer_dtype(series) or values.empty:
        return 0
    return _decimals_of([float(v) for v in values])


def _decimals_of(values: list[float]) -> int:
    """_decimals of these numbers (none missing)."""
    if all(v.is_integer() for v in values):
        return 0
    sizes = [abs(v) for v in values if v and math.isfinite(v)]
    if not sizes or (min(sizes) >= 0.1 and max(sizes) >= 1):
        return 1
    return min(MAX_DECIMALS, 1 - math.floor(math.log10(min(sizes))))


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _cell(value: Any, lang: Language, decimals: int) -> str:
    if isinstance(value, numbers.Real) and not isinstance(value, bool) and not _missing(value):
        return lang.number(float(value), decimals)
    return _text(value, lang)


def _text(value: Any, lang: Language = SWEDISH) -> str:
    if _missing(value) or value is pd.NaT:
        return MISSING
    if isinstance(value, pd.Timestamp):
        day = lang.date(value.date())
        return day if value == value.normalize() else f"{day} {value:%H:%M}"
    if isinstance(value, dt.date):
        return lang.date(value)
    return str(value)


def start(namespace: dict) -> AnalystContext:
    """The setup cell's call (`kd.parameters_from(globals())`): check the parameters strictly,
    show the project's errors as plain messages, and start the notebook's session. Returns the
    parameters with the data, the earlier years and the language (analysis/context.py)."""
    from kulturdialog.content.plain_errors import show_errors_plainly
    from kulturdialog.run.params import from_namespace

    show_errors_plainly()
    context = AnalystContext(from_namespace(namespace))
    enable(str(context.get("language", SWEDISH.code)))
    SESSION.data_dir = context.data_dir
    return context


def title_block(
    title: str,
    year: int | None = None,
    data_dir: str | None = None,
    language: str | None = None,
    brief: bool = False,
    diarienummer: str | None = None,
) -> Shown:
    """The report's title block: `title`, and the facts of `year` from its year.yaml (the
    date it states: `published`, else its last meeting — never the clock), read from `data_dir`
    (by default the notebook's parameter, as `kd.parameters_from` saw it). `diarienummer`: the
    document's own; without it, the one year.yaml's `diarienummer_by_notebook` assigns to
    this notebook is added when the report is assembled ("" for none at all).

    The one call a notebook makes to set its own title; without it, the first level-1
    heading of a Markdown cell is the title. `brief`: a short document (a profile) whose PDF
    and Word file start with the title and contents on the first page, without a cover.
    """
    from kulturdialog.content.assemble import title_for, year_facts

    lang = language_of(language) if language else SESSION.lang
    facts = year_facts(year, data_dir or SESSION.data_dir) if year else {}
    info = b.DocInfo(
        title=title,
        year=year,
        date=facts.get("date"),
        diarienummer=diarienummer,
        language=lang.code,
        description=title,
        author=lang("author"),
        layout="brief" if brief else "report",
    )
    return Shown([title_for(info), b.Contents()], lang.code)
