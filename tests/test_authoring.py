"""Writing a notebook as for Quarto (issue 18): checked cell options, echoed code, numbers that
belong to the document, one notebook per jupytext pair, parameters per notebook, drafts.

Unit tests: notebooks are built with nbformat and assembled; the kernel's session is driven as
IPython's pre_run_cell hook drives it. tests/test_quarto_notebook.py renders a whole notebook.
"""

from __future__ import annotations

import io
import logging
import os
import subprocess
import time

import docx
import nbformat
import pandas as pd
import pytest

from kulturdialog import notebook, paths
from kulturdialog.analysis.builder import Shown
from kulturdialog.content import assemble, cells
from kulturdialog.content import blocks as b
from kulturdialog.data import provenance
from kulturdialog.errors import ParameterError
from kulturdialog.formats import exporter
from kulturdialog.formats.html import fragment
from kulturdialog.lang.i18n import language
from kulturdialog.publish import index
from kulturdialog.publish.target import Target
from kulturdialog.run import params

SV = language("sv")


# -- cell options ------------------------------------------------------------------------------
def test_known_options_pass():
    source = (
        '#| label: tbl-x\n#| tbl-cap: "A."\n#| tbl-cap-en: "B."\n#| include: true\n'
        "#| echo: false\n#| output: true\n#| fig-width: 6\n#| fig-height: 3.5\nx"
    )
    assert cells.problems(cells.options(source)) == []


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('#| tab-cap: "A."', "unknown cell option '#| tab-cap'; did you mean 'tbl-cap'?"),
        ('#| fig-alt-text: "A."', "unknown cell option '#| fig-alt-text'; did you mean 'fig-alt'?"),
        ("#| zzz: 1", "unknown cell option '#| zzz'; known: label, tbl-cap"),
        ('#| tbl-cap: ""', "'#| tbl-cap' is empty"),
        ("#| fig-cap:", "'#| fig-cap' is empty"),
        ("#| echo: maybe", "'#| echo: maybe': expected true or false"),
        ("#| fig-width: wide", "'#| fig-width: wide': expected a size in inches"),
        ("#| fig-height: -2", "'#| fig-height: -2': expected a size in inches"),
    ],
)
def test_a_wrong_option_is_named_with_the_fix(line, message):
    (found,) = cells.problems(cells.options(f"{line}\nx = 1"))
    assert found.startswith(message), found


@pytest.mark.parametrize(
    "options",
    [
        '#| fig-cap: ["Möten.", "Deltagare."]',
        '#| fig-cap:\n#|   - "Möten."\n#|   - "Deltagare."',
    ],
)
def test_a_list_of_captions_is_named_never_shown_as_its_brackets(options):
    """Quarto's one caption per figure of a cell showed as the caption "['Möten.',
    'Deltagare.']" (the one-line list) or stopped on "'#| fig-cap' is empty" (a list over
    several lines): both now say that a cell takes one caption, and how to caption each."""
    opts = cells.options(f'{options}\n#| fig-alt: "A."\nfig')
    assert dict(opts) == {"fig-cap": "Möten.", "fig-alt": "A."}
    (found,) = cells.problems(opts)
    assert found.startswith("'#| fig-cap' is a list: a cell takes one caption; show one figure")
    assert cells.code(f"{options}\nfig") == "fig"


def test_a_caption_with_a_colon_needs_no_quotes():
    """YAML reads `Möten: per grupp` as a mapping; the caption is the text as written."""
    opts = cells.options("#| tbl-cap: Möten: per grupp\n#| label: tbl-x\nx")
    assert dict(opts) == {"tbl-cap": "Möten: per grupp", "label": "tbl-x"}
    assert cells.problems(opts) == []


def test_flags_default_as_in_quarto_and_code_leaves_out_the_options():
    opts = cells.options("#| echo: true\n#| include: false\n\nx = 1\n#| not an option\n")
    flags = [cells.flag(opts, key) for key in ("echo", "include", "output")]
    assert flags == [True, False, True]
    assert cells.flag({}, "include") and not cells.flag({}, "echo")
    assert cells.code("#| echo: true\nx = 1\n#| kept\n") == "x = 1\n#| kept"


