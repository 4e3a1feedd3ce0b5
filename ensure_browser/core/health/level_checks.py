"""Consistency checks of domain-tree levels, run in the worker that lists a level. No Qt here.

Some of the rules of :mod:`~ensure_browser.core.health.rules` need more than the one level being listed: a
classroom's materials pair with its thumbnails (two listings), a meeting's chunk gaps and its
processed audio live in two sub-levels, an OCR document's page images pair with its JSON, and a
temporary upload ages by the newest object anywhere below it. :func:`level_check` returns a
:class:`LevelCheck` for the levels that have such a rule; it takes the level's own pages as they
are listed (:meth:`LevelCheck.add`) and then makes the missing listings (:meth:`LevelCheck.finish`),
returning :class:`LevelFacts`: the flags of every node of the entity concerned (rows, folders, the
entity itself, with findings bubbled up as summaries), which the GUI distributes.

:func:`recording_heads` / :func:`recording_facts` back "Verify recordings": the first four bytes of
each chunk and raw recording of a meeting, compared with the WebM (EBML) magic.
"""

from __future__ import annotations

import heapq
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from operator import attrgetter

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import StorageError
from ensure_browser.core.health.rules import (
    DEFAULT_TEMP_MAX_AGE,
    ChunkSet,
    OcrPages,
    TempUploads,
    ThumbnailPairs,
    meeting_audio_flag,
)
from ensure_browser.core.s3.storage import ObjectInfo, Storage
from ensure_browser.core.schema.classify import Classification, classify, key_for
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.schema.tree import DomainNode, ListingEntry
from ensure_browser.core.severity import Severity, rank
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

__all__ = [
    "CHECK_CAP",
    "EBML_MAGIC",
    "PROBE_CAP",
    "LevelCheck",
    "LevelFacts",
    "RecordingHead",
    "find_material",
    "has_ocr_document",
    "level_check",
    "meeting_recordings",
    "ocr_document_prefix",
    "read_head",
    "recording_facts",
]

CHECK_CAP = 100_000  # objects an extra listing of one check reads at most
PROBE_CAP = 5_000  # the same for checks of entities merely scrolled past (not opened)
_PARTITIONS = 64  # see _ThumbnailCheck
BUBBLE_LIMIT = 3  # up to this many findings are copied to the parents as they are; more are summed up
EBML_MAGIC = b"\x1a\x45\xdf\xa3"  # every WebM (Matroska) file starts with this EBML header id

# How findings are summed up on the folder and entity above them ("{n}" = how many).
_SUMMARIES = {
    # {0}: how many; {1}: the extra argument (a temporary upload's maximum age in hours)
    "material_without_thumbnail": QT_TR_NOOP("{0} materials have no thumbnail"),
    "thumbnail_without_material": QT_TR_NOOP("{0} thumbnails have no material"),
    "empty_chunk": QT_TR_NOOP("{0} chunks are empty (0 bytes)"),
    "stale_temp_upload": QT_TR_NOOP("{0} temporary uploads are older than {1} hours"),
    "ocr_page_without_json": QT_TR_NOOP("{0} page images have no JSON"),
    "ocr_json_without_page": QT_TR_NOOP("{0} JSON files have no page image"),
    "not_webm": QT_TR_NOOP("{0} recordings do not start like a WebM file"),
    "recording_unreadable": QT_TR_NOOP("{0} recordings could not be read"),
}


@dataclass(frozen=True)
class LevelFacts:
    """Flags found for the nodes of one entity (a classroom, a meeting, an OCR document, uploads).

    ``scope`` is the entity's prefix: for every node at or below it, the flags whose code is in
    ``codes`` are replaced by ``flags.get(node.key, ())`` (nodes not named are clean).
    """

    bucket: str
    scope: str
    codes: frozenset[str]
    flags: dict[str, tuple[Flag, ...]] = field(default_factory=dict)


class _Capped(Exception):
    """An extra listing reached the cap."""


