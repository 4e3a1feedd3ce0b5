"""The domain trees: Classrooms, Students, Meetings, Exams, OCR documents, MLflow experiments and
Temporary uploads, mapped from the prefix layout.

A :class:`DomainSource` adapts :mod:`ensure_browser.core.schema.tree`'s domain tree to the lazy tree
model: each level is one paged ``list_level`` (:func:`~ensure_browser.core.schema.tree.children_spec`)
run in the ``listing`` pool, mapped to domain nodes there too
(:func:`~ensure_browser.core.schema.tree.map_entries`), so the GUI thread only makes rows. Levels whose
consistency rule needs more than their own listing (a classroom's materials and thumbnails, a
meeting's chunks and processed audio, an OCR document's pages and JSON, temporary uploads) also run
a :func:`~ensure_browser.core.health.level_checks.level_check` in the same worker; :meth:`finished`
spreads its flags over the rows, folders and entity concerned.

Only the rows on screen cost more: :class:`~ensure_browser.ui.trees.visible_rows.VisibleRows` watches
the view's viewport and asks the source to stat them (original file names of materials and notes,
content types) and to check entities scrolled past, a few at a time in the ``preview`` pool, cached by
ETag.

Flags show as a badge over the row's icon (the worst severity), in the tooltip with a count
(:mod:`ensure_browser.ui.trees.flags`), and in the details pane. Keys the schema does not know are
shown with a question-mark icon and a brown name, and stay browsable.

:func:`~ensure_browser.ui.trees.domain_browser.register_domain_sources` wires all of it into the main
window; the context-menu actions (verify recordings, cross-links) live in
:mod:`ensure_browser.ui.trees.domain_actions`.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtGui import QIcon

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, StorageError
from ensure_browser.core.health.level_checks import PROBE_CAP, LevelCheck, LevelFacts, level_check
from ensure_browser.core.health.rules import DEFAULT_TEMP_MAX_AGE, check_content_type
from ensure_browser.core.health.stale_ocr import STALE_OCR, material_flag, ocr_state, stale_ocr_flag
from ensure_browser.core.s3.storage import ObjectStat, Storage
from ensure_browser.core.schema.classify import pattern_of
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.table import SECTIONS, UNRECOGNIZED, BucketNames
from ensure_browser.core.schema.tree import DomainNode, children_spec, map_entries, sections
from ensure_browser.ui import formats
from ensure_browser.ui.i18n import error_text, schema_label
from ensure_browser.ui.trees.flags import icons, replace_flags, update_tooltip, worst_severity
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Loader, LoadState, Node, TreeSource, flat_natural_key
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

log = logging.getLogger(__name__)

ORIGINAL_NAME_META = "original-filename"  # x-amz-meta-original-filename, as Storage.stat names it
NAMED_KINDS = frozenset({"material", "student_note"})  # rows shown by their original file name
ENTITY_PROBES = frozenset({"classroom", "meeting", "ocr_document", "upload"})  # checked when seen
MAX_INFLIGHT = 3  # stats / probes of visible rows running at once (the preview pool has 3 threads)
QUEUE_CAP = 128  # queued visible-row requests; older ones are dropped (asked again when painted)
JOBS = "domain_jobs"  # node.extra key: the visible-row jobs asked for this row
APPLY_SLICE = 0.005  # seconds of flag updates per event-loop turn
APPLY_CHECK = 256  # nodes looked at between two looks at the clock


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("", text, disambiguation, n)


def section_title(name: str) -> str:
    """The sidebar title of a section (translated)."""
    titles = {
        "classrooms": tr("Classrooms"),
        "students": tr("Students"),
        "meetings": tr("Meetings"),
        "exams": tr("Exams"),
        "ocr": tr("OCR documents"),
        "mlflow": tr("MLflow experiments"),
        "temp": tr("Temporary uploads"),
    }
    if name in titles:
        return titles[name]
    return next((s.label for s in SECTIONS if s.name == name), name)


# -- shared state -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatInfo:
    """What a stat of a visible row told (cached by ETag)."""

    etag: str
    content_type: str
    original_name: str


@dataclass
class Shared:
    """What the domain trees of one connection share: cross-link indexes and stat results."""

    storage: Storage
    names: BucketNames
    materials: dict[str, tuple[str, str]] = field(default_factory=dict)  # document id -> (bucket, key)
    ocr_documents: dict[str, bool] = field(default_factory=dict)  # document id -> has an OCR document
    ocr_stale: dict[str, str | None] = field(default_factory=dict)  # document id -> material key if OCR is older
    stats: OrderedDict[tuple[str, str], StatInfo] = field(default_factory=OrderedDict)
    stat_cap: int = 20_000
    stat_count: int = 0  # stats requested (for tests and the log)
    probe_count: int = 0

    def remember_stat(self, bucket: str, key: str, info: StatInfo) -> None:
        self.stats[(bucket, key)] = info
        self.stats.move_to_end((bucket, key))
        while len(self.stats) > self.stat_cap:
            self.stats.popitem(last=False)


@dataclass(frozen=True)
class _CheckNote:
    """A level check that could not finish (the message says why)."""

    message: str


@dataclass(frozen=True)
class _LevelDone:
    """The last "page" of a level's listing: what its worker found over the whole level."""

    check: LevelFacts | _CheckNote | None  # the level check's outcome (None: the level has none)
    unrecognized: int  # entries the schema does not explain


