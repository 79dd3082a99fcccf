"""params: the notebook's parameters cell is its signature; params/<year>.yaml is strict."""

from __future__ import annotations

import nbformat
import pytest

from kulturdialog.errors import KulturdialogError, ParameterError
from kulturdialog.run import params


@pytest.fixture(scope="session")
def notebook(repo_root):
    return repo_root / "notebooks" / "annual_summary.ipynb"


@pytest.fixture(scope="session")
def declared(notebook):
    return params.declared(notebook)


def write_params(root, year: int, text: str):
    folder = root / "params"
    folder.mkdir(exist_ok=True)
    (folder / f"{year}.yaml").write_text(text, encoding="utf-8")


PARAMETER_CELLS = [
    'year: int = 2021  # reporting year\ndata_dir: str = "data"',
    "scale = 2\nname = 'a'  # the help",
    "# a comment line\n\nthreshold: float = 0.5\nflag: bool = False  # on or off",
    "values: list = [\n    1,\n    2,\n]  # three lines",
    "",
]


@pytest.mark.parametrize("source", PARAMETER_CELLS)
def test_declared_reads_the_cell_as_papermill_does(tmp_path, source):
    from papermill.inspection import inspect_notebook

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_code_cell("x = 1"), cell]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python", "display_name": "P"}
    path = tmp_path / "n.ipynb"
    nbformat.write(nb, path)
    assert params.declared(path) == inspect_notebook(str(path))
    assert params.declared(path) or not source


