"""Copy and move of documents: executing a :class:`~ensure_browser.core.objects.relocate.RelocatePlan`.

Each unit (a document and its thumbnail) is copied on the server (``Storage.copy``: only while the
source still has the confirmed ETag; an object at the destination is kept), then verified: a HEAD
of each copy must answer the ETag the copy answered and the source's size (and the source's ETag
where both are MD5s of the bytes). A move deletes its sources only then, each only while it still
has the ETag that was copied (``Storage.delete_unchanged``). Nothing is lost on any failure: a
source is never deleted unless its copy is there and verified; when part of a unit could not be
copied, the copies already made of that unit are removed again (they are new, made by this run)
so a move leaves no second document with the same id, and the unit is reported as kept. The
batch stops between units when cancelled and reports what was done and what was not attempted.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, NoSuchKey, StorageError
from ensure_browser.core.objects.relocate import RelocatePlan, Step, Unit
from ensure_browser.core.s3.copying import CopyResult, DestinationExists, SourceChanged, same_checksum
from ensure_browser.core.s3.model import is_md5_etag
from ensure_browser.core.s3.storage import CHANGED, Storage

log = logging.getLogger(__name__)

_REASONS = {
    "AccessDenied": "permission denied: these credentials may not delete it",
    "NoSuchKey": "it no longer exists",
    CHANGED: "it changed after it was copied",
}


@dataclass
class RelocateResult:
    """What a run did. ``done``: copied (and, for a move, the sources deleted). ``kept``: nothing of
    the unit changed at the destination, its sources are as they were, with the reason.
    ``copied_source_kept``: a move whose copies are in place and verified but whose source could not
    be deleted (it is now in both places), with the reason. ``incomplete``: a copy made without
    its thumbnail, with the reason. ``leftovers``: copies of a failed unit that could not be
    removed again (keys). ``not_attempted``: units left when cancelled or when the connection failed."""

    mode: str
    done: list[Unit] = field(default_factory=list)
    kept: list[tuple[Unit, str]] = field(default_factory=list)
    copied_source_kept: list[tuple[Unit, str]] = field(default_factory=list)
    incomplete: list[tuple[Unit, str]] = field(default_factory=list)
    leftovers: list[str] = field(default_factory=list)
    not_attempted: list[Unit] = field(default_factory=list)
    cancelled: bool = False
    stopped: str = ""  # why the run stopped early (a connection failure), else ""

    @property
    def done_bytes(self) -> int:
        return sum(u.size for u in self.done)


Progress = Callable[[int, int, str], None]  # (units finished, units in all, the unit's name)


class _Stop(Exception):
    """The connection failed after a unit was accounted for: the run stops."""


class _UnitFailed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def execute_relocate(storage: Storage, plan: RelocatePlan, cancel: CancelToken = NEVER,
                     progress: Progress | None = None) -> RelocateResult:
    """Copy (or move) the plan's units one after another; see the module docstring."""
    result = RelocateResult(plan.mode)
    units = plan.units
    for n, unit in enumerate(units):
        if cancel.cancelled:
            result.cancelled = True
            result.not_attempted = units[n:]
            break
        if progress is not None:
            progress(n, len(units), unit.name)
        try:
            _run_unit(storage, plan, unit, result, cancel)
        except Cancelled:
            result.cancelled = True
            result.not_attempted = units[n:]
            break
        except _Stop as stop:
            result.stopped = str(stop)
            result.not_attempted = units[n + 1:]
            break
        except StorageError as err:  # the connection, not this unit: the next ones would fail too
            result.kept.append((unit, err.message))
            result.stopped = err.message
            result.not_attempted = units[n + 1:]
            break
    if progress is not None and not result.cancelled and not result.stopped:
        progress(len(units), len(units), "")
    log.info("%s to %s: %d done (%d bytes), %d kept, %d copied but source kept, %d incomplete, "
             "%d not attempted%s", plan.mode, plan.destination.describe(), len(result.done),
             result.done_bytes, len(result.kept), len(result.copied_source_kept), len(result.incomplete),
             len(result.not_attempted), ", cancelled" if result.cancelled else "")
    return result