class DomainSource(TreeSource):
    """One section of the domain tree (e.g. Classrooms) as a lazy tree."""

    def __init__(
        self,
        storage: Storage,
        names: BucketNames,
        section: str,
        shared: Shared | None = None,
        *,
        page_size: int = 1000,
        clock: Callable[[], datetime] | None = None,
        temp_max_age: timedelta = DEFAULT_TEMP_MAX_AGE,
    ) -> None:
        self.storage = storage
        self.names = names
        found = [s for s in sections(names) if s.section == section]
        if not found:
            raise ValueError(f"Unknown section {section!r}.")
        self.section = found[0]
        self.section_title = section_title(section)
        self.shared = shared or Shared(storage, names)
        self.page_size = page_size
        self.clock = clock or (lambda: datetime.now(UTC))
        self.temp_max_age = temp_max_age
        self.model: LazyTreeModel | None = None
        self._done: dict[Node, _LevelDone] = {}
        self._kind_labels: dict[str, str] = {}
        self._queue: list[tuple[str, Node]] = []  # (job, node), newest last
        self._running: dict[tuple[str, int], TaskHandle] = {}  # (job, id(node)) -> task
        self._apply_queue: list[Iterator[list[Node]]] = []  # flag updates, a slice per turn

    # -- wiring ------------------------------------------------------------------------------------
    def attach(self, model: LazyTreeModel) -> None:
        """The model showing this source (needed to announce rows whose flags or names change)."""
        self.model = model

    def cancel(self) -> None:
        """Stop the visible-row work (queued and running)."""
        self._queue.clear()
        for handle in self._running.values():
            handle.cancel()

    def pending(self) -> int:
        """Visible-row jobs queued or running, and flags still being put on rows."""
        return len(self._queue) + len(self._running) + len(self._apply_queue)

    # -- TreeSource --------------------------------------------------------------------------------
    def roots(self) -> list[Node]:
        d = self.section
        node = Node(label=self.section_title, kind=d.kind, kind_label=tr("Section"), bucket=d.bucket,
                    key=d.key, is_container=True, payload=d, icon=icons().for_node(d))
        node.extras()["info_lines"] = [tr("{0} in the bucket {1}").format(self.section_title, d.bucket)]
        update_tooltip(node)
        return [node]

    def loader(self, node: Node) -> Loader | None:
        d = node.payload
        if not isinstance(d, DomainNode):
            return None
        spec = children_spec(d)
        if spec is None:
            return None
        self._done.pop(node, None)
        check = level_check(d, names=self.names, now=self.clock(), temp_max_age=self.temp_max_age)
        storage, page_size = self.storage, self.page_size

        def run(token: CancelToken) -> Iterator[list[Any]]:
            unrecognized = 0
            for page in storage.list_level(spec.bucket, spec.prefix, page_size=page_size, cancel=token):
                mapped = map_entries(d, page)
                unrecognized += sum(1 for m in mapped if m.kind == UNRECOGNIZED)
                if check is not None:
                    check.add(page, mapped)
                yield list(mapped)
            # the last "page": what finished() needs, worked out here rather than on the GUI thread
            yield [_LevelDone(None if check is None else _finish_check(check, storage, token), unrecognized)]

        return run

    def row_keys(self, node: Node, page: list[Any]) -> list[str]:
        return [_sort_key(d) for d in page if isinstance(d, DomainNode)]

    def node_key(self, node: Node) -> str:
        d = node.payload
        return _sort_key(d) if isinstance(d, DomainNode) else super().node_key(node)

    def make_children(self, node: Node, page: list[Any]) -> list[Node]:
        out = []
        for item in page:
            if isinstance(item, DomainNode):
                out.append(self._row_node(item))
            elif isinstance(item, _LevelDone):
                self._done[node] = item
        return out

    def finished(self, node: Node) -> None:
        done = self._done.pop(node, None)
        d = node.payload
        if done is None or not isinstance(d, DomainNode):
            return
        own: list[Flag] = []
        if done.unrecognized:
            own.append(Flag("unrecognized_entries", "info",
                            tr("%n entries here do not fit the storage schema; they are shown as stored.", None,
                                 done.unrecognized), d.bucket, d.key))
        if isinstance(done.check, _CheckNote):
            own.append(Flag("check_incomplete", "info", done.check.message, d.bucket, d.key))
        elif isinstance(done.check, LevelFacts):
            self.apply_facts(done.check, node)
        if replace_flags(node, {"unrecognized_entries", "check_incomplete"}, own):
            self._announce([node])

    def decoration(self, node: Node) -> QIcon | None:
        severity = worst_severity(node.flags)
        if severity is None:
            return node.icon
        return icons().badged(node.icon, severity)

    # -- rows --------------------------------------------------------------------------------------
    def _kind_label(self, d: DomainNode) -> str:
        label = self._kind_labels.get(d.kind_label)
        if label is None:
            label = self._kind_labels[d.kind_label] = schema_label(d.kind_label)
        return label

    def _row_node(self, d: DomainNode) -> Node:
        node = Node(label=d.label, kind=d.kind, kind_label=self._kind_label(d), bucket=d.bucket, key=d.key,
                    size=None if d.is_container else d.size, modified=d.last_modified,
                    is_container=d.is_container, payload=d, icon=icons().for_node(d))
        if not d.recognized:
            update_tooltip(node)
        if d.kind == "material":
            doc = str(d.ids.get("document_id", ""))
            self.shared.materials[doc] = (d.bucket, d.key)
        elif d.kind == "ocr_document":
            doc = str(d.ids.get("document_id", ""))
            self.shared.ocr_documents[doc] = True
            material = self.shared.ocr_stale.get(doc)
            if material:
                replace_flags(node, {STALE_OCR}, [stale_ocr_flag(d.bucket, doc, material, None)])
        if not d.is_container and d.etag:
            info = self.shared.stats.get((d.bucket, d.key))
            if info is not None and info.etag == d.etag:
                self._apply_stat(node, info)
        return node

    def _announce(self, nodes: Iterable[Node]) -> None:
        """Tell the views about rows whose flags, icon or label changed: one range of objects per
        parent (the contents table), and containers one by one (the navigator follows single rows)."""
        model = self.model
        if model is None:
            return
        last_column = model.columnCount() - 1
        by_parent: dict[int, tuple[Node, int, int]] = {}
        for node in nodes:
            parent = node.parent
            if parent is None or (parent is not model.root and parent.parent is None):
                continue  # dropped by a refresh meanwhile
            if node.is_container:
                model.dataChanged.emit(model.index_of(node, 0), model.index_of(node, last_column))
                continue
            row = node.row()
            first, last = by_parent.get(id(parent), (parent, row, row))[1:]
            by_parent[id(parent)] = (parent, min(first, row), max(last, row))
        for parent, first, last in by_parent.values():
            pidx = model.index_of(parent)
            model.dataChanged.emit(model.index(first, 0, pidx), model.index(last, last_column, pidx))

    # -- flags -------------------------------------------------------------------------------------
    def apply_facts(self, facts: LevelFacts, near: Node) -> None:
        """Put ``facts`` on the loaded nodes of their entity (found at or above ``near``).

        The flags were worked out in a worker; putting them on the rows is time-sliced here (about
        :data:`APPLY_SLICE` per event-loop turn), so a level of 20,000 flagged rows never freezes
        the window. Rows whose flags changed are announced once per slice, as ranges.
        """
        entity = near
        cur: Node | None = near
        while cur is not None:
            if cur.bucket == facts.bucket and cur.key == facts.scope:
                entity = cur
                break
            cur = cur.parent
        self._apply_queue.append(_apply_walk(facts, entity))
        if len(self._apply_queue) == 1:
            self._apply_step()

    def _apply_step(self) -> None:
        deadline = time.perf_counter() + APPLY_SLICE
        changed: list[Node] = []
        while self._apply_queue and time.perf_counter() < deadline:
            part = next(self._apply_queue[0], None)
            if part is None:
                self._apply_queue.pop(0)
            else:
                changed.extend(part)
        self._announce(changed)
        if self._apply_queue:
            QTimer.singleShot(0, self._apply_step)

    # -- visible rows ------------------------------------------------------------------------------
    def visible(self, nodes: Iterable[Node]) -> None:
        """Rows now on screen: stat objects (names, content types) and check entities not yet seen."""
        for node in nodes:
            d = node.payload
            if not isinstance(d, DomainNode) or not d.recognized:
                continue
            if node.parent is not None and node.parent.state is LoadState.LOADING:
                continue  # asked once the level is in: a big level loads faster without competition
            if not d.is_container:
                if pattern_of(d.kind).content_types or d.kind in NAMED_KINDS:
                    self._request("stat", node)
            elif d.is_entity and d.kind in ENTITY_PROBES and node.state is LoadState.IDLE:
                self._request("probe", node)

    def _request(self, job: str, node: Node) -> None:
        asked = node.extras().setdefault(JOBS, set())  # dies with the row (a refresh makes new rows)
        if job in asked:
            return
        asked.add(job)
        self._queue.append((job, node))
        if len(self._queue) > QUEUE_CAP:
            old_job, old = self._queue.pop(0)
            old.extra.get(JOBS, set()).discard(old_job)  # asked again when painted again
        self._pump()

    def _pump(self) -> None:
        while self._queue and len(self._running) < MAX_INFLIGHT:
            job, node = self._queue.pop()  # newest first: what the user looks at now
            if job == "stat":
                self._start_stat(node)
            else:
                self._start_probe(node)

    def _start_stat(self, node: Node) -> None:
        d = node.payload
        assert isinstance(d, DomainNode)
        storage, shared = self.storage, self.shared
        doc = str(d.ids.get("document_id", "")) if d.kind == "material" else ""
        check_ocr = bool(doc) and doc not in shared.ocr_stale
        ocr_bucket = self.names.ocr
        shared.stat_count += 1
        ident = ("stat", id(node))

        def work(ctx: TaskContext) -> tuple[ObjectStat, tuple[bool, bool] | None]:
            st = storage.stat(d.bucket, d.key)
            ocr = None
            if check_ocr:
                ctx.check()
                try:
                    ocr = ocr_state(storage, ocr_bucket, doc, st.last_modified, ctx.token)
                except StorageError as err:
                    if isinstance(err, Cancelled):
                        raise
                    log.info("OCR document of %s not checked: %s", doc, err.message)
            return st, ocr

        def done(result: tuple[ObjectStat, tuple[bool, bool] | None]) -> None:
            self._running.pop(ident, None)
            st, ocr = result
            if ocr is not None:
                shared.ocr_documents[doc] = ocr[0]
                shared.ocr_stale[doc] = d.key if ocr[1] else None
            info = StatInfo(st.etag, st.content_type, st.metadata.get(ORIGINAL_NAME_META, ""))
            shared.remember_stat(d.bucket, d.key, info)
            self._apply_stat(node, info)
            self._announce([node])
            self._pump()

        self._run(node, ident, work, done, name=f"stat {d.bucket}/{d.key}")

    def _start_probe(self, node: Node) -> None:
        d = node.payload
        assert isinstance(d, DomainNode)
        check = level_check(d, cap=PROBE_CAP, names=self.names, now=self.clock(), temp_max_age=self.temp_max_age)
        if check is None:
            return
        storage = self.storage
        self.shared.probe_count += 1
        ident = ("probe", id(node))

        def work(ctx: TaskContext) -> LevelFacts | _CheckNote:
            return _finish_check(check, storage, ctx.token)

        def done(result: LevelFacts | _CheckNote) -> None:
            self._running.pop(ident, None)
            if isinstance(result, LevelFacts) and node.state is LoadState.IDLE:
                self.apply_facts(result, node)  # an opened entity has checked itself meanwhile
            elif isinstance(result, _CheckNote):
                log.info("%s not checked: %s", d.key, result.message)
            self._pump()

        self._run(node, ident, work, done, name=f"check {d.bucket}/{d.key}")

    def _run(self, node: Node, ident: tuple[str, int], work: Callable[[TaskContext], Any],
             done: Callable[[Any], None], name: str) -> None:
        def failed(exc: BaseException) -> None:
            self._running.pop(ident, None)
            log.info("%s failed: %s", name, getattr(exc, "message", None) or exc)
            self._pump()

        def cancelled() -> None:
            self._running.pop(ident, None)
            node.extra.get(JOBS, set()).discard(ident[0])

        self._running[ident] = workers().run(
            "preview", work, on_done=done, on_error=failed, on_cancelled=cancelled, owner=self.model,
            name=name,
        )

    def _apply_stat(self, node: Node, info: StatInfo) -> None:
        d = node.payload
        assert isinstance(d, DomainNode)
        extras = node.extras()
        extras["content_type"] = info.content_type
        lines = []
        doc = str(d.ids.get("document_id", "")) if d.kind == "material" else ""
        if d.kind in NAMED_KINDS and info.original_name:
            node.label = info.original_name
            extras["original_name"] = info.original_name
            lines.append(tr("Stored as {0}").format(d.label))
        if doc:
            lines.insert(0, tr("Document id: {0}").format(doc))
            has_ocr = self.shared.ocr_documents.get(doc)
            if has_ocr is not None:
                lines.append(tr("OCR document: {0}").format(tr("yes") if has_ocr else tr("none")))
        extras["info_lines"] = lines
        flag = check_content_type(d.bucket, d.key, info.content_type, self.names)
        flags = [flag] if flag else []
        if doc and self.shared.ocr_stale.get(doc):
            flags.append(material_flag(d.bucket, d.key, self.names.ocr, doc))
        if not replace_flags(node, {"wrong_content_type", STALE_OCR}, flags):
            update_tooltip(node)


