"""What a key is and where a kind of object belongs, derived from the schema's table. No Qt here.

The table's key patterns (:data:`~ensure_browser.core.schema.table.BUCKETS`) are compiled once into
regular expressions; from them

* :func:`classify` tells what a key in a bucket is (kind, typed ids),
* :func:`key_for` builds the key to upload to for a kind and its ids,
* :func:`counterpart` names the object expected beside one (a material's thumbnail),
* :func:`label_of`, :func:`pattern_of`, :func:`content_type_for` answer for one kind,
* :func:`dir_prefix` and :func:`entity_regex` give the prefixes of an entity's keys.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from ensure_browser.core.schema.table import (
    BUCKETS,
    DEFAULT_NAMES,
    UNRECOGNIZED,
    UNRECOGNIZED_LABEL,
    BucketNames,
    KeyPattern,
    role_of,
)

__all__ = [
    "PLACEHOLDER",
    "S3_MAX_KEY_BYTES",
    "Classification",
    "CompiledPattern",
    "all_kinds",
    "classify",
    "classify_in",
    "compiled",
    "content_type_for",
    "counterpart",
    "dir_prefix",
    "entity_regex",
    "id_value",
    "key_for",
    "label_of",
    "pattern_of",
    "role_patterns",
]

S3_MAX_KEY_BYTES = 1024


# -- compiled patterns ----------------------------------------------------------------------------------

#: One id of a key template: ``{name}`` or ``{name:int}``.
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)(?::(int|str))?\}")
_TAIL_GROUP = "_tail"
_TAIL_RE = r"[^/]+(?:/[^/]+)*"


@dataclass(frozen=True)
class CompiledPattern:
    """A :class:`KeyPattern` compiled for matching and key building."""

    spec: KeyPattern
    role: str
    regex: re.Pattern[str]
    ids: tuple[tuple[str, type], ...]  # (name, str | int) in template order
    dirs: tuple[str, ...]  # directory segments (templates), without the file / tail segment
    last: str  # the file segment template, or "**"

    @property
    def id_types(self) -> dict[str, type]:
        """The pattern's ids and their types (``str`` or ``int``)."""
        return dict(self.ids)


def _segment_regex(segment: str, ids: list[tuple[str, type]]) -> str:
    out, pos = [], 0
    for m in PLACEHOLDER.finditer(segment):
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


def _compile(spec: KeyPattern, role: str) -> CompiledPattern:
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
        if i < len(segments) - 1 and "{" in seg and not PLACEHOLDER.fullmatch(seg):
            raise ValueError(f"A directory segment is a literal or one id, not {seg!r}.")
        parts.append(_segment_regex(seg, ids))
    regex = re.compile("/".join(parts))
    return CompiledPattern(spec, role, regex, tuple(ids), tuple(segments[:-1]), segments[-1])


def _compile_table() -> tuple[dict[str, CompiledPattern], dict[str, tuple[CompiledPattern, ...]]]:
    """Compile every pattern of :data:`BUCKETS`: by kind, and per role in table order."""
    by_kind: dict[str, CompiledPattern] = {}
    by_role: dict[str, tuple[CompiledPattern, ...]] = {}
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


def compiled(kind: str) -> CompiledPattern:
    """The compiled pattern of ``kind``; ValueError for an unknown kind."""
    try:
        return _PATTERNS[kind]
    except KeyError:
        raise ValueError(f"Unknown kind {kind!r}; known kinds: {', '.join(_PATTERNS)}.") from None


def role_patterns(role: str) -> tuple[CompiledPattern, ...]:
    """The compiled patterns of one bucket role, in table order (none for an unknown role)."""
    return _BY_ROLE.get(role, ())


def all_kinds() -> tuple[str, ...]:
    """Every object kind of the schema, in table order (``unrecognized`` not included)."""
    return tuple(_PATTERNS)


def pattern_of(kind: str) -> KeyPattern:
    """The table entry of ``kind``; ValueError for an unknown kind."""
    return compiled(kind).spec


def label_of(kind: str) -> str:
    """The human label of an object kind ("Material"); "Unrecognized" for unknown kinds."""
    c = _PATTERNS.get(kind)
    return c.spec.label if c else UNRECOGNIZED_LABEL


def content_type_for(kind: str) -> str | None:
    """The content type to upload ``kind`` with, or None when the file name decides."""
    types = compiled(kind).spec.content_types
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


def classify_in(role: str, key: str) -> Classification:
    """Classify ``key`` as a key of the bucket with ``role`` (``unrecognized`` when nothing fits)."""
    for c in _BY_ROLE.get(role, ()):
        m = c.regex.fullmatch(key)
        if m is None:
            continue
        values = {name: id_value(typ, m.group(name)) for name, typ in c.ids}
        ids = {name: v for name, v in values.items() if v is not None}
        if len(ids) != len(values):
            continue
        return Classification(c.spec.kind, ids, role, c.spec.label, m.groupdict().get(_TAIL_GROUP))
    return Classification(UNRECOGNIZED, {}, role, UNRECOGNIZED_LABEL)


def id_value(typ: type, text: str) -> str | int | None:
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
    return classify_in(role, key)


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
    return PLACEHOLDER.sub(lambda m: values[m.group(1)], template)


def _build(c: CompiledPattern, values: Mapping[str, str], path: str | None = None) -> str:
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
    c = compiled(kind)
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
        got = classify_in(c.role, key)
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


def dir_prefix(kind: str, ids: Mapping[str, str | int], upto: str | None = None) -> str:
    """The directory prefix of ``kind``'s keys for ``ids`` (ending in ``/``): all directory
    segments, or only those up to the one that is the id ``upto`` (an entity's prefix)."""
    values = {n: str(v) for n, v in ids.items()}
    out = []
    for seg in compiled(kind).dirs:
        out.append(_fill(seg, values) + "/")
        m = PLACEHOLDER.fullmatch(seg)
        if upto is not None and m is not None and m.group(1) == upto:
            break
    return "".join(out)


def entity_regex(kind: str, id_name: str) -> re.Pattern[str]:
    """Matches the start of keys inside one entity of ``kind`` (e.g. a meeting), capturing its id."""
    c = compiled(kind)
    parts = []
    for seg in c.dirs:
        m = PLACEHOLDER.fullmatch(seg)
        parts.append(f"(?P<{m.group(1)}>[^/]+)" if m else re.escape(seg))
        if m and m.group(1) == id_name:
            return re.compile("/".join(parts) + "/")
    raise ValueError(f"{kind!r} keys have no {id_name!r} directory.")
