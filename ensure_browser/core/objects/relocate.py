"""Copy and move of materials between classrooms and of notes between students: the plan.

Planning decides everything before a byte is copied (network, no Qt): which documents are
meant (a selected folder is listed recursively), where each goes (the destination's key from the
schema: a move keeps the document id, so its OCR results stay valid; a copy gets a new id and so
new keys), the material's thumbnail that goes with it (``classrooms/{id}/thumbnails/{document_id}
_thumb.png`` holds the id too), the ETag each source has now (what the user confirms, and what
is copied and later deleted), and what cannot go (with the reason) or would land on an existing
object (kept: nothing is written over). :mod:`~ensure_browser.core.objects.relocate_run` executes
a plan.
"""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import NoSuchKey
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify, compiled, counterpart, entity_regex, key_for
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.table import BucketNames, role_of
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META

log = logging.getLogger(__name__)

Mode = Literal["copy", "move"]
PREVIEW = 20  # documents a confirmation names

# The document kinds that can be copied and moved, the destination each belongs to, and its id names.
_DOCUMENTS = {"material": ("classroom", "classroom_id", "document_id"),
              "student_note": ("student", "student_id", "note_id")}
_OWNER_LABEL = {"classroom": "classroom", "student": "student"}


@dataclass(frozen=True, slots=True)
class Destination:
    """A classroom (materials go there) or a student (notes go there)."""

    kind: Literal["classroom", "student"]
    owner_id: str
    label: str = ""

    def describe(self) -> str:
        return self.label or f"{_OWNER_LABEL[self.kind]} {self.owner_id}"

    @classmethod
    def from_ids(cls, kind: str, ids: dict[str, str], label: str = "") -> Destination | None:
        """The destination a domain node stands for (its kind and ids), or None."""
        from ensure_browser.core.transfers.plan import MATERIAL_KINDS, NOTE_KINDS

        if kind in MATERIAL_KINDS and ids.get("classroom_id"):
            return cls("classroom", str(ids["classroom_id"]), label)
        if kind in NOTE_KINDS and ids.get("student_id"):
            return cls("student", str(ids["student_id"]), label)
        return None


def destination_at(bucket: str, prefix: str, names: BucketNames | None = None) -> Destination | None:
    """The classroom or student a raw folder of the documents bucket is in (``classrooms/c2/...``)."""
    if role_of(bucket, names) != "documents":
        return None
    for kind, owner in (("material", "classroom"), ("student_note", "student")):
        m = entity_regex(kind, _DOCUMENTS[kind][1]).match(prefix)
        if m is not None:
            value = m.group(_DOCUMENTS[kind][1])
            return Destination(owner, value, f"{_OWNER_LABEL[owner].capitalize()} {value}")  # type: ignore[arg-type]
    return None


@dataclass(frozen=True, slots=True)
class Selected:
    """One selected row: an object (with the ETag its row showed, if known) or a folder (key ending
    in ``/``: what it holds is planned)."""

    bucket: str
    key: str
    etag: str | None = None
    size: int = 0
    name: str = ""  # the row's label (the original file name where the app knows it)


@dataclass(frozen=True, slots=True)
class Step:
    """One server-side copy: ``source_key`` while it has ``etag``, to ``dest_key``."""

    bucket: str
    source_key: str
    etag: str
    size: int
    dest_key: str


@dataclass(frozen=True, slots=True)
class Unit:
    """One document (a material or a note) with the thumbnail that goes with it."""

    document: Step
    thumbnail: Step | None
    name: str  # what the user calls it
    origin: str = ""  # the id of the classroom or student it comes from

    @property
    def steps(self) -> tuple[Step, ...]:
        return (self.document,) if self.thumbnail is None else (self.document, self.thumbnail)

    @property
    def size(self) -> int:
        return sum(s.size for s in self.steps)


@dataclass(frozen=True, slots=True)
class Refused:
    key: str
    reason: str


