"""The domain trees: Classrooms, Students, Meetings, Exams, OCR documents, MLflow experiments and
Temporary uploads, mapped from the prefix layout.

A :class:`DomainSource` adapts :mod:`ensure_browser.core.schema.layout`'s domain tree to the lazy tree
model: each level is one paged ``list_level`` (:func:`~ensure_browser.core.schema.layout.children_spec`)
run in the ``listing`` pool, mapped to domain nodes there too
(:func:`~ensure_browser.core.schema.layout.map_entries`), so the GUI thread only makes rows. Levels whose
consistency rule needs more than their own listing (a classroom's materials and thumbnails, a
meeting's chunks and processed audio, an OCR document's pages and JSON, temporary uploads) also run
a :func:`~ensure_browser.core.health.level_checks.level_check` in the same worker; :meth:`finished`
spreads its flags over the rows, folders and entity concerned.

Only the rows on screen cost more: :class:`VisibleRows` watches the view's viewport and asks the
source to stat them (original file names of materials and notes, content types) and to check
entities scrolled past, a few at a time in the ``preview`` pool, cached by ETag.

Flags show as a badge over the row's icon (the worst severity), in the tooltip with a count, and in
the details pane. Keys the schema does not know are shown with a question-mark icon and a brown
name, and stay browsable.

:func:`register_domain_sources` wires all of it into a :class:`~ensure_browser.ui.main_window.MainWindow`;
the context-menu actions (verify recordings, cross-links) live in
:mod:`ensure_browser.ui.trees.domain_actions`.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QPoint, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QApplication, QStyle, QTableView, QTreeView

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import Cancelled, StorageError
from ensure_browser.core.health.level_checks import PROBE_CAP, LevelCheck, LevelFacts, has_ocr_document, level_check
from ensure_browser.core.health.rules import DEFAULT_TEMP_MAX_AGE, check_content_type
from ensure_browser.core.s3.storage import ObjectStat, Storage
from ensure_browser.core.schema.classify import pattern_of
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.table import SECTIONS, UNRECOGNIZED, BucketNames
from ensure_browser.core.schema.tree import DomainNode, children_spec, map_entries, sections
from ensure_browser.core.severity import count, rank, worst
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Loader, LoadState, Node, TreeSource, flat_natural_key
from ensure_browser.ui.workers import TaskContext, TaskHandle, workers

if TYPE_CHECKING:
    from ensure_browser.ui.main_window import Connection, MainWindow
    from ensure_browser.ui.trees.tree_panel import TreePanel

log = logging.getLogger(__name__)

ORIGINAL_NAME_META = "original-filename"  # x-amz-meta-original-filename, as Storage.stat names it
NAMED_KINDS = frozenset({"material", "student_note"})  # rows shown by their original file name
ENTITY_PROBES = frozenset({"classroom", "meeting", "ocr_document", "upload"})  # checked when seen
MAX_INFLIGHT = 3  # stats / probes of visible rows running at once (the preview pool has 3 threads)
QUEUE_CAP = 128  # queued visible-row requests; older ones are dropped (asked again when painted)
JOBS = "domain_jobs"  # node.extra key: the visible-row jobs asked for this row
SCAN_ROWS = 300  # rows looked at per viewport scan
APPLY_SLICE = 0.005  # seconds of flag updates per event-loop turn
APPLY_CHECK = 256  # nodes looked at between two looks at the clock


def tr(text: str) -> str:
    return QCoreApplication.translate("DomainSources", text)


def tr_n(text: str, n: int) -> str:
    return QCoreApplication.translate("DomainSources", text, None, n)


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
    return next((tr(s.label) for s in SECTIONS if s.name == name), name)


def _schema_label(text: str) -> str:
    """A kind label from the schema table, through the translator."""
    return QCoreApplication.translate("Schema", text)


def severity_text(severity: str) -> str:
    texts: dict[str, str] = {"critical": tr("critical"), "warning": tr("warning"), "info": tr("note")}
    return texts.get(severity, severity)


def worst_severity(flags: Iterable[Any]) -> str | None:
    """The most serious severity among ``flags`` (a flag without one counts as a warning)."""
    return worst(str(getattr(f, "severity", "warning")) for f in flags)


# -- icons ------------------------------------------------------------------------------------------------

_VIDEO_KINDS = frozenset({"meeting_raw", "meeting_chunk", "exam_recording"})
_AUDIO_KINDS = frozenset({"meeting_audio"})
_IMAGE_KINDS = frozenset({"thumbnail", "ocr_page_image"})
_BADGES = {
    "critical": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}
_ICON_SIZES = (16, 20, 24, 32, 48)


class Icons:
    """Standard style icons per kind of row, and the same with a severity badge (cached)."""

    def __init__(self, badge_cache: int = 2000) -> None:
        self._kinds: dict[str, QIcon] = {}
        self._badged: OrderedDict[tuple[int, str], QIcon] = OrderedDict()
        self._cap = badge_cache

    def _standard(self, which: QStyle.StandardPixmap) -> QIcon:
        return QApplication.style().standardIcon(which)

    def for_node(self, d: DomainNode) -> QIcon:
        if not d.recognized:
            name, which = "unrecognized", QStyle.StandardPixmap.SP_MessageBoxQuestion
        elif d.kind == "section":
            name, which = "section", QStyle.StandardPixmap.SP_DriveNetIcon
        elif d.is_container:
            name, which = "dir", QStyle.StandardPixmap.SP_DirIcon
        elif d.kind in _VIDEO_KINDS:
            name, which = "video", QStyle.StandardPixmap.SP_MediaPlay
        elif d.kind in _AUDIO_KINDS:
            name, which = "audio", QStyle.StandardPixmap.SP_MediaVolume
        elif d.kind in _IMAGE_KINDS:
            name, which = "image", QStyle.StandardPixmap.SP_FileDialogContentsView
        else:
            name, which = "file", QStyle.StandardPixmap.SP_FileIcon
        icon = self._kinds.get(name)
        if icon is None:
            icon = self._kinds[name] = self._standard(which)
        return icon

    def badged(self, base: QIcon | None, severity: str) -> QIcon:
        """``base`` with the ``severity`` icon painted over its lower right quarter."""
        base_key = base.cacheKey() if base is not None else 0
        cached = self._badged.get((base_key, severity))
        if cached is not None:
            self._badged.move_to_end((base_key, severity))
            return cached
        badge = self._standard(_BADGES.get(severity, _BADGES["warning"]))
        icon = QIcon()
        for size in _ICON_SIZES:
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            if base is not None and not base.isNull():
                base.paint(painter, QRect(0, 0, size, size))
            side = max(10, size * 3 // 4)
            rect = QRect(size - side, size - side, side, side)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(255, 255, 255, 210))  # a halo, so the badge reads on any icon
            painter.drawEllipse(rect)
            badge.paint(painter, rect.adjusted(1, 1, -1, -1))
            painter.end()
            icon.addPixmap(pixmap)
        self._badged[(base_key, severity)] = icon
        while len(self._badged) > self._cap:
            self._badged.popitem(last=False)
        return icon


_icons: Icons | None = None


def icons() -> Icons:
    global _icons
    if _icons is None:
        _icons = Icons()
    return _icons


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
                            tr_n("%n entries here do not fit the storage schema; they are shown as stored.",
                                 done.unrecognized), d.bucket, d.key))
        if isinstance(done.check, _CheckNote):
            own.append(Flag("check_incomplete", "info", done.check.message, d.bucket, d.key))
        elif isinstance(done.check, LevelFacts):
            self.apply_facts(done.check, node)
        if _replace_flags(node, {"unrecognized_entries", "check_incomplete"}, own):
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
            label = self._kind_labels[d.kind_label] = _schema_label(d.kind_label)
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
            self.shared.ocr_documents[str(d.ids.get("document_id", ""))] = True
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
        check_ocr = bool(doc) and doc not in shared.ocr_documents
        ocr_bucket = self.names.ocr
        shared.stat_count += 1
        ident = ("stat", id(node))

        def work(ctx: TaskContext) -> tuple[ObjectStat, bool | None]:
            st = storage.stat(d.bucket, d.key)
            has_ocr = None
            if check_ocr:
                ctx.check()
                try:
                    has_ocr = has_ocr_document(storage, ocr_bucket, doc, ctx.token)
                except StorageError as err:
                    if isinstance(err, Cancelled):
                        raise
                    log.info("OCR document of %s not checked: %s", doc, err.message)
            return st, has_ocr

        def done(result: tuple[ObjectStat, bool | None]) -> None:
            self._running.pop(ident, None)
            st, has_ocr = result
            if has_ocr is not None:
                shared.ocr_documents[doc] = has_ocr
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
        if d.kind in NAMED_KINDS and info.original_name:
            node.label = info.original_name
            extras["original_name"] = info.original_name
            lines.append(tr("Stored as {0}").format(d.label))
        if d.kind == "material":
            doc = str(d.ids.get("document_id", ""))
            lines.insert(0, tr("Document id: {0}").format(doc))
            has_ocr = self.shared.ocr_documents.get(doc)
            if has_ocr is not None:
                lines.append(tr("OCR document: {0}").format(tr("yes") if has_ocr else tr("none")))
        extras["info_lines"] = lines
        flag = check_content_type(d.bucket, d.key, info.content_type, self.names)
        if not _replace_flags(node, {"wrong_content_type"}, [flag] if flag else []):
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
                and _replace_flags(n, codes, flags.get(key, ()))):
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
        return _CheckNote(tr("The consistency check of this level could not finish: {0}").format(err.message))
    if check.incomplete:
        return _CheckNote(tr("Not checked for consistency: more than {0} objects to compare.").format(
            f"{check.cap:,}"))
    return facts


def _replace_flags(node: Node, codes: Iterable[str], new: Iterable[Any]) -> bool:
    """Replace ``node``'s flags of ``codes`` with ``new``; True (and the tooltip redone) if changed."""
    if not node.flags:  # the common case: a fresh row
        node.flags = list(new)
        if not node.flags:
            return False
        update_tooltip(node)
        return True
    codes = set(codes)
    kept = [f for f in node.flags if getattr(f, "code", None) not in codes]
    flags = kept + list(new)
    flags.sort(key=lambda f: (rank(str(getattr(f, "severity", "warning"))), getattr(f, "message", "")))
    if flags == node.flags:
        return False
    node.flags = flags
    update_tooltip(node)
    return True


