"""The pins of the S3 libraries: ``tests/lowest-constraints.txt`` (what ``make test-lowest`` installs to
run the storage tests) names exactly the lower bound of each one's range in ``pyproject.toml``, so the
lowest version a pin admits is always the one those tests have run against (issue 23)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

REPO = Path(__file__).resolve().parents[1]
CONSTRAINTS = REPO / "tests" / "lowest-constraints.txt"
# The libraries the storage layer is built on (imported by ensure_browser.core, or the demo server's
# certificates that the TLS storage tests use): each must have a lowest version that is tested.
S3_LIBRARIES = {"minio", "obstore", "urllib3", "certifi", "cryptography"}


def _constraints() -> dict[str, Version]:
    pinned: dict[str, Version] = {}
    for line in CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        name, sep, version = line.partition("==")
        assert sep, f"not an exact pin in {CONSTRAINTS.name}: {line!r}"
        pinned[canonicalize_name(name)] = Version(version.strip())
    return pinned


def _requirements() -> list[Requirement]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = [project["dependencies"], *project["optional-dependencies"].values()]
    return [Requirement(text) for group in groups for text in group]


def _lower_bound(requirement: Requirement) -> Version:
    bounds = [Version(spec.version) for spec in requirement.specifier if spec.operator == ">="]
    assert len(bounds) == 1, f"{requirement} needs exactly one lower bound (>=)"
    return bounds[0]


def test_the_constraints_are_the_lower_bounds_of_pyproject() -> None:
    pinned = _constraints()
    assert set(pinned) == S3_LIBRARIES
    seen: set[str] = set()
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        if name not in pinned:
            continue
        seen.add(name)
        assert _lower_bound(requirement) == pinned[name], \
            f"pyproject.toml's {requirement} and {CONSTRAINTS.name}'s {name}=={pinned[name]} disagree"
        assert requirement.specifier.contains(pinned[name], prereleases=True)
    assert seen == S3_LIBRARIES, f"not pinned in pyproject.toml: {sorted(S3_LIBRARIES - seen)}"


def test_every_pin_of_an_s3_library_is_a_closed_or_data_only_range() -> None:
    """An upper bound (the highest version tested) on each, except certifi: a CA bundle, data only,
    whose new releases bring root additions and removals that must not be held back."""
    for requirement in _requirements():
        name = canonicalize_name(requirement.name)
        if name in S3_LIBRARIES - {"certifi"}:
            assert any(spec.operator in {"<", "<="} for spec in requirement.specifier), \
                f"{requirement} admits every future release: give it the highest tested bound"
