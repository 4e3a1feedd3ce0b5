"""The schema's consistency rules, run over listings by the scan and the domain tree. No Qt here.

Each rule takes objects as they are listed (complete listings of the levels it pairs up, or a whole
bucket) and returns :class:`~ensure_browser.core.schema.flag.Flag` findings:

* :class:`ThumbnailPairs` - materials without thumbnail and thumbnails without material,
* :class:`ChunkSet` - a meeting's chunk gaps, empty chunks and duplicate chunk numbers,
* :func:`meeting_audio_flag` - a meeting without processed audio,
* :class:`OcrPages` - OCR page images without JSON and JSON without page image,
* :class:`TempUploads` - temporary uploads older than a maximum age,
* :func:`check_content_type` - an object stored with a content type its kind does not take,
* :class:`~ensure_browser.core.health.stale_ocr.StaleOcr` - OCR results older than their material,
* :class:`StorageScan` - all of them over objects streamed from a whole-storage listing.

Every rule reads the layout from the schema's table (:mod:`ensure_browser.core.schema.table`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from ensure_browser.core.health.limits import DEFAULT_TEMP_MAX_AGE
from ensure_browser.core.health.stale_ocr import StaleOcr
from ensure_browser.core.schema.classify import (
    Classification,
    classify,
    classify_in,
    dir_prefix,
    entity_regex,
    key_for,
    pattern_of,
)
from ensure_browser.core.schema.flag import Flag
from ensure_browser.core.schema.natural import natural_key
from ensure_browser.core.schema.table import DEFAULT_NAMES, UNRECOGNIZED, BucketNames
from ensure_browser.core.schema.tree import ListingEntry
from ensure_browser.core.texts import QT_TR_NOOP, Text

__all__ = [
    "DEFAULT_TEMP_MAX_AGE",
    "ChunkSet",
    "OcrPages",
    "StorageScan",
    "TempUploads",
    "ThumbnailPairs",
    "check_content_type",
    "meeting_audio_flag",
]


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


def _classified(role: str, entries: Iterable[ListingEntry]) -> Iterator[tuple[ListingEntry, Classification]]:
    for e in entries:
        if not e.is_prefix:
            yield e, classify_in(role, e.key)


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
        c = classification or classify_in(self.role, key)
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
                                Text(QT_TR_NOOP("Material {0} in classroom {1} has no thumbnail."), doc, classroom),
                                self.bucket, key, {"classroom_id": classroom, "document_id": doc}))
        for (classroom, doc), key in self.thumbnails.items():
            if (classroom, doc) not in self.materials:
                out.append(Flag("thumbnail_without_material", "warning",
                                Text(QT_TR_NOOP("Thumbnail of {0} in classroom {1} has no material."), doc, classroom),
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
        return dir_prefix("meeting_chunk", {"meeting_id": self.meeting_id})

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
                            Text(QT_TR_NOOP("Meeting {0} is missing chunk {1}.") if len(missing) == 1
                                 else QT_TR_NOOP("Meeting {0} is missing chunks {1}."),
                                 self.meeting_id, _ranges(missing)),
                            self.bucket, self.prefix, ids, tuple(missing)))
        for index, key in sorted(self.empty):
            out.append(Flag("empty_chunk", "warning",
                            Text(QT_TR_NOOP("Chunk {0} of meeting {1} is empty (0 bytes)."), index, self.meeting_id),
                            self.bucket, key, {**ids, "chunk_index": index}))
        for index, extra in sorted(self.duplicates.items()):
            keys = [self.keys[index], *extra]
            out.append(Flag("duplicate_chunk", "warning",
                            Text(QT_TR_NOOP("Meeting {0} has {1} chunks numbered {2}: {3}."), self.meeting_id,
                                 len(keys), index, ", ".join(sorted(k.rsplit("/", 1)[-1] for k in keys))),
                            self.bucket, self.prefix, {**ids, "chunk_index": index}, (index,)))
        return out


def meeting_audio_flag(bucket: str, meeting_id: str, has_audio: bool) -> Flag | None:
    """The flag for a meeting without processed audio (``has_audio`` from its processed/ listing)."""
    if has_audio:
        return None
    prefix = dir_prefix("meeting_audio", {"meeting_id": meeting_id}, upto="meeting_id")
    return Flag("meeting_without_audio", "warning",
                Text(QT_TR_NOOP("Meeting {0} has no processed audio."), meeting_id),
                bucket, prefix, {"meeting_id": meeting_id})


class OcrPages(_PairRule):
    """The page images and page JSON files of OCR documents seen so far, paired by page number."""

    role = "ocr"

    def __init__(self, bucket: str) -> None:
        super().__init__(bucket)
        self.images: dict[str, set[int]] = {}
        self.json: dict[str, set[int]] = {}

    def add(self, key: str, classification: Classification | None = None) -> None:
        """Take one object key (classified here unless given); other kinds are ignored."""
        c = classification or classify_in(self.role, key)
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
            prefix = dir_prefix("ocr_page_image", {"document_id": doc}, upto="document_id")
            no_json, no_image = sorted(images - texts), sorted(texts - images)
            if no_json:
                out.append(Flag("ocr_page_without_json", "warning",
                                Text(QT_TR_NOOP("OCR document {0}: page {1} has no JSON.") if len(no_json) == 1
                                     else QT_TR_NOOP("OCR document {0}: pages {1} have no JSON."),
                                     doc, _ranges(no_json)), self.bucket, prefix, {"document_id": doc},
                                tuple(no_json)))
            if no_image:
                out.append(Flag("ocr_json_without_page", "warning",
                                Text(QT_TR_NOOP("OCR document {0}: JSON for page {1} has no page image.")
                                     if len(no_image) == 1 else
                                     QT_TR_NOOP("OCR document {0}: JSON for pages {1} has no page image."),
                                     doc, _ranges(no_image)),
                                self.bucket, prefix, {"document_id": doc}, tuple(no_image)))
        return out


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=UTC)



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
            template = (QT_TR_NOOP("Temporary upload {0} was last written {1} days ago (older than {2} hours).")
                        if days >= 2 else
                        QT_TR_NOOP("Temporary upload {0} was last written {1} hours ago (older than {2} hours)."))
            out.append(Flag("stale_temp_upload", "warning",
                            Text(template, upload_id, f"{days:.0f}" if days >= 2 else f"{days * 24:.0f}",
                                 f"{hours:g}"),
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
    spec = pattern_of(c.kind)
    if not spec.content_types or _media_type(content_type) in spec.content_types:
        return None
    shown = content_type.strip() or Text(QT_TR_NOOP("no content type"))
    return Flag("wrong_content_type", "warning" if spec.strict_type else "info",
                Text(QT_TR_NOOP("{0} {1} is stored as {2}, expected {3}."), spec.label, key.rsplit("/", 1)[-1],
                     shown, _either(spec.content_types)), bucket, key, c.ids)


def _either(items: tuple[str, ...]) -> str:
    """``("a", "b", "c")`` -> "a or b or c" (a Text the GUI translates)."""
    out = items[0]
    for item in items[1:]:
        out = Text(QT_TR_NOOP("{0} or {1}"), out, item)
    return out


_MEETING = entity_regex("meeting_audio", "meeting_id")
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
        self.stale_ocr = StaleOcr(self.names.ocr)
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
            if kind == "material":
                self.stale_ocr.material(str(c.ids["document_id"]), key, last_modified)
        elif kind in _OCR_PAGES:
            self.ocr.add(key, c)
            self.stale_ocr.ocr(str(c.ids["document_id"]), last_modified)
        elif kind == "ocr_quality_report":
            self.stale_ocr.ocr(str(c.ids["document_id"]), last_modified)
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
        self.stale_ocr.merge(other.stale_ocr)
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
        out = [*self.thumbnails.flags(), *self.ocr.flags(), *self.temp.flags(), *self.stale_ocr.flags(), *self.other]
        for chunks in self.chunks.values():
            out.extend(chunks.flags())
        for meeting_id, has_audio in self.meetings.items():
            flag = meeting_audio_flag(self.names.recordings, meeting_id, has_audio)
            if flag is not None:
                out.append(flag)
        return sorted(out, key=lambda f: f.sort_key)

