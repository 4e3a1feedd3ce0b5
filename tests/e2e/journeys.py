"""User journeys played in a real window: run as a script under an X server (see test_journeys.py).

    DISPLAY=:N QT_QPA_PLATFORM=xcb python tests/e2e/journeys.py --shots DIR [--only teacher,support]

It builds the app the way ``ensure-browser --demo`` does (``make_application``, ``build_main_window``,
``connect_target`` with the demo target), then plays each journey with QTest-driven steps and waits
(never fixed sleeps). Every step saves two screenshots: the window (``NN-step.png``, ``QWidget.grab``)
and the whole X screen (``NN-step-screen.png``, ``QScreen.grabWindow(0)``). It prints one JSON
summary line on stdout and exits 0 when every journey passed, 1 otherwise.

A journey whose panel is not in the app fails with "not wired: <module>": it is never skipped.
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
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QAbstractItemView  # noqa: E402

from ensure_browser.core.connection import Target  # noqa: E402
from ensure_browser.core.schema.table import BucketNames  # noqa: E402
from ensure_browser.logs import setup_logging  # noqa: E402
from ensure_browser.ui.application import build_main_window, connect_target, make_application  # noqa: E402
from ensure_browser.ui.main_window import MainWindow  # noqa: E402
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node  # noqa: E402
from ensure_browser.ui.workers import workers  # noqa: E402
from tests.support.gui import send_drop  # noqa: E402

log = logging.getLogger("journeys")

CLASSROOM = "math-7a"
GAP_MEETING = "bio-8b-2024-03-12"  # the demo leaves out its chunk_3
MISSING_CHUNK = 3
WORKSHEET = "Fractions - worksheet 3.pdf"  # a demo material of math-7a with OCR results
TIMEOUT = 30.0


class JourneyFailed(Exception):
    """A step did not reach what the user should see."""


class NotWired(JourneyFailed):
    def __init__(self, module: str, why: str) -> None:
        super().__init__(f"not wired: {module} ({why})")


@dataclass
class Journey:
    name: str
    ok: bool = False
    steps: list[str] = field(default_factory=list)
    error: str = ""
    seconds: float = 0.0


class Player:
    """Plays journeys in one window; screenshots numbered across journeys."""

    def __init__(self, window: MainWindow, shots: Path) -> None:
        self.window = window
        self.shots = shots
        self.count = 0
        self.current: Journey | None = None
        self.uncaught: list[str] = []
        self.qt_warnings: list[str] = []

    # -- waiting and looking ---------------------------------------------------------------------
    def wait_until(self, what: str, pred: Callable[[], object], timeout: float = TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = pred()
            if value:
                return value
            if self.uncaught:
                raise JourneyFailed(f"uncaught exception while waiting for {what}: {self.uncaught[-1]}")
            if time.monotonic() > deadline:
                raise JourneyFailed(f"timed out after {timeout:.0f} s waiting for {what}")
            QTest.qWait(20)

    def shot(self, step: str) -> None:
        """Screenshots of the window and of the real X screen, after the window has painted."""
        self.count += 1
        QTest.qWait(150)
        stem = self.shots / f"{self.count:02d}-{step}"
        if not self.window.grab().save(str(stem) + ".png"):
            raise JourneyFailed(f"could not save {stem}.png")
        screen = QGuiApplication.primaryScreen()
        if screen is None or not screen.grabWindow(0).save(str(stem) + "-screen.png"):
            raise JourneyFailed(f"could not grab the X screen into {stem}-screen.png")
        if self.current is not None:
            self.current.steps.append(step)

    # -- the window --------------------------------------------------------------------------------
    def open_tree(self, title: str) -> LazyTreeModel:
        sidebar = self.window.sidebar
        items = sidebar.findItems(title, Qt.MatchFlag.MatchExactly)
        if not items:
            titles = [sidebar.item(i).text() for i in range(sidebar.count())]
            raise NotWired("ensure_browser.ui.trees.domain_sources", f"no '{title}' tree in the sidebar {titles}")
        sidebar.setCurrentItem(items[0])
        model = self.wait_until(f"the {title} tree", self.window.current_model)
        assert isinstance(model, LazyTreeModel)
        return model

    def load(self, model: LazyTreeModel, node: Node) -> None:
        if node.state is LoadState.IDLE:
            model.load(node)
        self.wait_until(f"{node.path or node.label} to load", lambda: node.state in (LoadState.LOADED,
                                                                                    LoadState.ERROR))
        if node.state is LoadState.ERROR:
            raise JourneyFailed(f"listing {node.path} failed: {node.error}")

    def child(self, model: LazyTreeModel, parent: Node, what: str, pred: Callable[[Node], bool]) -> Node:
        self.load(model, parent)
        found = model.find_child(parent, pred)
        if found is None:
            labels = [c.label for c in parent.children]
            raise JourneyFailed(f"{what} not found under {parent.path or parent.label}: {labels}")
        return found

    def section(self, title: str) -> tuple[LazyTreeModel, Node]:
        model = self.open_tree(title)
        root = self.wait_until(f"the {title} section", lambda: model.root.children and model.root.children[0])
        self.load(model, root)
        return model, root

    def navigator_rect(self, node: Node) -> tuple[QAbstractItemView, QPoint]:
        """The navigator view and the centre of ``node``'s row in it (scrolled into view)."""
        panel = self.window.tree_panel
        panel.select_node(node)
        view = panel.view
        nav = getattr(panel, "nav", None)
        index = nav.index_of(node) if nav is not None else panel.model.index_of(node)  # type: ignore[union-attr]
        view.scrollTo(index)
        rect = self.wait_until(f"the row of {node.label} on screen",
                               lambda: (r := view.visualRect(index)).isValid() and r.height() > 0 and r)
        return view, rect.center()


