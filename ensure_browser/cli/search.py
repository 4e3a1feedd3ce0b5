"""``ensure-browser search QUERY``: find objects by name, id, kind, date, size or OCR text.

Refreshes the connection's search index first (unless ``--no-refresh``), then prints one line per
hit (kind, title, location, size, date, OCR snippet) or, with ``--json``, one JSON record per line
with at least ``bucket``, ``key`` and ``kind``. Exit status: 0 with hits, 1 with none, 2 for bad
usage (a query the index cannot parse included).
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import UTC, datetime

from ensure_browser.cli.common import Command, UsageError, add_connection_args, cli_connection

log = logging.getLogger(__name__)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_args(parser, sub_command=True)
    parser.add_argument("query", nargs="*", help="words to find (prefixes of words in the original file name, "
                        "the key or the OCR text); FTS5 syntax works too")
    parser.add_argument("--json", action="store_true", help="one JSON record per hit")
    parser.add_argument("--no-refresh", action="store_true", help="search the index as it is (no listing)")
    parser.add_argument("--kind", action="append", default=[], metavar="KIND",
                        help="only objects of this kind (repeatable), e.g. material, meeting_chunk")
    parser.add_argument("--classroom", default="", metavar="ID", help="only this classroom's objects")
    parser.add_argument("--student", default="", metavar="ID", help="only this student's objects")
    parser.add_argument("--meeting", default="", metavar="ID", help="only this meeting's objects")
    parser.add_argument("--since", metavar="DATE", help="modified on or after this day (YYYY-MM-DD, UTC)")
    parser.add_argument("--until", metavar="DATE", help="modified on or before this day (YYYY-MM-DD, UTC)")
    parser.add_argument("--min-size", metavar="SIZE", help="at least this size, e.g. 500MiB")
    parser.add_argument("--max-size", metavar="SIZE", help="at most this size")
    parser.add_argument("--limit", type=int, default=100, metavar="N", help="hits shown at most (default 100)")


def _query(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from ensure_browser.core.schema.classify import all_kinds
    from ensure_browser.core.search.query import Query, parse_day, parse_size

    unknown = [k for k in args.kind if k not in (*all_kinds(), "unrecognized")]
    if unknown:
        raise UsageError(f"Unknown kind {unknown[0]!r}; kinds: {', '.join(all_kinds())}, unrecognized.")
    if args.limit < 1:
        raise UsageError("--limit must be at least 1.")
    try:
        q = Query(" ".join(args.query), tuple(args.kind), args.classroom, args.student, args.meeting,
                  parse_day(args.since) if args.since else None,
                  parse_day(args.until, end=True) if args.until else None,
                  parse_size(args.min_size) if args.min_size else None,
                  parse_size(args.max_size) if args.max_size else None, args.limit)
    except ValueError as err:
        raise UsageError(str(err)) from None
    if q.empty:
        raise UsageError("Give words to find or at least one filter (--kind, --since, --min-size ...).")
    return q


def run(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.core.search.query import HIT_END, HIT_START, SearchSyntaxError, search
    from ensure_browser.core.search.refresh import refresh
    from ensure_browser.core.search.store import SearchIndex
    from ensure_browser.core.units import human_bytes
    from ensure_browser.safe_text import json_safe, terminal

    q = _query(args)
    settings, names, cleanup = cli_connection(args)
    try:
        index = SearchIndex.for_connection(settings.endpoint, settings.access_key)
        if not args.no_refresh:
            if sys.stderr.isatty():
                print("Refreshing the search index (only what changed is read again)…", file=sys.stderr)
            try:
                result = refresh(Storage(settings), names, index)
            except StorageError as err:
                print(terminal(f"error: the index could not be refreshed: {err.message}"), file=sys.stderr)
                return 1
            for problem in result.problems:
                print(terminal(f"warning: {problem}"), file=sys.stderr)
            log.info("search index refreshed: %s", result.summary())
        try:
            hits, more = search(index, q, names)
        except SearchSyntaxError as err:
            raise UsageError(str(err)) from None
    finally:
        cleanup()
    for hit in hits:
        if args.json:
            sys.stdout.write(json_safe(json.dumps(hit.to_json(), ensure_ascii=False)) + "\n")
            continue
        when = (datetime.fromtimestamp(hit.modified, UTC).strftime("%Y-%m-%d %H:%M")
                if hit.modified is not None else "")
        line = f"{hit.kind_label:<22} {hit.title}  {hit.location}  {human_bytes(hit.size)}  {when}"
        if hit.snippet:
            line += "\n    " + hit.snippet.replace(HIT_START, "[").replace(HIT_END, "]")
        print(terminal(line))
    if more and not args.json:
        print(f"(more than {len(hits):,} hits: the first {len(hits):,} are shown; see --limit)", file=sys.stderr)
    return 0 if hits else 1


COMMAND = Command(
    "search", "find objects by original name, id, kind, date, size or OCR text", add_arguments, run,
    description="Refresh the local search index of the connection (only what changed is read again), "
                "then print the objects matching the words and filters. Exits 1 when nothing matches.",
)
