"""Retention against the real server: versioning turned on idempotently, lifecycle drift found in
plain words, applied after a diff, then checked clean; the command line's exit statuses."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator

import pytest
from minio.versioningconfig import SUSPENDED, VersioningConfig

from ensure_browser.cli import lifecycle as lifecycle_cli
from ensure_browser.cli import main as app
from ensure_browser.cli import provision as provision_cli
from ensure_browser.core.provision import provision
from ensure_browser.core.retention.check import (
    RulesChangedMeanwhile,
    RulesNotChanged,
    apply_expected_rules,
    check_all,
    check_bucket,
    exit_status,
)
from ensure_browser.core.retention.compare import drift, rules_diff
from ensure_browser.core.retention.expected import RetentionSettings, expected_rules
from ensure_browser.core.s3.lifecycle import LifecycleRule
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.servers import S3Server
from tests.support.versioned import versioned_names


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with versioned_names(admin_storage) as names:
        yield names


@pytest.fixture
def cli_names(names: BucketNames, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> BucketNames:
    """The command line connected to the test server with this test's bucket names (as a profile would)."""
    settings = s3_server.settings()

    def connection(_args: argparse.Namespace) -> tuple[object, BucketNames, object]:
        return settings, names, lambda: None

    monkeypatch.setattr(lifecycle_cli, "cli_connection", connection)
    monkeypatch.setattr(provision_cli, "cli_connection", connection)
    return names


