"""Replacing uploads (``if_match``): a write over an object only while it is the one the user saw.

A PUT or a CompleteMultipartUpload with ``If-Match: "<ETag>"`` is refused (412 PreconditionFailed)
by a server that honours it (AWS S3, MinIO, SeaweedFS) when the object at the key has another ETag
or is gone: check and write are one atomic step. A server that ignores the header (``rclone serve
s3``) writes anyway. Until a server has shown that it honours the condition, the object is looked
up (HEAD) right before the write and the write refused when its ETag is not the one expected; a
write by someone else between that look-up and the write can still be replaced on such a server.

What a server does is learnt from its answers: a 412 to a replacing write shows it honours it.
While nothing is known, the first replacing PUT of a connection is sent, right after that look-up,
with its condition on :data:`NO_SUCH_ETAG`, an ETag no object has (:meth:`ReplaceOnly.probe_write`):

* a server that honours ``If-Match`` refuses it (412) and writes nothing; the real PUT follows,
  conditioned on the expected ETag (atomic from now on);
* a server that ignores it writes the bytes: that write is the replacing write itself, made after
  the look-up exactly as the guarded write on such a server would be, so it is kept as the result.

So the probe never writes anything the upload would not have written, never twice (no extra
version on a versioned bucket, nothing written again over a write made after the upload), and
needs no key of its own (no scratch object in a user's bucket, no write permission beyond the key).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ensure_browser.core.errors import Conflict, NoSuchKey, StorageError
from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.s3.create_only import PRECONDITION_FAILED, StatFn, refused
from ensure_browser.core.s3.model import UploadResult
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

NO_SUCH_ETAG = '"00000000000000000000000000000000"'  # the probe's condition: no object has this ETag


def if_match_header(etag: str) -> str:
    """The ``If-Match`` value for ``etag`` (quoted, as the server answers ETags)."""
    return '"' + etag.strip('"') + '"'


def changed(bucket: str, key: str, detail: str) -> Conflict:
    """The refusal of a replacing write: the object is not the one the user saw (any more)."""
    return Conflict(Text(QT_TR_NOOP("s3://{0}/{1} changed since you chose to replace it; it was kept and the new "
                                    "file was not uploaded."), bucket, key), detail, code=PRECONDITION_FAILED)


class ReplaceOnly:
    """The replacing steps of the uploads of one connection (see the module docstring)."""

    def __init__(self, capabilities: Capabilities, stat: StatFn) -> None:
        self.capabilities = capabilities
        self._stat = stat

    @property
    def atomic(self) -> bool:
        """The server has shown that it refuses a write whose ``If-Match`` does not hold."""
        return self.capabilities.supports(Capability.CONDITIONAL_WRITE) is True

    def before(self, bucket: str, key: str, etag: str) -> None:
        """Right before a replacing write: refuse when the object is gone or has another ETag,
        unless the server is known to check ``If-Match`` itself."""
        if self.atomic:
            return
        try:
            st = self._stat(bucket, key)
        except NoSuchKey as err:
            raise changed(bucket, key, "replacing upload: the object is gone (HEAD before it)") from err
        if st.etag.strip('"').lower() != etag.strip('"').lower():
            raise changed(bucket, key, f"replacing upload: ETag {st.etag}, expected {etag} (HEAD before it)")

    def refusal(self, bucket: str, key: str, err: StorageError) -> StorageError:
        """A replacing write failed with ``err``: a 412 shows the server honours ``If-Match`` and
        becomes :func:`changed`; other errors stay as they are."""
        if not refused(err):
            return err
        self.capabilities.learn(Capability.CONDITIONAL_WRITE, True, "a write with If-Match was refused (412)")
        return changed(bucket, key, err.detail or err.message)

    def probe_write(self, write: Callable[[str], UploadResult], if_match: str) -> UploadResult:
        """The replacing PUT, after :meth:`before`: ``write(if_match_value)`` sends it. While nothing is
        known, it goes first with the condition on :data:`NO_SUCH_ETAG` (see the module docstring):
        refused, the server honours ``If-Match`` and the PUT is sent again on ``if_match``; accepted,
        the server ignores it and that write is the result. Refusals of the real PUT go through
        :meth:`refusal`."""
        if self.capabilities.supports(Capability.CONDITIONAL_WRITE) is None:
            try:
                result = write(NO_SUCH_ETAG)
            except StorageError as err:
                if not refused(err):
                    raise
                self.capabilities.learn(Capability.CONDITIONAL_WRITE, True,
                                        "a PUT with If-Match on an ETag no object has was refused")
            else:
                self.capabilities.learn(Capability.CONDITIONAL_WRITE, False,
                                        "a PUT with If-Match on an ETag no object has was not refused")
                return result
        return write(if_match_header(if_match))
