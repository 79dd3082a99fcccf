"""kulturdialog: Region Stockholm's yearly culture-dialogue summary, from data to HTML and PDF."""

from kulturdialog.errors import DataError, KulturdialogError, ParameterError, RenderError

__all__ = [
    "DataError",
    "KulturdialogError",
    "ParameterError",
    "RenderError",
    "load_year",
    "open_report",
    "open_trends",
]


def __getattr__(name: str):
    # Imported on first use so that `kulturdialog --help` and the CLI start fast.
    if name == "load_year":
        from kulturdialog.load import load_year

        return load_year
    if name == "open_report":
        from kulturdialog.report import open_report

        return open_report
    if name == "open_trends":
        from kulturdialog.trends import open_trends

        return open_trends
    if name == "parameters_from":
        from kulturdialog.params import from_namespace

        return from_namespace
    raise AttributeError(name)
