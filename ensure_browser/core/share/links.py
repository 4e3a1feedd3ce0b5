"""Links for objects: a presigned GET with a chosen lifetime (at most 7 days), or the plain URL where
the bucket policy lets anyone read the object.

:func:`link_for` is the one way a link is made (the preview pane's "Copy link" and the Share dialog
alike). :class:`PublicReads` reads each bucket's policy once (optional: a policy that cannot be read
means presigned links, as when there is none). :func:`share_links` expands objects and folders
(a classroom means its materials) into links named as the tree names them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import StorageError
from ensure_browser.core.policies.check import is_public
from ensure_browser.core.policies.engine import Policy
from ensure_browser.core.policies.model import PolicyError
from ensure_browser.core.policies.parse import parse_policy
from ensure_browser.core.s3.objects import MAX_PRESIGN, clamp_expiry
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import classify
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import is_named, original_names, real_name

log = logging.getLogger(__name__)

LIFETIMES: tuple[timedelta, ...] = (timedelta(minutes=15), timedelta(hours=1), timedelta(days=1), MAX_PRESIGN)
MAX_SHARED = 10_000  # objects one share may name (a CSV for a spreadsheet, not a bucket dump)
SharedProgress = Callable[[int], None]  # objects found so far


def presigned_expiry(url: str) -> datetime | None:
    """When a SigV4 presigned URL stops working: ``X-Amz-Date`` + ``X-Amz-Expires`` (UTC)."""
    query = parse_qs(urlsplit(url).query)
    try:
        signed = datetime.strptime(query["X-Amz-Date"][0], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return signed + timedelta(seconds=int(query["X-Amz-Expires"][0]))
    except (KeyError, IndexError, ValueError):
        return None


@dataclass(frozen=True)
class ShareLink:
    """One object's link. ``expires`` is None for a public URL (it works while the policy allows)."""

    bucket: str
    key: str
    name: str  # the original file name (materials, notes), else the key's last segment
    url: str
    expires: datetime | None

    @property
    def public(self) -> bool:
        return self.expires is None


def link_for(storage: Storage, bucket: str, key: str, lifetime: timedelta, *, public: bool,
             name: str = "") -> ShareLink:
    """The link of one object: its public URL when ``public``, else a presigned GET valid for
    ``lifetime`` (refused above 7 days or below a second: :func:`clamp_expiry`)."""
    name = name or key.rsplit("/", 1)[-1]
    if public:
        return ShareLink(bucket, key, name, storage.public_url(bucket, key), None)
    lifetime = clamp_expiry(lifetime)
    started = datetime.now(UTC)
    url = storage.presign_get(bucket, key, lifetime)
    return ShareLink(bucket, key, name, url, presigned_expiry(url) or started + lifetime)


class PublicReads:
    """Which objects anyone may read, from each bucket's live policy (read once per bucket).

    A policy that cannot be read or understood counts as none (presigned links are made, which
    work either way); the reason is kept in :attr:`notes` for the user.
    """

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._policies: dict[str, Policy | None] = {}
        self.notes: list[str] = []

    def policy(self, bucket: str) -> Policy | None:
        if bucket not in self._policies:
            policy: Policy | None = None
            try:
                text = self.storage.get_bucket_policy(bucket)
                policy = None if text is None else parse_policy(text)
            except StorageError as err:
                self.notes.append(f"The policy of {bucket} cannot be read ({err.message}): presigned links "
                                  "were made.")
            except PolicyError as err:
                self.notes.append(f"The policy of {bucket} is not understood ({err}): presigned links were made.")
            self._policies[bucket] = policy
        return self._policies[bucket]

    def public(self, bucket: str, key: str) -> bool:
        return is_public(self.policy(bucket), bucket, key)


def shared_prefix(bucket: str, key: str, names: BucketNames | None) -> str:
    """What sharing a folder means: a classroom's materials for a classroom (its thumbnails are not
    the classroom's documents), the folder itself otherwise."""
    if key.endswith("/") and key.count("/") == 2:  # classrooms/<id>/: is a material's key below it?
        cls = classify(bucket, f"{key}materials/probe.pdf", names)
        if cls is not None and cls.kind == "material":
            return key + "materials/"
    return key


@dataclass
class ShareResult:
    links: list[ShareLink] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the user should know (unreadable policies ...)

    @property
    def earliest_expiry(self) -> datetime | None:
        return min((link.expires for link in self.links if link.expires is not None), default=None)


def shared_objects(storage: Storage, items: Sequence[tuple[str, str]], names: BucketNames | None,
                   cancel: CancelToken = NEVER, progress: SharedProgress | None = None) -> list[tuple[str, str]]:
    """The objects ``items`` (objects, or folders ending in ``/``) stand for, in order, each once.

    Network (listing): call from a worker. More than :data:`MAX_SHARED` is refused (StorageError).
    """
    found: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()

    def add(bucket: str, key: str) -> None:
        if (bucket, key) in seen:
            return
        if len(found) >= MAX_SHARED:
            raise StorageError(f"More than {MAX_SHARED:,} objects were chosen; share fewer at a time.")
        seen.add((bucket, key))
        found.append((bucket, key))
        if progress is not None and len(found) % 100 == 0:
            progress(len(found))

    for bucket, key in items:
        cancel.raise_if_cancelled()
        if key == "" or key.endswith("/"):
            for info in storage.list_recursive(bucket, shared_prefix(bucket, key, names), cancel=cancel):
                if not (info.is_prefix or info.key.endswith("/")):
                    add(bucket, info.key)
        else:
            add(bucket, key)
    if progress is not None:
        progress(len(found))
    return found


def share_links(storage: Storage, items: Sequence[tuple[str, str]], lifetime: timedelta,
                names: BucketNames | None, cancel: CancelToken = NEVER,
                progress: SharedProgress | None = None) -> ShareResult:
    """Links for objects and folders (see :func:`shared_objects`), named with their original file
    names (one HEAD per material or note, :func:`original_names`); public URLs where the bucket
    policy lets anyone read the object. Network: call from a worker."""
    clamp_expiry(lifetime)  # a bad lifetime fails before anything is listed
    objects = shared_objects(storage, items, names, cancel, progress)
    originals = original_names(storage, [o for o in objects if is_named(*o, names)], cancel)
    reads = PublicReads(storage)
    result = ShareResult()
    for bucket, key in objects:
        cancel.raise_if_cancelled()
        original = originals.get((bucket, key), "")
        name = real_name(key, original) if original else key.rsplit("/", 1)[-1]
        result.links.append(link_for(storage, bucket, key, lifetime, public=reads.public(bucket, key), name=name))
    result.notes.extend(reads.notes)
    return result
