"""The three user journeys with the keyboard only, in a real window (see test_keyboard.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/e2e/keyboard_journeys.py --shots DIR

The app is built as ``ensure-browser --demo`` builds it. Every action of a journey is a key event of the
X server (``xdotool``, tests/support/keyboard.py): this script never clicks, never calls a slot of the
app and never sends it a Qt event. It only LOOKS (which row is current, which widget has the focus, what
the queue, the player and the scan report), to choose the next key as a user reading the screen would
(how many rows down a bucket is, the first letters of a row to type) and to wait for the app. Each step
saves a screenshot of the X screen. One JSON summary line on stdout; exit status 0 when all passed.

- teacher: Ctrl+1 to the sections, the Classrooms section, Ctrl+2 to the navigator, the classroom,
  Ctrl+U and a file name typed into the file dialog; then the classroom's Materials, Ctrl+3 to the
  contents, the uploaded material, its preview.
- support: the Meetings section, a meeting, its Chunks, the contents, chunk_2.webm; Ctrl+Alt+P plays it,
  Ctrl+Alt+S stops it.
- admin: Ctrl+Shift+P opens the Policies dock with the focus in it, the documents bucket picked with
  arrow keys, its anonymous rules shown; Ctrl+Shift+H opens Storage health, Tab to the prefix, Enter
  scans, Escape closes it; then the context-menu key (Shift+F10) on a row, Escape.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QFileDialog, QMenu, QWidget  # noqa: E402

from ensure_browser.core.connection import Target  # noqa: E402
from ensure_browser.logs import setup_logging  # noqa: E402
from ensure_browser.ui.application import build_main_window, connect_target, make_application  # noqa: E402
from ensure_browser.ui.keyboard.focus_ring import FocusRing  # noqa: E402
from ensure_browser.ui.main_window import MainWindow  # noqa: E402
from ensure_browser.ui.trees.tree_model import LoadState, Node  # noqa: E402
from ensure_browser.ui.workers import workers  # noqa: E402
from tests.support.keyboard import Keyboard  # noqa: E402
from tests.support.transfers import make_pdf  # noqa: E402

log = logging.getLogger("keyboard-journeys")
TIMEOUT = 40.0
CLASSROOM = "math-7a"
MEETING = "bio-8b-2024-03-12"


class Failed(Exception):
    pass


class Driver:
    """Keys for the window, waits on what it shows, screenshots of the X screen."""

    def __init__(self, window: MainWindow, shots: Path, keyboard: Keyboard) -> None:
        self.window = window
        self.shots = shots
        self.keys = keyboard
        self.count = 0
        self.steps: list[str] = []

    def wait(self, what: str, pred: Callable[[], Any], timeout: float = TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while not (value := pred()):
            if time.monotonic() > deadline:
                focus = QApplication.focusWidget()
                raise Failed(f"timed out waiting for {what} (window: {QGuiApplication.focusWindow()}, "
                             f"focus: {type(focus).__name__} "
                             f"{focus.accessibleName() if focus else ''!r}; keys so far: {self.keys.log[-12:]})")
            QTest.qWait(25)
        return value

    def shot(self, step: str) -> None:
        self.count += 1
        QTest.qWait(200)
        screen = QGuiApplication.primaryScreen()
        path = self.shots / f"{self.count:02d}-{step}.png"
        if screen is None or not screen.grabWindow(0).save(str(path)):
            raise Failed(f"could not save {path}")
        self.steps.append(step)

    def focused(self, widget: QWidget, what: str) -> None:
        self.wait(f"the focus in {what}", lambda: (f := QApplication.focusWidget()) is not None
                  and (f is widget or widget.isAncestorOf(f)))

    # -- moving in the main window -----------------------------------------------------------------
    def section(self, title: str) -> None:
        """Ctrl+1, then Home and Down to the section ``title`` of the sidebar."""
        sidebar = self.window.sidebar
        self.keys.key("ctrl+1")
        self.focused(sidebar, "the sections")
        rows = [sidebar.item(i).text() for i in range(sidebar.count())]
        if title not in rows:
            raise Failed(f"no section {title!r}: {rows}")
        self.keys.key("Home", *["Down"] * rows.index(title))
        self.wait(f"the {title} tree", lambda: sidebar.currentItem() is not None
                  and sidebar.currentItem().text() == title and self.window.current_model() is not None)

    def current(self) -> Node | None:
        return self.window.tree_panel.current_node()

    def open_current(self) -> Node:
        """Right on the navigator's current row (expand), until its level is listed."""
        node = self.wait("a current row", self.current)
        view = self.window.tree_panel.view
        if not view.isExpanded(view.currentIndex()):
            self.keys.key("Right")
        self.wait(f"{node.label} listed", lambda: node.state in (LoadState.LOADED, LoadState.ERROR))
        if node.state is LoadState.ERROR:
            raise Failed(f"listing {node.path} failed: {node.error}")
        return node

    def go_to_child(self, parent: Node, what: str, pred: Callable[[Node], bool], shown: str = "") -> Node:
        """Type what the child's row says (the views' type-ahead) until it is the current row; with
        ``shown``, once the row says that (a material's own name replaces its key's when it is read)."""
        model = self.window.current_model()
        assert model is not None
        child = self.wait(what, lambda: model.find_child(parent, pred))
        if shown:
            self.wait(f"the row of {child.label} to say {shown!r}", lambda: model.data(model.index_of(child)) == shown)
        shown = str(model.data(model.index_of(child)))
        QTest.qWait(QApplication.keyboardInputInterval() + 100)  # a pause: a new search, not more of the last
        self.keys.type(shown)
        self.wait(f"{child.label} as the current row", lambda: self.current() is child)
        return child


