"""Requests that must not be repeated or sent elsewhere blindly.

A POST is not repeated by the HTTP pool: a CreateMultipartUpload whose answer a gateway lost (the
fault proxy passes the request to the real SeaweedFS server and answers 503 in its place) had created
an upload, and is repeated by the app only once that upload is aborted, so none is left orphaned.
DeleteObjects, which may be repeated, still is. No redirect is followed: a loopback peer that
answers 307 to another loopback port, which records what reaches it, gets nothing sent on."""

from __future__ import annotations

import socket
from collections.abc import Callable
from pathlib import Path

import pytest
from minio.credentials.providers import StaticProvider

from ensure_browser.core import errors as E
from ensure_browser.core.s3.storage import MIN_PART_SIZE, ConnectionSettings, Storage
from tests.support import peers
from tests.support.faultproxy import SLOW_DOWN, FaultProxy
from tests.support.servers import S3Server
from tests.support.transfers import sha256_file, write_big_file


def _through(proxy: FaultProxy, server: S3Server, retries: int) -> Storage:
    return Storage(ConnectionSettings(proxy.endpoint, server.admin.access_key, server.admin.secret_key,
                                      read_timeout=10, retries=retries))


@pytest.mark.parametrize("retries", [2, 0])
def test_a_lost_answer_to_create_multipart_upload_leaves_no_orphan(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str, tmp_path: Path,
        retries: int) -> None:
    src = tmp_path / "big.bin"
    sha = write_big_file(src, 2 * MIN_PART_SIZE + 1)
    storage = _through(proxy, s3_server, retries)
    proxy.faults.lose_answer = b"?uploads"  # the server creates the upload; the app hears 503
    if retries:  # created again, once the first one is aborted
        storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
        back = tmp_path / "back.bin"
        admin_storage.download_file(bucket, "big.bin", back)
        assert sha256_file(back) == sha
    else:  # not repeated here: the failure may be retried (by the queue), as the upload was aborted
        with pytest.raises(E.ServerFailure) as info:
            storage.upload_multipart(bucket, "big.bin", src, part_size=MIN_PART_SIZE)
        assert info.value.retryable
    assert proxy.stats.lost_answers == 1
    assert admin_storage.list_multipart_uploads(bucket) == []


def _no_upload_listing(posts: list[bytes]) -> Callable[[socket.socket], None]:
    """A server that answers a POST 503 (as a gateway would) and does not offer ListMultipartUploads."""
    not_offered = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code>'
                   b"<Message>A header you provided implies functionality that is not implemented</Message></Error>")

    def handler(conn: socket.socket) -> None:
        request = peers.read_whole_request(conn)
        if request.startswith(b"POST "):
            posts.append(request)
            conn.sendall(SLOW_DOWN)
            conn.close()
        else:
            peers.answer(conn, not_offered, "501 Not Implemented")

    return handler


def test_create_multipart_upload_is_not_repeated_where_its_result_cannot_be_checked() -> None:
    posts: list[bytes] = []
    with peers.tcp_peer(_no_upload_listing(posts)) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", retries=2))
        with pytest.raises(E.StorageError, match="may have begun the upload of k.bin anyway") as info:
            storage.create_multipart("b", "k.bin", "application/octet-stream")
    assert not info.value.retryable  # nor repeated by the transfer queue
    assert len(posts) == 1


def test_delete_objects_is_still_repeated_after_a_lost_answer(
        proxy: FaultProxy, s3_server: S3Server, admin_storage: Storage, bucket: str) -> None:
    for key in ("a.txt", "b.txt"):
        admin_storage.upload_bytes(bucket, key, b"x")
    storage = _through(proxy, s3_server, retries=2)
    proxy.faults.lose_answer = b"?delete"
    assert storage.delete_many(bucket, ["a.txt", "b.txt"]) == {}
    assert proxy.stats.lost_answers == 1
    assert not admin_storage.exists(bucket, "a.txt") and not admin_storage.exists(bucket, "b.txt")


@pytest.mark.parametrize("status", ["301 Moved Permanently", "302 Found", "303 See Other",
                                    "307 Temporary Redirect", "308 Permanent Redirect"])
def test_no_redirect_is_followed_to_another_address(status: str) -> None:
    """The app's own requests (listing, HEAD, multipart, the PUT of a temporary key's or an odd key)
    follow no redirect; obstore's client (the fast path of a PUT / GET) follows one for a GET, and
    turns a PUT answered 303 into a GET there, without the signature (reqwest drops Authorization when
    the address changes) and without the body. The upload fails either way; what reaches the other
    address carries no body and no signature."""
    elsewhere = peers.Recorder()
    with peers.tcp_peer(elsewhere) as other, peers.tcp_peer(peers.redirect_to(other, status)) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", retries=2))
        with pytest.raises(E.ProtocolFailure):
            storage.upload_bytes("bucket", "notes.txt", b"the body of a private file")
        with pytest.raises(E.ProtocolFailure, match="redirected the request to another address"):
            storage.upload_bytes("bucket", "odd//notes.txt", b"the body of a private file")
        with pytest.raises(E.ProtocolFailure, match="redirected"):
            [e for page in storage.list_level("bucket") for e in page]
        with pytest.raises(E.StorageError):
            storage.stat("bucket", "notes.txt")
    for request in elsewhere.requests:
        assert request.startswith(b"GET ") and b"private file" not in request
        assert b"authorization" not in request.lower() and b"AKIAEXAMPLE" not in request
    assert len(elsewhere.requests) == (1 if status.startswith("303") else 0)


@pytest.mark.parametrize("status", ["303 See Other", "307 Temporary Redirect"])
def test_temporary_keys_follow_no_redirect_at_all(status: str, tmp_path: Path) -> None:
    """A session token is sent as a header of its own, which obstore's client would carry to another
    address: with temporary keys every GET and PUT takes the paths that follow no redirect."""
    elsewhere = peers.Recorder()
    token = StaticProvider("ASIAEXAMPLE", "secret", "the-session-token")
    with peers.tcp_peer(elsewhere) as other, peers.tcp_peer(peers.redirect_to(other, status)) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "alice", "", retries=2, credentials=token))
        with pytest.raises(E.ProtocolFailure, match="redirected"):
            storage.upload_bytes("bucket", "notes.txt", b"the body of a private file")
        with pytest.raises(E.ProtocolFailure, match="redirected"):
            storage.download_file("bucket", "notes.txt", tmp_path / "notes.txt")
        with pytest.raises(E.ProtocolFailure, match="redirected"):
            storage.read_range("bucket", "notes.txt", 0, 10)
    assert elsewhere.requests == []
