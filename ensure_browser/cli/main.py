"""Command line, logging and start-up: the command table, ``--self-test``, and the window.

``ensure-browser`` opens the window; ``ensure-browser provision`` (and the other sub-commands of
:data:`COMMANDS`) work without a display. Qt is imported only when the window (or the self-test,
which checks the GUI's parts) is asked for: through a function-level import of the ui layer.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Sequence

from ensure_browser import APP_DISPLAY_NAME, APP_NAME, __version__
from ensure_browser.cli import download, lifecycle, policy, provision, scan, search, upload, versions
from ensure_browser.cli.common import Command, UsageError, add_connection_args, resolve_target
from ensure_browser.safe_text import terminal

log = logging.getLogger(__name__)

COMMANDS: tuple[Command, ...] = (provision.COMMAND, policy.COMMAND, lifecycle.COMMAND, scan.COMMAND, search.COMMAND,
                                 upload.COMMAND, download.COMMAND, versions.VERSIONS, versions.RESTORE)


def build_parser(commands: Sequence[Command] = COMMANDS) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=APP_NAME,
        description=f"{APP_DISPLAY_NAME}: browse and manage the Ensure Study object storage.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {__version__}")
    parser.add_argument("--self-test", action="store_true", help="check the bundled Qt plugins, media, keyring; exit")
    parser.add_argument("-v", "--verbose", action="count", default=0,
                        help="log to the console too (-vv for debug)")
    add_connection_args(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for command in commands:
        command.add_arguments(sub.add_parser(command.name, help=command.help, description=command.description))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from ensure_browser.logs import setup_logging

    log_file = setup_logging(args.verbose)
    log.info("%s %s starting (log: %s)", APP_NAME, __version__, log_file)
    if args.self_test:
        from ensure_browser.ui.selftest import run_self_test
        return run_self_test()
    try:
        if args.command:
            run = next(command.run for command in COMMANDS if command.name == args.command)
            return run(args)
        target = resolve_target(args)
        if target.token_file:
            raise UsageError("A web identity token file ($AWS_WEB_IDENTITY_TOKEN_FILE) signs in the sub-commands; "
                             "the window signs in with a connection profile (--profile NAME) or an access key.")
    except UsageError as err:
        parser.exit(2, terminal(f"{APP_NAME}: error: {err}") + "\n")
    from ensure_browser.ui.application import run_gui

    return run_gui(target, args)


if __name__ == "__main__":
    raise SystemExit(main())