# -- the journeys ------------------------------------------------------------------------------------


def teacher(d: Driver, work: Path) -> None:
    from ensure_browser.ui.transfers.actions import TransferActions
    from ensure_browser.ui.trees.domain_sources import section_title

    d.section(section_title("classrooms"))
    d.keys.key("ctrl+2")
    d.focused(d.window.tree_panel.view, "the navigator")
    d.keys.key("Home")
    section = d.open_current()
    classroom = d.go_to_child(section, f"classroom {CLASSROOM}", lambda n: n.label == CLASSROOM)
    d.shot("teacher-classroom")

    pdf = work / "Ratios by keyboard.pdf"
    pdf.write_bytes(make_pdf("Ratios, typed"))
    typed: list[str] = []

    def type_file_name() -> None:  # the file dialog runs its own event loop: answered from a timer
        dialog = QApplication.activeModalWidget()
        if typed or not isinstance(dialog, QFileDialog) or not dialog.isActiveWindow():
            return
        typed.append(dialog.windowTitle())
        d.keys.type(str(pdf))
        d.keys.key("Return")

    timer = QTimer()
    timer.timeout.connect(type_file_name)
    timer.start(100)
    actions = d.window.service(TransferActions)
    assert actions is not None
    d.keys.key("ctrl+u")
    d.wait("the file dialog", lambda: typed)
    controller = d.wait("the transfer controller", lambda: actions.controller)
    jobs = d.wait("the upload and its thumbnail", lambda: (js := controller.queue.jobs()) and len(js) >= 2
                  and all(j.state.finished for j in js) and js)
    timer.stop()
    upload = next(j for j in jobs if j.direction.value == "upload")
    if any(j.state.value != "done" for j in jobs) or not upload.key.startswith(f"classrooms/{CLASSROOM}/materials/"):
        raise Failed(f"the upload: {[(j.key, j.state.value, j.error) for j in jobs]}")
    d.shot("teacher-uploaded")

    d.focused(d.window.tree_panel.view, "the navigator, back from the dialog")
    d.open_current()
    materials = d.go_to_child(classroom, "the Materials folder", lambda n: n.kind == "materials")
    model = d.window.current_model()
    assert model is not None
    if materials.state is LoadState.LOADED and model.find_child(materials, lambda n: n.key == upload.key) is None:
        d.keys.key("F5")  # listed before the upload: Refresh
    d.keys.key("ctrl+3")
    d.focused(d.window.tree_panel.contents, "the contents")
    d.wait("the focus ring around the contents", lambda: [r for r in d.window.findChildren(FocusRing)
                                                         if r.isVisible() and r.target is d.window.tree_panel.contents])
    d.go_to_child(materials, "the uploaded material", lambda n: n.key == upload.key, shown=pdf.name)
    d.wait("its preview", lambda: not d.window.preview.busy())
    d.shot("teacher-material-preview")


def support(d: Driver, work: Path) -> None:
    from PySide6.QtMultimedia import QMediaPlayer

    from ensure_browser.ui.trees.domain_sources import section_title

    d.section(section_title("meetings"))
    d.keys.key("ctrl+2", "Home")
    section = d.open_current()
    meeting = d.go_to_child(section, f"meeting {MEETING}", lambda n: n.label == MEETING)
    d.open_current()
    chunks = d.go_to_child(meeting, "the Chunks folder", lambda n: n.kind == "chunks")
    d.keys.key("ctrl+3")
    d.focused(d.window.tree_panel.contents, "the contents")
    d.go_to_child(chunks, "chunk_2.webm", lambda n: n.label == "chunk_2.webm")
    media = d.window.preview.media_view
    d.wait("the chunk in the player", lambda: bool(getattr(media, "items", list)()))
    player = media.player  # type: ignore[union-attr]
    playing = QMediaPlayer.PlaybackState.PlayingState
    if player.playbackState() != playing:
        d.keys.key("ctrl+alt+p")
    d.wait("the recording to play", lambda: player.playbackState() == playing and player.position() > 200)
    d.shot("support-playing")
    d.keys.key("ctrl+alt+s")
    d.wait("the recording to stop", lambda: player.playbackState() != playing)
    d.shot("support-stopped")