# -- the journeys --------------------------------------------------------------------------------------


def teacher_drops_a_pdf(p: Player, names: BucketNames, work: Path) -> None:
    """A teacher drops a PDF on a classroom and sees it among the materials, with its thumbnail."""
    from ensure_browser.core.transfers.jobs import Direction
    from ensure_browser.ui.transfers.actions import TransferActions
    from tests.support.transfers import make_pdf

    actions = p.window.service(TransferActions)
    if actions is None:
        raise NotWired("ensure_browser.ui.transfers.actions", "build_main_window does not install transfers")
    title = _section_title("classrooms")
    model, section = p.section(title)
    classroom = p.child(model, section, f"classroom {CLASSROOM}", lambda n: n.label == CLASSROOM)
    view, pos = p.navigator_rect(classroom)
    p.shot("teacher-classroom")

    pdf = work / "Lesson 12 - Ratios.pdf"
    pdf.write_bytes(make_pdf("Ratios and proportions"))
    accepted = send_drop(view.viewport(), pos, [pdf])
    if accepted != (True, True):
        raise JourneyFailed(f"the classroom row refused the drop (move, drop accepted: {accepted})")
    controller = p.wait_until("the transfer controller", lambda: actions.controller)
    jobs = p.wait_until("the upload and its thumbnail to finish",
                        lambda: (js := controller.queue.jobs()) and len(js) >= 2
                        and all(j.state.finished for j in js) and js)
    material = next((j for j in jobs if j.direction is Direction.UPLOAD), None)
    if material is None or any(j.state.value != "done" for j in jobs):
        raise JourneyFailed(f"the upload did not finish well: {[(j.name, j.state.value, j.error) for j in jobs]}")
    if not material.key.startswith(f"classrooms/{CLASSROOM}/materials/") or material.bucket != names.documents:
        raise JourneyFailed(f"the PDF went to {material.bucket}/{material.key}")
    p.shot("teacher-uploaded")

    materials = p.child(model, classroom, "the Materials folder", lambda n: n.kind == "materials")
    if materials.state is LoadState.LOADED:
        model.refresh(materials)
    p.window.tree_panel.select_node(materials)
    p.load(model, materials)
    node = p.wait_until("the new material in the Materials level",
                        lambda: model.find_child(materials, lambda n: n.key == material.key))
    p.window.tree_panel.select_node(node)
    p.wait_until("the material's thumbnail as its icon",
                 lambda: node.extra.get("thumbnail") == "done" and node.icon is not None and not node.icon.isNull())
    p.wait_until("the preview to settle", lambda: not p.window.preview.busy())
    p.shot("teacher-material-with-thumbnail")
    teacher_shares_the_classroom(p, model, classroom, material.key, pdf.read_bytes())


