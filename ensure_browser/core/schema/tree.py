"""The domain tree: sections, directory levels, entities and objects, listed one level at a time.

:func:`sections` gives the sidebar's sections, :func:`children_spec` the listing that fetches a
node's children and :func:`map_entries` turns one page of that listing into child nodes
(:class:`DomainNode`); the Qt tree model adapts them. The levels are derived from the key patterns
of the schema's table; keys it does not explain become "unrecognized" nodes. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from ensure_browser.core.schema.classify import PLACEHOLDER, classify_in, counterpart, id_value, role_patterns
from ensure_browser.core.schema.natural import NaturalKey, natural_key
from ensure_browser.core.schema.table import (
    BUCKETS,
    DEFAULT_NAMES,
    LEVEL_NAMES,
    SECTIONS,
    UNRECOGNIZED,
    UNRECOGNIZED_LABEL,
    BucketNames,
)

__all__ = [
    "DomainNode",
    "ListingEntry",
    "ListingSpec",
    "children_spec",
    "kind_labels",
    "map_entries",
    "sections",
]


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
    m = PLACEHOLDER.fullmatch(segment)
    base = m.group(1).removesuffix("_id") if m else segment
    return base, base.replace("_", " ").capitalize()


def _build_levels() -> dict[tuple[str, str], _Level]:
    levels: dict[tuple[str, str], _Level] = {}
    for b in BUCKETS:
        root = _Level(b.role, "", b.role, b.role, 0)
        levels[(b.role, "")] = root
        for c in role_patterns(b.role):
            level = root
            for seg in c.dirs:
                template = level.template + seg + "/"
                m = PLACEHOLDER.fullmatch(seg)
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

if any((s.role, s.prefix) not in _LEVELS or PLACEHOLDER.search(s.prefix) for s in SECTIONS):
    raise ValueError("Every section must name a literal directory level of the table.")


def kind_labels() -> tuple[str, ...]:
    """Every ``kind_label`` a :class:`DomainNode` can have (the GUI translates them)."""
    labels = ["Section", "Folder", UNRECOGNIZED_LABEL]
    labels += [level.label for level in _LEVELS.values() if level.template]
    labels += [c.spec.label for b in BUCKETS for c in role_patterns(b.role)]
    return tuple(dict.fromkeys(labels))


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
            value = id_value(level.id_type, seg)
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
        c = classify_in(node.role, key)
        if level is None or not c.recognized or not key.startswith(node.key):
            out.append(_unrecognized(node, entry, rel))
            continue
        out.append(DomainNode(c.kind, rel, c.label, node.role, node.bucket, key, False, node.section,
                              ids=c.ids, size=entry.size, last_modified=entry.last_modified,
                              etag=entry.etag, pair_key=counterpart(c), level=node.level))
    return out
