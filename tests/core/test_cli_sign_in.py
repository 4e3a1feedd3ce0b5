"""The command line signed in as a person, run as a real process: an OpenID Connect profile with the
sign-in the window kept in the keyring (made here the way the window makes it: OidcSignIn keeps the
refresh token through core/profiles/secrets.py), a directory (LDAP) profile whose password is typed on a
terminal (a pseudo-terminal here), and the web identity token file of AWS SDKs. Each failure is one line;
no token, password or temporary key reaches stdout, stderr or the log.

Real parts: oidc-provider-mock, slapd, SeaweedFS with the STS API, gnome-keyring (run inside the keyring
harness: ``dbus-run-session -- sh tests/with-keyring.sh ...``).
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest

from ensure_browser.core.auth.errors import SignInError
from ensure_browser.core.auth.headless import TokenFile, token_file_sign_in
from ensure_browser.core.auth.loopback import LoopbackRedirect
from ensure_browser.core.auth.oidc import OidcClient
from ensure_browser.core.auth.oidc_signin import OidcSignIn
from ensure_browser.core.auth.session import SessionCredentials
from ensure_browser.core.profiles.model import Kind, Profile
from ensure_browser.core.profiles.secrets import SecretStore
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from tests.support.ldap import STAFF_ROLE, USERS
from tests.support.oidc import CLIENT_ID, TEACHER_ROLE, Browser, Provider, short_lived
from tests.support.servers import S3Server
from tests.support.signed_in import JWT, fresh_home

REPO = Path(__file__).resolve().parents[2]
CLEARED = ("MINIO_ROOT_USER", "MINIO_ROOT_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MINIO_ENDPOINT",
           "AWS_S3_ENDPOINT", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME")


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for var in CLEARED:
        monkeypatch.delenv(var, raising=False)
    return fresh_home(tmp_path, monkeypatch)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "ensure_browser.cli.main", *args], capture_output=True, text=True,
                          check=False, env=environ, stdin=subprocess.DEVNULL, timeout=120, cwd=REPO)


def log_text(home: Path) -> str:
    return "".join(p.read_text(errors="replace") for p in home.rglob("ensure-browser.log*"))


def assert_nothing_secret(texts: list[str], secrets: list[str]) -> None:
    for text in texts:
        assert not JWT.search(text.encode()), "a JSON web token reached the output or the log"
        for secret in secrets:
            assert secret not in text


def id_token(provider: Provider, user: str = "alice") -> str:
    """An ID token of ``user`` from the provider, as a CI system's identity would hand it over."""
    client = OidcClient(provider.issuer, CLIENT_ID)
    with LoopbackRedirect() as loopback:
        request = client.authorization(loopback.redirect_uri)
        browser = Browser(user)
        browser(request.url)
        answer = loopback.wait(30)
    browser.join()
    return client.redeem(request, answer).id_token


def require_keyring() -> None:
    if os.environ.get("ENSURE_BROWSER_TEST_KEYRING") != "1":
        pytest.fail("Run inside the keyring harness (dbus-run-session -- sh tests/with-keyring.sh ...).", pytrace=False)


@pytest.mark.keyring
def test_school_profile_from_a_terminal_uses_the_kept_sign_in(oidc_provider: Provider, iam_s3_server: S3Server,
                                                              home: Path) -> None:
    require_keyring()
    store, secrets = ProfileStore(), SecretStore()
    profile = Profile(name=f"school {uuid.uuid4().hex[:6]}", endpoint=iam_s3_server.endpoint, kind=Kind.OIDC,
                      issuer=oidc_provider.issuer, client_id=CLIENT_ID, role_arn=TEACHER_ROLE)
    store.put(profile)
    try:
        missing = cli("--profile", profile.name, "scan")
        assert missing.returncode == 2
        assert "has no kept sign-in on this computer. Sign in once in the window" in missing.stderr
        assert "Traceback" not in missing.stderr

        secrets.set(profile.secret_account, "not-a-refresh-token")
        rejected = cli("--profile", profile.name, "scan")
        assert rejected.returncode == 2
        assert "its kept sign-in is no longer accepted by the identity provider" in rejected.stderr

        browser = Browser("alice")  # the window's sign-in: the refresh token goes to the keyring
        OidcSignIn(profile, ConnectionSettings(endpoint=iam_s3_server.endpoint, access_key="", secret_key=""),
                   secrets).interactive(browser, timeout=30)
        browser.join()
        kept = secrets.get(profile.secret_account)
        assert kept and kept != "not-a-refresh-token"
        scan = cli("--profile", profile.name, "scan", "--json")
        assert scan.returncode in (0, 1), scan.stderr  # 1: findings (the default buckets are missing)
        assert '"buckets"' in scan.stdout or '"findings"' in scan.stdout
        assert "Signed in as alice (temporary keys)." in scan.stderr
        assert_nothing_secret([scan.stdout, scan.stderr, log_text(home)], [kept])
    finally:
        secrets.delete(profile.secret_account)


