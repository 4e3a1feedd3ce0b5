"""Typed storage errors with human messages.

Every failure the storage layer can meet is turned into a :class:`StorageError` subclass whose
``message`` a person can act on ("Wrong secret key for access key X") and whose ``detail`` keeps the
technical text for the log. The UI shows ``message``; it never shows a traceback.
"""

from __future__ import annotations

import enum
import errno
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING, Any

from ensure_browser.core.s3.obstore_errors import plain
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.safe_text import terminal

if TYPE_CHECKING:
    from urllib3.exceptions import ProtocolError


class ErrorKind(enum.Enum):
    DNS = "dns"
    CONNECTION_REFUSED = "connection_refused"
    TIMEOUT = "timeout"
    TLS = "tls"
    PROTOCOL = "protocol"  # the peer does not speak S3 (or HTTP vs HTTPS mix-up on our side)
    DROPPED = "dropped"  # the connection was reset or closed mid-request (worth a retry)
    UNKNOWN_ACCESS_KEY = "unknown_access_key"
    WRONG_SECRET = "wrong_secret"
    ACCESS_DENIED = "access_denied"
    NO_SUCH_BUCKET = "no_such_bucket"
    NO_SUCH_KEY = "no_such_key"
    CLOCK_SKEW = "clock_skew"
    SERVER = "server"
    CONFLICT = "conflict"  # e.g. the target key exists already
    INVALID = "invalid"  # bad input from the caller (name, range, expiry)
    LOCAL_IO = "local_io"  # a local file vanished, changed or cannot be written
    CANCELLED = "cancelled"
    UNSUPPORTED = "unsupported"  # the server does not offer this (bucket policies on rclone ...)
    SIGN_IN = "sign_in"  # temporary keys expired and could not be renewed: the person signs in again
    OTHER = "other"