_count_lines: dict[tuple[str, ...], str] = {}


def _count_line(flags: Iterable[Any]) -> str:
    """"2 problem(s) found (1 critical, 1 warning)" (cached by the severities)."""
    signature = tuple(sorted((str(getattr(f, "severity", "warning")) for f in flags), key=rank))
    line = _count_lines.get(signature)
    if line is None:
        detail = ", ".join(f"{n} {severity_text(sev)}" for sev, n in count(signature).items() if n)
        line = _count_lines[signature] = tr_n("%n problem(s) found", len(signature)) + f" ({detail})"
    return line


def update_tooltip(node: Node) -> None:
    """Rebuild the row's own tooltip lines: what it is, then how many problems it has (the model
    lists the flags themselves below)."""
    lines: list[str] = []
    d = node.payload
    if isinstance(d, DomainNode) and not d.recognized:
        lines.append(tr("Not part of the storage schema; shown as stored."))
    info = node.extra.get("info_lines")
    if info:
        lines.extend(info)
    if node.flags:
        lines.append(_count_line(node.flags))
    node.tooltip = "\n".join(lines)


# -- visible rows -----------------------------------------------------------------------------------------


class VisibleRows(QObject):
    """Tells the domain source shown in a view which of its rows are on screen, after paints and
    scrolls (throttled), so only those rows are stat'ed or checked. Works for the navigator tree
    (over a model with ``source`` and ``node()``, e.g. the navigator model) and the contents table."""

    def __init__(self, view: QAbstractItemView, interval_ms: int = 60) -> None:
        super().__init__(view)
        self.view = view
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.scan)
        view.viewport().installEventFilter(self)
        view.verticalScrollBar().valueChanged.connect(self._schedule)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Paint, QEvent.Type.Resize):
            self._schedule()
        return False

    def _schedule(self, *_args: object) -> None:
        if not self.timer.isActive():
            self.timer.start()

    def _lazy_model(self) -> LazyTreeModel | None:
        model = self.view.model()
        if isinstance(model, LazyTreeModel):
            return model
        source = getattr(model, "source", None)
        return source if isinstance(source, LazyTreeModel) else None

    def visible_nodes(self) -> list[Node]:
        """The rows currently inside the viewport, top to bottom."""
        model = self.view.model()
        node_of = getattr(model, "node", None)
        if model is None or node_of is None:
            return []
        height = self.view.viewport().height()
        out: list[Node] = []
        if isinstance(self.view, QTreeView):
            # indexAt needs a point inside some column; any column of the row will do
            x = min(max(0, self.view.header().sectionViewportPosition(0)) + 1,
                    max(0, self.view.viewport().width() - 1))
            index = self.view.indexAt(QPoint(x, 1))
            while index.isValid() and len(out) < SCAN_ROWS:
                if self.view.visualRect(index).top() > height:
                    break
                out.append(node_of(index.siblingAtColumn(0)))
                index = self.view.indexBelow(index)
        elif isinstance(self.view, QTableView):
            root = self.view.rootIndex()
            first = self.view.rowAt(0)
            if first < 0:
                return out
            last = self.view.rowAt(height - 1)
            last = model.rowCount(root) - 1 if last < 0 else last
            for row in range(first, min(last, first + SCAN_ROWS - 1) + 1):
                if not self.view.isRowHidden(row):
                    out.append(node_of(model.index(row, 0, root)))
        return out

    def scan(self) -> None:
        model = self._lazy_model()
        if model is not None and isinstance(model.source, DomainSource):
            model.source.visible(self.visible_nodes())