# -- an executed notebook, assembled ----------------------------------------------------------
def table_output(caption: str = "", number: int = 1) -> dict:
    table = b.Table(caption, (b.Column("a"),), (("1",),), number=number)
    bundle = Shown([table])._repr_mimebundle_()
    return nbformat.v4.new_output("display_data", data=bundle)


def executed(*cells_: tuple[str, list]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# Titel")]
    for source, outputs in cells_:
        cell = nbformat.v4.new_code_cell(source)
        cell.outputs = outputs
        nb.cells.append(cell)
    return nb


def kinds(document: b.Document) -> list[str]:
    return [x.type for x in document.blocks if x.type not in ("title", "contents")]


def test_include_false_leaves_out_the_cell_echo_shows_its_code_output_false_its_outputs():
    nb = executed(
        ("#| include: false\nsecret()", [table_output("Hemlig.")]),
        ('#| echo: true\n#| tbl-cap: "Visad."\nshown()', [table_output()]),
        ("#| echo: true\n#| output: false\nquiet()", [table_output("Tyst.")]),
    )
    document = assemble.document(nb, "n.ipynb")
    assert kinds(document) == ["code", "table", "code"]
    codes = [x.text for x in document.blocks if isinstance(x, b.Code)]
    assert codes == ["shown()", "quiet()"]
    assert [t.caption for t in document.tables()] == ["Visad."]


def test_an_unknown_option_fails_naming_notebook_cell_and_the_nearest_option():
    nb = executed(('#| tab-cap: "Möten."\nframe', [table_output("Möten.")]))
    with pytest.raises(assemble.CellProblem) as caught:
        assemble.document(nb, "notebooks/x.py")
    assert str(caught.value) == (
        "notebooks/x.py: cell 2: unknown cell option '#| tab-cap'; did you mean 'tbl-cap'?"
    )


def test_the_preview_shows_an_unknown_option_as_a_warning():
    nb = executed(('#| tab-cap: "Möten."\nframe', [table_output("Möten.")]))
    document = assemble.document(nb, "n", strict=False)
    (note,) = [x for x in document.blocks if isinstance(x, b.Note)]
    assert note.role == "warning" and "did you mean 'tbl-cap'" in b.plain(list(note.content))


def test_a_table_without_a_caption_fails_naming_the_option():
    nb = executed(("frame", [table_output("")]))
    with pytest.raises(
        assemble.CellProblem,
        match=r'cell 2 shows a table without a caption; add a line `#\| tbl-cap: "…"`',
    ):
        assemble.document(nb, "n")


def test_a_caption_over_a_result_that_is_text_alone_fails_naming_the_cell_and_option():
    """`#| tbl-cap:` over a result the report leaves out (text alone: a table shown by a kernel
    without the package's formatters, `len(df)`) would lose the table and its caption
    silently. A cell that shows nothing (an `if` chose not to) needs no table."""
    text = nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1)
    nb = executed(('#| tbl-cap: "Möten per grupp."\nsizes', [text]))
    with pytest.raises(
        assemble.CellProblem,
        match=r"cell 2 has `#\| tbl-cap` but shows no table: its result is text alone, which",
    ):
        assemble.document(nb, "n")
    figure_less = executed(('#| fig-cap: "F."\n#| fig-alt: "A."\nfig', [text]))
    with pytest.raises(assemble.CellProblem) as err:
        assemble.document(figure_less, "n")
    assert [line.split(":")[1] for line in str(err.value).splitlines()] == [
        " cell 2 has `#| fig-cap` but shows no figure",
        " cell 2 has `#| fig-alt` but shows no figure",
    ]
    preview = assemble.document(nb, "n", strict=False)
    (note,) = [x for x in preview.blocks if isinstance(x, b.Note)]
    assert "shows no table" in b.plain(list(note.content))
    nothing = executed(('#| tbl-cap: "Möten."\nif rows:\n    frame', []))
    assert kinds(assemble.document(nothing, "n")) == []


