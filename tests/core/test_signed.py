"""The app's own SigV4-signed requests (core/s3/signed.py) against the real SeaweedFS: signatures the
server accepts (odd keys, queries, temporary keys with their session token), the errors it answers
as the same typed errors as before, and bodies signed where the path is open."""

from __future__ import annotations

import base64
import hashlib
import os
import re
import socket
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime

import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.auth.ldap_signin import LdapSignIn
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.headers import CHECKSUM_CRC32, UNSIGNED_PAYLOAD
from ensure_browser.core.s3.multipart_answers import PartsPage, completed, parts_page, upload_id_of
from ensure_browser.core.s3.pages import list_pages
from ensure_browser.core.s3.signed import EMPTY_SHA256, object_path, payload_hash, query_string
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support import peers
from tests.support.faultproxy import FaultProxy
from tests.support.forgery import outside_address
from tests.support.ldap import STAFF_ROLE, USERS
from tests.support.servers import S3Server, remove_bucket

# (not 'dir/' nor a backslash: SeaweedFS makes a directory of the one and lists its uploads under '/'
# for the other, whoever signs the request)
ODD_KEYS = ["a b.txt", "100%.txt", "50%25.txt", "ünïcödé/ß 字.txt", "what?.txt", "hash#tag.txt",
            "plus+sign&amp=x.txt", "tilde~x", "semi;colon,comma'quote\"", "dot.in/the.middle"]


def test_the_request_is_encoded_as_sigv4_signs_it() -> None:
    assert object_path("b", "a b/ü?#%+~") == "/b/a%20b/%C3%BC%3F%23%25%2B~"
    assert object_path("b") == "/b"
    assert query_string({"uploads": "", "prefix": "a b/ü&=", "list-type": "2"}) == \
        "list-type=2&prefix=a%20b%2F%C3%BC%26%3D&uploads="


def test_what_the_signature_says_of_the_body() -> None:
    body = b"x" * 100
    headers: dict[str, str] = {"x-amz-checksum-crc32": "AAAAAA=="}
    assert payload_hash(headers, body, in_the_clear=False) == UNSIGNED_PAYLOAD  # its own check covers it
    assert payload_hash({"Content-MD5": "m"}, body, in_the_clear=False) == UNSIGNED_PAYLOAD
    assert payload_hash({}, body, in_the_clear=False) == hashlib.sha256(body).hexdigest()  # nothing else checks it
    assert payload_hash({}, None, in_the_clear=True) == payload_hash({}, b"", in_the_clear=False) == EMPTY_SHA256
    clear = dict(headers)
    assert payload_hash(clear, body, in_the_clear=True) == hashlib.sha256(body).hexdigest()
    assert clear["Content-MD5"] == base64.b64encode(hashlib.md5(body).digest()).decode()  # a CRC32 can be forged
    assert headers == {"x-amz-checksum-crc32": "AAAAAA=="}


@pytest.mark.parametrize("key", ODD_KEYS)
def test_odd_keys_are_signed_as_the_server_checks(admin_storage: Storage, bucket: str, key: str) -> None:
    """Every call of a multipart upload, the listings of uploads and parts (the key in the query) and
    the listing of the bucket, each signed here, for a key with characters that are encoded."""
    data = os.urandom(3000)
    upload_id = admin_storage.create_multipart(bucket, key, "text/plain", checksum=CHECKSUM_CRC32)
    assert [(u.key, u.upload_id) for u in admin_storage.list_multipart_uploads(bucket, key)] == [(key, upload_id)]
    etag = admin_storage.upload_part(bucket, key, upload_id, 1, data, crc32=zlib.crc32(data))
    assert admin_storage.list_parts(bucket, key, upload_id) == {1: (etag, len(data))}
    admin_storage.complete_multipart(bucket, key, upload_id, {1: etag}, crcs={1: zlib.crc32(data)})
    assert admin_storage.client.get_object(bucket, key).read() == data
    listed = [o.object_name for page in list_pages(admin_storage.signed, bucket, prefix=key) for o in page]
    assert listed == [key]
    head = admin_storage.signed.request("HEAD", bucket, key)
    assert int(head.headers["Content-Length"]) == len(data)


