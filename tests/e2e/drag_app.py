"""The app, connected to a test server, for drags to and from a real file manager (see test_drag_files.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/e2e/drag_app.py < commands

It reads one JSON object per line on standard input: first the connection (``endpoint``,
``access_key``, ``secret_key``, ``documents``, ``recordings``, ``cache``: the folder of local
copies), then commands, each answered by one JSON line on standard output:

- ``{"select": [s3 locations]}``: open the Raw tree at the first one's folder and select those rows
  (objects, or folders: locations ending in ``/``);
  answers ``{"rows": [[x, y], ...]}``, their centres on the screen;
- ``{"classroom": ID}``: show the Classrooms tree with that classroom selected in the navigator;
  answers ``{"at": [x, y]}``;
- ``{"uploads": true}``: answers ``{"jobs": [[bucket, key, state, error], ...]}``, the transfer queue;
- ``{"status": true}``: answers ``{"status": text of the status bar}``.

It quits when its standard input closes.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from queue import Empty, Queue
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QItemSelectionModel, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from ensure_browser.core.s3.settings import ConnectionSettings  # noqa: E402
from ensure_browser.core.schema.table import BucketNames  # noqa: E402
from ensure_browser.ui.application import build_main_window, make_application  # noqa: E402
from ensure_browser.ui.main_window import Connection, MainWindow  # noqa: E402
from ensure_browser.ui.objects.local_copies import CopyCache  # noqa: E402
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState  # noqa: E402
from ensure_browser.ui.workers import workers  # noqa: E402

TIMEOUT = 30.0


def wait_until(app: QApplication, pred: Callable[[], object], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not pred() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    if not pred():
        raise SystemExit(f"timed out waiting for {what}")


def answer(value: dict[str, Any]) -> None:
    print(json.dumps(value), flush=True)


class Driver:
    def __init__(self, app: QApplication, window: MainWindow) -> None:
        self.app, self.window = app, window

    def select(self, locations: list[str]) -> dict[str, Any]:
        panel = self.window.tree_panel
        first = locations[0]
        if first.endswith("/"):  # a folder's row: shown by the folder above it
            first = first[:-1].rpartition("/")[0] + "/"
        self.window.show_tree("Raw")
        self.window.go_to_location(first)
        key = first.split("/", 3)[3]
        wait_until(self.app, lambda: (n := panel.current_node()) is not None and n.key == key, first)
        if first.endswith("/"):
            wait_until(self.app, lambda: panel.level is not None and panel.level.key == key, first)
        level = panel.level
        assert level is not None
        wanted = {loc.split("/", 3)[3] for loc in locations}
        wait_until(self.app, lambda: wanted <= {c.key for c in level.children}, "the rows")
        nodes = [c for c in level.children if c.key in wanted]
        model = panel.model
        assert isinstance(model, LazyTreeModel)
        selection = panel.contents.selectionModel()
        selection.clearSelection()
        for node in nodes:
            selection.select(model.index_of(node), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
        panel.contents.setFocus()
        # Where the rows are once the window has settled: a banner shown by the connection's late
        # checks (a missing bucket) moves them down.
        wait_until(self.app, lambda: not workers().active(), "the window's work")
        self.app.processEvents()
        # Each row's Kind cell: always in view, where the Name column of a narrow window may be
        # scrolled away.
        return {"rows": [self._centre(panel.contents, model.index(model.index_of(n).row(), 1,
                                                                  model.index_of(n).parent())) for n in nodes]}

    def classroom(self, classroom: str) -> dict[str, Any]:
        from ensure_browser.ui.trees.domain_sources import section_title

        panel = self.window.tree_panel
        self.window.show_tree(section_title("classrooms"))
        model = self.window.current_model()
        assert model is not None
        wait_until(self.app, lambda: bool(model.root.children), "the Classrooms section")
        section = model.root.children[0]
        if section.state is LoadState.IDLE:
            model.load(section)
        wait_until(self.app, lambda: model.find_child(section, lambda n: n.label == classroom) is not None,
                   f"classroom {classroom}")
        node = model.find_child(section, lambda n: n.label == classroom)
        assert node is not None and panel.nav is not None
        panel.select_node(node)
        self.app.processEvents()
        return {"at": self._centre(panel.view, panel.nav.index_of(node))}

    def uploads(self) -> dict[str, Any]:
        from ensure_browser.ui.transfers.actions import TransferActions

        actions = self.window.service(TransferActions)
        controller = actions.controller if actions is not None else None
        jobs = controller.queue.jobs() if controller is not None else []
        return {"jobs": [[j.bucket, j.key, j.state.value, j.error] for j in jobs]}

    def status(self) -> dict[str, Any]:
        return {"status": self.window.status_label.text()}

    @staticmethod
    def _centre(view: Any, index: Any) -> list[int]:
        view.scrollTo(index)
        visible = view.visualRect(index).intersected(view.viewport().rect())  # a narrow navigator cuts rows
        point = view.viewport().mapToGlobal(visible.center())
        return [point.x(), point.y()]


def main() -> int:
    app = make_application([sys.argv[0]])
    config = json.loads(sys.stdin.readline())
    window = build_main_window()
    cache = window.service(CopyCache)
    assert cache is not None
    cache.root = Path(config["cache"])
    window.move(0, 0)
    window.resize(760, 860)
    window.show()
    settings = ConnectionSettings(config["endpoint"], config["access_key"], config["secret_key"])
    names = BucketNames(documents=config["documents"], recordings=config["recordings"])
    window.connect_to(Connection("Test", settings, names))
    wait_until(app, lambda: window.status_label.text().startswith("Connected"), "the connection")
    driver = Driver(app, window)
    commands: Queue[str | None] = Queue()

    def read() -> None:
        for line in sys.stdin:
            commands.put(line)
        commands.put(None)

    threading.Thread(target=read, daemon=True).start()

    def serve() -> None:
        try:
            line = commands.get_nowait()
        except Empty:
            return
        if line is None:
            app.quit()
            return
        command = json.loads(line)
        if "select" in command:
            answer(driver.select(command["select"]))
        elif "classroom" in command:
            answer(driver.classroom(command["classroom"]))
        elif "uploads" in command:
            answer(driver.uploads())
        else:
            answer(driver.status())

    timer = QTimer()
    timer.timeout.connect(serve)
    timer.start(50)
    answer({"ready": True})
    app.exec()
    from ensure_browser.ui.workers import workers

    window.close()
    workers().shutdown(10_000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