def test_an_output_the_report_cannot_carry_is_an_error_not_dropped():
    html = nbformat.v4.new_output(
        "execute_result", data={"text/html": "<b>x</b>", "text/plain": "x"}, execution_count=1
    )
    with pytest.raises(assemble.CellProblem, match="cell 2 shows text/html, which the report"):
        assemble.document(executed(("widget", [html])), "n")


def test_a_text_only_result_and_a_print_are_left_out_by_rule():
    result = nbformat.v4.new_output("execute_result", data={"text/plain": "42"}, execution_count=1)
    printed = nbformat.v4.new_output("stream", name="stdout", text="debug\n")
    document = assemble.document(executed(("len(x)", [result, printed])), "n")
    assert kinds(document) == []


# -- the exporters show the code --------------------------------------------------------------
CODE = 'df.groupby("format")\n    .size()  # <b>&</b>'


def test_html_shows_code_escaped_in_a_pre_block():
    html = fragment([b.Code(CODE)])
    assert html == (
        '<pre class="code"><code class="language-python">df.groupby(&quot;format&quot;)\n'
        "    .size()  # &lt;b&gt;&amp;&lt;/b&gt;</code></pre>"
    )


def test_word_shows_code_in_its_own_style_line_by_line():
    document = b.Document(b.DocInfo("T"), [b.Title(b.DocInfo("T")), b.Code(CODE)])
    read = docx.Document(io.BytesIO(exporter("docx").to_bytes(document)))  # type: ignore[attr-defined]
    (para,) = [p for p in read.paragraphs if p.style.name == "Code Block"]
    assert para.text == CODE
    assert "Consolas" in read.styles["Code Block"].element.xml


def test_a_code_block_survives_json():
    assert b.loads(b.dumps([b.Code(CODE)])) == [b.Code(CODE)]


# -- the session in the kernel ----------------------------------------------------------------
FRAME = pd.DataFrame({"a": [1, 2]})


def test_running_a_cell_again_keeps_its_numbers():
    session = notebook.Session()
    numbers = []

    def run(cell: str) -> None:
        session.run_cell(cell, "", {})
        numbers.append((cell, session.table(FRAME, "T").blocks[0].number))

    for cell in ("a", "b", "c", "b", "b", "a", "c"):
        run(cell)
    assert numbers == [("a", 1), ("b", 2), ("c", 3), ("b", 2), ("b", 2), ("a", 1), ("c", 3)]


def test_the_session_names_a_wrong_option_under_the_cell(capsys):
    notebook.Session().run_cell("a", '#| tab-cap: "T."\nframe', {})
    assert capsys.readouterr().err == (
        "kulturdialog: unknown cell option '#| tab-cap'; did you mean 'tbl-cap'?\n"
    )


def test_the_session_follows_the_notebooks_language_unless_it_is_fixed():
    session = notebook.Session()
    session.run_cell("a", "", {"language": "en"})
    assert session.table(pd.DataFrame({"n": [1234]}), "T").blocks[0].rows == (("1,234",),)
    fixed = notebook.Session(SV)
    fixed.run_cell("a", "", {"language": "en"})
    assert fixed.lang.code == "sv"


def test_a_cell_sizes_its_figure_in_inches():
    import matplotlib.pyplot as plt

    session = notebook.Session()
    session.run_cell("a", "#| fig-width: 4\n#| fig-height: 2\n", {})
    fig, _ = plt.subplots()
    shown = session.figure(fig, "C", "A").blocks[0]
    assert 'width="288pt" height="144pt"' in shown.svg


def tick_labels(axis) -> list[str]:
    """The labels of the ticks drawn (those within the axis's view)."""
    low, high = sorted(axis.get_view_interval())
    locs = [x for x in axis.get_majorticklocs() if low - 1e-9 <= x <= high + 1e-9]
    return axis.get_major_formatter().format_ticks(locs)