def test_token_file_of_aws_sdks(oidc_provider: Provider, iam_s3_server: S3Server, home: Path) -> None:
    token_file = home / "token"
    token = id_token(oidc_provider)
    token_file.write_text(token)
    env = {"AWS_WEB_IDENTITY_TOKEN_FILE": str(token_file), "AWS_ROLE_ARN": TEACHER_ROLE,
           "AWS_ROLE_SESSION_NAME": "nightly-scan"}
    scan = cli("--endpoint", iam_s3_server.endpoint, "scan", "--json", env=env)
    assert scan.returncode in (0, 1), scan.stderr
    assert '"buckets"' in scan.stdout or '"findings"' in scan.stdout
    assert_nothing_secret([scan.stdout, scan.stderr, log_text(home)], [token])

    gone = cli("--endpoint", iam_s3_server.endpoint, "scan",
               env={**env, "AWS_WEB_IDENTITY_TOKEN_FILE": str(home / "missing")})
    assert gone.returncode == 2
    assert f"The web identity token file {home / 'missing'} ($AWS_WEB_IDENTITY_TOKEN_FILE) cannot be read" in gone.stderr
    token_file.write_text("not a token")
    invalid = cli("--endpoint", iam_s3_server.endpoint, "scan", env=env)
    assert invalid.returncode == 2
    # SeaweedFS answers a token that is no JWT with its trust-policy refusal; the server's words are passed on
    assert f"error: The storage server at {iam_s3_server.endpoint} " in invalid.stderr
    assert "Traceback" not in gone.stderr + invalid.stderr


def test_token_file_is_read_again_at_each_renewal(home: Path) -> None:
    with short_lived(6) as short:
        token_file = home / "token"
        token_file.write_text(id_token(Provider(short.issuer, None)))  # type: ignore[arg-type]
        settings = token_file_sign_in(ConnectionSettings(endpoint=short.server.endpoint, access_key="", secret_key=""),
                                      TokenFile(str(token_file), TEACHER_ROLE, "renewing"))
        session = settings.credentials
        assert isinstance(session, SessionCredentials) and session.renewable
        storage = Storage(settings)
        storage.client.list_buckets()
        first = session.expires
        token_file.write_text(id_token(Provider(short.issuer, None)))  # type: ignore[arg-type]
        deadline = time.monotonic() + 20
        while session.expires == first and time.monotonic() < deadline:
            storage.client.list_buckets()
            time.sleep(0.5)
        assert session.expires != first  # renewed with the new token from the file
        token_file.unlink()  # the next renewal reads the file again: its absence is named
        assert session.expires is not None
        time.sleep(max(0.0, (session.expires - datetime.now(UTC)).total_seconds()) + 0.5)
        with pytest.raises(Exception):
            storage.client.list_buckets()
        assert isinstance(session.failure, SignInError)
        assert "cannot be read" in session.failure.message


def test_directory_profile_asks_the_password_on_a_terminal(ldap_s3_server: S3Server, home: Path) -> None:
    profile = Profile(name="directory", endpoint=ldap_s3_server.endpoint, kind=Kind.LDAP, user_name="alice",
                      role_arn=STAFF_ROLE)
    ProfileStore().put(profile)
    no_terminal = cli("--profile", "directory", "scan")
    assert no_terminal.returncode == 2
    assert "signs in with a directory password, which is asked on a terminal" in no_terminal.stderr

    pid, fd = pty.fork()
    if pid == 0:  # the child: the command with the pseudo-terminal as its terminal
        os.environ["PYTHONPATH"] = str(REPO)
        os.chdir(REPO)
        os.execv(sys.executable, [sys.executable, "-m", "ensure_browser.cli.main", "--profile", "directory", "scan",
                                  "--json"])
    output = b""
    typed = False
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
        if not typed and b"Directory password of alice (directory): " in output:
            os.write(fd, USERS["alice"].encode() + b"\n")
            typed = True
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    text = output.decode(errors="replace")
    assert typed, text
    assert os.waitstatus_to_exitcode(status) in (0, 1), text
    assert "Signed in as alice (temporary keys)." in text
    assert_nothing_secret([text, log_text(home)], [USERS["alice"]])  # not echoed, not logged


def test_window_refuses_the_token_file(home: Path) -> None:
    opened = cli("--endpoint", "127.0.0.1:9", env={"AWS_WEB_IDENTITY_TOKEN_FILE": str(home / "token")})
    assert opened.returncode == 2
    assert "the window signs in with a connection profile" in opened.stderr
