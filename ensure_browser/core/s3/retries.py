"""What the storage layer's HTTP pool repeats by itself: :class:`StorageRetry`.

A request that could not connect is repeated (nothing was sent), and one answered 502-504 whose
repetition does what the first would have done. Not a POST in general: a CreateMultipartUpload whose
answer a gateway lost had created an upload, and its repetition made a second one, the first
orphaned; the app repeats those itself, where it reconciles what the first may have done (see
create_upload). DeleteObjects (POST ``?delete``) is repeated: deleting what is gone already is a
success (:func:`repeatable_post`). No redirect is followed (``redirect=False``): a 3xx answer goes
back to the caller, whose error it becomes, so no request is sent again, with its body and signed
headers, to wherever a ``Location`` points (:mod:`.pool` makes sure of it with urllib3 2.0.2 too).
"""

from __future__ import annotations

from types import TracebackType
from typing import TYPE_CHECKING, Self
from urllib.parse import parse_qs, urlsplit

from urllib3.exceptions import MaxRetryError
from urllib3.util import Retry

if TYPE_CHECKING:
    from urllib3 import BaseHTTPResponse
    from urllib3.connectionpool import ConnectionPool

REPEATED_METHODS = frozenset({"GET", "HEAD", "PUT", "DELETE", "OPTIONS", "POST"})
RETRY_STATUSES = (502, 503, 504)


def repeatable_post(url: str) -> bool:
    """Whether a POST to ``url`` may be sent again after a 502-504 answer: only a DeleteObjects
    (``?delete``), which deletes the same keys again (those gone already are a success). Not
    CreateMultipartUpload (a second upload) nor CompleteMultipartUpload."""
    return "delete" in parse_qs(urlsplit(url).query, keep_blank_values=True)


class StorageRetry(Retry):
    """urllib3's :class:`~urllib3.util.Retry` that answers "no more" for a POST :func:`repeatable_post`
    refuses, where urllib3 would repeat it after a 502-504 answer (its answer then goes to the
    caller). Every other rule is urllib3's, with the options given."""

    def increment(
        self,
        method: str | None = None,
        url: str | None = None,
        response: BaseHTTPResponse | None = None,
        error: Exception | None = None,
        _pool: ConnectionPool | None = None,
        _stacktrace: TracebackType | None = None,
    ) -> Self:
        if (method == "POST" and response is not None and not response.get_redirect_location()
                and not repeatable_post(url or "")):
            raise MaxRetryError(_pool, url or "", reason=None)  # type: ignore[arg-type]
        return super().increment(method, url, response, error, _pool, _stacktrace)


def storage_retry(retries: int) -> StorageRetry:
    """The pool's retry rules for a connection that repeats a request ``retries`` times."""
    return StorageRetry(
        total=retries,
        connect=retries,
        read=0,
        redirect=False,  # implies raise_on_redirect=False: the 3xx answer is returned
        backoff_factor=0.2,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=REPEATED_METHODS,
        raise_on_status=False,
    )