def test_a_figures_numbers_are_in_the_reports_language_and_years_are_whole_years():
    """An analyst's line over the years showed 2019.00, 2019.25, … on its x axis: now 2019,
    2020, 2021, and the other numbers as the report writes them; an axis the notebook
    formatted itself keeps its format."""
    from matplotlib.figure import Figure

    fig = Figure()
    years, shares, own = (
        fig.add_subplot(1, 3, 1),
        fig.add_subplot(1, 3, 2),
        fig.add_subplot(1, 3, 3),
    )
    years.plot([2019, 2020, 2021], [206, 219, 3310])
    years.set_xlabel("År")
    shares.plot([0, 1], [0.25, 1.5])
    own.plot([0, 1], [0.5, 1.5])
    own.yaxis.set_major_formatter(lambda y, _: f"{y:.2f} st")
    notebook.ticks_in_language(fig, SV)
    assert tick_labels(years.xaxis) == ["2019", "2020", "2021"]
    assert "3\u00a0000" in tick_labels(years.yaxis)
    assert tick_labels(shares.yaxis)[:3] == ["0,2", "0,4", "0,6"]
    assert tick_labels(own.yaxis)[0].endswith(" st") and "." in tick_labels(own.yaxis)[0]
    english = Figure().add_subplot()
    english.plot([0, 1], [0.5, 2500])
    notebook.ticks_in_language(english.figure, language("en"))
    assert "1,000" in tick_labels(english.yaxis)


def test_a_wrong_size_leaves_the_figure_as_drawn():
    import matplotlib.pyplot as plt

    session = notebook.Session()
    session.run_cell("a", "#| fig-width: wide\n", {})
    fig, _ = plt.subplots(figsize=(5, 2))
    assert 'width="360pt" height="144pt"' in session.figure(fig, "C", "A").blocks[0].svg


def test_a_describe_result_has_no_index_column_and_dates_read_as_dates():
    frame = pd.DataFrame({"dag": pd.to_datetime(["2021-03-03", "2021-04-05"]), "n": [1, 2]})
    described = notebook.frame_table(frame.describe(), SV)
    assert [c.header for c in described.columns] == ["", "dag", "n"]
    assert described.rows[0][0] == "count" and described.rows[1][1] == "19 mars 2021 12:00"
    english = notebook.frame_table(frame, language("en"))
    assert english.rows[0] == ("3 March 2021", "1")
    indexed = notebook.frame_table(frame.set_index("n"), SV)
    assert [c.header for c in indexed.columns] == ["n", "dag"]
    assert indexed.rows[1] == ("2", "5 april 2021")


def test_a_series_is_one_column_under_its_name_or_the_word_for_its_values():
    sizes = pd.DataFrame({"format": ["digital", "digital", "hybrid"]}).groupby("format").size()
    unnamed = notebook.frame_table(sizes, SV)
    assert [c.header for c in unnamed.columns] == ["format", "Värde"]
    assert unnamed.rows == (("digital", "2"), ("hybrid", "1"))
    english = notebook.frame_table(sizes, language("en"))
    assert [c.header for c in english.columns] == ["format", "Value"]
    counted = notebook.frame_table(pd.Series(["a", "b", "a"], name="tema").value_counts(), SV)
    assert [c.header for c in counted.columns] == ["tema", "count"]
    shares = notebook.frame_table(pd.Series([0.04, 0.5], name="andel"), SV)
    assert [c.header for c in shares.columns] == ["andel"]  # a plain 0, 1 index: left out
    assert shares.rows == (("0,040",), ("0,500",))


def test_small_numbers_are_never_shown_as_zero():
    """A share of 0.04 showed as 0,0: a column with a value below 0,1 takes the decimals its
    smallest value needs for two significant digits; other columns keep one decimal."""
    frame = pd.DataFrame({"tema": ["a", "b"], "andel": [0.04, 0.643], "medel": [12.5, 3.25]})
    assert notebook.frame_table(frame, SV).rows == (("a", "0,040", "12,5"), ("b", "0,643", "3,2"))
    mixed = notebook.frame_table(pd.DataFrame({"värde": ["text", 0.04, 2.5, 3]}), SV)
    assert [r[0] for r in mixed.rows] == ["text", "0,040", "2,5", "3"]
    halves = notebook.frame_table(pd.DataFrame({"andel": [0.5, 0.12], "n": [1.5, 12.0]}), SV)
    assert halves.rows == (("0,50", "1,5"), ("0,12", "12,0"))