def _dir_of(key: str) -> str:
    """``a/b/c.pdf`` -> ``a/b/``."""
    return key.rsplit("/", 1)[0] + "/"


def _common_dir(a: str, b: str) -> str:
    """The deepest directory prefix shared by two directory prefixes."""
    out = []
    for x, y in zip(a.split("/"), b.split("/"), strict=False):
        if x != y:
            break
        out.append(x + "/")
    return "".join(out)


def _flag_order(flag: Flag) -> tuple[int, str]:
    """Most severe first, then by message (the flags of one node share bucket and key)."""
    return rank(flag.severity), flag.message


def _worst(flags: Iterable[Flag]) -> Severity:
    return min((f.severity for f in flags), key=rank, default="info")


def _name(key: str) -> str:
    return key.rstrip("/").rsplit("/", 1)[-1]


def summarize(code: str, flags: Sequence[Flag], bucket: str, target: str, *fmt: object) -> list[Flag]:
    """The flags to show on a folder or entity above ``flags`` (all of one ``code``): themselves
    when few, else one summary naming the first few."""
    if len(flags) <= BUBBLE_LIMIT:
        return list(flags)
    # the first few in natural order; past a thousand by plain key order (cheap: no sort holding the GIL)
    order = (lambda f: natural_key(f.key)) if len(flags) <= 1000 else attrgetter("key")
    first = heapq.nsmallest(5, flags, key=order)
    names = [_name(f.key) for f in flags]
    shown = ", ".join(_name(f.key) for f in first)
    if len(names) > 5:
        shown = Text(QT_TR_NOOP("{0}, … ({1} more)"), shown, len(names) - 5)
    text = Text(_SUMMARIES.get(code, QT_TR_NOOP("{0} problems of the same kind")), len(flags), *fmt)
    return [Flag(code, _worst(flags), Text(QT_TR_NOOP("{0}: {1}."), text, shown), bucket, target,
                 items=tuple(names))]


class _FactsBuilder:
    def __init__(self, bucket: str, scope: str, codes: Iterable[str]) -> None:
        self.bucket = bucket
        self.scope = scope
        self.codes = frozenset(codes)
        self.flags: dict[str, list[Flag]] = {}

    def add(self, key: str, *flags: Flag) -> None:
        if flags:
            self.flags.setdefault(key, []).extend(flags)

    def bubble(self, code: str, flags: Sequence[Flag], *targets: str, hours: str | None = None) -> None:
        """Add ``flags`` (of ``code``) to each of ``targets`` (folders / the entity above them)."""
        if not flags:
            return
        for target in targets:
            self.add(target, *summarize(code, flags, self.bucket, target, *([hours] if hours else [])))

    def build(self) -> LevelFacts:
        return LevelFacts(self.bucket, self.scope, self.codes,
                          {k: tuple(sorted(v, key=_flag_order) if len(v) > 1 else v) for k, v in self.flags.items()})


class LevelCheck:
    """The extra work one level's rule needs: fed the level's own listing, then :meth:`finish`."""

    codes: frozenset[str] = frozenset()

    def __init__(self, node: DomainNode, cap: int = CHECK_CAP) -> None:
        self.node = node
        self.bucket = node.bucket
        self.cap = cap
        self.incomplete = False

    def add(self, entries: Iterable[ListingEntry], mapped: Sequence[DomainNode] | None = None) -> None:
        """Take one page of the level's own listing (called in the worker, page by page);
        ``mapped`` is the same page through :func:`~ensure_browser.core.schema.tree.map_entries`, when
        the caller has it (saves classifying every key twice)."""

    def finish(self, storage: Storage, cancel: CancelToken = NEVER) -> LevelFacts:
        """Make the extra listings and return the facts (StorageError propagates)."""
        raise NotImplementedError

    def _list(self, storage: Storage, prefix: str, cancel: CancelToken, *, recursive: bool = False
              ) -> list[ObjectInfo]:
        """The objects of one extra listing (at most ``cap``; beyond it the check is incomplete)."""
        out: list[ObjectInfo] = []
        source: Iterator[ObjectInfo] = (
            storage.list_recursive(self.bucket, prefix, cancel=cancel) if recursive
            else (e for page in storage.list_level(self.bucket, prefix, cancel=cancel) for e in page)
        )
        for entry in source:
            if entry.is_prefix:
                continue
            if len(out) >= self.cap:
                self.incomplete = True
                log.info("check of s3://%s/%s stopped after %d objects", self.bucket, prefix, self.cap)
                break
            out.append(entry)
        return out


