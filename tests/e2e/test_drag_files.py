"""Drags between the app and a real file manager (Debian's pcmanfm) in one X server, driven by xdotool.

The app (tests/e2e/drag_app.py) runs connected to the test session's SeaweedFS server, at the left of
an Xvfb screen; pcmanfm shows a temporary folder at the right. xdotool presses the mouse on a row of
the contents table, moves it over pcmanfm's window and lets go: the files must arrive in the folder
under their real names with the server's bytes. The other way, a file dragged from pcmanfm onto a
classroom in the app's navigator must be uploaded as a material of that classroom under its name.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from tests.support.servers import S3Server
from tests.support.transfers import make_pdf
from tests.support.xserver import XServer, app_env, start_xvfb, stop_process, stop_xvfb

pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "tests" / "e2e" / "drag_app.py"
FILES_X = 860  # pcmanfm's window: the right part of the screen (the app keeps x < 850)
TIMEOUT = 30.0
FIRST_FILE = (FILES_X + 250, 105)  # the name of the first file in pcmanfm's list view


def _require(*tools: str) -> None:
    missing = [t for t in tools if shutil.which(t) is None]
    if missing:
        pytest.fail(f"{', '.join(missing)} not installed: `make test` installs the Debian packages pcmanfm and xdotool")


@dataclass
class Desktop:
    display: XServer
    home: Path
    env: dict[str, str]
    started: list[subprocess.Popen[Any]]

    def shot(self, path: Path) -> Path:
        """The whole screen as a PNG (for the failure message)."""
        grab = ("import sys; from PySide6.QtGui import QGuiApplication; a = QGuiApplication(sys.argv[:1]); "
                f"QGuiApplication.primaryScreen().grabWindow(0).save({str(path)!r})")
        subprocess.run([sys.executable, "-c", grab], env={**self.env, "QT_QPA_PLATFORM": "xcb"}, check=False,
                       capture_output=True, timeout=30)
        return path

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20,
                              check=True)
        return done.stdout.strip()


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[Desktop]:
    _require("pcmanfm", "xdotool")
    display = start_xvfb()
    home = tmp_path / "home"
    env = app_env(display, home, HOME=str(home), NO_AT_BRIDGE="1", GTK_A11Y="none")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    desk = Desktop(display, home, env, [])
    try:
        yield desk
    finally:
        for proc in reversed(desk.started):
            if proc.stdin is not None and not proc.stdin.closed:
                proc.stdin.close()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                stop_process(proc)
            stop_process(proc)
        stop_xvfb(display)


def wait_for(what: str, pred: Callable[[], Any], timeout: float = TIMEOUT,
             explain: Callable[[], object] = lambda: "") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = pred()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what} {explain()}")


def file_manager(desk: Desktop, folder: Path) -> str:
    """pcmanfm showing ``folder`` in the right part of the screen; its X window id."""
    config = desk.home / "config" / "pcmanfm" / "default"
    config.mkdir(parents=True, exist_ok=True)
    (config / "pcmanfm.conf").write_text("[ui]\nview_mode=list\nshow_hidden=0\n[config]\nconfirm_del=1\n",
                                         encoding="utf-8")
    proc = subprocess.Popen(["pcmanfm", "--new-win", str(folder)], env=desk.env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    desk.started.append(proc)

    def window() -> str:
        found = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", folder.name], env=desk.env,
                               capture_output=True, text=True, check=False)
        return found.stdout.split()[0] if found.stdout.split() else ""

    win = wait_for("the pcmanfm window", window)
    desk.xdotool("windowmove", win, str(FILES_X), "0")
    desk.xdotool("windowsize", win, "530", "700")
    time.sleep(1.0)
    return str(win)


class App:
    def __init__(self, desk: Desktop, s3_server: S3Server, names: BucketNames, cache: Path) -> None:
        self.proc = subprocess.Popen([sys.executable, str(APP)], env={**desk.env, "PYTHONPATH": str(REPO)},
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, text=True,
                                     cwd=REPO, start_new_session=True)
        desk.started.append(self.proc)
        ident = s3_server.admin
        self.send({"endpoint": s3_server.endpoint, "access_key": ident.access_key, "secret_key": ident.secret_key,
                   "documents": names.documents, "recordings": names.recordings, "cache": str(cache)})
        assert self.read() == {"ready": True}

    def send(self, value: dict[str, Any]) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(value) + "\n")
        self.proc.stdin.flush()

    def read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line, f"the app ended (exit {self.proc.poll()})"
        return json.loads(line)

    def ask(self, value: dict[str, Any]) -> dict[str, Any]:
        self.send(value)
        return self.read()


def drag(desk: Desktop, start: tuple[int, int], end: tuple[int, int], steps: int = 25) -> None:
    """Press at ``start``, move a little and wait (the source begins its drag: GTK after its
    threshold, this app once the copies are fetched), go on in steps as a hand does to ``end``, let go."""
    desk.xdotool("mousemove", str(start[0]), str(start[1]))
    time.sleep(0.3)
    desk.xdotool("mousedown", "1")
    time.sleep(0.3)
    for i in range(1, 6):
        desk.xdotool("mousemove", str(start[0] - 4 * i), str(start[1] + 2 * i))
        time.sleep(0.15)
    time.sleep(1.0)
    begin = (start[0] - 20, start[1] + 10)
    for i in range(1, steps + 1):
        x = begin[0] + (end[0] - begin[0]) * i // steps
        y = begin[1] + (end[1] - begin[1]) * i // steps
        desk.xdotool("mousemove", str(x), str(y))
        time.sleep(0.1)
    time.sleep(0.8)
    desk.xdotool("mousemove", str(end[0] + 3), str(end[1] + 3))
    time.sleep(0.5)
    desk.xdotool("mouseup", "1")


@pytest.fixture
def names(make_bucket: Callable[[str], str]) -> BucketNames:
    return BucketNames(documents=make_bucket("doc"), recordings=make_bucket("rec"))


def test_rows_dragged_into_pcmanfm_arrive_with_their_real_names(
        desktop: Desktop, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    files = {"Photosynthesis Lab.pdf": b"%PDF-1.4 lab " + os.urandom(2000), "Cell: Übersicht?.pdf": b"%PDF-1.4 c"}
    keys = {}
    for i, (original, data) in enumerate(files.items()):
        keys[original] = f"classrooms/c1/materials/0000000{i}-aaaa-bbbb-cccc-dddddddddddd.pdf"
        admin_storage.upload_bytes(docs, keys[original], data, "application/pdf", {ORIGINAL_NAME_META: original})
    target = tmp_path / "Dropped here"
    target.mkdir()
    file_manager(desktop, target)
    app = App(desktop, s3_server, names, tmp_path / "cache")
    rows = app.ask({"select": [f"s3://{docs}/{k}" for k in keys.values()]})["rows"]
    drag(desktop, (rows[0][0], rows[0][1]), (FILES_X + 280, 400))

    expected = {"Photosynthesis Lab.pdf": files["Photosynthesis Lab.pdf"],
                "Cell_ Übersicht_.pdf": files["Cell: Übersicht?.pdf"]}  # ':' and '?': not in a Windows name

    def arrived() -> bool:
        got = {p.name: p.read_bytes() for p in target.iterdir() if p.is_file()}
        return got == expected

    wait_for(f"the files in {target}", arrived, explain=lambda: (app.ask({"status": True}),
                                                                desktop.shot(tmp_path / "screen.png")))
    assert app.ask({"status": True})["status"] == "Dragged 2 files"


def test_a_file_dragged_from_pcmanfm_onto_a_classroom_becomes_its_material(
        desktop: Desktop, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    admin_storage.upload_bytes(docs, "classrooms/c1/materials/00000000-aaaa-bbbb-cccc-dddddddddddd.pdf",
                               make_pdf("first"), "application/pdf", {ORIGINAL_NAME_META: "First.pdf"})
    source = tmp_path / "To upload"
    source.mkdir()
    pdf = make_pdf("Ratios and proportions")
    (source / "Lesson 12 - Ratios.pdf").write_bytes(pdf)
    file_manager(desktop, source)
    app = App(desktop, s3_server, names, tmp_path / "cache")
    at = app.ask({"classroom": "c1"})["at"]
    drag(desktop, FIRST_FILE, (at[0], at[1]))

    def uploaded() -> list[str]:
        return [k for k in (i.key for i in admin_storage.list_recursive(docs, "classrooms/c1/materials/"))
                if admin_storage.stat(docs, k).metadata.get(ORIGINAL_NAME_META) == "Lesson 12 - Ratios.pdf"]

    keys = wait_for("the upload", uploaded, explain=lambda: (app.ask({"uploads": True}),
                                                             desktop.shot(tmp_path / "screen.png")))
    assert len(keys) == 1 and admin_storage.read_range(docs, keys[0]) == pdf
    assert (source / "Lesson 12 - Ratios.pdf").read_bytes() == pdf  # a copy: the local file stays


def test_a_folder_dragged_into_pcmanfm_arrives_with_its_structure(
        desktop: Desktop, s3_server: S3Server, admin_storage: Storage, names: BucketNames, tmp_path: Path) -> None:
    docs = names.documents
    files = {"Photosynthesis Lab.pdf": b"%PDF-1.4 lab " + os.urandom(3000), "Cell: Übersicht?.pdf": b"%PDF-1.4 c"}
    for i, (original, data) in enumerate(files.items()):
        admin_storage.upload_bytes(docs, f"classrooms/c1/materials/0000000{i}-aaaa-bbbb-cccc-dddddddddddd.pdf", data,
                                   "application/pdf", {ORIGINAL_NAME_META: original})
    admin_storage.upload_bytes(docs, "classrooms/c1/notes/week 1/plan.txt", b"the plan")
    target = tmp_path / "Folder dropped here"
    target.mkdir()
    file_manager(desktop, target)
    app = App(desktop, s3_server, names, tmp_path / "cache")
    rows = app.ask({"select": [f"s3://{docs}/classrooms/c1/notes/", f"s3://{docs}/classrooms/c1/materials/"]})["rows"]
    drag(desktop, (rows[0][0], rows[0][1]), (FILES_X + 280, 400))

    expected = {  # as File > Download… lays them out: the classroom's id above its materials
        "c1/materials/Photosynthesis Lab.pdf": files["Photosynthesis Lab.pdf"],
        "c1/materials/Cell_ Übersicht_.pdf": files["Cell: Übersicht?.pdf"],
        "notes/week 1/plan.txt": b"the plan",
    }

    def arrived() -> bool:
        got = {p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()}
        return got == expected

    wait_for(f"the folders in {target}", arrived, explain=lambda: (
        app.ask({"status": True}), sorted(str(p.relative_to(target)) for p in target.rglob("*")),
        desktop.shot(tmp_path / "screen.png")))
    assert app.ask({"status": True})["status"] == "Dragged 2 items"
