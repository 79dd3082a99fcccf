"""A failed render never touches the last good report, and keeps the failed run where it says."""

from __future__ import annotations

import nbformat
import pytest
from conftest import digest

from kulturdialog.errors import DataError, RenderError
from kulturdialog.run.render import render_year

pytestmark = pytest.mark.e2e


def test_a_failing_cell_keeps_the_previous_report_and_the_failed_notebook(published):
    project, before = published
    path = project / "notebooks/annual_summary.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell("raise RuntimeError('analysis broke')"))
    nbformat.write(nb, path)
    with pytest.raises(RenderError) as err:
        render_year(2021, project)
    assert "RuntimeError" in str(err.value) and "analysis broke" in str(err.value)
    assert str(err.value.kept) in str(err.value)
    assert digest(project / "reports/2021") == before
    failed = nbformat.read(err.value.kept / "annual_summary.ipynb", as_version=4)
    errors = [o for c in failed.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert errors and errors[0].ename == "RuntimeError"
    assert not any((project / "reports/.staging").iterdir())


def test_bad_input_stops_before_the_kernel_and_keeps_the_previous_report(published):
    project, before = published
    meetings = project / "data/2021/meetings.csv"
    meetings.write_text(meetings.read_text().replace(",digital,", ",zoom,", 1))
    with pytest.raises(DataError) as err:
        render_year(2021, project)
    assert "data/2021/meetings.csv" in str(err.value) and "'zoom'" in str(err.value)
    assert digest(project / "reports/2021") == before
    assert not (project / "reports/_failed/2021").exists()


def test_every_format_is_written_before_the_first_failure_is_raised(tmp_path, monkeypatch):
    from documents import sample_document

    from kulturdialog.formats.docx import DocxExporter
    from kulturdialog.formats.html import HtmlExporter
    from kulturdialog.run.render import write_formats

    def broken(what):
        def write(self, document, target):
            raise RuntimeError(f"{what} broke")

        return write

    monkeypatch.setattr(HtmlExporter, "write", broken("HTML"))
    monkeypatch.setattr(DocxExporter, "write", broken("Word"))
    formats = ("html", "pdf", "docx", "files")
    with pytest.raises(RuntimeError, match="HTML broke"):  # the first, in the order asked for
        write_formats(sample_document(), formats, tmp_path, "report")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert any((tmp_path / "report-files").iterdir())


@pytest.mark.filterwarnings("error::pytest.PytestUnhandledThreadExceptionWarning")
def test_a_format_that_cannot_prepare_fails_the_render_once_with_its_message(
    published, monkeypatch
):
    from kulturdialog.formats.html import HtmlExporter

    def broken(self, *args):
        raise OSError("the page template is missing")

    project, before = published
    monkeypatch.setattr(HtmlExporter, "prepare", broken)
    monkeypatch.setattr(HtmlExporter, "write", broken)
    with pytest.raises(RenderError, match="the page template is missing"):
        render_year(2021, project, force=True)
    assert digest(project / "reports/2021") == before
