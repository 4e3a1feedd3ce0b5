"""``ensure-browser download s3://BUCKET/KEY-OR-PREFIX... --to DIR``: objects and folders to local
files under their real names, verified, resumable.

The window's download path: :meth:`TransferQueue.plan_downloads` names each file (a material's or
note's original file name, made safe, numbered on collision; a folder keeps the domain structure)
and the download runner verifies each while it streams. The plan is kept on disk until it is done
(:mod:`~ensure_browser.core.transfers.pending`): after Ctrl+C or a failure the same command resumes
(files already there are kept, big ones continue from their ``.part``). Run again after it finished,
it fetches nothing that is there already and proven identical
(:mod:`~ensure_browser.core.transfers.already_there`), reported as "already there" (JSON state
``unchanged``); nothing is ever overwritten. Exit 0 when every file arrived or was there, 1 when
any failed or was refused, 130 after Ctrl+C.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ensure_browser.cli.common import Command, UsageError, add_connection_args, cli_connection

if TYPE_CHECKING:
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.core.transfers.already_there import DownloadPlan
    from ensure_browser.core.transfers.jobs import TransferJob
    from ensure_browser.core.transfers.pending import PendingDownloads

log = logging.getLogger(__name__)

SHOWN_UNCHANGED = 10  # files already there named one a line (all of them: --json)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_args(parser, sub_command=True)
    parser.add_argument("sources", nargs="+", metavar="s3://BUCKET/KEY-OR-PREFIX",
                        help="an object, a folder (ending in /, or a key with objects below it) or a bucket")
    parser.add_argument("--to", required=True, metavar="DIR", type=Path, help="the folder to download into")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON record per file (bucket, key, path, state, error, note); "
                             "state 'unchanged': the file was there already, identical")


def parse_source(text: str) -> tuple[str, str]:
    """``s3://bucket/key`` -> (bucket, key); ``s3://bucket`` is the whole bucket (key "")."""
    if not text.startswith("s3://"):
        raise UsageError(f"{text!r} is not an s3://BUCKET/KEY location.")
    bucket, _slash, key = text[len("s3://"):].partition("/")
    if not bucket:
        raise UsageError(f"{text!r} names no bucket.")
    return bucket, key


def resolve(storage: Storage, bucket: str, key: str) -> tuple[str, str]:
    """An object stays one; a key that is no object but has objects below it is that folder."""
    from ensure_browser.core.errors import NoSuchKey, StorageError

    if key == "" or key.endswith("/"):
        return bucket, key
    try:
        storage.stat(bucket, key)
        return bucket, key
    except NoSuchKey:
        pass
    try:
        below = next(iter(storage.list_recursive(bucket, key + "/")), None)
    except StorageError:
        below = None
    if below is None:
        raise UsageError(f"s3://{bucket}/{key} is neither an object nor a folder with objects in it.")
    return bucket, key + "/"


def run(args: argparse.Namespace) -> int:
    from ensure_browser.cli.transfers import INTERRUPTED, Interrupted, run_to_end
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.core.transfers.already_there import DownloadPlan
    from ensure_browser.core.transfers.driver import ThreadedDriver
    from ensure_browser.core.transfers.jobs import ConflictPolicy
    from ensure_browser.core.transfers.pending import PendingDownloads
    from ensure_browser.core.transfers.queue import TransferQueue
    from ensure_browser.safe_text import terminal

    items = [parse_source(text) for text in args.sources]
    dest: Path = args.to
    try:
        dest.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{dest} cannot be made a folder: {exc.strerror or exc}.") from None
    settings, names, cleanup = cli_connection(args)
    try:
        storage = Storage(settings)
        pending = PendingDownloads(settings.endpoint, args.sources, dest)
        queue = TransferQueue(storage, names, conflict_policy=ConflictPolicy.KEEP_BOTH)
        driver = ThreadedDriver(queue)
        try:
            jobs = pending.load()
            plan = DownloadPlan()
            if jobs is not None:
                print(f"Resuming an unfinished download into {terminal(str(dest))}: {len(jobs):,} files to go.",
                      file=sys.stderr)
            else:
                try:
                    resolved = [resolve(storage, bucket, key) for bucket, key in items]
                    plan = queue.plan_downloads(resolved, dest)
                except StorageError as err:
                    print(terminal(f"error: {err.message}"), file=sys.stderr)
                    return 1
                jobs = plan.jobs
                if jobs:
                    pending.save(jobs)
            ids = queue.add_downloads(jobs)
            try:
                finished = run_to_end(queue, driver, ids) if ids else []
            except Interrupted:
                print("Interrupted: run the same command again to resume.", file=sys.stderr)
                return INTERRUPTED
        finally:
            driver.close()
    finally:
        cleanup()
    return report(finished, plan, pending, as_json=args.json)


def report(jobs: list[TransferJob], plan: DownloadPlan, pending: PendingDownloads, *, as_json: bool) -> int:
    """Print what became of each file (files already there: "already there", JSON state
    ``unchanged``; a numbered name beside a file that is not the object's: why); the exit status
    (1 when anything failed or was refused)."""
    from ensure_browser.core.transfers.jobs import JobState
    from ensure_browser.safe_text import json_safe, terminal

    def record(bucket: str, key: str, path: str, state: str, error: str, note: str = "") -> None:
        fields = {"bucket": bucket, "key": key, "path": path, "state": state, "error": error, "note": note}
        sys.stdout.write(json_safe(json.dumps(fields, ensure_ascii=False)) + "\n")

    failed = [job for job in jobs if job.state is not JobState.DONE]
    for i, there in enumerate(plan.unchanged):
        if as_json:
            record(there.bucket, there.key, there.path, "unchanged", "")
        elif i < SHOWN_UNCHANGED:
            print(terminal(f"already there: {there.path}"), file=sys.stderr)
    if plan.unchanged and not as_json:
        more = len(plan.unchanged) - SHOWN_UNCHANGED
        print((f"… and {more:,} more; " if more > 0 else "")
              + f"{len(plan.unchanged):,} file(s) already there and identical: not downloaded again.", file=sys.stderr)
    for job in jobs:
        note = plan.notes.get(job.id, "")
        if as_json:
            record(job.bucket, job.key, job.local_path, job.state.value, job.error, note)
            continue
        if note:
            print(terminal(f"note: {note}"), file=sys.stderr)
        if job.state is JobState.DONE:
            print(terminal(job.local_path))
    for job in failed:
        print(terminal(f"failed: s3://{job.bucket}/{job.key}: {job.error or job.state.value}"), file=sys.stderr)
    for message in plan.refusals:
        print(terminal(f"refused: {message}"), file=sys.stderr)
    if failed:
        print("Run the same command again to resume what failed.", file=sys.stderr)
    else:
        pending.finish()
    return 1 if failed or plan.refusals else 0


COMMAND = Command(
    "download", "download objects and folders under their real names (verified, resumable)", add_arguments, run,
    description="Download objects, folders (s3://BUCKET/PREFIX/) or whole buckets into a local folder. "
                "Materials and notes get their original file names, made safe for this file system and "
                "numbered on collision; every file is verified. Run the same command again to resume an "
                "interrupted download; files already there and proven identical (size and checksum) are "
                "not downloaded again, nothing is ever overwritten. Exits 1 when any file failed or was refused.",
)
