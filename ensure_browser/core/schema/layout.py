"""The Ensure Study storage schema as data, and everything derived from it.

One table (:data:`BUCKETS`) declares the four buckets, every key pattern (with typed ids, content
types and human labels), which keys are public and which keys are probed for policy drift. From it
this module derives, without repeating the layout anywhere else:

* :func:`classify` - what a key in a bucket is (kind, ids),
* :func:`key_for` - the key to upload to for a kind and its ids,
* :func:`public_read_policy` / :func:`expected_bucket_policy` / :func:`authenticated_access_policy`,
* :func:`probe_keys` - keys whose anonymous readability tells whether the live policy drifted,
* the domain tree (:func:`sections`, :func:`children_spec`, :func:`map_entries`) that the Qt tree
  model adapts, listing one level at a time,
* consistency rules (:class:`ThumbnailPairs`, :class:`ChunkSet`, :class:`OcrPages`,
  :func:`meeting_audio_flag`,
  :class:`TempUploads`, :func:`check_content_type`, :class:`StorageScan`) returning :class:`Flag`.

Key templates use ``/``-separated segments: a literal (``materials``), an id (``{classroom_id}``,
``{chunk_index:int}``), a file name mixing both (``chunk_{chunk_index:int}.webm``) or, as the last
segment only, ``**`` for "any path below" (one or more non-empty segments). Ids match one non-empty
segment (anything but ``/``); int ids match ASCII digits only. Nothing here imports Qt.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ensure_browser.core.severity import Severity

__all__ = [
    "BUCKETS",
    "DEFAULT_NAMES",
    "DEFAULT_TEMP_MAX_AGE",
    "LEVEL_NAMES",
    "PROBE_ID",
    "ROLES",
    "SECTIONS",
    "UNRECOGNIZED",
    "UNRECOGNIZED_LABEL",
    "BucketNames",
    "BucketSpec",
    "ChunkSet",
    "Classification",
    "DomainNode",
    "Flag",
    "KeyPattern",
    "ListingEntry",
    "ListingSpec",
    "NaturalKey",
    "OcrPages",
    "ProbeKey",
    "Section",
    "Severity",
    "StorageScan",
    "TempUploads",
    "ThumbnailPairs",
    "all_kinds",
    "authenticated_access_policy",
    "check_content_type",
    "children_spec",
    "classify",
    "content_type_for",
    "counterpart",
    "expected_bucket_policy",
    "expected_public",
    "key_for",
    "label_of",
    "map_entries",
    "meeting_audio_flag",
    "natural_key",
    "pattern_of",
    "probe_keys",
    "public_read_policy",
    "role_of",
    "sections",
]

UNRECOGNIZED = "unrecognized"
UNRECOGNIZED_LABEL = "Unrecognized"
S3_MAX_KEY_BYTES = 1024


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


# -- compiled patterns ----------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(int|str))?\}")
_TAIL_GROUP = "_tail"
_TAIL_RE = r"[^/]+(?:/[^/]+)*"


@dataclass(frozen=True)
class _Compiled:
    """A :class:`KeyPattern` compiled for matching and key building."""

    spec: KeyPattern
    role: str
    regex: re.Pattern[str]
    ids: tuple[tuple[str, type], ...]  # (name, str | int) in template order
    dirs: tuple[str, ...]  # directory segments (templates), without the file / tail segment
    last: str  # the file segment template, or "**"

    @property
    def id_types(self) -> dict[str, type]:
        return dict(self.ids)


def _segment_regex(segment: str, ids: list[tuple[str, type]]) -> str:
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(segment):
        out.append(re.escape(segment[pos:m.start()]))
        name, typ = m.group(1), int if m.group(2) == "int" else str
        if any(name == n for n, _ in ids):
            raise ValueError(f"Id {name!r} appears twice in a key pattern.")
        ids.append((name, typ))
        out.append(f"(?P<{name}>[0-9]+)" if typ is int else f"(?P<{name}>[^/]+)")
        pos = m.end()
    out.append(re.escape(segment[pos:]))
    if "{" in segment[pos:] or "}" in segment[pos:]:
        raise ValueError(f"Bad placeholder in key pattern segment {segment!r}.")
    return "".join(out)


def _compile(spec: KeyPattern, role: str) -> _Compiled:
    segments = spec.template.split("/")
    ids: list[tuple[str, type]] = []
    parts = []
    for i, seg in enumerate(segments):
        if not seg:
            raise ValueError(f"Empty segment in key pattern {spec.template!r}.")
        if seg == "**":
            if i != len(segments) - 1:
                raise ValueError(f"'**' must be the last segment of {spec.template!r}.")
            parts.append(f"(?P<{_TAIL_GROUP}>{_TAIL_RE})")
            continue
        if i < len(segments) - 1 and "{" in seg and not _PLACEHOLDER.fullmatch(seg):
            raise ValueError(f"A directory segment is a literal or one id, not {seg!r}.")
        parts.append(_segment_regex(seg, ids))
    regex = re.compile("/".join(parts))
    return _Compiled(spec, role, regex, tuple(ids), tuple(segments[:-1]), segments[-1])


def _compile_table() -> tuple[dict[str, _Compiled], dict[str, tuple[_Compiled, ...]]]:
    """Compile every pattern of :data:`BUCKETS`: by kind, and per role in table order."""
    by_kind: dict[str, _Compiled] = {}
    by_role: dict[str, tuple[_Compiled, ...]] = {}
    for bucket in BUCKETS:
        compiled = tuple(_compile(p, bucket.role) for p in bucket.patterns)
        by_role[bucket.role] = compiled
        for c in compiled:
            if c.spec.kind in by_kind or c.spec.kind == UNRECOGNIZED:
                raise ValueError(f"Kind {c.spec.kind!r} is declared twice.")
            if c.spec.pair is not None and c.spec.pair not in {p.kind for p in bucket.patterns}:
                raise ValueError(f"The pair of {c.spec.kind!r} must be a kind of the same bucket.")
            by_kind[c.spec.kind] = c
    return by_kind, by_role


_PATTERNS, _BY_ROLE = _compile_table()


def _compiled_pattern(kind: str) -> _Compiled:
    try:
        return _PATTERNS[kind]
    except KeyError:
        raise ValueError(f"Unknown kind {kind!r}; known kinds: {', '.join(_PATTERNS)}.") from None


def all_kinds() -> tuple[str, ...]:
    """Every object kind of the schema, in table order (``unrecognized`` not included)."""
    return tuple(_PATTERNS)


def pattern_of(kind: str) -> KeyPattern:
    """The table entry of ``kind``; ValueError for an unknown kind."""
    return _compiled_pattern(kind).spec


def label_of(kind: str) -> str:
    """The human label of an object kind ("Material"); "Unrecognized" for unknown kinds."""
    c = _PATTERNS.get(kind)
    return c.spec.label if c else UNRECOGNIZED_LABEL


def content_type_for(kind: str) -> str | None:
    """The content type to upload ``kind`` with, or None when the file name decides."""
    types = _compiled_pattern(kind).spec.content_types
    return types[0] if types else None


# -- classification -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Classification:
    """What a key is: its kind (``unrecognized`` if no pattern fits) and typed ids.

    ``tail`` is the "any path" part of a tail pattern's key (``model.pkl`` in
    ``1/abc/model/model.pkl``), None for other kinds.
    """

    kind: str
    ids: dict[str, str | int] = field(default_factory=dict, hash=False)
    role: str = ""
    label: str = UNRECOGNIZED_LABEL
    tail: str | None = None

    @property
    def recognized(self) -> bool:
        """False for keys that fit no pattern of their bucket."""
        return self.kind != UNRECOGNIZED


def _match(role: str, key: str) -> Classification:
    for c in _BY_ROLE.get(role, ()):
        m = c.regex.fullmatch(key)
        if m is None:
            continue
        values = {name: _id_value(typ, m.group(name)) for name, typ in c.ids}
        ids = {name: v for name, v in values.items() if v is not None}
        if len(ids) != len(values):
            continue
        return Classification(c.spec.kind, ids, role, c.spec.label, m.groupdict().get(_TAIL_GROUP))
    return Classification(UNRECOGNIZED, {}, role, UNRECOGNIZED_LABEL)


def _id_value(typ: type, text: str) -> str | int | None:
    """``text`` as an id of type ``typ`` (int ids: ASCII digits only), or None if it is not one."""
    if typ is not int:
        return text if text and "/" not in text else None
    if not (text.isascii() and text.isdigit()):
        return None
    try:
        return int(text)
    except ValueError:  # more digits than int() accepts
        return None


def classify(bucket: str, key: str, names: BucketNames | None = None) -> Classification | None:
    """Classify ``key`` in ``bucket``: None if the bucket is not one of the schema's four.

    Never raises for any string key; keys fitting no pattern are kind ``unrecognized`` with no ids.
    """
    role = role_of(bucket, names)
    if role is None:
        return None
    return _match(role, key)


# -- building keys --------------------------------------------------------------------------------------


def _check_segment(what: str, value: object) -> str:
    if not isinstance(value, str):
        raise ValueError(f"{what} must be text, not {type(value).__name__}.")
    if not value:
        raise ValueError(f"{what} must not be empty.")
    if "/" in value:
        raise ValueError(f"{what} must not contain '/': {value!r}.")
    if value in (".", ".."):
        raise ValueError(f"{what} must not be {value!r}.")
    return value


def _id_text(name: str, typ: type, value: object) -> str:
    if typ is int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ValueError(f"{name} must be a whole number of 0 or more, not {value!r}.")
        return str(value)
    return _check_segment(name, value)


def _fill(template: str, values: Mapping[str, str]) -> str:
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _build(c: _Compiled, values: Mapping[str, str], path: str | None = None) -> str:
    """Fill ``c``'s template; a tail pattern without ``path`` gives its directory (ending in ``/``)."""
    head = "".join(_fill(seg, values) + "/" for seg in c.dirs)
    if c.spec.is_tail:
        return head if path is None else head + path
    return head + _fill(c.last, values)