def watch_visible_rows(panel: TreePanel) -> list[VisibleRows]:
    """Watch both views of a tree panel (navigator and contents) for rows on screen."""
    return [VisibleRows(panel.view), VisibleRows(panel.contents)]


# -- registration -----------------------------------------------------------------------------------------


class DomainBrowser(QObject):
    """The domain trees of one main window: sources per connection, visible-row work, actions."""

    def __init__(self, window: MainWindow, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__(window)
        from ensure_browser.ui.trees.domain_actions import DomainActions

        self.window = window
        self.clock = clock
        self.shared: Shared | None = None
        self.sources: dict[str, DomainSource] = {}  # section name -> source of this connection
        self.visible_rows = watch_visible_rows(window.tree_panel)
        self.actions = DomainActions(self)
        window.sidebar.currentRowChanged.connect(self._expand_root)
        window.close_hooks.append(self.close)

    def close(self) -> None:
        """Stop the visible-row work of every tree (the window is closing)."""
        for source in self.sources.values():
            source.cancel()

    def factory(self, section: str) -> Callable[[Connection], TreeSource]:
        def make(connection: Connection) -> TreeSource:
            assert connection.storage is not None
            if self.shared is None or self.shared.storage is not connection.storage:
                for old in self.sources.values():
                    old.cancel()
                self.sources.clear()
                self.shared = Shared(connection.storage, connection.names)
            source = DomainSource(connection.storage, connection.names, section, self.shared,
                                  clock=self.clock)
            self.sources[section] = source
            return source

        return make

    def on_model(self, model: LazyTreeModel, _window: MainWindow) -> None:
        if isinstance(model.source, DomainSource):
            model.source.attach(model)

    def _expand_root(self, _row: int) -> None:
        """Open the section of a domain tree when it is shown (its root alone says little)."""
        model, panel = self.window.current_model(), self.window.tree_panel
        if model is None or not isinstance(model.source, DomainSource) or not model.root.children:
            return
        root = model.root.children[0]
        panel.select_node(root)  # lists it, and shows its entries in the contents
        if panel.nav is not None:
            panel.view.expand(panel.nav.index_of(root))

    def source_of(self, node: Node) -> DomainSource | None:
        d = node.payload
        if isinstance(d, DomainNode):
            return self.sources.get(d.section)
        return None

    def model_of(self, section: str) -> LazyTreeModel:
        return self.window.model_for(section_title(section))


def register_domain_sources(window: MainWindow, clock: Callable[[], datetime] | None = None) -> DomainBrowser:
    """Add the seven domain trees to ``window`` (before the Raw view), their context-menu actions
    and visible-row work. ``clock`` (for tests) tells the time temporary uploads are aged against."""
    browser = DomainBrowser(window, clock)
    for s in SECTIONS:
        window.add_source_factory(section_title(s.name), browser.factory(s.name))
    window.model_hooks.append(browser.on_model)
    window.context_menu_providers.append(browser.actions.context_menu)
    return browser


def domain_model(source: DomainSource, parent: QObject | None = None) -> LazyTreeModel:
    """A tree model over ``source`` (attached), for use outside a main window."""
    model = LazyTreeModel(source, parent, page_size=source.page_size)
    source.attach(model)
    return model


__all__ = [
    "DomainBrowser",
    "DomainSource",
    "Icons",
    "Shared",
    "StatInfo",
    "VisibleRows",
    "domain_model",
    "register_domain_sources",
    "section_title",
    "update_tooltip",
    "watch_visible_rows",
    "worst_severity",
]
