"""The connection to one S3 server, shared by every part of :class:`~ensure_browser.core.s3.storage.Storage`.

:class:`StorageBase` holds the settings, what the server's answers have shown it supports
(:mod:`~ensure_browser.core.s3.capabilities`), the HTTP pool (:mod:`~ensure_browser.core.s3.pool`,
:mod:`~ensure_browser.core.s3.retries`),
minio-py's client (public methods only) and the requests signed here (:mod:`.signed`: multipart
parts, listing pages), turns every failure into an :mod:`ensure_browser.core.errors` type
(``_call``), and answers the one request the other parts all need: :meth:`StorageBase.stat`.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar, cast

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
    encryption_of,
    is_encrypted,
    user_metadata,
)
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.object_store import ObjectStores
from ensure_browser.core.s3.replace_only import ReplaceOnly
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.s3.signed import SignedRequests

if TYPE_CHECKING:
    import urllib3
    from minio import Minio

log = logging.getLogger(__name__)

T = TypeVar("T")


class StorageBase:
    """One connection to an S3 server: what the parts of ``Storage`` (listing, objects, download,
    upload, buckets) share. Thread-safe: share it between workers."""

    def __init__(self, settings: ConnectionSettings) -> None:
        self.settings = settings
        self.capabilities = Capabilities(settings.endpoint)  # what the server's answers have shown
        self._create_only = CreateOnly(self.capabilities, self.stat)  # see UploadMixin._put_new
        self._replace_only = ReplaceOnly(self.capabilities, self.stat)  # see UploadMixin._put_over
        self._put_checksum_answered = False  # see UploadMixin._put
        self._pool: urllib3.PoolManager | None = None  # see pool
        self._client: Minio | None = None  # see client
        self._made_lock = threading.RLock()  # see _made (reentrant: making the client makes the pool)
        self.signed = SignedRequests(settings, lambda: self.pool)  # the calls signed here (see signed)
        self.stores = ObjectStores(settings)  # obstore's byte path, one store per bucket (see object_store)

    @property
    def pool(self) -> urllib3.PoolManager:
        """The HTTP connections: urllib3's, repeating what may be repeated and following no redirect
        (see retries), with a deadline on each answer's head (see pool). Made with the first request
        that needs it (once, whichever thread asks first), so that importing the storage layer, or
        making a ``Storage``, does not import urllib3 (the window's start-up, #23)."""
        return self._made("_pool", self._make_pool)

    def _make_pool(self) -> urllib3.PoolManager:
        import certifi
        from urllib3.util import Timeout

        from ensure_browser.core.s3.pool import storage_pool
        from ensure_browser.core.s3.retries import storage_retry

        s = self.settings
        cert_reqs = "CERT_REQUIRED" if s.secure and s.verify_tls else "CERT_NONE"
        ca_certs = s.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()
        return storage_pool(
            timeout=Timeout(connect=s.connect_timeout, read=s.read_timeout),
            maxsize=16,
            cert_reqs=cert_reqs,
            ca_certs=ca_certs if cert_reqs == "CERT_REQUIRED" else None,
            retries=storage_retry(s.retries),
        )

    @property
    def client(self) -> Minio:
        """minio-py's client, through its public methods only (stat, copies, versions, policies ...),
        on the connection's pool: made with the first call that needs it (once, whichever thread
        asks first), so that importing the storage layer does not import minio-py."""
        return self._made("_client", self._make_client)

    def _make_client(self) -> Minio:
        from minio import Minio

        s = self.settings
        return Minio(
            endpoint=s.endpoint,
            access_key=None if s.credentials else s.access_key,
            secret_key=None if s.credentials else s.secret_key,
            credentials=s.credentials,
            secure=s.secure,
            region=s.region,
            http_client=self.pool,
            cert_check=s.verify_tls,
        )

    def _made(self, name: str, make: Callable[[], T]) -> T:
        """The attribute ``name``, made by ``make`` when first asked for (once, whichever thread asks first)."""
        value = getattr(self, name)
        if value is None:
            with self._made_lock:
                value = getattr(self, name)
                if value is None:
                    value = make()
                    setattr(self, name, value)
        return cast(T, value)

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
            sha256=str(headers.get("x-amz-checksum-sha256") or ""),
        )
