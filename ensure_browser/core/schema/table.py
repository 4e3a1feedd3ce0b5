"""The Ensure Study storage schema as data: one table of buckets, key patterns and public keys.

One table (:data:`BUCKETS`) declares the four buckets, every key pattern (with typed ids, content
types and human labels), which keys are public and which keys are probed for policy drift. The
other modules of this package derive everything from it without repeating the layout:
:mod:`~ensure_browser.core.schema.classify` (what a key is, the key for a kind and its ids),
:mod:`~ensure_browser.core.schema.policies` (the policies the table implies, drift probes) and
:mod:`~ensure_browser.core.schema.tree` (the domain tree); the consistency rules live with the
scan, in :mod:`ensure_browser.core.health.rules`.

Key templates use ``/``-separated segments: a literal (``materials``), an id (``{classroom_id}``,
``{chunk_index:int}``), a file name mixing both (``chunk_{chunk_index:int}.webm``) or, as the last
segment only, ``**`` for "any path below" (one or more non-empty segments). Ids match one non-empty
segment (anything but ``/``); int ids match ASCII digits only. Nothing here imports Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from ensure_browser.core.severity import Severity

__all__ = [
    "BUCKETS",
    "DEFAULT_NAMES",
    "LEVEL_NAMES",
    "ROLES",
    "SECTIONS",
    "UNRECOGNIZED",
    "UNRECOGNIZED_LABEL",
    "BucketNames",
    "BucketSpec",
    "KeyPattern",
    "Section",
    "role_of",
]

UNRECOGNIZED = "unrecognized"
UNRECOGNIZED_LABEL = "Unrecognized"


# -- the table ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyPattern:
    """One kind of object: where its keys live and what they hold.

    ``template`` is relative to the bucket (see the module docstring for the syntax).
    ``content_types`` lists the accepted types, the first being the one to upload with (empty: any,
    decided by file name). ``strict_type`` makes a wrong content type a warning instead of info.
    ``pair`` names the kind expected next to each object of this kind with the same ids (a material's
    thumbnail). ``probe`` is the severity of finding this kind's exposure different from the schema
    (None: not probed).
    """

    kind: str
    template: str
    label: str
    content_types: tuple[str, ...] = ()
    strict_type: bool = False
    pair: str | None = None
    probe: Severity | None = None

    @property
    def is_tail(self) -> bool:
        """True when the key ends in "any path" (``**``) rather than a fixed file name."""
        return self.template.endswith("/**")


@dataclass(frozen=True)
class BucketSpec:
    """One bucket of the schema: its role, default name, key patterns and public keys.

    ``public_read`` holds S3 resource globs relative to the bucket (``*`` spans ``/``) that the
    schema makes anonymously readable; an empty tuple means nothing in the bucket is public.
    """

    role: str
    default_name: str
    purpose: str
    patterns: tuple[KeyPattern, ...]
    public_read: tuple[str, ...] = ()


_WEBM = ("video/webm", "audio/webm")
_JSON = ("application/json",)

BUCKETS: tuple[BucketSpec, ...] = (
    BucketSpec(
        role="documents",
        default_name="ensure-study-documents",
        purpose="Uploaded classroom materials and student notes.",
        public_read=("*/thumbnails/*",),
        patterns=(
            KeyPattern("material", "classrooms/{classroom_id}/materials/{document_id}.pdf", "Material",
                       ("application/pdf",), strict_type=True, pair="thumbnail", probe="critical"),
            KeyPattern("thumbnail", "classrooms/{classroom_id}/thumbnails/{document_id}_thumb.png",
                       "Thumbnail", ("image/png",), strict_type=True, pair="material", probe="warning"),
            KeyPattern("student_note", "students/{student_id}/notes/{note_id}.pdf", "Student note",
                       ("application/pdf",), probe="critical"),
            KeyPattern("temp_upload", "temp/{upload_id}/**", "Temporary upload file", probe="warning"),
        ),
    ),
    BucketSpec(
        role="recordings",
        default_name="ensure-study-recordings",
        purpose="Meeting recordings and processed chunks.",
        patterns=(
            KeyPattern("meeting_raw", "meetings/{meeting_id}/raw/recording.webm", "Raw recording", _WEBM,
                       probe="critical"),
            KeyPattern("meeting_chunk", "meetings/{meeting_id}/chunks/chunk_{chunk_index:int}.webm",
                       "Recording chunk", _WEBM, probe="critical"),
            KeyPattern("meeting_audio", "meetings/{meeting_id}/processed/audio.mp3", "Processed audio",
                       ("audio/mpeg", "audio/mp3"), probe="critical"),
            KeyPattern("exam_recording", "exams/{exam_session_id}/proctor_recording.webm",
                       "Proctoring recording", _WEBM, probe="critical"),
        ),
    ),
    BucketSpec(
        role="ocr",
        default_name="ensure-study-ocr",
        purpose="OCR processing artifacts.",
        patterns=(
            KeyPattern("ocr_page_image", "{document_id}/pages/page_{page:int}.png", "OCR page image",
                       ("image/png",), pair="ocr_page_json", probe="critical"),
            KeyPattern("ocr_page_json", "{document_id}/json/page_{page:int}.json", "OCR page text",
                       _JSON, pair="ocr_page_image", probe="critical"),
            KeyPattern("ocr_quality_report", "{document_id}/quality/report.json", "OCR quality report",
                       _JSON),
        ),
    ),
    BucketSpec(
        role="mlflow",
        default_name="ensure-study-mlflow",
        purpose="MLflow model artifacts.",
        patterns=(
            KeyPattern("mlflow_model_file", "{experiment_id}/{run_id}/model/**", "Model file",
                       probe="warning"),
            KeyPattern("mlflow_artifact", "{experiment_id}/{run_id}/artifacts/**", "Run artifact"),
        ),
    ),
)

ROLES: tuple[str, ...] = tuple(b.role for b in BUCKETS)

# Node kinds and labels of directory levels. Levels not named here get derived ones: a literal
# directory ``materials`` -> ("materials", "Materials"); an id ``exam_session_id`` ->
# ("exam_session", "Exam session").
LEVEL_NAMES: dict[tuple[str, str], tuple[str, str]] = {
    ("documents", "temp/"): ("temp", "Temporary uploads"),
    ("recordings", "meetings/{meeting_id}/raw/"): ("raw", "Raw"),
    ("ocr", "{document_id}/"): ("ocr_document", "OCR document"),
    ("ocr", "{document_id}/pages/"): ("pages", "Page images"),
    ("ocr", "{document_id}/json/"): ("json", "Page text (JSON)"),
    ("ocr", "{document_id}/quality/"): ("quality", "Quality"),
    ("mlflow", "{experiment_id}/"): ("experiment", "Experiment"),
    ("mlflow", "{experiment_id}/{run_id}/model/"): ("model", "Model"),
}


@dataclass(frozen=True)
class Section:
    """A sidebar section of the domain tree: a bucket role and a directory level in it."""

    name: str
    label: str
    role: str
    prefix: str  # a directory level of the table ('' = the bucket root)


SECTIONS: tuple[Section, ...] = (
    Section("classrooms", "Classrooms", "documents", "classrooms/"),
    Section("students", "Students", "documents", "students/"),
    Section("meetings", "Meetings", "recordings", "meetings/"),
    Section("exams", "Exams", "recordings", "exams/"),
    Section("ocr", "OCR documents", "ocr", ""),
    Section("mlflow", "MLflow experiments", "mlflow", ""),
    Section("temp", "Temporary uploads", "documents", "temp/"),
)


# -- bucket names ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BucketNames:
    """The bucket name used for each role on one connection (defaults: the schema's names)."""

    documents: str = "ensure-study-documents"
    recordings: str = "ensure-study-recordings"
    ocr: str = "ensure-study-ocr"
    mlflow: str = "ensure-study-mlflow"

    def name_for(self, role: str) -> str:
        """The bucket name of ``role``; ValueError for an unknown role."""
        if role not in ROLES:
            raise ValueError(f"Unknown bucket role {role!r}.")
        return str(getattr(self, role))

    def role_of(self, bucket: str) -> str | None:
        """The role of ``bucket`` (first in schema order if names repeat), or None if it has none."""
        for role in ROLES:
            if getattr(self, role) == bucket:
                return role
        return None

    def all(self) -> tuple[str, ...]:
        """The four bucket names in schema order."""
        return tuple(str(getattr(self, role)) for role in ROLES)


DEFAULT_NAMES = BucketNames()

if tuple(f.name for f in fields(BucketNames)) != ROLES or DEFAULT_NAMES.all() != tuple(
    b.default_name for b in BUCKETS
):
    raise ValueError("BucketNames must have one field per role of BUCKETS, defaulting to its name.")


def role_of(bucket: str, names: BucketNames | None = None) -> str | None:
    """The role ("documents", "recordings", "ocr", "mlflow") of ``bucket``, or None."""
    return (names or DEFAULT_NAMES).role_of(bucket)