def teacher_shares_the_classroom(p: Player, model: LazyTreeModel, classroom: Node, key: str, body: bytes) -> None:
    """Share… on the classroom: the links of its materials, copied as text with their names; the
    new material's link serves its bytes."""
    import urllib.request

    from PySide6.QtWidgets import QMenu

    from ensure_browser.ui.objects.share import ShareActions

    actions = p.window.service(ShareActions)
    if actions is None:
        raise NotWired("ensure_browser.ui.objects.share", "build_main_window does not install Share")
    p.window.tree_panel.select_node(classroom)
    menu = QMenu(p.window)
    for provider in p.window.context_menu_providers:  # the menu a right click on the row shows
        provider(classroom, menu, p.window)
    share = next((a for a in menu.actions() if a.text() == "Share…"), None)
    if share is None:
        raise JourneyFailed(f"no Share… in the classroom's menu: {[a.text() for a in menu.actions()]}")
    share.trigger()
    dialog = p.wait_until("the share dialog's links", lambda: (d := actions.dialog) is not None
                          and d.handle is None and d.result_links is not None and d)
    links = dialog.result_links.links
    mine = next((link for link in links if link.key == key), None)
    if mine is None or mine.name != "Lesson 12 - Ratios.pdf":
        raise JourneyFailed(f"the new material is not shared under its name: {[(x.name, x.key) for x in links]}")
    dialog.copy_button.click()
    copied = QGuiApplication.clipboard().text().splitlines()
    if f"Lesson 12 - Ratios.pdf: {mine.url}" not in copied:
        raise JourneyFailed(f"the clipboard holds {copied[:3]}")
    with urllib.request.urlopen(mine.url, timeout=10) as resp:
        if resp.read() != body:
            raise JourneyFailed("the shared link serves other bytes than the uploaded PDF")
    p.shot("teacher-shared-classroom")
    dialog.close()


def teacher_replaces_a_worksheet(p: Player, names: BucketNames, work: Path) -> None:
    """A teacher replaces a worksheet with a corrected PDF: the same material (document id), the new
    file's name, a new thumbnail, and its OCR results marked out of date."""
    replace_worksheet(p, names, work)


def replace_worksheet(p: Player, names: BucketNames, work: Path) -> None:
    """The "Replace with…" step: the row's real context menu, the file chooser answered by the script
    (a native dialog would wait for a person), the confirmation, the upload through the queue."""
    from PySide6.QtWidgets import QFileDialog, QMenu

    from ensure_browser.core.health.stale_ocr import STALE_OCR
    from ensure_browser.ui.objects.replace import ReplaceActions
    from ensure_browser.ui.transfers.actions import TransferActions
    from tests.support.transfers import make_pdf

    actions = p.window.service(ReplaceActions)
    transfers = p.window.service(TransferActions)
    if actions is None or transfers is None:
        raise NotWired("ensure_browser.ui.objects.replace", "build_main_window does not install replace")
    model, section = p.section(_section_title("classrooms"))
    classroom = p.child(model, section, f"classroom {CLASSROOM}", lambda n: n.label == CLASSROOM)
    materials = p.child(model, classroom, "the Materials folder", lambda n: n.kind == "materials")
    p.window.tree_panel.select_node(materials)
    p.load(model, materials)
    worksheet = p.wait_until(f"the row named {WORKSHEET}",
                             lambda: model.find_child(materials, lambda n: n.label == WORKSHEET))
    key, old_etag = worksheet.key, worksheet.payload.etag
    p.window.tree_panel.select_node(worksheet)

    corrected = work / "Fractions - worksheet 3 (corrected).pdf"
    corrected.write_bytes(make_pdf("Fractions, worksheet 3: corrected answers"))
    QFileDialog.getOpenFileName = lambda *_a, **_k: (str(corrected), "PDF documents (*.pdf)")  # type: ignore[method-assign]
    menu = QMenu(p.window)
    for provider in p.window.context_menu_providers:
        provider(worksheet, menu, p.window)
    entry = next((a for a in menu.actions() if a.text() == "Replace with…"), None)
    if entry is None or not entry.isEnabled():
        raise JourneyFailed(f"no enabled 'Replace with…' in the menu: {[a.text() for a in menu.actions()]}")
    done: list[object] = []
    actions.replaced.connect(done.append)
    actions.failed.connect(done.append)
    entry.trigger()
    dialog = p.wait_until("the replace confirmation", lambda: actions.dialog is not None
                          and actions.dialog.isVisible() and actions.dialog)
    if not dialog.cancel_button.isDefault() or WORKSHEET not in dialog.old_facts.text():
        raise JourneyFailed(f"the confirmation shows {dialog.old_facts.text()!r}, Cancel default: "
                            f"{dialog.cancel_button.isDefault()}")
    p.shot("teacher-replace-confirmation")
    QTest.mouseClick(dialog.replace_button, Qt.MouseButton.LeftButton)
    p.wait_until("the replace to finish", lambda: bool(done), timeout=60)
    if isinstance(done[0], str):
        raise JourneyFailed(f"the replace failed: {done[0]}")
    controller = transfers.controller
    if controller is None:
        raise JourneyFailed("no transfer controller")
    p.wait_until("the new thumbnail", lambda: all(j.state.finished for j in controller.queue.jobs()))
    connection = p.window.connection
    storage = connection.storage if connection is not None else None
    if storage is None or key is None:
        raise JourneyFailed("not connected")
    st = storage.stat(names.documents, key)
    if st.etag == old_etag or st.metadata.get("original-filename") != corrected.name:
        raise JourneyFailed(f"{key} was not replaced: ETag {st.etag}, metadata {st.metadata}")
    row = p.wait_until("the replaced row with its new name and the stale-OCR flag",
                       lambda: model.find_child(materials, lambda n: n.key == key and n.label == corrected.name
                                                and any(f.code == STALE_OCR for f in n.flags)))
    p.window.tree_panel.select_node(row)
    p.wait_until("the preview to settle", lambda: not p.window.preview.busy())
    p.shot("teacher-replaced-ocr-stale")


