"""The storage health scan on a real server: defects found exactly, usage totals, JSON, prefixes,
cancellation, bounded memory, fixes, and the ``scan`` command line."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ensure_browser.cli import main as app
from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, InvalidRequest
from ensure_browser.core.health import scan as scan_module
from ensure_browser.core.health.entities import entity_of, listing_prefix
from ensure_browser.core.health.fixes import apply_fixes, plan_fixes
from ensure_browser.core.health.history import VersionTally, count_versions, is_versioned
from ensure_browser.core.health.report import Finding, ScanProgress, ScanReport, format_report, human_age
from ensure_browser.core.health.scan import YIELD_EVERY, ScanAggregator, _scan_bucket, scan
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.units import human_bytes
from ensure_browser.demo.server import SeaweedServer
from tests.support.servers import S3Server, remove_bucket, running_server

# (role, key, size): a small storage with one of each defect, and clean entities around them.
OBJECTS: list[tuple[str, str, int]] = [
    ("documents", "classrooms/c1/materials/d1.pdf", 100),
    ("documents", "classrooms/c1/thumbnails/d1_thumb.png", 20),
    ("documents", "classrooms/c1/materials/d2.pdf", 300),  # no thumbnail
    ("documents", "classrooms/c1/notes.txt", 5),  # unrecognized
    ("documents", "classrooms/c2/thumbnails/d9_thumb.png", 40),  # no material
    ("documents", "students/s1/notes/n1.pdf", 50),
    ("documents", "temp/u-old/part-0001", 70),  # stale once `now` is two days ahead
    ("recordings", "meetings/m1/raw/recording.webm", 1000),
    ("recordings", "meetings/m1/chunks/chunk_0.webm", 200),
    ("recordings", "meetings/m1/chunks/chunk_1.webm", 0),  # empty
    ("recordings", "meetings/m1/chunks/chunk_3.webm", 200),  # chunk 2 is missing
    ("recordings", "meetings/m1/processed/audio.mp3", 150),
    ("recordings", "meetings/m2/raw/recording.webm", 500),
    ("recordings", "meetings/m2/chunks/chunk_0.webm", 100),
    ("recordings", "meetings/m2/chunks/chunk_1.webm", 100),
    ("recordings", "meetings/m2/processed/audio.mp3", 50),
    ("recordings", "exams/e1/proctor_recording.webm", 400),
    ("ocr", "doc1/pages/page_1.png", 30),
    ("ocr", "doc1/json/page_1.json", 10),
    ("ocr", "doc1/pages/page_2.png", 30),  # no JSON
    ("ocr", "doc1/quality/report.json", 5),
    ("mlflow", "1/run1/model/model.pkl", 60),
    ("mlflow", "1/run1/artifacts/metrics.json", 8),
]
MULTIPART_KEY = "classrooms/c1/materials/big.pdf"
EXPECTED = {  # (rule, role, key) -> severity
    ("material_without_thumbnail", "documents", "classrooms/c1/materials/d2.pdf"): "warning",
    ("thumbnail_without_material", "documents", "classrooms/c2/thumbnails/d9_thumb.png"): "warning",
    ("unrecognized_key", "documents", "classrooms/c1/notes.txt"): "info",
    ("stale_temp_upload", "documents", "temp/u-old/"): "warning",
    ("incomplete_multipart_upload", "documents", MULTIPART_KEY): "warning",
    ("chunk_gap", "recordings", "meetings/m1/chunks/"): "warning",
    ("empty_chunk", "recordings", "meetings/m1/chunks/chunk_1.webm"): "warning",
    ("ocr_page_without_json", "ocr", "doc1/"): "warning",
}
LATER = timedelta(days=2)


def seed_objects(storage: Storage, names: BucketNames, objects: list[tuple[str, str, int]]) -> None:
    for role, key, size in objects:
        storage.upload_bytes(names.name_for(role), key, b"x" * size)


@pytest.fixture(scope="module")
def seeded(s3_server: object, admin_storage: Storage) -> Iterator[tuple[Storage, BucketNames, str]]:
    """Four custom-named buckets with the defects above and one unfinished multipart upload."""
    stem = uuid.uuid4().hex[:8]
    names = BucketNames(*(f"scan-{role[:4]}-{stem}" for role in ("documents", "recordings", "ocr", "mlflow")))
    for bucket in names.all():
        admin_storage.make_bucket(bucket)
    try:
        seed_objects(admin_storage, names, OBJECTS)
        upload_id = admin_storage.create_multipart(names.documents, MULTIPART_KEY, "application/pdf")
        admin_storage.upload_part(names.documents, MULTIPART_KEY, upload_id, 1, b"p" * 1024)
        yield admin_storage, names, upload_id
    finally:
        for bucket in names.all():
            remove_bucket(admin_storage, bucket)


def _found(report_findings: list[Finding], names: BucketNames) -> dict[tuple[str, str | None, str], str]:
    return {(f.rule, names.role_of(f.bucket), f.key): f.severity for f in report_findings}


def test_scan_finds_exactly_the_defects(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, upload_id = seeded
    now = datetime.now(UTC) + LATER
    seen: list[ScanProgress] = []
    report = scan(storage, names, progress=seen.append, now=now)
    assert _found(report.findings, names) == EXPECTED
    assert report.keys_seen == len(OBJECTS)
    assert report.bytes_seen == sum(size for _, _, size in OBJECTS)
    assert not report.has_critical
    assert report.counts() == {"critical": 0, "warning": 7, "info": 1}
    assert seen and seen[-1].keys_seen == len(OBJECTS) and seen[-1].rate >= 0
    by_rule = {f.rule: f for f in report.findings}
    assert by_rule["material_without_thumbnail"].size == 300
    assert by_rule["material_without_thumbnail"].entity == "Classroom c1, document d2"
    assert by_rule["empty_chunk"].size == 0
    assert by_rule["chunk_gap"].items == (2,)
    assert by_rule["chunk_gap"].size == 1550  # the whole meeting
    assert by_rule["stale_temp_upload"].size == 70
    stale_age = by_rule["stale_temp_upload"].age
    assert stale_age is not None and LATER - timedelta(minutes=5) < stale_age <= LATER + timedelta(minutes=5)
    multipart = by_rule["incomplete_multipart_upload"]
    assert multipart.ids == {"upload_id": upload_id} and multipart.size == 1024
    # the same storage scanned "now": the temp upload is fresh and the multipart upload may be running
    fresh = scan(storage, names)
    found = _found(fresh.findings, names)
    assert ("stale_temp_upload", "documents", "temp/u-old/") not in found
    assert found[("incomplete_multipart_upload", "documents", MULTIPART_KEY)] == "info"
    # a shorter temp age makes it stale again
    short = scan(storage, names, buckets=["documents"], temp_max_age=timedelta(seconds=0),
                 now=datetime.now(UTC) + timedelta(seconds=5))
    assert ("stale_temp_upload", "documents", "temp/u-old/") in _found(short.findings, names)


def test_usage_totals(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, _ = seeded
    usage = scan(storage, names).usage
    totals = {b: (t.objects, t.bytes) for b, t in usage.buckets.items()}
    assert totals == {names.documents: (7, 585), names.recordings: (10, 2700), names.ocr: (4, 75),
                      names.mlflow: (2, 68)}
    counts = {etype: {i: (t.objects, t.bytes) for i, t in usage.top(etype)} for etype in usage.entities}
    assert counts == {
        "classroom": {"c1": (4, 425), "c2": (1, 40)},
        "student": {"s1": (1, 50)},
        "temp_upload": {"u-old": (1, 70)},
        "meeting": {"m1": (5, 1550), "m2": (4, 750)},
        "exam": {"e1": (1, 400)},
        "ocr_document": {"doc1": (4, 75)},
        "experiment": {"1": (2, 68)},
    }
    assert [(o.key, o.size) for o in usage.largest[:3]] == [
        ("meetings/m1/raw/recording.webm", 1000), ("meetings/m2/raw/recording.webm", 500),
        ("exams/e1/proctor_recording.webm", 400)]
    assert usage.kinds["meeting_chunk"].objects == 5 and usage.kinds["unrecognized"].bytes == 5


def test_json_fields(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, upload_id = seeded
    now = datetime.now(UTC) + LATER
    data = json.loads(scan(storage, names, now=now).to_json())
    assert list(data) == ["format", "version", "scanned_at", "duration_seconds", "prefix", "buckets",
                          "temp_max_age_hours", "keys_seen", "bytes_seen", "summary", "findings", "usage",
                          "unrecognized"]
    assert data["format"] == "ensure-browser-scan" and data["version"] == 1
    assert datetime.fromisoformat(data["scanned_at"]) == now
    assert data["prefix"] == "" and data["buckets"] == list(names.all())
    assert data["temp_max_age_hours"] == 24 and data["keys_seen"] == len(OBJECTS)
    assert data["summary"] == {"critical": 0, "warning": 7, "info": 1}
    assert [f["severity"] for f in data["findings"]] == ["warning"] * 7 + ["info"]
    gap = next(f for f in data["findings"] if f["rule"] == "chunk_gap")
    assert gap == {"severity": "warning", "rule": "chunk_gap", "entity": "Meeting m1", "bucket": names.recordings,
                   "key": "meetings/m1/chunks/", "size": 1550, "age_seconds": gap["age_seconds"],
                   "message": "Meeting m1 is missing chunk 2.", "ids": {"meeting_id": "m1"}, "items": [2]}
    assert 0 < gap["age_seconds"] <= LATER.total_seconds() + 300
    multipart = next(f for f in data["findings"] if f["rule"] == "incomplete_multipart_upload")
    assert multipart["ids"] == {"upload_id": upload_id} and multipart["key"] == MULTIPART_KEY
    usage = data["usage"]
    assert usage["buckets"][0] == {"bucket": names.documents, "role": "documents", "objects": 7, "bytes": 585,
                                   "versioning": "Off", "noncurrent_versions": 0, "noncurrent_bytes": 0,
                                   "delete_markers": 0}
    assert usage["entities"]["classroom"] == [{"id": "c1", "objects": 4, "bytes": 425},
                                              {"id": "c2", "objects": 1, "bytes": 40}]
    assert usage["entities"]["meeting"][0] == {"id": "m1", "objects": 5, "bytes": 1550}
    assert set(usage["entities"]) == {"classroom", "student", "temp_upload", "meeting", "exam", "ocr_document",
                                      "experiment"}
    assert usage["largest"][0]["key"] == "meetings/m1/raw/recording.webm" and usage["largest"][0]["size"] == 1000
    assert datetime.fromisoformat(usage["largest"][0]["last_modified"]).tzinfo is not None
    assert {"kind": "material", "label": "Material", "objects": 2, "bytes": 400} in usage["kinds"]
    assert data["unrecognized"] == {"count": 1, "sample": [{"bucket": names.documents,
                                                            "key": "classrooms/c1/notes.txt", "size": 5}],
                                    "sample_truncated": False}


def test_prefix_restriction(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, _ = seeded
    now = datetime.now(UTC) + LATER
    c1 = scan(storage, names, buckets=["documents"], prefix="classrooms/c1/", now=now)
    assert {f.key for f in c1.findings} == {"classrooms/c1/materials/d2.pdf", "classrooms/c1/notes.txt",
                                            MULTIPART_KEY}
    assert (c1.keys_seen, c1.bytes_seen) == (4, 425)
    assert {b: t.objects for b, t in c1.usage.buckets.items()} == {names.documents: 4}
    # a prefix inside an entity: both halves of each pair are seen, so nothing is paired wrongly
    thumbs = scan(storage, names, buckets=[names.documents], prefix="classrooms/c1/thumbnails/", now=now)
    assert thumbs.findings == [] and thumbs.keys_seen == 1
    # one prefix across every bucket
    meeting = scan(storage, names, prefix="meetings/m1/", now=now)
    assert {(f.rule, f.key) for f in meeting.findings} == {("chunk_gap", "meetings/m1/chunks/"),
                                                           ("empty_chunk", "meetings/m1/chunks/chunk_1.webm")}
    assert meeting.usage.entities == {"meeting": meeting.usage.entities["meeting"]}
    assert list(meeting.usage.entities["meeting"]) == ["m1"]
    with pytest.raises(ValueError, match="not one of the buckets"):
        scan(storage, names, buckets=["elsewhere"])


def test_cancellation(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, _ = seeded
    token = CancelToken()
    with pytest.raises(Cancelled):
        scan(storage, names, progress=lambda _p: token.cancel(), cancel=token)


def listing_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("scan-listing")]


BULK = 1200  # keys: two pages of a listing


@pytest.fixture(scope="module")
def bulk(admin_storage: Storage) -> Iterator[BucketNames]:
    """Four buckets, the MLflow one with BULK artifacts, the others empty."""
    stem = uuid.uuid4().hex[:8]
    names = BucketNames(*(f"bulk-{role[:4]}-{stem}" for role in ("documents", "recordings", "ocr", "mlflow")))
    for bucket in names.all():
        admin_storage.make_bucket(bucket)
    try:
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: admin_storage.upload_bytes(names.mlflow, f"1/run{i % 5}/artifacts/f{i:04d}.json",
                                                              b"{}"), range(BULK)))
        yield names
    finally:
        for bucket in names.all():
            remove_bucket(admin_storage, bucket)


def cancelling_after(count: int, token: CancelToken, made: list[ScanAggregator]) -> type[ScanAggregator]:
    """An aggregator that cancels ``token`` once it has taken ``count`` objects (and notes each one made)."""

    class CancellingAggregator(ScanAggregator):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            made.append(self)

        def add_object(self, bucket: str, key: str, size: int, modified: datetime | None) -> None:
            super().add_object(bucket, key, size, modified)
            if self.keys_seen == count:
                token.cancel()

    return CancellingAggregator


def test_a_cancelled_listing_stops_within_a_few_keys(admin_storage: Storage, bulk: BucketNames) -> None:
    token, made = CancelToken(), []
    agg = cancelling_after(30, token, made)(bulk, datetime.now(UTC))
    with pytest.raises(Cancelled):
        _scan_bucket(agg, admin_storage, bulk.mlflow, "", NEVER, token)  # any of the tokens stops it
    assert 30 <= agg.keys_seen <= 30 + YIELD_EVERY
    whole = ScanAggregator(bulk, datetime.now(UTC))
    _scan_bucket(whole, admin_storage, bulk.mlflow, "", NEVER, CancelToken())
    assert whole.keys_seen == BULK


@pytest.mark.parametrize("threads", [1, 4])
def test_cancel_stops_every_listing(admin_storage: Storage, bulk: BucketNames, monkeypatch: pytest.MonkeyPatch,
                                    threads: int) -> None:
    token, made = CancelToken(), []
    monkeypatch.setattr(scan_module, "ScanAggregator", cancelling_after(30, token, made))
    seen: list[ScanProgress] = []
    with pytest.raises(Cancelled):
        scan(admin_storage, bulk, progress=seen.append, cancel=token, listing_threads=threads)
    assert listing_threads() == []  # the scan returns once every listing has stopped
    assert len(made) == 4 and sum(a.keys_seen for a in made) <= 30 + YIELD_EVERY  # the MLflow one stopped early
    assert seen and set(seen[0].bucket.split(", ")) <= set(bulk.all())  # the buckets being listed
    reports = len(seen)
    with pytest.raises(Cancelled):  # cancelled before it starts: nothing is listed
        scan(admin_storage, bulk, progress=seen.append, cancel=token)
    assert len(seen) == reports and sum(a.keys_seen for a in made) <= 30 + YIELD_EVERY


def sequential_report(storage: Storage, names: BucketNames, now: datetime, **caps: int) -> dict[str, object]:
    """The report of one aggregator fed every bucket one after the other (the scan before it listed
    the buckets at the same time), as JSON data without the duration."""
    agg = ScanAggregator(names, now, **caps)
    for bucket in names.all():
        for entry in storage.list_recursive(bucket):
            agg.add(bucket, entry)
        agg.add_bucket(bucket)
        for upload in storage.list_multipart_uploads(bucket):
            agg.add_multipart(upload, sum(size for _, size in storage.list_parts(
                bucket, upload.key, upload.upload_id).values()))
        tally = agg.usage.versions[bucket] = VersionTally(storage.bucket_versioning(bucket))
        if is_versioned(tally.versioning):
            count_versions(storage, bucket, "", tally)
    return without_duration(agg.report(names.all(), 0.0))


def without_duration(report: ScanReport) -> dict[str, object]:
    data = report.to_dict()
    del data["duration_seconds"]
    return data


def test_concurrent_scan_is_the_sequential_one(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, _ = seeded
    now = datetime.now(UTC) + LATER
    for caps in ({}, {"top_n": 3, "sample_cap": 0}):
        report = scan(storage, names, now=now, **caps)
        assert without_duration(report) == sequential_report(storage, names, now, **caps)
    # ... and the per-bucket scans combined
    whole = scan(storage, names, now=now)
    parts = [scan(storage, names, buckets=[bucket], now=now) for bucket in names.all()]
    assert whole.findings == sorted([f for p in parts for f in p.findings], key=lambda f: f.sort_key)
    assert (whole.keys_seen, whole.bytes_seen) == (sum(p.keys_seen for p in parts), sum(p.bytes_seen for p in parts))
    assert {b: t.to_dict() for b, t in whole.usage.buckets.items()} == {
        b: t.to_dict() for p in parts for b, t in p.usage.buckets.items()}
    for etype in whole.usage.entities:
        assert whole.usage.top(etype) and [(i, t.to_dict()) for i, t in whole.usage.top(etype)] == [
            (i, t.to_dict()) for p in parts for i, t in p.usage.top(etype)]  # each entity lives in one bucket
    kinds: dict[str, tuple[int, int]] = {}
    for p in parts:
        for kind, t in p.usage.kinds.items():
            objects, size = kinds.get(kind, (0, 0))
            kinds[kind] = (objects + t.objects, size + t.bytes)
    assert {k: (t.objects, t.bytes) for k, t in whole.usage.kinds.items()} == kinds
    largest = sorted((o for p in parts for o in p.usage.largest), key=lambda o: -o.size)[:len(whole.usage.largest)]
    assert whole.usage.largest == largest


def mixed(names: BucketNames) -> dict[str, list[ObjectInfo]]:
    """Per bucket, objects whose order matters when merged: equal sizes, unrecognized keys in every
    bucket, a duplicate chunk number, pairs, temporary uploads written at different times."""
    when = datetime(2024, 3, 1, tzinfo=UTC)

    def entries(bucket: str, keys: list[str]) -> list[ObjectInfo]:
        return [ObjectInfo(bucket, k, (i * 7) % 3 * 5, when + timedelta(hours=i)) for i, k in enumerate(keys)]

    return {
        names.documents: entries(names.documents, [
            "temp/u2/a", "classrooms/c1/materials/d1.pdf", "temp/u1/a", "classrooms/c1/materials/d2.pdf",
            "classrooms/c1/thumbnails/d1_thumb.png", "classrooms/c2/thumbnails/d3_thumb.png", "temp/u1/b",
            "junk-1", "junk-2", "students/s1/notes/n1.pdf"]),
        names.recordings: entries(names.recordings, [
            *(f"meetings/m1/chunks/chunk_{i}.webm" for i in (0, 1, 3)), "meetings/m1/chunks/chunk_01.webm",
            "meetings/m2/raw/recording.webm", "meetings/m2/other.bin", "junk-3", "exams/e1/proctor_recording.webm"]),
        names.ocr: entries(names.ocr, ["d1/pages/page_1.png", "d1/json/page_2.json", "junk-4"]),
        names.mlflow: entries(names.mlflow, ["1/r1/artifacts/a.json", "1/r1/model/model.pkl", "junk-5"]),
    }


@pytest.mark.parametrize("caps", [{}, {"top_n": 4, "sample_cap": 3}, {"top_n": 1, "sample_cap": 0}])
def test_merged_aggregators_report_what_one_aggregator_does(caps: dict[str, int]) -> None:
    names = BucketNames()
    now = datetime(2024, 3, 2, 4, tzinfo=UTC)  # u2 is stale, u1 is not: its second file is 22 hours old
    listings = mixed(names)
    one = ScanAggregator(names, now, **caps)
    merged = ScanAggregator(names, now, **caps)
    for bucket, entries in listings.items():
        cut = len(entries) // 3  # each bucket in two parts: a meeting's chunks, an upload's files are split
        for part_entries in (entries[:cut], entries[cut:]):
            part = ScanAggregator(names, now, **caps)
            for entry in part_entries:
                one.add(bucket, entry)
                part.add(bucket, entry)
            merged.merge(part)
        one.add_bucket(bucket)
        merged.add_bucket(bucket)
    assert merged.state_sizes() == one.state_sizes()
    expected = one.report(names.all(), 1.0).to_dict()
    assert merged.report(names.all(), 1.0).to_dict() == expected
    assert [f["key"] for f in expected["findings"] if f["rule"] == "stale_temp_upload"] == ["temp/u2/"]
    rules = {f["rule"] for f in expected["findings"]}
    assert {"duplicate_chunk", "chunk_gap", "material_without_thumbnail", "thumbnail_without_material",
            "stale_temp_upload", "meeting_without_audio", "ocr_page_without_json", "ocr_json_without_page"} <= rules


def test_missing_bucket_is_critical(seeded: tuple[Storage, BucketNames, str]) -> None:
    storage, names, _ = seeded
    gone = BucketNames(names.documents, names.recordings, names.ocr, "scan-missing-bucket-0")
    report = scan(storage, gone)
    assert report.has_critical
    assert [(f.rule, f.bucket) for f in report.findings if f.severity == "critical"] == [
        ("bucket_missing", "scan-missing-bucket-0")]
    assert "bucket_missing" in format_report(report)


def synthetic(count: int) -> Iterator[tuple[str, ObjectInfo]]:
    """``count`` keys in a handful of entities: MLflow files, temporary upload parts, unrecognized keys."""
    when = datetime(2024, 3, 1, tzinfo=UTC)
    names = BucketNames()
    for i in range(count):
        match i % 3:
            case 0:
                yield names.mlflow, ObjectInfo(names.mlflow, f"{i % 2}/run{i % 4}/artifacts/f{i}.json", i, when)
            case 1:
                yield names.documents, ObjectInfo(names.documents, f"temp/u{i % 3}/part-{i}", 10, when)
            case _:
                yield names.recordings, ObjectInfo(names.recordings, f"junk/{i}.bin", 1, when)


def test_memory_is_bounded_by_entities_not_keys() -> None:
    sizes = {}
    for count in (5_000, 20_000):
        agg = ScanAggregator(BucketNames(), datetime(2024, 3, 10, tzinfo=UTC))
        for bucket, entry in synthetic(count):
            agg.add(bucket, entry)
        assert agg.keys_seen == count
        sizes[count] = agg.state_sizes()
        report = agg.report(BucketNames().all(), 1.0)
        assert report.unrecognized_count == count // 3
        assert len(report.unrecognized_sample) == 100
        (more,) = [f for f in report.findings if f.rule == "unrecognized_keys_not_listed"]
        assert more.items == (count // 3 - 100,) and more.bucket == BucketNames().recordings
        assert len(report.usage.largest) == 20 and report.usage.largest[0].size == max(
            i for i in range(count) if i % 3 == 0)
    assert sizes[5_000] == sizes[20_000]  # four times the keys, the same state
    assert max(sizes[20_000].values()) <= 100  # the capped sample is the largest structure


def test_entities_and_prefixes_from_the_schema() -> None:
    assert entity_of("documents", "classrooms/c1/materials/x.pdf") == ("classroom", "c1")
    assert entity_of("documents", "classrooms/c1") is None
    assert entity_of("ocr", "doc/pages/page_1.png") == ("ocr_document", "doc")
    assert entity_of("mlflow", "top.txt") is None
    assert listing_prefix("documents", "classrooms/c1/materials/d") == "classrooms/c1/"
    assert listing_prefix("documents", "classrooms/c") == "classrooms/c"
    assert listing_prefix("ocr", "doc/json/") == "doc/"
    assert listing_prefix("recordings", "") == ""
    assert human_bytes(1536) == "1.5 KiB" and human_bytes(3) == "3 B"
    assert human_age(3 * 86400) == "3 d" and human_age(90) == "90 s" and human_age(7300) == "2 h"


def test_fixes_delete_temp_and_abort_multipart(admin_storage: Storage,
                                               make_bucket: Callable[[str], str]) -> None:
    names = BucketNames(make_bucket("fix-doc"), make_bucket("fix-rec"), make_bucket("fix-ocr"),
                        make_bucket("fix-ml"))
    seed_objects(admin_storage, names, [("documents", "temp/u1/a", 3), ("documents", "temp/u1/b/c", 4),
                                        ("documents", "classrooms/c/materials/d.pdf", 10)])
    upload_id = admin_storage.create_multipart(names.documents, "temp/u2/big", "application/octet-stream")
    admin_storage.upload_part(names.documents, "temp/u2/big", upload_id, 1, b"x")
    report = scan(admin_storage, names, now=datetime.now(UTC) + LATER)
    plan = plan_fixes(admin_storage, names, report.findings)
    assert sorted((s.action, s.key) for s in plan.steps) == [
        ("abort", "temp/u2/big"), ("delete", "temp/u1/a"), ("delete", "temp/u1/b/c"),
        ("render_thumbnail", "classrooms/c/thumbnails/d_thumb.png")]
    assert all(line for line in plan.lines())
    progress: list[tuple[int, int]] = []
    result = apply_fixes(admin_storage, plan, render=lambda pdf: b"PNG" + pdf[:2],
                         progress=lambda done, total: progress.append((done, total)))
    assert not result.failed and len(result.changed) == 4 and progress[-1] == (4, 4)
    assert "thumbnails regenerated" in result.summary()
    assert sorted(o.key for o in admin_storage.list_recursive(names.documents)) == [
        "classrooms/c/materials/d.pdf", "classrooms/c/thumbnails/d_thumb.png"]
    assert admin_storage.stat(names.documents, "classrooms/c/thumbnails/d_thumb.png").content_type == "image/png"
    assert admin_storage.list_multipart_uploads(names.documents) == []
    assert scan(admin_storage, names, now=datetime.now(UTC) + LATER).findings == []
    # applying the same plan again changes nothing and fails nothing
    again = apply_fixes(admin_storage, plan, render=lambda pdf: b"PNG")
    assert not again.failed and {why for _, why in again.skipped} >= {"a thumbnail exists already"}


def test_a_fix_plan_changes_nothing_through_another_connection(s3_server: S3Server, admin_storage: Storage,
                                                               make_bucket: Callable[[str], str]) -> None:
    names = BucketNames(make_bucket("fixc-doc"), make_bucket("fixc-rec"), make_bucket("fixc-ocr"),
                        make_bucket("fixc-ml"))
    seed_objects(admin_storage, names, [("documents", "temp/u1/a", 3)])
    plan = plan_fixes(admin_storage, names, scan(admin_storage, names, now=datetime.now(UTC) + LATER).findings)
    assert [(s.action, s.key) for s in plan.steps] == [("delete", "temp/u1/a")]
    other = s3_server.storage()  # another connection, even to the same server and with the same key
    with pytest.raises(InvalidRequest, match="planned on another connection; nothing was changed"):
        apply_fixes(other, plan)
    assert [o.key for o in admin_storage.list_recursive(names.documents)] == ["temp/u1/a"]
    assert [s.key for s in apply_fixes(admin_storage, plan).changed] == ["temp/u1/a"]


def test_a_fix_deletes_only_the_objects_it_planned(admin_storage: Storage,
                                                   make_bucket: Callable[[str], str]) -> None:
    """A stale temporary upload is planned (its objects listed), then one of them is written again
    before Apply: that one is skipped and kept, the others go."""
    names = BucketNames(make_bucket("fix-doc"), make_bucket("fix-rec"), make_bucket("fix-ocr"),
                        make_bucket("fix-ml"))
    seed_objects(admin_storage, names, [("documents", "temp/u1/a", 16), ("documents", "temp/u1/b", 16)])
    report = scan(admin_storage, names, now=datetime.now(UTC) + LATER)
    plan = plan_fixes(admin_storage, names, report.findings)
    assert sorted((s.action, s.key) for s in plan.steps) == [("delete", "temp/u1/a"), ("delete", "temp/u1/b")]
    admin_storage.upload_bytes(names.documents, "temp/u1/a", b"y" * 60)  # written again meanwhile
    result = apply_fixes(admin_storage, plan)
    assert [s.key for s in result.changed] == ["temp/u1/b"] and not result.failed
    assert [(s.key, why) for s, why in result.skipped] == [("temp/u1/a", "it changed since it was planned: kept")]
    assert admin_storage.read_range(names.documents, "temp/u1/a") == b"y" * 60
    assert [o.key for o in admin_storage.list_recursive(names.documents)] == ["temp/u1/a"]


# -- the command line -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_server() -> Iterator[SeaweedServer]:
    """A server of its own: the CLI scans the schema's default bucket names."""
    with running_server("ensure-browser-scan-cli-") as server:
        yield server.server


