"""``ensure-browser versions s3://BUCKET/KEY [--json]`` and ``ensure-browser restore s3://BUCKET/KEY
--version VERSION_ID``: an object's versions and delete markers, and one of them made the latest.

A restore copies the chosen version on top of the key (no version is removed); when the latest is a
delete marker, that brings the object back. Server strings (keys, version ids, owners) go through
``safe_text`` before they reach the terminal. Exit status: 0 done, 1 refused or failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from typing import TYPE_CHECKING

from ensure_browser.cli.common import Command, UsageError, add_connection_args, cli_connection

if TYPE_CHECKING:
    from ensure_browser.core.s3.storage import ObjectVersion

log = logging.getLogger(__name__)


def parse_location(text: str) -> tuple[str, str]:
    """``s3://bucket/key`` as (bucket, key); a folder or a bare bucket is bad usage."""
    if not text.startswith("s3://"):
        raise UsageError(f"{text!r} is not an s3://BUCKET/KEY location.")
    bucket, _, key = text[len("s3://"):].partition("/")
    if not bucket or not key or key.endswith("/"):
        raise UsageError(f"{text!r} does not name an object: give s3://BUCKET/KEY.")
    return bucket, key


def _location_arg(parser: argparse.ArgumentParser) -> None:
    add_connection_args(parser, sub_command=True)
    parser.add_argument("location", metavar="s3://BUCKET/KEY", help="the object")


def add_versions_arguments(parser: argparse.ArgumentParser) -> None:
    _location_arg(parser)
    parser.add_argument("--json", action="store_true", help="print one JSON record per version")


def add_restore_arguments(parser: argparse.ArgumentParser) -> None:
    _location_arg(parser)
    parser.add_argument("--version", dest="version_id", metavar="VERSION_ID", required=True,
                        help="the version to make the latest (see `versions`)")


def format_versions(versions: list[ObjectVersion]) -> str:
    """A table: the latest first, delete markers named."""
    from ensure_browser.core.units import human_bytes

    rows = [("VERSION ID", "LATEST", "SIZE", "LAST MODIFIED (UTC)", "WHAT", "BY")]
    for v in versions:
        when = v.last_modified.strftime("%Y-%m-%d %H:%M:%S") if v.last_modified else "-"
        rows.append((v.version_id, "yes" if v.is_latest else "", "-" if v.is_delete_marker else human_bytes(v.size),
                     when, "delete marker" if v.is_delete_marker else "version", v.owner or ""))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows)


def run_versions(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.safe_text import json_safe, terminal

    bucket, key = parse_location(args.location)
    settings, _names, cleanup = cli_connection(args)
    try:
        try:
            versions = Storage(settings).list_versions(bucket, key)
        except StorageError as err:
            print(terminal(f"error: {err.message}"), file=sys.stderr)
            return 1
    finally:
        cleanup()
    if args.json:
        sys.stdout.write(json_safe(json.dumps([v.to_record() for v in versions], ensure_ascii=False, indent=2)) + "\n")
        return 0
    if not versions:
        print(terminal(f"s3://{bucket}/{key} has no versions (no such object)."), file=sys.stderr)
        return 1
    print(terminal(format_versions(versions)))
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.core.versions.restore import restore_version
    from ensure_browser.safe_text import terminal

    bucket, key = parse_location(args.location)
    if not args.version_id:
        raise UsageError("--version needs a version id (see `versions`).")
    settings, _names, cleanup = cli_connection(args)
    try:
        try:
            restored = restore_version(Storage(settings), bucket, key, args.version_id)
        except StorageError as err:
            print(terminal(f"error: {err.message}"), file=sys.stderr)
            return 1
    finally:
        cleanup()
    where = f"s3://{bucket}/{key}"
    if restored.result is None:
        print(terminal(f"{where}: version {args.version_id} is the latest already; nothing was changed."))
    else:
        verb = "brought back (it was deleted)" if restored.was_deleted else "restored"
        print(terminal(f"{where}: version {args.version_id} {verb} as the new latest version "
                       f"{restored.result.version_id or '(no id)'}; every earlier version is kept."))
    return 0


VERSIONS = Command(
    "versions", "list the versions and delete markers of an object", add_versions_arguments, run_versions,
    description="List every version and delete marker of s3://BUCKET/KEY, the latest first.",
)
RESTORE = Command(
    "restore", "make a chosen version of an object the latest (undeletes too)", add_restore_arguments, run_restore,
    description="Copy the version VERSION_ID of s3://BUCKET/KEY on top, so it becomes the latest; no version is "
                "removed. An object whose latest version is a delete marker comes back this way.",
)
