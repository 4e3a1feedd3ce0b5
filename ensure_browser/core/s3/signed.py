"""One SigV4-signed S3 request through the connection's urllib3 pool: the calls the byte path's
library does not carry (multipart parts and their listing, a listing page read by
:mod:`~ensure_browser.core.s3.pages`), on public APIs only (#23).

The request is signed by :func:`minio.signer.sign_v4_s3` (a public function of minio-py's public
``signer`` module, keyword-only and the same from 7.2.18 on) with the settings' keys, or the
temporary keys of a signed-in person (``settings.credentials``, asked on every request: it renews
them; their session token goes as ``x-amz-security-token``). Every header sent is signed (but
``User-Agent``).

What the signature says of the body (``x-amz-content-sha256``, see :func:`payload_hash`):

- no body: the SHA-256 of nothing;
- a body that carries its own check in a signed header the server verifies (``x-amz-checksum-crc32``
  or ``Content-MD5``: it refuses a body that differs, BadDigest): ``UNSIGNED-PAYLOAD``, so that no
  second hash of every byte costs CPU;
- plain HTTP to another machine (:attr:`ConnectionSettings.in_the_clear`): there anyone on the path
  can change a body and keep its length and CRC32 (4 bytes chosen to match), so the body's SHA-256 is
  signed (AWS S3 and MinIO check it) and its MD5 sent as ``Content-MD5`` (SeaweedFS checks that,
  where it ignores the SHA-256); a changed body matches neither;
- any other body: its SHA-256.

No redirect is followed (a request is not sent again, with its body and signed headers, to wherever
a ``Location`` points): a 3xx answer is an error. The pool repeats what it repeats for every request
(a connection that could not be made; a 502-504 answer to a GET, HEAD, PUT or DELETE), never a POST
(CreateMultipartUpload and CompleteMultipartUpload: see :mod:`.create_upload`).

An error answer becomes the :mod:`ensure_browser.core.errors` type minio-py's error became before:
its S3 error code read from the XML whatever XML type it declares (``rclone serve s3`` says
``text/xml``), the error's ``code`` kept (:func:`~ensure_browser.core.errors.from_s3_code`); an answer
that is not XML is the server that does not speak S3 (or a redirect, or a failing gateway).
"""

from __future__ import annotations

import base64
import hashlib
import logging
import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, MutableMapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import SplitResult, quote

from ensure_browser.core.errors import StorageError, from_s3_code, translate
from ensure_browser.core.s3.headers import UNSIGNED_PAYLOAD
from ensure_browser.core.s3.settings import ConnectionSettings

if TYPE_CHECKING:
    import urllib3
    from minio.credentials import Credentials
    from urllib3 import BaseHTTPResponse  # urllib3 2.x; a name in annotations only

log = logging.getLogger(__name__)

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()
#: headers whose check of the body the server verifies (it refuses a body that differs)
BODY_CHECKS = ("x-amz-checksum-crc32", "content-md5")
#: the statuses of a successful answer (as minio-py's)
SUCCESS = frozenset({200, 204, 206})
#: the most of an error answer's body read; an S3 error is a few hundred bytes
MAX_ERROR_BYTES = 1024 * 1024
USER_AGENT = "ensure-browser"


def is_xml(content_type: str | None) -> bool:
    """``text/xml``, ``application/xml`` or ``...+xml`` (any case, any parameters)."""
    media = (content_type or "").partition(";")[0].strip().lower()
    return media in ("text/xml", "application/xml") or media.endswith("+xml")


def object_path(bucket: str, key: str = "") -> str:
    """The request path (path style): the bucket and the key, each encoded once as S3 signs it
    (UTF-8, every byte but ``A-Z a-z 0-9 - . _ ~`` and the key's ``/`` as ``%XX``)."""
    path = "/" + quote(bucket, safe="")
    return path + "/" + quote(key, safe="/") if key else path


def query_string(query: Mapping[str, str] | None) -> str:
    """The query, sorted and encoded as SigV4 signs it (an empty value kept as ``name=``)."""
    return "&".join(f"{quote(name, safe='')}={quote(value, safe='')}"
                    for name, value in sorted((query or {}).items()))


