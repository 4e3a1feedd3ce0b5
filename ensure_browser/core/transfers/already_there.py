"""Files a download finds already there: those proven to hold the object's bytes are not fetched again.

A download never replaces a file, so running the same download again (the command line's
``download``, the window's "Download" clicked twice on the same folder) would fetch everything
again as ``name (2).pdf``. Instead a regular file at a download's name, or at one of its numbered
names (a former run's ``name (2).pdf``), *is* the object when that is proven: the same size, and
the bytes' CRC32 equal to the object's whole-object checksum where the server answers one, else
their MD5 equal to a single-part ETag - the rule the download's own verification follows
(:class:`~ensure_browser.core.s3.download.BodyCheck`). Most are proven by the listing alone: a
file whose MD5 equals the listed ETag holds the object's bytes, whatever the ETag is; only the
others with a file of their size there cost a HEAD (for the checksum, and the reason when nothing
proves it). Nothing weaker proves it: not a multipart ETag without a whole-object checksum, not an
encrypted object's ETag, not a modification time.
A file that differs or cannot be proven the same is left as it is, and the download takes the next
free number, with a note saying why. Links and other non-files are never read.
"""

from __future__ import annotations

import enum
import logging
import os
import stat as stat_mod
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.s3.download import BodyCheck
from ensure_browser.core.s3.localfiles import hash_stream
from ensure_browser.core.s3.model import ObjectStat, is_md5_etag
from ensure_browser.core.transfers.jobs import TransferJob

log = logging.getLogger(__name__)

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class Verdict(enum.Enum):
    SAME = "same"
    DIFFERENT = "different"
    UNPROVEN = "unproven"


@dataclass(frozen=True)
class AlreadyThere:
    """An object whose file is there already, proven the same: not downloaded again."""

    bucket: str
    key: str
    path: str


@dataclass
class DownloadPlan:
    """What a download will do: the ``jobs`` to run, the files ``unchanged`` (already there), the
    ``refusals`` (messages), and ``notes``: for a job given a numbered name beside a file of the
    object's name, why that file was not taken for the object (by job id)."""

    jobs: list[TransferJob] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)
    unchanged: list[AlreadyThere] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)


def unproven_reason(st: ObjectStat) -> str:
    """Why a file of the object's size cannot be proven to hold its bytes (see :func:`compare`)."""
    if st.encrypted and is_md5_etag(st.etag):
        return ("it cannot be proven identical: the object is encrypted on the server (its ETag is no "
                "checksum of its bytes) and the server gives no checksum of it")
    return ("it cannot be proven identical: the object was uploaded in parts and the server gives no "
            "checksum of the whole object")


def regular_size(path: Path) -> int | None:
    """The size of the regular file at ``path`` (a link is not followed), or None."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_size if stat_mod.S_ISREG(st.st_mode) else None


def _hash_regular(path: Path, check: BodyCheck, cancel: CancelToken) -> bool:
    """Feed ``check`` the bytes of the regular file at ``path`` (opened without following a link);
    False when it is no regular file. OSError when it cannot be read."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    with os.fdopen(fd, "rb") as fh:
        if not stat_mod.S_ISREG(os.fstat(fh.fileno()).st_mode):
            return False
        hash_stream(fh, check, cancel=cancel)
    return True


def compare(path: Path, st: ObjectStat, cancel: CancelToken = NEVER) -> tuple[Verdict, str]:
    """Whether the regular file at ``path`` holds the bytes of the object ``st`` describes, and why
    not ("" when it does). Reads the file (never through a link) only when the sizes agree and the
    server answered something to check its bytes against."""
    size = regular_size(path)
    if size is None:
        return Verdict.DIFFERENT, "it is no regular file"
    if size != st.size:
        return Verdict.DIFFERENT, "it differs (another size)"
    check = BodyCheck.of(st, st.checksum)
    if check is None:
        return Verdict.UNPROVEN, unproven_reason(st)
    try:
        if not _hash_regular(path, check, cancel):
            return Verdict.DIFFERENT, "it is no regular file"
    except OSError as exc:
        log.info("%s cannot be compared with its object: %s", path, exc)
        return Verdict.UNPROVEN, f"it cannot be read ({exc.strerror or exc})"
    if check.result() != check.expected:
        return Verdict.DIFFERENT, "it differs (other content)"
    return Verdict.SAME, ""


def listed_md5_proves(path: Path, etag: str | None, cancel: CancelToken = NEVER) -> bool:
    """True when the regular file at ``path`` has the MD5 the listing gave as the object's ETag: no HEAD
    needed. Equal to a 128-bit digest the server reports for this object, the bytes are the object's
    (an ETag that is no MD5 of the bytes - an encrypted object's - does not match by chance); a file
    that does not match is asked about with a HEAD (:func:`compare`), for the checksum and the reason."""
    if etag is None or not is_md5_etag(etag):
        return False
    check = BodyCheck("MD5", etag.lower())
    try:
        return _hash_regular(path, check, cancel) and check.result() == check.expected
    except OSError:
        return False


def quick_proofs(
    wanted: Iterable[tuple[tuple[str, str], Path, int, str | None]],
    same_size: Callable[[Path, int], list[Path]], cancel: CancelToken = NEVER,
) -> tuple[dict[tuple[str, str], set[Path]], list[tuple[str, str]]]:
    """For each object (bucket and key, its wished path, size, ETag as listed) not asked about yet: the
    files of its size at its names that its listed MD5 ETag proves (:func:`listed_md5_proves`), and
    the objects to ask a HEAD about (a file of their size is there, which the listing does not prove)."""
    proven: dict[tuple[str, str], set[Path]] = {}
    ask: list[tuple[str, str]] = []
    for item, path, size, etag in wanted:
        candidates = same_size(path, size)
        if not candidates:
            continue
        matching = {c for c in candidates if listed_md5_proves(c, etag, cancel)}
        if matching:
            proven[item] = matching
        else:
            ask.append(item)
    return proven, ask


class Finder:
    """Whether a file at one of an object's names holds its bytes already (called by
    ``FreeNames.place`` for each name taken on disk), remembering the first reason why not.

    ``st``: the object as a HEAD answered it; None when it was not asked (no file of ``size`` bytes
    is at any of its names, or its listed ETag proved one) or could not be read. ``proven``: the
    files its listed ETag proved (see :func:`quick_proofs`)."""

    def __init__(self, st: ObjectStat | None, size: int, cancel: CancelToken = NEVER,
                 proven: Iterable[Path] = ()) -> None:
        self.st, self.size, self.cancel, self.proven = st, size, cancel, set(proven)
        self.first: tuple[Path, str] | None = None

    def __call__(self, candidate: Path) -> bool:
        if candidate in self.proven:
            return True
        if self.st is not None:
            verdict, why = compare(candidate, self.st, self.cancel)
        else:
            size = regular_size(candidate)
            verdict, why = ((Verdict.DIFFERENT, "it is no regular file") if size is None
                            else (Verdict.DIFFERENT, "it differs (another size)") if size != self.size
                            else (Verdict.UNPROVEN, "it cannot be compared: the object's details could not be read"))
        if verdict is not Verdict.SAME and self.first is None:
            self.first = (candidate, why)
        return verdict is Verdict.SAME

    def note(self, new: Path) -> str:
        """Why the download got the name ``new`` beside a file of its own name ("" when nothing was there)."""
        if self.first is None:
            return ""
        existing, reason = self.first
        return f"{existing.name} is there already and {reason}; downloaded as {new.name}."