def key_for(kind: str, names: BucketNames | None = None, /, **ids: object) -> tuple[str, str]:
    """The (bucket, key) where an object of ``kind`` with these ``ids`` belongs.

    Every id of the pattern is required and no other: text ids are one non-empty segment (no
    ``/``, not ``.`` or ``..``), int ids are ints >= 0. For a tail kind (``temp_upload``,
    ``mlflow_model_file``, ``mlflow_artifact``) pass ``path="a/b.txt"`` for the part below; without it
    the result is the directory prefix ending in ``/``. Raises ValueError with a plain message.
    """
    c = _compiled_pattern(kind)
    names = names or DEFAULT_NAMES
    path = ids.pop("path", None)
    expected = c.id_types
    missing = [n for n in expected if n not in ids]
    extra = [n for n in ids if n not in expected]
    if missing:
        raise ValueError(f"A {c.spec.label.lower()} key needs {', '.join(missing)}.")
    if extra or (path is not None and not c.spec.is_tail):
        raise ValueError(f"A {c.spec.label.lower()} key takes no {', '.join(extra or ['path'])}.")
    values = {n: _id_text(n, typ, ids[n]) for n, typ in c.ids}
    if path is not None:
        if not isinstance(path, str) or not path:
            raise ValueError("path must be non-empty text.")
        for seg in path.split("/"):
            _check_segment("Each part of path", seg)
    key = _build(c, values, path)
    try:
        size = len(key.encode("utf-8"))
    except UnicodeEncodeError:
        raise ValueError("The ids contain characters that cannot be stored in a key.") from None
    if size > S3_MAX_KEY_BYTES:
        raise ValueError(f"The key would be {size} bytes long; at most {S3_MAX_KEY_BYTES} are allowed.")
    if not key.endswith("/"):
        got = _match(c.role, key)
        if got.kind != kind or {**got.ids} != {n: ids[n] for n in expected}:
            raise ValueError(f"The ids do not make a valid {c.spec.label.lower()} key: {key!r}.")
    return names.name_for(c.role), key


