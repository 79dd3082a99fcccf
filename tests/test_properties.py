"""Property-based: any valid year renders with the right figures; any broken one says what broke."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import tempfile
from pathlib import Path

import nbformat
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kulturdialog.analysis.report import AnnualReport
from kulturdialog.content import assemble
from kulturdialog.data.load import load_year
from kulturdialog.errors import DataError
from kulturdialog.formats import html

PARTY_GROUPS = [
    "municipal_managers",
    "municipal_politicians",
    "independent_arts",
    "civil_society",
    "regional_actors",
]
THEMES = ["pandemic_effects", "restart", "artist_policy", "cultural_venues", "sports_strategy"]
KINDS = ["effect", "concern", "adaptation", "request", "opportunity"]
MUNICIPALITIES = ["0114", "0180", "0182", "0188", "0192"]
YEAR = 2023

# Any printable text in Latin-1 (Swedish, Finnish, the Western European letters and signs) or in
# the scripts the report's fonts carry besides it (tests/test_scripts.py: Arabic, Hebrew, Ge'ez,
# Cyrillic, Greek, emoji); a character no font carries is refused at validation, also tested there.
text = (
    st.text(
        st.one_of(
            st.characters(codec="latin-1", exclude_categories=("Cc", "Zl", "Zp")),
            st.sampled_from("ŋŧđšžČčŽÅåÄäÖö—–‘’“”€ЖжΩωשׁعربي🎭"),
        ),
        min_size=1,
        max_size=40,
    )
    .map(str.strip)
    .filter(bool)
)


@st.composite
def years(draw):
    n = draw(st.integers(1, 8))
    meetings = [
        {
            "meeting_id": f"m{i}",
            "date": (
                dt.date(YEAR, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))
            ).isoformat(),
            "party_group": draw(st.sampled_from(PARTY_GROUPS)),
            "format": draw(st.sampled_from(["digital", "in_person", "hybrid"])),
            "participants": draw(st.integers(1, 400)),
            "municipalities": ";".join(
                draw(st.lists(st.sampled_from(MUNICIPALITIES), unique=True))
            ),
            "title": draw(text),
        }
        for i in range(n)
    ]
    observations = [
        {
            "meeting_id": draw(st.sampled_from([m["meeting_id"] for m in meetings])),
            "theme": draw(st.sampled_from(THEMES)),
            "kind": draw(st.sampled_from(KINDS)),
            "text": draw(text),
        }
        for _ in range(draw(st.integers(1, 12)))
    ]
    needs = [
        {
            "need_id": f"n{i}",
            "theme": draw(st.sampled_from(THEMES)),
            "text": draw(text),
            "raised_by": ";".join(
                draw(st.lists(st.sampled_from(PARTY_GROUPS), min_size=1, unique=True))
            ),
            "level": draw(st.sampled_from(["regional", "municipal"])),
            "status": draw(st.sampled_from(["budget_process", "in_progress", "done", "noted"])),
        }
        for i in range(draw(st.integers(0, 4)))
    ]
    return {"meetings": meetings, "observations": observations, "needs": needs}


def write_year(root: Path, tables: dict) -> None:
    folder = root / "data" / str(YEAR)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "year.yaml").write_text(f"year: {YEAR}\n")
    columns = {
        "meetings": [
            "meeting_id",
            "date",
            "party_group",
            "format",
            "participants",
            "municipalities",
            "title",
        ],
        "observations": ["meeting_id", "theme", "kind", "text"],
        "needs": ["need_id", "theme", "text", "raised_by", "level", "status"],
    }
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as f:
            writer = csv.DictWriter(f, fieldnames=columns[name])
            writer.writeheader()
            writer.writerows(rows)


@pytest.fixture(scope="module")
def root():
    folder = Path(tempfile.mkdtemp())
    shutil.copytree(ROOT / "data/reference", folder / "data/reference")
    yield folder
    shutil.rmtree(folder)


def render_html(root: Path) -> BeautifulSoup:
    """The notebook's sections, computed in this process, through the real HTML export."""
    report = AnnualReport(load_year(YEAR, root), [], {"year": YEAR}, root)
    sections = [
        report.title_block(),
        report.ingress(),
        report.figures_section(),
        report.theme_sections(),
        report.needs_section(),
    ]
    nb = nbformat.v4.new_notebook()
    for section in sections:
        cell = nbformat.v4.new_code_cell("")
        cell.outputs = [nbformat.v4.new_output("display_data", data=section._repr_mimebundle_())]
        nb.cells.append(cell)
    return BeautifulSoup(html.page(assemble.document(nb)), "html.parser")


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables=years())
def test_any_valid_year_renders_with_the_figures_of_its_rows(root, tables):
    write_year(root, tables)
    soup = render_html(root)
    meetings, observations = tables["meetings"], tables["observations"]
    ingress = " ".join(soup.find(id="inledning").find_parent("section").get_text(" ").split())
    ingress = re.sub(r"(?<=\d)\s(?=\d{3})", "", ingress)  # 1 000 → 1000
    noun = "dialogmöte" if len(meetings) == 1 else "dialogmöten"
    assert f"hölls {len(meetings)} {noun}" in ingress
    assert f"sammanlagt {sum(m['participants'] for m in meetings)} deltagare" in ingress
    raised = {o["theme"] for o in observations}
    assert len(soup.select("section.level3 > h3")) == len(raised)
    shown = {li.contents[0].strip() for li in soup.select("ul.observations li")}
    assert {o["text"] for o in observations} == shown  # every observation, literally
    total = soup.select_one("tfoot tr").find_all(["th", "td"])
    assert total[1].get_text().replace("\u00a0", "") == str(len(meetings))


MUTATIONS = {
    "date outside the year": ("meetings", "date", f"{YEAR + 1}-01-01"),
    "not a date": ("meetings", "date", "i våras"),
    "zero participants": ("meetings", "participants", "0"),
    "unknown party group": ("meetings", "party_group", "press"),
    "unknown format": ("meetings", "format", "zoom"),
    "unknown municipality": ("meetings", "municipalities", "9999"),
    "unknown meeting": ("observations", "meeting_id", "nope"),
    "unknown theme": ("observations", "theme", "weather"),
    "unknown kind": ("observations", "kind", "rumour"),
    "empty text": ("observations", "text", ""),
}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables=years(), mutation=st.sampled_from(sorted(MUTATIONS)), data=st.data())
def test_any_broken_value_is_reported_with_file_row_and_column(root, tables, mutation, data):
    table, column, value = MUTATIONS[mutation]
    index = data.draw(st.integers(0, len(tables[table]) - 1))
    tables[table][index][column] = value
    write_year(root, tables)
    with pytest.raises(DataError) as err:
        load_year(YEAR, root)
    located = [(p.file, p.row, p.column) for p in err.value.problems]
    assert (f"data/{YEAR}/{table}.csv", index + 2, column) in located
