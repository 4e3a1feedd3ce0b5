"""End to end in a real window: the app runs as a subprocess in its own Xvfb server.

* The smoke run is exactly what a user starts (``python -m ensure_browser --demo``): it must quit
  by itself after ``ENSURE_BROWSER_QUIT_AFTER_MS`` with status 0 and take its demo server with it.
* The journeys (tests/e2e/journeys.py) build the same app in-process in a subprocess and play what
  teachers, support staff and admins do, with a screenshot of the window and of the X screen per
  step in screenshots/e2e/.

The smoke run takes 15 s by design, so it starts with the module and runs beside the journeys.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ensure_browser.demo.server import pid_alive, stop_pid
from ensure_browser.ui.crash import QT_NOISE
from tests.support.xserver import XServer, app_env, start_xvfb, stop_process, stop_xvfb, weeds_serving

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "screenshots" / "e2e"
QUIT_AFTER_MS = 15_000
# Not this program's: no sound card and no GPU in a virtual X server (as in tests/ui/conftest.py).
ENVIRONMENT_NOISE = ("No audio device detected", "No RHI backend", "QOpenGL", "failed to acquire GL context",
                     "GLX", "EGL", "MESA", "pulseaudio", "PulseAudio", "ffmpeg", "FFmpeg", "QMediaPlayer",
                     "qt.multimedia", "Fontconfig", "OpenType support missing")


def demo_state(home: Path) -> Path:
    return home / "data" / "ensure-browser" / "demo" / "demo.json"


def read_pid(state: Path) -> int | None:
    try:
        pid = json.loads(state.read_text(encoding="utf-8")).get("pid")
    except (OSError, ValueError):
        return None
    return pid if isinstance(pid, int) else None


@dataclass
class Run:
    """An app subprocess, and the demo server PID seen in its state file while it ran."""

    process: subprocess.Popen[bytes]
    home: Path
    output: Path
    server_pids: list[int] = field(default_factory=list)
    watcher: threading.Thread | None = None

    def watch_state(self) -> None:
        state = demo_state(self.home)

        def poll() -> None:
            while self.process.poll() is None:
                pid = read_pid(state)
                if pid is not None and pid not in self.server_pids:
                    self.server_pids.append(pid)
                time.sleep(0.02)

        self.watcher = threading.Thread(target=poll, daemon=True)
        self.watcher.start()

    def cleanup(self) -> None:
        stop_process(self.process)
        if self.watcher is not None:
            self.watcher.join(5)
        for pid in self.server_pids + weeds_serving(self.home):
            if pid_alive(pid):
                stop_pid(pid)  # never leave a server behind, even when the test failed


def launch(argv: list[str], display: XServer, home: Path, **env: str) -> Run:
    output = home / "output.txt"
    home.mkdir(parents=True, exist_ok=True)
    with open(output, "wb") as out:
        proc = subprocess.Popen([sys.executable, *argv], cwd=REPO, env=app_env(display, home, **env),
                                stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    run = Run(proc, home, output)
    run.watch_state()
    return run


@pytest.fixture(scope="module")
def smoke(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """``python -m ensure_browser --demo`` told to quit after 15 s, started once for the module."""
    display = start_xvfb()
    run = launch(["-m", "ensure_browser", "--demo"], display, tmp_path_factory.mktemp("smoke"),
                 ENSURE_BROWSER_QUIT_AFTER_MS=str(QUIT_AFTER_MS))
    try:
        yield run
    finally:
        run.cleanup()
        stop_xvfb(display)


def test_journeys_in_a_real_window(smoke: Run, tmp_path: Path) -> None:
    """Teacher, support (two), admin and undelete journeys; the smoke run (started by the fixture) runs
    meanwhile."""
    display = start_xvfb()
    run = launch([str(REPO / "tests" / "e2e" / "journeys.py"), "--shots", str(SHOTS)], display, tmp_path)
    try:
        rc = run.process.wait(150)
    finally:
        run.cleanup()
        stop_xvfb(display)
    text = run.output.read_text(errors="replace")
    lines = [line for line in text.splitlines() if line.startswith('{"ok"')]
    assert lines, f"no summary from the journeys (exit status {rc}):\n{text[-3000:]}"
    summary = json.loads(lines[-1])
    failed = {j["name"]: j["error"] for j in summary["journeys"] if not j["ok"]}
    assert not failed, f"journeys failed (log: {summary['log']}): {json.dumps(failed, indent=2)}"
    assert rc == 0
    assert [j["name"] for j in summary["journeys"]] == ["teacher", "teacher-replace", "support", "support-download",
                                                       "admin", "undelete"]
    shots = summary["screenshots"]
    assert "01-connected.png" in shots and "01-connected-screen.png" in shots
    assert len(shots) == 2 * (1 + sum(len(j["steps"]) for j in summary["journeys"]))
    noise = QT_NOISE + ENVIRONMENT_NOISE
    unexpected = [w for w in summary["qt_warnings"] if not any(n in w for n in noise)]
    assert unexpected == [], f"Qt warnings during the journeys: {unexpected}"
    # the journeys' demo server went away with the app
    assert run.server_pids and not any(pid_alive(pid) for pid in run.server_pids)


def test_demo_smoke_run_quits_and_stops_its_server(smoke: Run) -> None:
    started = time.monotonic()
    rc = smoke.process.wait(QUIT_AFTER_MS / 1000 + 60)
    output = smoke.output.read_text(errors="replace")
    assert rc == 0, f"exit status {rc}:\n{output[-3000:]}"
    if smoke.watcher is not None:
        smoke.watcher.join(5)
    assert len(smoke.server_pids) == 1, f"the demo state file named servers {smoke.server_pids}"
    (pid,) = smoke.server_pids
    assert not pid_alive(pid), f"the demo server (PID {pid}) outlived the app"
    assert read_pid(demo_state(smoke.home)) is None  # the state file says it stopped
    assert weeds_serving(smoke.home) == []
    log_file = smoke.home / "state" / "ensure-browser" / "log" / "ensure-browser.log"
    log = log_file.read_text(encoding="utf-8")
    assert "demo server running on" in log and "shutting down" in log and "Traceback" not in log
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name)
def test_a_signal_closes_the_app_and_stops_its_demo_server(signum: signal.Signals, tmp_path: Path) -> None:
    """``kill -TERM`` (or Ctrl+C, or a closed terminal) closes the app as Quit does: nothing left running."""
    display = start_xvfb()
    run = launch(["-m", "ensure_browser", "--demo"], display, tmp_path)
    log_file = tmp_path / "state" / "ensure-browser" / "log" / "ensure-browser.log"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and run.process.poll() is None:
            log = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
            if run.server_pids and "demo server running on" in log:
                break
            time.sleep(0.1)
        assert run.server_pids, f"the demo server never started:\n{run.output.read_text(errors='replace')[-3000:]}"
        run.process.send_signal(signum)
        rc = run.process.wait(10)
        gone_by = time.monotonic() + 10
        while time.monotonic() < gone_by and (weeds_serving(tmp_path) or any(map(pid_alive, run.server_pids))):
            time.sleep(0.1)
        assert weeds_serving(tmp_path) == [] and not any(map(pid_alive, run.server_pids))
    finally:
        run.cleanup()
        stop_xvfb(display)
    assert rc == 128 + signum, run.output.read_text(errors="replace")[-3000:]
    log = log_file.read_text(encoding="utf-8")
    assert f"{signum.name} received: closing" in log and "shutting down" in log and "Traceback" not in log
    assert read_pid(demo_state(tmp_path)) is None  # the state file says the server stopped