def counterpart(classification: Classification) -> str | None:
    """The key of the object expected beside a classified one (a material's thumbnail and back,
    an OCR page image's JSON and back), in the same bucket; None for kinds without one."""
    c = _PATTERNS.get(classification.kind)
    if c is None or c.spec.pair is None:
        return None
    return _build(_PATTERNS[c.spec.pair], {n: str(v) for n, v in classification.ids.items()})


def _dir_prefix(kind: str, ids: Mapping[str, str | int], upto: str | None = None) -> str:
    """The directory prefix of ``kind``'s keys for ``ids`` (ending in ``/``): all directory
    segments, or only those up to the one that is the id ``upto`` (an entity's prefix)."""
    values = {n: str(v) for n, v in ids.items()}
    out = []
    for seg in _compiled_pattern(kind).dirs:
        out.append(_fill(seg, values) + "/")
        m = _PLACEHOLDER.fullmatch(seg)
        if upto is not None and m is not None and m.group(1) == upto:
            break
    return "".join(out)


def _entity_regex(kind: str, id_name: str) -> re.Pattern[str]:
    """Matches the start of keys inside one entity of ``kind`` (e.g. a meeting), capturing its id."""
    c = _compiled_pattern(kind)
    parts = []
    for seg in c.dirs:
        m = _PLACEHOLDER.fullmatch(seg)
        parts.append(f"(?P<{m.group(1)}>[^/]+)" if m else re.escape(seg))
        if m and m.group(1) == id_name:
            return re.compile("/".join(parts) + "/")
    raise ValueError(f"{kind!r} keys have no {id_name!r} directory.")


# -- policies and drift probes --------------------------------------------------------------------------


def _bucket_spec(role: str) -> BucketSpec:
    for b in BUCKETS:
        if b.role == role:
            return b
    raise ValueError(f"Unknown bucket role {role!r}.")


def expected_bucket_policy(role: str, names: BucketNames | None = None) -> str | None:
    """The bucket policy the schema expects on ``role``'s bucket as JSON text, or None when nothing
    in that bucket is public (no anonymous-access policy at all)."""
    spec = _bucket_spec(role)
    if not spec.public_read:
        return None
    bucket = (names or DEFAULT_NAMES).name_for(role)
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/{glob}" for glob in spec.public_read],
            }
        ],
    }
    return json.dumps(policy, indent=4)


def public_read_policy(names: BucketNames | None = None) -> str:
    """The schema's "Public Read (for thumbnails)" policy for the configured documents bucket."""
    policy = expected_bucket_policy("documents", names)
    assert policy is not None  # the table makes thumbnails public
    return policy


def authenticated_access_policy(names: BucketNames | None = None, user: str = "ensure-study") -> str:
    """The schema's "Authenticated Access (default)" policy: ``user`` may do anything in the buckets.

    With the schema's bucket names the resource is the schema's ``ensure-study-*`` wildcard;
    with other names it lists each configured bucket.
    """
    all_names = (names or DEFAULT_NAMES).all()
    if all(n.startswith("ensure-study-") for n in all_names):
        resources = ["arn:aws:s3:::ensure-study-*/*"]
    else:
        resources = [f"arn:aws:s3:::{n}/*" for n in dict.fromkeys(all_names)]
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": [f"arn:aws:iam:::user/{user}"]},
                "Action": ["s3:*"],
                "Resource": resources,
            }
        ],
    }
    return json.dumps(policy, indent=4)


def _glob_regex(glob: str) -> re.Pattern[str]:
    return re.compile(".*".join(re.escape(part) for part in glob.split("*")), re.DOTALL)


def expected_public(bucket: str, key: str, names: BucketNames | None = None) -> bool | None:
    """Whether the schema's policies let anyone read ``key`` without signing in; None for a bucket
    that is not one of the four. Note the schema's glob ``*/thumbnails/*`` also covers e.g.
    ``temp/u/thumbnails/x``."""
    role = role_of(bucket, names)
    if role is None:
        return None
    return any(_glob_regex(g).fullmatch(key) for g in _bucket_spec(role).public_read)


PROBE_ID = "ensure-browser-probe"


@dataclass(frozen=True)
class ProbeKey:
    """A key to request anonymously to see whether a bucket's live policy matches the schema.

    The object need not exist: a private key answers 403 to an anonymous request, a public one 200
    or 404. ``severity`` applies when the live exposure differs from ``expect_public``.
    """

    role: str
    bucket: str
    key: str
    kind: str
    label: str
    expect_public: bool
    severity: Severity

    def check(self, public: bool) -> Flag | None:
        """The drift flag for the observed exposure (``public``: anonymous read allowed), or None."""
        if public == self.expect_public:
            return None
        if public:
            return Flag("unexpected_public", self.severity,
                        f"{self.label} keys in {self.bucket} can be read by anyone without signing in.",
                        self.bucket, self.key)
        return Flag("unexpected_private", self.severity,
                    f"{self.label} keys in {self.bucket} should be publicly readable but are not.",
                    self.bucket, self.key)