def support_finds_the_gap_and_plays_a_chunk(p: Player, names: BucketNames, work: Path) -> None:
    """Support staff open a meeting, see chunk 3 flagged as missing, and play a chunk."""
    from PySide6.QtMultimedia import QMediaPlayer

    title = _section_title("meetings")
    model, section = p.section(title)
    meeting = p.child(model, section, f"meeting {GAP_MEETING}", lambda n: n.label == GAP_MEETING)
    p.window.tree_panel.select_node(meeting)
    chunks = p.child(model, meeting, "the Chunks folder", lambda n: n.kind == "chunks")
    p.window.tree_panel.select_node(chunks)
    p.load(model, chunks)

    def gap_flag() -> Any:
        return next((f for f in chunks.flags if getattr(f, "code", "") == "chunk_gap"), None)

    flag = p.wait_until("the chunk gap flag on the Chunks folder", gap_flag)
    if MISSING_CHUNK not in flag.items:
        raise JourneyFailed(f"the gap flag names chunks {flag.items}, not {MISSING_CHUNK}: {flag.message}")
    labels = [c.label for c in chunks.children]
    if f"chunk_{MISSING_CHUNK}.webm" in labels:
        raise JourneyFailed(f"chunk_{MISSING_CHUNK}.webm is listed: {labels}")
    p.shot("support-chunk-gap")

    chunk = p.child(model, chunks, "chunk_2.webm", lambda n: n.label == "chunk_2.webm")
    p.window.tree_panel.select_node(chunk)
    media = p.window.preview.media_view
    p.wait_until("the chunk's playlist in the preview", lambda: bool(media.items()))
    player = media.player
    if player.playbackState() != QMediaPlayer.PlaybackState.PlayingState:
        QTest.mouseClick(media.play_button, Qt.MouseButton.LeftButton)
    p.wait_until("the player to play", lambda: player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
                 and player.position() > 200)
    p.shot("support-playing-chunk")
    p.window.tree_panel.select_node(chunks)  # moving on stops the player
    p.wait_until("the player to stop", lambda: player.playbackState() != QMediaPlayer.PlaybackState.PlayingState)


