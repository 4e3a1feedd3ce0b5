"""One object at a time: exists, byte ranges, a capped read, delete (also only while unchanged, see
:mod:`.unchanged_deletes`), presigned and public URLs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING
from urllib.parse import quote

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import InvalidRequest, NoSuchKey
from ensure_browser.core.s3.client import StorageBase
from ensure_browser.core.s3.get_answers import open_get
from ensure_browser.core.s3.presign import sign_get
from ensure_browser.core.s3.unchanged_deletes import delete_after_look, delete_if_match, honours_conditions
from ensure_browser.core.texts import QT_TR_NOOP, Text

if TYPE_CHECKING:
    from minio.deleteobjects import DeleteObject

MAX_PRESIGN = timedelta(days=7)


def clamp_expiry(expires: timedelta, keys_expire: datetime | None = None) -> timedelta:
    """Presigned URLs live between one second and seven days (the S3 limit), and no longer than the
    temporary keys that sign them (``keys_expire``, a signed-in person's session): the link is
    shortened to that (``presigned_expiry`` of the URL then shows the real end)."""
    if expires <= timedelta(0):
        raise InvalidRequest(Text(QT_TR_NOOP("A link must be valid for at least one second.")))
    if expires > MAX_PRESIGN:
        raise InvalidRequest(Text(QT_TR_NOOP("A link can be valid for at most 7 days (the S3 limit).")))
    if keys_expire is not None:
        left = keys_expire.astimezone(UTC) - datetime.now(UTC)
        if left < timedelta(seconds=1):
            raise InvalidRequest(Text(QT_TR_NOOP("Your sign-in has expired: sign in again to make a link.")))
        expires = min(expires, timedelta(seconds=int(left.total_seconds())))
    return expires


def cut_short(expiry: datetime, lifetime: timedelta) -> bool:
    """A link made now for ``lifetime`` that ends at ``expiry`` was shortened (to its keys' end)."""
    return expiry < datetime.now(UTC) + lifetime - timedelta(minutes=1)


class ObjectsMixin(StorageBase):
    """The single-object requests of :class:`~ensure_browser.core.s3.storage.Storage` (``stat`` is
    the base's: downloads need it too)."""

    def exists(self, bucket: str, key: str) -> bool:
        try:
            self.stat(bucket, key)
        except NoSuchKey:
            return False
        return True

    def read_range(self, bucket: str, key: str, offset: int = 0, length: int | None = None, *,
                   etag: str | None = None) -> bytes:
        """Bytes ``[offset, offset+length)`` of an object (all from ``offset`` when length is None);
        with ``etag``, only while the object has that ETag (else a :class:`Conflict`
        ``PreconditionFailed``)."""
        if offset < 0 or (length is not None and length < 0):
            raise InvalidRequest(Text(QT_TR_NOOP("A byte range cannot be negative.")))
        if length == 0:
            return b""

        def run() -> bytes:
            answer = open_get(self, bucket, key, offset=offset, length=length, if_match=etag)
            whole = False
            try:
                data = b"".join(answer.chunks(length))
                whole = True
                return data
            finally:
                answer.close(whole=whole)

        try:
            return self._call(run, bucket, key)
        except InvalidRequest as err:
            if offset == 0 and err.code == "InvalidRange":  # a zero-byte object has no byte 0
                return b""
            raise

    def read_capped(
        self, bucket: str, key: str, cap: int, cancel: CancelToken = NEVER, version_id: str | None = None
    ) -> tuple[bytes, bool]:
        """At most ``cap`` bytes from the start (of the version ``version_id`` when given); returns
        (data, truncated)."""

        def run() -> tuple[bytes, bool]:
            if cap <= 0:
                return b"", True
            answer = open_get(self, bucket, key, length=cap + 1, version_id=version_id)
            whole = False
            try:
                buf = bytearray()
                for chunk in answer.chunks(cap + 1):
                    cancel.raise_if_cancelled()
                    buf += chunk
                    if len(buf) > cap:
                        whole = True
                        return bytes(buf[:cap]), True
                whole = True
                return bytes(buf), False
            finally:
                answer.close(whole=whole)

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
        from ensure_browser.core.s3.minio_types import delete_objects  # minio-py with the first request

        return self._remove(bucket, delete_objects([(k, None) for k in keys])) if keys else {}

    def delete_unchanged(self, bucket: str, items: Sequence[tuple[str, str | None]],
                         cancel: CancelToken = NEVER) -> dict[str, str]:
        """Delete each ``(key, etag)`` only while the object still has that ETag: what was confirmed,
        not whatever is at the key by now. Returns the keys not deleted with a code:
        :data:`~ensure_browser.core.s3.unchanged_deletes.CHANGED` for an object whose ETag is another
        (it was kept), else the server's (``NoSuchKey``, ``AccessDenied`` ...). A key with no ETag
        given is deleted as it is.

        Where the server honours a multi-object DELETE's ``<ETag>`` condition (asked once per
        connection), the check and the delete are one step; elsewhere each object is looked at
        (HEAD) right before the DELETE, and one that cannot be looked at is not deleted (see
        :mod:`~ensure_browser.core.s3.unchanged_deletes`). A request that fails as a whole raises a
        :class:`StorageError`."""
        if not items:
            return {}

        def remove(objects: list[DeleteObject]) -> dict[str, str]:
            return self._remove(bucket, objects)

        def etag_of(key: str) -> str:
            return self.stat(bucket, key).etag

        if honours_conditions(self.capabilities, remove):
            return delete_if_match(remove, etag_of, items)
        return delete_after_look(remove, etag_of, items, cancel)

    def _remove(self, bucket: str, objects: list[DeleteObject]) -> dict[str, str]:
        """One multi-object DELETE (minio-py sends 1,000 objects a request); the refused keys with
        their error codes."""

        def run() -> dict[str, str]:
            return {err.name or "": err.code or "" for err in self.client.remove_objects(bucket, objects)}

        return self._call(run, bucket)

    def presign_get(self, bucket: str, key: str, expires: timedelta) -> str:
        """A presigned GET valid for ``expires`` (shortened to the temporary keys' end, see clamp_expiry)."""
        keys_expire = None
        if self.settings.credentials is not None:
            exp = self._call(self.settings.credentials.retrieve).expiration  # the keys that will sign
            keys_expire = exp.replace(tzinfo=UTC) if exp is not None and exp.tzinfo is None else exp
        expires = clamp_expiry(expires, keys_expire)
        signed = self._call(lambda: sign_get(self.stores, bucket, key, expires), bucket, key)  # #23
        return signed or self._call(lambda: self.client.presigned_get_object(bucket, key, expires=expires), bucket, key)

    def public_url(self, bucket: str, key: str) -> str:
        """The plain (unsigned) URL of an object, for objects a bucket policy makes public."""
        return f"{self.settings.base_url}/{quote(bucket)}/{quote(key, safe='/')}"