def probe_keys(names: BucketNames | None = None) -> list[ProbeKey]:
    """One probe key per probed kind of the table, with placeholder ids, in table order."""
    out = []
    for kind, c in _PATTERNS.items():
        if c.spec.probe is None:
            continue
        ids: dict[str, object] = {n: (1 if typ is int else PROBE_ID) for n, typ in c.ids}
        if c.spec.is_tail:
            ids["path"] = PROBE_ID
        bucket, key = key_for(kind, names, **ids)
        public = bool(expected_public(bucket, key, names))
        out.append(ProbeKey(c.role, bucket, key, kind, c.spec.label, public, c.spec.probe))
    return out


# -- natural sort ---------------------------------------------------------------------------------------

_DIGITS = re.compile(r"(\d+)")
_NaturalPart = tuple[int, int, str]
NaturalKey = tuple[tuple[_NaturalPart, ...], str]


def natural_key(name: str) -> NaturalKey:
    """A sort key ordering digit runs by number (``chunk_2`` before ``chunk_10``), text without
    regard to case, ties broken by the exact name. Keys of any two names compare; never raises."""
    parts: list[_NaturalPart] = []
    for i, piece in enumerate(_DIGITS.split(name)):
        if not piece:
            continue
        if i % 2:  # a run of decimal digits, possibly non-ASCII ones: compare by length, then digits
            digits = "".join(str(unicodedata.decimal(ch, 0)) for ch in piece).lstrip("0")
            parts.append((0, len(digits), digits))
        else:
            parts.append((1, 0, piece.casefold()))
    return tuple(parts), name


# -- the domain tree ------------------------------------------------------------------------------------


class ListingEntry(Protocol):
    """What :func:`map_entries` needs of a listing entry (``storage.ObjectInfo`` fits)."""

    @property
    def key(self) -> str: ...

    @property
    def is_prefix(self) -> bool: ...

    @property
    def size(self) -> int: ...

    @property
    def last_modified(self) -> datetime | None: ...

    @property
    def etag(self) -> str | None: ...


@dataclass(frozen=True)
class ListingSpec:
    """List ``prefix`` of ``bucket`` one level deep (delimiter ``/``), paged, and pass every page to
    :func:`map_entries` with the node that asked."""

    bucket: str
    prefix: str
    delimiter: str = "/"


@dataclass
class _Level:
    """A directory level of one bucket, derived from the patterns' directory segments."""

    role: str
    template: str  # e.g. "classrooms/{classroom_id}/"; "" for the bucket root
    kind: str
    label: str
    order: int  # declaration order among its siblings
    literals: dict[str, _Level] = field(default_factory=dict)
    id_name: str | None = None
    id_type: type = str
    id_level: _Level | None = None
    tail_kind: str | None = None


def _level_names(role: str, template: str, segment: str) -> tuple[str, str]:
    named = LEVEL_NAMES.get((role, template))
    if named:
        return named
    m = _PLACEHOLDER.fullmatch(segment)
    base = m.group(1).removesuffix("_id") if m else segment
    return base, base.replace("_", " ").capitalize()


def _build_levels() -> dict[tuple[str, str], _Level]:
    levels: dict[tuple[str, str], _Level] = {}
    for b in BUCKETS:
        root = _Level(b.role, "", b.role, b.role, 0)
        levels[(b.role, "")] = root
        for c in _BY_ROLE[b.role]:
            level = root
            for seg in c.dirs:
                template = level.template + seg + "/"
                m = _PLACEHOLDER.fullmatch(seg)
                if m is None:
                    child = level.literals.get(seg)
                    if child is None:
                        child = _Level(b.role, template, *_level_names(b.role, template, seg),
                                       order=len(level.literals))
                        level.literals[seg] = child
                else:
                    if level.id_level is not None and level.id_name != m.group(1):
                        raise ValueError(f"Two different ids below {level.template!r} in {b.role}.")
                    if level.id_level is None:
                        level.id_name, level.id_type = m.group(1), int if m.group(2) == "int" else str
                        level.id_level = _Level(b.role, template, *_level_names(b.role, template, seg),
                                                order=0)
                    child = level.id_level
                levels[(b.role, child.template)] = child
                level = child
            if c.spec.is_tail:
                if level.tail_kind is not None:
                    raise ValueError(f"Two tail patterns at {level.template!r} in {b.role}.")
                level.tail_kind = c.spec.kind
    return levels


_LEVELS = _build_levels()

if any((s.role, s.prefix) not in _LEVELS or _PLACEHOLDER.search(s.prefix) for s in SECTIONS):
    raise ValueError("Every section must name a literal directory level of the table.")