class _ThumbnailCheck(LevelCheck):
    """A classroom's materials and thumbnails, paired (classroom, materials/ or thumbnails/ level)."""

    codes = frozenset({"material_without_thumbnail", "thumbnail_without_material"})

    def __init__(self, node: DomainNode, cap: int, names: BucketNames, materials: str, thumbnails: str) -> None:
        super().__init__(node, cap)
        self.names = names
        self.materials, self.thumbnails = materials, thumbnails
        self.classroom = _common_dir(materials, thumbnails)
        # Pairs are kept in partitions by document id: each partition's flags() sorts a few hundred
        # flags, not all of a 20,000-material classroom in one C-level sort that holds the GIL.
        self.rules = [ThumbnailPairs(self.bucket) for _ in range(_PARTITIONS)]

    def _take(self, entries: Iterable[ListingEntry]) -> None:
        for entry in entries:
            if entry.is_prefix:
                continue
            c = classify(self.bucket, entry.key, self.names)
            if c is not None and "document_id" in c.ids:
                self.rules[hash(str(c.ids["document_id"])) % _PARTITIONS].add(entry.key, c)

    def add(self, entries: Iterable[ListingEntry], mapped: Sequence[DomainNode] | None = None) -> None:
        if self.node.key not in (self.materials, self.thumbnails):
            return
        if mapped is None:
            self._take(entries)
            return
        for d in mapped:
            if d.kind in ("material", "thumbnail"):
                c = Classification(d.kind, d.ids, d.role, d.kind_label)
                self.rules[hash(str(d.ids["document_id"])) % _PARTITIONS].add(d.key, c)

    def finish(self, storage: Storage, cancel: CancelToken = NEVER) -> LevelFacts:
        for prefix in (self.materials, self.thumbnails):
            if prefix != self.node.key:
                self._take(self._list(storage, prefix, cancel))
        out = _FactsBuilder(self.bucket, self.classroom, self.codes)
        by_code: dict[str, list[Flag]] = {}
        for flag in (f for rule in self.rules for f in rule.flags()):
            out.add(flag.key, flag)
            by_code.setdefault(flag.code, []).append(flag)
        out.bubble("material_without_thumbnail", by_code.get("material_without_thumbnail", []),
                   self.materials, self.classroom)
        out.bubble("thumbnail_without_material", by_code.get("thumbnail_without_material", []),
                   self.thumbnails, self.classroom)
        return out.build()