def _run_unit(storage: Storage, plan: RelocatePlan, unit: Unit, result: RelocateResult,
              cancel: CancelToken) -> None:
    made: list[CopyResult] = []
    try:
        made.append(_copy(storage, unit.document))
        if unit.thumbnail is not None:
            cancel.raise_if_cancelled()
            try:
                made.append(_copy(storage, unit.thumbnail))
            except _UnitFailed as failed:
                if plan.mode == "move":
                    raise _UnitFailed(f"its thumbnail could not be copied: {failed.reason}") from None
                _verify(storage, unit.document, made[0])
                result.incomplete.append((unit, f"copied without its thumbnail: {failed.reason}"))
                return
        for step, copy in zip(unit.steps, made, strict=True):
            _verify(storage, step, copy)
    except _UnitFailed as failed:
        _remove_copies(storage, made, result)
        result.kept.append((unit, failed.reason))
        return
    except (Cancelled, StorageError):
        _remove_copies(storage, made, result)  # a unit half done is undone: the sources are untouched
        raise
    if plan.mode == "copy":
        result.done.append(unit)
        return
    try:
        refused = storage.delete_unchanged(unit.document.bucket, [(s.source_key, s.etag) for s in unit.steps])
    except StorageError as err:
        result.copied_source_kept.append((unit, f"the copy is in place, but the source was kept: {err.message}"))
        if err.retryable:
            raise _Stop(err.message) from None
        return
    if refused:
        key, code = next(iter(refused.items()))
        reason = _REASONS.get(code, code or "refused by the server")
        result.copied_source_kept.append((unit, f"the copy is in place, but {key} was kept: {reason}"))
        return
    result.done.append(unit)


def _copy(storage: Storage, step: Step) -> CopyResult:
    """One server-side copy of what was confirmed; a refusal of this object as :class:`_UnitFailed`."""
    try:
        return storage.copy(step.bucket, step.source_key, step.bucket, step.dest_key, source_etag=step.etag)
    except SourceChanged:
        raise _UnitFailed(f"{step.source_key} changed since you confirmed") from None
    except DestinationExists:
        raise _UnitFailed(f"{step.dest_key} exists already and was kept") from None
    except NoSuchKey:
        raise _UnitFailed(f"{step.source_key} no longer exists") from None
    except StorageError as err:
        if err.retryable:
            raise
        raise _UnitFailed(err.message) from None


def _verify(storage: Storage, step: Step, copy: CopyResult) -> None:
    """The copy is at its key as the copy answered: its ETag, the size of the source it was copied
    from (and the confirmed ETag where both are MD5s of the bytes, as a single-request copy's is;
    for an encrypted object, whose ETag is none, the source's CRC32 where both are answered)."""
    try:
        st = storage.stat(copy.bucket, copy.key)
    except NoSuchKey:
        raise _UnitFailed(f"the copy at {copy.key} is not there") from None
    except StorageError as err:
        if err.retryable:
            raise
        raise _UnitFailed(f"the copy at {copy.key} could not be checked: {err.message}") from None
    same_etag = not copy.etag or st.etag.lower() == copy.etag.lower()
    if copy.encrypted or st.encrypted:  # ETags of encrypted objects are no checksums (SSE-KMS, SSE-C)
        same_bytes = same_checksum(st.checksum, copy.checksum)
    else:
        same_bytes = not (is_md5_etag(step.etag) and is_md5_etag(st.etag)) or st.etag.lower() == step.etag.lower()
    if not same_etag or not same_bytes or st.size != copy.size:
        raise _UnitFailed(f"the copy at {copy.key} is not what was copied (ETag {st.etag}, {st.size} bytes)")


def _remove_copies(storage: Storage, made: list[CopyResult], result: RelocateResult) -> None:
    """Remove the copies this run made of a unit that failed (each only while it is that copy)."""
    if not made:
        return
    bucket = made[0].bucket
    try:
        refused = storage.delete_unchanged(bucket, [(c.key, c.etag or None) for c in made])
    except StorageError as err:
        log.warning("copies of a failed unit could not be removed: %s", err.message)
        result.leftovers.extend(c.key for c in made)
        return
    result.leftovers.extend(key for key, code in refused.items() if code != "NoSuchKey")