def support_downloads_a_meeting(p: Player, names: BucketNames, work: Path) -> None:
    """Support staff download a whole meeting (File > Download…) and find its files named as the app
    shows them, with the server's bytes; then open a chunk (the desktop gets a local copy by that name)."""
    from PySide6.QtWidgets import QFileDialog

    from ensure_browser.ui.objects.open import OpenObjects
    from ensure_browser.ui.transfers.actions import TransferActions

    actions = p.window.service(TransferActions)
    opener = p.window.service(OpenObjects)
    if actions is None or opener is None:
        raise NotWired("ensure_browser.ui.objects.open", "build_main_window does not install transfers and Open")
    title = _section_title("meetings")
    model, section = p.section(title)
    meeting = p.child(model, section, f"meeting {GAP_MEETING}", lambda n: n.label == GAP_MEETING)
    shown: dict[str, Node] = {}  # what the app shows of the meeting: every object row by its name
    pending = [meeting]
    while pending:
        folder = pending.pop()
        p.load(model, folder)
        for row in folder.children:
            if row.is_container:
                pending.append(row)
            elif row.bucket is not None and row.key:
                shown[row.label] = row
    if len(shown) < 3:
        raise JourneyFailed(f"the meeting shows too few files: {sorted(shown)}")
    p.window.tree_panel.select_node(meeting)
    p.shot("support-meeting-selected")

    dest = work / "meeting download"
    dest.mkdir()
    controller = p.wait_until("the transfer controller", lambda: actions.controller)
    before = len(controller.queue.jobs())
    ask = QFileDialog.getExistingDirectory
    QFileDialog.getExistingDirectory = staticmethod(lambda *_a, **_k: str(dest))  # type: ignore[method-assign]
    try:  # the folder dialog answered as the user would; the rest is the real File > Download…
        actions.download_action.trigger()
    finally:
        QFileDialog.getExistingDirectory = ask  # type: ignore[method-assign]
    jobs = p.wait_until("the meeting's downloads to finish",
                        lambda: (js := controller.queue.jobs()[before:]) and len(js) >= len(shown)
                        and all(j.state.finished for j in js) and js)
    failed = [(j.name, j.state.value, j.error) for j in jobs if j.state.value != "done"]
    if failed:
        raise JourneyFailed(f"downloads failed: {failed}")
    files = {f.name: f for f in dest.rglob("*") if f.is_file()}
    if set(files) != set(shown):
        raise JourneyFailed(f"downloaded {sorted(files)}, the app shows {sorted(shown)}")
    storage = p.window.connection.storage if p.window.connection is not None else None
    if storage is None:
        raise JourneyFailed("not connected")
    for name, row in shown.items():
        if files[name].read_bytes() != storage.read_range(str(row.bucket), str(row.key)):
            raise JourneyFailed(f"{name} has other bytes than s3://{row.bucket}/{row.key}")
    p.shot("support-meeting-downloaded")

    opened: list[Path] = []

    def desktop_opens(path: Path) -> bool:  # the desktop's application is not started in the journey
        opened.append(path)
        return True

    system_opener, opener.opener = opener.opener, desktop_opens
    try:
        chunk = shown["chunk_2.webm"]
        p.window.tree_panel.select_node(chunk)
        opener.open_nodes([chunk])
        p.wait_until("chunk_2.webm to be opened", lambda: opened)
    finally:
        opener.opener = system_opener
    if opened[0].name != "chunk_2.webm" or opened[0].read_bytes() != files["chunk_2.webm"].read_bytes():
        raise JourneyFailed(f"Open handed {opened[0]} to the desktop")
    p.shot("support-chunk-opened")


