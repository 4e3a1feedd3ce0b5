"""Connection profiles without Qt: config file, validation, environment import, least privilege."""

from __future__ import annotations

import contextlib
import json
import shutil
import socket
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from ensure_browser.core.connection import BucketState, import_from_environment, open_buckets, to_settings
from ensure_browser.core.errors import TlsFailure, WrongSecret
from ensure_browser.core.profiles import store as profiles
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.secrets import SessionSecrets
from ensure_browser.core.profiles.store import ProfileError, ProfileStore
from ensure_browser.core.profiles.validation import (
    ValidationError,
    validate_ca_file,
    validate_endpoint,
    validate_profile,
)
from ensure_browser.core.s3.storage import ConnectionSettings, Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.demo.server import Identity, SeaweedServer
from tests.support import peers
from tests.support.servers import S3Server

SECRET = "s3cr3t-Value-that-must-never-be-written-9f2c"


def _profile(name: str = "dev", **kw: object) -> Profile:
    base: dict[str, object] = {"endpoint": "localhost:9000", "access_key": "minioadmin"}
    base.update(kw)
    return Profile(name=name, **base)  # type: ignore[arg-type]


# -- config file ---------------------------------------------------------------------------------


def test_default_config_dir_is_the_platform_one(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert profiles.default_config_dir() == tmp_path / "ensure-browser"


def test_round_trip_and_last_used(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    assert store.profiles() == [] and store.last_used is None and store.problem is None
    custom = BucketNames(documents="docs-b", recordings="rec-b", ocr="ocr-b", mlflow="ml-b")
    tls = _profile("prod", endpoint="s3.example.com:443", tls=True, verify_tls=False, ca_file="/etc/ca.pem",
                   region="eu-central-1", access_key="AKPROD", buckets=custom)
    store.add(_profile("dev"))
    store.add(tls)
    store.set_last_used("prod")

    again = ProfileStore(tmp_path)
    assert again.names() == ["dev", "prod"]
    assert again.get("prod") == tls
    assert again.get("dev") == _profile("dev")
    assert again.get("dev").buckets == BucketNames()  # type: ignore[union-attr]
    assert again.last_used == tls
    doc = json.loads((tmp_path / "profiles.json").read_text())
    assert doc["version"] == 1 and doc["last_used"] == "prod"
    assert (tmp_path / "profiles.json").stat().st_mode & 0o077 == 0

    with pytest.raises(ProfileError, match="exists already"):
        again.add(_profile("dev"))
    again.rename("prod", "production")
    assert ProfileStore(tmp_path).last_used == replace(tls, name="production")
    again.remove("production")
    assert ProfileStore(tmp_path).last_used is None
    assert again.unique_name("dev") == "dev 2" and again.unique_name("new") == "new"


def test_config_never_contains_a_secret(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    session = SessionSecrets()
    store.add(_profile("dev", access_key="AKDEV"))
    session.set("dev", SECRET)
    store.set_last_used("dev")
    # A secret someone typed into the file by hand is dropped at the next save.
    doc = json.loads(store.path.read_text())
    doc["profiles"][0]["secret_key"] = SECRET
    store.path.write_text(json.dumps(doc))
    store = ProfileStore(tmp_path)
    store.put(_profile("dev", access_key="AKDEV", region="eu-west-1"))
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET not in path.read_text(errors="replace"), path
    assert SECRET not in repr(session)
    assert SECRET not in repr(to_settings(_profile("dev"), SECRET))


def test_older_file_is_migrated_and_backed_up(tmp_path: Path) -> None:
    old = {
        "last": "legacy",
        "profiles": [
            {"name": "legacy", "endpoint": "minio:9000", "secure": True, "access_key": "AK",
             "documents_bucket": "old-docs"},
        ],
    }
    (tmp_path / "profiles.json").write_text(json.dumps(old))
    store = ProfileStore(tmp_path)
    profile = store.get("legacy")
    assert profile is not None and profile.tls is True
    assert profile.buckets == replace(BucketNames(), documents="old-docs")
    assert store.last_used == profile
    doc = json.loads((tmp_path / "profiles.json").read_text())
    assert doc["version"] == 1 and "secure" not in doc["profiles"][0]
    assert json.loads((tmp_path / "profiles.json.v0.bak").read_text()) == old


def test_migration_hook_runs_each_step_in_order() -> None:
    steps = {
        0: lambda d: {**d, "trail": [*d.get("trail", []), "0->1"]},
        1: lambda d: {**d, "trail": [*d.get("trail", []), "1->2"]},
    }
    assert profiles.migrate({"version": 0}, current=2, migrations=steps) == {"version": 2, "trail": ["0->1", "1->2"]}
    assert profiles.migrate({"version": 1}, current=2, migrations=steps)["trail"] == ["1->2"]
    with pytest.raises(ProfileError, match="cannot be upgraded"):
        profiles.migrate({"version": 0}, current=2, migrations={0: steps[0]})


def test_newer_file_is_read_only_and_left_alone(tmp_path: Path) -> None:
    text = json.dumps({"version": 99, "profiles": [{"name": "x", "endpoint": "h:1"}], "future": True})
    (tmp_path / "profiles.json").write_text(text)
    store = ProfileStore(tmp_path)
    assert store.read_only and "newer version" in (store.problem or "")
    assert store.names() == ["x"]
    with pytest.raises(ProfileError, match="newer version"):
        store.add(_profile("y"))
    assert (tmp_path / "profiles.json").read_text() == text


def test_corrupt_file_is_set_aside(tmp_path: Path) -> None:
    (tmp_path / "profiles.json").write_text("{not json")
    store = ProfileStore(tmp_path)
    assert "moved to" in (store.problem or "") and store.profiles() == []
    assert (tmp_path / "profiles.json.broken").read_text() == "{not json"
    store.add(_profile("fresh"))
    assert ProfileStore(tmp_path).names() == ["fresh"]


def test_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = ProfileStore(tmp_path)
    store.add(_profile("dev"))
    before = store.path.read_text()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(profiles.os, "replace", broken_replace)
    with pytest.raises(ProfileError, match="No space left on device"):
        store.add(_profile("second"))
    with pytest.raises(ProfileError):
        store.rename("dev", "renamed")
    monkeypatch.undo()
    assert store.path.read_text() == before
    assert store.names() == ["dev"]  # the in-memory state was rolled back too
    assert sorted(p.name for p in tmp_path.iterdir()) == ["profiles.json"]  # no temp file left


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "tls", "expected"),
    [
        ("localhost:9000", False, ("localhost:9000", False)),
        (" minio:9000 ", True, ("minio:9000", True)),
        ("http://localhost:9000", False, ("localhost:9000", False)),
        ("https://s3.example.com:9443/", True, ("s3.example.com:9443", True)),
        ("https://s3.example.com", True, ("s3.example.com:443", True)),
        ("[::1]:9000", False, ("[::1]:9000", False)),
        ("http://[::1]:9000", False, ("[::1]:9000", False)),
        ("10.0.0.5:9000", False, ("10.0.0.5:9000", False)),
    ],
)
def test_valid_endpoints(text: str, tls: bool, expected: tuple[str, bool]) -> None:
    assert validate_endpoint(text, tls) == expected


@pytest.mark.parametrize(
    ("text", "tls", "message"),
    [
        ("", False, "Enter the server address as host:port"),
        ("http://h:9000/minio", False, "An endpoint cannot have a path (/minio)"),
        ("h:9000/minio", False, "An endpoint cannot have a path (/minio)"),
        ("h:70000", False, "The port must be between 1 and 65535 (not 70000)"),
        ("h:0", False, "between 1 and 65535"),
        ("h:port", False, "the port must be a number"),
        ("h", False, "needs a port, e.g. h:9000"),
        ("::1:9000", False, "Put IPv6 addresses in brackets, e.g. [::1]:9000"),
        ("[::zz]:9000", False, "is not an IPv6 address"),
        ("bad host:9000", False, "contains spaces"),
        ("under_score!:9000", False, "is not a valid endpoint"),
        ("https://h:9000", False, "starts with https:// but TLS is off. Turn TLS on, or use http://"),
        ("http://h:9000", True, "starts with http:// but TLS is on"),
        ("ftp://h:21", False, "Unsupported scheme 'ftp://'"),
        ("http://key:secret@h:9000", False, "must not contain a user name or password"),
        ("http://h:9000?x=1", False, "cannot have a query"),
    ],
)
def test_endpoint_errors_say_what_to_do(text: str, tls: bool, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        validate_endpoint(text, tls)
    assert message in info.value.message
    assert info.value.field == "endpoint"


def test_ca_file_must_exist_be_readable_and_hold_a_certificate(tmp_path: Path) -> None:
    missing = tmp_path / "missing.pem"
    with pytest.raises(ValidationError, match="does not exist"):
        validate_ca_file(str(missing))
    with pytest.raises(ValidationError, match="cannot be read"):
        validate_ca_file(str(tmp_path))  # a directory: unreadable as a file (even for root)
    junk = tmp_path / "junk.pem"
    junk.write_text("hello")
    with pytest.raises(ValidationError, match="does not contain a PEM certificate"):
        validate_ca_file(str(junk))
    cert, _ = peers.make_self_signed(tmp_path)
    validate_ca_file(str(cert))


def test_validate_profile_reports_every_field(tmp_path: Path) -> None:
    bad = Profile(name=" ", endpoint="https://h:1", tls=False, ca_file=str(tmp_path / "nope.pem"),
                  region="", access_key="", buckets=replace(BucketNames(), ocr="Bad_Name"))
    problems = {p.field: p.message for p in validate_profile(bad)}
    assert set(problems) == {"name", "endpoint", "ca_file", "region", "access_key", "bucket_ocr"}
    assert "not a valid bucket name" in problems["bucket_ocr"]
    assert validate_profile(_profile()) == []


def test_to_settings(tmp_path: Path) -> None:
    profile = _profile(endpoint="https://s3.example.com:9443", tls=True, verify_tls=False,
                       ca_file=str(tmp_path / "ca.pem"), region="eu-west-1")
    settings = to_settings(profile, SECRET)
    assert settings == ConnectionSettings(
        endpoint="s3.example.com:9443", access_key="minioadmin", secret_key=SECRET, secure=True,
        verify_tls=False, ca_file=str(tmp_path / "ca.pem"), region="eu-west-1",
    )


# -- environment import --------------------------------------------------------------------------


def test_import_minio_variables() -> None:
    env = {"MINIO_ENDPOINT": "minio:9000", "MINIO_ROOT_USER": "minioadmin",
           "MINIO_ROOT_PASSWORD": "minioadmin123"}
    profile, secret = import_from_environment(env)
    assert (profile.endpoint, profile.tls, profile.access_key, secret) == (
        "minio:9000", False, "minioadmin", "minioadmin123")
    assert profile.buckets == BucketNames() and profile.name == "Environment (minio:9000)"


def test_import_aws_variables_win_and_scheme_sets_tls() -> None:
    env = {
        "MINIO_ENDPOINT": "localhost:9000", "MINIO_ROOT_USER": "root", "MINIO_ROOT_PASSWORD": "rootpw",
        "AWS_ACCESS_KEY_ID": "app-key", "AWS_SECRET_ACCESS_KEY": "app-secret",
        "AWS_S3_ENDPOINT": "https://s3.example.com:9443", "AWS_S3_BUCKET": "my-documents",
        "AWS_DEFAULT_REGION": "eu-west-1",
    }
    profile, secret = import_from_environment(env)
    assert (profile.endpoint, profile.tls) == ("s3.example.com:9443", True)
    assert (profile.access_key, secret) == ("app-key", "app-secret")
    assert profile.buckets == replace(BucketNames(), documents="my-documents")
    assert profile.region == "eu-west-1"
    assert validate_profile(profile) == []
    http_profile, _ = import_from_environment({"AWS_S3_ENDPOINT": "http://localhost:9000"})
    assert (http_profile.endpoint, http_profile.tls) == ("localhost:9000", False)


def test_import_without_secret_or_endpoint() -> None:
    profile, secret = import_from_environment({"MINIO_ENDPOINT": "minio:9000", "MINIO_ROOT_USER": "u"})
    assert secret is None and profile.access_key == "u"
    with pytest.raises(ValidationError, match="No server address was found"):
        import_from_environment({"AWS_ACCESS_KEY_ID": "x"})
    with pytest.raises(ValidationError, match="AWS_S3_ENDPOINT: An endpoint cannot have a path"):
        import_from_environment({"AWS_S3_ENDPOINT": "http://localhost:9000/minio"})


# -- least privilege against a real server -------------------------------------------------------

DOCS, OCR = "ensure-study-documents", "ensure-study-ocr"


class LimitedServer:
    def __init__(self, server: SeaweedServer, limited: Identity) -> None:
        self.server = server
        self.limited = limited

    def storage(self, identity: Identity, endpoint: str | None = None) -> Storage:
        return Storage(ConnectionSettings(endpoint or self.server.endpoint, identity.access_key,
                                          identity.secret_key, retries=0))


@pytest.fixture(scope="module")
def limited_server() -> Iterator[LimitedServer]:
    """Own server: ``limited`` may read and list the documents bucket only.

    Measured with SeaweedFS 4.x: bucket-scoped actions are written ``Action:bucket``; such a user's
    ListBuckets is not denied but filtered to the buckets it may list, and for a bucket it may not
    list the server answers AccessDenied whether or not the bucket exists.
    """
    tmp = Path(tempfile.mkdtemp(prefix="ensure-browser-lp-"))
    limited = Identity("limited", "LIMITEDKEY0001", "limited-secret-0001-abcdef",
                       actions=(f"Read:{DOCS}", f"List:{DOCS}"))
    server = SeaweedServer(tmp, [Identity.generate("admin"), limited])
    try:
        server.start()
        admin = Storage(ConnectionSettings(server.endpoint, server.admin.access_key, server.admin.secret_key))
        admin.make_bucket(DOCS)
        admin.make_bucket(OCR)
        yield LimitedServer(server, limited)
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)


def test_admin_sees_listable_and_missing_buckets(limited_server: LimitedServer) -> None:
    access = open_buckets(limited_server.storage(limited_server.server.admin), BucketNames())
    assert access.listed is not None and {DOCS, OCR} <= set(access.listed)
    assert [(c.bucket, c.state) for c in access.checks] == [
        (DOCS, BucketState.LISTABLE),
        ("ensure-study-recordings", BucketState.NOT_FOUND),
        (OCR, BucketState.LISTABLE),
        ("ensure-study-mlflow", BucketState.NOT_FOUND),
    ]
    assert access.summary() == "Connected: 2 buckets readable."
    assert "The bucket ensure-study-mlflow does not exist." in access.lines()


def test_restricted_identity_gets_a_per_bucket_report(limited_server: LimitedServer) -> None:
    access = open_buckets(limited_server.storage(limited_server.limited), BucketNames())
    # SeaweedFS filters ListBuckets instead of denying it (see the fixture).
    assert access.listed == (DOCS,)
    assert access.state(DOCS) is BucketState.LISTABLE
    assert access.state(OCR) is BucketState.ACCESS_DENIED
    assert access.state("ensure-study-recordings") is BucketState.ACCESS_DENIED  # exists or not: denied
    assert access.readable == (DOCS,)
    assert access.summary() == "Connected: 1 bucket readable."
    assert "You may not list ensure-study-ocr." in access.lines()
    assert f"You may list {DOCS}." in access.lines()


def _relay(upstream_port: int, conn: socket.socket) -> None:
    """A real HTTP front of the S3 server whose ListBuckets (GET /) is denied, like MinIO does for a
    policy without s3:ListAllMyBuckets. Other requests are relayed byte for byte (the signature
    stays valid: the Host header is not touched)."""
    head = peers.read_request(conn)
    if not head:
        return
    if head.startswith(b"GET / ") or head.startswith(b"GET /?"):
        body = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code>'
                b"<Message>Access Denied.</Message></Error>")
        conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Type: application/xml\r\nContent-Length: "
                     + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
        conn.close()
        return
    up = socket.create_connection(("127.0.0.1", upstream_port), timeout=10)
    up.sendall(head)

    def pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    back = threading.Thread(target=pump, args=(up, conn), daemon=True)
    back.start()
    pump(conn, up)
    back.join(5)
    up.close()


