"""Retention on each S3 dialect (SeaweedFS, moto_server, rclone serve s3): versioning turned on or
said impossible, lifecycle rules checked and applied, or a server without them said in plain words."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ensure_browser.cli import lifecycle as lifecycle_cli
from ensure_browser.cli.main import main
from ensure_browser.core.errors import NotSupported
from ensure_browser.core.health.scan import scan
from ensure_browser.core.provision import provision
from ensure_browser.core.retention.check import apply_expected_rules, check_all, exit_status
from ensure_browser.core.retention.expected import RetentionSettings
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.dialects import RCLONE, Dialect
from tests.support.versioned import versioned_names

NO_LIFECYCLE = "This server does not support lifecycle rules."


@pytest.fixture
def storage(dialect: Dialect) -> Storage:
    return dialect.storage()  # a new one per test: what it learns of the server starts empty


@pytest.fixture
def names(dialect: Dialect) -> Iterator[BucketNames]:
    with versioned_names(dialect.storage(), "dr") as names:
        yield names


def test_retention_as_each_server_answers(dialect: Dialect, storage: Storage, names: BucketNames) -> None:
    changes = provision(storage, names, versioning=True)
    versioning = [line for line in changes if "versioning" in line]
    reports = check_all(storage, names, RetentionSettings())
    if dialect.name == RCLONE:
        assert versioning == [f"Not turned on: versioning of {b}: This server does not support bucket versioning."
                              for b in names.all()]
        assert "This server does not support bucket versioning." in storage.capabilities.lines()
        assert [r.status for r in reports] == ["unsupported"] * 4
        assert all(r.unsupported == NO_LIFECYCLE for r in reports) and exit_status(reports) == 0
        with pytest.raises(NotSupported, match=NO_LIFECYCLE):
            apply_expected_rules(storage, names.documents, names, RetentionSettings())
        assert all(storage.bucket_exists(b) for b in names.all())  # no request taken for one about the bucket
    else:
        assert versioning == [f"Turned on versioning for {b} (it was off)" for b in names.all()]
        assert [r.status for r in reports] == ["drift"] * 4
        for report in reports:
            apply_expected_rules(storage, report.bucket, names, RetentionSettings(), seen=report.live)
        assert [r.status for r in check_all(storage, names, RetentionSettings())] == ["ok"] * 4
    storage.upload_bytes(names.documents, "students/s1/notes/n1.pdf", b"%PDF one", "application/pdf")
    storage.upload_bytes(names.documents, "students/s1/notes/n1.pdf", b"%PDF two", "application/pdf")
    versions = scan(storage, names).usage.versions[names.documents]
    counted = (0, 0) if dialect.name == RCLONE else (1, 8)  # the first upload, kept as an old version
    assert (versions.noncurrent, versions.noncurrent_bytes, versions.delete_markers) == (*counted, 0)


def test_lifecycle_check_on_a_server_without_rules_says_so(dialect: Dialect, names: BucketNames,
                                                           monkeypatch: pytest.MonkeyPatch,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    settings = dialect.settings()
    monkeypatch.setattr(lifecycle_cli, "cli_connection", lambda _args: (settings, names, lambda: None))
    provision(dialect.storage(), names)
    status = main(["lifecycle", "check"])
    out = capsys.readouterr().out
    if dialect.name == RCLONE:
        assert status == 0
        assert f"{names.documents} (versioning off): NO LIFECYCLE RULES - {NO_LIFECYCLE}" in out
        assert NO_LIFECYCLE in out.split("Learned from the answers")[1]
    else:
        assert status == 1 and f"{names.documents} (versioning off): DRIFT (warning)" in out
