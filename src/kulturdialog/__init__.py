"""kulturdialog: Region Stockholm's yearly culture-dialogue summary, from data to HTML and PDF."""

from kulturdialog.errors import DataError, KulturdialogError, ParameterError, RenderError

NOTEBOOK_HELPERS = ("title_block", "table", "figure", "markdown_text", "municipality_name")

__all__ = [
    "DataError",
    "KulturdialogError",
    "ParameterError",
    "RenderError",
    "load_year",
    "open_report",
    "open_trends",
    "parameters_from",
    "language",
    *NOTEBOOK_HELPERS,
]


def __getattr__(name: str):
    # Imported on first use so that `kulturdialog --help` and the CLI start fast.
    if name == "load_year":
        from kulturdialog.data.load import load_year

        return load_year
    if name == "open_report":
        from kulturdialog.analysis.report import open_report

        return open_report
    if name == "open_trends":
        from kulturdialog.analysis.trends import open_trends

        return open_trends
    if name in NOTEBOOK_HELPERS:
        from kulturdialog import notebook

        return getattr(notebook, name)
    if name == "language":
        from kulturdialog.lang.i18n import language

        return language
    if name == "parameters_from":
        from kulturdialog.notebook import start

        return start
    raise AttributeError(name)
