"""The dependencies a fresh machine installs are the ones uv.lock pins, and the lock is current.

`make run`, `make test`, `.ci/run` and the Dockerfile install with `uv sync --locked`, which
refuses a lock that pyproject.toml has moved away from; these tests say so in the suite too.
"""

import shutil
import subprocess
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from django.conf import settings
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(settings.BASE_DIR)
LOCK = tomllib.loads((ROOT / "uv.lock").read_text())
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
LOCKED = {canonicalize_name(package["name"]): package for package in LOCK["package"]}


def _uv():
    return shutil.which("uv", path=str(ROOT / ".uv" / "bin")) or shutil.which("uv")


def _declared():
    project = PROJECT["project"]
    for line in [*project["dependencies"], *project["optional-dependencies"]["test"]]:
        yield Requirement(line)


def test_the_lock_agrees_with_pyproject():
    uv = _uv()
    if uv is None:
        pytest.fail("uv is missing: `make test` installs it from tools/uv-requirements.txt")

    result = subprocess.run(
        [uv, "lock", "--check", "--offline"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("requirement", list(_declared()), ids=str)
def test_every_declared_dependency_is_locked_at_a_version_its_range_allows(requirement):
    package = LOCKED.get(canonicalize_name(requirement.name))

    assert package is not None, f"{requirement.name} is not in uv.lock: run `uv lock`"
    assert requirement.specifier.contains(package["version"], prereleases=True)


def test_every_locked_file_carries_its_hash():
    files = [
        distribution
        for package in LOCK["package"]
        if "source" in package and "registry" in package["source"]
        for distribution in [*package.get("wheels", []), package.get("sdist", {})]
        if distribution
    ]

    assert files
    assert all(distribution["hash"].startswith("sha256:") for distribution in files)


def test_the_installed_versions_are_the_locked_ones():
    """`make test` installed exactly the lock: every locked package here is at its version."""
    mismatched = {}
    for name, package in LOCKED.items():
        if "source" in package and "virtual" in package["source"]:
            continue
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a package for another platform, Python or extra
        if canonicalize_name(installed) != canonicalize_name(package["version"]):
            mismatched[name] = (installed, package["version"])

    assert not mismatched


def test_python_is_pinned_for_the_tools_that_read_it():
    pinned = (ROOT / ".python-version").read_text().strip()

    assert pinned == "3.11"
    assert PROJECT["project"]["requires-python"] == ">=3.11"
    assert LOCK["requires-python"] == ">=3.11"
    assert "FROM python:3.11-" in (ROOT / "Dockerfile").read_text()


def test_uv_itself_is_pinned_with_hashes():
    lines = (ROOT / "tools" / "uv-requirements.txt").read_text().splitlines()
    requirement = next(line for line in lines if line.startswith("uv=="))

    assert requirement.split()[0].count("==") == 1
    assert sum("--hash=sha256:" in line for line in lines) >= 5


@pytest.mark.parametrize(
    ("path", "command"),
    [
        ("Makefile", "$(UV) sync --locked"),
        ("Dockerfile", "uv sync --locked"),
        ("Dockerfile", "--require-hashes"),
        ("Makefile", "--require-hashes"),
    ],
)
def test_every_install_goes_through_the_lock(path, command):
    text = (ROOT / path).read_text()

    assert command in text
    assert "pip install -e" not in text
    assert "pip install ." not in text