def test_a_column_of_fractions_keeps_two_significant_digits():
    """value_counts(normalize=True) showed 9/14, 3/14 and 2/14 as 0,6, 0,2 and 0,1 (summing to
    0,9): a column of values below 1 takes the decimals its smallest needs for two digits."""
    shares = pd.Series(["d"] * 9 + ["h"] * 3 + ["i"] * 2, name="format").value_counts(
        normalize=True
    )
    table = notebook.frame_table(shares, SV)
    assert table.rows == (("d", "0,64"), ("h", "0,21"), ("i", "0,14"))
    assert notebook.frame_table(pd.Series([0.5, 1.25]), SV).rows == (("0,5",), ("1,2",))


def test_a_table_without_rows_says_so_under_its_header():
    empty = pd.DataFrame({"meeting_id": [], "participants": []})
    assert notebook.frame_table(empty, SV).notes == ("Inga rader att visa.",)
    assert notebook.frame_table(empty, language("en")).notes == ("No rows to show.",)
    assert notebook.frame_table(pd.DataFrame({"a": [1]}), SV).notes == ()


def test_years_are_written_as_years_and_counts_with_a_thousands_separator():
    """A pivot by year shows 2019, not 2 019 (as an analyst's notebook did); a count of 2019
    beside it keeps its separator, and a column headed `år` of small counts stays a count."""
    meetings = pd.DataFrame({"År": [2019, 2020, 2021], "deltagare": [2019, 845, 12]})
    by_index = notebook.frame_table(meetings.set_index("År"), SV)
    assert by_index.rows == (("2019", "2\u00a0019"), ("2020", "845"), ("2021", "12"))
    as_column = notebook.frame_table(meetings.rename(columns={"År": "year"}), language("en"))
    assert as_column.rows[0] == ("2019", "2,019")
    with_gap = notebook.frame_table(pd.DataFrame({"år": [2019.0, None], "n": [1, 2]}), SV)
    assert [r[0] for r in with_gap.rows] == ["2019", notebook.MISSING]
    ages = notebook.frame_table(pd.DataFrame({"år": [3, 12], "n": [1, 2]}), SV)
    assert [r[0] for r in ages.rows] == ["3", "12"]


# -- parameters per notebook ------------------------------------------------------------------
def nb_with(folder, name: str, parameters: str) -> None:
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(parameters)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell]
    nbformat.write(nb, folder / f"{name}.ipynb")


@pytest.fixture
def two_notebooks(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "params").mkdir()
    nb_with(tmp_path / "notebooks", "summary", "year: int = 2021\ncompare: bool = True")
    nb_with(tmp_path / "notebooks", "profile", 'year: int = 2021\nmunicipality: str = "0180"')
    return tmp_path


def test_each_notebook_takes_the_keys_it_declares(two_notebooks):
    root = two_notebooks
    (root / "params/2021.yaml").write_text("year: 2021\ncompare: false\nmunicipality: '0114'\n")
    profile = params.load(2021, root / "notebooks/profile.ipynb", root)
    summary = params.load(2021, root / "notebooks/summary.ipynb", root)
    assert profile == {"year": 2021, "municipality": "0114"}
    assert summary == {"year": 2021, "compare": False}


def test_a_key_no_notebook_declares_is_an_error_naming_key_and_file(two_notebooks):
    root = two_notebooks
    (root / "params/2021.yaml").write_text("year: 2021\ncompair: false\n")
    with pytest.raises(ParameterError, match=r"params/2021.yaml:\n  - unknown parameter 'compair'"):
        params.load(2021, root / "notebooks/profile.ipynb", root)


def test_an_override_is_still_checked_against_its_own_notebook(two_notebooks):
    root = two_notebooks
    with pytest.raises(ParameterError, match="unknown parameter 'compare'"):
        params.load(2021, root / "notebooks/profile.ipynb", root, {"compare": True})


