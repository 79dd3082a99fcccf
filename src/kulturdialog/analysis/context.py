"""What a notebook's setup cell gets back from `kd.parameters_from(globals())`.

The checked parameter values (a dict, as before: `kd.open_report(**parameters)` still works),
and what an analyst would otherwise load by hand, passing `data_dir` each time: the year's data,
the earlier years with dialogues, the latest of them and the report's language. Each is loaded
when first asked for, from the folder and years the parameters name.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from kulturdialog.analysis import comparison
from kulturdialog.data.load import YearData, load_year
from kulturdialog.errors import ParameterError
from kulturdialog.lang.i18n import SWEDISH, Language, language


class AnalystContext(dict[str, Any]):
    """The notebook's parameters by name, with its data and language as attributes."""

    @property
    def year(self) -> int:
        if "year" not in self:
            raise ParameterError("the notebook declares no parameter 'year' to load data for")
        return int(self["year"])

    @property
    def data_dir(self) -> str:
        """The input folder, relative to the project root ("data" unless a parameter says)."""
        return str(self.get("data_dir", "data"))

    @cached_property
    def data(self) -> YearData:
        """The year's data, validated (DataError if it is not sound)."""
        return load_year(self.year, data_dir=self.data_dir)

    @cached_property
    def earlier(self) -> list[YearData]:
        """The years before this one (from `first_year`, if a parameter) that have dialogues,
        oldest first."""
        first = int(self.get("first_year", 0))
        return comparison.load_earlier(self.year, data_dir=self.data_dir, first_year=first)

    @property
    def before(self) -> YearData | None:
        """The latest earlier year with dialogues (not always the year before), or None."""
        return comparison.latest_before(self.year, self.earlier)

    @cached_property
    def say(self) -> Language:
        """The report's language: numbers, dates, lists and the contract's labels in it."""
        return language(str(self.get("language", SWEDISH.code)))
