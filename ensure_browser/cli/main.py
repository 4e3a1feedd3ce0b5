"""Command line, logging, QApplication and start-up.

``ensure-browser`` opens the window; ``ensure-browser provision`` (and other sub-commands) work
without a display. Qt is imported only when the window is needed.
"""

from __future__ import annotations

import argparse
import getpass
import logging
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ensure_browser import APP_DISPLAY_NAME, APP_NAME, __version__

log = logging.getLogger(__name__)

KEYRING_SERVICE = APP_NAME
SECRET_ENV_VARS = ("MINIO_ROOT_PASSWORD", "AWS_SECRET_ACCESS_KEY")


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


@dataclass
class Target:
    """Where to connect, resolved from the command line (without touching the network)."""

    label: str
    endpoint: str = ""
    access_key: str = ""
    secret: str | None = None
    tls: bool = False
    verify_tls: bool = True
    ca_file: str | None = None
    region: str = "us-east-1"
    demo: bool = False
    profile: str | None = None


def add_connection_args(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("connection")
    group.add_argument("--demo", action="store_true",
                       help="start the embedded demo server with sample data and connect to it")
    group.add_argument("--profile", metavar="NAME", help="connect with a saved connection profile")
    group.add_argument("--endpoint", metavar="HOST:PORT",
                       help="S3 endpoint, e.g. localhost:9000 (default: $MINIO_ENDPOINT)")
    group.add_argument("--access-key", metavar="KEY",
                       help="access key (default: $MINIO_ROOT_USER or $AWS_ACCESS_KEY_ID); the secret "
                       "comes from the keyring, $MINIO_ROOT_PASSWORD or $AWS_SECRET_ACCESS_KEY")
    group.add_argument("--tls", action="store_true", help="use HTTPS")
    group.add_argument("--ca-file", metavar="PEM", help="CA bundle to verify the server's certificate")
    group.add_argument("--insecure", action="store_true", help="do not verify the TLS certificate")
    group.add_argument("--region", default="us-east-1", help="S3 region (default: us-east-1)")


def build_parser(extra: Sequence[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = ()
                 ) -> argparse.ArgumentParser:
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
    prov = sub.add_parser("provision", help="create the four buckets and the public thumbnail policy")
    add_connection_args(prov)
    for add in extra:
        add(sub)
    return parser


def keyring_secret(endpoint: str, access_key: str) -> str | None:
    """The secret stored for ``access_key@endpoint`` in the OS keyring, if any backend has it."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, f"{access_key}@{endpoint}")
        except KeyringError as err:
            log.info("keyring lookup failed: %s", err)
    except Exception as err:
        log.info("no keyring: %s", err)
    return None


def resolve_target(args: argparse.Namespace, env: dict[str, str] | None = None) -> Target:
    env = dict(os.environ if env is None else env)
    if args.demo:
        return Target(label="Demo", demo=True)
    if args.profile:
        return Target(label=args.profile, profile=args.profile)
    endpoint = args.endpoint or env.get("MINIO_ENDPOINT") or ""
    tls = bool(args.tls)
    if not endpoint and env.get("AWS_S3_ENDPOINT"):
        endpoint = env["AWS_S3_ENDPOINT"]
    if endpoint.startswith(("http://", "https://")):
        scheme, _, rest = endpoint.partition("://")
        if "/" in rest.strip("/"):
            raise UsageError(f"The endpoint {endpoint} has a path; give only host:port.")
        endpoint, tls = rest.strip("/"), tls or scheme == "https"
    if not endpoint:
        return Target(label="")
    access_key = args.access_key or env.get("MINIO_ROOT_USER") or env.get("AWS_ACCESS_KEY_ID") or ""
    if not access_key:
        raise UsageError("--endpoint needs --access-key (or $MINIO_ROOT_USER / $AWS_ACCESS_KEY_ID).")
    secret = next((env[v] for v in SECRET_ENV_VARS if env.get(v)), None)
    if secret is None:
        secret = keyring_secret(endpoint, access_key)
    if args.ca_file and not Path(args.ca_file).is_file():
        raise UsageError(f"The CA file {args.ca_file} does not exist.")
    return Target(label=endpoint, endpoint=endpoint, access_key=access_key, secret=secret, tls=tls,
                  verify_tls=not args.insecure, ca_file=args.ca_file, region=args.region)


def _settings_for(target: Target, secret: str):  # type: ignore[no-untyped-def]
    from ensure_browser.core.s3.storage import ConnectionSettings

    return ConnectionSettings(endpoint=target.endpoint, access_key=target.access_key, secret_key=secret,
                              secure=target.tls, verify_tls=target.verify_tls, ca_file=target.ca_file,
                              region=target.region)


def cli_connection(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """(ConnectionSettings, BucketNames, cleanup) for a sub-command run in a terminal."""
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.logs import register_secret

    target = resolve_target(args)
    if target.demo:
        from ensure_browser.demo.runtime import start_demo_server

        server, settings = start_demo_server()
        return settings, BucketNames(), server.stop
    if target.profile:
        from ensure_browser.core.connection import to_settings
        from ensure_browser.core.profiles.secrets import SecretStore
        from ensure_browser.core.profiles.store import ProfileStore

        store = ProfileStore()
        profile = store.get(target.profile)
        if profile is None:
            raise UsageError(f"There is no connection profile named {target.profile!r}.")
        secret = SecretStore().get(profile.name)
        if secret is None:
            raise UsageError(f"No secret is stored for the profile {profile.name!r}; open it in the app once.")
        register_secret(secret)
        return to_settings(profile, secret), profile.buckets, lambda: None
    if not target.endpoint:
        raise UsageError("Say where to connect: --endpoint and --access-key, --profile NAME, or --demo.")
    secret = target.secret
    if secret is None:
        if not sys.stdin.isatty():
            raise UsageError("No secret key: set $MINIO_ROOT_PASSWORD or store it in the keyring.")
        secret = getpass.getpass(f"Secret key for {target.access_key}@{target.endpoint}: ")
    register_secret(secret)
    return _settings_for(target, secret), BucketNames(), lambda: None


def cmd_provision(args: argparse.Namespace) -> int:
    from ensure_browser.core.errors import StorageError
    from ensure_browser.core.provision import provision
    from ensure_browser.core.s3.storage import Storage

    settings, names, cleanup = cli_connection(args)
    try:
        changes = provision(Storage(settings), names)
    except StorageError as err:
        print(f"error: {err.message}", file=sys.stderr)
        return 1
    finally:
        cleanup()
    for line in changes:
        print(line)
    if not changes:
        print("Nothing to do: the buckets and the thumbnail policy are as the schema says.")
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"provision": cmd_provision}
EXTRA_PARSERS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []


def _load_plugins() -> None:
    """Sub-commands that live in their own modules register here."""
    for module in ("ensure_browser.cli.policy", "ensure_browser.cli.scan"):
        try:
            mod = __import__(module, fromlist=["register"])
        except ModuleNotFoundError as err:
            if err.name != module:
                raise
            continue
        name, add_parser, run = mod.register()
        if name in COMMANDS:  # main() may run more than once in a process (tests)
            continue
        EXTRA_PARSERS.append(add_parser)
        COMMANDS[name] = run


def main(argv: Sequence[str] | None = None) -> int:
    _load_plugins()
    parser = build_parser(EXTRA_PARSERS)
    args = parser.parse_args(argv)
    from ensure_browser.logs import setup_logging

    log_file = setup_logging(args.verbose)
    log.info("%s %s starting (log: %s)", APP_NAME, __version__, log_file)
    if args.self_test:
        from ensure_browser.selftest import run_self_test
        return run_self_test()
    try:
        if args.command:
            return COMMANDS[args.command](args)
        target = resolve_target(args)
    except UsageError as err:
        parser.exit(2, f"{APP_NAME}: error: {err}\n")
    from ensure_browser.ui.application import run_gui

    return run_gui(target, args)


if __name__ == "__main__":
    raise SystemExit(main())
