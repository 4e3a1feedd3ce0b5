"""One object at a time: exists, byte ranges, a capped read, delete, presigned and public URLs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from urllib.parse import quote

from minio.deleteobjects import DeleteObject

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import InvalidRequest, NoSuchKey
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.download import read_body

MAX_PRESIGN = timedelta(days=7)


def clamp_expiry(expires: timedelta) -> timedelta:
    """Presigned URLs live between one second and seven days (the S3 limit)."""
    if expires <= timedelta(0):
        raise InvalidRequest("A link must be valid for at least one second.")
    if expires > MAX_PRESIGN:
        raise InvalidRequest("A link can be valid for at most 7 days (the S3 limit).")
    return expires


class ObjectsMixin(StorageBase):
    """The single-object requests of :class:`~ensure_browser.core.s3.storage.Storage` (``stat`` is
    the base's: downloads need it too)."""

    def exists(self, bucket: str, key: str) -> bool:
        try:
            self.stat(bucket, key)
        except NoSuchKey:
            return False
        return True

    def read_range(self, bucket: str, key: str, offset: int = 0, length: int | None = None) -> bytes:
        """Bytes ``[offset, offset+length)`` of an object (all from ``offset`` when length is None)."""
        if offset < 0 or (length is not None and length < 0):
            raise InvalidRequest("A byte range cannot be negative.")
        if length == 0:
            return b""

        def run() -> bytes:
            resp = self.client.get_object(bucket, key, offset=offset, length=length or 0)
            try:
                return resp.read()
            finally:
                resp.close()
                resp.release_conn()

        try:
            return self._call(run, bucket, key)
        except InvalidRequest as err:
            if offset == 0 and err.code == "InvalidRange":  # a zero-byte object has no byte 0
                return b""
            raise

    def read_capped(
        self, bucket: str, key: str, cap: int, cancel: CancelToken = NEVER
    ) -> tuple[bytes, bool]:
        """At most ``cap`` bytes from the start; returns (data, truncated)."""

        def run() -> tuple[bytes, bool]:
            if cap <= 0:
                return b"", True
            resp = self.client.get_object(bucket, key, offset=0, length=cap + 1)
            try:
                buf = bytearray()
                for chunk in read_body(resp):
                    cancel.raise_if_cancelled()
                    buf += chunk
                    if len(buf) > cap:
                        return bytes(buf[:cap]), True
                return bytes(buf), False
            finally:
                resp.close()
                resp.release_conn()

        try:
            return self._call(run, bucket, key)
        except InvalidRequest as err:
            if err.code == "InvalidRange":  # a zero-byte object has no byte 0
                return b"", False
            raise

    def delete(self, bucket: str, key: str) -> None:
        self._call(lambda: self.client.remove_object(bucket, key), bucket, key)

    def delete_many(self, bucket: str, keys: Sequence[str]) -> dict[str, str]:
        """Delete ``keys`` with multi-object DELETE requests (up to 1,000 keys each).

        Returns the keys the server refused, each with its error code (``AccessDenied`` ...); a
        request that fails as a whole (connection, wrong secret) raises a :class:`StorageError`.
        """

        def run() -> dict[str, str]:
            errors = self.client.remove_objects(bucket, [DeleteObject(k) for k in keys])
            return {err.name or "": err.code or "" for err in errors}

        return self._call(run, bucket) if keys else {}

    def presign_get(self, bucket: str, key: str, expires: timedelta) -> str:
        expires = clamp_expiry(expires)
        return self._call(lambda: self.client.presigned_get_object(bucket, key, expires=expires), bucket, key)

    def public_url(self, bucket: str, key: str) -> str:
        """The plain (unsigned) URL of an object, for objects a bucket policy makes public."""
        return f"{self.settings.base_url}/{quote(bucket)}/{quote(key, safe='/')}"
