"""``ensure-browser provision [--versioning]``: create the schema's buckets and the public thumbnail
policy (and turn their versioning on).

Prints one line per change (or that there was nothing to do), then what the server's answers
showed it supports; exit status 1 when the server refused, 0 otherwise.
"""

from __future__ import annotations

import argparse
import sys

from ensure_browser.cli.common import Command, add_connection_args, cli_connection


def run(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.provision import provision
    from ensure_browser.core.s3.storage import Storage
    from ensure_browser.safe_text import terminal

    settings, names, cleanup = cli_connection(args)
    storage = Storage(settings)
    try:
        changes = provision(storage, names, versioning=args.versioning)
    except StorageError as err:
        print(terminal(f"error: {err.message}"), file=sys.stderr)
        sys.stderr.write(storage.capabilities.report())
        return 1
    finally:
        cleanup()
    for line in changes:
        print(terminal(line))
    if not changes:
        versioned = " (versioning on)" if args.versioning else ""
        print(f"Nothing to do: the buckets{versioned} and the thumbnail policy are as the schema says.")
    sys.stdout.write(storage.capabilities.report())
    return 0


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_connection_args(parser, sub_command=True)
    parser.add_argument("--versioning", action="store_true",
                        help="also turn versioning on for the four buckets (deleted and replaced objects are "
                        "kept as old versions)")


COMMAND = Command("provision", "create the four buckets and the public thumbnail policy", add_arguments, run)