_key_prefixes: dict[tuple[str, bool, bool, int], str] = {}


def _sort_key(d: DomainNode) -> str:
    """:attr:`DomainNode.sort_key` as one string (strings compare in C: sorting 100,000 rows stays
    fast). Its tier and order depend only on the node's kind, shape and order; they are worked out
    once per kind, not per row (the tuple key's natural-order parts are the costly part)."""
    shape = (d.kind, d.is_container, d.is_entity, d.order)
    prefix = _key_prefixes.get(shape)
    if prefix is None:
        tier, order, _name = d.sort_key
        prefix = _key_prefixes[shape] = f"{tier:02d}{order:06d}"
    return prefix + flat_natural_key(d.label)


def _apply_walk(facts: LevelFacts, entity: Node) -> Iterator[list[Node]]:
    """Put ``facts`` on ``entity`` and the loaded nodes below it, yielding the nodes whose flags
    changed after every :data:`APPLY_CHECK` nodes looked at (so the caller can stop on time)."""
    flags, scope, bucket, codes = facts.flags, facts.scope, facts.bucket, facts.codes
    stack = [entity]
    changed: list[Node] = []
    seen = 0
    while stack:
        n = stack.pop()
        if n.children:
            stack.extend(n.children)
        key = n.key
        if (key is not None and n.bucket == bucket and key.startswith(scope) and (n.flags or key in flags)
                and replace_flags(n, codes, flags.get(key, ()))):
            changed.append(n)
        seen += 1
        if seen % APPLY_CHECK == 0:
            yield changed
            changed = []
    yield changed


def _finish_check(check: LevelCheck, storage: Storage, token: CancelToken) -> LevelFacts | _CheckNote:
    """Run ``check``'s extra listings (worker thread). A failure, or a listing past the cap (whose
    pairs would be wrong), becomes a note instead of facts; the level itself still loads."""
    try:
        facts = check.finish(storage, token)
    except Cancelled:
        raise
    except StorageError as err:
        return _CheckNote(tr("The consistency check of this level could not finish: {0}").format(error_text(err)))
    if check.incomplete:
        return _CheckNote(tr("Not checked for consistency: more than {0} objects to compare.").format(
            formats.count(check.cap)))
    return facts


def domain_model(source: DomainSource, parent: QObject | None = None) -> LazyTreeModel:
    """A tree model over ``source`` (attached), for use outside a main window."""
    model = LazyTreeModel(source, parent, page_size=source.page_size)
    source.attach(model)
    return model


__all__ = [
    "DomainSource",
    "Shared",
    "StatInfo",
    "domain_model",
    "section_title",
]