def payload_hash(headers: MutableMapping[str, Any], body: bytes | None, in_the_clear: bool) -> str:
    """The ``x-amz-content-sha256`` of a request (see the module's docstring); in the clear it adds
    the body's ``Content-MD5`` to ``headers`` where none is there."""
    if not body:
        return EMPTY_SHA256
    names = {name.lower() for name in headers}
    if in_the_clear:
        if "content-md5" not in names:
            headers["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode("ascii")
        return hashlib.sha256(body).hexdigest()
    if any(check in names for check in BODY_CHECKS):
        return UNSIGNED_PAYLOAD
    return hashlib.sha256(body).hexdigest()


class SignedRequests:
    """Signed requests to the server of ``settings`` through the pool ``pool_of()`` gives (the
    connection's :class:`urllib3.PoolManager`, public API only; made with the first request).
    Thread-safe."""

    def __init__(self, settings: ConnectionSettings, pool_of: Callable[[], urllib3.PoolManager]) -> None:
        self.settings = settings
        self.pool_of = pool_of

    def credentials(self) -> Credentials | None:
        """The keys to sign with now: the signed-in person's (renewed by their provider) or the
        settings' own; None without an access key (an anonymous request is not signed)."""
        provider = self.settings.credentials
        if provider is not None:
            return provider.retrieve()
        if not self.settings.access_key:
            return None
        from minio.credentials import Credentials  # minio-py with the first request, not the import

        return Credentials(self.settings.access_key, self.settings.secret_key)

    def request(self, method: str, bucket: str, key: str = "", *, query: Mapping[str, str] | None = None,
                headers: Mapping[str, str] | None = None, body: bytes | None = None,
                preload_content: bool = True) -> BaseHTTPResponse:
        """Send one signed request about ``bucket`` (and ``key``): its answer (read already with
        ``preload_content``; else the caller reads and releases it). An error answer raises the
        :class:`~ensure_browser.core.errors.StorageError` it means; a failure of the connection
        raises urllib3's exception, for the caller to translate."""
        s = self.settings
        url = SplitResult("https" if s.secure else "http", s.endpoint, object_path(bucket, key),
                          query_string(query), "")
        sent: dict[str, str | list[str] | tuple[str]] = dict(headers or {})
        sent.pop("x-amz-content-sha256", None)  # said here, by payload_hash
        content_sha256 = payload_hash(sent, body, s.in_the_clear)
        date = datetime.now(UTC)
        sent["Host"] = s.endpoint
        if body:
            sent["Content-Length"] = str(len(body))
        sent["x-amz-content-sha256"] = content_sha256
        sent["x-amz-date"] = date.strftime("%Y%m%dT%H%M%SZ")
        creds = self.credentials()
        if creds is not None:
            from minio.signer import sign_v4_s3

            if creds.session_token:
                sent["x-amz-security-token"] = creds.session_token
            sent = sign_v4_s3(method=method, url=url, region=s.region, headers=sent, credentials=creds,
                              content_sha256=content_sha256, date=date)
        sent["User-Agent"] = USER_AGENT
        response = self.pool_of().urlopen(method, url.geturl(), body=body, headers=sent, redirect=False,
                                        preload_content=preload_content)
        if response.status in SUCCESS:
            return response
        raise self._error(method, bucket, key, response, preload_content)

    def _error(self, method: str, bucket: str, key: str, response: BaseHTTPResponse,
               preloaded: bool) -> StorageError:
        """The error an answer that is not a success means (see the module's docstring)."""
        from minio.error import InvalidResponseError, ServerError

        data = response.data if preloaded else _read_bounded(response)
        status = response.status
        content_type = response.headers.get("Content-Type")
        text = data.decode("utf-8", "replace")
        if method != "HEAD" and not is_xml(content_type):
            if status == 304 and not data:
                return self._translated(ServerError(f"server failed with HTTP status code {status}", status),
                                        bucket, key)
            return self._translated(InvalidResponseError(status, content_type, text), bucket, key)
        if method != "HEAD" and not data:
            return self._translated(InvalidResponseError(status, content_type, None), bucket, key)
        if data:
            try:
                root = ET.fromstring(data)
            except ET.ParseError as exc:
                return self._translated(exc, bucket, key)
            return self._s3_error(root, method, bucket, key, status)
        code, message = _by_status(status, bucket, key)  # a HEAD's error has no body (read as minio-py does)
        if not code:
            return self._translated(ServerError(f"server failed with HTTP status code {status}", status), bucket, key)
        root = ET.Element("Error")
        ET.SubElement(root, "Code").text = code
        ET.SubElement(root, "Message").text = message
        ET.SubElement(root, "RequestId").text = response.headers.get("x-amz-request-id") or ""
        return self._s3_error(root, method, bucket, key, status)

    def failure_in(self, response: BaseHTTPResponse, method: str, bucket: str, key: str = "") -> StorageError | None:
        """The error a successful answer's body says (an S3 ``<Error>``: CompleteMultipartUpload may
        answer 200 and fail later), or None."""
        try:
            root = ET.fromstring(response.data)
        except ET.ParseError:
            return None  # read by the caller, as what it is
        if root.tag.rpartition("}")[2] != "Error":
            return None
        return self._s3_error(root, method, bucket, key, response.status)

    def _s3_error(self, root: ET.Element, method: str, bucket: str, key: str, status: int) -> StorageError:
        """The :class:`StorageError` of an S3 ``<Error>`` (with or without the S3 namespace)."""
        code, message, request_id = (root.findtext("{*}" + name) or ""  # any namespace or none
                                     for name in ("Code", "Message", "RequestId"))
        detail = (f"S3 error answer to {method} {object_path(bucket, key)}: HTTP status {status}, code: {code}, "
                  f"message: {message}, request_id: {request_id}")
        s = self.settings
        return from_s3_code(code, message, detail, s.endpoint, s.access_key, bucket or None, key or None)

    def _translated(self, exc: BaseException, bucket: str, key: str) -> StorageError:
        s = self.settings
        return translate(exc, endpoint=s.endpoint, access_key=s.access_key, bucket=bucket or None, key=key or None,
                         secure=s.secure)


def _read_bounded(response: BaseHTTPResponse) -> bytes:
    """An error answer's body (not read yet), at most :data:`MAX_ERROR_BYTES`; the connection goes
    back to the pool, or is closed when more was left unread."""
    try:
        data = response.read(MAX_ERROR_BYTES + 1)
        if len(data) > MAX_ERROR_BYTES:
            response.close()
            return data[:MAX_ERROR_BYTES]
        return data
    finally:
        response.release_conn()


def _by_status(status: int, bucket: str, key: str) -> tuple[str, str]:
    """The S3 error code (and message) of an error answer without a body, by its status."""
    if status == 403:
        return "AccessDenied", "Access denied"
    if status == 404:
        if key:
            return "NoSuchKey", "Object does not exist"
        if bucket:
            return "NoSuchBucket", "Bucket does not exist"
        return "ResourceNotFound", "Request resource not found"
    if status in (405, 501):
        return "MethodNotAllowed", "The specified method is not allowed against this resource"
    if status == 409 and bucket:
        return "NoSuchBucket", "Bucket does not exist"
    return "", ""