def test_cli_scan(default_server: SeaweedServer, monkeypatch: pytest.MonkeyPatch,
                  capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from ensure_browser.core.provision import provision
    from ensure_browser.core.s3.storage import ConnectionSettings

    storage = Storage(ConnectionSettings(default_server.endpoint, default_server.admin.access_key,
                                         default_server.admin.secret_key))
    names = BucketNames()
    provision(storage, names)
    seed_objects(storage, names, [o for o in OBJECTS if o[0] != "documents" or "temp/" not in o[1]])
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", default_server.admin.secret_key)
    base = ["scan", "--endpoint", default_server.endpoint, "--access-key", default_server.admin.access_key]

    assert app.main(base) == 0  # warnings only
    text = capsys.readouterr().out
    for word in ("SEVERITY", "chunk_gap", "material_without_thumbnail", "meetings/m1/chunks/", "BUCKET",
                 "ensure-study-recordings", "CLASSROOM", "c1", "LARGEST OBJECTS"):
        assert word in text

    assert app.main([*base, "--json", "--bucket", "recordings", "--prefix", "meetings/m1/"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["buckets"] == ["ensure-study-recordings"] and data["prefix"] == "meetings/m1/"
    assert sorted(f["rule"] for f in data["findings"]) == ["chunk_gap", "empty_chunk"]

    with pytest.raises(SystemExit) as info:
        app.main([*base, "--bucket", "nowhere"])
    assert info.value.code == 2
    assert "not one of the buckets" in capsys.readouterr().err

    for obj in storage.list_recursive("ensure-study-mlflow"):
        storage.delete("ensure-study-mlflow", obj.key)
    storage.client.remove_bucket("ensure-study-mlflow")
    assert app.main([*base, "--json"]) == 1  # a missing bucket is critical
    data = json.loads(capsys.readouterr().out)
    assert data["summary"]["critical"] == 1
    assert data["findings"][0]["rule"] == "bucket_missing"


HOSTILE = "classrooms/c1/materials/\x1b[31mred\x07\x9b2J\u202egpj.exe"


def test_cli_output_shows_server_strings_as_escapes(default_server: SeaweedServer, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A key with ESC, BEL, CSI and a bidi override reaches no terminal raw: text shows escapes, JSON
    carries \\uXXXX (and still reads back as the same key)."""
    from ensure_browser.core.provision import provision
    from ensure_browser.core.s3.storage import ConnectionSettings

    storage = Storage(ConnectionSettings(default_server.endpoint, default_server.admin.access_key,
                                         default_server.admin.secret_key))
    names = BucketNames()
    provision(storage, names)
    storage.upload_bytes(names.documents, HOSTILE, b"%PDF-1.4 not really", "application/pdf")
    original = storage.get_bucket_policy(names.documents) or ""
    policy = json.loads(original)
    policy["Statement"].append({"Effect": "Allow", "Principal": "*", "Action": ["s3:GetObject"],
                                "Resource": [f"arn:aws:s3:::{names.documents}/\x1b]0;pwned\x07*"]})
    storage.set_bucket_policy(names.documents, json.dumps(policy))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", default_server.admin.secret_key)
    conn = ["--endpoint", default_server.endpoint, "--access-key", default_server.admin.access_key]
    try:
        app.main(["scan", *conn, "--bucket", "documents"])
        text = capsys.readouterr().out
        app.main(["scan", *conn, "--bucket", "documents", "--json"])
        doc = capsys.readouterr().out
        app.main(["policy", "check", *conn])
        policy_text = capsys.readouterr().out
        app.main(["policy", "check", *conn, "--json"])
        policy_doc = capsys.readouterr().out
    finally:
        storage.delete(names.documents, HOSTILE)
        storage.set_bucket_policy(names.documents, original)
    raw = ("\x1b", "\x07", "\x9b", "\u202e")
    for out in (text, doc, policy_text, policy_doc):
        assert not any(c in out for c in raw)
    assert "\\x1b[31mred\\x07\\x9b2J\\u202egpj.exe" in text
    assert any(f["key"] == HOSTILE for f in json.loads(doc)["findings"] if f.get("key"))
    assert "\\x1b]0;pwned\\x07" in policy_text
    messages = [f["message"] for b in json.loads(policy_doc)["buckets"] for f in b["findings"]]
    assert any("\x1b]0;pwned\x07*" in m for m in messages)  # the JSON reads back as the server's words