def test_denied_bucket_listing_falls_back_to_the_profile_buckets(limited_server: LimitedServer) -> None:
    port = limited_server.server.s3_port
    with peers.tcp_peer(lambda conn: _relay(port, conn)) as front:
        storage = limited_server.storage(limited_server.limited, endpoint=f"127.0.0.1:{front}")
        access = open_buckets(storage, BucketNames())
    assert access.listed is None
    assert access.readable == (DOCS,)
    assert access.state(OCR) is BucketState.ACCESS_DENIED
    assert access.lines()[:2] == [
        "Connected: 1 bucket readable.",
        "This access key may not list all buckets; the profile's buckets were checked one by one.",
    ]


def test_wrong_secret_is_a_connection_error_not_a_bucket_state(limited_server: LimitedServer) -> None:
    wrong = replace(limited_server.limited, secret_key="not-the-secret")
    with pytest.raises(WrongSecret):
        open_buckets(limited_server.storage(wrong), BucketNames())



def test_tls_profile_needs_the_ca_bundle(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, ca = tls_s3_server
    admin = server.admin
    profile = Profile(name="tls", endpoint=f"https://{server.endpoint}", tls=True,
                      access_key=admin.access_key)
    with pytest.raises(TlsFailure) as info:
        Storage(replace(to_settings(profile, admin.secret_key), retries=0)).check_connection()
    assert "could not be verified" in info.value.message

    with_ca = replace(profile, ca_file=str(ca))
    assert validate_profile(with_ca) == []
    access = open_buckets(Storage(to_settings(with_ca, admin.secret_key)), with_ca.buckets)
    assert access.listed is not None