class _MeetingCheck(LevelCheck):
    """A meeting's chunks (gaps, empty, duplicates) and processed audio (meeting, chunks/, processed/)."""

    CHUNK_CODES = frozenset({"chunk_gap", "empty_chunk", "duplicate_chunk"})
    AUDIO_CODES = frozenset({"meeting_without_audio"})

    def __init__(self, node: DomainNode, cap: int, chunks: str, processed: str, audio_key: str) -> None:
        super().__init__(node, cap)
        self.chunks_dir, self.processed_dir, self.audio_key = chunks, processed, audio_key
        self.meeting = _common_dir(chunks, processed)
        self.meeting_id = str(node.ids["meeting_id"])
        self.chunk_set = ChunkSet(self.bucket, self.meeting_id)
        self.has_audio = False
        if node.key == chunks:
            self.codes = self.CHUNK_CODES
        elif node.key == processed:
            self.codes = self.AUDIO_CODES
        else:
            self.codes = self.CHUNK_CODES | self.AUDIO_CODES

    def _take(self, entries: Iterable[ListingEntry], prefix: str) -> None:
        if prefix == self.chunks_dir:
            self.chunk_set.add_entries(entries)
        else:
            self.has_audio = self.has_audio or any(e.key == self.audio_key for e in entries)

    def add(self, entries: Iterable[ListingEntry], mapped: Sequence[DomainNode] | None = None) -> None:
        if self.node.key in (self.chunks_dir, self.processed_dir):
            self._take(list(entries), self.node.key)

    def finish(self, storage: Storage, cancel: CancelToken = NEVER) -> LevelFacts:
        if self.node.key == self.meeting:
            for prefix in (self.chunks_dir, self.processed_dir):
                self._take(self._list(storage, prefix, cancel), prefix)
        out = _FactsBuilder(self.bucket, self.meeting, self.codes)
        if "chunk_gap" in self.codes:
            empty: list[Flag] = []
            for flag in self.chunk_set.flags():
                if flag.code == "empty_chunk":
                    out.add(flag.key, flag)
                    empty.append(flag)
                else:  # gaps and duplicate numbers concern the chunks folder and the meeting
                    out.add(self.chunks_dir, flag)
                    out.add(self.meeting, flag)
            out.bubble("empty_chunk", empty, self.chunks_dir, self.meeting)
        if "meeting_without_audio" in self.codes:
            audio_flag = meeting_audio_flag(self.bucket, self.meeting_id, self.has_audio)
            if audio_flag is not None:
                out.add(self.meeting, audio_flag)
                out.add(self.processed_dir, audio_flag)
        return out.build()


class _OcrCheck(LevelCheck):
    """An OCR document's page images paired with its page JSON (document, pages/ or json/ level)."""

    codes = frozenset({"ocr_page_without_json", "ocr_json_without_page"})

    def __init__(self, node: DomainNode, cap: int, pages: str, texts: str) -> None:
        super().__init__(node, cap)
        self.pages_dir, self.json_dir = pages, texts
        self.document = _common_dir(pages, texts)
        self.document_id = str(node.ids["document_id"])
        self.rule = OcrPages(self.bucket)

    def add(self, entries: Iterable[ListingEntry], mapped: Sequence[DomainNode] | None = None) -> None:
        if self.node.key in (self.pages_dir, self.json_dir):
            self.rule.add_entries(entries)

    def finish(self, storage: Storage, cancel: CancelToken = NEVER) -> LevelFacts:
        for prefix in (self.pages_dir, self.json_dir):
            if prefix != self.node.key:
                self.rule.add_entries(self._list(storage, prefix, cancel))
        out = _FactsBuilder(self.bucket, self.document, self.codes)
        for flag in self.rule.flags():
            no_json = flag.code == "ocr_page_without_json"
            kind = "ocr_page_image" if no_json else "ocr_page_json"
            out.add(self.document, flag)
            out.add(self.pages_dir if no_json else self.json_dir, flag)
            for page in flag.items:
                key = key_for(kind, None, document_id=self.document_id, page=int(page))[1]
                text = Text(QT_TR_NOOP("Page {0} has no JSON text.") if no_json
                            else QT_TR_NOOP("The JSON of page {0} has no page image."), page)
                out.add(key, Flag(flag.code, flag.severity, text, self.bucket, key,
                                  {"document_id": self.document_id, "page": int(page)}, (page,)))
        return out.build()


class _TempCheck(LevelCheck):
    """Temporary uploads aged by their newest object (the temp/ section, or one upload)."""

    codes = frozenset({"stale_temp_upload"})

    def __init__(self, node: DomainNode, cap: int, root: str, now: datetime | None,
                 max_age: timedelta) -> None:
        super().__init__(node, cap)
        self.root = root
        self.rule = TempUploads(self.bucket, now, max_age)

    def finish(self, storage: Storage, cancel: CancelToken = NEVER) -> LevelFacts:
        self.rule.add_entries(self._list(storage, self.node.key, cancel, recursive=True))
        out = _FactsBuilder(self.bucket, self.node.key, self.codes)
        flags = self.rule.flags()
        for flag in flags:
            out.add(flag.key, flag)
        if self.node.key == self.root:
            out.bubble("stale_temp_upload", flags, self.root,
                       hours=f"{self.rule.max_age.total_seconds() / 3600:g}")
        return out.build()