class StorageError(Exception):
    """Base class: ``message`` is for people, ``detail`` for logs."""

    kind: ErrorKind = ErrorKind.OTHER

    def __init__(self, message: str, detail: str = "", *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.code = code

    @property
    def retryable(self) -> bool:
        return self.kind in {ErrorKind.TIMEOUT, ErrorKind.CONNECTION_REFUSED, ErrorKind.SERVER, ErrorKind.DROPPED}

    def __str__(self) -> str:
        return self.message


class DnsError(StorageError):
    kind = ErrorKind.DNS


class ConnectionRefused(StorageError):
    kind = ErrorKind.CONNECTION_REFUSED


class TimeoutFailure(StorageError):
    kind = ErrorKind.TIMEOUT


class TlsFailure(StorageError):
    kind = ErrorKind.TLS


class ProtocolFailure(StorageError):
    kind = ErrorKind.PROTOCOL


class ConnectionDropped(ProtocolFailure):
    kind = ErrorKind.DROPPED


class UnknownAccessKey(StorageError):
    kind = ErrorKind.UNKNOWN_ACCESS_KEY


class WrongSecret(StorageError):
    kind = ErrorKind.WRONG_SECRET


class AccessDenied(StorageError):
    kind = ErrorKind.ACCESS_DENIED


class NoSuchBucket(StorageError):
    kind = ErrorKind.NO_SUCH_BUCKET


class NoSuchKey(StorageError):
    kind = ErrorKind.NO_SUCH_KEY


class ClockSkew(StorageError):
    kind = ErrorKind.CLOCK_SKEW


class ServerFailure(StorageError):
    kind = ErrorKind.SERVER


class Conflict(StorageError):
    kind = ErrorKind.CONFLICT


class InvalidRequest(StorageError):
    kind = ErrorKind.INVALID


class LocalFileError(StorageError):
    kind = ErrorKind.LOCAL_IO


class NotSupported(StorageError):
    """The server does not offer what was asked (its ``message`` says what, in plain words; ``code``
    is the capability's name, see :mod:`ensure_browser.core.s3.capabilities`)."""

    kind = ErrorKind.UNSUPPORTED


class SignInRequired(StorageError):
    """The session's temporary keys have expired and could not be renewed (see core/auth/session.py):
    work waits for the person to sign in again instead of failing."""

    kind = ErrorKind.SIGN_IN


class Cancelled(StorageError):
    kind = ErrorKind.CANCELLED

    def __init__(self, message: str = "", detail: str = "") -> None:
        super().__init__(message or Text(QT_TR_NOOP("Cancelled.")), detail)


def _chain(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    cur: BaseException | None = exc
    while cur is not None and cur not in seen:
        seen.append(cur)
        nxt = getattr(cur, "reason", None)
        if not isinstance(nxt, BaseException):
            nxt = cur.__cause__ or cur.__context__
        cur = nxt
    return seen


def _not_http(error: ProtocolError) -> bool:
    """The peer's first line was not an HTTP status line (an SSH banner, say); a connection closed
    before any answer (``RemoteDisconnected``) is a drop, not this."""
    from http.client import BadStatusLine, RemoteDisconnected

    return any(isinstance(arg, BadStatusLine) and not isinstance(arg, RemoteDisconnected) for arg in error.args)


def _where(endpoint: str, bucket: str | None, key: str | None) -> str:
    if bucket and key:
        return f"s3://{bucket}/{key}"
    if bucket:
        return Text(QT_TR_NOOP("bucket '{0}'"), bucket)
    return endpoint


def translate(
    exc: BaseException,
    *,
    endpoint: str,
    access_key: str = "",
    bucket: str | None = None,
    key: str | None = None,
    secure: bool = False,
) -> StorageError:
    """Map an exception from minio-py / urllib3 / obstore / the OS to a :class:`StorageError`."""
    if isinstance(exc, StorageError):
        return exc
    exc = plain(exc)  # obstore's failures as the exceptions below (see core/s3/obstore_errors.py)
    # here, not at the top: urllib3, minio-py (and socket, ssl) take tens of milliseconds to import,
    # and the window (and `import core.s3.storage`) start without them (tests/core/test_pool.py)
    import socket
    import ssl

    from minio.error import InvalidResponseError, S3Error, ServerError
    from urllib3.exceptions import (
        ConnectTimeoutError,
        MaxRetryError,
        NameResolutionError,
        NewConnectionError,
        ProtocolError,
        ReadTimeoutError,
        SSLError,
    )
    from urllib3.exceptions import TimeoutError as Urllib3Timeout

    from ensure_browser.core.s3.pool import SlowResponseHead

    detail = f"{type(exc).__name__}: {exc}"
    where = _where(endpoint, bucket, key)

    if isinstance(exc, S3Error):
        return from_s3_code(exc.code or "", exc.message or "", detail, endpoint, access_key, bucket, key)
    if isinstance(exc, ServerError):
        return ServerFailure(
            Text(QT_TR_NOOP("The server at {0} failed with HTTP status {1}. Try again later."), endpoint,
                 exc.status_code),
            detail,
        )
    if isinstance(exc, InvalidResponseError):
        status, code, server_message = error_answer(exc)
        if code:  # an S3 error in XML declared as another type (rclone serve s3: text/xml)
            return from_s3_code(code, server_message, detail, endpoint, access_key, bucket, key)
        text = str(exc)
        if "HTTP request to an HTTPS server" in text or ("HTTPS" in text and "HTTP request" in text):
            return TlsFailure(
                Text(QT_TR_NOOP("The server at {0} expects HTTPS (TLS), but the connection uses plain HTTP. "
                                "Turn TLS on for this connection."), endpoint),
                detail,
            )
        if isinstance(status, int) and 300 <= status < 400:  # the storage layer follows no redirect
            return ProtocolFailure(
                Text(QT_TR_NOOP("The server at {0} redirected the request to another address (HTTP status {1}); "
                                "requests are not sent on to another address. Check the endpoint."),
                     endpoint, status), detail)
        if isinstance(status, int) and status >= 500:
            return ServerFailure(
                Text(QT_TR_NOOP("The server at {0} failed with HTTP status {1}. Try again later."), endpoint,
                     status), detail,
            )
        return ProtocolFailure(
            Text(QT_TR_NOOP("The server at {0} did not answer like an S3 server (HTTP status {1}). "
                            "Check the endpoint and the port."), endpoint, status),
            detail,
        )

    if (
        type(exc).__name__ == "ParseError"
        or isinstance(exc, UnicodeDecodeError)
        or (isinstance(exc, ValueError) and str(exc).startswith("XML element"))
    ):
        return ProtocolFailure(
            Text(QT_TR_NOOP("The server at {0} did not answer like an S3 server. Check the endpoint and the port."),
                 endpoint),
            detail,
        )
    chain = _chain(exc)
    for item in chain:
        if isinstance(item, NameResolutionError | socket.gaierror):
            host = endpoint.rsplit(":", 1)[0]
            return DnsError(Text(QT_TR_NOOP("The host name '{0}' could not be resolved. Check the endpoint."), host),
                            detail)
    for item in chain:
        if isinstance(item, SSLError | ssl.SSLError):
            text = str(item)
            if "CERTIFICATE_VERIFY_FAILED" in text or isinstance(item, ssl.SSLCertVerificationError):
                return TlsFailure(
                    Text(QT_TR_NOOP("The TLS certificate of {0} could not be verified ({1}). "
                                    "Configure the CA certificate that signed it, or check the host name."),
                         endpoint, _ssl_reason(text)),
                    detail,
                )
            if "WRONG_VERSION_NUMBER" in text or "wrong version number" in text or "record layer" in text:
                return TlsFailure(
                    Text(QT_TR_NOOP("The server at {0} does not speak TLS. Turn TLS off for this connection "
                                    "(use http://)."), endpoint),
                    detail,
                )
            return TlsFailure(Text(QT_TR_NOOP("The TLS connection to {0} failed: {1}."), endpoint, _ssl_reason(text)),
                              detail)
    for item in chain:
        if isinstance(item, ConnectionRefusedError) or (
            isinstance(item, OSError) and item.errno == errno.ECONNREFUSED
        ):
            return ConnectionRefused(
                Text(QT_TR_NOOP("Nothing is listening at {0} (connection refused). Is the server running, "
                                "and is the port right?"), endpoint),
                detail,
            )
    for item in chain:
        timeout_types = ConnectTimeoutError | ReadTimeoutError | Urllib3Timeout | socket.timeout
        if not isinstance(item, NewConnectionError) and isinstance(item, timeout_types):
            return TimeoutFailure(
                Text(QT_TR_NOOP("The server at {0} did not answer in time. Check the network or try again."),
                     endpoint), detail
            )
    for item in chain:  # urllib3 keeps the http.client error as an argument of its ProtocolError
        slow = next((part for part in (item, *item.args) if isinstance(part, SlowResponseHead)), None)
        if slow is not None:
            return ProtocolFailure(
                Text(QT_TR_NOOP("The server at {0} did not finish the head of its answer within {1} s while talking "
                                "to {2} (it kept sending interim 100 Continue responses, or sent the head too "
                                "slowly); it does not behave like an S3 server. Check the endpoint and the port."),
                     endpoint, f"{slow.seconds:g}", where),
                detail,
            )
    for item in chain:
        if isinstance(item, NewConnectionError):
            return ConnectionRefused(Text(QT_TR_NOOP("Could not connect to {0}: {1}."), endpoint, str(item)), detail)
        if isinstance(item, ProtocolError) and _not_http(item):
            return ProtocolFailure(
                Text(QT_TR_NOOP("The server at {0} did not answer like an S3 server (it does not speak HTTP). "
                                "Check the endpoint and the port."), endpoint),
                detail,
            )
        if isinstance(item, ProtocolError | ConnectionResetError | BrokenPipeError):
            if secure:
                return TlsFailure(
                    Text(QT_TR_NOOP("The TLS connection to {0} was dropped. The server may not speak TLS."),
                         endpoint), detail
                )
            return ConnectionDropped(
                Text(QT_TR_NOOP("The connection to {0} was dropped while talking to {1}. "
                                "Try again; if it persists, check the endpoint and whether the server uses TLS."),
                     endpoint, where),
                detail,
            )
    for item in chain:
        if isinstance(item, MaxRetryError):
            return ConnectionRefused(Text(QT_TR_NOOP("Could not reach {0}."), endpoint), detail)
    if isinstance(exc, ValueError):  # minio-py refused the request before sending it
        return InvalidRequest(str(exc) or Text(QT_TR_NOOP(
            "The request for {0} is not valid (check the object name: this app cannot use a name that is empty "
            "or only blank characters)."), terminal(where)), detail)
    if isinstance(exc, OSError):
        return LocalFileError(Text(QT_TR_NOOP("A local file operation failed: {0}."), str(exc.strerror or exc)), detail)
    return StorageError(Text(QT_TR_NOOP("Unexpected error while talking to {0}: {1}"), where, str(exc)), detail)


def error_answer(exc: Exception) -> tuple[int | None, str, str]:
    """The HTTP status, S3 error code and message of minio-py's ``InvalidResponseError`` (an answer
    not declared ``application/xml``, as ``rclone serve s3``'s ``text/xml`` where the pool of
    ``core/s3/pool.py`` does not see it first), from its public pickling data (status, content type, body in
    minio 7.2.18-7.2.20); the code and message are empty unless the body is an S3 ``<Error>``."""
    from ensure_browser.core.s3.pool import is_xml_type

    reduced = exc.__reduce__()
    args = reduced[1] if isinstance(reduced, tuple) and len(reduced) > 1 else ()
    status, content_type, body = (*args, None, None, None)[:3]
    status = status if isinstance(status, int) else None
    if not is_xml_type(str(content_type or "").partition(";")[0]) or not isinstance(body, str) or "<Error" not in body:
        return status, "", ""
    try:
        root = ET.fromstring(body)
    except ET.ParseError:
        return status, "", ""
    if root.tag.rpartition("}")[2] != "Error":
        return status, "", ""
    fields = {child.tag.rpartition("}")[2]: (child.text or "").strip() for child in root}
    return status, fields.get("Code", ""), fields.get("Message", "")


def _ssl_reason(text: str) -> str:
    if "self-signed" in text or "self signed" in text:
        return Text(QT_TR_NOOP("self-signed certificate"))
    if "unable to get local issuer" in text:
        return Text(QT_TR_NOOP("unknown certificate authority"))
    if "Hostname mismatch" in text or "doesn't match" in text:
        return Text(QT_TR_NOOP("host name mismatch"))
    if "expired" in text:
        return Text(QT_TR_NOOP("certificate expired"))
    return text.rsplit("] ", maxsplit=1)[-1].split(" (_ssl", maxsplit=1)[0][:200]


def from_s3_code(
    code: str,
    server_message: str,
    detail: str,
    endpoint: str,
    access_key: str,
    bucket: str | None,
    key: str | None,
) -> StorageError:
    """The error for an S3 error ``code`` (also the codes of MinIO's admin API: the same names)."""
    where = _where(endpoint, bucket, key)
    kw: dict[str, Any] = {"code": code}
    if code == "InvalidAccessKeyId":
        return UnknownAccessKey(
            Text(QT_TR_NOOP("The server at {0} does not know the access key '{1}'."), endpoint, access_key),
            detail, **kw
        )
    if code == "SignatureDoesNotMatch":
        return WrongSecret(
            Text(QT_TR_NOOP("The secret key for access key '{0}' is wrong (the server rejected the signature)."),
                 access_key),
            detail,
            **kw,
        )
    if code in ("AccessDenied", "AllAccessDisabled", "InvalidToken", "ExpiredToken"):
        return AccessDenied(
            Text(QT_TR_NOOP("Access denied: the access key '{0}' may not do this on {1}."), access_key, where)
            if access_key
            else Text(QT_TR_NOOP("Access denied on {0}."), where),
            detail,
            **kw,
        )
    if code == "NoSuchBucket":
        return NoSuchBucket(Text(QT_TR_NOOP("The bucket '{0}' does not exist on {1}."), bucket, endpoint),
                            detail, **kw)
    if code in ("NoSuchKey", "NoSuchObject"):
        return NoSuchKey(Text(QT_TR_NOOP("The object {0} does not exist (it may have been deleted)."), where),
                         detail, **kw)
    if code in ("RequestTimeTooSkewed", "RequestExpired"):
        return ClockSkew(
            Text(QT_TR_NOOP("This computer's clock differs too much from the server's. Correct the system time "
                            "(enable automatic time synchronisation) and try again.")),
            detail,
            **kw,
        )
    if code in ("PreconditionFailed",):
        return Conflict(Text(QT_TR_NOOP("{0} already exists."), where), detail, **kw)
    if code in ("InternalError", "ServiceUnavailable", "SlowDown", "ServerError", "RequestTimeout"):
        return ServerFailure(
            Text(QT_TR_NOOP("The server at {0} reported an error ({1}). Try again later."), endpoint, code),
            detail, **kw
        )
    if code in ("InvalidBucketName", "KeyTooLongError", "InvalidArgument", "InvalidRange", "EntityTooLarge"):
        return InvalidRequest(
            Text(QT_TR_NOOP("The server refused the request on {0}: {1}"), where, server_message), detail, **kw
        )
    return StorageError(Text(QT_TR_NOOP("The server refused the request on {0}: {1}"), where, server_message or code),
                        detail, **kw)
