"""obstore's failures as the exceptions :func:`ensure_browser.core.errors.translate` already reads (#23).

obstore (Rust ``object_store``) raises a few typed errors (``AlreadyExistsError``,
``PreconditionError``, ``PermissionDeniedError``, ``UnauthenticatedError``, the built-in
``FileNotFoundError`` for a 404 ...) and one ``GenericError`` for everything else; what happened is in
their text only: the HTTP status and the server's XML error body (``Server returned non-2xx status
code: 403 Forbidden: <Error><Code>SignatureDoesNotMatch</Code>...``), or the cause of a failed
request in its debug form (``kind: Timeout``, ``"dns error"``, ``ConnectionRefused``,
``InvalidCertificate(UnknownIssuer)`` from rustls ...). :func:`plain` reads that text (as obstore
0.12 writes it; tests/core/test_obstore_errors.py checks every kind against the real servers) and
gives the exception minio-py, urllib3 or the OS raise for the same failure, so that ``translate``
makes the same typed error with the same message as for the other paths. The server's strings are
hostile: what is kept of them (an error message) is made terminal-safe and short here.

Nothing here imports obstore: an exception of it can only exist once it is imported; urllib3 and
minio-py are imported when an obstore error is read, not with this module.
"""

from __future__ import annotations

import errno
import html
import re
import sys

from ensure_browser.safe_text import one_line, terminal

_STATUS = re.compile(r"Server returned non-2xx status code: (\d{3})[^:]*:(.*)", re.DOTALL)
_XML_CODE = re.compile(r"<Code>([^<]{1,64})</Code>")
_XML_MESSAGE = re.compile(r"<Message>([^<]{0,2000})</Message>")
_MAX_TEXT = 300  # of a server's message kept in an error

# rustls' certificate errors (webpki) -> the OpenSSL words errors._ssl_reason reads
_CERT_REASONS = (
    ("UnknownIssuer", "unable to get local issuer certificate"),
    ("CaUsedAsEndEntity", "self-signed certificate"),
    ("SelfSigned", "self-signed certificate"),
    ("NotValidForName", "Hostname mismatch"),
    ("Expired", "certificate has expired"),
)
_DROPS = ("ConnectionReset", "ConnectionAborted", "BrokenPipe", "IncompleteMessage", "UnexpectedEof",
          "connection closed before message completed", "connection error")


def _obstore_error(exc: BaseException) -> bool:
    module = sys.modules.get("obstore.exceptions")
    base = getattr(module, "BaseError", None) if module is not None else None
    if base is not None and isinstance(exc, base):
        return True
    # obstore raises the built-in FileNotFoundError for a 404 answer
    return isinstance(exc, FileNotFoundError) and "Error performing " in str(exc) and exc.errno is None


def _safe(text: str) -> str:
    text = one_line(terminal(text.strip()))
    return text if len(text) <= _MAX_TEXT else text[:_MAX_TEXT] + "..."


def _summary(exc: BaseException) -> str:
    """obstore's first line (its request and what happened; no key or secret is in it), for logs."""
    first = str(exc).split("\n\nDebug source:", 1)[0]
    return _safe(first.split(": <", 1)[0])  # without the server's XML body (read on its own)


def plain(exc: BaseException) -> BaseException:
    """``exc`` as the exception minio-py / urllib3 / the OS raise for the same failure when it is
    obstore's; any other exception as it is."""
    if not _obstore_error(exc):
        return exc
    from minio.error import InvalidResponseError, S3Error, ServerError

    text = str(exc)
    summary = _summary(exc)
    name = type(exc).__name__
    status_match = _STATUS.search(text.split("\n\nDebug source:", 1)[0])
    if status_match is not None:
        status = int(status_match.group(1))
        body = status_match.group(2)
        code_match = _XML_CODE.search(body)
        message_match = _XML_MESSAGE.search(body)
        code = code_match.group(1).strip() if code_match else _code_of(name, status)
        if code:
            message = _safe(html.unescape(message_match.group(1))) if message_match else ""
            return S3Error(response=None, code=_safe(code), message=message, resource=summary,  # type: ignore[arg-type]
                           request_id=None, host_id=None)
        if status >= 500:
            return ServerError(summary, status)
        return InvalidResponseError(status, "text/plain", _safe(body))
    return _transport(exc, text, summary) or _typed(exc, name, summary)


def _code_of(name: str, status: int) -> str:
    """The S3 code of an answer without an error body (a HEAD's): from obstore's type or the status."""
    if name in ("AlreadyExistsError", "PreconditionError") or status == 412:
        return "PreconditionFailed"
    if name == "FileNotFoundError" or status == 404:
        return "NoSuchKey"
    if name in ("PermissionDeniedError", "UnauthenticatedError") or status in (401, 403):
        return "AccessDenied"
    return ""


def _transport(exc: BaseException, text: str, summary: str) -> BaseException | None:
    """A request that got no answer: the cause in obstore's debug text, as the OS / ssl raise it."""
    import socket  # here: the storage layer's import does without socket and ssl (#23)
    import ssl

    debug = text.split("\n\nDebug source:", 1)[-1]
    if "dns error" in debug:
        return socket.gaierror(socket.EAI_NONAME, f"Name or service not known ({summary})")
    if "ConnectionRefused" in debug:
        return ConnectionRefusedError(errno.ECONNREFUSED, f"Connection refused ({summary})")
    if "InvalidCertificate" in debug:
        reason = next((words for token, words in _CERT_REASONS if token in debug), "certificate not trusted")
        return ssl.SSLCertVerificationError(1, f"[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: "
                                               f"{reason} ({summary})")
    if "InvalidContentType" in debug or "InvalidMessage" in debug or "CorruptMessage" in debug:
        return ssl.SSLError(1, f"[SSL: WRONG_VERSION_NUMBER] wrong version number ({summary})")
    if "kind: Timeout" in debug or "TimedOut" in debug:
        return TimeoutError(f"timed out ({summary})")
    if any(token in debug for token in _DROPS):
        return ConnectionResetError(errno.ECONNRESET, f"Connection reset ({summary})")
    if "MissingEtag" in debug:  # a 2xx answer without an ETag: not an S3 server's (a redirect followed?)
        from minio.error import InvalidResponseError

        return InvalidResponseError(200, "", f"an answer without an ETag ({summary})")
    if "Parse(" in debug or "invalid HTTP" in debug:
        from http.client import BadStatusLine

        from urllib3.exceptions import ProtocolError

        return ProtocolError(f"Connection aborted ({summary})", BadStatusLine(summary))
    if "kind: Connect" in debug:
        return ConnectionRefusedError(errno.ECONNREFUSED, f"Could not connect ({summary})")
    return None


def _typed(exc: BaseException, name: str, summary: str) -> BaseException:
    """The rest: obstore's type says what it was; its first line (made safe) is the detail."""
    from minio.error import S3Error

    code = _code_of(name, 0)
    if code:
        return S3Error(response=None, code=code, message="", resource=summary,  # type: ignore[arg-type]
                       request_id=None, host_id=None)
    if name == "NotSupportedError":
        return RuntimeError(f"not supported by the storage library: {summary}")
    return RuntimeError(summary)