@dataclass(frozen=True)
class DomainNode:
    """One node of the domain tree: a section, a directory level, an entity, a folder or an object.

    ``key`` is the listing prefix for containers ('' = bucket root, otherwise ending in ``/``) and
    the object key for leaves. ``kind`` is "section", a directory level kind ("classroom",
    "materials", "chunks", "experiment", ...), "folder" (inside an "any path" part), an object kind
    ("material", "meeting_chunk", ...) or "unrecognized" (a key the schema does not know; shown,
    never hidden). ``kind_label`` is the human name of the kind ("Classroom", "Material").
    ``pair_key`` is the counterpart object's key in the same bucket (a material's thumbnail).
    """

    kind: str
    label: str
    kind_label: str
    role: str
    bucket: str
    key: str
    is_container: bool
    section: str
    ids: dict[str, str | int] = field(default_factory=dict, hash=False)
    size: int | None = None
    last_modified: datetime | None = None
    etag: str | None = None
    pair_key: str | None = None
    is_entity: bool = False
    order: int = 0
    level: str | None = field(default=None, repr=False)  # the table's directory level template

    @property
    def recognized(self) -> bool:
        """False for nodes the schema does not explain (shown with a mark, never hidden)."""
        return self.kind != UNRECOGNIZED

    @property
    def sort_key(self) -> tuple[int, int, NaturalKey]:
        """Sibling order: sections and schema directories in declaration order (Raw, Chunks,
        Processed), then entities and folders, then objects, each in natural order (``chunk_2``
        before ``chunk_10``); unrecognized containers and objects last."""
        if not self.recognized:
            tier = 3 if self.is_container else 4
        elif not self.is_container:
            tier = 2
        elif self.is_entity or self.kind == "folder":
            tier = 1
        else:
            tier = 0
        return tier, self.order, natural_key(self.label)


def sections(names: BucketNames | None = None) -> list[DomainNode]:
    """The sidebar sections in display order, for the configured bucket names."""
    names = names or DEFAULT_NAMES
    return [
        DomainNode("section", s.label, "Section", s.role, names.name_for(s.role), s.prefix, True, s.name,
                   order=i, level=s.prefix)
        for i, s in enumerate(SECTIONS)
    ]


def children_spec(node: DomainNode) -> ListingSpec | None:
    """How to fetch the children of ``node``: a one-level listing of its prefix, or None for leaves.

    Every container in this tree is listed (there are no fixed children): schema directories that
    do not exist in storage do not appear, and unexpected ones appear as "unrecognized".
    """
    if not node.is_container:
        return None
    return ListingSpec(node.bucket, node.key)


def _unrecognized(node: DomainNode, entry: ListingEntry, label: str) -> DomainNode:
    return DomainNode(UNRECOGNIZED, label or "(empty name)", UNRECOGNIZED_LABEL, node.role, node.bucket,
                      entry.key, entry.is_prefix, node.section,
                      size=None if entry.is_prefix else entry.size,
                      last_modified=entry.last_modified, etag=entry.etag)


def _map_prefix(node: DomainNode, level: _Level | None, entry: ListingEntry, seg: str) -> DomainNode:
    """The child node for a common prefix ``node.key + seg + "/"``."""
    if level is None or not seg:
        return _unrecognized(node, entry, seg)
    if node.kind != "folder":
        lit = level.literals.get(seg)
        if lit is not None:
            return DomainNode(lit.kind, lit.label, "Folder", node.role, node.bucket, entry.key, True,
                              node.section, ids=dict(node.ids), order=lit.order, level=lit.template)
        sub = level.id_level
        if sub is not None and level.id_name is not None:
            value = _id_value(level.id_type, seg)
            if value is not None:
                return DomainNode(sub.kind, seg, sub.label, node.role, node.bucket, entry.key, True,
                                  node.section, ids={**node.ids, level.id_name: value}, is_entity=True,
                                  level=sub.template)
    if level.tail_kind is not None:
        return DomainNode("folder", seg, "Folder", node.role, node.bucket, entry.key, True, node.section,
                          ids=dict(node.ids), level=level.template)
    return _unrecognized(node, entry, seg)


def map_entries(node: DomainNode, entries: Iterable[ListingEntry]) -> list[DomainNode]:
    """Turn one page of the listing asked for by :func:`children_spec` into child nodes.

    Pure and page-local: each entry gives exactly one node, in the order given (sort with
    :attr:`DomainNode.sort_key`). Entries the schema does not explain become "unrecognized" nodes
    (browsable when they are prefixes).
    """
    if not node.is_container:
        raise ValueError("Only container nodes have children.")
    level = None if node.kind == UNRECOGNIZED or node.level is None else _LEVELS.get((node.role, node.level))
    out = []
    for entry in entries:
        key = entry.key
        rel = key[len(node.key):] if key.startswith(node.key) else key
        if entry.is_prefix:
            seg = rel[:-1] if rel.endswith("/") else rel
            nested = "/" in seg  # a listing deeper than one level: keep it reachable, but unexplained
            out.append(_unrecognized(node, entry, rel) if nested else _map_prefix(node, level, entry, seg))
            continue
        c = _match(node.role, key)
        if level is None or not c.recognized or not key.startswith(node.key):
            out.append(_unrecognized(node, entry, rel))
            continue
        out.append(DomainNode(c.kind, rel, c.label, node.role, node.bucket, key, False, node.section,
                              ids=c.ids, size=entry.size, last_modified=entry.last_modified,
                              etag=entry.etag, pair_key=counterpart(c), level=node.level))
    return out


# -- consistency rules ----------------------------------------------------------------------------------

_SEVERITY_RANK = {"critical": 0, "warning": 1, "info": 2}


@dataclass(frozen=True)
class Flag:
    """A finding about storage: ``code`` is stable (for filters and tests), ``message`` is for people.

    ``key`` is the object concerned, or the prefix of the entity concerned (ending in ``/``);
    ``items`` holds what is listed in the message (missing chunk indices, page numbers).
    """

    code: str
    severity: Severity
    message: str
    bucket: str
    key: str
    ids: dict[str, str | int] = field(default_factory=dict, hash=False)
    items: tuple[int | str, ...] = ()

    @property
    def sort_key(self) -> tuple[int, str, NaturalKey, str]:
        """Most severe first, then by bucket, key and code."""
        return _SEVERITY_RANK[self.severity], self.bucket, natural_key(self.key), self.code


