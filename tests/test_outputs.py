"""The report and the export agree on how outputs carry the contents and the title block."""

from kulturdialog import export, outputs, report


def test_report_and_export_use_the_same_metadata_key():
    assert report.TOC_KEY == export.TOC_KEY == outputs.TOC_KEY
