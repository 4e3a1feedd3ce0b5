"""obstore's failures become the same typed errors with the same messages as minio-py's and
urllib3's (core/s3/obstore_errors.py through errors.translate), each kind met for real: the shared
SeaweedFS, its TLS twin, the fault proxy, a closed port and a name that does not resolve."""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable
from pathlib import Path

import obstore
import pytest
from obstore.exceptions import GenericError

from ensure_browser.core import errors as E
from ensure_browser.core.s3.object_store import ObjectStores
from ensure_browser.core.s3.obstore_errors import plain
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.s3.storage import Storage
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server


def failure(settings: ConnectionSettings, bucket: str, work: Callable[[obstore.store.S3Store], object],
            key: str = "x.txt") -> E.StorageError:
    """The error ``work`` on ``bucket``'s store fails with, as the storage layer translates it."""
    store = ObjectStores(settings).store(bucket, checksum="sha256")
    with pytest.raises(Exception) as info:  # any: translated below
        work(store)
    err = E.translate(info.value, endpoint=settings.endpoint, access_key=settings.access_key, bucket=bucket,
                      key=key, secure=settings.secure)
    assert "\x1b" not in err.message and settings.secret_key not in err.message + err.detail
    return err


def put(store: obstore.store.S3Store) -> object:
    return obstore.put(store, "x.txt", b"x")


@pytest.fixture
def quick(s3_server: S3Server) -> ConnectionSettings:
    return s3_server.settings(retries=0, connect_timeout=1.0, read_timeout=2.0)


def test_wrong_secret(quick: ConnectionSettings, bucket: str) -> None:
    err = failure(dataclasses.replace(quick, secret_key="wrong-secret"), bucket, put)
    assert isinstance(err, E.WrongSecret) and quick.access_key in err.message


def test_unknown_access_key(quick: ConnectionSettings, bucket: str) -> None:
    err = failure(dataclasses.replace(quick, access_key="NOSUCHKEY"), bucket, put)
    assert isinstance(err, E.UnknownAccessKey) and "NOSUCHKEY" in err.message


def test_access_denied(support_storage: Storage, bucket: str) -> None:
    err = failure(support_storage.settings, bucket, put)
    assert isinstance(err, E.AccessDenied) and err.message.startswith("Access denied")


def test_no_such_bucket_and_key(quick: ConnectionSettings, bucket: str) -> None:
    missing = failure(quick, "no-such-bucket-" + bucket[-6:], lambda s: obstore.get(s, "x.txt").bytes())
    assert isinstance(missing, E.NoSuchBucket) and "does not exist" in missing.message
    assert isinstance(failure(quick, bucket, lambda s: obstore.get(s, "x.txt").bytes()), E.NoSuchKey)
    assert isinstance(failure(quick, bucket, lambda s: obstore.head(s, "x.txt")), E.NoSuchKey)  # no body


def test_conditions_refused_are_conflicts(quick: ConnectionSettings, bucket: str) -> None:
    store = ObjectStores(quick).store(bucket)
    obstore.put(store, "x.txt", b"x")
    taken = failure(quick, bucket, lambda s: obstore.put(s, "x.txt", b"y", mode="create"))
    stale = failure(quick, bucket, lambda s: obstore.put(s, "x.txt", b"y", mode={"e_tag": '"0"'}))
    for err in (taken, stale):
        assert isinstance(err, E.Conflict) and err.code == "PreconditionFailed"


def test_clock_skew(quick: ConnectionSettings, proxy: FaultProxy, bucket: str) -> None:
    proxy.faults.rewrite = (b"x-amz-date: 20", b"x-amz-date: 19")  # the request says it was made in 19xx
    err = failure(dataclasses.replace(quick, endpoint=proxy.endpoint), bucket, put)
    assert isinstance(err, E.ClockSkew) and "clock" in err.message


def test_self_signed_certificate_without_its_ca(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, _ca = tls_s3_server
    err = failure(server.settings(retries=0, secure=True), "b", put)
    assert isinstance(err, E.TlsFailure)
    assert "could not be verified (self-signed certificate)" in err.message


def test_https_to_a_plain_port_and_http_to_a_tls_port(quick: ConnectionSettings,
                                                       tls_s3_server: tuple[S3Server, Path]) -> None:
    err = failure(dataclasses.replace(quick, secure=True), "b", put)
    assert isinstance(err, E.TlsFailure) and "does not speak TLS" in err.message
    server, _ca = tls_s3_server
    err = failure(server.settings(retries=0, secure=False), "b", put)
    assert isinstance(err, E.TlsFailure) and "expects HTTPS" in err.message


def test_timeout(quick: ConnectionSettings, proxy: FaultProxy, bucket: str) -> None:
    proxy.faults.blackhole = True
    err = failure(dataclasses.replace(quick, endpoint=proxy.endpoint, read_timeout=1.0), bucket, put)
    assert isinstance(err, E.TimeoutFailure) and "did not answer in time" in err.message


def test_dropped_connection(quick: ConnectionSettings, proxy: FaultProxy, bucket: str) -> None:
    proxy.faults.reset_after = 10
    err = failure(dataclasses.replace(quick, endpoint=proxy.endpoint), bucket,
                  lambda s: obstore.put(s, "x.txt", b"x" * 100_000))
    assert isinstance(err, E.ConnectionDropped) and err.retryable


def test_server_failure(quick: ConnectionSettings, proxy: FaultProxy, bucket: str) -> None:
    proxy.faults.lose_answer = b"PUT "  # answered 503 SlowDown
    err = failure(dataclasses.replace(quick, endpoint=proxy.endpoint), bucket, put)
    assert isinstance(err, E.ServerFailure) and "SlowDown" in err.message and err.retryable


def test_closed_port(quick: ConnectionSettings, bucket: str) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    err = failure(dataclasses.replace(quick, endpoint=f"127.0.0.1:{port}"), bucket, put)
    assert isinstance(err, E.ConnectionRefused) and "Nothing is listening" in err.message


def test_unresolvable_name(quick: ConnectionSettings, bucket: str) -> None:
    err = failure(dataclasses.replace(quick, endpoint="no-such-host.invalid:9000"), bucket, put)
    assert isinstance(err, E.DnsError) and "'no-such-host.invalid'" in err.message


def test_hostile_server_text_is_made_safe() -> None:
    """A server's own error text (here as obstore carries it) keeps no control character."""
    raw = GenericError("Generic S3 error: Error performing PUT http://h/b/k in 1ms - Server returned non-2xx "
                       "status code: 400 Bad Request: <Error><Code>InvalidArgument</Code><Message>bad\x1b[2J"
                       "\u202egpj.exe &#27;]0;title</Message></Error>")
    err = E.translate(raw, endpoint="h", bucket="b", key="k")
    assert isinstance(err, E.InvalidRequest)
    assert "\x1b" not in err.message and "\u202e" not in err.message and "\\x1b" in err.message
    assert plain(ValueError("x")).__class__ is ValueError  # not obstore's: as it is
