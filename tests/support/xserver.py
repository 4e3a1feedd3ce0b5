"""A real X server (Xvfb) on a free display and the environment of an app run in it."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

X11_DIR = Path("/tmp/.X11-unix")


SCREEN = "1400x900x24"


@dataclass
class XServer:
    display: int
    process: subprocess.Popen[bytes]

    @property
    def name(self) -> str:
        return f":{self.display}"


def _display_taken(n: int) -> bool:
    return (X11_DIR / f"X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists()


def start_xvfb(first: int = 90, attempts: int = 40, timeout: float = 10.0) -> XServer:
    """Start Xvfb on the first free display from ``first`` and wait for its socket."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise RuntimeError("Xvfb is not installed: `make test` installs the package xvfb.")
    n = first
    for _ in range(attempts):
        while _display_taken(n):
            n += 1
        proc = subprocess.Popen([binary, f":{n}", "-screen", "0", SCREEN, "-nolisten", "tcp"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
        socket_path = X11_DIR / f"X{n}"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and proc.poll() is None and not socket_path.exists():
            time.sleep(0.02)
        if proc.poll() is None and socket_path.exists():
            return XServer(n, proc)
        stop_xvfb(XServer(n, proc))  # lost a race for the number (or too slow): try the next one
        n += 1
    raise RuntimeError(f"Xvfb did not start on any display from :{first}.")


def stop_xvfb(server: XServer) -> None:
    proc = server.process
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    if proc.stderr is not None:
        proc.stderr.close()


def app_env(display: XServer, home: Path, **extra: str) -> dict[str, str]:
    """The environment of an app subprocess in ``display`` with private XDG directories under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "QT_", "ENSURE_BROWSER_"))}
    for name in ("DATA", "CONFIG", "STATE", "CACHE", "RUNTIME"):
        path = home / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        if name == "RUNTIME":
            path.chmod(0o700)
        env[f"XDG_{name}_HOME" if name != "RUNTIME" else "XDG_RUNTIME_DIR"] = str(path)
    env.update(DISPLAY=display.name, QT_QPA_PLATFORM="xcb", PYTHONUNBUFFERED="1", **extra)
    return env


def stop_process(proc: subprocess.Popen[bytes]) -> None:
    """Terminate a subprocess (and its process group) that is still running after a failure."""
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, 15)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.wait(5)


def weeds_serving(directory: Path) -> list[int]:
    """PIDs of live weed processes whose command line names ``directory`` (an app's demo server
    keeps its data under the app's home)."""
    from ensure_browser.demo.seed import process_cmdline
    from ensure_browser.demo.server import pid_alive

    return [int(p.name) for p in Path("/proc").iterdir()
            if p.name.isdigit() and "weed" in (cmd := process_cmdline(int(p.name))) and str(directory) in cmd
            and pid_alive(int(p.name))]


def stop_app(proc: subprocess.Popen[bytes], home: Path) -> list[int]:
    """Stop an app subprocess (:func:`stop_process`) and then any demo server it left running under
    ``home`` (an app killed in a failed test cannot stop its own). Returns the PIDs it had to stop."""
    from ensure_browser.demo.server import stop_pid

    stop_process(proc)
    left = weeds_serving(home)
    for pid in left:
        stop_pid(pid)
    return left