def test_provision_turns_versioning_on_once(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    assert {admin_storage.bucket_features(b).versioning for b in names.all()} == {"Off"}
    changes = provision(admin_storage, names, versioning=True)
    assert changes == [f"Turned on versioning for {b} (it was off)" for b in names.all()]
    assert {admin_storage.bucket_features(b).versioning for b in names.all()} == {"Enabled"}
    assert provision(admin_storage, names, versioning=True) == []
    admin_storage.client.set_bucket_versioning(names.ocr, VersioningConfig(SUSPENDED))
    assert provision(admin_storage, names, versioning=True) == [f"Turned on versioning for {names.ocr} (it was suspended)"]


def test_provision_versioning_from_the_command_line(cli_names: BucketNames, capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["provision", "--versioning"]) == 0
    first = capsys.readouterr().out
    assert f"Turned on versioning for {cli_names.documents} (it was off)" in first
    assert app.main(["provision", "--versioning"]) == 0
    assert "Nothing to do: the buckets (versioning on)" in capsys.readouterr().out


def test_lifecycle_drift_found_applied_then_clean(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    settings = RetentionSettings(temp_days=3, noncurrent_days=14)
    reports = check_all(admin_storage, names, settings)
    assert [r.status for r in reports] == ["drift"] * 4 and exit_status(reports) == 1
    docs = reports[0]
    messages = [f.message for f in docs.findings]
    assert "Temporary uploads under temp/ are never removed by the server; the schema expects them to expire " \
           "after 3 days." in messages
    assert any(m.startswith("Incomplete multipart uploads are never aborted") and "7 days" in m for m in messages)
    assert any(m.startswith("Old versions (replaced or deleted objects)") and "14 days" in m for m in messages)
    assert any("Versioning is off" in note for note in docs.notes)
    assert "temp/" not in " ".join(f.message for f in reports[1].findings)  # recordings have no temp/
    diff = rules_diff(docs.live, docs.expected, names.documents)
    assert "+rule ensure-temp-uploads on keys under temp/: current objects expire after 3 days" in diff

    for report in reports:
        after = apply_expected_rules(admin_storage, report.bucket, names, settings, seen=report.live)
        assert {r.rule_id for r in after} >= {"ensure-incomplete-uploads", "ensure-noncurrent-versions"}
    reports = check_all(admin_storage, names, settings)
    assert [r.status for r in reports] == ["ok"] * 4 and exit_status(reports) == 0
    # Other numbers are drift again, said as such.
    other = check_bucket(admin_storage, names.documents, names, RetentionSettings(temp_days=5, noncurrent_days=14))
    assert [f.message for f in other.findings] == ["Temporary uploads under temp/ expire after 3 days; the schema "
                                                   "expects 5 days."]


def test_a_rule_that_deletes_schema_data_is_critical(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    settings = RetentionSettings()
    wiping = (*expected_rules("recordings", settings), LifecycleRule("cleanup", "meetings/", expire_days=30))
    admin_storage.set_lifecycle_rules(names.recordings, wiping)
    report = check_bucket(admin_storage, names.recordings, names, settings)
    assert report.status == "drift" and report.worst == "critical"
    assert report.findings[0].message == ("The server deletes the current objects of keys under meetings/ 30 days "
                                          "after they were written; the schema expects no such rule.")
    # Someone changes the rules after the diff was shown: nothing is written.
    admin_storage.set_lifecycle_rules(names.recordings, (LifecycleRule("all", "", expire_days=1),))
    with pytest.raises(RulesChangedMeanwhile) as caught:
        apply_expected_rules(admin_storage, names.recordings, names, settings, seen=report.live)
    assert [r.rule_id for r in caught.value.live] == ["all"]
    assert [r.rule_id for r in admin_storage.lifecycle_rules(names.recordings)] == ["all"]


def test_compare_by_meaning_not_by_text() -> None:
    settings = RetentionSettings()
    expected = expected_rules("documents", settings)
    renamed = tuple(LifecycleRule(f"x{i}", r.prefix, r.enabled, r.expire_days, r.noncurrent_days, r.abort_days)
                    for i, r in enumerate(reversed(expected)))
    assert drift(expected, renamed, ["temp/"]) == []
    combined = (LifecycleRule("one", "", noncurrent_days=30, abort_days=7),
                LifecycleRule("two", "temp/", expire_days=7))
    assert drift(expected, combined, ["temp/"]) == []
    disabled = tuple(LifecycleRule(r.rule_id, r.prefix, False, r.expire_days, r.noncurrent_days, r.abort_days)
                     for r in expected)
    assert len(drift(expected, disabled, ["temp/"])) == 3
    shorter = (*expected[:2], LifecycleRule("n", "", noncurrent_days=2))
    found = drift(expected, shorter, ["temp/"])
    assert [f.severity for f in found] == ["warning"] and "sooner than the 30 days" in found[0].message
    tagged = (*expected, LifecycleRule("t", "", other=("only objects tagged a=b",)))
    assert [f.severity for f in drift(expected, tagged, ["temp/"])] == ["warning"]
    with pytest.raises(ValueError):
        RetentionSettings(temp_days=0)


def test_lifecycle_command_line(cli_names: BucketNames, capsys: pytest.CaptureFixture[str]) -> None:
    assert app.main(["provision"]) == 0
    capsys.readouterr()
    assert app.main(["lifecycle", "check", "--temp-days", "2"]) == 1
    out = capsys.readouterr().out
    assert f"{cli_names.documents} (versioning off): DRIFT (warning)" in out
    assert "expects them to expire after 2 days" in out
    assert app.main(["lifecycle", "check", "--json"]) == 1
    doc = json.loads(capsys.readouterr().out)
    assert [b["status"] for b in doc["buckets"]] == ["drift"] * 4 and doc["exit_status"] == 1
    assert doc["buckets"][0]["versioning"] == "off"

    # Without a terminal to confirm in, nothing is applied unless --yes is given.
    assert app.main(["lifecycle", "apply", "--temp-days", "2"]) == 2
    assert "give --yes" in capsys.readouterr().err
    assert app.main(["lifecycle", "check", "--temp-days", "2"]) == 1
    capsys.readouterr()
    assert app.main(["lifecycle", "apply", "--temp-days", "2", "--yes", "--bucket", cli_names.documents]) == 0
    out = capsys.readouterr().out
    assert "+rule ensure-temp-uploads on keys under temp/: current objects expire after 2 days" in out
    assert f"{cli_names.documents}: the schema's lifecycle rules are set." in out
    assert app.main(["lifecycle", "apply", "--temp-days", "2", "--yes"]) == 0
    capsys.readouterr()
    assert app.main(["lifecycle", "check", "--temp-days", "2"]) == 0
    assert f"{cli_names.documents} (versioning off): OK" in capsys.readouterr().out


def test_lifecycle_apply_asks_and_a_no_changes_nothing(cli_names: BucketNames, admin_storage: Storage) -> None:
    provision(admin_storage, cli_names)
    asked: list[str] = []

    def answer(prompt: str) -> bool:
        asked.append(prompt)
        return prompt.endswith(f"to {cli_names.documents}? [y/N] ")  # yes for the documents bucket only

    args = app.build_parser().parse_args(["lifecycle", "apply"])
    out = io.StringIO()
    assert lifecycle_cli.run(args, out, ask=answer) == 1  # three buckets were left as they are
    assert len(asked) == 4
    text = out.getvalue()
    assert f"{cli_names.recordings}: not changed." in text
    assert f"{cli_names.documents}: the schema's lifecycle rules are set." in text
    assert admin_storage.lifecycle_rules(cli_names.recordings) == ()
    assert [r.status for r in check_all(admin_storage, cli_names)] == ["ok", "drift", "drift", "drift"]


def test_missing_buckets_and_a_read_only_key(admin_storage: Storage, support_storage: Storage,
                                             names: BucketNames) -> None:
    reports = check_all(admin_storage, names)
    assert [r.status for r in reports] == ["missing"] * 4 and exit_status(reports) == 1
    provision(admin_storage, names)
    report = check_bucket(support_storage, names.documents, names)
    with pytest.raises(RulesNotChanged) as caught:
        apply_expected_rules(support_storage, names.documents, names, RetentionSettings(), seen=report.live)
    assert caught.value.message == (f"The access key '{support_storage.settings.access_key}' may not change the "
                                    f"lifecycle rules of {names.documents}.")
    assert admin_storage.lifecycle_rules(names.documents) == ()
