"""What an S3 server supports, learned from its answers rather than assumed.

S3 servers differ: ``rclone serve s3`` has no bucket policies (it answers a policy request with a
listing of the bucket, and takes a PUT or a DELETE of a policy for one of the bucket itself) and
ignores ``If-None-Match``; ``moto_server`` and SeaweedFS do not answer upload checksums alike. A
:class:`Capabilities` record belongs to one connection (:class:`~ensure_browser.core.s3.storage.Storage`);
the storage layer fills it as answers come, and what is known is said in plain words
(:meth:`Capabilities.lines`). A call the server does not support raises :class:`NotSupported`
with the same words, never "not an S3 server" or "bucket unreadable". Nothing here touches Qt.
"""

from __future__ import annotations

import enum
import logging
import threading
from dataclasses import dataclass

from ensure_browser.core.errors import NotSupported
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)


class Capability(enum.Enum):
    BUCKET_POLICIES = "bucket_policies"
    CREATE_ONLY_PUT = "create_only_put"  # If-None-Match: * on a PUT / CompleteMultipartUpload
    CHECKSUMS = "checksums"  # x-amz-checksum-crc32 checked and answered
    MULTIPART_LISTING = "multipart_listing"  # ListMultipartUploads
    VERSIONING = "versioning"
    LIFECYCLE = "lifecycle"
    DELETE_CONDITIONS = "delete_conditions"  # an <ETag> condition in a multi-object DELETE
    CONDITIONAL_WRITE = "conditional_write"  # If-Match on a PUT / CompleteMultipartUpload (a replace)
    SHA256_CHECKSUMS = "sha256_checksums"  # x-amz-checksum-sha256 on a single PUT (see put_single)


@dataclass(frozen=True)
class _Words:
    name: str
    yes: str
    no: str


WORDS: dict[Capability, _Words] = {
    Capability.BUCKET_POLICIES: _Words(
        QT_TR_NOOP("bucket policies"),
        QT_TR_NOOP("This server supports bucket policies."),
        QT_TR_NOOP("This server does not support bucket policies.")),
    Capability.CREATE_ONLY_PUT: _Words(
        QT_TR_NOOP("create-only uploads"),
        QT_TR_NOOP("This server refuses an upload over an existing object when asked to."),
        QT_TR_NOOP("This server ignores create-only uploads (If-None-Match): the app checks that the name is free "
                   "right before each upload and that its bytes are the ones stored after it.")),
    Capability.CHECKSUMS: _Words(
        QT_TR_NOOP("upload checksums"),
        QT_TR_NOOP("This server checks upload checksums (CRC32) and answers them."),
        QT_TR_NOOP("This server does not answer upload checksums: uploads are checked by their MD5 instead.")),
    Capability.MULTIPART_LISTING: _Words(
        QT_TR_NOOP("incomplete uploads"),
        QT_TR_NOOP("This server lists incomplete multipart uploads."),
        QT_TR_NOOP("This server does not list incomplete multipart uploads: they cannot be found or cleaned up here.")),
    Capability.VERSIONING: _Words(
        QT_TR_NOOP("versioning"),
        QT_TR_NOOP("This server supports bucket versioning."),
        QT_TR_NOOP("This server does not support bucket versioning.")),
    Capability.LIFECYCLE: _Words(
        QT_TR_NOOP("lifecycle rules"),
        QT_TR_NOOP("This server supports lifecycle rules."),
        QT_TR_NOOP("This server does not support lifecycle rules.")),
    Capability.DELETE_CONDITIONS: _Words(
        QT_TR_NOOP("delete conditions"),
        QT_TR_NOOP("This server deletes an object only while it is the one the app saw."),
        QT_TR_NOOP("This server ignores delete conditions: the app looks at each object right before deleting it.")),
    Capability.CONDITIONAL_WRITE: _Words(
        QT_TR_NOOP("conditional replace"),
        QT_TR_NOOP("This server replaces an object only while it is the one the app saw."),
        QT_TR_NOOP("This server ignores If-Match on uploads: the app looks at an object right before replacing it.")),
    Capability.SHA256_CHECKSUMS: _Words(
        QT_TR_NOOP("SHA-256 upload checksums"),
        QT_TR_NOOP("This server takes the SHA-256 checksums of uploads and keeps them."),
        QT_TR_NOOP("This server does not take SHA-256 checksums of uploads: single uploads are sent without one "
                   "and checked by their ETag (the MD5 of the bytes) instead.")),
}


def words(capability: Capability, supported: bool) -> Text:
    """The plain-words sentence for ``capability`` being supported or not (the GUI translates it)."""
    entry = WORDS[capability]
    return Text(entry.yes if supported else entry.no)


class Capabilities:
    """What one server was seen to support; thread-safe (the storage layer's workers share it)."""

    def __init__(self, endpoint: str = "") -> None:
        self.endpoint = endpoint
        self._known: dict[Capability, bool] = {}
        self._lock = threading.Lock()

    def supports(self, capability: Capability) -> bool | None:
        """True or False once an answer has shown it; None while nothing has."""
        with self._lock:
            return self._known.get(capability)

    def learn(self, capability: Capability, supported: bool, evidence: str = "") -> None:
        """Record what an answer showed (``evidence``: what it was, for the log)."""
        with self._lock:
            before = self._known.get(capability)
            self._known[capability] = supported
        if before != supported:
            log.info("%s: %s (%s)", self.endpoint or "server", words(capability, supported), evidence or "seen")

    def unsupported(self, capability: Capability, evidence: str = "") -> NotSupported:
        """Learn that ``capability`` is missing; the error that says so (to raise)."""
        self.learn(capability, False, evidence)
        return NotSupported(words(capability, False), evidence, code=capability.value)

    def known(self) -> dict[Capability, bool]:
        """What has been learned so far, in the order of :class:`Capability`."""
        with self._lock:
            return {cap: self._known[cap] for cap in Capability if cap in self._known}

    def lines(self) -> list[Text]:
        """What is known, one plain sentence per capability (nothing for what no answer showed)."""
        return [words(cap, supported) for cap, supported in self.known().items()]

    def report(self) -> str:
        """What is known as lines for a terminal, under a heading ("" while nothing is)."""
        lines = self.lines()
        if not lines:
            return ""
        where = f"the server at {self.endpoint}" if self.endpoint else "the server"
        return f"Learned from the answers of {where}:\n" + "".join(f"  {line}\n" for line in lines)

    def to_dict(self) -> dict[str, bool]:
        return {cap.value: supported for cap, supported in self.known().items()}
