"""kulturdialog.yaml: the publisher's settings, read and checked as a whole."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kulturdialog.data import settings
from kulturdialog.errors import DataError

ROOT = Path(__file__).resolve().parents[1]


def project_with(tmp_path: Path, change) -> Path:
    """A project folder holding the repository's kulturdialog.yaml after `change(settings)`."""
    raw = yaml.safe_load((ROOT / settings.FILE).read_text(encoding="utf-8"))
    change(raw)
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / settings.FILE).write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return tmp_path


def test_the_repositorys_settings_are_region_stockholms():
    found = settings.load(ROOT)
    assert found.name == {"sv": "Region Stockholm", "en": "Region Stockholm"}
    assert found.organisation_number() == "232100-0016"
    assert found.publisher_iri() == "http://dataportal.se/organisation/SE2321000016"
    assert found.base_url.endswith("/") and found.base_url.startswith("https://")
    assert found.licence.id == "CC0-1.0"
    assert found.archive_folder == ROOT / "archive-packages"


def test_every_problem_is_named_at_once(tmp_path):
    def spoil(raw):
        raw["publisher"]["organisationsnummer"] = "232100-0017"  # wrong check digit
        raw["publisher"]["base_url"] = "regionstockholm.se/kultur"  # relative
        raw["publisher"]["licence"]["url"] = "cc0"
        raw["archive"]["folder"] = "reports/arkiv"

    with pytest.raises(DataError) as raised:
        settings.load(project_with(tmp_path, spoil))
    message = str(raised.value)
    assert "4 problems" in message
    assert "publisher.organisationsnummer" in message and "'232100-0017'" in message
    assert "publisher.base_url" in message and 'ending in "/"' in message
    assert "publisher.licence.url" in message and "'cc0'" in message
    assert "archive.folder" in message and "outside reports/" in message


def test_an_unset_number_is_asked_for_by_what_needs_it(tmp_path):
    def unset(raw):
        raw["publisher"]["organisationsnummer"] = None

    found = settings.load(project_with(tmp_path, unset))
    with pytest.raises(DataError, match="organisationsnummer.*ten digits"):
        found.publisher_iri()


def test_a_missing_file_says_which(tmp_path):
    with pytest.raises(DataError, match="kulturdialog.yaml"):
        settings.load(tmp_path)


def test_a_missing_section_is_named_once(tmp_path):
    def drop(raw):
        del raw["publisher"]["licence"]

    with pytest.raises(DataError) as raised:
        settings.load(project_with(tmp_path, drop))
    assert "1 problem in" in str(raised.value) and "publisher.licence" in str(raised.value)


def test_the_archive_folder_may_be_outside_the_project(tmp_path):
    project = project_with(tmp_path / "p", lambda raw: raw["archive"].update(folder="../arkiv"))
    assert settings.load(project).archive_folder == tmp_path / "arkiv"


def test_organisation_numbers_check_their_last_digit():
    assert settings._valid_number("556036-0793")  # a valid AB number
    assert not settings._valid_number("5560360793")
    assert not settings._valid_number("556036-0794")
