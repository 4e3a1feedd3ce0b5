"""What the sub-commands share: the connection options, where they lead, bad usage, a command's entry.

No Qt here, and the core is imported only where a command needs it (``--version`` and ``--help``
stay quick).
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ensure_browser.safe_text import terminal

if TYPE_CHECKING:
    from ensure_browser.core.connection import Target
    from ensure_browser.core.s3.storage import ConnectionSettings
    from ensure_browser.core.schema.table import BucketNames


class UsageError(Exception):
    """Bad command-line input: printed as one line, exit status 2."""


@dataclass(frozen=True)
class Command:
    """One sub-command of the command table: its parser's arguments, and what runs it (exit status)."""

    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
    description: str | None = None


def add_connection_args(parser: argparse.ArgumentParser, *, sub_command: bool = False) -> None:
    """The connection options. They work before or after the sub-command: on a sub-command's parser
    an option that is not given sets nothing (``argparse.SUPPRESS``), so it never overwrites what
    was given before the sub-command's name."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if sub_command else value

    group = parser.add_argument_group("connection")
    group.add_argument("--demo", action="store_true", default=default(False),
                       help="start the embedded demo server with sample data and connect to it")
    group.add_argument("--profile", metavar="NAME", default=default(None),
                       help="connect with a saved connection profile")
    group.add_argument("--endpoint", metavar="HOST:PORT", default=default(None),
                       help="S3 endpoint, e.g. localhost:9000 (default: $MINIO_ENDPOINT)")
    group.add_argument("--access-key", metavar="KEY", default=default(None),
                       help="access key (default: $MINIO_ROOT_USER or $AWS_ACCESS_KEY_ID); the secret "
                       "comes from the keyring, $MINIO_ROOT_PASSWORD or $AWS_SECRET_ACCESS_KEY")
    group.add_argument("--tls", action="store_true", default=default(False), help="use HTTPS")
    group.add_argument("--ca-file", metavar="PEM", default=default(None),
                       help="CA bundle to verify the server's certificate")
    group.add_argument("--insecure", action="store_true", default=default(False),
                       help="do not verify the TLS certificate")
    group.add_argument("--region", default=default("us-east-1"), help="S3 region (default: us-east-1)")


def resolve_target(args: argparse.Namespace, env: dict[str, str] | None = None) -> Target:
    """Where the connection options of ``args`` lead (:func:`ensure_browser.core.connection.resolve_target`)."""
    from ensure_browser.core.connection import TargetError, TargetOptions
    from ensure_browser.core.connection import resolve_target as resolve

    options = TargetOptions(demo=args.demo, profile=args.profile, endpoint=args.endpoint,
                            access_key=args.access_key, tls=args.tls, ca_file=args.ca_file,
                            insecure=args.insecure, region=args.region)
    try:
        return resolve(options, env)
    except TargetError as err:
        raise UsageError(str(err)) from None


def cli_connection(args: argparse.Namespace) -> tuple[ConnectionSettings, BucketNames, Callable[[], None]]:
    """(ConnectionSettings, BucketNames, cleanup) for a sub-command run in a terminal; a connection
    that anyone on the network path can read or impersonate is named on stderr first."""
    settings, names, cleanup = _connection(args)
    for line in path_warnings(settings):
        print(line, file=sys.stderr)
    return settings, names, cleanup


def path_warnings(settings: ConnectionSettings) -> list[str]:
    """What the command line says, before connecting, about a path that is not protected: plain HTTP
    to another machine, or a certificate that is not checked (see :class:`ConnectionSettings`)."""
    lines = []
    if settings.in_the_clear:
        lines.append(f"Warning: plain HTTP to {settings.endpoint}: anyone on the network path can read "
                     "everything sent and received (object keys and contents included) and can change "
                     "what is downloaded. Uploads are signed, so their contents cannot be changed. "
                     "Use --tls where the server offers HTTPS.")
    if settings.unverified_tls:
        lines.append(f"Warning: the certificate of {settings.endpoint} is not verified (--insecure or the "
                     "profile's option): anyone on the network path can pose as the server and read or "
                     "change everything. Give its CA with --ca-file instead.")
    return lines


def _connection(args: argparse.Namespace) -> tuple[ConnectionSettings, BucketNames, Callable[[], None]]:
    from ensure_browser.core.connection import TargetError, saved_profile, settings_for
    from ensure_browser.core.schema.table import BucketNames
    from ensure_browser.logs import register_secret

    target = resolve_target(args)
    if target.demo:
        from ensure_browser.demo.runtime import start_demo_server

        server, settings = start_demo_server()
        return settings, BucketNames(), server.stop
    if target.profile:
        from ensure_browser.core.auth.errors import SignInError
        from ensure_browser.core.auth.headless import person_profile

        try:  # a person's profile: the window's kept OpenID Connect sign-in, or an LDAP password
            signed_in = person_profile(target.profile, _directory_password)
        except SignInError as err:
            raise UsageError(err.message) from None
        if signed_in is not None:
            print(f"Signed in as {terminal(signed_in[0].access_key)} (temporary keys).", file=sys.stderr)
            return signed_in[0], signed_in[1], lambda: None
        try:
            settings, names = saved_profile(target.profile)
        except TargetError as err:
            raise UsageError(str(err)) from None
        register_secret(settings.secret_key)
        return settings, names, lambda: None
    if not target.endpoint:
        raise UsageError("Say where to connect: --endpoint and --access-key, --profile NAME, or --demo.")
    if target.token_file:
        from ensure_browser.core.auth.errors import SignInError
        from ensure_browser.core.auth.headless import TokenFile, token_file_sign_in

        try:
            settings = token_file_sign_in(settings_for(target, ""),
                                          TokenFile(target.token_file, target.role_arn, target.session_name))
        except SignInError as err:
            raise UsageError(err.message) from None
        return settings, BucketNames(), lambda: None
    secret = target.secret
    if secret is None:
        if not sys.stdin.isatty():
            raise UsageError("No secret key: set $MINIO_ROOT_PASSWORD or store it in the keyring.")
        secret = getpass.getpass(f"Secret key for {target.access_key}@{target.endpoint}: ")
    register_secret(secret)
    return settings_for(target, secret), BucketNames(), lambda: None


def _directory_password(user: str, profile: str) -> str:
    """The password of a directory (LDAP) profile, asked on the terminal (not echoed, not kept)."""
    if not sys.stdin.isatty():
        raise UsageError(f"The profile {profile!r} signs in with a directory password, which is asked on a terminal, "
                         "and there is none here. Run the command in a terminal, or use a profile with an access "
                         "key for scheduled jobs.")
    return getpass.getpass(f"Directory password of {user} ({profile}): ")
