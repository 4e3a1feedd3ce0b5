"""The command line: --help, --version, provision, logging to a rotating file without secrets."""

from __future__ import annotations

import logging
import logging.handlers
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from ensure_browser import __version__
from ensure_browser.cli import main as app
from ensure_browser.cli.common import UsageError, resolve_target
from ensure_browser.demo.server import Identity, SeaweedServer
from ensure_browser.logs import app_handlers, register_secret, scrub, setup_logging


def test_version_without_qt() -> None:
    code = "import sys\nfrom ensure_browser.cli.main import main\n" \
           "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n" \
           "print('QT' if any(m.startswith('PySide6') for m in sys.modules) else 'NOQT')"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert f"ensure-browser {__version__}" in out.stdout
    assert "NOQT" in out.stdout  # the CLI never loads Qt for --version


def test_the_parser_is_built_without_the_storage_layer_or_the_health_rules() -> None:
    """Every command builds the whole parser first (``--help`` too): it imports neither the storage
    layer, the health rules (the scan's defaults come from core.health.limits) nor minio-py."""
    code = ("import sys\nfrom ensure_browser.cli.main import build_parser\nbuild_parser()\n"
            "print(sorted(m for m in sys.modules if m.startswith(('ensure_browser.core.health.rules',"
            " 'ensure_browser.core.s3', 'minio', 'urllib3'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_command_line_modules_load_no_qt() -> None:
    """Importing every module of ensure_browser.cli (and building the parser) loads neither Qt nor the GUI."""
    code = ("import importlib, pkgutil, sys\n"
            "import ensure_browser.cli as cli\n"
            "names = [m.name for m in pkgutil.iter_modules(cli.__path__, 'ensure_browser.cli.')]\n"
            "for name in names:\n    importlib.import_module(name)\n"
            "importlib.import_module('ensure_browser.cli.main').build_parser()\n"
            "print(sorted(names))\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'ensure_browser.ui'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    modules, loaded = out.stdout.splitlines()
    assert "ensure_browser.cli.main" in modules and "ensure_browser.cli.scan" in modules
    assert loaded == "[]"


def test_help_lists_commands_and_options(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        app.main(["--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    for word in ("--demo", "--endpoint", "--access-key", "--profile", "provision", "-v"):
        assert word in text


def test_usage_error_is_one_line(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    for var in ("MINIO_ROOT_USER", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(var, raising=False)
    with pytest.raises(SystemExit) as info:
        app.main(["provision", "--endpoint", "127.0.0.1:1"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "--access-key" in err
    assert "Traceback" not in err


def test_endpoint_with_path_is_refused() -> None:
    args = app.build_parser().parse_args(["--endpoint", "http://h:9000/minio", "--access-key", "k"])
    with pytest.raises(UsageError, match="path"):
        resolve_target(args, env={})


def test_https_endpoint_turns_tls_on() -> None:
    args = app.build_parser().parse_args(["--endpoint", "https://h:9000", "--access-key", "k"])
    target = resolve_target(args, env={"MINIO_ROOT_PASSWORD": "pw"})
    assert (target.endpoint, target.tls, target.secret) == ("h:9000", True, "pw")


@contextmanager
def _own_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[SeaweedServer]:
    """A dedicated server (provision writes the schema's default bucket names, which are global)."""
    server = SeaweedServer(tmp_path / "srv", [Identity.generate("admin")])
    server.start()
    try:
        monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
        monkeypatch.setenv("MINIO_ROOT_PASSWORD", server.admin.secret_key)
        yield server
    finally:
        server.stop()


def test_provision_twice_via_cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
                                 tmp_path: Path) -> None:
    """The CLI provisions the default bucket names on a dedicated server, idempotently."""
    with _own_server(tmp_path, monkeypatch) as server:
        argv = ["provision", "--endpoint", server.endpoint, "--access-key", server.admin.access_key]
        assert app.main(argv) == 0
        first = capsys.readouterr().out
        assert "ensure-study-documents" in first and "thumbnails" in first
        assert app.main(argv) == 0
        second = capsys.readouterr().out
        assert "Nothing to do" in second
        monkeypatch.setenv("MINIO_ROOT_PASSWORD", "wrong-secret")
        assert app.main(argv) == 1
        assert "secret key" in capsys.readouterr().err


def test_log_file_rotates_and_scrubs(tmp_path: Path) -> None:
    secret = "s3cr3t-" + uuid.uuid4().hex
    register_secret(secret)
    path = setup_logging(0, tmp_path)
    try:
        logging.getLogger("ensure_browser.test").info("connecting with %s", secret)
        logging.getLogger("ensure_browser.test").info(
            "url http://h/b/k?X-Amz-Signature=abcdef0123&X-Amz-Credential=AK%2F2026"
        )
        for handler in logging.getLogger().handlers:
            handler.flush()
        text = path.read_text()
        assert "connecting with •••" in text
        assert secret not in text
        assert "abcdef0123" not in text
        assert scrub(f"x {secret} y") == "x ••• y"
        (handler,) = app_handlers()
        assert isinstance(handler, logging.handlers.RotatingFileHandler)
        assert handler.maxBytes > 0 and handler.backupCount >= 1
    finally:
        for handler in app_handlers():
            logging.getLogger().removeHandler(handler)
            handler.close()


@pytest.mark.parametrize("command", [["scan"], ["policy", "check"], ["provision"]], ids=" ".join)
def test_connection_options_work_before_or_after_the_command(command: list[str]) -> None:
    from ensure_browser.cli.common import resolve_target
    from ensure_browser.cli.main import build_parser

    options = ["--endpoint", "storage.school.example:9443", "--access-key", "AKIASCHOOL", "--tls",
               "--region", "eu-central-1", "--insecure"]
    parser = build_parser()
    targets = [resolve_target(parser.parse_args(argv), env={}) for argv in (
        [*options, *command],  # before the command (as --help lists them)
        [*command, *options],  # after it
        [*options[:2], *command, *options[2:]],  # some before, some after
    )]
    assert targets[0] == targets[1] == targets[2]
    assert (targets[0].endpoint, targets[0].access_key, targets[0].tls, targets[0].verify_tls,
            targets[0].region) == ("storage.school.example:9443", "AKIASCHOOL", True, False, "eu-central-1")
    args = parser.parse_args([*command, "--endpoint", "after:9000", "--access-key", "K"])
    assert resolve_target(args, env={}).endpoint == "after:9000"


def test_provision_with_the_options_before_the_command(monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """``--endpoint H:P --access-key K provision`` (options first, as --help lists them) provisions."""
    with _own_server(tmp_path, monkeypatch) as server:
        assert app.main(["--endpoint", server.endpoint, "--access-key", server.admin.access_key, "provision"]) == 0
        out = capsys.readouterr()
        assert "ensure-study-documents" in out.out and "Say where to connect" not in out.err
