"""Deleting objects and prefixes on the real server: plan, companions, batches, refusals, cancel."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.objects.deletion import (
    BATCH,
    DeleteItem,
    DeleteTarget,
    execute_delete,
    plan_delete,
)
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames

ODD_KEYS = ["odd/ünïcødé ✓.txt", "odd/with space.txt", "odd/plus+sign.txt", "odd/per%25cent%.txt", "odd/empty"]


def _keys(storage: Storage, bucket: str, prefix: str = "") -> set[str]:
    return {i.key for i in storage.list_recursive(bucket, prefix)}


def _put(storage: Storage, bucket: str, keys: list[str], data: bytes = b"x") -> None:
    for key in keys:
        storage.upload_bytes(bucket, key, b"" if key.endswith("empty") else data)


def test_delete_many_removes_odd_keys_and_nothing_else(admin_storage: Storage, bucket: str) -> None:
    _put(admin_storage, bucket, [*ODD_KEYS, "odd/keep.txt"])
    assert admin_storage.delete_many(bucket, ODD_KEYS) == {}
    assert _keys(admin_storage, bucket) == {"odd/keep.txt"}
    assert admin_storage.delete_many(bucket, []) == {}


def test_plan_expands_prefixes_counts_each_object_once_and_finds_thumbnails(
        admin_storage: Storage, make_bucket: Callable[[str], str]) -> None:
    docs = make_bucket("docs")
    names = BucketNames(documents=docs)
    _put(admin_storage, docs, [
        "classrooms/c1/materials/d1.pdf", "classrooms/c1/thumbnails/d1_thumb.png",
        "classrooms/c1/materials/d2.pdf",  # no thumbnail
        "classrooms/c1/materials/d3.pdf", "classrooms/c1/thumbnails/d3_thumb.png",
        "classrooms/c2/materials/a/b.txt", "classrooms/c2/materials/x.pdf",
    ], data=b"12345")
    progress: list[tuple[int, int]] = []
    plan = plan_delete(admin_storage, [
        DeleteTarget(docs, "classrooms/c1/materials/d1.pdf", 5),
        DeleteTarget(docs, "classrooms/c1/materials/d2.pdf", 5),
        DeleteTarget(docs, "classrooms/c1/materials/d3.pdf", 5),
        DeleteTarget(docs, "classrooms/c1/thumbnails/d3_thumb.png", 5),  # selected itself: no companion
        DeleteTarget(docs, "classrooms/c2/"),
        DeleteTarget(docs, "classrooms/c2/materials/x.pdf", 5),  # also under the selected prefix
        DeleteTarget(docs, "classrooms/none/"),
    ], names, progress=lambda n, b: progress.append((n, b)))
    assert sorted(i.key for i in plan.items) == [
        "classrooms/c1/materials/d1.pdf", "classrooms/c1/materials/d2.pdf", "classrooms/c1/materials/d3.pdf",
        "classrooms/c1/thumbnails/d3_thumb.png", "classrooms/c2/materials/a/b.txt",
        "classrooms/c2/materials/x.pdf",
    ]
    assert plan.count == 6 and plan.total_bytes == 30 and plan.buckets == [docs]
    assert plan.companions == [DeleteItem(docs, "classrooms/c1/thumbnails/d1_thumb.png", 5)]
    assert [t.key for t in plan.empty_prefixes] == ["classrooms/none/"]
    assert progress[-1] == (6, 30)

    result = execute_delete(admin_storage, plan.items)
    assert not result.failed and not result.cancelled and result.deleted_bytes == 30
    assert _keys(admin_storage, docs) == {"classrooms/c1/thumbnails/d1_thumb.png"}


def test_only_planned_keys_are_deleted(admin_storage: Storage, bucket: str) -> None:
    _put(admin_storage, bucket, ["p/a", "p/b"])
    plan = plan_delete(admin_storage, [DeleteTarget(bucket, "p/")])
    _put(admin_storage, bucket, ["p/late"])  # uploaded after the user confirmed what goes
    execute_delete(admin_storage, plan.items)
    assert _keys(admin_storage, bucket) == {"p/late"}


def test_whole_bucket_is_refused(admin_storage: Storage, bucket: str) -> None:
    with pytest.raises(ValueError):
        plan_delete(admin_storage, [DeleteTarget(bucket, "")])


def test_read_only_identity_is_refused_and_nothing_is_lost(
        admin_storage: Storage, support_storage: Storage, bucket: str) -> None:
    _put(admin_storage, bucket, ["r/a", "r/b"])
    plan = plan_delete(support_storage, [DeleteTarget(bucket, "r/")])
    assert plan.count == 2
    result = execute_delete(support_storage, plan.items)
    assert not result.deleted
    assert set(result.failed) == {(bucket, "r/a"), (bucket, "r/b")}
    assert set(result.failed.values()) == {"permission denied: these credentials may not delete it"}
    assert _keys(admin_storage, bucket) == {"r/a", "r/b"}


def test_batches_report_progress_and_cancel_stops_between_them(admin_storage: Storage, bucket: str) -> None:
    keys = [f"many/{i:04d}" for i in range(BATCH + 10)]
    items = [DeleteItem(bucket, k, 0) for k in keys]
    # Deleting keys that do not exist succeeds in S3: batches can be counted without uploading them.
    seen: list[tuple[int, int]] = []
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        token.cancel()

    result = execute_delete(admin_storage, items, token, progress)
    assert seen == [(BATCH, BATCH + 10)]
    assert result.cancelled and result.not_attempted == 10 and len(result.deleted) == BATCH


def test_planning_can_be_cancelled(admin_storage: Storage, bucket: str) -> None:
    _put(admin_storage, bucket, ["c/a"])
    token = CancelToken()
    token.cancel()
    with pytest.raises(Cancelled):
        plan_delete(admin_storage, [DeleteTarget(bucket, "c/")], cancel=token)
