"""The real SeaweedFS test server and bucket helpers (used by the conftest fixtures and by tests
that need a server or buckets of their own)."""

from __future__ import annotations

import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity, SeaweedServer


class S3Server:
    """The running test server and ways to get clients for its identities."""

    def __init__(self, server: SeaweedServer) -> None:
        self.server = server

    @property
    def endpoint(self) -> str:
        return self.server.endpoint

    @property
    def admin(self) -> Identity:
        return self.server.identities[0]

    @property
    def support(self) -> Identity:
        return self.server.identities[1]

    def settings(self, identity: Identity | None = None, **kw: object) -> ConnectionSettings:
        ident = identity or self.admin
        return ConnectionSettings(
            endpoint=self.endpoint, access_key=ident.access_key, secret_key=ident.secret_key, **kw  # type: ignore[arg-type]
        )

    def storage(self, identity: Identity | None = None, **kw: object) -> Storage:
        return Storage(self.settings(identity, **kw))


@contextmanager
def running_server(prefix: str = "ensure-browser-s3-", identities: list[Identity] | None = None,
                   **options: Any) -> Iterator[S3Server]:
    """A SeaweedFS server in a temp dir for as long as the block runs; stopped and removed after,
    also when the block fails. Tests that need a server of their own (default bucket names,
    stop/start) use this instead of the shared session server."""
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    server = SeaweedServer(tmp / "srv", identities or [Identity.generate("admin")], **options)
    try:
        server.start()
        yield S3Server(server)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def remove_bucket(storage: Storage, bucket: str) -> None:
    client = storage.client
    try:
        for up in storage.list_multipart_uploads(bucket):
            storage.abort_multipart(bucket, up.key, up.upload_id)
        for obj in client.list_objects(bucket, recursive=True):
            client.remove_object(bucket, obj.object_name)
        client.remove_bucket(bucket)
    except Exception:
        pass


@contextmanager
def made_buckets(storage: Storage) -> Iterator[Callable[[str], str]]:
    """A factory of uniquely named buckets (``factory(stem)``); they are emptied and removed when
    the block ends."""
    created: list[str] = []

    def factory(stem: str = "t") -> str:
        name = f"{stem}-{uuid.uuid4().hex[:12]}".lower()
        storage.make_bucket(name)
        created.append(name)
        return name

    try:
        yield factory
    finally:
        for name in created:
            remove_bucket(storage, name)


def unique_names(stem: str = "p") -> BucketNames:
    tag = uuid.uuid4().hex[:10]
    return BucketNames(documents=f"{stem}-docs-{tag}", recordings=f"{stem}-rec-{tag}",
                       ocr=f"{stem}-ocr-{tag}", mlflow=f"{stem}-mlf-{tag}")


@contextmanager
def temporary_names(storage: Storage, stem: str = "p",
                    remove: Callable[[Storage, str], None] = remove_bucket) -> Iterator[BucketNames]:
    """Unique bucket names; whatever buckets of them exist afterwards are emptied and removed (by ``remove``)."""
    names = unique_names(stem)
    try:
        yield names
    finally:
        for bucket in names.all():
            remove(storage, bucket)
