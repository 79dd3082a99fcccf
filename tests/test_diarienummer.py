"""A diarienummer only where year.yaml assigns one to the notebook (the annual summary's by
default), or where the notebook passes its own to `kd.title_block`."""

from __future__ import annotations

import pytest
import yaml
from test_blocks import code, markdown, notebook, output

from kulturdialog import notebook as kd
from kulturdialog.content import assemble
from kulturdialog.content import blocks as b
from kulturdialog.data.contract import assigned_diarienummer
from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError

SUMMARY_DNR = "AKTNR 3355-19358"  # data/2021/year.yaml's `diarienummer`


def test_the_old_key_is_the_annual_summarys_and_the_map_assigns_the_others():
    meta = {"diarienummer": "A-1", "diarienummer_by_notebook": {"municipality_profile": "P-2"}}
    assert assigned_diarienummer(meta, "annual_summary") == "A-1"
    assert assigned_diarienummer(meta, "municipality_profile") == "P-2"
    assert assigned_diarienummer(meta, "trends") is None
    assert (
        assigned_diarienummer({"diarienummer_by_notebook": {"annual_summary": 7}}, "annual_summary")
        == "7"
    )


def assign(project, **by_notebook):
    path = project / "data/2021/year.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text + yaml.safe_dump({"diarienummer_by_notebook": by_notebook}), "utf-8")


def titled(name: str, *cells):
    """The title block's diarienummer and facts of notebook `name` run for 2021."""
    document = assemble.document(notebook(*cells, parameters={"year": 2021}), name)
    title = next(x for x in document.blocks if isinstance(x, b.Title))
    return document.info.diarienummer, [f.value for f in title.facts if f.role == "dnr"]


def profile_title(**given):
    kd.enable("sv")
    return output(kd.title_block("Kommunprofil: Salem 2021", 2021, brief=True, **given))


def test_a_profile_states_no_diarienummer_unless_year_yaml_assigns_it_one(project):
    name = "notebooks/municipality_profile.ipynb"
    assert titled(name, markdown("x")) == (None, [])
    assert titled(name, markdown("# x"), markdown("y")) == (None, [])

    assign(project, municipality_profile="AKTNR 3355-2")

    assert titled(name, markdown("# Profil")) == ("AKTNR 3355-2", ["AKTNR 3355-2"])

    assert titled(name, code("kd.title_block(...)", profile_title())) == (
        "AKTNR 3355-2",
        ["AKTNR 3355-2"],
    )
    assert titled("notebooks/analys.ipynb", markdown("# Analys")) == (None, [])
    assert load_year(2021, project).meta.diarienummer_of("municipality_profile") == "AKTNR 3355-2"
    assert load_year(2021, project).meta.diarienummer_of("annual_summary") == SUMMARY_DNR


def test_an_analyst_passes_their_own_diarienummer_or_none_at_all(project):

    assign(project, analys="AKTNR 9")
    own = code("kd.title_block(...)", profile_title(diarienummer="AKTNR 1-2"))
    none = code("kd.title_block(...)", profile_title(diarienummer=""))

    assert titled("notebooks/analys.ipynb", own) == ("AKTNR 1-2", ["AKTNR 1-2"])
    assert titled("notebooks/analys.ipynb", none) == ("", [])


def test_a_map_that_is_no_mapping_of_names_is_refused(project):
    path = project / "data/2021/year.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "diarienummer_by_notebook: AKTNR 1\n", "utf-8"
    )
    with pytest.raises(DataError) as raised:
        load_year(2021, project)
    assert "column 'diarienummer_by_notebook': expected a mapping of notebook name" in str(
        raised.value
    )
