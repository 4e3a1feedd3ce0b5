"""Fixes for scan findings, planned first (to be shown and confirmed) and then applied. No Qt here.

Three findings have a fix:

* ``material_without_thumbnail``: download the material (capped), render its first page with the
  renderer thumbnails are made with on upload, upload the PNG to the thumbnail key as ``image/png``;
* ``stale_temp_upload``: delete every object of the temporary upload (the objects are listed when
  planning, and exactly those are deleted: each only while it has the ETag listed, so one written
  since is skipped and kept);
* ``incomplete_multipart_upload``: abort the upload.

:func:`plan_fixes` (network: it lists temporary uploads) returns a :class:`FixPlan` whose steps name
every key that will change; :func:`apply_fixes` carries it out and returns a :class:`FixResult`
saying what changed, what was skipped and what failed, and which findings are resolved. A plan is
bound to the storage it was made on: applied through any other connection it changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Cancelled, InvalidRequest, NoSuchKey, StorageError
from ensure_browser.core.health.report import Finding
from ensure_browser.core.s3.storage import CHANGED, Storage
from ensure_browser.core.schema.classify import classify, content_type_for, counterpart
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.thumbnail import rendered_thumbnail
from ensure_browser.core.units import human_bytes

log = logging.getLogger(__name__)

__all__ = ["FIXABLE_RULES", "MAX_MATERIAL_BYTES", "FixPlan", "FixResult", "FixStep", "apply_fixes",
           "fixable", "plan_fixes"]

FIXABLE_RULES = {
    "material_without_thumbnail": Text(QT_TR_NOOP("Regenerate the thumbnail")),
    "stale_temp_upload": Text(QT_TR_NOOP("Delete the temporary upload")),
    "incomplete_multipart_upload": Text(QT_TR_NOOP("Abort the upload")),
}
MAX_MATERIAL_BYTES = 50 * 1024 * 1024  # larger materials are not downloaded to render a thumbnail

Action = Literal["render_thumbnail", "delete", "abort"]
Renderer = Callable[[bytes], bytes]  # PDF bytes -> PNG bytes of page 1
FixProgress = Callable[[int, int], None]  # (steps done, steps in total)


def fixable(finding: Finding) -> bool:
    return finding.rule in FIXABLE_RULES


@dataclass(frozen=True)
class FixStep:
    """One change on the server: ``key`` is what changes; ``source`` the material rendered."""

    action: Action
    bucket: str
    key: str
    finding: Finding = field(repr=False)
    source: str | None = None
    upload_id: str | None = None
    size: int | None = None
    etag: str | None = None  # a delete: the object's as planned (deleted only while it has it)

    def describe(self) -> str:
        if self.action == "render_thumbnail":
            return Text(QT_TR_NOOP("Upload a thumbnail rendered from {0} to {1}/{2}"), self.source, self.bucket,
                        self.key)
        if self.action == "delete":
            return (Text(QT_TR_NOOP("Delete {0}/{1} ({2})"), self.bucket, self.key, human_bytes(self.size))
                    if self.size else Text(QT_TR_NOOP("Delete {0}/{1}"), self.bucket, self.key))
        if self.size:
            return Text(QT_TR_NOOP("Abort the upload of {0}/{1} (id {2}, {3} of parts)"), self.bucket, self.key,
                        self.upload_id, human_bytes(self.size))
        return Text(QT_TR_NOOP("Abort the upload of {0}/{1} (id {2})"), self.bucket, self.key, self.upload_id)


@dataclass
class FixPlan:
    steps: list[FixStep]
    findings: list[Finding]
    skipped: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, why it has no step)
    storage: Storage | None = field(default=None, repr=False, compare=False)  # where it was planned

    def planned_on(self, storage: Storage | None) -> bool:
        """True when this plan was made on ``storage`` (the same connection, not only the same server)."""
        return self.storage is not None and self.storage is storage

    def lines(self) -> list[str]:
        return [s.describe() for s in self.steps]


@dataclass
class FixResult:
    changed: list[FixStep] = field(default_factory=list)
    skipped: list[tuple[FixStep, str]] = field(default_factory=list)
    failed: list[tuple[FixStep, str]] = field(default_factory=list)
    resolved: list[Finding] = field(default_factory=list)

    def summary(self) -> str:
        counts = {"render_thumbnail": 0, "delete": 0, "abort": 0}
        for step in self.changed:
            counts[step.action] += 1
        parts = [Text(what, n) for what, n in ((QT_TR_NOOP("{0} thumbnails regenerated"), counts["render_thumbnail"]),
                                                 (QT_TR_NOOP("{0} objects deleted"), counts["delete"]),
                                                 (QT_TR_NOOP("{0} uploads aborted"), counts["abort"])) if n]
        text = parts[0] if parts else Text(QT_TR_NOOP("Nothing changed"))
        for part in parts[1:]:
            text = Text(QT_TR_NOOP("{0}, {1}"), text, part)
        if self.skipped:
            text = Text(QT_TR_NOOP("{0}; {1} skipped"), text, len(self.skipped))
        if self.failed:
            reasons: str = ""
            for step, why in self.failed:
                reason = Text(QT_TR_NOOP("{0}: {1}"), step.key, why)
                reasons = Text(QT_TR_NOOP("{0}; {1}"), reasons, reason) if reasons else reason
            text = Text(QT_TR_NOOP("{0}; {1} failed: {2}"), text, len(self.failed), reasons)
        return Text(QT_TR_NOOP("{0}."), text)


def plan_fixes(storage: Storage, names: BucketNames, findings: Iterable[Finding],
               cancel: CancelToken = NEVER) -> FixPlan:
    """The steps that would fix ``findings`` (those without a fix are skipped with a reason)."""
    plan = FixPlan([], [], storage=storage)
    for f in findings:
        cancel.raise_if_cancelled()
        if f.rule == "material_without_thumbnail":
            c = classify(f.bucket, f.key, names)
            thumb = counterpart(c) if c is not None else None
            if thumb is None:
                plan.skipped.append((f, Text(QT_TR_NOOP("not a material key"))))
                continue
            plan.steps.append(FixStep("render_thumbnail", f.bucket, thumb, f, source=f.key, size=f.size))
        elif f.rule == "stale_temp_upload":
            objects = list(storage.list_recursive(f.bucket, f.key, cancel))
            if not f.key.endswith("/") or not objects:
                plan.skipped.append((f, Text(QT_TR_NOOP("nothing is stored there any more"))))
                continue
            plan.steps.extend(FixStep("delete", f.bucket, o.key, f, size=o.size, etag=o.etag) for o in objects)
        elif f.rule == "incomplete_multipart_upload" and f.ids.get("upload_id"):
            plan.steps.append(FixStep("abort", f.bucket, f.key, f, upload_id=str(f.ids["upload_id"]),
                                      size=f.size))
        else:
            plan.skipped.append((f, Text(QT_TR_NOOP("this finding has no automatic fix"))))
            continue
        plan.findings.append(f)
    return plan


def _render_thumbnail(storage: Storage, step: FixStep, render: Renderer, cap: int, cancel: CancelToken) -> str:
    """Render and upload one thumbnail; returns '' when done or why it was skipped."""
    assert step.source is not None
    if storage.exists(step.bucket, step.key):
        return Text(QT_TR_NOOP("a thumbnail exists already"))
    try:
        pdf, truncated = storage.read_capped(step.bucket, step.source, cap, cancel)
    except NoSuchKey:
        return Text(QT_TR_NOOP("the material is gone"))
    if truncated:
        raise StorageError(Text(QT_TR_NOOP("The material is larger than {0}; its thumbnail is not rendered."),
                                human_bytes(cap)))
    png = rendered_thumbnail(render, pdf, cancel)
    storage.upload_bytes(step.bucket, step.key, png, content_type=content_type_for("thumbnail") or "image/png")
    return ""


def _delete(storage: Storage, step: FixStep, cancel: CancelToken) -> str:
    """Delete the object of ``step`` if it is still the one planned; returns '' when done or why not."""
    code = storage.delete_unchanged(step.bucket, [(step.key, step.etag)], cancel).get(step.key)
    if code == CHANGED:
        return Text(QT_TR_NOOP("it changed since it was planned: kept"))
    if code == "NoSuchKey":
        return Text(QT_TR_NOOP("it is gone already"))
    if code:
        raise StorageError(Text(QT_TR_NOOP("The server refused to delete it ({0})."), code))
    return ""


def apply_fixes(storage: Storage, plan: FixPlan, render: Renderer | None = None,
                progress: FixProgress | None = None, cancel: CancelToken = NEVER,
                cap: int = MAX_MATERIAL_BYTES) -> FixResult:
    """Carry out ``plan`` step by step; failures are recorded and the other steps go on.

    A finding is resolved when all of its steps changed something or had nothing left to do. A plan
    made on another storage (another connection) raises :class:`InvalidRequest` before any change.
    """
    if not plan.planned_on(storage):
        raise InvalidRequest("These fixes were planned on another connection; nothing was changed. "
                             "Scan again to fix what this connection shows.")
    result = FixResult()
    for i, step in enumerate(plan.steps):
        cancel.raise_if_cancelled()
        try:
            why = ""
            if step.action == "render_thumbnail":
                if render is None:
                    raise StorageError("No thumbnail renderer is available.")
                why = _render_thumbnail(storage, step, render, cap, cancel)
            elif step.action == "delete":
                why = _delete(storage, step, cancel)
            else:
                assert step.upload_id is not None
                try:
                    storage.abort_multipart(step.bucket, step.key, step.upload_id)
                except StorageError as err:
                    if err.code != "NoSuchUpload":
                        raise
                    why = "the upload is gone already"
        except Cancelled:
            raise
        except StorageError as err:
            log.warning("fix %s of %s/%s failed: %s", step.action, step.bucket, step.key, err.message)
            result.failed.append((step, err.message))
        else:
            if why:
                result.skipped.append((step, why))
            else:
                result.changed.append(step)
                log.info("fixed: %s", step.describe())
        if progress is not None:
            progress(i + 1, len(plan.steps))
    failed = {id(s.finding) for s, _ in result.failed}
    result.resolved = [f for f in plan.findings if id(f) not in failed]
    return result
