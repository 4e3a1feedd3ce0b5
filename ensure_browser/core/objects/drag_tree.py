"""What rows dragged out of the app become on disk: a folder of the drag's own with files and folders.

A drag takes objects and folders (prefixes: a raw folder, or a domain folder such as a classroom's
materials or a meeting). :func:`measure` first counts what they hold (a folder is listed, streaming)
and stops as soon as the count passes the cap (:data:`MAX_FILES` files, or the cache's size limit in
bytes): more is not fetched silently, the window points to File > Download… instead. Within the cap,
:func:`build` plans the drag as a download into the drag's own private folder (``drags/<id>/`` in the
cache) with the folder download's planner
(:func:`~ensure_browser.core.transfers.download.plan_downloads`: real names, the domain structure with
readable folder names, numbered collisions) and fetches every file through the cache of local copies
(:class:`~ensure_browser.core.objects.local_copies.LocalCopies`: verified, re-used while the ETag
holds), each linked into place (a hard link, a copy of the bytes where the file system has none). A
drag that fails or is cancelled leaves no folder behind; drag folders older than
:data:`DRAG_FOLDERS_KEPT` are removed when a new one is made.
No Qt here; everything touches the network or the disk: call from a worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.objects.local_copies import CopyProgress, LocalCopies, LocalCopy, offset_progress
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.download import plan_downloads
from ensure_browser.core.transfers.download_names import folder_base
from ensure_browser.core.transfers.local_names import local_path_for
from ensure_browser.logs import PRIVATE_FILE, make_private, private_dir

log = logging.getLogger(__name__)

MAX_FILES = 1000  # files in one drag; more: File > Download…
DRAG_FOLDERS_KEPT = 24 * 3600  # seconds a drag's folder stays for the receiving side to copy from
Listed = Callable[[int, int], None]  # files, bytes counted so far


def is_folder(key: str) -> bool:
    """True for a prefix (``""``: the whole bucket), False for an object's key."""
    return key == "" or key.endswith("/")


@dataclass(frozen=True)
class Tally:
    """What a drag holds: ``files`` and ``size`` in bytes; ``complete`` False when counting stopped
    at the cap (there is more)."""

    files: int
    size: int
    complete: bool = True


@dataclass
class DragTree:
    """A drag on disk: ``folder`` (its own), and for each dragged item in order its ``entries`` (the
    file of an object, the top folder of a folder; None for an object the plan refused) and ``copies``
    (the object's local copy, None for a folder); ``fetched`` is every local copy taken; ``refusals``
    say which files the plan left out."""

    folder: Path
    entries: list[Path | None] = field(default_factory=list)
    copies: list[LocalCopy | None] = field(default_factory=list)
    fetched: list[LocalCopy] = field(default_factory=list)
    refusals: list[str] = field(default_factory=list)


def measure(storage: Storage, items: Sequence[tuple[str, str]], sizes: Sequence[int], max_files: int,
            max_bytes: int, listed: Listed | None = None, cancel: CancelToken = NEVER) -> Tally:
    """Count the files and bytes of ``items`` ((bucket, key); a folder's key ends in ``/``, ``sizes``
    gives the objects' own), listing folders, until there is more than ``max_files`` or ``max_bytes``."""
    files = size = 0
    for (bucket, key), known in zip(items, sizes, strict=True):
        cancel.raise_if_cancelled()
        if not is_folder(key):
            files, size = files + 1, size + max(0, known)
        else:
            for info in storage.list_recursive(bucket, key, cancel=cancel):
                if info.is_prefix or info.key.endswith("/"):
                    continue  # folder markers
                files, size = files + 1, size + info.size
                if files > max_files or size > max_bytes:
                    return Tally(files, size, complete=False)
                if listed is not None and files % 100 == 0:
                    listed(files, size)
        if files > max_files or size > max_bytes:
            return Tally(files, size, complete=False)
    if listed is not None:
        listed(files, size)
    return Tally(files, size)


def build(copies: LocalCopies, items: Sequence[tuple[str, str]], progress: CopyProgress | None = None,
          cancel: CancelToken = NEVER) -> DragTree:
    """The files and folders of one drag of ``items`` (see the module's text); ``progress`` over the
    bytes of every file. Raises what the listing or a fetch raised (Cancelled too); nothing stays then."""
    drags = private_dir(copies.root / "drags")
    prune(drags)
    tree = DragTree(private_dir(drags / uuid.uuid4().hex))
    try:
        _build(copies, items, tree, progress, cancel)
    except BaseException:
        shutil.rmtree(tree.folder, ignore_errors=True)
        raise
    return tree


def _build(copies: LocalCopies, items: Sequence[tuple[str, str]], tree: DragTree, progress: CopyProgress | None,
           cancel: CancelToken) -> None:
    folder = tree.folder
    tops: list[Path | None] = []
    for bucket, key in items:
        if not is_folder(key):
            tops.append(None)
            continue
        base = folder_base(bucket, key, copies.names) if key else [bucket]
        # Made before the plan, so that an object of the same name beside it is numbered; an empty
        # folder arrives as a folder too.
        local_path_for(folder, base).mkdir(parents=True, exist_ok=True)
        tops.append(local_path_for(folder, base[:1]))
    plan = plan_downloads(copies.storage, items, folder, cancel, copies.names)  # a new folder: nothing is there yet
    jobs, tree.refusals = plan.jobs, plan.refusals
    total = max(1, sum(j.size for j in jobs))
    done = 0
    placed: dict[tuple[str, str], tuple[Path, LocalCopy]] = {}
    for job in jobs:
        cancel.raise_if_cancelled()
        one = None if progress is None else partial(offset_progress, progress, done, total)
        copy = copies.fetch(job.bucket, job.key, one, cancel)
        path = Path(job.local_path)
        path.parent.mkdir(parents=True, exist_ok=True)
        link_or_copy(copy, path)
        tree.fetched.append(copy)
        if path.parent == folder:
            placed.setdefault((job.bucket, job.key), (path, copy))
        done += max(job.size, copy.size)
        total = max(total, done)
        if progress is not None:
            progress(done, total)
    for (bucket, key), top in zip(items, tops, strict=True):
        if top is not None:
            tree.entries.append(top)
            tree.copies.append(None)
        else:
            entry, got = placed.get((bucket, key), (None, None))
            tree.entries.append(entry)
            tree.copies.append(got)
    log.info("prepared a drag of %d items (%d files) in %s", len(tree.entries), len(tree.fetched), folder)


def link_or_copy(copy: LocalCopy, path: Path) -> None:
    """``copy`` at ``path`` too: a hard link to the cached copy, or a copy of its bytes where the file
    system has no links."""
    try:
        try:
            os.link(copy.path, path)
        except OSError:
            shutil.copyfile(copy.path, path)
            make_private(path, PRIVATE_FILE)
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("Cannot prepare {0} for dragging: {1}."), copy.name, exc.strerror),
                             str(exc)) from exc


def prune(drags: Path) -> None:
    """Remove the drag folders older than :data:`DRAG_FOLDERS_KEPT`."""
    cutoff = time.time() - DRAG_FOLDERS_KEPT
    for old in drags.iterdir():
        with contextlib.suppress(OSError):
            if old.is_dir() and not old.is_symlink() and old.stat().st_mtime < cutoff:
                shutil.rmtree(old)
