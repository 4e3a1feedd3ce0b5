"""The app as a screen reader sees it: every interactive element of every window has a name.

The app runs in its own Xvfb server and its own D-Bus session with the accessibility bus
(``at-spi-bus-launcher``, Debian's ``at-spi2-core``), with ``QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1``. It
opens, connected to the demo server, the main window, the Transfers and Policies docks, the
"Connection profiles" window, the Storage health window, the welcome dialog, the delete
confirmation and the policy editor's "changed meanwhile" question (tests/e2e/a11y_app.py). The reader is tests/support/atspi.py run by the system Python with
``python3-pyatspi`` (the interface Orca uses); an element with a role a user interacts with and an
empty name fails the test, with its path.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.atspi import interactive, unnamed, windows
from tests.support.xserver import XServer, app_env, start_xvfb, stop_app, stop_xvfb

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
READER = REPO / "tests" / "support" / "atspi.py"
APP = REPO / "tests" / "e2e" / "a11y_app.py"


@dataclass
class Session:
    """A private D-Bus session bus (with the accessibility bus started on it) and an X server."""

    address: str
    daemon: subprocess.Popen[str]
    display: XServer

    def env(self, **extra: str) -> dict[str, str]:
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address, **extra}


def _require_atspi() -> None:
    missing = [tool for tool in ("dbus-daemon", "dbus-send") if shutil.which(tool) is None]
    if missing or not Path("/usr/libexec/at-spi-bus-launcher").exists():
        pytest.fail(f"AT-SPI needs the Debian packages dbus and at-spi2-core (`make test` installs them): {missing}")
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], check=False, capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.fail(f"{SYSTEM_PYTHON} cannot import pyatspi: install python3-pyatspi (`make test` does)\n{probe.stderr}")


@pytest.fixture
def session() -> Iterator[Session]:
    _require_atspi()
    daemon = subprocess.Popen(["dbus-daemon", "--session", "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, start_new_session=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    display = start_xvfb()
    s = Session(address, daemon, display)
    try:
        # Start the accessibility bus before the app, so Qt finds it when it starts.
        subprocess.run(["dbus-send", "--session", "--print-reply", "--dest=org.a11y.Bus", "/org/a11y/bus",
                        "org.a11y.Bus.GetAddress"], env=s.env(), check=True, capture_output=True, timeout=20)
        yield s
    finally:
        stop_xvfb(display)
        daemon.terminate()  # at-spi-bus-launcher and the registry leave with their session bus
        daemon.wait(10)
        daemon.stdout.close()


def read_tree(session: Session, home: Path, *args: str) -> dict[str, Any]:
    """Start the app (tests/e2e/a11y_app.py ``args``) and read its accessible tree once it is ready."""
    home.mkdir(parents=True, exist_ok=True)
    env = app_env(session.display, home, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                  DBUS_SESSION_BUS_ADDRESS=session.address)
    output = home / "output.txt"
    with open(output, "wb") as out:
        app = subprocess.Popen([sys.executable, str(APP), *args], cwd=REPO, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=out, start_new_session=True)
    try:
        assert app.stdout is not None and app.stdin is not None
        line = app.stdout.readline().decode()
        assert line.strip() == "ready", f"the app did not start:\n{output.read_text(errors='replace')[-3000:]}"
        reader = subprocess.run([SYSTEM_PYTHON, str(READER), str(app.pid)], check=False, env=session.env(),
                                capture_output=True, text=True, timeout=60)
        assert reader.returncode == 0, reader.stderr[-3000:]
        app.stdin.close()
        app.wait(30)
        return json.loads(reader.stdout)  # type: ignore[no-any-return]
    finally:
        stop_app(app, home)
        if app.stdout is not None:
            app.stdout.close()


def test_every_interactive_element_has_a_name(session: Session, tmp_path: Path) -> None:
    started = time.monotonic()
    tree = read_tree(session, tmp_path / "app")
    titles = windows(tree)
    for title in ("Connection profiles", "Storage health", "Welcome", "Delete", "Keyboard shortcuts",
                  "changed meanwhile"):
        assert any(title in t for t in titles), f"{title!r} is not among the windows read: {titles}"
    text = json.dumps(tree)
    for dock in ("Transfers", "Policies"):
        assert f'"name": "{dock}"' in text, f"the {dock} dock was not read"
    assert interactive(tree) > 100, "the walk saw too little of the app"
    missing = unnamed(tree)
    assert missing == [], f"{len(missing)} interactive elements without a name:\n" + "\n".join(missing)
    assert time.monotonic() - started < 60


def test_the_reader_finds_an_unnamed_field(session: Session, tmp_path: Path) -> None:
    """The walk can fail: a window with a text field and no label is reported, with its path."""
    tree = read_tree(session, tmp_path / "probe", "--probe")
    (title,) = windows(tree)
    assert title.startswith("Probe")
    assert unnamed(tree) == [f"application {tree['name']!r} > filler {title!r} > text"]


def test_unnamed_reports_paths_of_interactive_roles_only() -> None:
    tree = {"role": "application", "name": "app", "children": [
        {"role": "frame", "name": "Main", "children": [
            {"role": "filler", "name": "", "children": [
                {"role": "push button", "name": "OK"},
                {"role": "push button", "name": " "},
                {"role": "label", "name": ""},
                {"role": "table", "name": "", "showing": False},
                {"role": "combo box", "name": "All", "children": [{"role": "list", "name": ""}]},
                {"role": "text", "name": "Filter", "children": [{"role": "push button", "name": ""}]},
            ]}]}]}
    assert unnamed(tree) == ["application 'app' > frame 'Main' > filler > push button ' '",
                             "application 'app' > frame 'Main' > filler > table (hidden)"]
    assert windows(tree) == ["Main"]
    assert interactive(tree) == 7


def test_state_changes_are_announced(session: Session, tmp_path: Path) -> None:
    """What Orca hears: an error banner, a finished and a failed transfer and a scan's result arrive
    over AT-SPI as announcements (``object:announcement``) from the app, errors among them."""
    home = tmp_path / "announce"
    home.mkdir()
    env = app_env(session.display, home, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
                  DBUS_SESSION_BUS_ADDRESS=session.address)
    output = home / "output.txt"
    with open(output, "wb") as out:
        app = subprocess.Popen([sys.executable, str(APP), "--announce"], cwd=REPO, env=env, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=out, start_new_session=True)
    listener: subprocess.Popen[str] | None = None
    try:
        assert app.stdout is not None and app.stdin is not None
        line = app.stdout.readline().decode()
        assert line.strip() == "ready", f"the app did not start:\n{output.read_text(errors='replace')[-3000:]}"
        listener = subprocess.Popen([SYSTEM_PYTHON, str(READER), "--listen", "120", str(app.pid)], env=session.env(),
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert listener.stdout is not None and listener.stdin is not None
        assert listener.stdout.readline().strip() == "listening"
        app.stdin.write(b"go\n")
        app.stdin.flush()
        line = app.stdout.readline().decode()
        assert line.strip() == "announced", f"the app stopped:\n{output.read_text(errors='replace')[-3000:]}"
        time.sleep(1)  # the last events on their way over the bus
        heard_text, errors = listener.communicate("stop\n", timeout=30)
        assert listener.returncode == 0, errors[-3000:]
        heard = json.loads(heard_text)
        app.stdin.close()
        app.wait(30)
    finally:
        stop_app(app, home)
        if listener is not None and listener.poll() is None:
            listener.kill()
            listener.wait(5)
    spoken = [h["text"] for h in heard if h["type"] == "object:announcement"]
    assert "Listing s3://probe/ failed: the server did not answer" in spoken
    assert "1 file uploaded" in spoken, spoken
    assert "1 failed" in spoken, spoken
    scans = [s for s in spoken if s.startswith("Scan finished: ")]
    assert len(scans) == 1 and re.search(r" findings? \(", scans[0]) and "Scanned " in scans[0], spoken
    assert not [h for h in heard if h["type"] == "error"], heard
