"""``ensure-browser upload material --classroom ID FILE...`` and ``upload note --student ID FILE...``.

The same planning and refusals as a drop on the classroom or the student in the window
(:func:`~ensure_browser.core.transfers.plan.plan_drop`: PDFs only, checked by their header, links and
folders refused, a fresh key per file, the original file name in the metadata), the same queue and
verification, and a material's thumbnail rendered from page 1 without Qt
(:mod:`~ensure_browser.core.transfers.pdf_thumbnail`). ``--json`` prints one record per file with its
key. Exit 1 when any file was refused or failed (a missing thumbnail is said, and counts as failed).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ensure_browser.cli.common import Command, UsageError, add_connection_args, cli_connection

if TYPE_CHECKING:
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.core.transfers.jobs import TransferJob
    from ensure_browser.core.transfers.plan import DropPlan

KINDS = {"material": ("classroom", "classroom_id", "--classroom"), "note": ("student", "student_id", "--student")}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_args(parser, sub_command=True)
    parser.add_argument("kind", choices=sorted(KINDS), help="material (a classroom's) or note (a student's)")
    parser.add_argument("files", nargs="+", metavar="FILE", type=Path, help="PDF files")
    parser.add_argument("--classroom", metavar="ID", help="the classroom of the materials")
    parser.add_argument("--student", metavar="ID", help="the student of the notes")
    parser.add_argument("--json", action="store_true",
                        help="print one JSON record per file (file, state, bucket, key, thumbnail, error)")


def plan(args: argparse.Namespace, names: BucketNames) -> DropPlan:
    """The drop plan of the files (no network), as if they were dropped on the classroom or student."""
    from ensure_browser.core.transfers.plan import DropTarget, plan_drop

    target_kind, id_name, option = KINDS[args.kind]
    owner = args.classroom if args.kind == "material" else args.student
    other = args.student if args.kind == "material" else args.classroom
    if not owner:
        raise UsageError(f"upload {args.kind} needs {option} ID.")
    if other:
        wrong = "--student" if option == "--classroom" else "--classroom"
        raise UsageError(f"upload {args.kind} takes {option}, not {wrong}.")
    target = DropTarget(target_kind, names.documents, ids={id_name: owner}, label=f"{target_kind} {owner}")
    try:
        return plan_drop(target, list(args.files), names)
    except ValueError as err:  # an id the schema cannot put in a key ("../x", "a/b")
        raise UsageError(f"{option} {owner!r} cannot be used: {err}") from None


def run(args: argparse.Namespace) -> int:
    from ensure_browser.cli.transfers import INTERRUPTED, Interrupted, run_to_end
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.core.transfers.driver import ThreadedDriver
    from ensure_browser.core.transfers.pdf_thumbnail import thumbnail_png
    from ensure_browser.core.transfers.queue import TransferQueue

    settings, names, cleanup = cli_connection(args)
    try:
        drop = plan(args, names)
        records: list[dict[str, Any]] = [
            {"file": str(r.path), "state": "refused", "bucket": None, "key": None, "thumbnail": None,
             "error": r.message} for r in drop.refusals]
        interrupted = False
        if drop.uploads:
            # No journal (the window's is the window's to write): Ctrl+C cancels, and a cancelled
            # upload aborts its multipart parts, so nothing is left on the server unseen.
            queue = TransferQueue(Storage(settings), names, render_thumbnail=thumbnail_png)
            driver = ThreadedDriver(queue)
            try:
                ids = queue.add_plan(drop)
                try:
                    run_to_end(queue, driver, ids, cancel_on_interrupt=True)
                except Interrupted:
                    interrupted = True
            finally:
                driver.close()
            records.extend(_records(queue.jobs(), ids))
    finally:
        cleanup()
    status = _print(records, as_json=args.json)
    if interrupted:
        print("Interrupted: the unfinished uploads were cancelled.", file=sys.stderr)
        return INTERRUPTED
    return status


def _records(jobs: list[TransferJob], ids: list[str]) -> list[dict[str, Any]]:
    from ensure_browser.core.transfers.jobs import JobState

    thumbnails = {job.parent_id: job for job in jobs if job.parent_id}
    by_id = {job.id: job for job in jobs}
    records = []
    for job_id in ids:
        job = by_id[job_id]
        thumb = thumbnails.get(job_id)
        error = job.error
        state = "uploaded" if job.state is JobState.DONE else "failed"
        if state == "uploaded" and job.thumbnail_key and (thumb is None or thumb.state is not JobState.DONE):
            state = "failed"
            error = f"uploaded, but its thumbnail was not: {thumb.error if thumb else 'not rendered'}"
        records.append({"file": job.local_path, "state": state, "bucket": job.bucket, "key": job.key,
                        "thumbnail": job.thumbnail_key if thumb is not None and thumb.state is JobState.DONE
                        else None, "error": error})
    return records


def _print(records: list[dict[str, Any]], *, as_json: bool) -> int:
    from ensure_browser.safe_text import json_safe, terminal

    for record in records:
        if as_json:
            sys.stdout.write(json_safe(json.dumps(record, ensure_ascii=False)) + "\n")
        elif record["state"] == "uploaded":
            print(terminal(f"{record['file']} -> s3://{record['bucket']}/{record['key']}"))
        if record["state"] != "uploaded":
            print(terminal(f"{record['state']}: {record['file']}: {record['error']}"), file=sys.stderr)
    return 1 if any(record["state"] != "uploaded" for record in records) else 0


COMMAND = Command(
    "upload", "upload PDFs as a classroom's materials or a student's notes (as a drop in the window)",
    add_arguments, run,
    description="Upload PDF files as materials of a classroom (upload material --classroom ID FILE...) or "
                "notes of a student (upload note --student ID FILE...): the same checks as a drop in the "
                "window (PDFs only, links and folders refused), a new key per file with the original name "
                "in its metadata, verified, and a thumbnail for each material. Exits 1 when any file was "
                "refused or failed.",
)
