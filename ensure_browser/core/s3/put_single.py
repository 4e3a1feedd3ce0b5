"""Single PUTs on obstore (#23): its I/O runs outside the GIL, so many small uploads go side by side.

:func:`put_single` sends the PUT that ``UploadMixin._put`` would send, for the keys obstore carries
exactly (:func:`~ensure_browser.core.s3.object_store.exact_key`) and the headers it can send: the
content type, the user metadata (already RFC 2047 encoded by ``headers.object_headers``, sent as
``x-amz-meta-*``; not one named like a header obstore sets), ``If-None-Match: *``
(``mode="create"``) and ``If-Match`` (``mode={"e_tag": ...}``).
Anything else (another key, another header) answers None, and the PUT takes the other path. The
create-only and replacing guards (:mod:`.create_only`, :mod:`.replace_only`) stay around it as they
are: they see the same answers and errors.

What proves the bytes:

- the server checks them: the PUT carries their SHA-256 (``x-amz-checksum-sha256``, from the store
  made with ``checksum="sha256"``; obstore has no CRC32 and no ``Content-MD5``), which SeaweedFS,
  MinIO and AWS S3 check (``BadDigest``). A server that refuses the header, or takes it without
  keeping it (seen once per connection by a HEAD asking for the checksum), is learnt
  (:attr:`Capability.SHA256_CHECKSUMS`) and gets PUTs without it from then on;
- the ETag the server answers is compared with the MD5 of the bytes, as for every single PUT
  (:attr:`UploadResult.verified`). A different ETag is looked at once (HEAD asking for the checksum):
  an encrypted object's (SSE-KMS, SSE-C) ETag is no MD5, as the PUT's answer would have said on the
  other path, and the SHA-256 the server answers is compared with the bytes' instead (as the CRC32
  the other path's answer carries).

Plain HTTP to another machine (:attr:`ConnectionSettings.in_the_clear`) without a checksum the server
checks takes the other path, which makes the server check the body's MD5 (``Content-MD5``). So does
a connection whose server certificate obstore (rustls) does not accept where OpenSSL does (a
self-signed certificate marked as a CA, as ``openssl req -x509`` makes them): the other path
verifies it as the app always has, with the same messages.

obstore repeats a PUT whose answer was lost (a 5xx, a dropped connection) by itself. A conditional
PUT whose first try was written meets its own object on the repetition (412): where the error says it
was a repetition and the object is the one sent (its ETag is the MD5 of the bytes, its size theirs),
that is the success it was; otherwise the refusal stands, as on the other path.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import re
import weakref
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ensure_browser.core.errors import StorageError, translate
from ensure_browser.core.s3.capabilities import Capability
from ensure_browser.core.s3.headers import CHECKSUM_MODE, is_encrypted
from ensure_browser.core.s3.model import UploadResult

if TYPE_CHECKING:
    from obstore import PutMode

    from ensure_browser.core.s3.client import StorageBase

log = logging.getLogger(__name__)

SHA256 = "sha256"
FIRST_PUT_LOOK = 1  # the first checked PUT of a connection: one HEAD for the SHA-256 (see _learn_kept)
_META = "x-amz-meta-"
_REPEATED = re.compile(r"\bretries: ([1-9]\d*)")  # obstore's debug text: the failing try was a repetition
_REFUSED_CHECKSUM = re.compile(r"checksum|sha-?256|NotImplemented", re.IGNORECASE)
_CODE = re.compile(r"<Code>([^<]{1,64})</Code>")
# The attribute names obstore sends as the object's own headers (any case), not as ``x-amz-meta-*``: user
# metadata with such a name (a replace keeps the server's, whatever it is) takes the other path.
_HEADER_ATTRIBUTES = frozenset({"content-type", "content-disposition", "content-encoding", "content-language",
                                "cache-control", "storage-class"})
_UNSUPPORTED_CODES = frozenset({"NotImplemented", "InvalidArgument", "InvalidRequest", "UnsupportedArgument"})
# Connections whose server certificate obstore (rustls) does not accept: their PUTs take the other
# path (OpenSSL, which verifies as the rest of the app does), so nothing works less than before.
_UNTRUSTED: weakref.WeakSet[Any] = weakref.WeakSet()


class _Untrusted(Exception):
    """obstore refused the server's certificate: nothing was sent."""


def _plan(headers: Mapping[str, Any]) -> tuple[dict[str, str], PutMode] | None:
    """obstore's attributes and mode for ``headers``; None when one of them is not for it."""
    attributes: dict[str, str] = {}
    mode: PutMode = "overwrite"
    for name, value in headers.items():
        lname = name.lower()
        if not isinstance(value, str):
            return None
        if lname == "content-type":
            attributes["Content-Type"] = value
        elif lname.startswith(_META) and len(lname) > len(_META):
            if lname[len(_META):] in _HEADER_ATTRIBUTES:  # obstore would make it the header itself
                return None
            attributes[lname[len(_META):]] = value
        elif lname == "if-none-match" and value == "*":
            mode = "create"
        elif lname == "if-match":
            mode = {"e_tag": value}
        else:
            return None
    return attributes, mode


