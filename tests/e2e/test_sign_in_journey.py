"""The OpenID Connect sign-in end to end: the app in its own Xvfb, the sign-in page in a real browser
engine (QtWebEngine), a real provider and a SeaweedFS with its STS API (see sign_in_app.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.oidc import CLIENT_ID, TEACHER_ROLE, Provider
from tests.support.servers import S3Server
from tests.support.xserver import app_env, start_xvfb, stop_process, stop_xvfb

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "screenshots" / "e2e"


def test_sign_in_with_a_browser_page(oidc_provider: Provider, iam_s3_server: S3Server, tmp_path: Path) -> None:
    pytest.importorskip("PySide6.QtWebEngineWidgets", reason="the browser page needs QtWebEngine (PySide6-Addons)")
    display = start_xvfb()
    output = tmp_path / "output.txt"
    try:
        with open(output, "wb") as out:
            proc = subprocess.Popen(
                [sys.executable, str(REPO / "tests" / "e2e" / "sign_in_app.py"), "--issuer", oidc_provider.issuer,
                 "--endpoint", iam_s3_server.endpoint, "--client-id", CLIENT_ID, "--role", TEACHER_ROLE,
                 "--shots", str(SHOTS)],
                cwd=REPO, env=app_env(display, tmp_path / "home"), stdin=subprocess.DEVNULL, stdout=out,
                stderr=subprocess.STDOUT, start_new_session=True)
            try:
                rc = proc.wait(150)
            finally:
                stop_process(proc)
    finally:
        stop_xvfb(display)
    text = output.read_text(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith('{"ok"')]
    assert lines, f"no summary from the sign-in journey (exit status {rc}):\n{text[-3000:]}"
    summary = json.loads(lines[-1])
    assert summary["ok"], f"sign-in journey failed: {json.dumps(summary, indent=2)}\n{text[-2000:]}"
    assert rc == 0
    assert any("/oauth2/authorize" in page for page in summary["pages"])
    assert any("/callback" in page for page in summary["pages"])  # the page came back to the app
    assert "as dana" in summary["status"]
    log = Path(summary["log"]).read_text()
    assert "eyJ" not in log  # no JSON web token in the app's log