def admin(d: Driver, work: Path) -> None:
    from ensure_browser.ui.health.view import HealthView
    from ensure_browser.ui.policies.panel import PolicyPanel

    panel = d.window.service(PolicyPanel)
    assert panel is not None and d.window.connection is not None
    docs = d.window.connection.names.documents
    inspector = panel.inspector
    d.keys.key("ctrl+shift+p")
    d.wait("the Policies dock", panel.dock.isVisible)
    d.focused(inspector, "the Policies dock")
    combo = inspector.bucket_combo
    d.wait("the bucket list", lambda: combo.findData(docs) >= 0)
    if QApplication.focusWidget() is not combo:
        raise Failed(f"the focus is on {QApplication.focusWidget()!r}, not the bucket list")
    d.keys.key("Home", *["Down"] * combo.findData(docs))
    d.wait("the documents policy", lambda: combo.currentData() == docs and not inspector.busy()
           and inspector.rules_table.rowCount() > 0)
    d.shot("admin-policy")

    d.keys.key("ctrl+shift+h")
    health = d.wait("the Storage health window", lambda: (h := d.window.service(HealthView)) is not None
                    and h.isActiveWindow() and h)
    d.focused(health.bucket_combo, "the bucket of the scan")
    d.keys.key("Tab")
    d.focused(health.prefix_edit, "the prefix")
    scanned: list[object] = []
    health.scanFinished.connect(scanned.append)
    d.keys.key("Return")
    d.wait("the scan's result", lambda: scanned and health.findings_tab.table.model().rowCount() > 0)
    d.shot("admin-scanned")
    d.keys.key("Escape")
    d.wait("the health window to close", lambda: not health.isVisible())
    d.wait("the main window active again", d.window.isActiveWindow)

    d.keys.key("ctrl+3", "Home", "shift+F10")
    menu = d.wait("the context menu", lambda: isinstance(w := QApplication.activePopupWidget(), QMenu) and w)
    entries = [a.text() for a in menu.actions() if a.text()]
    d.shot("admin-context-menu")
    d.keys.key("Escape")
    d.wait("the menu to close", lambda: QApplication.activePopupWidget() is None)
    if not entries:
        raise Failed("the context menu is empty")


JOURNEYS: dict[str, Callable[[Driver, Path], None]] = {"teacher": teacher, "support": support, "admin": admin}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, required=True)
    parser.add_argument("--only", default=",".join(JOURNEYS))
    args = parser.parse_args()
    args.shots.mkdir(parents=True, exist_ok=True)
    for old in args.shots.glob("*.png"):
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="keyboard-journeys-"))
    log_file = setup_logging(1, work / "log")
    make_application([sys.argv[0]])
    window = build_main_window()
    uncaught: list[str] = []
    sys.excepthook = lambda t, e, tb: uncaught.append("".join(traceback.format_exception(t, e, tb)))
    window.resize(1380, 860)
    window.move(10, 10)
    window.show()
    window.activateWindow()
    driver = Driver(window, args.shots, Keyboard())
    results: list[dict[str, Any]] = []
    try:
        connect_target(window, Target(label="Demo", demo=True))
        driver.wait("the demo connection", lambda: window.connection is not None
                    and window.status_label.text().startswith("Connected"), timeout=90)
        driver.wait("the main window to have the keyboard", window.isActiveWindow)
        for name in args.only.split(","):
            started, driver.steps = time.monotonic(), []
            try:
                JOURNEYS[name](driver, work)
                error = uncaught[-1] if uncaught else ""
            except Exception as exc:
                error = str(exc) if isinstance(exc, Failed) else traceback.format_exc()
                driver.shot(f"{name}-FAILED")
            results.append({"name": name, "ok": not error, "error": error, "steps": driver.steps,
                            "keys": list(driver.keys.log), "seconds": round(time.monotonic() - started, 1)})
            driver.keys.log.clear()
            uncaught.clear()
    except Failed as exc:
        results.append({"name": "start", "ok": False, "error": str(exc), "steps": [], "keys": []})
    finally:
        window.close()
        workers().shutdown(10_000)
        from ensure_browser.demo.runtime import stop_demo

        stop_demo()
    summary = {"ok": bool(results) and all(r["ok"] for r in results), "journeys": results, "log": str(log_file)}
    print(json.dumps(summary), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
