"""What the server really answers an anonymous user: unsigned HTTP requests, no credentials at all.

A bucket policy says who *should* be able to read a key; this module asks the server. Each request
is sent over plain ``http.client`` without an ``Authorization`` header, to the same endpoint as the
connection and with the same TLS settings (HTTPS on or off, certificate verification, CA file), and
the answer is classified:

* ``allowed=True`` - the server let the request through (2xx, or 404 "no such key": the read was
  permitted, the object just does not exist);
* ``allowed=False`` - the server refused it (401/403, e.g. ``AccessDenied``);
* ``allowed=None`` - the answer says nothing about permissions (no such bucket, redirect, 5xx...).

Transport failures (refused connection, TLS errors, timeouts) raise the storage layer's typed
errors (:mod:`ensure_browser.core.errors`). Nothing here imports Qt; run it in a worker.

:meth:`AnonymousProbe.put_object` and :meth:`AnonymousProbe.delete_object` change data when the
server allows them; the application only uses them in tests and on explicit request.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import unescape
from typing import TYPE_CHECKING, Final
from urllib.parse import quote, urlencode

from ensure_browser.core.errors import StorageError, translate
from ensure_browser.core.s3.storage import ConnectionSettings

if TYPE_CHECKING:
    import http.client
    import ssl

log = logging.getLogger(__name__)

__all__ = ["AnonymousAnswer", "AnonymousProbe", "object_path"]

#: Longest error body read from the server (S3 error documents are a few hundred bytes).
MAX_BODY: Final = 64 * 1024
DEFAULT_TIMEOUT: Final = 15.0

_TAG = re.compile(r"<(Code|Message|Key)>(.*?)</\1>", re.DOTALL)


def object_path(bucket: str, key: str | None = None) -> str:
    """The path-style request path of a bucket or an object (the key's ``/`` kept, the rest quoted)."""
    if key is None:
        return f"/{quote(bucket, safe='')}"
    return f"/{quote(bucket, safe='')}/{quote(key, safe='/~')}"


@dataclass(frozen=True)
class AnonymousAnswer:
    """The server's answer to one unsigned request.

    ``request`` is what was sent ("HEAD /bucket/key"), ``status`` the HTTP status, ``code`` the S3
    error code when there was one (``AccessDenied``, ``NoSuchKey``...), ``message`` a sentence for
    people. ``keys`` holds the object names a permitted listing returned (at most ``max_keys``).
    """

    request: str
    status: int
    allowed: bool | None
    code: str = ""
    message: str = ""
    keys: tuple[str, ...] = field(default=())

    @property
    def verdict(self) -> str:
        """``"allowed"``, ``"denied"`` or ``"unknown"``."""
        if self.allowed is None:
            return "unknown"
        return "allowed" if self.allowed else "denied"

    def summary(self) -> str:
        """One line: ``HTTP 403 AccessDenied: Access Denied.``."""
        code = f" {self.code}" if self.code else ""
        return f"HTTP {self.status}{code}: {self.message}"


def _parse_error(body: bytes) -> tuple[str, str]:
    text = body.decode("utf-8", errors="replace")
    found = {m.group(1): unescape(m.group(2).strip()) for m in _TAG.finditer(text)}
    return found.get("Code", ""), found.get("Message", "")


def _listed_keys(body: bytes) -> tuple[str, ...]:
    text = body.decode("utf-8", errors="replace")
    return tuple(unescape(m.group(2)) for m in _TAG.finditer(text) if m.group(1) == "Key")


class AnonymousProbe:
    """Sends unsigned requests to the connection's endpoint. Thread-safe (one connection per request)."""

    def __init__(self, settings: ConnectionSettings, timeout: float | None = None) -> None:
        self.settings = settings
        self.timeout = timeout if timeout is not None else min(settings.read_timeout, DEFAULT_TIMEOUT)
        self._context: ssl.SSLContext | None = None
        if settings.secure:
            import ssl  # here, with certifi and http.client: not at the window's start-up (#23)

            import certifi

            if settings.verify_tls:
                cafile = settings.ca_file or os.environ.get("SSL_CERT_FILE") or certifi.where()
                self._context = ssl.create_default_context(cafile=cafile)
            else:
                self._context = ssl.create_default_context()
                self._context.check_hostname = False
                self._context.verify_mode = ssl.CERT_NONE

    # -- requests ----------------------------------------------------------------------------------
    def head_object(self, bucket: str, key: str) -> AnonymousAnswer:
        """``HEAD`` of an object: may anyone read it (its metadata, and so its content)?

        A HEAD answer has no body, so a 404 is asked again as a one-byte ranged ``GET`` to tell a
        missing object (the read was allowed) from a missing bucket.
        """
        answer = self._send("HEAD", bucket, key)
        if answer.status == 404:
            retry = self._send("GET", bucket, key, headers={"Range": "bytes=0-0"})
            if retry.status == 404:
                return AnonymousAnswer(answer.request, 404, retry.allowed, retry.code, retry.message)
        return answer

    def get_object(self, bucket: str, key: str) -> AnonymousAnswer:
        """A one-byte ranged ``GET`` of an object (nothing more is transferred)."""
        return self._send("GET", bucket, key, headers={"Range": "bytes=0-0"})

    def list_objects(self, bucket: str, prefix: str = "", max_keys: int = 5) -> AnonymousAnswer:
        """``GET /bucket?list-type=2&prefix=...``: may anyone list the names under ``prefix``?"""
        query = {"list-type": "2", "prefix": prefix, "max-keys": str(max_keys)}
        return self._send("GET", bucket, None, query=query)

    def put_object(self, bucket: str, key: str, data: bytes = b"") -> AnonymousAnswer:
        """``PUT`` of an object. **Writes** ``data`` to ``bucket/key`` when the server allows it."""
        return self._send("PUT", bucket, key, body=data,
                          headers={"Content-Type": "application/octet-stream"})

    def delete_object(self, bucket: str, key: str) -> AnonymousAnswer:
        """``DELETE`` of an object. **Deletes** it when the server allows it."""
        return self._send("DELETE", bucket, key)

    # -- plumbing ----------------------------------------------------------------------------------
    def _connection(self) -> http.client.HTTPConnection:
        import http.client

        endpoint = self.settings.endpoint
        if self._context is not None:
            return http.client.HTTPSConnection(endpoint, timeout=self.timeout, context=self._context)
        return http.client.HTTPConnection(endpoint, timeout=self.timeout)

    def _send(
        self,
        method: str,
        bucket: str,
        key: str | None,
        *,
        query: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
        body: bytes | None = None,
    ) -> AnonymousAnswer:
        path = object_path(bucket, key)
        if query:
            path += "?" + urlencode(query, quote_via=quote)
        request = f"{method} {path}"
        conn = self._connection()
        try:
            conn.request(method, path, body=body, headers=dict(headers or {}))
            response = conn.getresponse()
            data = response.read(MAX_BODY) if method != "HEAD" else b""
            status, reason = response.status, response.reason
        except StorageError:
            raise
        except Exception as exc:
            err = translate(exc, endpoint=self.settings.endpoint, bucket=bucket, key=key,
                            secure=self.settings.secure)
            log.debug("anonymous %s failed: %s (%s)", request, err.message, err.detail)
            raise err from exc
        finally:
            conn.close()
        answer = self.classify(request, status, reason, data, is_listing=key is None)
        log.debug("anonymous %s -> %s", request, answer.summary())
        return answer

    @staticmethod
    def classify(request: str, status: int, reason: str, body: bytes, *, is_listing: bool) -> AnonymousAnswer:
        code, server_message = _parse_error(body) if status >= 300 else ("", "")
        if 200 <= status < 300:
            keys = _listed_keys(body) if is_listing else ()
            message = "The server answered the anonymous request."
            if is_listing:
                message = f"The server listed {len(keys)} name(s) to an anonymous user."
            return AnonymousAnswer(request, status, True, "", message, keys)
        if status in (401, 403):
            code = code or "AccessDenied"
            message = server_message or reason or "Access denied."
            return AnonymousAnswer(request, status, False, code, message)
        if status == 404 and code != "NoSuchBucket" and not is_listing:
            return AnonymousAnswer(
                request, status, True, code or "NoSuchKey",
                "The server allowed the anonymous request; the object does not exist.",
            )
        if status == 404:
            return AnonymousAnswer(request, status, None, code or "NotFound",
                                   server_message or "The bucket does not exist.")
        if status == 416:  # a ranged GET of an empty object: the read itself was allowed
            return AnonymousAnswer(request, status, True, code or "InvalidRange",
                                   "The server allowed the anonymous request (the object is empty).")
        if 300 <= status < 400:
            return AnonymousAnswer(request, status, None, code,
                                   "The server redirects this request (check the endpoint and region).")
        return AnonymousAnswer(request, status, None, code, server_message or reason or f"HTTP {status}")
