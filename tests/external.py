"""The programs the tests run beyond Python, found one way, and whether this is a CI run.

A missing program fails the test that needs it, naming the program and the command that installs
it (`make test` runs both installers), in CI and outside it. Under CI any skip fails too
(tests/conftest.py).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# program on PATH → (what it is, the command that installs it)
PROGRAMS = {
    "chromium": ("Debian's Chromium", "scripts/install-system-deps --test"),
    "soffice": ("LibreOffice", "scripts/install-test-tools"),
    "pdftotext": ("poppler-utils' pdftotext", "scripts/install-system-deps"),
}


def under_ci() -> bool:
    """True when the environment variable CI is set to anything but "", "0" or "false"."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def command(name: str) -> str:
    """The path of `name` (a key of PROGRAMS) on PATH; fails the calling test without it."""
    path = shutil.which(name)
    if path is None:
        tool, install = PROGRAMS[name]
        pytest.fail(f"{tool} ({name}) is not on PATH: run {install}", pytrace=False)
    return path


def libreoffice(source: Path, to: str, *options: str) -> Path:
    """`source` converted by Debian's LibreOffice into `to` (pdf, xlsx, …) beside it, as a person
    opening it would see it; `options` such as an import filter come before the conversion.
    A profile of its own: another soffice running on the machine does not take the job."""
    profile = (source.parent / f".profile-{source.stem}").as_uri()
    subprocess.run(
        [
            command("soffice"),
            f"-env:UserInstallation={profile}",
            "--headless",
            *options,
            "--convert-to",
            to,
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    converted = source.with_suffix(f".{to}")
    assert converted.exists(), f"LibreOffice wrote no {to} from {source.name}"
    return converted