def test_a_wrong_secret_and_an_unknown_key_are_named(s3_server: S3Server, bucket: str) -> None:
    wrong = Storage(replace(s3_server.settings(), secret_key="not-the-secret"))
    with pytest.raises(E.WrongSecret, match="secret key for access key .* is wrong") as info:
        wrong.signed.request("GET", bucket, query={"list-type": "2"})
    assert info.value.code == "SignatureDoesNotMatch"
    with pytest.raises(E.WrongSecret):
        wrong.create_multipart(bucket, "k", "text/plain")
    with pytest.raises(E.WrongSecret):  # minio-py's request (the single PUT): the same error
        wrong.upload_bytes(bucket, "k", b"x")
    unknown = Storage(replace(s3_server.settings(), access_key="NOSUCHKEY0000000"))
    with pytest.raises(E.UnknownAccessKey):
        unknown.signed.request("GET", bucket, query={"list-type": "2"})


def test_error_answers_keep_their_types(admin_storage: Storage, bucket: str) -> None:
    data = b"payload" * 1000
    wrong_md5 = base64.b64encode(hashlib.md5(b"other bytes").digest()).decode()
    with pytest.raises(E.StorageError) as refused:  # UNSIGNED-PAYLOAD: the Content-MD5 is what is checked
        admin_storage.signed.request("PUT", bucket, "p/x.bin", body=data, headers={"Content-MD5": wrong_md5})
    assert refused.value.code == "BadDigest"
    assert not admin_storage.exists(bucket, "p/x.bin")
    with pytest.raises(E.NoSuchKey):  # a HEAD's error has no body: its status says it
        admin_storage.signed.request("HEAD", bucket, "missing")
    with pytest.raises(E.NoSuchBucket):
        admin_storage.signed.request("GET", bucket + "-gone", query={"list-type": "2"})
    with pytest.raises(E.StorageError) as info:
        admin_storage.list_parts(bucket, "k", "no-such-upload")
    assert info.value.code == "NoSuchUpload"


def _peer_answering(status: str, body: bytes, content_type: str) -> Callable[[socket.socket], None]:
    def handler(conn: socket.socket) -> None:
        peers.read_whole_request(conn)
        conn.sendall(f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
                     "Connection: close\r\n\r\n".encode() + body)
        conn.close()

    return handler


@pytest.mark.parametrize(("status", "body", "content_type", "error", "message"), [
    ("403 Forbidden", b"<Error><Code>AccessDenied</Code><Message>no</Message></Error>", "text/xml; charset=utf-8",
     E.AccessDenied, "Access denied"),
    ("500 Internal Server Error", b"<html>oops</html>", "text/html", E.ServerFailure, "failed with HTTP status 500"),
    ("404 Not Found", b"<html>nothing here</html>", "text/html", E.ProtocolFailure, "did not answer like an S3"),
    ("200 OK", b"<Error><Code>InternalError</Code><Message>later</Message></Error>", "application/xml",
     E.ServerFailure, "reported an error"),
])
def test_answers_of_a_server_that_is_not_quite_s3(status: str, body: bytes, content_type: str,
                                                  error: type[E.StorageError], message: str) -> None:
    """Any XML type carries an S3 error (rclone says text/xml); an answer that is not XML is a server
    that does not speak S3; a CompleteMultipartUpload answered 200 with an <Error> failed."""
    with peers.tcp_peer(_peer_answering(status, body, content_type)) as port:
        storage = Storage(ConnectionSettings(f"127.0.0.1:{port}", "AKIAEXAMPLE", "secret", retries=0))
        with pytest.raises(error, match=message):
            storage.complete_multipart("b", "k", "id", {1: "e"})


def test_temporary_keys_sign_with_their_session_token(ldap_s3_server: S3Server) -> None:
    profile = Profile(name="directory", endpoint=ldap_s3_server.endpoint, kind=Kind.LDAP, user_name="alice",
                      role_arn=STAFF_ROLE)
    flow = LdapSignIn(profile, ConnectionSettings(endpoint=ldap_s3_server.endpoint, access_key="", secret_key=""))
    signed_in = flow.sign_in(USERS["alice"])
    storage = Storage(flow.session_settings(signed_in))
    bucket = "signed-" + datetime.now(UTC).strftime("%H%M%S%f")
    storage.make_bucket(bucket)
    try:
        upload_id = storage.create_multipart(bucket, "a b.txt", "text/plain", checksum=CHECKSUM_CRC32)
        etag = storage.upload_part(bucket, "a b.txt", upload_id, 1, b"hello", crc32=zlib.crc32(b"hello"))
        storage.complete_multipart(bucket, "a b.txt", upload_id, {1: etag}, crcs={1: zlib.crc32(b"hello")})
        assert storage.read_range(bucket, "a b.txt", 0, 5) == b"hello"
        creds = signed_in.credentials  # the same keys without their token are refused
        tokenless = Storage(ConnectionSettings(ldap_s3_server.endpoint, creds.access_key, creds.secret_key))
        with pytest.raises(E.StorageError) as info:
            tokenless.signed.request("GET", bucket, query={"list-type": "2"})
        assert info.value.kind in (E.ErrorKind.UNKNOWN_ACCESS_KEY, E.ErrorKind.ACCESS_DENIED,
                                   E.ErrorKind.WRONG_SECRET)
    finally:
        remove_bucket(ldap_s3_server.storage(), bucket)