@dataclass
class RelocatePlan:
    """What a copy or move does. ``units`` go; ``conflicts`` would land where an object is already
    (they are kept as they are and not copied); ``refused`` cannot go, with the reason."""

    mode: Mode
    destination: Destination
    units: list[Unit] = field(default_factory=list)
    conflicts: list[tuple[Unit, str]] = field(default_factory=list)  # (unit, the existing key)
    refused: list[Refused] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(u.size for u in self.units)

    def summary(self) -> str:
        """One sentence naming what goes where (for a confirmation)."""
        verb = "Move" if self.mode == "move" else "Copy"
        what = (f"“{self.units[0].name}”" if len(self.units) == 1 else f"{len(self.units):,} documents")
        thumbs = sum(1 for u in self.units if u.thumbnail is not None)
        extra = f" with {thumbs:,} thumbnail{'s' if thumbs != 1 else ''}" if thumbs else ""
        owner = _OWNER_LABEL[self.destination.kind]
        origins = sorted({u.origin for u in self.units})
        source = (f" from {owner} {origins[0]}" if len(origins) == 1
                  else f" from {len(origins):,} {owner}s" if origins else "")
        return f"{verb} {what}{extra}{source} to {self.destination.describe()}?"


PlanProgress = Callable[[int], None]  # documents found so far


def plan_relocate(storage: Storage, selected: Sequence[Selected], destination: Destination, mode: Mode,
                  names: BucketNames | None = None, cancel: CancelToken = NEVER,
                  progress: PlanProgress | None = None) -> RelocatePlan:
    """Plan copying or moving ``selected`` to ``destination``. Folders are listed recursively; only
    the documents of the destination's kind are planned, the rest is refused with the reason."""
    plan = RelocatePlan(mode, destination)
    wanted_kind = "material" if destination.kind == "classroom" else "student_note"
    found: list[Selected] = []
    seen: set[tuple[str, str]] = set()
    for item in selected:
        cancel.raise_if_cancelled()
        if item.key.endswith("/"):
            before = len(found)
            for info in storage.list_recursive(item.bucket, item.key, cancel):
                c = classify(info.bucket, info.key, names)
                if not info.is_prefix and c is not None and c.kind == wanted_kind:
                    found.append(Selected(info.bucket, info.key, info.etag, info.size))
                    if progress is not None and len(found) % 100 == 0:
                        progress(len(found))
            if len(found) == before:
                plan.refused.append(Refused(item.key, f"The folder holds no {_kind_words(wanted_kind)}."))
            continue
        found.append(item)
    for item in found:
        if (item.bucket, item.key) not in seen:
            seen.add((item.bucket, item.key))
            _plan_one(storage, plan, item, wanted_kind, names)
    _find_thumbnails(storage, plan, names, cancel)
    _find_conflicts(storage, plan, cancel)
    if progress is not None:
        progress(len(plan.units))
    log.info("%s plan to %s: %d documents, %d conflicts, %d refused", mode, destination.describe(),
             len(plan.units), len(plan.conflicts), len(plan.refused))
    return plan


def _kind_words(kind: str) -> str:
    return "materials" if kind == "material" else "student notes"


def _plan_one(storage: Storage, plan: RelocatePlan, item: Selected, wanted_kind: str,
              names: BucketNames | None) -> None:
    c = classify(item.bucket, item.key, names)
    kind = c.kind if c is not None else ""
    if kind == "thumbnail":
        plan.refused.append(Refused(item.key, "A thumbnail goes with its material: copy or move the material."))
        return
    if kind != wanted_kind or c is None:
        where = "a classroom" if wanted_kind == "material" else "a student's notes"
        what = f"a {c.label.lower()}" if c is not None and c.recognized else "not one"
        plan.refused.append(Refused(item.key, f"Only {_kind_words(wanted_kind)} can go to {where}; this is {what}."))
        return
    _owner_kind, owner_name, id_name = _DOCUMENTS[kind]
    dest = plan.destination
    same_owner = str(c.ids[owner_name]) == dest.owner_id
    if plan.mode == "move" and same_owner:
        plan.refused.append(Refused(item.key, f"It is in {dest.describe()} already."))
        return
    etag, size, name = item.etag, item.size, item.name
    if not etag or not name or not size:  # a drag that carried no ETag, name or size: as the server has it
        try:
            st = storage.stat(item.bucket, item.key)
        except NoSuchKey:
            plan.refused.append(Refused(item.key, "It no longer exists."))
            return
        name = st.metadata.get(ORIGINAL_NAME_META, "")
        if not etag or st.etag == etag:
            etag, size = st.etag, st.size
    doc_id = str(c.ids[id_name]) if plan.mode == "move" else str(uuid.uuid4())
    _bucket, dest_key = key_for(kind, names, **{owner_name: dest.owner_id, id_name: doc_id})
    step = Step(item.bucket, item.key, etag, size, dest_key)
    plan.units.append(Unit(step, None, name or item.key.rsplit("/", 1)[-1], str(c.ids[owner_name])))


