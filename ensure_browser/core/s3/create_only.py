"""Create-only uploads (``if_absent``) on servers that honour ``If-None-Match: *`` and on those that do not.

A server that supports conditional writes (AWS S3, MinIO, SeaweedFS, moto) refuses a PUT or a
CompleteMultipartUpload with ``If-None-Match: *`` when an object exists at the key (412
PreconditionFailed): the check and the write are one atomic step. ``rclone serve s3`` ignores the
header and overwrites. Until an answer has shown which kind a server is (a 412 says it honours
it; a repeated create-only PUT that is not refused says it does not), and for good on a server
that ignores it, an upload is guarded here instead: the key is looked up (HEAD) right before the
write and the upload refused when something is there; after the write the object is looked up
again and must be the one written (its ETag, or its MD5 where the server answers the whole MD5 of
a multipart object). A write by someone else between the look-up and the write can still be lost
on such a server; nothing is replaced that the look-up saw. So an upload's result says that it
created the object (:attr:`~ensure_browser.core.s3.model.UploadResult.created`, what lets the queue
remove an upload its answer proves wrong) only where the server is known to refuse such a write.

While nothing is known, create-only single PUTs go one at a time (:meth:`CreateOnly.first`), so the
first one finds out and the others follow its answer: on a server that honours the header, a
connection's create-only uploads cost :data:`FIRST_PUT_EXTRA` requests more than one PUT each, once.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Protocol

from ensure_browser.core.errors import Conflict, NoSuchKey, StorageError
from ensure_browser.core.s3.capabilities import Capabilities, Capability
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

PRECONDITION_FAILED = "PreconditionFailed"  # Conflict.code of a refused create-only write
REPLACED = "ReplacedAfterUpload"  # Conflict.code: the object after the upload is not the one sent
FIRST_PUT_EXTRA = 2  # the first create-only PUT of a connection: a HEAD before it, the same PUT again after


class _Stat(Protocol):
    @property
    def etag(self) -> str: ...

    @property
    def size(self) -> int: ...


StatFn = Callable[[str, str], _Stat]  # (bucket, key) -> what a HEAD says; NoSuchKey when absent


def refused(err: StorageError) -> bool:
    """``err`` is a create-only write the server refused because an object is there."""
    return isinstance(err, Conflict) and err.code == PRECONDITION_FAILED


class CreateOnly:
    """The create-only steps of the uploads of one connection (see the module docstring)."""

    def __init__(self, capabilities: Capabilities, stat: StatFn) -> None:
        self.capabilities = capabilities
        self._stat = stat
        self._learning = threading.Lock()

    @contextmanager
    def first(self) -> Iterator[None]:
        """Around a create-only single PUT: one at a time while the server's kind is not known."""
        if self.capabilities.supports(Capability.CREATE_ONLY_PUT) is not None:
            yield
            return
        with self._learning:
            yield

    @property
    def atomic(self) -> bool:
        """The server has shown that it refuses a create-only write over an existing object."""
        return self.capabilities.supports(Capability.CREATE_ONLY_PUT) is True

    def before(self, bucket: str, key: str) -> None:
        """Right before a create-only write: refuse (Conflict PreconditionFailed, as the server
        would) when an object is at the key, unless the server is known to refuse it itself."""
        if self.atomic:
            return
        try:
            self._stat(bucket, key)
        except NoSuchKey:
            return
        raise Conflict(Text(QT_TR_NOOP("s3://{0}/{1} already exists."), bucket, key),
                       "create-only upload: found by a HEAD before it",
                       code=PRECONDITION_FAILED)

    def learn_from(self, err: StorageError) -> None:
        """A create-only write failed with ``err``: a 412 shows the server honours ``If-None-Match``."""
        if refused(err):
            self.capabilities.learn(Capability.CREATE_ONLY_PUT, True, "a create-only write was refused (412)")

    def probe(self, write_again: Callable[[], object]) -> None:
        """After a create-only single PUT succeeded while nothing is known: the same create-only PUT
        again (the same bytes, so nothing changes where it is accepted) must be refused now that the
        object exists. Refused: the server honours ``If-None-Match``; accepted: it ignores it."""
        if self.capabilities.supports(Capability.CREATE_ONLY_PUT) is not None:
            return
        try:
            write_again()
        except StorageError as err:
            if refused(err):
                self.learn_from(err)
                return
            log.info("the create-only probe failed: %s", err.message)
            return
        self.capabilities.learn(Capability.CREATE_ONLY_PUT, False,
                                "a create-only PUT over an existing object was not refused")

    def after(self, bucket: str, key: str, etag: str, size: int, whole_md5: Callable[[], str] | None = None) -> None:
        """After a create-only write on a server not known to refuse one: the object must be the one
        written (``etag`` as the server answered the write; ``whole_md5``: the MD5 of all its bytes,
        for a server that answers it as a multipart object's ETag)."""
        if self.atomic:
            return
        where = f"s3://{bucket}/{key}"
        try:
            st = self._stat(bucket, key)
        except NoSuchKey as err:
            raise Conflict(Text(QT_TR_NOOP("{0} was deleted right after it was uploaded; upload it again."), where),
                           err.detail,
                           code=REPLACED) from err
        there = st.etag.strip('"').lower()
        ours = etag.strip('"').lower() == there or (
            whole_md5 is not None and "-" in etag and "-" not in there and whole_md5() == there)
        if st.size != size or not ours:
            raise Conflict(Text(QT_TR_NOOP("{0} was replaced by another upload right after this one; check which "
                                           "one to keep."), where),
                           f"ETag {st.etag} size {st.size} after the upload of ETag {etag} size {size}",
                           code=REPLACED)
