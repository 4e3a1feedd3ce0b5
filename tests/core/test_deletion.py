"""Deleting objects and prefixes on the real server: plan, companions, batches, refusals, cancel."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from minio.commonconfig import ENABLED
from minio.versioningconfig import VersioningConfig

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled
from ensure_browser.core.objects.deletion import (
    BATCH,
    DeleteItem,
    DeleteTarget,
    execute_delete,
    plan_delete,
)
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server

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
    thumb = "classrooms/c1/thumbnails/d1_thumb.png"
    assert plan.companions == [DeleteItem(docs, thumb, 5, admin_storage.stat(docs, thumb).etag)]
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


# -- what was confirmed, not whatever is at the key by now ---------------------------------------------


def test_an_object_replaced_after_the_plan_is_kept_and_named(admin_storage: Storage, bucket: str) -> None:
    """Between the plan (the user confirmed 16 bytes) and the delete another client replaces the
    object (60 bytes): the replacement is kept and named as changed, the rest goes, and one
    removed meanwhile is named as gone."""
    _put(admin_storage, bucket, ["p/a", "p/b", "p/gone"], data=b"0123456789abcdef")
    admin_storage.upload_bytes(bucket, "single.txt", b"0123456789abcdef")
    plan = plan_delete(admin_storage, [DeleteTarget(bucket, "p/"), DeleteTarget(bucket, "single.txt", 16)])
    assert plan.total_bytes == 4 * 16 and all(i.etag for i in plan.items)
    admin_storage.upload_bytes(bucket, "p/a", b"x" * 60)
    admin_storage.upload_bytes(bucket, "single.txt", b"y" * 60)
    admin_storage.delete(bucket, "p/gone")
    result = execute_delete(admin_storage, plan.items)
    assert sorted(i.key for i in result.changed) == ["p/a", "single.txt"]
    assert [i.key for i in result.deleted] == ["p/b"]
    assert result.failed == {(bucket, "p/gone"): "it no longer exists"}
    assert admin_storage.read_range(bucket, "p/a") == b"x" * 60
    assert admin_storage.read_range(bucket, "single.txt") == b"y" * 60
    assert _keys(admin_storage, bucket) == {"p/a", "single.txt"}


def test_a_server_that_ignores_delete_conditions_gets_each_object_looked_at(
        s3_server: S3Server, admin_storage: Storage, bucket: str) -> None:
    """A server that ignores a multi-object DELETE's ETag conditions (the fault proxy answers the
    app's question as MinIO would): each object is looked at (HEAD) right before the DELETE, and a
    replaced one is kept all the same."""
    _put(admin_storage, bucket, ["h/a", "h/b"], data=b"0123456789abcdef")
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        proxy.faults.unconditional_deletes = True
        storage = Storage(ConnectionSettings(proxy.endpoint, s3_server.admin.access_key, s3_server.admin.secret_key))
        plan = plan_delete(storage, [DeleteTarget(bucket, "h/")])
        admin_storage.upload_bytes(bucket, "h/a", b"x" * 60)
        result = execute_delete(storage, plan.items)
        assert [i.key for i in result.changed] == ["h/a"] and [i.key for i in result.deleted] == ["h/b"]
        assert [r for r in proxy.requests_seen if r.startswith("HEAD ")] == [f"HEAD /{bucket}/h/a", f"HEAD /{bucket}/h/b"]
    assert admin_storage.read_range(bucket, "h/a") == b"x" * 60 and _keys(admin_storage, bucket) == {"h/a"}


def test_on_a_versioned_bucket_the_confirmed_version_stays_recoverable(admin_storage: Storage, bucket: str) -> None:
    """On a versioned bucket a confirmed object gets a delete marker (its version stays), and one
    replaced since stays current: nothing is removed for good."""
    admin_storage.client.set_bucket_versioning(bucket, VersioningConfig(ENABLED))
    _put(admin_storage, bucket, ["v/a", "v/b"], data=b"0123456789abcdef")
    plan = plan_delete(admin_storage, [DeleteTarget(bucket, "v/")])
    admin_storage.upload_bytes(bucket, "v/a", b"x" * 60)
    result = execute_delete(admin_storage, plan.items)
    assert [i.key for i in result.changed] == ["v/a"] and [i.key for i in result.deleted] == ["v/b"]
    assert admin_storage.read_range(bucket, "v/a") == b"x" * 60 and _keys(admin_storage, bucket) == {"v/a"}
    versions = [(o.object_name, o.is_delete_marker)
                for o in admin_storage.client.list_objects(bucket, "v/", recursive=True, include_version=True)]
    assert sorted(versions) == [("v/a", False), ("v/a", False), ("v/b", False), ("v/b", True)]
