"""The app follows the desktop's theme while it runs: light, dark, high contrast.

A settings portal (tests/support/portal.py, what GNOME and KDE run) on the test's own session bus
tells Qt's ``xdgdesktopportal`` platform theme the desktop's colour scheme and contrast; the app runs
in Xvfb with the theme "system" and reports the theme it uses and its window colour.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.xserver import app_env, start_xvfb, stop_process, stop_xvfb

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
PORTAL = REPO / "tests" / "support" / "portal.py"
APP = REPO / "tests" / "e2e" / "theme_app.py"


def _line(stream: object, want: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            break
        if line.startswith(want):
            return str(line).strip()
    raise AssertionError(f"no line {want!r} within {timeout:.0f} s")


def test_the_app_follows_the_desktop_theme(tmp_path: Path) -> None:
    if shutil.which("dbus-daemon") is None:
        pytest.fail("the test needs dbus-daemon (Debian package dbus; `make test` installs it)")
    bus = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert bus.stdout is not None
    address = bus.stdout.readline().strip()
    display = start_xvfb()
    portal = app = None
    try:
        portal = subprocess.Popen(["/usr/bin/python3", str(PORTAL)], env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address},
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert portal.stdin is not None and portal.stdout is not None
        assert _line(portal.stdout, "ready") == "ready"
        env = app_env(display, tmp_path, DBUS_SESSION_BUS_ADDRESS=address, QT_QPA_PLATFORMTHEME="xdgdesktopportal")
        app = subprocess.Popen([sys.executable, str(APP)], cwd=REPO, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
        assert app.stdout is not None and app.stdin is not None
        assert _line(app.stdout, "theme ").startswith("theme light ")
        for key, value, expected in (("color-scheme", 1, "theme dark #2b2b2b"),
                                     ("contrast", 1, "theme high-contrast #000000"),
                                     ("contrast", 0, "theme dark #2b2b2b"),
                                     ("color-scheme", 2, "theme light ")):
            portal.stdin.write(f"{key} {value}\n")
            portal.stdin.flush()
            assert _line(app.stdout, "theme ").startswith(expected), (key, value)
        app.stdin.close()
        app.wait(30)
    finally:
        for proc in (app, portal):
            if proc is not None and proc.poll() is None:
                if proc is app:
                    stop_process(proc)  # type: ignore[arg-type]
                else:
                    proc.kill()
                    proc.wait(5)
        stop_xvfb(display)
        bus.terminate()
        bus.wait(10)
        bus.stdout.close()
