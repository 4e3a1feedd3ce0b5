"""The connection to one S3 server, shared by every part of :class:`~ensure_browser.core.s3.storage.Storage`.

:class:`StorageBase` holds the settings, what the server's answers have shown it supports
(:mod:`~ensure_browser.core.s3.capabilities`), the HTTP pool (:mod:`~ensure_browser.core.s3.retries`,
:mod:`~ensure_browser.core.s3.pool`)
and minio-py's client (:class:`_Client`, which does not hash a body that carries its own signed
check), turns every failure into an :mod:`ensure_browser.core.errors` type (``_call``), and answers
the one request the other parts all need: :meth:`StorageBase.stat`.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

import certifi
from minio import Minio
from urllib3.util import Timeout

from ensure_browser.core.errors import (
    AccessDenied,
    ClockSkew,
    StorageError,
    UnknownAccessKey,
    WrongSecret,
    translate,
)
from ensure_browser.core.s3.capabilities import Capabilities
from ensure_browser.core.s3.create_only import CreateOnly
from ensure_browser.core.s3.headers import (
    CHECKSUM_MODE,
    UNSIGNED_PAYLOAD,
    encryption_of,
    is_encrypted,
    user_metadata,
)
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.pool import storage_pool
from ensure_browser.core.s3.replace_only import ReplaceOnly
from ensure_browser.core.s3.retries import storage_retry
from ensure_browser.core.s3.settings import ConnectionSettings

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse  # urllib3 2.x; a name in annotations only

log = logging.getLogger(__name__)

T = TypeVar("T")


class _Client(Minio):
    """minio-py's client, except for bodies that carry their own integrity check.

    Over plain HTTP minio-py signs the SHA-256 of every body (over HTTPS it sends UNSIGNED-PAYLOAD
    and a Content-MD5 it computes). Uploads here send their own check of the body in a signed
    header the server verifies (BadDigest): its CRC32 (``x-amz-checksum-crc32``), and a single PUT
    also its MD5 (Content-MD5) until the server has shown that it checks the CRC32 (see
    ``UploadMixin._put``; SeaweedFS does not check the signed SHA-256 at all). For those requests
    (marked ``x-amz-content-sha256: UNSIGNED-PAYLOAD``) a second hash of every byte buys nothing but
    CPU, so they go as minio-py sends them over HTTPS.

    Except with ``sign_payload`` (plain HTTP to another machine, see
    :attr:`ConnectionSettings.in_the_clear`): there anyone on the path can change a body and keep its
    length and CRC32 (4 bytes chosen to match), so every body is sent as :meth:`_signed_body_headers`
    says.
    """

    def __init__(self, *args: Any, sign_payload: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sign_payload = sign_payload

    def _build_headers(self, host: str, headers: Any = None, body: bytes | None = None,
                       creds: Any = None) -> tuple[Any, datetime]:
        if self.sign_payload:
            return super()._build_headers(host, _signed_body_headers(headers, body), body, creds)
        if not (headers and (headers.get("Content-MD5") or headers.get("x-amz-checksum-crc32"))
                and headers.get("x-amz-content-sha256") == UNSIGNED_PAYLOAD):
            return super()._build_headers(host, headers, body, creds)
        built, date = super()._build_headers(host, headers, None, creds)  # no body: nothing hashed
        built["x-amz-content-sha256"] = UNSIGNED_PAYLOAD
        if body:
            built["Content-Length"] = str(len(body))
        return built, date

    def request(self, method: str, bucket: str, query: Mapping[str, str]) -> BaseHTTPResponse:
        """One signed request about ``bucket`` through minio-py's request layer (signing, region,
        retries; an error answer raised as ``S3Error``), for the calls whose answers minio-py reads
        wrongly from some servers (see :mod:`~ensure_browser.core.s3.multipart_listing`)."""
        return self._execute(method, bucket, query_params=dict(query.items()))


def _signed_body_headers(headers: Any, body: bytes | None) -> Any:
    """``headers`` for a body whose digests the signature covers: no ``UNSIGNED-PAYLOAD`` (minio-py
    then signs the body's SHA-256 over HTTP, which AWS S3 and MinIO check), and a ``Content-MD5``
    (signed as every header is), which SeaweedFS checks where it ignores the SHA-256. Neither can be
    matched by a changed body, as a CRC32 can."""
    if not body:
        return headers
    signed = {name: value for name, value in (headers or {}).items()
              if not (name.lower() == "x-amz-content-sha256" and value == UNSIGNED_PAYLOAD)}
    if not any(name.lower() == "content-md5" for name in signed):
        signed["Content-MD5"] = base64.b64encode(hashlib.md5(body).digest()).decode("ascii")
    return signed


class StorageBase:
    """One connection to an S3 server: what the parts of ``Storage`` (listing, objects, download,
    upload, buckets) share. Thread-safe: share it between workers."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        self.capabilities = Capabilities(settings.endpoint)  # what the server's answers have shown
        self._create_only = CreateOnly(self.capabilities, self.stat)  # see UploadMixin._put_new
        self._replace_only = ReplaceOnly(self.capabilities, self.stat)  # see UploadMixin._put_over
        self._put_checksum_answered = False  # see UploadMixin._put
        cert_reqs = "CERT_REQUIRED" if settings.secure and settings.verify_tls else "CERT_NONE"
        ca_certs = settings.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()
        # The HTTP connections: urllib3's, repeating what may be repeated and following no redirect
        # (see retries), with a deadline on each answer's head (see pool).
        self.pool = storage_pool(
            timeout=Timeout(connect=settings.connect_timeout, read=settings.read_timeout),
            maxsize=16,
            cert_reqs=cert_reqs,
            ca_certs=ca_certs if cert_reqs == "CERT_REQUIRED" else None,
            retries=storage_retry(settings.retries),
        )
        self.client: _Client = _Client(
            settings.endpoint,
            access_key=None if settings.credentials else settings.access_key,
            secret_key=None if settings.credentials else settings.secret_key,
            credentials=settings.credentials,
            secure=settings.secure,
            region=settings.region,
            http_client=self.pool,
            cert_check=settings.verify_tls,
            sign_payload=settings.in_the_clear,
        )

    def _call(self, fn: Callable[[], T], bucket: str | None = None, key: str | None = None,
              *, head: bool = False) -> T:
        try:
            return fn()
        except StorageError:
            raise
        except Exception as exc:
            err = translate(
                exc,
                endpoint=self.settings.endpoint,
                access_key=self.settings.access_key,
                bucket=bucket,
                key=key,
                secure=self.settings.secure,
            )
            if head and isinstance(err, AccessDenied):
                err = self._explain_head_denial(err)
            log.debug("storage call failed: %s (%s)", err.message, err.detail)
            raise err from exc

    def _explain_head_denial(self, err: StorageError) -> StorageError:
        """A HEAD answer has no body, so a wrong secret looks like "access denied".

        Ask once with a GET (ListBuckets) whose XML error names the real cause.
        """
        try:
            self.client.list_buckets()
        except Exception as probe_exc:
            probe = translate(probe_exc, endpoint=self.settings.endpoint, access_key=self.settings.access_key,
                              secure=self.settings.secure)
            if isinstance(probe, WrongSecret | UnknownAccessKey | ClockSkew):
                return probe
        return err

    def stat(self, bucket: str, key: str, version_id: str | None = None) -> ObjectStat:
        """HEAD (of the version ``version_id`` when given), asking for the object's checksum too (as a
        download's GET does)."""
        st = self._call(lambda: self.client.stat_object(bucket, key, version_id=version_id,
                                                        extra_headers=CHECKSUM_MODE), bucket, key, head=True)
        headers = st.metadata or {}
        meta = user_metadata(headers)
        encryption, kms_key_id = encryption_of(headers)
        return ObjectStat(
            bucket=bucket,
            key=key,
            size=int(st.size or 0),
            etag=(st.etag or "").strip('"'),
            content_type=st.content_type or "application/octet-stream",
            last_modified=st.last_modified,
            metadata=meta,
            version_id=st.version_id,
            checksum=str(headers.get("x-amz-checksum-crc32") or ""),
            encrypted=is_encrypted(headers),
            encryption=encryption,
            kms_key_id=kms_key_id,
        )
