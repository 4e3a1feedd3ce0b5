"""Drop planning: what each dropped local path becomes, or why it is refused (no network).

:func:`plan_drop` turns "these local paths were dropped on that node" into a :class:`DropPlan`: one
:class:`PlannedUpload` per file with its target bucket/key decided up front (domain targets get fresh
UUID keys from the schema), and one :class:`Refusal` per path that must not be uploaded, with a
sentence saying why. PDFs are checked by their ``%PDF-`` magic. Symbolic links are never followed,
neither dropped ones nor those inside a dropped folder: a link to ``~/.ssh/id_rsa`` in a folder of
homework must not upload the key.
"""

from __future__ import annotations

import mimetypes
import os
import stat as stat_mod
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ensure_browser.core.schema import classify as layout
from ensure_browser.core.schema.table import BucketNames

PDF_MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
MAX_KEY_BYTES = 1024
MAX_SEGMENT_BYTES = 255  # SeaweedFS limit for one key segment; common file-system limit too

# Domain kinds are those of ``layout`` (directory levels such as "classroom", "materials", "notes"
# and object kinds such as "material"); a drop on an object means a drop on its folder.
MATERIAL_KINDS = frozenset({"classroom", "materials", "material"})
NOTE_KINDS = frozenset({"student", "notes", "student_notes", "student_note"})
RECORDING_KINDS = frozenset({
    "meetings", "meeting", "raw", "chunks", "processed", "meeting_raw", "meeting_chunk", "meeting_audio",
    "exams", "exam_session", "exam_recording", "recordings",
})
RAW_KINDS = frozenset({"bucket", "prefix", "raw_prefix"})


@dataclass(frozen=True)
class DropTarget:
    """Where files were dropped, by meaning.

    ``kind`` is a domain kind (``classroom``, ``materials``, ``student``, ``student_notes``,
    ``meeting`` ...) or a raw one (``bucket``, ``raw_prefix``). ``ids`` carries the typed ids of the
    node (``classroom_id``, ``student_id``, ``meeting_id`` ...). Raw targets upload below ``prefix``.
    """

    kind: str
    bucket: str
    prefix: str = ""
    ids: Mapping[str, str] = field(default_factory=dict, hash=False)
    label: str = ""

    @property
    def is_raw(self) -> bool:
        return self.kind in RAW_KINDS

    def describe(self) -> str:
        return self.label or (f"s3://{self.bucket}/{self.prefix}" if self.is_raw else self.kind)


@dataclass(frozen=True)
class PlannedUpload:
    source: Path
    bucket: str
    key: str
    size: int
    content_type: str
    metadata: Mapping[str, str] = field(default_factory=dict, hash=False)
    thumbnail_key: str | None = None
    check_conflict: bool = True  # False for fresh UUID keys, which cannot collide
    display_name: str = ""
    if_match: str | None = None  # replaces the object at the key only while it has this ETag


@dataclass(frozen=True)
class Refusal:
    path: Path
    message: str


@dataclass
class DropPlan:
    target: DropTarget
    uploads: list[PlannedUpload] = field(default_factory=list)
    refusals: list[Refusal] = field(default_factory=list)

    @property
    def total_bytes(self) -> int:
        return sum(u.size for u in self.uploads)


def upload_content_type(bucket: str, key: str, names: BucketNames) -> str:
    """Content type from the schema when the key matches a pattern, else from ``mimetypes``."""
    cls = layout.classify(bucket, key, names)
    if cls is not None and cls.recognized:
        ctype = layout.content_type_for(cls.kind)
        if ctype:
            return ctype
    guessed, _enc = mimetypes.guess_type(key.rsplit("/", 1)[-1], strict=False)
    return guessed or "application/octet-stream"


def is_pdf_file(path: Path) -> bool:
    """True when the first KiB holds the ``%PDF-`` header (readers allow junk before it)."""
    with open(path, "rb") as fh:
        return PDF_MAGIC in fh.read(MAGIC_WINDOW)


