"""A year nobody has seen, written to the contract with a new theme, renders with no code change."""

from __future__ import annotations

import textwrap

import pytest
from reading import html_soup, pdf_pages, squash, visible_text

pytestmark = pytest.mark.e2e

MEETINGS = """\
meeting_id,date,party_group,format,participants,municipalities,title
m1,2022-03-08,municipal_managers,in_person,21,0180;0182;0127,Vårmöte med cheferna
m2,2022-05-17,independent_arts,hybrid,9,,Det fria kulturlivet
m3,2022-10-04,civil_society,in_person,17,0188,Föreningslivet efter pandemin
"""
OBSERVATIONS = """\
meeting_id,theme,kind,text
m1,climate_transition,concern,Cheferna oroas över energikostnaderna i kulturhusen.
m1,restart,effect,Publiken har återvänt snabbare än väntat.
m2,climate_transition,request,Det fria kulturlivet vill ha stöd för hållbara turnéer.
m3,climate_transition,opportunity,"Föreningarna ser möjligheter i lokala, ”gröna” arrangemang."
m3,restart,effect,Medlemmarna kommer tillbaka till studiecirklarna.
"""
NEEDS = """\
need_id,theme,text,raised_by,level,status
n1,climate_transition,Gröna evenemang.,municipal_managers;independent_arts,regional,done
"""


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    from conftest import copy_project, render_in

    root = copy_project(tmp_path_factory.mktemp("unseen") / "project")
    with open(root / "data/reference/themes.csv", "a", encoding="utf-8") as f:
        f.write(
            "climate_transition,Klimatomställning i kulturlivet,Climate transition in culture\n"
        )
    year = root / "data/2022"
    year.mkdir()
    (year / "year.yaml").write_text("year: 2022\n")
    (year / "meetings.csv").write_text(MEETINGS)
    (year / "observations.csv").write_text(OBSERVATIONS)
    (year / "needs.csv").write_text(NEEDS)
    folder = render_in(root, 2022).folder
    return html_soup(folder / "annual_summary.html"), " ".join(
        pdf_pages(folder / "annual_summary.pdf")
    )


def test_default_title_and_figures(rendered):
    soup, pdf = rendered
    assert soup.h1.get_text() == "Sammanfattning av 2022 års dialogmöten"
    text = " ".join(visible_text(soup).split()).replace("\u00a0", " ")
    expected = textwrap.dedent("""\
        Under 2022 hölls 3 dialogmöten med sammanlagt 47 deltagare från 3 partsgrupper.
        Det är 11 möten färre och 284 deltagare färre än 2021.
        I minst ett möte deltog 4 av länets 26 kommuner, jämfört med 23 år 2021.""").replace(
        "\n", " "
    )
    assert expected in text
    assert squash(expected) in squash(pdf)


def test_new_theme_is_a_section_of_its_own_first(rendered):
    soup, pdf = rendered
    themes = [h.get_text() for h in soup.select("section.level3 > h3")]
    assert themes == ["Klimatomställning i kulturlivet", "Återstart och det nya normala"]
    assert "Temat togs upp vid 3 av årets 3 möten" in soup.get_text()  # compared: digits
    assert "”gröna”" in pdf


def test_sections_without_data_are_left_out(rendered):
    soup, _ = rendered
    assert soup.find(id="samverkan") is None
    assert soup.find(id="jamforelse") is not None  # 2019–2021 are earlier years
