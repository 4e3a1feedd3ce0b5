"""``ensure-browser lifecycle check|apply``: the buckets' lifecycle rules against the schema, from a terminal.

``check`` prints, per bucket of the schema, its versioning and ``OK`` or the drift in plain words
(or ``--json``); exit status 1 on drift (or a missing bucket), 2 when a bucket's rules could not be
read or the server not reached, 0 otherwise (also on a server without lifecycle rules, which is
said). ``apply`` shows the difference for each bucket that drifts and, once confirmed (``--yes``
for scripts), writes the schema's rules, only while the live ones still do what was shown.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Callable
from typing import Any, TextIO

from ensure_browser.cli.common import Command, add_connection_args, cli_connection
from ensure_browser.safe_text import json_safe, terminal

log = logging.getLogger(__name__)


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number of days: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("at least 1 day")
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="lifecycle_command", metavar="ACTION", required=True)
    check = actions.add_parser("check", help="print the drift of each bucket's lifecycle rules from the schema "
                                             "(exit 1 on drift)")
    apply = actions.add_parser("apply", help="show the difference and set the schema's lifecycle rules")
    for sub in (check, apply):
        add_connection_args(sub, sub_command=True)
        sub.add_argument("--temp-days", type=_days, default=7, metavar="DAYS",
                         help="temporary uploads (temp/) expire after DAYS (default: 7)")
        sub.add_argument("--noncurrent-days", type=_days, default=30, metavar="DAYS",
                         help="old versions are kept DAYS after they were replaced (default: 30)")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    apply.add_argument("--yes", action="store_true", help="apply without asking (for scripts)")
    apply.add_argument("--bucket", action="append", metavar="NAME",
                       help="only this bucket of the schema (repeatable; default: all four)")


def _write_report(reports: list[Any], endpoint: str, out: TextIO) -> None:
    from ensure_browser.core.retention.check import versioning_word

    print(f"Lifecycle rules at {endpoint} compared with the schema:", file=out)
    for report in reports:
        status = report.status
        versioning = f" (versioning {versioning_word(report.versioning)})" if report.exists else ""
        if status == "ok":
            print(f"{report.bucket}{versioning}: OK", file=out)
        elif status == "missing":
            print(f"{report.bucket}: MISSING - the bucket does not exist (ensure-browser provision creates it)",
                  file=out)
        elif status == "error":
            print(f"{report.bucket}{versioning}: ERROR - {report.error}", file=out)
        elif status == "unsupported":
            print(f"{report.bucket}{versioning}: NO LIFECYCLE RULES - {report.unsupported}", file=out)
        else:
            print(f"{report.bucket}{versioning}: DRIFT ({report.worst})", file=out)
        for finding in report.findings:
            print(f"  [{finding.severity}] {finding.message}", file=out)
        for note in report.notes:
            print(f"  [note] {note}", file=out)


def _settings(args: argparse.Namespace) -> Any:
    from ensure_browser.core.retention.expected import RetentionSettings

    return RetentionSettings(temp_days=args.temp_days, noncurrent_days=args.noncurrent_days)


def _ask(prompt: str) -> bool:
    if not sys.stdin.isatty():
        return False
    try:
        return input(prompt).strip().lower() in ("y", "yes")
    except EOFError:
        return False


def _apply(storage: Any, names: Any, args: argparse.Namespace, reports: list[Any], out: TextIO,
           ask: Callable[[str], bool]) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.retention.check import apply_expected_rules
    from ensure_browser.core.retention.compare import rules_diff

    chosen = set(args.bucket or [])
    unknown = chosen - set(names.all())
    if unknown:
        print(terminal(f"error: not a bucket of the schema: {', '.join(sorted(unknown))}"), file=sys.stderr)
        return 2
    status = 0
    changed = 0
    for report in reports:
        if chosen and report.bucket not in chosen:
            continue
        if report.status != "drift":
            if report.status in ("error", "missing"):
                status = max(status, 1)
            continue
        out.write(terminal(rules_diff(report.live, report.expected, report.bucket)))
        if not args.yes and not ask(f"Apply the schema's lifecycle rules to {report.bucket}? [y/N] "):
            print(terminal(f"{report.bucket}: not changed."), file=out)
            status = max(status, 1)
            continue
        try:
            apply_expected_rules(storage, report.bucket, names, _settings(args), seen=report.live)
        except StorageError as err:
            print(terminal(f"error: {err.message}"), file=sys.stderr)
            status = 2
            continue
        changed += 1
        print(terminal(f"{report.bucket}: the schema's lifecycle rules are set."), file=out)
    if not changed and status == 0:
        print("Nothing to do: the lifecycle rules are as the schema says (or the server has none).", file=out)
    return status


def run(args: argparse.Namespace, out: TextIO | None = None, ask: Callable[[str], bool] = _ask) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.retention.check import check_all, exit_status
    from ensure_browser.core.s3.storage import Storage

    out = out or sys.stdout
    settings, names, cleanup = cli_connection(args)  # UsageError: reported by cli.main (status 2)
    storage = Storage(settings)
    try:
        reports = check_all(storage, names, _settings(args))
        if args.lifecycle_command == "apply":
            if not args.yes and not sys.stdin.isatty() and ask is _ask:
                print("error: not a terminal to confirm in: give --yes to apply without asking", file=sys.stderr)
                return 2
            status = _apply(storage, names, args, reports, out, ask)
            out.write(storage.capabilities.report())
            return status
    except StorageError as err:
        print(terminal(f"error: {err.message}"), file=sys.stderr)
        return 2
    finally:
        cleanup()
    status = exit_status(reports)
    if args.json:
        doc = {"endpoint": settings.endpoint, "buckets": [r.to_dict() for r in reports], "exit_status": status,
               "server": storage.capabilities.to_dict()}
        print(json_safe(json.dumps(doc, indent=2, ensure_ascii=False)), file=out)
    else:
        buffer = io.StringIO()
        _write_report(reports, settings.endpoint, buffer)
        out.write(terminal(buffer.getvalue()))
        out.write(storage.capabilities.report())
    log.info("lifecycle check: exit status %d", status)
    return status


COMMAND = Command("lifecycle", "check or apply the buckets' lifecycle rules of the schema", add_arguments, run)
