"""CreateMultipartUpload, repeated only once what a failed attempt may have begun is undone.

The HTTP pool repeats no POST (see :mod:`.client`): a CreateMultipartUpload whose answer was lost (a
502-504 from a gateway, a dropped connection, a timeout) may still have created an upload on the
server, and a blind repetition creates a second one; the first, which nobody completes or aborts,
keeps its parts on the server (an orphan). :func:`create_upload` repeats the call itself, up to
``settings.retries`` times with backoff, after a failure that may have reached the server only once
it has listed the key's uploads in progress and aborted those the server began since just before the
failed attempt (by the server's clock: the ``Date`` of the listing's answer, against each upload's
``Initiated``, less :data:`SLACK`). Where that cannot be done (a server without ListMultipartUploads,
the listing failing too, an upload without a time), nothing is repeated and the failure is not
retryable, so that the transfer queue does not repeat it blindly either.

An upload of the same key by another client begun within those few seconds would be aborted too:
that client's upload then fails on its next request, and nothing stored is lost.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from ensure_browser.core.errors import ErrorKind, StorageError
from ensure_browser.core.s3.capabilities import Capabilities
from ensure_browser.core.s3.multipart_listing import list_uploads
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

SLACK = timedelta(seconds=2)  # Initiated and Date are to the second; the server may round either way
# failures after which the server may have done what was asked (it was sent; the answer was lost)
MAY_HAVE_REACHED = frozenset({ErrorKind.SERVER, ErrorKind.DROPPED, ErrorKind.TIMEOUT})


class _Requests(Protocol):
    def request(self, method: str, bucket: str, key: str = "", *, query: Mapping[str, str] | None = None) -> Any: ...


class UploadCalls(Protocol):
    """What :func:`create_upload` needs of the storage (an ``UploadMixin``)."""

    settings: ConnectionSettings
    capabilities: Capabilities

    @property
    def signed(self) -> _Requests: ...

    def abort_multipart(self, bucket: str, key: str, upload_id: str) -> None: ...


class _Dated:
    """The signed requests, the ``Date`` of the last answer kept (the server's clock)."""

    def __init__(self, signed: _Requests) -> None:
        self.signed = signed
        self.date: datetime | None = None

    def request(self, method: str, bucket: str, key: str = "", *, query: Mapping[str, str] | None = None) -> Any:
        response = self.signed.request(method, bucket, key, query=query)
        from email.utils import parsedate_to_datetime  # with the first answer, not the storage layer's import

        try:
            self.date = parsedate_to_datetime(response.headers.get("Date") or "").astimezone(UTC)
        except (TypeError, ValueError):
            self.date = None
        return response


def create_upload(storage: UploadCalls, bucket: str, key: str, create: Callable[[], str]) -> str:
    """``create()`` (a CreateMultipartUpload, its failures as StorageError): its upload id. After a
    retryable failure it is repeated (see the module's docstring), once an upload the failed attempt
    may have begun has been aborted; the last failure is raised."""
    attempts = max(0, storage.settings.retries) + 1
    for attempt in range(attempts):
        started = time.monotonic()
        try:
            return create()
        except StorageError as err:
            if not err.retryable:
                raise
            if err.kind in MAY_HAVE_REACHED and not abort_begun_since(storage, bucket, key,
                                                                      time.monotonic() - started):
                raise StorageError(
                    Text(QT_TR_NOOP("{0} The server may have begun the upload of {1} anyway, and this cannot be "
                                    "checked here, so it was not tried again."), err.message, key),
                    err.detail, code=err.code) from err
            if attempt == attempts - 1:
                raise
            delay = 0.2 * 2**attempt
            log.info("creating the upload of %s/%s again in %.1f s after: %s", bucket, key, delay, err.message)
            time.sleep(delay)
    raise AssertionError("unreachable")


def abort_begun_since(storage: UploadCalls, bucket: str, key: str, seconds: float) -> bool:
    """Abort the uploads of ``key`` the server began within the last ``seconds`` (plus
    :data:`SLACK`); False when that cannot be told (nothing aborted then, or not all)."""
    dated = _Dated(storage.signed)
    try:
        uploads = [up for up in list_uploads(dated, storage.capabilities, bucket, key) if up.key == key]
    except Exception as exc:  # NotSupported, or the listing failed as the creation did
        log.warning("cannot list the uploads of %s/%s to find one a failed request began: %s", bucket, key, exc)
        return False
    now = dated.date or datetime.now(UTC)
    since = now - timedelta(seconds=seconds) - SLACK
    if any(up.initiated is None for up in uploads):
        log.warning("the server gives no start time of the uploads of %s/%s: the one a failed request "
                    "began cannot be told", bucket, key)
        return False
    for up in uploads:
        if up.initiated is not None and up.initiated >= since:
            try:
                storage.abort_multipart(bucket, key, up.upload_id)
            except StorageError as exc:
                log.warning("cannot abort the upload %s of %s/%s a failed request began: %s", up.upload_id,
                            bucket, key, exc.message)
                return False
            log.info("aborted the upload %s of %s/%s that a failed request began", up.upload_id, bucket, key)
    return True
