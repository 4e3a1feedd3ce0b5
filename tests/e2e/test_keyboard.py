"""Keyboard only: the teacher, support and admin journeys played with the X server's keyboard.

tests/e2e/keyboard_journeys.py runs in its own Xvfb server and drives the app with ``xdotool`` key
events only (no clicks, no calls into the app); a screenshot of the screen per step goes to
screenshots/e2e-keyboard/. The journeys' demo server leaves with the app.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.xserver import app_env, start_xvfb, stop_app, stop_xvfb

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "screenshots" / "e2e-keyboard"
SCRIPT = REPO / "tests" / "e2e" / "keyboard_journeys.py"


def test_every_journey_works_from_the_keyboard(tmp_path: Path) -> None:
    display = start_xvfb()
    output = tmp_path / "output.txt"
    try:
        with open(output, "wb") as out:
            proc = subprocess.Popen([sys.executable, str(SCRIPT), "--shots", str(SHOTS)], cwd=REPO,
                                    env=app_env(display, tmp_path), stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        try:
            rc = proc.wait(240)
        finally:
            left = stop_app(proc, tmp_path)
    finally:
        stop_xvfb(display)
    assert left == [], "the demo server outlived the app"
    text = output.read_text(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith('{"ok"')]
    assert lines, f"no summary (exit status {rc}):\n{text[-3000:]}"
    summary = json.loads(lines[-1])
    failed = {j["name"]: j["error"] for j in summary["journeys"] if not j["ok"]}
    assert not failed, json.dumps(failed, indent=2)
    assert rc == 0
    assert [j["name"] for j in summary["journeys"]] == ["teacher", "support", "admin"]
    keys = {j["name"]: j["keys"] for j in summary["journeys"]}
    assert "ctrl+u" in keys["teacher"] and "Return" in keys["teacher"]
    assert "ctrl+alt+s" in keys["support"]
    assert {"ctrl+shift+p", "ctrl+shift+h", "shift+F10"} <= set(keys["admin"])
    assert all(j["steps"] for j in summary["journeys"])
