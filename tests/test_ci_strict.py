"""Under CI a skip fails, naming its reason (the hook in tests/conftest.py); outside CI it skips.

Each case runs a small suite in pytester with a copy of the project's conftest.
"""

from __future__ import annotations

import pytest
from conftest import ROOT
from external import under_ci

pytest_plugins = ["pytester"]

SUITE = """
import pytest

@pytest.fixture
def tool():
    pytest.skip("frobnicator missing in a fixture")

@pytest.mark.skipif(True, reason="frobnicator missing by skipif")
def test_skipif():
    pass

def test_skip_in_test():
    pytest.skip("frobnicator missing in the test")

def test_skip_in_fixture(tool):
    pass

def test_importorskip():
    pytest.importorskip("no_such_module_frobnicator")

@pytest.mark.xfail(reason="a known bug", strict=True)
def test_xfail():
    assert False

def test_passes():
    pass
"""
REASONS = [
    "frobnicator missing by skipif",
    "frobnicator missing in the test",
    "frobnicator missing in a fixture",
    "could not import 'no_such_module_frobnicator': No module named 'no_such_module_frobnicator'",
]


@pytest.fixture
def suite(pytester):
    """The suite above, a module skipped while collected, and a skip the allow-list allows."""
    conftest = (ROOT / "tests/conftest.py").read_text(encoding="utf-8")
    allowed = '\nALLOWED_SKIPS_IN_CI["*::test_allowed_*"] = "the reason it may skip in CI"\n'
    pytester.makeconftest(conftest + allowed)
    pytester.makepyfile(
        test_suite=SUITE,
        test_module_skip='import pytest\npytest.importorskip("no_such_module_frobnicator")\n',
        test_allowed='import pytest\n\ndef test_allowed_to_skip():\n    pytest.skip("allowed")\n',
    )
    return pytester


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, False), ("", False), ("0", False), ("false", False), (" False ", False)]
    + [("true", True), ("1", True), ("yes", True)],
)
def test_ci_is_any_value_but_empty_0_or_false(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", value)
    assert under_ci() is expected


def test_under_ci_every_skip_fails_naming_its_reason_but_xfail_and_allowed_skips(
    suite, monkeypatch
):
    monkeypatch.setenv("CI", "true")
    result = suite.runpytest("--continue-on-collection-errors")
    # a skipif or a fixture's skip fails the setup (an error), a skipped module its collection
    result.assert_outcomes(failed=2, errors=3, xfailed=1, passed=1, skipped=1)
    output = result.stdout.str()
    for reason in REASONS:
        assert f"skipped, and a skip fails under CI=true: {reason}" in output
    assert "ERROR test_module_skip.py - skipped, and a skip fails under CI=true" in output


def test_outside_ci_a_skip_is_a_skip_with_its_reason(suite, monkeypatch):
    monkeypatch.setenv("CI", "false")
    result = suite.runpytest("-rs")
    result.assert_outcomes(skipped=6, xfailed=1, passed=1)
    output = result.stdout.str()
    assert all(reason in output for reason in REASONS)
