"""`kd.parameters_from(globals())`: the checked parameters, and the data, the earlier years and
the language they name, so that a notebook never passes `data_dir` by hand."""

from __future__ import annotations

import shutil

import pytest

import kulturdialog as kd
from kulturdialog.errors import ParameterError


def namespace(**values) -> dict:
    """A notebook's globals after its parameters cell (and papermill's injected values)."""
    types = {"year": int, "data_dir": str, "language": str, "first_year": int}
    return {"__annotations__": {k: types[k] for k in values}, **values}


def test_the_context_is_the_parameters_as_before(project):
    parameters = kd.parameters_from(namespace(year=2021, data_dir="data", language="en"))
    assert parameters == {"year": 2021, "data_dir": "data", "language": "en"}
    assert dict(**parameters)["year"] == 2021  # kd.open_report(**parameters) still works


def test_the_context_loads_the_year_the_earlier_years_and_the_language(project):
    parameters = kd.parameters_from(namespace(year=2021, language="en"))
    assert parameters.data.year == 2021 and parameters.data_dir == "data"
    assert [d.year for d in parameters.earlier] == [2019, 2020]
    assert parameters.before.year == 2020
    assert parameters.say.code == "en"
    later = kd.parameters_from(namespace(year=2021, first_year=2020))
    assert [d.year for d in later.earlier] == [2020]
    assert later.say.code == "sv"


def test_the_data_folder_the_parameters_name_is_read_and_the_title_block_follows_it(project):
    moved = project / "sub" / "data"
    moved.parent.mkdir()
    shutil.move(project / "data", moved)
    parameters = kd.parameters_from(namespace(year=2021, data_dir="sub/data"))
    assert parameters.data.sources[0].is_relative_to(moved)
    assert [d.year for d in parameters.earlier] == [2019, 2020]
    meta = moved / "2021/year.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2022-02-15", "2022-03-07"), "utf-8")
    bundle = str(kd.title_block("Title", 2021)._repr_mimebundle_())  # no data_dir passed
    assert "2022-03-07" in bundle  # sub/data/2021/year.yaml's date, not data/'s


def test_a_notebook_without_a_year_is_told_so_when_it_asks_for_data(project):
    parameters = kd.parameters_from(namespace(data_dir="data"))
    with pytest.raises(ParameterError, match="no parameter 'year'"):
        _ = parameters.data