def _ranges(numbers: Iterable[int]) -> str:
    """``[1, 2, 3, 7]`` -> ``"1-3, 7"``."""
    out: list[str] = []
    nums = sorted(set(numbers))
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        out.append(str(nums[i]) if i == j else f"{nums[i]}-{nums[j]}")
        i = j + 1
    return ", ".join(out)


def _plural(n: int, word: str) -> str:
    return f"{word}s" if n != 1 else word


def _classified(role: str, entries: Iterable[ListingEntry]) -> Iterator[tuple[ListingEntry, Classification]]:
    for e in entries:
        if not e.is_prefix:
            yield e, _match(role, e.key)


class _PairRule:
    """Base of the rules that pair objects of two kinds within one bucket role."""

    role = ""

    def __init__(self, bucket: str) -> None:
        self.bucket = bucket

    @classmethod
    def check(cls, bucket: str, *listings: Iterable[ListingEntry]) -> list[Flag]:
        """Flags from complete listings: a classroom's ``materials/`` and ``thumbnails/``, an OCR
        document's ``pages/`` and ``json/``, or a whole bucket."""
        rule = cls(bucket)
        for entries in listings:
            rule.add_entries(entries)
        return rule.flags()

    def add(self, key: str, classification: Classification | None = None) -> None:
        """Take one object key (classified here unless given); other kinds are ignored."""
        raise NotImplementedError

    def add_entries(self, entries: Iterable[ListingEntry]) -> None:
        """Take the objects among listing entries (prefixes and other kinds are ignored)."""
        for e, c in _classified(self.role, entries):
            self.add(e.key, c)

    def flags(self) -> list[Flag]:
        """The findings so far."""
        raise NotImplementedError


class ThumbnailPairs(_PairRule):
    """Materials and thumbnails seen so far, paired by (classroom_id, document_id).

    Feed it complete listings (of one classroom's ``materials/`` and ``thumbnails/``, or of the whole
    bucket); other kinds are ignored.
    """

    role = "documents"

    def __init__(self, bucket: str) -> None:
        super().__init__(bucket)
        self.materials: dict[tuple[str, str], str] = {}
        self.thumbnails: dict[tuple[str, str], str] = {}

    def add(self, key: str, classification: Classification | None = None) -> None:
        """Take one object key (classified here unless given)."""
        c = classification or _match(self.role, key)
        if c.kind in ("material", "thumbnail"):
            ident = (str(c.ids["classroom_id"]), str(c.ids["document_id"]))
            (self.materials if c.kind == "material" else self.thumbnails)[ident] = key

    def merge(self, other: ThumbnailPairs) -> None:
        """Take what ``other`` has seen as if it had been added after this."""
        self.materials.update(other.materials)
        self.thumbnails.update(other.thumbnails)

    def flags(self) -> list[Flag]:
        """A flag per material without thumbnail and per thumbnail without material."""
        out = []
        for (classroom, doc), key in self.materials.items():
            if (classroom, doc) not in self.thumbnails:
                out.append(Flag("material_without_thumbnail", "warning",
                                f"Material {doc} in classroom {classroom} has no thumbnail.",
                                self.bucket, key, {"classroom_id": classroom, "document_id": doc}))
        for (classroom, doc), key in self.thumbnails.items():
            if (classroom, doc) not in self.materials:
                out.append(Flag("thumbnail_without_material", "warning",
                                f"Thumbnail of {doc} in classroom {classroom} has no material.",
                                self.bucket, key, {"classroom_id": classroom, "document_id": doc}))
        return sorted(out, key=lambda f: f.sort_key)


class ChunkSet:
    """The chunks of one meeting seen so far: indices, empty chunks, duplicate indices.

    Chunks count from 0; a missing index below the highest one seen is a gap (missing chunks after
    the last one cannot be told from a shorter meeting).
    """

    def __init__(self, bucket: str, meeting_id: str) -> None:
        self.bucket = bucket
        self.meeting_id = meeting_id
        # The first key seen per index; further keys with an index seen before, in the order seen. Plain
        # strings per chunk (no list each): a whole-storage scan keeps no GC-tracked object per chunk.
        self.keys: dict[int, str] = {}
        self.duplicates: dict[int, list[str]] = {}
        self.empty: list[tuple[int, str]] = []

    @property
    def prefix(self) -> str:
        """The meeting's chunks/ prefix."""
        return _dir_prefix("meeting_chunk", {"meeting_id": self.meeting_id})

    def add(self, index: int, key: str, size: int) -> None:
        """Take one chunk object."""
        self._put(index, key)
        if size == 0:
            self.empty.append((index, key))

    def _put(self, index: int, key: str) -> None:
        if index in self.keys:
            self.duplicates.setdefault(index, []).append(key)
        else:
            self.keys[index] = key

    def merge(self, other: ChunkSet) -> None:
        """Take the chunks of ``other`` (the same meeting) as if they had been added after these."""
        for index, key in other.keys.items():
            self._put(index, key)
        for index, keys in other.duplicates.items():
            self.duplicates.setdefault(index, []).extend(keys)
        self.empty.extend(other.empty)

    def add_entries(self, entries: Iterable[ListingEntry]) -> None:
        """Take the chunks among listing entries (other keys are ignored)."""
        for e, c in _classified("recordings", entries):
            if c.kind == "meeting_chunk" and c.ids["meeting_id"] == self.meeting_id:
                self.add(int(c.ids["chunk_index"]), e.key, e.size)

    def missing(self) -> list[int]:
        """Indices from 0 up to the highest seen that have no chunk."""
        if not self.keys:
            return []
        present = self.keys.keys()
        return [i for i in range(max(present)) if i not in present]

    def flags(self) -> list[Flag]:
        """Gap, empty-chunk and duplicate-index flags."""
        ids: dict[str, str | int] = {"meeting_id": self.meeting_id}
        out = []
        missing = self.missing()
        if missing:
            out.append(Flag("chunk_gap", "warning",
                            f"Meeting {self.meeting_id} is missing {_plural(len(missing), 'chunk')} "
                            f"{_ranges(missing)}.", self.bucket, self.prefix, ids, tuple(missing)))
        for index, key in sorted(self.empty):
            out.append(Flag("empty_chunk", "warning",
                            f"Chunk {index} of meeting {self.meeting_id} is empty (0 bytes).",
                            self.bucket, key, {**ids, "chunk_index": index}))
        for index, extra in sorted(self.duplicates.items()):
            keys = [self.keys[index], *extra]
            out.append(Flag("duplicate_chunk", "warning",
                            f"Meeting {self.meeting_id} has {len(keys)} chunks numbered {index}: "
                            f"{', '.join(sorted(k.rsplit('/', 1)[-1] for k in keys))}.",
                            self.bucket, self.prefix, {**ids, "chunk_index": index}, (index,)))
        return out


