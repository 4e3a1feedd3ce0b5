"""A real OpenID provider and a SeaweedFS server with the STS API, for the sign-in tests.

- :func:`mock_python`: a virtualenv with ``oidc-provider-mock`` 0.4.8 (it needs Python >= 3.12; 0.3.4,
  which pip picks on 3.11, signs tokens without ``kid`` and SeaweedFS refuses them). Made once from
  pyenv's (or the system's) Python 3.12+ under the user's cache folder, then reused.
- :func:`running_provider`: ``oidc-provider-mock`` on a free loopback port (nonce required).
- :func:`iam_config`: SeaweedFS's ``-s3.iam.config`` naming that provider, a role ``Teacher`` whose
  trust policy names it and a role ``Closed`` whose trust policy names another provider.
- :class:`Browser`: what a person does in the system browser, driven by an HTTP client: follow the
  authorization URL, submit the provider's form (a user, or "Deny access"), follow the redirect to the
  app's loopback listener.
"""

from __future__ import annotations

import base64
import glob
import json
import os
import pwd
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from ensure_browser.core.auth.oidc_signin import OidcSignIn, SignedIn
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.s3.settings import ConnectionSettings
from ensure_browser.demo.server import pick_ports, stop_pid, wait_for_port
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server, running_server

MOCK_VERSION = "0.4.8"
CLIENT_ID = "ensure-browser"
PROVIDER_NAME = "school-idp"
TEACHER_ROLE = "arn:aws:iam::role/Teacher"
CLOSED_ROLE = "arn:aws:iam::role/Closed"


def _python_312() -> str | None:
    home = pwd.getpwuid(os.getuid()).pw_dir
    found = sorted(glob.glob(f"{home}/.pyenv/versions/3.1[2-9]*/bin/python"), reverse=True)
    for name in ("python3.13", "python3.12"):
        if (path := shutil.which(name)) is not None:
            found.append(path)
    return found[0] if found else (sys.executable if sys.version_info >= (3, 12) else None)


def mock_python() -> Path:
    """The ``oidc-provider-mock`` program of the cached virtualenv (made on first use; a ``ready`` file
    marks a finished one, so an interrupted install is made again)."""
    venv = Path(pwd.getpwuid(os.getuid()).pw_dir) / ".cache" / "ensure-browser-tests" / f"oidc-provider-mock-{MOCK_VERSION}"
    program = venv / "bin" / "oidc-provider-mock"
    if (venv / "ready").is_file() and program.is_file():
        return program
    base = _python_312()
    if base is None:
        pytest.skip("oidc-provider-mock needs Python >= 3.12 and none was found (pyenv or python3.12)")
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([base, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
                    f"oidc-provider-mock=={MOCK_VERSION}"], check=True)
    (venv / "ready").write_text(MOCK_VERSION)
    return program


@dataclass
class Provider:
    issuer: str
    process: subprocess.Popen[bytes] = field(repr=False)


@contextmanager
def iam_server(issuer: str, token_duration: str = "1h") -> Iterator[S3Server]:
    """A SeaweedFS server (static admin keys too) whose STS API trusts the provider at ``issuer``."""
    with server_with_iam_config(iam_config(issuer, token_duration), "ensure-browser-oidc-") as server:
        yield server


@contextmanager
def server_with_iam_config(text: str, prefix: str) -> Iterator[S3Server]:
    """A SeaweedFS server (static admin keys too) started with ``-s3.iam.config`` holding ``text``."""
    folder = Path(tempfile.mkdtemp(prefix="ensure-browser-iam-"))
    config = folder / "iam.json"
    config.write_text(text)
    try:
        with running_server(prefix, iam_config=config) as server:
            yield server
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def running_provider(*extra: str) -> Iterator[Provider]:
    """``oidc-provider-mock`` on 127.0.0.1 (a nonce required); stopped after the block."""
    program = mock_python()
    port = pick_ports(1)[0]
    with tempfile.TemporaryFile() as log:
        proc = subprocess.Popen([str(program), "-H", "127.0.0.1", "-p", str(port), "-n", "true", *extra], stdout=log,
                                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            if not wait_for_port("127.0.0.1", port, 30):
                log.seek(0)
                raise RuntimeError(f"oidc-provider-mock did not start: {log.read()[-2000:]!r}")
            yield Provider(issuer=f"http://127.0.0.1:{port}", process=proc)
        finally:
            stop_pid(proc.pid)
            proc.wait(10)


def _trust(provider: str) -> dict[str, object]:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Federated": provider},
                                                    "Action": ["sts:AssumeRoleWithWebIdentity"]}]}