def level_check(
    node: DomainNode,
    *,
    cap: int = CHECK_CAP,
    names: BucketNames | None = None,
    now: datetime | None = None,
    temp_max_age: timedelta = DEFAULT_TEMP_MAX_AGE,
) -> LevelCheck | None:
    """The check to run while listing ``node``'s level, or None when no rule needs more than it.

    The levels are recognised by their keys as the schema builds them (so renaming a directory in
    the table changes nothing here): a classroom and its two folders, a meeting and its chunks/ and
    processed/ folders, an OCR document and its pages/ and json/ folders, the temp/ section and one
    temporary upload. Unrecognized nodes get no check.
    """
    if not node.is_container or not node.recognized:
        return None
    ids = node.ids
    try:
        if node.role == "documents" and "classroom_id" in ids:
            c = ids["classroom_id"]
            materials = _dir_of(key_for("material", None, classroom_id=c, document_id="x")[1])
            thumbnails = _dir_of(key_for("thumbnail", None, classroom_id=c, document_id="x")[1])
            if node.key in (materials, thumbnails, _common_dir(materials, thumbnails)):
                return _ThumbnailCheck(node, cap, names or BucketNames(), materials, thumbnails)
        elif node.role == "recordings" and "meeting_id" in ids:
            m = ids["meeting_id"]
            chunks = _dir_of(key_for("meeting_chunk", None, meeting_id=m, chunk_index=0)[1])
            audio = key_for("meeting_audio", None, meeting_id=m)[1]
            processed = _dir_of(audio)
            if node.key in (chunks, processed, _common_dir(chunks, processed)):
                return _MeetingCheck(node, cap, chunks, processed, audio)
        elif node.role == "ocr" and "document_id" in ids:
            d = ids["document_id"]
            pages = _dir_of(key_for("ocr_page_image", None, document_id=d, page=1)[1])
            texts = _dir_of(key_for("ocr_page_json", None, document_id=d, page=1)[1])
            if node.key in (pages, texts, _common_dir(pages, texts)):
                return _OcrCheck(node, cap, pages, texts)
        elif node.role == "documents":
            upload = key_for("temp_upload", None, upload_id="x")[1]  # "temp/x/"
            root = _dir_of(upload.rstrip("/"))
            if node.key == root or ("upload_id" in ids and node.key == key_for(
                    "temp_upload", None, upload_id=ids["upload_id"])[1]):
                return _TempCheck(node, cap, root, now, temp_max_age)
    except ValueError:  # ids that cannot form keys (never from a listing, but stay safe)
        log.debug("no level check for %s", node.key, exc_info=True)
    return None


# -- verify recordings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RecordingHead:
    """The first bytes of one recording object, or why they could not be read."""

    key: str
    size: int
    head: bytes = b""
    error: str = ""

    @property
    def is_webm(self) -> bool:
        return not self.error and self.head[:4] == EBML_MAGIC


def meeting_recordings(storage: Storage, bucket: str, meeting_id: str,
                       cancel: CancelToken = NEVER) -> list[ObjectInfo]:
    """The raw recording (when stored) and every object of the meeting's chunks/ folder, in
    natural order."""
    raw_key = key_for("meeting_raw", None, meeting_id=meeting_id)[1]
    chunks = _dir_of(key_for("meeting_chunk", None, meeting_id=meeting_id, chunk_index=0)[1])
    found: list[ObjectInfo] = []
    for prefix in (_dir_of(raw_key), chunks):
        for page in storage.list_level(bucket, prefix, cancel=cancel):
            found.extend(e for e in page if not e.is_prefix and (prefix == chunks or e.key == raw_key))
    return sorted(found, key=lambda e: (e.key != raw_key, natural_key(e.key)))


