"""A download batch's plan kept on disk until it is done, so that running the same command again
resumes it (the command line's ``download``; the window has its journal instead).

The plan (bucket, key, local path, size of each file) is written before the first byte is fetched,
in the user's state folder under a name made of the endpoint, the sources and the destination. A
re-run finds it and queues its downloads again under the same names: they continue from their
``.part`` (see ``Storage.download_file``). A file already at a planned name (a download of the run
before appears under its name only complete and verified, but someone may have put another file
there since) counts as done only when it is proven to hold the object's bytes (size and CRC32 or
MD5, :func:`~ensure_browser.core.transfers.already_there.compare`); one that cannot be proven is
kept and the object downloaded under the next free name (``TransferJob.prove_existing``). The file
is removed once every download of the plan is done.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
from collections.abc import Sequence
from pathlib import Path

import platformdirs

from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.transfers.jobs import Direction, TransferJob, new_job_id
from ensure_browser.core.transfers.journal import APP_DIR_NAME, write_private
from ensure_browser.core.transfers.local_names import Destination

log = logging.getLogger(__name__)

PLAN_VERSION = 1


def pending_dir() -> Path:
    return Path(platformdirs.user_state_dir(APP_DIR_NAME, appauthor=False)) / "downloads"


class PendingDownloads:
    """The plan of one download command (endpoint, sources, destination), on disk while unfinished."""

    def __init__(self, endpoint: str, sources: Sequence[str], dest_dir: Path, folder: Path | None = None) -> None:
        self.dest_dir = Path(dest_dir).resolve()
        ident = json.dumps([endpoint, sorted(sources), str(self.dest_dir)])
        name = hashlib.sha256(ident.encode("utf-8")).hexdigest()[:32] + ".json"
        self.path = (folder or pending_dir()) / name

    def load(self) -> list[TransferJob] | None:
        """The jobs of an unfinished earlier run (new ids; those whose file is there are proven
        before they count as done), or None when there was none (or its plan cannot be read: it is
        planned anew)."""
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
            entries = raw["files"] if raw.get("version") == PLAN_VERSION else None
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            log.warning("the unfinished download plan %s cannot be read (%s): planning anew", self.path, exc)
            return None
        if not isinstance(entries, list):
            return None
        jobs = []
        dest = Destination(self.dest_dir)
        for entry in entries:
            try:
                bucket, key, local = str(entry["bucket"]), str(entry["key"]), str(entry["path"])
                size = int(entry["size"])
            except (KeyError, TypeError, ValueError):
                continue
            try:
                dest.ensure_inside(Path(local))
            except LocalFileError:
                continue  # a plan names files in its own destination only
            jobs.append(TransferJob(id=new_job_id(), direction=Direction.DOWNLOAD, bucket=bucket, key=key,
                                    local_path=local, size=size, display_name=Path(local).name,
                                    prove_existing=os.path.lexists(local)))
        return jobs

    def save(self, jobs: Sequence[TransferJob]) -> None:
        """Keep the plan (before anything is fetched); a plan that cannot be written only costs the resume."""
        files = [{"bucket": j.bucket, "key": j.key, "path": j.local_path, "size": j.size} for j in jobs]
        text = json.dumps({"version": PLAN_VERSION, "files": files}, ensure_ascii=False)
        try:
            write_private(self.path, text)
        except OSError as exc:
            log.warning("the download plan %s was not written (%s): an interrupted run starts over", self.path, exc)

    def finish(self) -> None:
        """Every download of the plan is done: forget it."""
        try:
            self.path.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("the finished download plan %s was not removed: %s", self.path, exc)
