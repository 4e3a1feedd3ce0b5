"""``ensure-browser scan``: the storage health scan in a terminal.

Prints the report as tables (or ``--json``) and exits 1 when there are critical findings, 0
otherwise (2 for bad usage, as argparse does).
"""

from __future__ import annotations

import argparse
import logging
import sys
from datetime import timedelta
from typing import TYPE_CHECKING

from ensure_browser.cli.common import Command, UsageError, add_connection_args, cli_connection

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ensure_browser.core.s3.storage import Storage

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    from ensure_browser.core.health.limits import DEFAULT_TEMP_MAX_AGE

    default_hours = DEFAULT_TEMP_MAX_AGE.total_seconds() / 3600
    add_connection_args(parser, sub_command=True)
    parser.add_argument("--bucket", metavar="B",
                        help="scan only this bucket (its name, or a role: documents, recordings, ocr, mlflow)")
    parser.add_argument("--prefix", metavar="P", default="", help="scan only keys below this prefix")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--temp-age", metavar="HOURS", type=float, default=default_hours,
                        help=f"temporary uploads older than this are stale (default: {default_hours:g})")
    parser.add_argument("--top", metavar="N", type=int, default=10,
                        help="entities and largest objects listed per table (default: 10)")


def run(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.health.report import format_report
    from ensure_browser.core.health.scan import resolve_buckets, scan
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.safe_text import json_safe, terminal

    if args.temp_age <= 0:
        raise UsageError("--temp-age must be more than 0 hours.")
    if args.top < 1:
        raise UsageError("--top must be at least 1.")
    settings, names, cleanup = cli_connection(args)
    try:
        try:
            buckets = resolve_buckets(names, [args.bucket] if args.bucket else None)
        except ValueError as err:
            raise UsageError(str(err)) from None
        storage = Storage(settings)
        try:
            report = scan(storage, names, buckets, args.prefix,
                          temp_max_age=timedelta(hours=args.temp_age), top_n=max(args.top, 20))
        except StorageError as err:
            print(terminal(f"error: {err.message}"), file=sys.stderr)
            return 1
        if not args.json:
            _learn_features(storage, buckets)
    finally:
        cleanup()
    sys.stdout.write(json_safe(report.to_json()) if args.json
                     else terminal(format_report(report, args.top)) + "\n" + storage.capabilities.report())
    return 1 if report.has_critical else 0


def _learn_features(storage: Storage, buckets: Sequence[str]) -> None:
    """What the server has of versioning and lifecycle rules (into its capabilities), from the first
    bucket that answers; optional: a failure is logged only."""
    from ensure_browser.core.errors import StorageError

    for bucket in buckets:
        try:
            features = storage.bucket_features(bucket)
        except StorageError as err:
            log.info("versioning and lifecycle of %s not read: %s", bucket, err.message)
            continue
        log.info("%s: versioning %s, lifecycle rules %s", bucket, features.versioning, features.lifecycle_rules)
        return


COMMAND = Command(
    "scan", "check the storage against the schema and show usage (exit 1 on critical findings)", add_arguments, run,
    description="Walk the buckets, report every consistency problem and the usage per bucket, classroom, "
                "meeting, exam, OCR document and experiment. Exits 1 when critical findings exist.",
)