def _find_thumbnails(storage: Storage, plan: RelocatePlan, names: BucketNames | None,
                     cancel: CancelToken) -> None:
    """Each material's thumbnail, where it has one: one listing per thumbnails folder."""
    wanted: dict[tuple[str, str], dict[str, int]] = defaultdict(dict)  # (bucket, folder) -> key -> unit
    for n, unit in enumerate(plan.units):
        c = classify(unit.document.bucket, unit.document.source_key, names)
        thumb = counterpart(c) if c is not None and c.kind == "material" else None
        if thumb is not None:
            wanted[(unit.document.bucket, thumb.rsplit("/", 1)[0] + "/")][thumb] = n
    for (bucket, folder), keys in sorted(wanted.items()):
        cancel.raise_if_cancelled()
        for page in storage.list_level(bucket, folder, cancel=cancel):
            for info in page:
                n = keys.get(info.key, -1)
                if n < 0 or info.is_prefix:
                    continue
                unit = plan.units[n]
                dest_c = classify(bucket, unit.document.dest_key, names)
                dest_thumb = counterpart(dest_c) if dest_c is not None else None
                if dest_thumb is not None:
                    step = Step(bucket, info.key, info.etag or "", info.size, dest_thumb)
                    plan.units[n] = Unit(unit.document, step, unit.name, unit.origin)


def _find_conflicts(storage: Storage, plan: RelocatePlan, cancel: CancelToken) -> None:
    """Units whose destination keys are taken (a move onto a document id that is there already)."""
    if plan.mode == "copy":
        return  # fresh ids: nothing can be there (the copy checks again)
    keep: list[Unit] = []
    for unit in plan.units:
        cancel.raise_if_cancelled()
        taken = next((s.dest_key for s in unit.steps if storage.exists(s.bucket, s.dest_key)), None)
        if taken is None:
            keep.append(unit)
        else:
            plan.conflicts.append((unit, taken))
    plan.units = keep


def owner_kind_of(bucket: str, key: str, names: BucketNames | None = None) -> str | None:
    """"classroom" or "student": where a selected object or folder can be copied or moved to (a
    material, a thumbnail or a classroom's folder: classrooms; a note or a student's folder:
    students), else None."""
    c = classify(bucket, key if not key.endswith("/") else key + "x", names)
    if c is None:
        return None
    if c.kind in ("material", "thumbnail") or key.startswith(_root("material")):
        return "classroom"
    if c.kind == "student_note" or key.startswith(_root("student_note")):
        return "student"
    return None


def _root(kind: str) -> str:
    return compiled(kind).dirs[0] + "/"


def list_owners(storage: Storage, kind: Literal["classroom", "student"], names: BucketNames | None = None,
                cancel: CancelToken = NEVER) -> list[str]:
    """The ids of the classrooms (or students) in the documents bucket, in natural order."""
    doc_kind = "material" if kind == "classroom" else "student_note"
    bucket, _key = key_for(doc_kind, names, **{_DOCUMENTS[doc_kind][1]: "x", _DOCUMENTS[doc_kind][2]: "x"})
    root = _root(doc_kind)
    found = [info.key[len(root):].rstrip("/") for page in storage.list_level(bucket, root, cancel=cancel)
             for info in page if info.is_prefix]
    return sorted((f for f in found if f), key=natural_key)


def preview_lines(units: Iterable[Unit], limit: int = PREVIEW) -> list[str]:
    """``name: source → destination`` for the first ``limit`` units."""
    out = []
    for n, unit in enumerate(units):
        if n >= limit:
            break
        out.append(f"{unit.name}: {unit.document.source_key} → {unit.document.dest_key}")
    return out