def iam_config(issuer: str, token_duration: str = "1h") -> str:
    """SeaweedFS's ``-s3.iam.config`` for the provider at ``issuer`` (see the module's docstring)."""
    everything = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:*"], "Resource": ["*"]},
        {"Effect": "Allow", "Action": ["sts:ValidateSession"], "Resource": ["*"]}]}
    return json.dumps({
        "sts": {"tokenDuration": token_duration, "maxSessionLength": "12h", "issuer": "seaweedfs-sts",
                "signingKey": base64.b64encode(secrets.token_bytes(32)).decode()},
        "providers": [{"name": PROVIDER_NAME, "type": "oidc", "enabled": True,
                       "config": {"issuer": issuer, "clientId": CLIENT_ID, "jwksUri": issuer + "/jwks"}}],
        "policy": {"defaultEffect": "Deny"},
        "roles": [
            {"roleName": "Teacher", "roleArn": TEACHER_ROLE, "trustPolicy": _trust(PROVIDER_NAME),
             "attachedPolicies": ["Everything"]},
            {"roleName": "Closed", "roleArn": CLOSED_ROLE, "trustPolicy": _trust("another-idp"),
             "attachedPolicies": ["Everything"]},
        ],
        "policies": [{"name": "Everything", "document": everything}],
    }, indent=2)


class Browser:
    """The person at the system browser, played by an HTTP client (see the module's docstring).

    Use as ``open_browser``: it answers True at once and acts in a thread, as a browser does."""

    def __init__(self, user: str = "alice", *, deny: bool = False, close_tab: bool = False) -> None:
        self.user, self.deny, self.close_tab = user, deny, close_tab
        self.urls: list[str] = []
        self.errors: list[BaseException] = []
        self.threads: list[threading.Thread] = []

    def __call__(self, url: str) -> bool:
        self.urls.append(url)
        thread = threading.Thread(target=self._act, args=(url,), daemon=True)
        self.threads.append(thread)
        thread.start()
        return True

    def _act(self, url: str) -> None:
        try:
            page = requests.get(url, timeout=10)
            page.raise_for_status()
            if self.close_tab:
                return
            form = {"action": "deny"} if self.deny else {"sub": self.user}
            answer = requests.post(url, data=form, allow_redirects=False, timeout=10)
            location = answer.headers["Location"]
            requests.get(location, timeout=10)
        except BaseException as exc:  # seen by the test
            self.errors.append(exc)

    def join(self) -> None:
        for thread in self.threads:
            thread.join(15)


@dataclass
class ShortLived:
    """A provider behind a fault proxy (``idp.down()``: it cannot be reached) and a SeaweedFS whose keys
    live ``lifetime`` seconds."""

    issuer: str
    idp: FaultProxy
    server: S3Server
    lifetime: int


@contextmanager
def short_lived(lifetime: int = 8) -> Iterator[ShortLived]:
    with running_provider() as provider:
        port = int(provider.issuer.rsplit(":", 1)[1])
        with FaultProxy(("127.0.0.1", port)) as idp:
            issuer = f"http://{idp.endpoint}"  # the provider names itself after the address it is asked at
            with iam_server(issuer, f"{lifetime}s") as server:
                yield ShortLived(issuer, idp, server, lifetime)


def signed_in(short: ShortLived, endpoint: str) -> tuple[OidcSignIn, SignedIn]:
    """Carol signed in (through the provider's page, as a browser would) as a teacher whose keys last
    ``short``'s lifetime."""
    profile = Profile(name="school", endpoint=endpoint, kind=Kind.OIDC, issuer=short.issuer, client_id=CLIENT_ID,
                      role_arn=TEACHER_ROLE)
    flow = OidcSignIn(profile, ConnectionSettings(endpoint=endpoint, access_key="", secret_key="",
                                                  connect_timeout=2.0, read_timeout=20.0))
    return flow, flow.interactive(Browser("carol"), timeout=30)
