"""Provisioning against the real server: buckets, the public thumbnail policy, idempotence, rights."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from ensure_browser.core.errors import AccessDenied
from ensure_browser.core.provision import provision
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.policies import public_read_policy
from ensure_browser.core.schema.table import BucketNames
from tests.support.servers import S3Server, temporary_names


@pytest.fixture
def names(admin_storage: Storage) -> Iterator[BucketNames]:
    with temporary_names(admin_storage) as names:
        yield names


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return err.code


def test_provision_creates_everything_once(admin_storage: Storage, names: BucketNames) -> None:
    changes = provision(admin_storage, names)
    assert changes == [
        f"Created bucket {names.documents}",
        f"Created bucket {names.recordings}",
        f"Created bucket {names.ocr}",
        f"Created bucket {names.mlflow}",
        f"Set public read on {names.documents}/*/thumbnails/*",
    ]
    assert all(admin_storage.bucket_exists(b) for b in names.all())
    live = admin_storage.get_bucket_policy(names.documents)
    assert live is not None
    assert f"arn:aws:s3:::{names.documents}/*/thumbnails/*" in live
    assert provision(admin_storage, names) == []


def test_thumbnails_are_public_and_materials_are_not(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    thumb = "classrooms/math-7a/thumbnails/doc_thumb.png"
    material = "classrooms/math-7a/materials/doc.pdf"
    admin_storage.upload_bytes(names.documents, thumb, b"\x89PNG\r\n\x1a\n", "image/png")
    admin_storage.upload_bytes(names.documents, material, b"%PDF-1.4\n", "application/pdf")
    assert anonymous_status(admin_storage.public_url(names.documents, thumb)) == 200
    assert anonymous_status(admin_storage.public_url(names.documents, material)) == 403
    # Other buckets stay private.
    other = "meetings/m/thumbnails/x_thumb.png"
    admin_storage.upload_bytes(names.recordings, other, b"x")
    assert anonymous_status(admin_storage.public_url(names.recordings, other)) == 403


def test_missing_or_different_policy_is_restored(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    admin_storage.delete_bucket_policy(names.documents)
    assert provision(admin_storage, names) == [f"Set public read on {names.documents}/*/thumbnails/*"]

    other = json.loads(public_read_policy(names))
    other["Statement"][0]["Resource"] = [f"arn:aws:s3:::{names.documents}/*"]  # the whole bucket public
    admin_storage.set_bucket_policy(names.documents, json.dumps(other))
    assert provision(admin_storage, names) == [f"Set public read on {names.documents}/*/thumbnails/*"]
    assert provision(admin_storage, names) == []


def test_an_equivalent_policy_is_left_alone(admin_storage: Storage, names: BucketNames) -> None:
    provision(admin_storage, names)
    same = json.loads(public_read_policy(names))
    statement = same["Statement"][0]
    statement["Action"] = "s3:GetObject"  # a string instead of a one-element list: the same meaning
    statement["Resource"] = statement["Resource"][0]
    admin_storage.set_bucket_policy(names.documents, json.dumps(same, indent=None))
    assert provision(admin_storage, names) == []


def test_configured_names_are_used(admin_storage: Storage) -> None:
    with temporary_names(admin_storage, "cfg") as names:
        provision(admin_storage, names)
        policy = admin_storage.get_bucket_policy(names.documents) or ""
        assert names.documents in policy
        assert "ensure-study-documents" not in policy


def test_read_only_identity_gets_access_denied(
    s3_server: S3Server, admin_storage: Storage, names: BucketNames
) -> None:
    support = s3_server.storage(s3_server.support)
    with pytest.raises(AccessDenied) as info:
        provision(support, names)
    assert info.value.message.startswith(f"Cannot create the bucket {names.documents}: Access denied")
    assert s3_server.support.access_key in info.value.message
    assert not admin_storage.bucket_exists(names.documents)

    # With the buckets there, setting the policy is what it may not do.
    for bucket in names.all():
        admin_storage.make_bucket(bucket)
    with pytest.raises(AccessDenied) as info:
        provision(support, names)
    assert info.value.message.startswith(f"Cannot set the public-read policy of {names.documents}")
    assert admin_storage.get_bucket_policy(names.documents) is None