def _name_problem(name: str) -> str | None:
    try:
        encoded = name.encode("utf-8")
    except UnicodeEncodeError:
        return f"The name of {name.encode('utf-8', 'replace').decode()} is not valid Unicode."
    if len(encoded) > MAX_SEGMENT_BYTES:
        return f"The name {name[:40]}… is longer than {MAX_SEGMENT_BYTES} bytes."
    return None


def _dropped_link(p: Path) -> Refusal | None:
    """A refusal when the dropped path is itself a symbolic link (links are not followed)."""
    if not p.is_symlink():
        return None
    return Refusal(p, f"{p.name} is a link; links are not followed, so what it points to was not uploaded. "
                      "Drop the file or folder itself.")



def _dropped_stat(p: Path, plan: DropPlan) -> os.stat_result | None:
    """What a dropped path is, or None with its refusal added to ``plan`` (a link, an unreadable path)."""
    link = _dropped_link(p)
    if link is not None:
        plan.refusals.append(link)
        return None
    try:
        return p.stat()
    except OSError as exc:
        plan.refusals.append(Refusal(p, f"{p.name} cannot be read: {exc.strerror or exc}."))
        return None

def plan_drop(target: DropTarget, paths: Sequence[Path], names: BucketNames) -> DropPlan:
    """Decide, before any byte is sent, what each dropped path becomes (or why it is refused)."""
    plan = DropPlan(target)
    if target.kind in RECORDING_KINDS:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), (
                f"{Path(p).name} was not uploaded: recordings are produced by the platform; "
                f"files cannot be added to {target.describe()}.")))
        return plan
    if target.kind in MATERIAL_KINDS:
        _plan_domain(plan, paths, names, "material")
    elif target.kind in NOTE_KINDS:
        _plan_domain(plan, paths, names, "note")
    elif target.is_raw:
        _plan_raw(plan, paths, names)
    else:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), (
                f"{Path(p).name} was not uploaded: files cannot be dropped on {target.describe()}. "
                "Drop PDFs on a classroom's materials or a student's notes, or use the Raw view.")))
    return plan


def _plan_domain(plan: DropPlan, paths: Sequence[Path], names: BucketNames, kind: str) -> None:
    target = plan.target
    where = "classroom materials" if kind == "material" else "student notes"
    id_name = "classroom_id" if kind == "material" else "student_id"
    owner_id = str(target.ids.get(id_name) or "")
    if not owner_id:
        for p in paths:
            plan.refusals.append(Refusal(Path(p), f"{Path(p).name} was not uploaded: the target has no "
                                                  f"{id_name}."))
        return
    for raw in paths:
        p = Path(raw)
        st = _dropped_stat(p, plan)
        if st is None:
            continue
        if stat_mod.S_ISDIR(st.st_mode):
            plan.refusals.append(Refusal(p, (
                f"{p.name} is a folder: only PDF files can be added to {where}; "
                "drop the PDF files themselves.")))
            continue
        if not stat_mod.S_ISREG(st.st_mode):
            plan.refusals.append(Refusal(p, f"{p.name} is not a regular file."))
            continue
        ext = p.suffix.lower()
        if ext != ".pdf":
            what = f"a {ext} file" if ext else "a file without the .pdf extension"
            plan.refusals.append(Refusal(p, f"{p.name} was not uploaded: {where} accept PDF documents only "
                                            f"(this is {what})."))
            continue
        try:
            if not is_pdf_file(p):
                plan.refusals.append(Refusal(p, (
                    f"{p.name} is named .pdf but is not a PDF document (no %PDF- header in its first "
                    "KiB).")))
                continue
        except OSError as exc:
            plan.refusals.append(Refusal(p, f"{p.name} cannot be read: {exc.strerror or exc}."))
            continue
        new_id = str(uuid.uuid4())
        thumb: str | None = None
        if kind == "material":
            bucket, key = layout.key_for("material", names, classroom_id=owner_id, document_id=new_id)
            thumb = layout.key_for("thumbnail", names, classroom_id=owner_id, document_id=new_id)[1]
        else:
            bucket, key = layout.key_for("student_note", names, student_id=owner_id, note_id=new_id)
        plan.uploads.append(PlannedUpload(
            source=p, bucket=bucket, key=key, size=st.st_size,
            content_type=upload_content_type(bucket, key, names),
            metadata={"original-filename": p.name}, thumbnail_key=thumb, check_conflict=False,
            display_name=p.name,
        ))


