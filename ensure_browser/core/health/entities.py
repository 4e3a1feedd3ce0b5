"""The entities of the schema (classrooms, students, meetings, exams, OCR documents, experiments,
temporary uploads): which one a key belongs to, and its human name. No Qt here.

The scan adds usage up per entity and names the entity a finding is about; the entity levels are
read from the schema's table (the literal directories before each pattern's first id).
"""

from __future__ import annotations

from ensure_browser.core.schema.table import BUCKETS
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = ["ENTITY_ORDER", "ENTITY_TYPES", "entity_of", "entity_text", "entity_type_label", "listing_prefix"]

# The entity each top-level id of the schema stands for: (role, id name) -> (entity type, label).
ENTITY_TYPES: dict[tuple[str, str], tuple[str, str]] = {
    ("documents", "classroom_id"): ("classroom", QT_TR_NOOP("Classroom")),
    ("documents", "student_id"): ("student", QT_TR_NOOP("Student")),
    ("documents", "upload_id"): ("temp_upload", QT_TR_NOOP("Temporary upload")),
    ("recordings", "meeting_id"): ("meeting", QT_TR_NOOP("Meeting")),
    ("recordings", "exam_session_id"): ("exam", QT_TR_NOOP("Exam")),
    ("ocr", "document_id"): ("ocr_document", QT_TR_NOOP("OCR document")),
    ("mlflow", "experiment_id"): ("experiment", QT_TR_NOOP("MLflow experiment")),
}


def _entity_levels() -> dict[str, tuple[tuple[tuple[str, ...], str], ...]]:
    """Per role: (literal directories before the first id, that id's name), from the schema table."""
    out: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for bucket in BUCKETS:
        levels = out.setdefault(bucket.role, [])
        for pattern in bucket.patterns:
            literals: list[str] = []
            for segment in pattern.template.split("/")[:-1]:
                if segment.startswith("{") and segment.endswith("}"):
                    level = (tuple(literals), segment[1:-1].split(":")[0])
                    if level not in levels:
                        levels.append(level)
                    break
                literals.append(segment)
    for role, levels in out.items():
        for _, id_name in levels:
            if (role, id_name) not in ENTITY_TYPES:
                raise ValueError(f"The schema has an entity {id_name!r} in {role} that ENTITY_TYPES lacks.")
    return {role: tuple(levels) for role, levels in out.items()}


_LEVELS = _entity_levels()


def entity_of(role: str, key: str) -> tuple[str, str] | None:
    """(entity type, id) of the entity whose directory holds ``key`` (recognized or not), or None.

    ``classrooms/math-7a/anything`` belongs to classroom ``math-7a``; a key that is the entity
    directory itself or sits above it belongs to none.
    """
    for literals, id_name in _LEVELS.get(role, ()):
        depth = len(literals)
        parts = key.split("/", depth + 1)
        if len(parts) > depth + 1 and parts[depth] and tuple(parts[:depth]) == literals:
            return ENTITY_TYPES[(role, id_name)][0], parts[depth]
    return None


def listing_prefix(role: str, prefix: str) -> str:
    """The prefix to list so that every entity touched by ``prefix`` is seen whole.

    A prefix inside an entity (``classrooms/math-7a/materials/``) is widened to the entity
    (``classrooms/math-7a/``), so pair rules see both sides; results are then limited to ``prefix``.
    """
    complete = prefix.split("/")[:-1]
    for literals, _ in _LEVELS.get(role, ()):
        depth = len(literals)
        if len(complete) > depth and tuple(complete[:depth]) == literals and complete[depth]:
            return "/".join(complete[: depth + 1]) + "/"
    return prefix


def entity_type_label(entity_type: str) -> str:
    """The human name of an entity type ("Classroom"); the type itself when it is not one."""
    return next((Text(label) for t, label in ENTITY_TYPES.values() if t == entity_type), entity_type)


_ID_OF_TYPE = {etype: id_name for (_, id_name), (etype, _) in ENTITY_TYPES.items()}
_ID_WORDS = {"document_id": QT_TR_NOOP("document"), "note_id": QT_TR_NOOP("note"), "chunk_index": QT_TR_NOOP("chunk"),
             "run_id": QT_TR_NOOP("run"), "page": QT_TR_NOOP("page")}


def entity_text(role: str, key: str, ids: dict[str, str | int]) -> str:
    """A human name for what a finding is about: "Meeting m-1, chunk 3"."""
    entity = entity_of(role, key)
    parts = [Text(QT_TR_NOOP("{0} {1}"), entity_type_label(entity[0]), entity[1])] if entity else []
    id_name = _ID_OF_TYPE.get(entity[0], "") if entity else ""
    for name, value in ids.items():
        if name != id_name and name in _ID_WORDS:
            parts.append(Text(QT_TR_NOOP("{0} {1}"), Text(_ID_WORDS[name]), value))
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text = Text(QT_TR_NOOP("{0}, {1}"), text, part)
    return text


#: The entity types in schema order.
ENTITY_ORDER = tuple(dict.fromkeys(t for t, _ in ENTITY_TYPES.values()))
