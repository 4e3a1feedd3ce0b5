"""What downloads are called on disk: real names, readable folders, never an existing file.

Materials and student notes are stored under generated ids (``materials/<uuid>.pdf``); their
original file name is in the object's metadata (``original-filename``, set by the upload, shown in
the tree). A download takes that name (the key's last segment where there is none), made safe by
:func:`~ensure_browser.core.transfers.local_names.safe_local_name`, and keeps the key's extension
(an original name cannot turn a PDF into ``setup.exe``). Names that collide, within the batch (also
where only the case differs, as on Windows and macOS) or with a file on disk, are numbered
(``name (2).pdf``): a download never replaces anything by its plan. A folder download keeps the
domain structure with the tree's folder names: the entity's id folder stays above a directory
level such as ``materials``, so a classroom's materials arrive in ``<classroom id>/materials/``.
No Qt here; the HEADs run in the calling worker's thread pool, at most :data:`HEAD_CONCURRENCY`
at once.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import Conflict, StorageError
from ensure_browser.core.s3.model import ObjectStat
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import PLACEHOLDER, classify, role_patterns
from ensure_browser.core.schema.table import BucketNames, role_of
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.already_there import regular_size
from ensure_browser.core.transfers.local_names import numbered_name

log = logging.getLogger(__name__)

ORIGINAL_NAME_META = "original-filename"  # x-amz-meta-original-filename, as Storage.stat names it
NAMED_KINDS = frozenset({"material", "student_note"})  # objects stored under an id, named in metadata
HEAD_CONCURRENCY = 8  # HEADs of one plan running at once
MAX_NUMBER = 10_000


def is_named(bucket: str, key: str, names: BucketNames | None) -> bool:
    """True for the objects whose real name is in their metadata (materials and student notes)."""
    cls = classify(bucket, key, names)
    return cls is not None and cls.kind in NAMED_KINDS


def real_name(key: str, original: str) -> str:
    """The file name of a download: ``original`` (no leading dots) with the key's extension kept, else
    the key's last segment. Not yet safe: see :func:`~ensure_browser.core.transfers.local_names.safe_local_name`."""
    last = key.rsplit("/", 1)[-1]
    original = original.lstrip(" .")  # no hidden file (".x"), no name that is only dots
    if not original.strip():
        return last
    _stem, dot, ext = last.rpartition(".")
    if dot and _stem and not original.casefold().endswith((dot + ext).casefold()):
        return original + dot + ext
    return original


def object_stats(
    storage: Storage, objects: Sequence[tuple[str, str]], cancel: CancelToken = NEVER,
) -> dict[tuple[str, str], ObjectStat]:
    """What a HEAD answers for each (bucket, key), :data:`HEAD_CONCURRENCY` at once.

    An object gone meanwhile or not readable is left out (its download reports what is wrong).
    Network: call from a worker.
    """
    found: dict[tuple[str, str], ObjectStat] = {}
    if not objects:
        return found

    def head(item: tuple[str, str]) -> ObjectStat | None:
        cancel.raise_if_cancelled()
        try:
            return storage.stat(*item)
        except StorageError as err:
            log.info("no HEAD of s3://%s/%s: %s", item[0], item[1], err.message)
            return None

    todo = iter(objects)
    with ThreadPoolExecutor(max_workers=min(HEAD_CONCURRENCY, len(objects)),
                            thread_name_prefix="head") as pool:
        running: dict[Future[ObjectStat | None], tuple[str, str]] = {}
        try:
            while True:
                while len(running) < HEAD_CONCURRENCY and (item := next(todo, None)) is not None:
                    running[pool.submit(head, item)] = item
                if not running:
                    return found
                done, _ = wait(running, timeout=0.1, return_when=FIRST_COMPLETED)
                cancel.raise_if_cancelled()
                for future in done:
                    st = future.result()
                    if st is not None:
                        found[running[future]] = st
                    del running[future]
        finally:
            for future in running:
                future.cancel()