def _plan_raw(plan: DropPlan, paths: Sequence[Path], names: BucketNames) -> None:
    target = plan.target
    prefix = target.prefix
    if prefix and not prefix.endswith("/"):
        prefix += "/"
    ctype_cache: dict[str, str] = {}

    def add(path: Path, rel: Sequence[str], size: int) -> None:
        for part in rel:
            problem = _name_problem(part)
            if problem:
                plan.refusals.append(Refusal(path, problem))
                return
        key = prefix + "/".join(rel)
        if len(key.encode("utf-8")) > MAX_KEY_BYTES:
            plan.refusals.append(Refusal(path, f"The key for {path.name} would be longer than "
                                               f"{MAX_KEY_BYTES} bytes."))
            return
        if not os.access(path, os.R_OK):
            plan.refusals.append(Refusal(path, f"{path.name} cannot be read (permission denied)."))
            return
        ext = os.path.splitext(rel[-1])[1].lower()  # only the cache's key: the key decides the type
        if ext in ctype_cache and not layout_sensitive:
            ctype = ctype_cache[ext]
        else:
            ctype = upload_content_type(target.bucket, key, names)
            ctype_cache[ext] = ctype
        plan.uploads.append(PlannedUpload(path, target.bucket, key, size, ctype, display_name="/".join(rel)))

    # Keys in the schema's bucket layout may get their content type from the schema; elsewhere the
    # extension decides and one lookup per extension is enough.
    layout_sensitive = target.bucket in names.all()

    for raw in paths:
        p = Path(raw)
        st = _dropped_stat(p, plan)
        if st is None:
            continue
        if stat_mod.S_ISDIR(st.st_mode):
            _walk(p, [p.name], plan, add)
        elif stat_mod.S_ISREG(st.st_mode):
            add(p, [p.name], st.st_size)
        else:
            plan.refusals.append(Refusal(p, f"{p.name} is not a regular file (a pipe, socket or device)."))


def _walk(root: Path, rel_root: list[str], plan: DropPlan,
          add: Callable[[Path, Sequence[str], int], None]) -> None:
    """Depth-first walk in name order that follows no symbolic link (so no loops, and nothing from
    outside the folder): each link is a refusal."""
    stack: list[tuple[Path, list[str]]] = [(root, rel_root)]
    while stack:
        folder, rel = stack.pop()
        try:
            with os.scandir(folder) as it:
                entries = sorted(it, key=lambda e: e.name)
        except OSError as exc:
            plan.refusals.append(Refusal(folder, f"The folder {folder.name} cannot be read: "
                                                 f"{exc.strerror or exc}."))
            continue
        subdirs: list[tuple[Path, list[str]]] = []
        for entry in entries:
            path = Path(entry.path)
            try:
                if entry.is_symlink():
                    try:
                        target_st = path.stat()
                    except OSError:
                        plan.refusals.append(Refusal(path, f"{entry.name} is a broken link."))
                        continue
                    what = "a folder" if stat_mod.S_ISDIR(target_st.st_mode) else (
                        "a file" if stat_mod.S_ISREG(target_st.st_mode) else "something that is not a file")
                    plan.refusals.append(Refusal(path, (
                        f"{entry.name} is a link to {what}; links are not followed, so what it points to "
                        "was not uploaded.")))
                elif entry.is_dir(follow_symlinks=False):
                    subdirs.append((path, [*rel, entry.name]))
                elif entry.is_file(follow_symlinks=False):
                    add(path, [*rel, entry.name], entry.stat(follow_symlinks=False).st_size)
                else:
                    plan.refusals.append(Refusal(path, (
                        f"{entry.name} is not a regular file (a pipe, socket or device).")))
            except OSError as exc:
                plan.refusals.append(Refusal(path, f"{entry.name} cannot be read: {exc.strerror or exc}."))
        stack.extend(reversed(subdirs))

