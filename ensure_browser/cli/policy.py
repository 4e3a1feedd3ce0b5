"""``ensure-browser policy check``: the bucket policies against the schema, from a terminal.

Prints, per bucket of the schema, ``OK`` or the drift findings with their severity (or ``--json``).
Exit status: 1 when a finding is critical (e.g. recordings or materials readable by anyone), 2 when
a bucket's policy could not be read or the server not reached, 0 otherwise. ``--probe`` also asks
the server itself with unsigned requests for each probe key of the schema.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from typing import Any, TextIO

from ensure_browser.cli.common import Command, add_connection_args, cli_connection
from ensure_browser.core.severity import count
from ensure_browser.safe_text import json_safe, terminal

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check", help="print the drift of each bucket's policy from the schema (exit 1 on critical findings)"
    )
    add_connection_args(check, sub_command=True)
    check.add_argument("--json", action="store_true", help="machine-readable output")
    check.add_argument("--probe", action="store_true",
                       help="also send unsigned requests for the schema's probe keys and report what the "
                       "server answers")


def _print_text(reports: list[Any], endpoint: str, access_key: str, out: TextIO) -> None:
    buffer = io.StringIO()
    _write_text(reports, endpoint, access_key, buffer)
    out.write(terminal(buffer.getvalue()))  # bucket names, keys and server messages: the server's words


def _write_text(reports: list[Any], endpoint: str, access_key: str, out: TextIO) -> None:
    print(f"Bucket policies at {endpoint} (read as {access_key}) compared with the schema:", file=out)
    found: list[str] = []
    for report in reports:
        status = report.status
        if status == "ok":
            print(f"{report.bucket}: OK", file=out)
        elif status == "missing":
            print(f"{report.bucket}: MISSING - the bucket does not exist", file=out)
        elif status == "error":
            print(f"{report.bucket}: ERROR - {report.error}", file=out)
        elif status == "unsupported":
            print(f"{report.bucket}: NO POLICIES - {report.unsupported}", file=out)
        else:
            print(f"{report.bucket}: DRIFT ({report.worst})", file=out)
        for finding in report.sorted_findings():
            found.append(finding.severity)
            print(f"  [{finding.severity}] {finding.message}", file=out)
        for check in report.live_checks:
            if check.severity:
                found.append(check.severity)
                print(f"  [{check.severity}] server: {check.message}", file=out)
            elif check.answer.allowed is None:
                print(f"  [note] server: {check.message}", file=out)
    if any(r.status == "unsupported" and not r.live_checks for r in reports):
        print("What anyone may read without a key is then the server's own setting: --probe asks it.", file=out)
    counts = count(found)
    print(f"Summary: {counts['critical']} critical, {counts['warning']} warning(s), {counts['info']} info.",
          file=out)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.policies.check import check_all, exit_status
    from ensure_browser.core.policies.reachability import AnonymousProbe
    from ensure_browser.core.s3.storage import Storage

    out = out or sys.stdout
    if args.policy_command != "check":  # argparse makes the action required; be explicit anyway
        print(f"error: unknown policy action {args.policy_command!r}", file=sys.stderr)
        return 2
    settings, names, cleanup = cli_connection(args)  # UsageError: reported by cli.main (status 2)
    try:
        storage = Storage(settings)
        anonymous = AnonymousProbe(settings) if args.probe else None
        reports = check_all(storage, names, anonymous)
    except StorageError as err:
        print(terminal(f"error: {err.message}"), file=sys.stderr)
        return 2
    finally:
        cleanup()
    status = exit_status(reports)
    if args.json:
        doc = {"endpoint": settings.endpoint, "access_key": settings.access_key,
               "buckets": [r.to_dict() for r in reports], "exit_status": status,
               "server": storage.capabilities.to_dict()}
        print(json_safe(json.dumps(doc, indent=2, ensure_ascii=False)), file=out)
    else:
        _print_text(reports, settings.endpoint, settings.access_key, out)
        out.write(storage.capabilities.report())
    log.info("policy check: exit status %d", status)
    return status


COMMAND = Command("policy", "check the bucket policies against the storage schema", add_arguments, run)
