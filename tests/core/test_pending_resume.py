"""The command line's download resumed from its kept plan (core/transfers/pending.py) on the real
SeaweedFS: a file already at a planned name counts as done only when it is proven to be the object;
another file there is kept and the object downloaded under the next free name."""

from __future__ import annotations

from pathlib import Path

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import ConflictPolicy, Direction, JobState, TransferJob
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.pending import PendingDownloads
from ensure_browser.core.transfers.queue import TransferQueue


def test_a_resumed_plan_proves_the_files_it_finds(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    for name in ("same.txt", "other.txt", "missing.txt"):
        admin_storage.upload_bytes(bucket, f"exports/{name}", f"object {name}".encode())
    dest = tmp_path / "dest"
    dest.mkdir()
    pending = PendingDownloads("endpoint", [f"s3://{bucket}/exports/"], dest, folder=tmp_path / "plans")
    planned = [TransferJob(id=name, direction=Direction.DOWNLOAD,
                           bucket=bucket, key=f"exports/{name}", local_path=str(dest / name),
                           size=len(f"object {name}")) for name in ("same.txt", "other.txt", "missing.txt")]
    pending.save(planned)
    (dest / "same.txt").write_bytes(b"object same.txt")  # the run before finished this one
    (dest / "other.txt").write_bytes(b"someone's file!")  # the same size, other bytes: not the object
    jobs = pending.load()
    assert jobs is not None and len(jobs) == 3

    queue = TransferQueue(admin_storage, BucketNames(documents=bucket), journal=Journal(tmp_path / "j.json"),
                          conflict_policy=ConflictPolicy.KEEP_BOTH)
    driver = ThreadedDriver(queue)
    try:
        queue.add_downloads(jobs)
        driver.drive()
        assert driver.wait(30)
        done = {Path(j.key).name: j for j in queue.jobs()}
    finally:
        driver.close()
    assert all(j.state is JobState.DONE for j in done.values()), [j.error for j in done.values()]
    assert done["same.txt"].local_path == str(dest / "same.txt")
    assert (dest / "other.txt").read_bytes() == b"someone's file!"  # kept
    assert done["other.txt"].local_path == str(dest / "other (2).txt")
    assert (dest / "other (2).txt").read_bytes() == b"object other.txt"
    assert (dest / "missing.txt").read_bytes() == b"object missing.txt"
    assert sorted(p.name for p in dest.iterdir()) == ["missing.txt", "other (2).txt", "other.txt", "same.txt"]