# -- the pair is one notebook -----------------------------------------------------------------
PY = '# %% tags=["parameters"]\nyear: int = 2021  # the year\n\n# %%\nprint(year)\n'


@pytest.fixture
def pair(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    (folder / "x.py").write_text(PY, encoding="utf-8")
    return tmp_path, folder / "x.ipynb", folder / "x.py"


def make_twin(py, ipynb, extra: str = "") -> None:
    import jupytext

    nb = jupytext.read(py)
    if extra:
        nb.cells.append(nbformat.v4.new_markdown_cell(extra))
    nbformat.write(nb, ipynb)


def age(path, seconds: float) -> None:
    stamp = time.time() - seconds
    os.utime(path, (stamp, stamp))


def test_a_py_notebook_alone_is_the_notebook_and_its_parameters_read(pair):
    root, _, py = pair
    assert paths.notebook_file("x", root) == py
    assert params.declared(py)["year"]["help"] == "the year"


def test_a_newer_py_that_differs_is_used_and_the_stale_ipynb_named(pair, caplog):
    root, ipynb, py = pair
    make_twin(py, ipynb, "An old cell.")
    age(ipynb, 60)
    with caplog.at_level(logging.WARNING, "kulturdialog"):
        assert paths.notebook_file("x", root) == py
    assert caplog.messages == [
        "x.ipynb is older than x.py and differs from it: using x.py "
        f"(to sync the pair: jupytext --sync {paths.relative(py, root)})"
    ]


def test_a_newer_py_with_a_new_tag_is_used(pair):
    root, ipynb, py = pair
    make_twin(py, ipynb)
    py.write_text(PY.replace("# %%\nprint", '# %% tags=["remove-cell"]\nprint'), encoding="utf-8")
    age(ipynb, 60)
    assert paths.notebook_file("x", root) == py


def test_a_newer_py_with_the_same_cells_leaves_the_ipynb(pair, caplog):
    root, ipynb, py = pair
    make_twin(py, ipynb)
    age(ipynb, 60)
    assert paths.notebook_file("x", root) == ipynb
    assert not caplog.messages


def test_a_newer_ipynb_is_used(pair):
    root, ipynb, py = pair
    make_twin(py, ipynb, "A new cell.")
    age(py, 60)
    assert paths.notebook_file("x", root) == ipynb


# -- drafts -----------------------------------------------------------------------------------
def test_a_draft_goes_to_reports_drafts_and_the_index_never_lists_it(tmp_path):
    target = Target.of(2021, "annual_summary", None, draft=True)
    folder = target.folder(tmp_path)
    assert folder == tmp_path / "drafts" / "2021"
    folder.mkdir(parents=True)
    (folder / "manifest.json").write_text('{"notebook": "annual_summary", "outputs": {}}')
    written = index.write(tmp_path)
    assert all("drafts" not in p.read_text(encoding="utf-8") for p in written)


def test_a_draft_says_so_on_its_title_page():
    document = assemble.document(executed(), "n", draft=True)
    title = document.blocks[0]
    assert isinstance(title, b.Title)
    assert (title.facts[-1].label, title.facts[-1].value) == ("Status", "Utkast")
    assert not any(f.role == "draft" for f in assemble.document(executed(), "n").blocks[0].facts)


def git(root, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_an_uncommitted_notebook_or_input_makes_the_record_unclean(tmp_path):
    git(tmp_path, "init", "-q")
    git(
        tmp_path,
        "-c",
        "user.name=t",
        "-c",
        "user.email=t@t",
        "commit",
        "-q",
        "--allow-empty",
        "-m",
        "x",
    )
    (tmp_path / "notebooks").mkdir()
    new = tmp_path / "notebooks/new.py"
    new.write_text("x = 1\n")
    assert provenance.code_version(tmp_path)["clean"] is True  # tracked files unchanged
    assert provenance.code_version(tmp_path, [new])["clean"] is False
    git(tmp_path, "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "y")
    assert provenance.code_version(tmp_path, [new])["clean"] is True
