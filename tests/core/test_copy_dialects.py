"""Server-side copies on each S3 dialect (SeaweedFS, moto_server, rclone serve s3): a rename changes
the display name and nothing else, a move keeps the bytes and removes the source only after the copy,
a changed source is not copied."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from ensure_browser.core.objects.relocate import Destination, Selected, plan_relocate
from ensure_browser.core.objects.relocate_run import execute_relocate
from ensure_browser.core.objects.rename import rename
from ensure_browser.core.s3.storage import SourceChanged, Storage
from ensure_browser.core.schema.table import BucketNames
from tests.support.dialects import Dialect
from tests.support.versioned import versioned_names

KEY = "classrooms/c1/materials/0b7a1c2e-1111-4222-8333-944455556666.pdf"


@pytest.fixture
def storage(dialect: Dialect) -> Storage:
    return dialect.storage()


@pytest.fixture
def names(storage: Storage) -> Iterator[BucketNames]:
    with versioned_names(storage, "cp") as names:
        storage.client.make_bucket(names.documents)
        yield names


def _put(storage: Storage, bucket: str, data: bytes, name: str) -> str:
    storage.upload_bytes(bucket, KEY, data, content_type="application/pdf",
                         metadata={"original-filename": name, "uploaded-by": "teacher-7"})
    return storage.stat(bucket, KEY).etag


def test_rename_on_each_dialect(storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    etag = _put(storage, docs, b"%PDF-1.4 lab", "Lab.pdf")
    rename(storage, docs, KEY, etag, "Renamed", names)
    after = storage.stat(docs, KEY)
    assert after.metadata == {"original-filename": "Renamed.pdf", "uploaded-by": "teacher-7"}
    assert after.content_type == "application/pdf"
    assert storage.read_range(docs, KEY) == b"%PDF-1.4 lab"
    with pytest.raises(SourceChanged):
        rename(storage, docs, KEY, "0" * 32, "Other", names)
    assert storage.stat(docs, KEY).metadata["original-filename"] == "Renamed.pdf"


def test_move_on_each_dialect(storage: Storage, names: BucketNames) -> None:
    docs = names.documents
    etag = _put(storage, docs, b"%PDF-1.4 moving", "Move me.pdf")
    plan = plan_relocate(storage, [Selected(docs, KEY, etag, 15, "Move me.pdf")], Destination("classroom", "c2"),
                         "move", names)
    result = execute_relocate(storage, plan)
    assert [u.name for u in result.done] == ["Move me.pdf"], (result.kept, result.stopped)
    moved = KEY.replace("/c1/", "/c2/")
    assert not storage.exists(docs, KEY)
    assert storage.read_range(docs, moved) == b"%PDF-1.4 moving"
    assert storage.stat(docs, moved).metadata["original-filename"] == "Move me.pdf"
