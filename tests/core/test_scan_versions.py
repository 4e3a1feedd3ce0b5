"""The health scan's count of old versions and delete markers, on the real server's versioned buckets."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from ensure_browser.core.health.report import format_report
from ensure_browser.core.health.scan import scan
from ensure_browser.core.provision import provision
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.versioned import versioned_names


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with versioned_names(admin_storage, "sv") as names:
        provision(admin_storage, names)
        yield names


def test_scan_counts_old_versions_and_delete_markers(admin_storage: Storage, names: BucketNames) -> None:
    docs, rec = names.documents, names.recordings
    admin_storage.upload_bytes(rec, "meetings/m1/raw/recording.webm", b"x" * 10, "video/webm")  # before versioning
    admin_storage.enable_versioning(docs)
    material = "classrooms/c1/materials/d1.pdf"
    admin_storage.upload_bytes(docs, material, b"%PDF-1.4 first", "application/pdf")  # 14 bytes
    admin_storage.upload_bytes(docs, material, b"%PDF-1.4 second!", "application/pdf")  # 16, the latest
    note = "students/s1/notes/n1.pdf"
    admin_storage.upload_bytes(docs, note, b"%PDF-1.4 note", "application/pdf")  # 13 bytes
    admin_storage.client.remove_object(docs, note)  # a delete marker on top: the note is an old version now
    admin_storage.client.remove_object(docs, "students/s1/notes/never-was.pdf")  # a marker over nothing

    report = scan(admin_storage, names)
    versions = report.usage.versions
    assert versions[docs].versioning == "Enabled"
    assert (versions[docs].noncurrent, versions[docs].noncurrent_bytes, versions[docs].delete_markers) == (2, 27, 2)
    assert versions[rec].versioning == "Off"
    assert (versions[rec].noncurrent, versions[rec].delete_markers) == (0, 0)
    assert report.usage.buckets[docs].objects == 1  # the latest objects only
    assert not [f for f in report.findings if f.rule == "versions_not_counted"]

    doc = json.loads(report.to_json())
    by_bucket = {b["bucket"]: b for b in doc["usage"]["buckets"]}
    assert by_bucket[docs]["noncurrent_versions"] == 2 and by_bucket[docs]["noncurrent_bytes"] == 27
    assert by_bucket[docs]["delete_markers"] == 2 and by_bucket[docs]["versioning"] == "Enabled"
    assert by_bucket[rec]["versioning"] == "Off"
    text = format_report(report)
    assert "OLD VERSIONS" in text and "DELETE MARKERS" in text

    below = scan(admin_storage, names, prefix="classrooms/")
    assert (below.usage.versions[docs].noncurrent, below.usage.versions[docs].delete_markers) == (1, 0)
