"""A download of one version of an object: the job that fetches exactly that version, under the
object's real name (a material's or note's original file name, as that version's metadata says)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META, FreeNames, is_named, real_name
from ensure_browser.core.transfers.jobs import Direction, TransferJob, new_job_id
from ensure_browser.core.transfers.local_names import local_path_for


def plan_version_download(storage: Storage, bucket: str, key: str, version_id: str, dest_dir: Path,
                          names: BucketNames | None = None, taken: Iterable[str] = ()) -> TransferJob:
    """The download job of version ``version_id`` of ``key`` into ``dest_dir`` (one HEAD of that
    version; a free name beside what is there). Network: call from a worker; the job is not queued."""
    st = storage.stat(bucket, key, version_id)
    original = st.metadata.get(ORIGINAL_NAME_META, "") if is_named(bucket, key, names) else ""
    name = real_name(key, original) if original else key.rsplit("/", 1)[-1]
    path = FreeNames(taken).claim(local_path_for(Path(dest_dir), [name]))
    return TransferJob(id=new_job_id(), direction=Direction.DOWNLOAD, bucket=bucket, key=key, local_path=str(path),
                       size=st.size, display_name=path.name, version_id=version_id)