def meeting_audio_flag(bucket: str, meeting_id: str, has_audio: bool) -> Flag | None:
    """The flag for a meeting without processed audio (``has_audio`` from its processed/ listing)."""
    if has_audio:
        return None
    prefix = _dir_prefix("meeting_audio", {"meeting_id": meeting_id}, upto="meeting_id")
    return Flag("meeting_without_audio", "warning",
                f"Meeting {meeting_id} has no processed audio.", bucket, prefix, {"meeting_id": meeting_id})


class OcrPages(_PairRule):
    """The page images and page JSON files of OCR documents seen so far, paired by page number."""

    role = "ocr"

    def __init__(self, bucket: str) -> None:
        super().__init__(bucket)
        self.images: dict[str, set[int]] = {}
        self.json: dict[str, set[int]] = {}

    def add(self, key: str, classification: Classification | None = None) -> None:
        """Take one object key (classified here unless given); other kinds are ignored."""
        c = classification or _match(self.role, key)
        if c.kind in ("ocr_page_image", "ocr_page_json"):
            store = self.images if c.kind == "ocr_page_image" else self.json
            store.setdefault(str(c.ids["document_id"]), set()).add(int(c.ids["page"]))

    def merge(self, other: OcrPages) -> None:
        """Take what ``other`` has seen as well."""
        for mine, theirs in ((self.images, other.images), (self.json, other.json)):
            for doc, pages in theirs.items():
                mine.setdefault(doc, set()).update(pages)

    def flags(self) -> list[Flag]:
        """Per document: pages whose image lacks JSON, and JSON files without a page image."""
        out = []
        for doc in sorted(set(self.images) | set(self.json), key=natural_key):
            images, texts = self.images.get(doc, set()), self.json.get(doc, set())
            prefix = _dir_prefix("ocr_page_image", {"document_id": doc}, upto="document_id")
            no_json, no_image = sorted(images - texts), sorted(texts - images)
            if no_json:
                verb = "has" if len(no_json) == 1 else "have"
                out.append(Flag("ocr_page_without_json", "warning",
                                f"OCR document {doc}: {_plural(len(no_json), 'page')} {_ranges(no_json)} "
                                f"{verb} no JSON.", self.bucket, prefix, {"document_id": doc},
                                tuple(no_json)))
            if no_image:
                out.append(Flag("ocr_json_without_page", "warning",
                                f"OCR document {doc}: JSON for {_plural(len(no_image), 'page')} "
                                f"{_ranges(no_image)} has no page image.",
                                self.bucket, prefix, {"document_id": doc}, tuple(no_image)))
        return out


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)


DEFAULT_TEMP_MAX_AGE = timedelta(hours=24)


class TempUploads:
    """Temporary uploads seen so far, each aged by its most recently written object."""

    def __init__(
        self, bucket: str, now: datetime | None = None, max_age: timedelta = DEFAULT_TEMP_MAX_AGE
    ) -> None:
        self.bucket = bucket
        self.now = _aware(now or datetime.now(UTC))
        self.max_age = max_age
        self.newest: dict[str, datetime | None] = {}

    def add(self, upload_id: str, last_modified: datetime | None) -> None:
        """Take one object of upload ``upload_id`` (objects without a time do not age it)."""
        previous = self.newest.get(upload_id)
        if last_modified is None:
            self.newest.setdefault(upload_id, None)
        elif previous is None or _aware(last_modified) > previous:
            self.newest[upload_id] = _aware(last_modified)

    def merge(self, other: TempUploads) -> None:
        """Take what ``other`` has seen as well (each upload aged by the newest object of both)."""
        for upload_id, newest in other.newest.items():
            self.add(upload_id, newest)

    def add_entries(self, entries: Iterable[ListingEntry]) -> None:
        """Take the temporary upload files among listing entries."""
        for e, c in _classified("documents", entries):
            if c.kind == "temp_upload":
                self.add(str(c.ids["upload_id"]), e.last_modified)

    def flags(self) -> list[Flag]:
        """A flag per upload whose newest object is older than ``max_age``."""
        out = []
        hours = self.max_age.total_seconds() / 3600
        for upload_id, newest in sorted(self.newest.items(), key=lambda kv: natural_key(kv[0])):
            if newest is None or self.now - newest <= self.max_age:
                continue
            days = (self.now - newest).total_seconds() / 86400
            age = f"{days:.0f} days" if days >= 2 else f"{days * 24:.0f} hours"
            out.append(Flag("stale_temp_upload", "warning",
                            f"Temporary upload {upload_id} was last written {age} ago "
                            f"(older than {hours:g} hours).",
                            self.bucket, key_for("temp_upload", None, upload_id=upload_id)[1],
                            {"upload_id": upload_id}))
        return out


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


