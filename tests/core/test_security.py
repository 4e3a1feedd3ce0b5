"""Security properties of the core: no shell, TLS verified by default, bounded links, no escaping
downloads, no secret in profiles or logs. (The GUI session's side is in tests/ui/test_security_ui.py.)
"""

from __future__ import annotations

import argparse
import ast
import logging
import re
import stat
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ensure_browser
from ensure_browser.cli.common import resolve_target
from ensure_browser.core.connection import Target, to_settings
from ensure_browser.core.errors import InvalidRequest, TlsFailure
from ensure_browser.core.profiles.model import Profile
from ensure_browser.core.profiles.store import ProfileStore
from ensure_browser.core.s3.storage import MAX_PRESIGN, ConnectionSettings, Storage, clamp_expiry
from ensure_browser.core.transfers.local_names import local_path_for
from ensure_browser.demo.server import Identity
from ensure_browser.logs import register_secret, scrub
from tests.support.logs import app_logging
from tests.support.servers import S3Server

PACKAGE = Path(ensure_browser.__file__).parent
SHELL_PATTERNS = re.compile(r"shell\s*=\s*True|os\.system\s*\(|os\.popen\s*\(|commands\.getoutput|pty\.spawn")


def _sources() -> list[Path]:
    files = sorted(PACKAGE.rglob("*.py"))
    assert len(files) > 20
    return files


def test_no_shell_is_ever_run() -> None:
    """Neither a shell flag nor os.system/os.popen anywhere in the package (text and syntax tree)."""
    offenders = []
    for path in _sources():
        text = path.read_text(encoding="utf-8")
        offenders += [f"{path.relative_to(PACKAGE)}: {m.group(0)}" for m in SHELL_PATTERNS.finditer(text)]
        for node in ast.walk(ast.parse(text)):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "shell" and not (isinstance(kw.value, ast.Constant) and kw.value.value is False):
                    offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: shell={ast.unparse(kw.value)}")
            func = ast.unparse(node.func)
            if func in ("os.system", "os.popen", "os.execl", "os.execlp", "os.spawnl", "os.spawnlp"):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {func}")
            # subprocess with one string: a command line (only a shell splits it into words)
            if func.startswith("subprocess.") and node.args and isinstance(node.args[0], ast.Constant | ast.JoinedStr):
                offenders.append(f"{path.relative_to(PACKAGE)}:{node.lineno}: {func}({ast.unparse(node.args[0])})")
    assert offenders == []


def test_the_shell_check_can_fail() -> None:
    bad = "import os, subprocess\nsubprocess.run('ls', shell=True)\nos.system('ls')\n"
    assert len(SHELL_PATTERNS.findall(bad)) == 2


def test_tls_verification_is_on_by_default() -> None:
    assert ConnectionSettings("h:1", "a", "s").verify_tls is True
    assert Profile("p", "h:443", tls=True).verify_tls is True
    assert Profile.from_json({"name": "p", "endpoint": "h:443"}).verify_tls is True
    assert Target("x").verify_tls is True
    args = argparse.Namespace(demo=False, profile=None, endpoint="https://minio.example:9000", tls=False,
                              access_key="AK", insecure=False, ca_file=None, region="us-east-1")
    target = resolve_target(args, env={"MINIO_ROOT_PASSWORD": "pw"})
    assert target.tls and target.verify_tls  # only --insecure turns it off


def test_a_self_signed_server_is_refused_without_its_ca(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, ca = tls_s3_server
    profile = Profile("tls", server.endpoint, tls=True, access_key=server.admin.access_key)
    with pytest.raises(TlsFailure, match="could not be verified"):
        Storage(to_settings(profile, server.admin.secret_key)).list_buckets()
    trusted = Profile("tls", server.endpoint, tls=True, ca_file=str(ca), access_key=server.admin.access_key)
    assert isinstance(Storage(to_settings(trusted, server.admin.secret_key)).list_buckets(), list)


def test_presigned_links_live_at_most_seven_days() -> None:
    assert timedelta(days=7) == MAX_PRESIGN
    assert clamp_expiry(timedelta(days=7)) == timedelta(days=7)
    for too_long in (timedelta(days=7, seconds=1), timedelta(days=365)):
        with pytest.raises(InvalidRequest, match="at most 7 days"):
            clamp_expiry(too_long)
    with pytest.raises(InvalidRequest):
        clamp_expiry(timedelta(seconds=-1))


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(st.sampled_from(["..", ".", "", "/", "\\", "~", "..\\..", "/etc", "C:",
                                                  "\x00", "a/../../b"]), st.text(max_size=20)),
                      max_size=8))