def put_single(storage: StorageBase, bucket: str, key: str, data: bytes,
               headers: Mapping[str, Any]) -> UploadResult | None:
    """One PUT of ``data`` on obstore (see the module docstring); None: not for obstore, nothing sent.
    Failures raise the errors the other path raises (:func:`~ensure_browser.core.errors.translate`)."""
    plan = _plan(headers) if storage.stores.carries(key) else None
    if plan is None or storage in _UNTRUSTED:
        return None
    checked = storage.capabilities.supports(Capability.SHA256_CHECKSUMS) is not False
    if not checked and storage.settings.in_the_clear:
        return None
    attributes, mode = plan
    md5 = hashlib.md5(data).hexdigest()  # releases the GIL
    try:
        etag = _send(storage, bucket, key, data, attributes, mode, checked)
    except _Untrusted:
        return None
    except Exception as exc:
        if mode != "overwrite" and _REPEATED.search(str(exc)) and type(exc).__name__ in (
                "AlreadyExistsError", "PreconditionError"):
            etag = _reconciled(storage, bucket, key, len(data), md5, exc)
        else:
            raise _translated(storage, exc, bucket, key) from exc
    if etag.lower() == md5:
        return UploadResult(bucket, key, etag, len(data), md5)
    return _looked_at(storage, bucket, key, data, etag, md5)


def _send(storage: StorageBase, bucket: str, key: str, data: bytes, attributes: dict[str, str],
          mode: PutMode, checked: bool) -> str:
    """The PUT; with ``checked`` its SHA-256 for the server to check (learnt as in the module docstring)."""
    import obstore  # on first use: start-up time

    stores = storage.stores
    try:
        result = obstore.put(stores.store(bucket, checksum=SHA256 if checked else ""), key, data,
                             attributes=attributes, mode=mode, use_multipart=False)
    except Exception as exc:
        if "InvalidCertificate" in str(exc):
            # rustls refuses some certificates OpenSSL takes (a self-signed one marked as a CA, the
            # usual kind made by `openssl req -x509`); the other path verifies as the app always has
            log.info("%s: obstore does not accept the server's certificate; uploads take the other path",
                     storage.settings.endpoint)
            _UNTRUSTED.add(storage)
            raise _Untrusted from exc
        if not (checked and _refuses_checksum(exc)):
            raise
        storage.capabilities.learn(Capability.SHA256_CHECKSUMS, False, "a PUT with x-amz-checksum-sha256 was refused")
        result = obstore.put(stores.store(bucket), key, data, attributes=attributes, mode=mode, use_multipart=False)
    else:
        if checked and storage.capabilities.supports(Capability.SHA256_CHECKSUMS) is None:
            _learn_kept(storage, bucket, key, data)
    return (result["e_tag"] or "").strip('"')


def _looked_at(storage: StorageBase, bucket: str, key: str, data: bytes, etag: str, md5: str) -> UploadResult:
    """The result of a PUT whose ETag is not the MD5 of the bytes, from a look at the object (HEAD asking
    for its checksum): an encrypted object's ETag (SSE-KMS, SSE-C) is no MD5, and the SHA-256 the server
    checked and answers (where it keeps one) is then the proof; a key that may write but not look:
    nothing to compare (neither verified nor disproved)."""
    try:
        answer = storage.client.stat_object(bucket, key, extra_headers=CHECKSUM_MODE)
    except Exception as exc:  # the upload itself succeeded: the result says what is known
        err = _translated(storage, exc, bucket, key)
        log.info("could not look at s3://%s/%s after its upload: %s", bucket, key, err.message)
        return UploadResult(bucket, key, etag, len(data), "")
    headers = answer.metadata or {}
    answered = str(headers.get("x-amz-checksum-sha256") or "")
    local = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii") if answered else ""
    return UploadResult(bucket, key, etag, len(data), md5, answered, local, is_encrypted(headers))


def _refuses_checksum(exc: BaseException) -> bool:
    """The server refused the PUT for its checksum header (a 400 or 501 that names it, with a code
    that says "not supported"). Never a refusal of the bytes (``BadDigest``: they differ from the
    checksum): those are not sent again."""
    first = str(exc).split("\n\nDebug source:", 1)[0]
    code = _CODE.search(first)
    return (bool(re.search(r"status code: (400|501)", first)) and code is not None
            and code.group(1) in _UNSUPPORTED_CODES and bool(_REFUSED_CHECKSUM.search(first)))


def _learn_kept(storage: StorageBase, bucket: str, key: str, data: bytes) -> None:
    """The first checked PUT of a connection: does the server keep (so take) the SHA-256? A HEAD asking
    for the checksum says. Learnt either way; a failed look teaches nothing (the next PUT asks again)."""
    try:
        answer = storage.client.stat_object(bucket, key, extra_headers=CHECKSUM_MODE)
    except Exception as exc:  # an optional look: the upload itself succeeded
        log.info("could not look for the SHA-256 of s3://%s/%s: %s", bucket, key, type(exc).__name__)
        return
    kept = str((answer.metadata or {}).get("x-amz-checksum-sha256") or "")
    ours = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
    storage.capabilities.learn(Capability.SHA256_CHECKSUMS, kept == ours, f"a PUT's SHA-256 answered {kept!r}")


def _reconciled(storage: StorageBase, bucket: str, key: str, size: int, md5: str, exc: Exception) -> str:
    """A conditional PUT refused on obstore's own repetition: the ETag of the object when it is the one
    sent (the first try was written, its answer lost); else the refusal, as the other path gives it."""
    try:
        st = storage.stat(bucket, key)
    except StorageError:
        st = None
    if st is not None and st.size == size and st.etag.strip('"').lower() == md5:
        log.info("s3://%s/%s: the answer to its PUT was lost and the repetition refused; the object is "
                 "the one sent", bucket, key)
        return st.etag.strip('"')
    raise _translated(storage, exc, bucket, key) from exc


def _translated(storage: StorageBase, exc: BaseException, bucket: str, key: str) -> StorageError:
    s = storage.settings
    return translate(exc, endpoint=s.endpoint, access_key=s.access_key, bucket=bucket, key=key, secure=s.secure)
