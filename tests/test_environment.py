"""pyproject.toml, requirements.lock and environment.yml describe one and the same environment."""

from __future__ import annotations

import tomllib

import yaml
from conftest import ROOT
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def locked() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version
    return pins


def declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_dependency_is_pinned_exactly_and_locked_at_that_version():
    pins = locked()
    for req in declared():
        spec = str(req.specifier)
        assert spec.startswith("=="), f"{req.name} is not pinned with ==: {spec}"
        assert pins.get(canonicalize_name(req.name)) == spec[2:], f"{req.name}: lock differs"


def test_every_locked_package_is_pinned_exactly():
    assert all(version and "*" not in version for version in locked().values())


def test_environment_yml_installs_the_lock_file_and_the_package():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = env["dependencies"]
    assert "python=3.11" in deps
    pip = next(d["pip"] for d in deps if isinstance(d, dict) and "pip" in d)
    assert pip == ["-r requirements.lock", "-e ."]