def test_declared_keeps_a_hash_inside_a_string_in_the_default(tmp_path):
    """Where papermill's line pattern cuts `'a # b'` at the hash, the syntax tree does not."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("name: str = 'a # b'  # the help")]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, tmp_path / "n.ipynb")
    found = params.declared(tmp_path / "n.ipynb")["name"]
    assert (found["default"], found["help"]) == ("'a # b'", "the help")


def test_declared_reads_every_shipped_notebook_as_papermill_does(repo_root):
    from papermill.inspection import inspect_notebook

    notebooks = [
        *(repo_root / "notebooks").glob("*.ipynb"),
        *(repo_root / "tests").rglob("*.ipynb"),
    ]
    assert len(notebooks) >= 4
    for path in notebooks:
        assert params.declared(path) == inspect_notebook(str(path)), path.name


def test_declared_reads_name_type_default_and_help_from_the_parameters_cell(declared):
    assert list(declared) == ["year", "data_dir", "compare", "language"]
    assert {name: p["inferred_type_name"] for name, p in declared.items()} == {
        "year": "int",
        "data_dir": "str",
        "compare": "bool",
        "language": "str",
    }
    assert declared["language"]["default"] == '"sv"'
    assert declared["data_dir"]["default"] == '"data"'
    assert declared["compare"]["default"] == "True"
    assert all(p["help"] for p in declared.values())


def test_the_projects_params_files_pass(repo_root, notebook):
    for year in (2019, 2020, 2021):
        assert params.load(year, notebook, repo_root)["year"] == year


def test_a_valid_file_is_returned_with_its_values(tmp_path, notebook):
    write_params(tmp_path, 2021, "year: 2021\ncompare: false\ndata_dir: data_test\n")
    assert params.load(2021, notebook, tmp_path) == {
        "year": 2021,
        "compare": False,
        "data_dir": "data_test",
    }


def test_a_missing_params_file_means_the_notebooks_defaults(tmp_path, notebook):
    assert params.load(2021, notebook, tmp_path) == {"year": 2021}


def test_an_empty_params_file_means_the_notebooks_defaults(tmp_path, notebook):
    write_params(tmp_path, 2021, "")
    assert params.load(2021, notebook, tmp_path) == {"year": 2021}


def test_a_file_without_year_gets_the_year_of_its_name(tmp_path, notebook):
    write_params(tmp_path, 2021, "compare: false\n")
    assert params.load(2021, notebook, tmp_path) == {"year": 2021, "compare": False}


BAD = [
    # file content, part of the message
    (
        "year: 2021\ncolour: red\n",
        "unknown parameter 'colour'; expected one of: year, data_dir, compare",
    ),
    ('year: "2021"\n', "parameter 'year': '2021' is not of type int"),
    ("year: 2021\ncompare: yes_please\n", "parameter 'compare': 'yes_please' is not of type bool"),
    ("year: 2021\ncompare: 1\n", "parameter 'compare': 1 is not of type bool"),
    ("year: true\n", "parameter 'year': True is not of type int"),
    ("year: 2021\ndata_dir: 5\n", "parameter 'data_dir': 5 is not of type str"),
    ("year: 2020\n", "parameter 'year': 2020 differs from the file's year 2021"),
]


@pytest.mark.parametrize(("text", "expected"), BAD, ids=[t.strip().split("\n")[-1] for t, _ in BAD])
def test_a_bad_parameter_is_a_parameter_error_naming_the_file(tmp_path, notebook, text, expected):
    write_params(tmp_path, 2021, text)
    with pytest.raises(ParameterError) as raised:
        params.load(2021, notebook, tmp_path)
    message = str(raised.value)
    assert "params/2021.yaml" in message
    assert expected in message


def test_every_problem_of_a_params_file_is_listed_at_once(tmp_path, notebook):
    write_params(tmp_path, 2021, 'year: 2020\ncompare: "yes"\ncolour: red\nfont: serif\n')
    with pytest.raises(ParameterError) as raised:
        params.load(2021, notebook, tmp_path)
    lines = str(raised.value).splitlines()
    assert lines[0] == "4 problem(s) in params/2021.yaml:"
    assert len(lines) == 5
    joined = "\n".join(lines)
    for part in ("'compare': 'yes'", "'colour'", "'font'", "2020 differs"):
        assert part in joined


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("year: [2021\n", "not valid YAML"),
        ("- year: 2021\n", "expected a mapping such as 'year: 2021'"),
    ],
)
def test_a_params_file_that_is_not_a_mapping_is_a_parameter_error(
    tmp_path, notebook, text, expected
):
    write_params(tmp_path, 2021, text)
    with pytest.raises(ParameterError, match="params/2021.yaml") as raised:
        params.load(2021, notebook, tmp_path)
    assert expected in str(raised.value)


def test_check_accepts_an_int_for_a_float_parameter_but_not_a_bool():
    declared = {
        "year": {"inferred_type_name": "int", "default": "2021"},
        "scale": {"inferred_type_name": "float", "default": "1.0"},
    }
    assert params.check({"year": 2021, "scale": 2}, declared, "p.yaml", 2021)["scale"] == 2
    with pytest.raises(ParameterError, match="'scale': True is not of type float"):
        params.check({"scale": True}, declared, "p.yaml", 2021)


def test_parameter_error_is_a_kulturdialog_error_so_the_cli_prints_it():
    assert issubclass(ParameterError, KulturdialogError)


def namespace(**values):
    """What a notebook's globals hold after the parameters cell and papermill's injected cell."""
    import types

    return {
        "__annotations__": {"year": int, "data_dir": str, "compare": bool},
        "In": [],
        "Out": {},
        "get_ipython": print,
        "_": None,
        "kd": types.ModuleType("kd"),
        "year": 2021,
        "data_dir": "data",
        "compare": True,
        **values,
    }


def test_from_namespace_returns_the_declared_parameters():
    assert params.from_namespace(namespace(year=2020)) == {
        "year": 2020,
        "data_dir": "data",
        "compare": True,
    }


def test_from_namespace_rejects_unknown_names_and_wrong_types_all_at_once():
    with pytest.raises(ParameterError) as err:
        params.from_namespace(namespace(colour="red", compare="yes", year="2021"))
    message = str(err.value)
    assert message.startswith("3 problem(s) with the notebook's parameters")
    assert "unknown parameter 'colour'; expected one of: year, data_dir, compare" in message
    assert "parameter 'compare': 'yes' is not of type bool" in message
    assert "parameter 'year': '2021' is not of type int" in message


def test_describe_lists_each_parameter_with_type_default_and_help_aligned(notebook):
    lines = params.describe(notebook).splitlines()
    assert lines[0].split() == ["name", "type", "default", "help"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    found = params.declared(notebook)
    assert [line.split()[:3] for line in lines[2:]] == [
        [name, p["inferred_type_name"], p["default"]] for name, p in found.items()
    ]
    assert lines[2].split()[:3] == ["year", "int", "2021"]
    assert lines[3].split()[:3] == ["data_dir", "str", '"data"']
    assert lines[2].endswith("reporting year: a folder data/<year>/ must exist")
    # Aligned: every column starts at the same place on every line.
    for column in ("type", "default", "help"):
        start = lines[0].index(column)
        assert all(line[start - 2 : start] == "  " and line[start] != " " for line in lines[2:])


def test_describe_shows_an_untyped_parameter_and_a_notebook_without_parameters(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "language": "python",
        "display_name": "Python 3",
    }
    nb.cells = [nbformat.v4.new_code_cell("limit = 5  # at most this many", metadata={"tags": []})]
    path = tmp_path / "plain.ipynb"
    nbformat.write(nb, path)
    assert (
        params.describe(path) == "plain.ipynb: no parameters cell (a code cell tagged 'parameters')"
    )
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, path)
    assert params.describe(path).splitlines()[2].split() == [
        "limit",
        "-",
        "5",
        "at",
        "most",
        "this",
        "many",
    ]


@pytest.mark.parametrize(
    ("type_name", "text", "value"),
    [
        ("int", "2020", 2020),
        ("float", "0.5", 0.5),
        ("str", "0180", "0180"),
        ("bool", "false", False),
        ("bool", "True", True),
        ("None", "as written", "as written"),
    ],
)
def test_a_p_value_is_parsed_as_its_declared_type(type_name, text, value):
    parsed = params.parsed("x", text, {"inferred_type_name": type_name})
    assert parsed == value and type(parsed) is type(value)


@pytest.mark.parametrize(
    ("type_name", "text", "expected"),
    [("int", "twenty", "-p x=twenty: expected a int"), ("bool", "no", "expected true or false")],
)
def test_a_p_value_of_the_wrong_type_is_a_parameter_error(type_name, text, expected):
    with pytest.raises(ParameterError, match=expected):
        params.parsed("x", text, {"inferred_type_name": type_name})