def admin_checks_the_documents_policy(p: Player, names: BucketNames, work: Path) -> None:
    """An admin opens the documents bucket's policy: thumbnails public, materials private, no drift."""
    from ensure_browser.ui.policies.panel import PolicyPanel

    panel = p.window.service(PolicyPanel)
    if panel is None:
        raise NotWired("ensure_browser.ui.policies.panel", "build_main_window does not call register_policy_inspector")
    connection = p.window.connection
    storage = connection.storage if connection is not None else None
    if storage is None:
        raise JourneyFailed("not connected")
    docs = names.documents
    thumb = next(o.key for o in storage.list_recursive(docs, f"classrooms/{CLASSROOM}/thumbnails/"))
    material = next(o.key for o in storage.list_recursive(docs, f"classrooms/{CLASSROOM}/materials/"))
    inspector = panel.inspector
    panel.action.trigger()  # View > Policies
    p.wait_until("the Policies dock", panel.dock.isVisible)
    inspector.select_bucket(docs)
    inspector.tabs.setCurrentIndex(0)
    p.wait_until("the documents policy", lambda: not inspector.busy() and inspector.rules_table.rowCount() > 0)
    rules = _cells(inspector.rules_table)
    if rules[0][:2] != ["*/thumbnails/*", "download"] or len(rules) != 1:
        raise JourneyFailed(f"anonymous rules of {docs}: {rules}")
    p.shot("admin-policy")

    answers: dict[str, list[str]] = {}
    checked_access: list[str] = []
    inspector.accessChecked.connect(lambda: checked_access.append("checked"))
    for key in (thumb, material):
        checked_access.clear()
        inspector.show_access(docs, key)
        p.wait_until(f"who can access {key}", lambda: bool(checked_access))
        answers[key] = next(r for r in _cells(inspector.access_table) if r[0].startswith("read"))
    if answers[thumb][1] != "allowed" or "HTTP 200" not in answers[thumb][2]:
        raise JourneyFailed(f"the thumbnail is not public: {answers[thumb]}")
    if answers[material][1] != "denied" or "HTTP 403" not in answers[material][2]:
        raise JourneyFailed(f"the material is not private: {answers[material]}")
    p.shot("admin-material-private")

    inspector.tabs.setCurrentIndex(2)
    checked: list[bool] = []
    inspector.driftChecked.connect(lambda: checked.append(True))
    inspector.check_drift()
    p.wait_until("the drift check", lambda: bool(checked) and not inspector.busy())
    drift = [r for r in _cells(inspector.drift_table) if r[0] == docs]
    if not drift or any(r[1] != "OK" for r in drift):
        raise JourneyFailed(f"drift on {docs}: {drift}")
    p.shot("admin-no-drift")
    panel.action.trigger()


def teacher_undeletes_a_material(p: Player, names: BucketNames, work: Path) -> None:
    """A teacher deletes a material by mistake, finds it with View > Show deleted objects and brings
    it back with Undelete in its Versions tab: the same bytes, and its thumbnail with it."""
    from minio.commonconfig import ENABLED
    from minio.versioningconfig import VersioningConfig
    from PySide6.QtWidgets import QMessageBox

    from ensure_browser.ui.objects.actions import ObjectActions

    try:
        from ensure_browser.ui.versions import Versions
    except ModuleNotFoundError as err:
        raise NotWired("ensure_browser.ui.versions", str(err)) from err
    actions, versions = p.window.service(ObjectActions), p.window.service(Versions)
    if actions is None or versions is None:
        raise NotWired("ensure_browser.ui.versions", "build_main_window does not install object actions and versions")
    storage = p.window.connection.storage if p.window.connection is not None else None
    if storage is None:
        raise JourneyFailed("not connected")
    docs = names.documents
    storage.client.set_bucket_versioning(docs, VersioningConfig(ENABLED))  # what the admin set up
    title = _section_title("classrooms")
    model, section = p.section(title)
    classroom = p.child(model, section, f"classroom {CLASSROOM}", lambda n: n.label == CLASSROOM)
    materials = p.child(model, classroom, "the Materials folder", lambda n: n.kind == "materials")
    p.window.tree_panel.select_node(materials)
    p.load(model, materials)
    material = p.child(model, materials, "a material", lambda n: n.kind == "material")
    key = material.key or ""
    before = storage.read_range(docs, key)
    p.window.tree_panel.select_node(material)
    p.shot("undelete-material-chosen")

    actions.delete_selected()
    box = p.wait_until("the delete confirmation", lambda: actions.flow is not None and actions.flow.confirm)
    assert isinstance(box, QMessageBox)
    if "can be restored" not in box.informativeText():
        raise JourneyFailed(f"the confirmation does not say the material can be restored: {box.informativeText()}")
    p.shot("undelete-confirmation")
    QTest.mouseClick(next(b for b in box.buttons() if b.text() == "Delete"), Qt.MouseButton.LeftButton)
    p.wait_until("the material to leave the level", lambda: actions.flow is None
                 and materials.state is LoadState.LOADED and model.find_child(materials, lambda n: n.key == key) is None)
    p.shot("undelete-material-gone")

    versions.deleted.action.trigger()  # View > Show deleted objects
    row = p.wait_until("the deleted material, greyed, in the level",
                       lambda: model.find_child(materials, lambda n: n.key == key and n.kind == "deleted"))
    p.window.tree_panel.select_node(row)
    panel = versions.panel
    p.wait_until("its versions in the Versions tab", lambda: panel.isVisible() and panel.handle is None
                 and panel.deleted and panel.undelete_button.isEnabled())
    p.shot("undelete-versions-tab")
    QTest.mouseClick(panel.undelete_button, Qt.MouseButton.LeftButton)
    back = p.wait_until("the material back and selected",
                        lambda: (n := p.window.tree_panel.current_node()) is not None and n.key == key
                        and n.kind == "material" and n)
    if storage.read_range(docs, key) != before:
        raise JourneyFailed("the material came back with other bytes")
    p.wait_until("its thumbnail as its icon", lambda: back.extra.get("thumbnail") == "done")
    p.wait_until("the preview to settle", lambda: not p.window.preview.busy() and panel.handle is None)
    p.shot("undelete-material-back")
    versions.deleted.action.trigger()


