"""Reproducible installs: `make test`, `make demo` and CI install the exact versions in
constraints.txt, which satisfy the ranges pyproject.toml gives users, so an upstream
release cannot change what CI runs until `make upgrade-deps` moves the pins on purpose.
"""
from __future__ import annotations

import re
import sys
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import REPO

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    tomllib = pytest.importorskip("tomli")


def pins() -> dict[str, str]:
    out = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: {line!r} is not an exact pin (name==version)"
            out[canonicalize_name(name)] = version
    return out


def requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = [r for group in project["optional-dependencies"].values() for r in group]  # test, bench, ...
    return [Requirement(r) for r in project["dependencies"] + extras]


def test_every_dependency_is_pinned_within_the_range_users_get():
    locked = pins()
    for req in requirements():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is in pyproject.toml but not pinned in constraints.txt (run `make upgrade-deps`)"
        assert req.specifier.contains(locked[name], prereleases=True), \
            f"constraints.txt pins {req.name}=={locked[name]}, outside pyproject.toml's {req.specifier}"


def test_the_tests_run_on_the_pinned_versions():
    """What `make test` installed is what constraints.txt says (a stale .venv shows here)."""
    locked = pins()
    wrong = {}
    for name, version in locked.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # e.g. a package only another platform needs
        if installed != version:
            wrong[name] = (installed, version)
    assert not wrong, f"installed != pinned: {wrong}; run `make install` (or `make upgrade-deps` to move the pins)"


def test_make_and_ci_install_from_the_constraints():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "pip install" in line and "$(BIN)" in line]
    assert installs and all("-c $(LOCK)" in line for line in installs), installs
    assert re.search(r"^LOCK\s*:=\s*constraints\.txt$", makefile, re.M)
    assert re.search(r"^\$\(STAMP\):.*\$\(LOCK\)", makefile, re.M), "the venv must be rebuilt when the pins change"
    assert re.search(r"^upgrade-deps:", makefile, re.M)
    for target in ("demo", "test"):
        assert re.search(rf"^{target}: \$\(STAMP\)", makefile, re.M)
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
