"""The project's settings (kulturdialog.yaml): the publisher, its licence, the archive folder.

Read once per use and checked as a whole: every problem is reported at once, each naming the
file, the key, the value and what was expected. The organisationsnummer may be left unset
(`~`) in a project that only renders; what needs it (the catalogue, archival packages) asks
for it with `Settings.organisation_number()`, which says how to set it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kulturdialog import paths
from kulturdialog.errors import DataError, Problem

FILE = "kulturdialog.yaml"


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX identifier, e.g. CC0-1.0
    url: str
    title: str


@dataclass(frozen=True)
class Contact:
    name: str
    email: str


@dataclass(frozen=True)
class Settings:
    """What kulturdialog.yaml says; `file` is where it was read."""

    file: Path
    name: dict[str, str]  # the publisher's name by language (sv, en)
    organisationsnummer: str | None  # ten digits with the dash, e.g. 232100-0016
    contact: Contact
    base_url: str  # absolute, ends in "/"
    licence: Licence
    archive_folder: Path  # absolute

    def organisation_number(self) -> str:
        """The organisationsnummer, or a clear error when the file leaves it unset."""
        if self.organisationsnummer is None:
            raise DataError(
                [
                    Problem(
                        self.file.name,
                        "the organisation's number (publisher: organisationsnummer), "
                        'ten digits such as "232100-0016"; archives and the open-data '
                        "portal identify the publisher by it",
                        column="publisher.organisationsnummer",
                    )
                ],
                where=self.file.name,
            )
        return self.organisationsnummer

    def publisher_iri(self) -> str:
        """The publisher as Sveriges dataportal names it: .../organisation/SE<ten digits>."""
        digits = self.organisation_number().replace("-", "")
        return f"http://dataportal.se/organisation/SE{digits}"


def load(root: Path | None = None) -> Settings:
    """The project's kulturdialog.yaml, checked; DataError lists every problem in it."""
    project = paths.project_root(root)
    file = project / FILE
    problems: list[Problem] = []

    def problem(key: str, value: object, expected: str) -> None:
        problems.append(Problem(FILE, expected, column=key, value=value))

    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(
            [
                Problem(
                    FILE, "the project's settings file; copy it from the kulturdialog repository"
                )
            ],
            where=FILE,
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise DataError(
            [Problem(FILE, f"valid YAML ({getattr(error, 'problem', error)})", row=row)],
            where=FILE,
        ) from None
    raw = raw if isinstance(raw, dict) else {}
    publisher = _mapping(raw, "publisher", problem)
    names = _mapping(publisher, "publisher.name", problem, key="name")
    name = {
        lang: _text(names, f"publisher.name.{lang}", problem, key=lang) for lang in ("sv", "en")
    }

    number = publisher.get("organisationsnummer")
    if number is not None and not _valid_number(str(number)):
        problem(
            "publisher.organisationsnummer",
            number,
            'an organisationsnummer: ten digits as "NNNNNN-NNNN" with a valid check digit',
        )
        number = None

    contact_raw = _mapping(publisher, "publisher.contact", problem, key="contact")
    contact = Contact(
        _text(contact_raw, "publisher.contact.name", problem, key="name"),
        _text(contact_raw, "publisher.contact.email", problem, key="email"),
    )
    if contact.email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", contact.email):
        problem("publisher.contact.email", contact.email, "an e-mail address")

    base_url = _text(publisher, "publisher.base_url", problem, key="base_url")
    if base_url and not re.fullmatch(r"https?://[^/\s]+/(\S*/)?", base_url):
        problem(
            "publisher.base_url",
            base_url,
            'an absolute http(s) address ending in "/", where reports/ is published',
        )

    licence_raw = _mapping(publisher, "publisher.licence", problem, key="licence")
    licence = Licence(
        _text(licence_raw, "publisher.licence.id", problem, key="id"),
        _text(licence_raw, "publisher.licence.url", problem, key="url"),
        _text(licence_raw, "publisher.licence.title", problem, key="title"),
    )
    if licence.url and not re.fullmatch(r"https?://\S+", licence.url):
        problem("publisher.licence.url", licence.url, "the licence's absolute http(s) address")

    archive = _mapping(raw, "archive", problem)
    folder_text = _text(archive, "archive.folder", problem, key="folder")
    folder = (project / folder_text).resolve() if folder_text else project
    reports = (project / "reports").resolve()
    if folder_text and (folder == reports or reports in folder.parents):
        problem(
            "archive.folder",
            folder_text,
            "a folder outside reports/: reports/ is published, archival packages are not",
        )
    if problems:
        raise DataError(problems, where=FILE)
    return Settings(
        file=file,
        name=name,
        organisationsnummer=None if number is None else str(number),
        contact=contact,
        base_url=base_url,
        licence=licence,
        archive_folder=folder,
    )


def _mapping(
    parent: dict[str, Any], path: str, problem: Any, key: str | None = None
) -> dict[str, Any]:
    value = parent.get(key or path)
    if isinstance(value, dict):
        return value
    problem(path, value, "a section of keys")
    return {}


def _text(parent: dict[str, Any], path: str, problem: Any, key: str) -> str:
    value = parent.get(key)
    if isinstance(value, str) and value.strip():
        return value.strip()
    if parent:  # a missing section is reported once, as the section
        problem(path, value, "a text")
    return ""


def _valid_number(number: str) -> bool:
    """Ten digits as NNNNNN-NNNN whose last is the Luhn check digit of the first nine."""
    if not re.fullmatch(r"\d{6}-\d{4}", number):
        return False
    digits = [int(d) for d in number.replace("-", "")]
    total = 0
    for position, digit in enumerate(reversed(digits)):
        doubled = digit * 2 if position % 2 else digit
        total += doubled - 9 if doubled > 9 else doubled
    return total % 10 == 0