JOURNEYS: dict[str, Callable[[Player, BucketNames, Path], None]] = {
    "teacher": teacher_drops_a_pdf,
    "teacher-replace": teacher_replaces_a_worksheet,
    "support": support_finds_the_gap_and_plays_a_chunk,
    "support-download": support_downloads_a_meeting,
    "admin": admin_checks_the_documents_policy,
    "undelete": teacher_undeletes_a_material,
}


def _section_title(section: str) -> str:
    try:
        from ensure_browser.ui.trees.domain_sources import section_title
    except ModuleNotFoundError as err:
        raise NotWired("ensure_browser.ui.trees.domain_sources", str(err)) from err
    return section_title(section)


def _cells(table: Any) -> list[list[str]]:
    return [[(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
            for r in range(table.rowCount())]


# -- running -------------------------------------------------------------------------------------------


class _QtWarnings(logging.Handler):
    def __init__(self, sink: list[str]) -> None:
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shots", type=Path, required=True, help="folder for the screenshots")
    parser.add_argument("--only", default=",".join(JOURNEYS), help="comma-separated journeys to play")
    args = parser.parse_args(argv)
    args.shots.mkdir(parents=True, exist_ok=True)
    for old in args.shots.glob("*.png"):
        old.unlink()
    work = Path(tempfile.mkdtemp(prefix="journeys-"))
    log_file = setup_logging(1, work / "log")

    app = make_application([sys.argv[0]])
    window = build_main_window()
    player = Player(window, args.shots)
    logging.getLogger("qt").addHandler(_QtWarnings(player.qt_warnings))

    def hook(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        log.error("uncaught exception:\n%s", text)
        player.uncaught.append(text)

    sys.excepthook = hook  # the app's crash dialog would wait for a click that never comes
    window.resize(1380, 860)
    window.move(10, 10)
    window.show()
    results: list[Journey] = []
    names = BucketNames()
    try:
        connect_target(window, Target(label="Demo", demo=True))
        player.wait_until("the demo connection", lambda: window.connection is not None
                          and window.status_label.text().startswith("Connected"), timeout=90)
        if window.connection is not None:
            names = window.connection.names
        player.shot("connected")
        for name in args.only.split(","):
            journey = Journey(name)
            player.current = journey
            started = time.monotonic()
            try:
                JOURNEYS[name](player, names, work)
                journey.ok = not player.uncaught
                if player.uncaught:
                    journey.error = f"uncaught exception: {player.uncaught[-1]}"
            except Exception as exc:
                journey.error = str(exc) if isinstance(exc, JourneyFailed) else traceback.format_exc()
                log.error("journey %s failed: %s", name, journey.error)
                try:
                    player.shot(f"{name}-FAILED")
                except JourneyFailed:
                    pass
            journey.seconds = round(time.monotonic() - started, 2)
            player.uncaught.clear()
            results.append(journey)
    except JourneyFailed as exc:
        results.append(Journey("start", error=str(exc)))
    finally:
        window.close()
        workers().shutdown(10_000)
        from ensure_browser.demo.runtime import stop_demo

        stop_demo()
        app.processEvents()
    summary = {
        "ok": bool(results) and all(j.ok for j in results),
        "journeys": [j.__dict__ for j in results],
        "screenshots": sorted(p.name for p in args.shots.glob("*.png")),
        "qt_warnings": player.qt_warnings,
        "log": str(log_file),
    }
    print(json.dumps(summary), flush=True)
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