@pytest.fixture
def outside(s3_server: S3Server) -> Iterator[tuple[FaultProxy, Storage]]:
    """The test server through the fault proxy on an address that is not loopback: in the clear."""
    address = outside_address()
    if address is None:
        pytest.skip("this machine has no address but loopback")
    upstream, port = s3_server.endpoint.rsplit(":", 1)
    with FaultProxy((upstream, int(port)), host=address) as proxy:
        storage = Storage(replace(s3_server.settings(), endpoint=proxy.endpoint))
        assert storage.settings.in_the_clear
        yield proxy, storage


def test_in_the_clear_a_changed_body_is_refused(outside: tuple[FaultProxy, Storage], admin_storage: Storage,
                                                bucket: str) -> None:
    """A body without a check of its own: its SHA-256 is signed and its MD5 sent; one byte changed on
    the way is refused, and nothing is stored."""
    proxy, storage = outside
    data = os.urandom(2000)
    proxy.faults.rewrite = (data[100:120], data[100:110] + bytes([data[110] ^ 1]) + data[111:120])
    with pytest.raises(E.StorageError) as refused:
        storage.signed.request("PUT", bucket, "changed", body=data)
    assert refused.value.code in ("BadDigest", "XAmzContentSHA256Mismatch")
    assert proxy.stats.rewritten == 1
    with pytest.raises(E.NoSuchKey):
        admin_storage.stat(bucket, "changed")
    proxy.faults.rewrite = None
    storage.signed.request("PUT", bucket, "changed", body=data)
    head = next(h for h in reversed(proxy.stats.heads) if h.startswith(b"PUT ")).decode("latin-1")
    assert re.search(r"(?im)^x-amz-content-sha256:\s*" + hashlib.sha256(data).hexdigest(), head)
    assert re.search(r"(?im)^content-md5:\s*\S+", head)
    assert admin_storage.read_range(bucket, "changed") == data


S3 = 'xmlns="http://s3.amazonaws.com/doc/2006-03-01/"'


def test_multipart_answers_are_read_in_every_dialect() -> None:
    """With the S3 namespace or without (rclone), rclone's ``InitiateMultipartUpload`` too; an answer
    that is not the call's is not read as an empty one."""
    for root, ns in (("InitiateMultipartUploadResult", S3), ("InitiateMultipartUpload", "")):
        assert upload_id_of(f"<{root} {ns}><Bucket>b</Bucket><UploadId>u-1</UploadId></{root}>".encode()) == "u-1"
    page = parts_page(
        f"<ListPartsResult {S3}><IsTruncated>true</IsTruncated><NextPartNumberMarker>2</NextPartNumberMarker>"
        "<Part><PartNumber>1</PartNumber><ETag>&quot;a&quot;</ETag><Size>5</Size></Part>"
        "<Part><PartNumber>2</PartNumber><ETag>b</ETag><Size>x</Size></Part>"
        "<Part><ETag>no number</ETag></Part></ListPartsResult>".encode())
    assert page == PartsPage({1: ("a", 5), 2: ("b", 0)}, True, 2)
    assert completed(b"<CompleteMultipartUploadResult><ETag>\"e-2\"</ETag><ChecksumCRC32>Q==-2</ChecksumCRC32>"
                     b"</CompleteMultipartUploadResult>") == ("e-2", "Q==-2")
    for wrong in (b"<ListBucketResult/>", b"<InitiateMultipartUploadResult/>", b"not xml"):
        with pytest.raises(ET.ParseError):
            upload_id_of(wrong)
    with pytest.raises(ET.ParseError):
        parts_page(b"<ListAllMyBucketsResult/>")
