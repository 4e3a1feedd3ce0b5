"""S3 access over minio-py: paged listing, stat, ranges, transfers, presign, policies.

A deliberate facade: :class:`Storage` is composed of one part per room of this package, and the
names other packages import from here (``from ensure_browser.core.s3.storage import ...``) stay
importable from here, re-exported from the modules that define them:

- :mod:`.client`: the connection (settings, :mod:`.capabilities`, HTTP pool, minio-py client,
  error translation, ``stat``);
- :mod:`.buckets`: buckets, their features and policies (:mod:`.bucket_features`,
  :mod:`.bucket_policies`);
- :mod:`.listing`: one level in pages, every key below a prefix (:mod:`.pages` reads the XML);
- :mod:`.objects`: exists, byte ranges, delete (of what was confirmed: :mod:`.unchanged_deletes`),
  presigned and public URLs;
- :mod:`.download`: verified, resumable downloads, in parallel ranges for big multipart objects;
- :mod:`.copying`: server-side copies (of what was confirmed; an existing destination kept);
- :mod:`.versions`: an object's versions and delete markers, a level's deleted objects, deleting
  one version by its id;
- :mod:`.upload`: checked single PUTs and parallel, resumable multipart uploads (:mod:`.create_only`,
  :mod:`.multipart_listing`);
- :mod:`.localfiles`, :mod:`.headers`, :mod:`.model`, :mod:`.settings`: what those share.

Every public method translates failures into :mod:`ensure_browser.core.errors` types. Nothing here
touches Qt; callers run these methods in worker threads.
"""

from __future__ import annotations

from ensure_browser.core.s3.buckets import BucketsMixin
from ensure_browser.core.s3.copying import CopyMixin, CopyResult, DestinationExists, SourceChanged
from ensure_browser.core.s3.download import DESTINATION_EXISTS, DownloadMixin
from ensure_browser.core.s3.headers import CHECKSUM_CRC32, composite_crc32_of, crc32_header, http_date
from ensure_browser.core.s3.listing import ListingMixin
from ensure_browser.core.s3.localfiles import hash_stream, lstat_or_none, partial_files, stat_local
from ensure_browser.core.s3.model import MultipartUploadInfo, ObjectInfo, ObjectStat, UploadResult
from ensure_browser.core.s3.objects import MAX_PRESIGN, ObjectsMixin, clamp_expiry
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.core.s3.unchanged_deletes import CHANGED
from ensure_browser.core.s3.upload import (
    DEFAULT_MULTIPART_THRESHOLD,
    DEFAULT_PART_SIZE,
    MIN_PART_SIZE,
    UploadMixin,
    plan_parts,
)
from ensure_browser.core.s3.versions import DeletedObject, ObjectVersion, VersionsMixin

__all__ = [  # what other packages import from here (see the module's docstring)
    "CHANGED",
    "CHECKSUM_CRC32",
    "DEFAULT_MULTIPART_THRESHOLD",
    "DEFAULT_PART_SIZE",
    "DESTINATION_EXISTS",
    "MAX_PRESIGN",
    "MIN_PART_SIZE",
    "ConnectionSettings",
    "CopyResult",
    "DeletedObject",
    "DestinationExists",
    "MultipartUploadInfo",
    "ObjectInfo",
    "ObjectStat",
    "ObjectVersion",
    "SourceChanged",
    "Storage",
    "UploadResult",
    "clamp_expiry",
    "composite_crc32_of",
    "crc32_header",
    "hash_stream",
    "http_date",
    "lstat_or_none",
    "partial_files",
    "plan_parts",
    "stat_local",
]


class Storage(BucketsMixin, ListingMixin, ObjectsMixin, DownloadMixin, UploadMixin, CopyMixin,
              VersionsMixin):
    """One connection to an S3 server. Thread-safe: share it between workers.

    ``Storage(settings)``; each part over the one :class:`~ensure_browser.core.s3.client.StorageBase`
    (one HTTP pool, one minio-py client, one error translation): see the module's docstring.
    """