def original_name(st: ObjectStat | None) -> str:
    """The ``original-filename`` in an object's metadata ("" without one)."""
    return st.metadata.get(ORIGINAL_NAME_META, "") if st is not None else ""


def original_names(
    storage: Storage, objects: Sequence[tuple[str, str]], cancel: CancelToken = NEVER,
) -> dict[tuple[str, str], str]:
    """The ``original-filename`` of each (bucket, key) that has one (see :func:`object_stats`)."""
    return {item: name for item, st in object_stats(storage, objects, cancel).items() if (name := original_name(st))}


def folder_base(bucket: str, prefix: str, names: BucketNames | None) -> list[str]:
    """The local folders a download of ``prefix`` (ending in ``/``) goes into, as the tree names them.

    The prefix's last segment, preceded by its entity's id where that segment is a directory level
    of the schema below an id (``classrooms/7a/materials/`` -> ``7a/materials``, ``meetings/m1/chunks/``
    -> ``m1/chunks``), so the download says whose it is.
    """
    segments = [s for s in prefix.split("/") if s]
    if not segments:
        return []
    role = role_of(bucket, names)
    if role is not None and len(segments) >= 2:
        for pattern in role_patterns(role):
            dirs = pattern.dirs[: len(segments)]
            if (len(dirs) == len(segments) and PLACEHOLDER.fullmatch(dirs[-1]) is None
                    and PLACEHOLDER.fullmatch(dirs[-2]) is not None
                    and all(PLACEHOLDER.search(d) is not None or d == s for d, s in zip(dirs, segments, strict=True))):
                return segments[-2:]
    return segments[-1:]


class FreeNames:
    """Local paths for one batch: distinct from each other (ignoring case) and from what is on disk.

    A path is taken when it is planned already (here or by an unfinished download, ``taken``), or
    when a file, folder or link, or a partial download (``.part``) is there.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self._used = {self._fold(Path(p)) for p in taken}
        # what _on_disk found, per path: a plan asks :meth:`same_size`, then :meth:`place` of the same
        # names (two lstats each). A file that appears after the first look is found by the download
        # itself, which refuses to replace what it did not plan to (DestinationExists).
        self._looked: dict[Path, bool] = {}

    @staticmethod
    def _fold(path: Path) -> str:
        return os.path.normcase(str(path)).casefold()

    @staticmethod
    def _names(path: Path) -> Iterator[Path]:
        """``path``, then ``name (2).ext``, ``name (3).ext`` ... beside it."""
        yield path
        for n in range(2, MAX_NUMBER):
            yield path.with_name(numbered_name(path.name, n))

    def _on_disk(self, path: Path) -> bool:
        found = self._looked.get(path)
        if found is None:
            found = self._looked[path] = (os.path.lexists(path)
                                          or os.path.lexists(path.with_name(path.name + ".part")))
        return found

    def same_size(self, path: Path, size: int) -> list[Path]:
        """The regular files of ``size`` bytes at ``path`` and its numbered names before the first
        free one: where a download to ``path`` may find its bytes already."""
        found: list[Path] = []
        for candidate in self._names(path):
            if not self._on_disk(candidate):
                return found
            if regular_size(candidate) == size:
                found.append(candidate)
        return found

    def place(self, path: Path, there: Callable[[Path], bool] | None = None) -> tuple[Path, bool]:
        """The first of ``path``, ``name (2).ext`` ... that is free, or that is taken on disk by a file
        ``there`` says holds the download's bytes already (then with True): claimed for this batch."""
        for candidate in self._names(path):
            folded = self._fold(candidate)
            if folded in self._used:
                continue
            free = not self._on_disk(candidate)
            if free or (there is not None and there(candidate)):
                self._used.add(folded)
                return candidate, not free
        raise Conflict(Text(QT_TR_NOOP("No free name was found next to {0}."), path))

    def claim(self, path: Path) -> Path:
        """``path``, or ``name (2).ext``, ``name (3).ext`` ... beside it: the first one free."""
        return self.place(path)[0]