def read_head(storage: Storage, info: ObjectInfo, length: int = 4) -> RecordingHead:
    """The first ``length`` bytes of an object with a ranged GET (nothing asked of empty objects)."""
    if info.size == 0:
        return RecordingHead(info.key, 0)
    try:
        return RecordingHead(info.key, info.size, storage.read_range(info.bucket, info.key, 0, length))
    except StorageError as err:
        return RecordingHead(info.key, info.size, error=err.message)


def _hex(data: bytes) -> str:
    return " ".join(f"{b:02X}" for b in data)


def recording_facts(bucket: str, meeting_id: str, heads: Sequence[RecordingHead]) -> LevelFacts:
    """Flags for recordings that are not WebM or could not be read, on each object, on the chunks
    folder and on the meeting."""
    chunks_dir = _dir_of(key_for("meeting_chunk", None, meeting_id=meeting_id, chunk_index=0)[1])
    raw_dir = _dir_of(key_for("meeting_raw", None, meeting_id=meeting_id)[1])
    meeting = _common_dir(chunks_dir, raw_dir)
    out = _FactsBuilder(bucket, meeting, ("not_webm", "recording_unreadable"))
    by_code: dict[str, list[Flag]] = {}
    ids: dict[str, str | int] = {"meeting_id": meeting_id}
    for head in heads:
        name = _name(head.key)
        if head.error:
            flag = Flag("recording_unreadable", "warning",
                        Text(QT_TR_NOOP("{0} could not be read: {1}"), name, head.error),
                        bucket, head.key, ids)
        elif head.is_webm:
            continue
        elif not head.head:
            flag = Flag("not_webm", "warning", Text(QT_TR_NOOP("{0} is empty, not a WebM recording."), name),
                        bucket, head.key, ids)
        else:
            flag = Flag("not_webm", "warning",
                        Text(QT_TR_NOOP("{0} is not a WebM recording: it starts with {1} (expected {2})."),
                             name, _hex(head.head), _hex(EBML_MAGIC)), bucket, head.key, ids)
        out.add(head.key, flag)
        by_code.setdefault(flag.code, []).append(flag)
    for code, flags in by_code.items():
        in_chunks = [f for f in flags if f.key.startswith(chunks_dir)]
        out.bubble(code, in_chunks, chunks_dir)
        out.bubble(code, flags, meeting)
    return out.build()


# -- cross-links ------------------------------------------------------------------------------------------


def ocr_document_prefix(document_id: str) -> str:
    """The prefix of the OCR document made from the material ``document_id`` (``{document_id}/``)."""
    pages = _dir_of(key_for("ocr_page_image", None, document_id=document_id, page=1)[1])
    texts = _dir_of(key_for("ocr_page_json", None, document_id=document_id, page=1)[1])
    return _common_dir(pages, texts)


def has_ocr_document(storage: Storage, ocr_bucket: str, document_id: str, cancel: CancelToken = NEVER) -> bool:
    """Whether the OCR bucket holds anything for ``document_id`` (one listing page of one entry)."""
    prefix = ocr_document_prefix(document_id)
    pages = storage.list_level(ocr_bucket, prefix, page_size=1, cancel=cancel)
    return next(iter(pages), None) is not None


def find_material(storage: Storage, documents_bucket: str, document_id: str,
                  cancel: CancelToken = NEVER) -> str | None:
    """The key of the material with ``document_id`` in whichever classroom holds it, or None.

    Lists the classrooms one level deep and asks for the material's key in each (a HEAD per
    classroom), stopping at the first found.
    """
    sample = key_for("material", None, classroom_id="x", document_id=document_id)[1]
    root = sample[: sample.index("x/")]  # the classrooms level, e.g. "classrooms/"
    for page in storage.list_level(documents_bucket, root, cancel=cancel):
        for entry in page:
            cancel.raise_if_cancelled()
            if not entry.is_prefix:
                continue
            try:
                key = key_for("material", None, classroom_id=_name(entry.key), document_id=document_id)[1]
            except ValueError:
                continue
            if storage.exists(documents_bucket, key):
                return key
    return None
