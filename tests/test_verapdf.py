"""The veraPDF checker itself: it fails a broken PDF on the right rules and passes a good one.

All files are validated against PDF/A-2a and PDF/UA-1 in one Java run (tests/verapdf.py).
"""

from __future__ import annotations

import pikepdf
import pytest
import typst
import verapdf

FONTS = verapdf.ROOT / "src/kulturdialog/assets/fonts"

TYPST_SOURCE = """\
#set document(title: "T")
#set text(lang: "sv", font: "Source Sans 3")
= Rubrik

Ett stycke text om kulturdialogerna, på svenska.
"""


def broken_pdf(path):
    """A page of text in unembedded Helvetica: no XMP, structure tree, language or title."""
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=[0, 0, 595, 842],
        Contents=pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hej) Tj ET"),
        Resources=pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font)),
    )
    pdf.pages.append(pikepdf.Page(page))
    pdf.save(path)
    return path


def typst_pdf(path):
    """A small Swedish document that Typst writes as PDF/A-2a and PDF/UA-1."""
    source = path.with_suffix(".typ")
    source.write_text(TYPST_SOURCE, encoding="utf-8")
    typst.compile(
        str(source),
        output=str(path),
        font_paths=[str(FONTS)],
        ignore_system_fonts=True,
        pdf_standards=["a-2a", "ua-1"],
    )
    return path


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    """veraPDF's results for a broken PDF, a Typst PDF and a file that is no PDF: one Java run."""
    folder = tmp_path_factory.mktemp("verapdf")
    not_pdf = folder / "not-a.pdf"
    not_pdf.write_text("this is no PDF\n")
    files = {
        "broken": broken_pdf(folder / "broken.pdf"),
        "typst": typst_pdf(folder / "typst.pdf"),
        "not a pdf": not_pdf,
    }
    results = verapdf.validate_many(files.values(), mrr_dir=folder / "mrr")
    return {name: results[path] for name, path in files.items()}, folder


@pytest.mark.e2e
def test_a_broken_pdf_is_not_pdf_a_2a_and_fails_the_expected_rules(checked):
    result = checked[0]["broken"]["2a"]
    assert not result.compliant and result.error is None
    assert result.profile == "PDF/A-2a validation profile"
    assert {
        "6.6.2.1-1",  # no XMP metadata stream
        "6.7.2.2-1",  # not marked as tagged
        "6.7.3.3-1",  # no structure tree
        "6.2.11.4.1-1",  # font program not embedded
    } <= result.rule_ids, str(result)
    rule = next(rule for rule in result.rules if rule.id == "6.6.2.1-1")
    assert rule.specification == "ISO 19005-2:2011" and rule.failed_checks == 1
    assert "Metadata" in rule.description
    assert any(line.startswith("6.6.2.1-1 The Catalog dictionary") for line in result.failed)


@pytest.mark.e2e
def test_a_broken_pdf_is_not_pdf_ua_1_and_fails_the_expected_rules(checked):
    result = checked[0]["broken"]["ua1"]
    assert not result.compliant and result.error is None
    assert result.profile == "PDF/UA-1 validation profile"
    assert {
        "7.1-8",  # no XMP metadata stream
        "7.1-10",  # title not displayed (no ViewerPreferences/DisplayDocTitle)
        "7.1-11",  # no structure tree
        "7.1-3",  # content neither tagged nor an artifact
        "7.2-34",  # language of the text unknown
        "7.21.4.1-1",  # font program not embedded
    } <= result.rule_ids, str(result)
    assert all(rule.specification == "ISO 14289-1:2014" for rule in result.rules)


@pytest.mark.e2e
def test_a_pdf_typst_writes_as_pdf_a_2a_and_ua_1_is_compliant_with_both(checked):
    results = checked[0]["typst"]
    assert set(results) == {"2a", "ua1"}
    for result in results.values():
        assert result.compliant, str(result)
        assert result.failed == [] and result.error is None


@pytest.mark.e2e
def test_a_file_that_is_no_pdf_is_reported_as_not_validated(checked):
    for result in checked[0]["not a pdf"].values():
        assert not result.compliant
        assert result.error, str(result)


@pytest.mark.e2e
def test_the_full_reports_are_kept_on_request(checked):
    folder = checked[1]
    report = (folder / "mrr" / "broken.pdf.2a.mrr.xml").read_text(encoding="utf-8")
    assert 'isCompliant="false"' in report and 'clause="6.6.2.1"' in report
    assert (folder / "mrr" / "broken.pdf.ua1.mrr.xml").is_file()


def test_without_the_tools_a_check_fails_naming_the_install_command(tmp_path, monkeypatch):
    monkeypatch.delenv(verapdf.SKIP_ENV, raising=False)
    monkeypatch.setattr(verapdf, "TOOLS", tmp_path / "nothing")
    pdf = broken_pdf(tmp_path / "broken.pdf")
    with pytest.raises(verapdf.VeraPdfMissing, match="run scripts/install-test-tools"):
        verapdf.validate(pdf)


def test_the_environment_can_skip_the_checks(tmp_path, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(verapdf.SKIP_ENV, "1")
    monkeypatch.setattr(verapdf, "TOOLS", tmp_path / "nothing")
    with pytest.raises(pytest.skip.Exception, match=verapdf.SKIP_ENV):
        verapdf.validate(broken_pdf(tmp_path / "broken.pdf"))


def test_under_ci_the_skip_variable_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    monkeypatch.setenv(verapdf.SKIP_ENV, "1")
    monkeypatch.setattr(verapdf, "TOOLS", tmp_path / "nothing")
    with pytest.raises(verapdf.VeraPdfMissing, match=verapdf.INSTALL):
        verapdf.validate(broken_pdf(tmp_path / "broken.pdf"))