def check_content_type(
    bucket: str, key: str, content_type: str, names: BucketNames | None = None
) -> Flag | None:
    """A flag when a stat'ed ``content_type`` does not fit the key's kind (parameters such as
    ``charset`` are ignored). Material/thumbnail mismatches are warnings, others info."""
    c = classify(bucket, key, names)
    if c is None or not c.recognized:
        return None
    spec = _PATTERNS[c.kind].spec
    if not spec.content_types or _media_type(content_type) in spec.content_types:
        return None
    shown = content_type.strip() or "no content type"
    return Flag("wrong_content_type", "warning" if spec.strict_type else "info",
                f"{spec.label} {key.rsplit('/', 1)[-1]} is stored as {shown}, "
                f"expected {' or '.join(spec.content_types)}.", bucket, key, c.ids)


_MEETING = _entity_regex("meeting_audio", "meeting_id")
_PAIRED = frozenset({"material", "thumbnail"})
_OCR_PAGES = frozenset({"ocr_page_image", "ocr_page_json"})
_MEETING_KINDS = frozenset({"meeting_raw", "meeting_chunk", "meeting_audio"})


class StorageScan:
    """Runs every consistency rule over objects streamed from a whole-storage listing.

    Feed it every object of the four buckets (recursive listings, in any order) with :meth:`add`,
    optionally stat'ed content types with :meth:`add_content_type`, then call :meth:`flags`.
    """

    def __init__(self, names: BucketNames | None = None, now: datetime | None = None,
                 temp_max_age: timedelta = DEFAULT_TEMP_MAX_AGE) -> None:
        self.names = names or DEFAULT_NAMES
        self.thumbnails = ThumbnailPairs(self.names.documents)
        self.ocr = OcrPages(self.names.ocr)
        self.temp = TempUploads(self.names.documents, now, temp_max_age)
        self.chunks: dict[str, ChunkSet] = {}
        self.meetings: dict[str, bool] = {}  # meeting id -> has processed audio
        self.other: list[Flag] = []
        self.unrecognized = 0

    def add(self, bucket: str, entry: ListingEntry) -> None:
        """Take one listed object (prefixes and buckets outside the schema are ignored)."""
        c = None if entry.is_prefix else classify(bucket, entry.key, self.names)
        if c is not None:
            self.add_classified(bucket, entry.key, entry.size, entry.last_modified, c)

    def add_classified(self, bucket: str, key: str, size: int, last_modified: datetime | None,
                       c: Classification) -> None:
        """Take one object that is classified already (``c`` is ``classify(bucket, key, names)``)."""
        kind = c.kind
        if kind == UNRECOGNIZED:
            self.unrecognized += 1
            meeting = _MEETING.match(key) if c.role == "recordings" else None
            if meeting:
                self.meetings.setdefault(meeting.group("meeting_id"), False)
        elif kind in _PAIRED:
            self.thumbnails.add(key, c)
        elif kind in _OCR_PAGES:
            self.ocr.add(key, c)
        elif kind == "temp_upload":
            self.temp.add(str(c.ids["upload_id"]), last_modified)
        elif kind in _MEETING_KINDS:
            meeting_id = str(c.ids["meeting_id"])
            self.meetings[meeting_id] = self.meetings.get(meeting_id, False) or kind == "meeting_audio"
            if kind == "meeting_chunk":
                chunks = self.chunks.get(meeting_id)
                if chunks is None:
                    chunks = self.chunks[meeting_id] = ChunkSet(bucket, meeting_id)
                chunks.add(int(c.ids["chunk_index"]), key, size)

    def merge(self, other: StorageScan) -> None:
        """Take everything ``other`` (for the same names) has seen as if it had been added after this:
        scans of parts of the storage (one per bucket, say) merged in order give what one scan of
        them all in that order gives. ``other`` is used up (its chunk sets move here)."""
        self.thumbnails.merge(other.thumbnails)
        self.ocr.merge(other.ocr)
        self.temp.merge(other.temp)
        for meeting_id, chunks in other.chunks.items():
            mine = self.chunks.get(meeting_id)
            if mine is None:
                self.chunks[meeting_id] = chunks
            else:
                mine.merge(chunks)
        for meeting_id, has_audio in other.meetings.items():
            self.meetings[meeting_id] = self.meetings.get(meeting_id, False) or has_audio
        self.other.extend(other.other)
        self.unrecognized += other.unrecognized

    def add_content_type(self, bucket: str, key: str, content_type: str) -> None:
        """Take the content type of a stat'ed object."""
        flag = check_content_type(bucket, key, content_type, self.names)
        if flag is not None:
            self.other.append(flag)

    def flags(self) -> list[Flag]:
        """Every finding so far, most severe first."""
        out = [*self.thumbnails.flags(), *self.ocr.flags(), *self.temp.flags(), *self.other]
        for chunks in self.chunks.values():
            out.extend(chunks.flags())
        for meeting_id, has_audio in self.meetings.items():
            flag = meeting_audio_flag(self.names.recordings, meeting_id, has_audio)
            if flag is not None:
                out.append(flag)
        return sorted(out, key=lambda f: f.sort_key)
