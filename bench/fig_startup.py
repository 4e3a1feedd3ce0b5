"""Figure 5: start-up, and the import time of the Qt-free core.

* process start -> main window shown: ``python -m ensure_browser --endpoint 127.0.0.1:1
  --access-key x`` (secret from MINIO_ROOT_PASSWORD), offscreen, run through a small probe that
  notes the main window's first paint event (the app logs no "window shown" marker). The
  probe reads CLOCK_MONOTONIC, which the parent shares, so the time counts from just before the
  parent spawns the process. The probe imports nothing the app would not import.
* process start -> exit with ``ENSURE_BROWSER_QUIT_AFTER_MS=1`` and no probe: the plain command.
* ``import ensure_browser.core.s3.storage, ensure_browser.core.schema.policies,
  ensure_browser.core.health.rules`` (the storage facade and the whole schema: what
  ``core.schema.layout`` was) in a fresh interpreter, minus ``python -c pass``.

Each child gets empty XDG config/data/cache directories, so no profile, journal or geometry of
the machine's user is read, and its own byte-code cache folder (``PYTHONPYCACHEPREFIX``), which the
first, uncounted run fills. Medians over ``startup_runs`` runs, interleaved.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.harness import Context, Row, Target, byte_code_cached, median

FIGURE = "startup"
APP_ARGS = ["-m", "ensure_browser", "--endpoint", "127.0.0.1:1", "--access-key", "x"]
CORE_IMPORT = ("import ensure_browser.core.s3.storage, ensure_browser.core.schema.policies, "
               "ensure_browser.core.health.rules")

# Runs the app's own entry point; writes CLOCK_MONOTONIC at the main window's first paint event.
PROBE = r"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QMainWindow
import ensure_browser.ui.application as application

out = os.environ["BENCH_SHOWN_FILE"]
_make = application.make_application

class _Shown(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
            with open(out, "w") as fh:
                fh.write(repr(time.monotonic()))
            application.QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, obj.close)  # then quit as ENSURE_BROWSER_QUIT_AFTER_MS would
        return False

def make_application(argv=None):
    app = _make(argv)
    global _filter
    _filter = _Shown()
    app.installEventFilter(_filter)
    return app

application.make_application = make_application
from ensure_browser.cli.main import main
sys.argv = ["ensure-browser", *sys.argv[1:]]
raise SystemExit(main())
"""


def child_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update({
        "QT_QPA_PLATFORM": "offscreen",
        "MINIO_ROOT_PASSWORD": "bench-secret",
        "ENSURE_BROWSER_QUIT_AFTER_MS": "1",
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "XDG_STATE_HOME": str(home / "state"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.null.Keyring",
    })
    for name in ("MINIO_ENDPOINT", "MINIO_ROOT_USER", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        env.pop(name, None)
    return byte_code_cached(env, home / "pycache")  # filled by the warm-up run


def timed_child(args: list[str], env: dict[str, str], timeout: float = 120.0) -> float:
    """Seconds from spawning ``python args`` to its exit; raises when it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], env=env, capture_output=True, timeout=timeout, check=False)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} exited {proc.returncode}: "
                           f"{proc.stderr.decode(errors='replace')[-600:]}")
    return seconds


def shown_child(env: dict[str, str], shown_file: Path) -> tuple[float, float]:
    """(seconds to the main window's first paint, seconds to exit) for one probed start."""
    shown_file.unlink(missing_ok=True)
    env = {**env, "BENCH_SHOWN_FILE": str(shown_file), "ENSURE_BROWSER_QUIT_AFTER_MS": "20000"}
    start = time.monotonic()
    total = timed_child(["-c", PROBE, *APP_ARGS[2:]], env)
    if not shown_file.exists():
        raise RuntimeError("the main window was never painted")
    return float(shown_file.read_text()) - start, total


def import_profile(env: dict[str, str], top: int = 6) -> str:
    """The slowest imports (cumulative) among the core modules and their direct imports, and the
    core modules' own time, from ``python -X importtime``."""
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", CORE_IMPORT], env=env, capture_output=True,
                          text=True, check=False)
    rows: list[tuple[int, str]] = []
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        own, cumulative, name = line[len("import time:"):].split("|")
        depth = (len(name) - len(name.lstrip()) - 1) // 2
        module = name.strip()
        if module.startswith("ensure_browser"):
            rows.append((int(own), f"{module} (own)"))
        elif depth <= 1:
            rows.append((int(cumulative), module))
    rows.sort(reverse=True)
    return ", ".join(f"{name} {us / 1000:.0f} ms" for us, name in rows[:top])


def run(ctx: Context) -> list[Row]:
    runs = ctx.sizes.startup_runs
    with tempfile.TemporaryDirectory(prefix="ensure-bench-home-") as tmp:
        home = Path(tmp)
        env = child_env(home)
        timed_child(APP_ARGS, env)  # warm the page cache and the byte-code caches (not counted)
        shown: list[float] = []
        to_exit_probe: list[float] = []
        to_exit: list[float] = []
        bare: list[float] = []
        core: list[float] = []
        for i in range(runs):
            s, e = shown_child(env, home / "shown")
            shown.append(s)
            to_exit_probe.append(e)
            to_exit.append(timed_child(APP_ARGS, env))
            bare.append(timed_child(["-c", "pass"], env))
            core.append(timed_child(["-c", CORE_IMPORT], env))
            ctx.log(f"  run {i + 1}: window shown {s:.2f} s, exit {to_exit[-1]:.2f} s; python -c pass "
                    f"{bare[-1] * 1000:.0f} ms, core import {core[-1] * 1000:.0f} ms")
        slowest = import_profile(env)
    core_only = [(c - b) * 1000 for c, b in zip(core, bare, strict=True)]
    return [
        Row(FIGURE, "process start -> main window shown", "s", "lower", shown, {}, [Target(0.7)],  # #23
            note=f"median of {runs}; python -c pass takes {median(bare) * 1000:.0f} ms here"),
        Row(FIGURE, "process start -> exit (ENSURE_BROWSER_QUIT_AFTER_MS=1)", "s", "lower", to_exit, {},
            note="the plain command: start-up, then the 1 ms timer closes the window and the app shuts down"),
        Row(FIGURE, "import ensure_browser.core.s3.storage + layout (minus python -c pass)", "ms", "lower",
            core_only, {}, [Target(150.0)], note=f"slowest top-level imports: {slowest}"),  # #23
    ]