def test_download_paths_never_leave_the_folder(tmp_path_factory: pytest.TempPathFactory, parts: list[str]) -> None:
    dest = tmp_path_factory.getbasetemp() / "downloads"
    path = local_path_for(dest, parts)
    assert path.resolve().is_relative_to(dest.resolve())
    assert path != dest and all(p not in ("..", ".", "") for p in path.relative_to(dest).parts)


def test_reprs_hold_no_secret() -> None:
    """A dataclass's repr reaches logs and tracebacks: the secrets are not in it."""
    secret = "Repr-Secret-Key-For-Tests/xyz+"
    target = Target("campus", "minio.example:9000", "AKIACAMPUS", secret=secret)
    identity = Identity("admin", "AKIAADMIN", secret)
    for value in (target, identity, to_settings(Profile("campus", "minio.example:9000", access_key="AKIACAMPUS"),
                                                secret)):
        assert secret not in repr(value) and secret not in str(value), type(value).__name__
    assert "AKIACAMPUS" in repr(target) and "AKIAADMIN" in repr(identity)


def test_secrets_reach_neither_profiles_nor_logs(tmp_path: Path) -> None:
    secret = "Sup3r-Secret-Key-For-Tests/xyz+"
    register_secret(secret)
    store = ProfileStore(tmp_path / "config")
    store.put(Profile("campus", "minio.example:9000", tls=True, access_key="AKIACAMPUS"))
    with app_logging(tmp_path / "log") as log_file:
        logging.getLogger("ensure_browser.test").warning("connecting with secret %s to %s", secret, "campus")
        logging.getLogger("ensure_browser.test").info(f"url ...&X-Amz-Signature=abc123&X-Amz-Credential={secret}")
    text = log_file.read_text(encoding="utf-8")
    assert "connecting with secret ••• to campus" in text
    assert secret not in text and "abc123" not in text
    files = list((tmp_path / "config").rglob("*"))
    assert files and all(secret not in f.read_text(encoding="utf-8") for f in files if f.is_file())
    assert scrub(f"a {secret} b") == "a ••• b"


def test_tracebacks_and_every_spelling_of_a_signature_are_scrubbed(tmp_path: Path) -> None:
    secret = "Tr4ceback-Secret-Value/xyz"
    register_secret(secret)
    log = logging.getLogger("ensure_browser.test")
    with app_logging(tmp_path / "log") as log_file:
        try:
            raise RuntimeError(f"GET https://h/b/k?X-Amz-Credential=AKIA%2F20261206&x-amz-signature=deadbeef01 "
                               f"with {secret}")
        except RuntimeError:
            log.exception("request failed")  # the secret is only in the traceback, not in the message
        log.warning("nested link: u=https%3A%2F%2Fh%2Fk%3FX-Amz-Signature%3Dcafebabe02%26a%3Db")
        log.warning("Authorization: AWS4-HMAC-SHA256 Credential=AKIA/x, SignedHeaders=host, signature=f00d03")
        log.warning("token x-amz-security-token=FwoGZXIvYXdzEBYaDJ04 in a presign")
    text = log_file.read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError" in text
    for leaked in (secret, "deadbeef01", "AKIA%2F20261206", "cafebabe02", "f00d03", "FwoGZXIvYXdzEBYaDJ04"):
        assert leaked not in text
    assert "X-Amz-Signature%3D•••" in text and "x-amz-signature=•••" in text


def test_the_log_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    directory.mkdir(mode=0o755)
    (directory / "ensure-browser.log.1").write_text("from an older version\n")
    (directory / "ensure-browser.log.1").chmod(0o644)
    with app_logging(directory) as log_file:
        logging.getLogger("ensure_browser.test").warning("hello")
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_IMODE(log_file.stat().st_mode) == 0o600
    assert stat.S_IMODE((directory / "ensure-browser.log.1").stat().st_mode) == 0o600


def test_the_console_log_shows_a_key_s_escape_sequence_as_text(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    with app_logging(tmp_path / "log", verbose=1):
        logging.getLogger("ensure_browser.test").warning("listing %s", "k/\x1b]0;owned\x07\u202e.pdf")
    err = capsys.readouterr().err
    assert "listing k/\\x1b]0;owned\\x07\\u202e.pdf" in err and "\x1b" not in err
