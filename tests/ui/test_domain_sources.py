"""The domain trees against the real server: layout mapping, model consistency, consistency flags,
visible-row stats, a 20,000-key level without blocking, verify recordings, cross-links, screenshots."""

from __future__ import annotations

import gc
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QIcon
from PySide6.QtTest import QAbstractItemModelTester
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import SECTIONS, BucketNames
from ensure_browser.demo.samples import build_samples, media
from ensure_browser.demo.seed import seed
from ensure_browser.ui.main_window import Connection, MainWindow
from ensure_browser.ui.preview.pdf_render import render_pdf_page_png
from ensure_browser.ui.trees.domain_browser import DomainBrowser, register_domain_sources
from ensure_browser.ui.trees.domain_sources import DomainSource, Shared, domain_model, section_title
from ensure_browser.ui.trees.tree_model import LazyTreeModel, LoadState, Node
from ensure_browser.ui.trees.tree_panel import TreePanel
from ensure_browser.ui.trees.visible_rows import watch_visible_rows
from ensure_browser.ui.workers import workers
from tests.support.gui import Heartbeat
from tests.support.servers import S3Server, remove_bucket

REPO = Path(__file__).resolve().parents[2]
SHOTS = REPO / "screenshots" / "trees"
BIG = 20_000
PDF = b"%PDF-1.4\n% test material\n"
NOT_WEBM = b"%PDF-1.4 this chunk is not a video"


def unique_names(stem: str) -> BucketNames:
    tag = uuid.uuid4().hex[:8]
    return BucketNames(f"{stem}-docs-{tag}", f"{stem}-rec-{tag}", f"{stem}-ocr-{tag}", f"{stem}-mlf-{tag}")


def drop_buckets(storage: Storage, names: BucketNames) -> None:
    for bucket in names.all():
        remove_bucket(storage, bucket)


# Anomalies added to the demo data (which has a chunk gap in bio-8b-2024-03-12 and, with
# anomalies, a material without thumbnail and a thumbnail without material in math-7a).
EXTRA: list[tuple[str, str, bytes, str, dict[str, str]]] = [
    ("documents", "classrooms/math-7a/materials/doc-wrongtype.pdf", PDF, "text/plain",
     {"original-filename": "Typed wrong.pdf"}),
    ("documents", "classrooms/math-7a/thumbnails/doc-wrongtype_thumb.png", b"\x89PNG\r\n\x1a\n", "image/png", {}),
    ("documents", "classrooms/math-7a/notes.txt", b"stray", "text/plain", {}),
    ("documents", "classrooms/math-7a/extra/readme.md", b"# stray", "text/markdown", {}),
    ("recordings", "meetings/meet-bad/chunks/chunk_0.webm", b"", "video/webm", {}),
    ("recordings", "meetings/meet-bad/chunks/chunk_1.webm", b"", "video/webm", {}),
    ("recordings", "meetings/meet-bad/chunks/chunk_3.webm", b"", "video/webm", {}),
    ("recordings", "meetings/meet-bad/chunks/chunk_4.webm", b"", "video/webm", {}),  # empty
    ("recordings", "meetings/meet-bad/chunks/chunk_5.webm", NOT_WEBM, "video/webm", {}),
    ("ocr", "doc-lonely/pages/page_1.png", b"\x89PNG\r\n\x1a\n", "image/png", {}),
    ("ocr", "doc-lonely/pages/page_2.png", b"\x89PNG\r\n\x1a\n", "image/png", {}),
    ("ocr", "doc-lonely/json/page_1.json", b"{}", "application/json", {}),
    ("ocr", "doc-lonely/json/page_3.json", b"{}", "application/json", {}),
    ("mlflow", "1/stray.txt", b"stray", "text/plain", {}),
]
WEBM_CHUNKS = {"chunk_0.webm": "chunk_0.webm", "chunk_1.webm": "chunk_1.webm", "chunk_3.webm": "chunk_3.webm"}


@pytest.fixture(scope="module")
def names(s3_server: S3Server, qapp: QApplication) -> Iterator[BucketNames]:
    """The demo data set with anomalies, plus the EXTRA anomalies, in buckets of its own."""
    storage = s3_server.storage()
    names = unique_names("dom")
    seed(storage, names, build_samples(render_page=render_pdf_page_png, with_anomalies=True))
    for role, key, data, ctype, meta in EXTRA:
        name = key.rsplit("/", 1)[-1]
        if role == "recordings" and name in WEBM_CHUNKS:
            data = media(WEBM_CHUNKS[name])
        storage.upload_bytes(names.name_for(role), key, data, content_type=ctype, metadata=meta)
    yield names
    drop_buckets(storage, names)


@pytest.fixture(scope="module")
def demo_names(s3_server: S3Server, qapp: QApplication) -> Iterator[BucketNames]:
    """The plain demo data set (for screenshots)."""
    storage = s3_server.storage()
    names = unique_names("demo")
    seed(storage, names, build_samples(render_page=render_pdf_page_png))
    yield names
    drop_buckets(storage, names)


@pytest.fixture(scope="module")
def big_names(s3_server: S3Server) -> BucketNames:
    """One classroom with 20,000 materials (no thumbnails), seeded in parallel."""
    storage = s3_server.storage()
    names = unique_names("big")
    for bucket in names.all():
        storage.make_bucket(bucket)

    def put(i: int) -> None:
        storage.upload_bytes(names.documents, f"classrooms/big-class/materials/doc-{i}.pdf", PDF,
                             content_type="application/pdf", metadata={"original-filename": f"Handout {i}.pdf"})

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(put, range(BIG)))
    return names  # left for the server's end: deleting 20,000 objects one by one takes long


# -- helpers ----------------------------------------------------------------------------------------------


def wait_loaded(qtbot: QtBot, model: LazyTreeModel, node: Node, timeout: int = 30_000) -> None:
    index = model.index_of(node)
    if model.canFetchMore(index):
        model.fetchMore(index)
    qtbot.waitUntil(lambda: node.state in (LoadState.LOADED, LoadState.ERROR), timeout=timeout)
    assert node.state is LoadState.LOADED, node.error


def load_all(qtbot: QtBot, model: LazyTreeModel, depth: int = 8) -> None:
    level = list(model.root.children)
    for _ in range(depth):
        nxt = []
        for node in level:
            if node.is_container:
                wait_loaded(qtbot, model, node)
                nxt.extend(node.children)
        level = nxt


def find(model: LazyTreeModel, key: str) -> Node:
    for node in model.iter_nodes():
        if node.key == key:
            return node
    raise AssertionError(f"{key} not in the tree")


def codes(node: Node) -> set[str]:
    return {f.code for f in node.flags}


def wait_idle(qtbot: QtBot, *sources: DomainSource, timeout: int = 30_000) -> None:
    qtbot.waitUntil(lambda: all(s.pending() == 0 for s in sources) and not workers().active(), timeout=timeout)


def tree(storage: Storage, names: BucketNames, section: str, **kw: object) -> tuple[DomainSource, LazyTreeModel]:
    source = DomainSource(storage, names, section, **kw)  # type: ignore[arg-type]
    model = domain_model(source)
    QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    return source, model


def shown_panel(qtbot: QtBot, model: LazyTreeModel) -> TreePanel:
    """A tree panel showing ``model``, with both views watched for rows on screen."""
    panel = TreePanel()
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.set_model(model)
    watch_visible_rows(panel)
    panel.show()
    return panel


def labels(node: Node) -> list[str]:
    return [c.label for c in node.children]


# -- mapping and model consistency ------------------------------------------------------------------------


def test_every_tree_maps_the_layout_and_passes_the_model_tester(qtbot: QtBot, admin_storage: Storage,
                                                                names: BucketNames) -> None:
    shared = Shared(admin_storage, names)
    models = {}
    for s in SECTIONS:
        _source, model = tree(admin_storage, names, s.name, shared=shared)
        load_all(qtbot, model)
        models[s.name] = model
        root = model.root.children[0]
        assert root.label == section_title(s.name) and root.children, s.name
    classrooms = models["classrooms"].root.children[0]
    assert labels(classrooms) == ["bio-8b", "history-9c", "math-7a"]
    math = classrooms.children[2]
    assert labels(math) == ["Materials", "Thumbnails", "extra", "notes.txt"]  # schema folders first
    assert math.children[0].children[0].kind == "material"
    meetings = models["meetings"].root.children[0]
    assert labels(meetings) == ["bio-8b-2024-03-12", "math-7a-2024-03-11", "meet-bad"]
    ok = meetings.children[1]
    assert labels(ok) == ["Raw", "Chunks", "Processed"]
    assert labels(ok.children[1]) == [f"chunk_{i}.webm" for i in range(6)]  # natural order
    ocr = models["ocr"].root.children[0]
    assert "doc-lonely" in labels(ocr)
    lonely = next(c for c in ocr.children if c.label == "doc-lonely")
    assert labels(lonely) == ["Page images", "Page text (JSON)"]
    mlflow = models["mlflow"].root.children[0]
    experiment = mlflow.children[0]
    assert experiment.kind == "experiment" and experiment.children[0].kind == "run"
    assert [c.kind for c in experiment.children][-1] == "unrecognized"  # 1/stray.txt
    assert models["temp"].root.children[0].children[0].kind == "upload"
    assert models["exams"].root.children[0].children[0].children[0].kind == "exam_recording"
    assert models["students"].root.children[0].children[0].kind == "student"
    # cross-link indexes were filled while listing
    assert "doc-wrongtype" in shared.materials
    assert shared.ocr_documents.get("doc-lonely") is True
    wait_idle(qtbot)


def test_unrecognized_keys_are_visible_marked_and_browsable(qtbot: QtBot, admin_storage: Storage,
                                                            names: BucketNames) -> None:
    _source, model = tree(admin_storage, names, "classrooms")
    load_all(qtbot, model)
    math = find(model, "classrooms/math-7a/")
    stray, folder = find(model, "classrooms/math-7a/notes.txt"), find(model, "classrooms/math-7a/extra/")
    known = find(model, "classrooms/math-7a/materials/")
    for node in (stray, folder):
        assert node.kind == "unrecognized"
        index = model.index_of(node)
        assert model.data(index.siblingAtColumn(1)) == "Unrecognized"
        assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None  # distinct colour
        icon = model.data(index, Qt.ItemDataRole.DecorationRole)
        known_icon = known.icon
        assert isinstance(icon, QIcon) and known_icon is not None and icon.cacheKey() != known_icon.cacheKey()
        assert "not part of the storage schema" in model.data(index, Qt.ItemDataRole.ToolTipRole).lower()
    assert [c.label for c in folder.children] == ["readme.md"]  # reachable
    assert "unrecognized_entries" in codes(math)
    assert next(f for f in math.flags if f.code == "unrecognized_entries").severity == "info"
    wait_idle(qtbot)


# -- consistency flags ------------------------------------------------------------------------------------


def test_consistency_flags_land_on_the_right_nodes(qtbot: QtBot, admin_storage: Storage,
                                                   names: BucketNames) -> None:
    shared = Shared(admin_storage, names)
    _s, classrooms = tree(admin_storage, names, "classrooms", shared=shared)
    load_all(qtbot, classrooms)
    materials = find(classrooms, "classrooms/math-7a/materials/")
    orphan_material = next(c for c in materials.children if c.flags)
    assert codes(orphan_material) == {"material_without_thumbnail"}
    thumbnails = find(classrooms, "classrooms/math-7a/thumbnails/")
    orphan_thumb = next(c for c in thumbnails.children if c.flags)
    assert codes(orphan_thumb) == {"thumbnail_without_material"}
    assert {"material_without_thumbnail", "thumbnail_without_material"} <= codes(find(classrooms,
                                                                                         "classrooms/math-7a/"))
    assert codes(materials) == {"material_without_thumbnail"}
    assert not find(classrooms, "classrooms/bio-8b/").flags
    # flags are Flag objects with severity and message; the tooltip counts them; the icon has a badge
    flag = orphan_material.flags[0]
    assert flag.severity == "warning" and "has no thumbnail" in flag.message
    index = classrooms.index_of(orphan_material)
    tip = classrooms.data(index, Qt.ItemDataRole.ToolTipRole)
    assert "1 problem(s) found (1 warning)" in tip and flag.message in tip
    badge = classrooms.data(index, Qt.ItemDataRole.DecorationRole)
    assert isinstance(badge, QIcon) and orphan_material.icon is not None
    assert badge.cacheKey() != orphan_material.icon.cacheKey()

    _s, meetings = tree(admin_storage, names, "meetings", shared=shared)
    load_all(qtbot, meetings)
    bad = find(meetings, "meetings/meet-bad/")
    assert {"chunk_gap", "empty_chunk", "meeting_without_audio"} <= codes(bad)
    chunks = find(meetings, "meetings/meet-bad/chunks/")
    assert {"chunk_gap", "empty_chunk"} <= codes(chunks)
    gap = next(f for f in chunks.flags if f.code == "chunk_gap")
    assert gap.items == (2,)
    assert codes(find(meetings, "meetings/meet-bad/chunks/chunk_4.webm")) == {"empty_chunk"}
    assert not find(meetings, "meetings/meet-bad/chunks/chunk_3.webm").flags
    demo_gap = find(meetings, "meetings/bio-8b-2024-03-12/")
    assert codes(demo_gap) == {"chunk_gap"}
    assert not find(meetings, "meetings/math-7a-2024-03-11/").flags

    _s, ocr = tree(admin_storage, names, "ocr", shared=shared)
    load_all(qtbot, ocr)
    lonely = find(ocr, "doc-lonely/")
    assert codes(lonely) == {"ocr_page_without_json", "ocr_json_without_page"}
    assert codes(find(ocr, "doc-lonely/pages/page_2.png")) == {"ocr_page_without_json"}
    assert codes(find(ocr, "doc-lonely/json/page_3.json")) == {"ocr_json_without_page"}
    assert not find(ocr, "doc-lonely/pages/page_1.png").flags

    # temporary uploads: fresh now, stale when the clock says two days later
    _s, temp = tree(admin_storage, names, "temp", shared=shared)
    load_all(qtbot, temp)
    upload = temp.root.children[0].children[0]
    assert not upload.flags
    later = datetime.now(UTC) + timedelta(days=2)
    _s, temp_later = tree(admin_storage, names, "temp", shared=shared, clock=lambda: later)
    load_all(qtbot, temp_later)
    section = temp_later.root.children[0]
    upload = section.children[0]
    assert codes(upload) == {"stale_temp_upload"}
    assert "older than 24 hours" in upload.flags[0].message
    assert codes(section) == {"stale_temp_upload"}
    wait_idle(qtbot)


def test_visible_rows_get_original_names_and_content_type_flags(qtbot: QtBot, admin_storage: Storage,
                                                                names: BucketNames) -> None:
    source, model = tree(admin_storage, names, "classrooms")
    panel = shown_panel(qtbot, model)
    load_all(qtbot, model, depth=3)
    materials = find(model, "classrooms/math-7a/materials/")
    panel.select_node(materials)
    wrong = find(model, "classrooms/math-7a/materials/doc-wrongtype.pdf")
    qtbot.waitUntil(lambda: wrong.label == "Typed wrong.pdf", timeout=10_000)
    qtbot.waitUntil(lambda: "wrong_content_type" in codes(wrong), timeout=10_000)
    wait_idle(qtbot, source)
    assert "text/plain" in wrong.flags[0].message
    tip = model.data(model.index_of(wrong), Qt.ItemDataRole.ToolTipRole)
    assert "Document id: doc-wrongtype" in tip and "Stored as doc-wrongtype.pdf" in tip
    assert wrong.extra["content_type"] == "text/plain"
    names_shown = {c.label for c in materials.children}
    assert {"Fractions - worksheet 3.pdf", "Linear equations - notes.pdf"} <= names_shown
    wait_idle(qtbot, source)


def test_entities_scrolled_past_are_checked_without_opening(qtbot: QtBot, admin_storage: Storage,
                                                            names: BucketNames) -> None:
    source, model = tree(admin_storage, names, "meetings")
    panel = shown_panel(qtbot, model)
    section = model.root.children[0]
    panel.select_node(section)
    wait_loaded(qtbot, model, section)
    bad = find(model, "meetings/meet-bad/")
    qtbot.waitUntil(lambda: {"chunk_gap", "meeting_without_audio"} <= codes(bad), timeout=10_000)
    assert bad.state is LoadState.IDLE  # checked, not opened
    assert source.shared.probe_count == 3
    wait_idle(qtbot, source)


# -- a big level ------------------------------------------------------------------------------------------


def test_big_classroom_loads_without_blocking_and_stats_only_visible_rows(
        qtbot: QtBot, admin_storage: Storage, big_names: BucketNames) -> None:
    gc.collect()
    gc.freeze()  # as the application does once its window is built
    try:
        _big_level(qtbot, admin_storage, big_names)
    finally:
        gc.unfreeze()


def _big_level(qtbot: QtBot, admin_storage: Storage, big_names: BucketNames) -> None:
    source, model = tree(admin_storage, big_names, "classrooms")
    panel = shown_panel(qtbot, model)
    section = model.root.children[0]
    panel.select_node(section)
    wait_loaded(qtbot, model, section)
    classroom = section.children[0]
    panel.select_node(classroom)
    wait_loaded(qtbot, model, classroom, timeout=60_000)
    wait_idle(qtbot, source)
    assert "material_without_thumbnail" in codes(classroom)
    materials = classroom.children[0]

    with Heartbeat() as beat:
        panel.select_node(materials)
        wait_loaded(qtbot, model, materials, timeout=60_000)
        wait_idle(qtbot, source)  # the flags are on the rows (a slice per turn), rows on screen stat'ed
        qtbot.wait(300)  # paints
    assert beat.ticks > 10 and beat.max_stall < 0.100, beat.describe()
    assert len(materials.children) == BIG
    assert materials.children[2].key == "classrooms/big-class/materials/doc-2.pdf"  # natural order
    assert all(c.flags and c.flags[0].code == "material_without_thumbnail" for c in materials.children[::997])
    summary = next(f for f in materials.flags if f.code == "material_without_thumbnail")
    assert summary.message.startswith(f"{BIG} materials have no thumbnail")
    # only rows on screen were stat'ed: their original names show, far rows keep their keys
    wait_idle(qtbot, source)
    first = materials.children[0]
    assert first.label == "Handout 0.pdf"
    assert materials.children[-1].label == f"doc-{BIG - 1}.pdf"
    assert 0 < source.shared.stat_count < 100
    panel.contents.scrollToBottom()
    qtbot.waitUntil(lambda: materials.children[-1].label == f"Handout {BIG - 1}.pdf", timeout=10_000)
    assert source.shared.stat_count < 200
    wait_idle(qtbot, source)


# -- main window: actions -----------------------------------------------------------------------------------


@pytest.fixture
def window(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
           tmp_path: Path) -> Iterator[tuple[MainWindow, DomainBrowser]]:
    yield from _window(qtbot, s3_server, names, tmp_path)


def _window(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
            tmp_path: Path) -> Iterator[tuple[MainWindow, DomainBrowser]]:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings)
    browser = register_domain_sources(win)
    qtbot.addWidget(win)
    win.resize(1280, 800)
    win.show()
    with qtbot.waitSignal(win.connected, timeout=15_000):
        win.connect_to(Connection("Test", s3_server.settings(), names))
    yield win, browser
    browser.close()
    qtbot.waitUntil(lambda: not workers().active(), timeout=30_000)  # qtbot closes the window


def _new_navigation_done(browser: DomainBrowser, before: object) -> Callable[[], bool]:
    def check() -> bool:
        nav = browser.actions.navigation
        return nav is not None and nav is not before and nav.done

    return check


def navigate(qtbot: QtBot, browser: DomainBrowser, section: str, bucket: str, key: str) -> Node:
    nav = browser.actions.navigate(section, bucket, key)
    qtbot.waitUntil(lambda: nav.done, timeout=20_000)
    assert nav.result is not None and nav.result.key == key, browser.window.banner.text
    return nav.result


def test_sidebar_lists_the_domain_trees_before_raw(qtbot: QtBot,
                                                   window: tuple[MainWindow, DomainBrowser]) -> None:
    win, _browser = window
    titles = [win.sidebar.item(i).text() for i in range(win.sidebar.count())]
    assert titles == [section_title(s.name) for s in SECTIONS] + ["Raw"]
    model = win.current_model()
    assert model is not None and isinstance(model.source, DomainSource)
    qtbot.waitUntil(lambda: model.root.children[0].state is LoadState.LOADED, timeout=10_000)  # opened


def test_connecting_again_while_a_domain_tree_is_shown(qtbot: QtBot, s3_server: S3Server, names: BucketNames,
                                                      window: tuple[MainWindow, DomainBrowser]) -> None:
    win, _browser = window
    assert win.show_tree(win.sidebar.item(0).text())  # not the last tree: clearing the sidebar moves off it
    with qtbot.waitSignal(win.connected, timeout=15_000):
        win.connect_to(Connection("Again", s3_server.settings(), names))  # no KeyError in the event loop
    assert win.sidebar.count() == len(SECTIONS) + 1 and win.current_model() is not None


def test_verify_recordings_flags_a_chunk_that_is_not_webm(qtbot: QtBot, names: BucketNames,
                                                          window: tuple[MainWindow, DomainBrowser]) -> None:
    win, browser = window
    meeting = navigate(qtbot, browser, "meetings", names.recordings, "meetings/meet-bad/")
    menu = QMenu()
    browser.actions.context_menu(meeting, menu, win)
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts == ["Verify recordings of meeting meet-bad"]
    verifier = browser.actions.verify_recordings(meeting)
    assert verifier is not None
    assert verifier.dialog.isVisible() and verifier.dialog.windowTitle() == "Verify recordings"
    with qtbot.waitSignal(verifier.finished, timeout=20_000) as blocker:
        pass
    heads = blocker.args[0]
    assert [h.key.rsplit("/", 1)[-1] for h in heads if not h.is_webm] == ["chunk_4.webm", "chunk_5.webm"]
    assert not verifier.dialog.isVisible()
    assert "not part" not in win.status_label.text() and "2 of 5 recordings" in win.status_label.text()
    assert verifier.message is not None and verifier.message.icon() == QMessageBox.Icon.Warning
    verifier.message.close()
    assert {"not_webm"} <= codes(meeting)
    model = browser.model_of("meetings")
    chunks = find(model, "meetings/meet-bad/chunks/")
    wait_loaded(qtbot, model, chunks)
    # the flags reach rows loaded later only by a new verification: open the level and verify again
    verifier = browser.actions.verify_recordings(chunks)
    assert verifier is not None
    with qtbot.waitSignal(verifier.finished, timeout=20_000):
        pass
    assert verifier.message is not None
    verifier.message.close()
    chunk5 = find(model, "meetings/meet-bad/chunks/chunk_5.webm")
    flag = next(f for f in chunk5.flags if f.code == "not_webm")
    assert "starts with 25 50 44 46" in flag.message
    assert "not_webm" in codes(chunks)
    assert not any(f.code == "not_webm" for f in find(model, "meetings/meet-bad/chunks/chunk_3.webm").flags)


def test_verify_recordings_can_be_cancelled(qtbot: QtBot, names: BucketNames,
                                            window: tuple[MainWindow, DomainBrowser]) -> None:
    win, browser = window
    meeting = navigate(qtbot, browser, "meetings", names.recordings, "meetings/math-7a-2024-03-11/")
    verifier = browser.actions.verify_recordings(meeting)
    assert verifier is not None
    cancel_button = verifier.dialog.findChild(QPushButton)
    assert cancel_button is not None and cancel_button.text() == "Cancel"
    with qtbot.waitSignal(verifier.finished, timeout=20_000) as blocker:
        cancel_button.click()
    assert blocker.args[0] is None
    assert "cancelled" in win.status_label.text()
    assert not any(f.code == "not_webm" for f in meeting.flags)


def test_cross_links_between_material_and_ocr_document(qtbot: QtBot, names: BucketNames, admin_storage: Storage,
                                                       window: tuple[MainWindow, DomainBrowser]) -> None:
    win, browser = window
    key = next(o.key for o in admin_storage.list_recursive(names.documents, "classrooms/history-9c/materials/"))
    doc = key.rsplit("/", 1)[-1].removesuffix(".pdf")
    material = navigate(qtbot, browser, "classrooms", names.documents, key)
    menu = QMenu()
    browser.actions.context_menu(material, menu, win)
    assert "Open OCR document" in [a.text() for a in menu.actions()]
    browser.actions.open_ocr_document(material)
    qtbot.waitUntil(lambda: browser.actions.navigation is not None and browser.actions.navigation.done
                    and browser.actions.navigation.key == f"{doc}/", timeout=20_000)
    assert win.sidebar.currentItem().text() == section_title("ocr")
    selected = win.tree_panel.current_node()
    assert selected is not None and selected.key == f"{doc}/" and selected.kind == "ocr_document"
    # and back, once from the index filled while listing and once by searching the classrooms
    for forget in (False, True):
        if forget:
            browser.shared.materials.clear()  # type: ignore[union-attr]
        before = browser.actions.navigation
        browser.actions.open_material(selected)
        qtbot.waitUntil(_new_navigation_done(browser, before), timeout=20_000)
        assert browser.actions.navigation is not None and browser.actions.navigation.result is not None
        assert win.sidebar.currentItem().text() == section_title("classrooms")
        back = win.tree_panel.current_node()
        assert back is not None and back.key == key and back.kind == "material"
    # a material without OCR document says so
    lonely_key = "classrooms/math-7a/materials/doc-wrongtype.pdf"
    lonely = navigate(qtbot, browser, "classrooms", names.documents, lonely_key)
    browser.actions.open_ocr_document(lonely)
    qtbot.waitUntil(lambda: win.banner.isVisible(), timeout=10_000)
    assert "no OCR document" in win.banner.text


# -- screenshots -------------------------------------------------------------------------------------------


# Which entries to open in each tree for its screenshot: a label, or the index of a child.
SHOT_PATHS: dict[str, list[str | int]] = {
    "classrooms": ["math-7a", "Materials", 0],
    "students": [0, "Notes", 0],
    "meetings": ["bio-8b-2024-03-12", "Chunks", 0],
    "exams": [0, 0],
    "ocr": [0, "Page images", 0],
    "mlflow": [0, 0, "Artifacts", 0],
    "temp": [0, 0],
}


def test_screenshots_of_every_tree(qtbot: QtBot, s3_server: S3Server, demo_names: BucketNames,
                                   tmp_path: Path) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    gen = _window(qtbot, s3_server, demo_names, tmp_path)
    win, browser = next(gen)
    panel = win.tree_panel
    try:
        for s in SECTIONS:
            item = win.sidebar.findItems(section_title(s.name), Qt.MatchFlag.MatchExactly)[0]
            win.sidebar.setCurrentItem(item)
            model = win.current_model()
            assert model is not None and panel.nav is not None
            node = model.root.children[0]
            for step in SHOT_PATHS[s.name]:
                wait_loaded(qtbot, model, node)
                panel.view.expand(panel.nav.index_of(node))
                wait_idle(qtbot, *browser.sources.values())
                node = node.children[step] if isinstance(step, int) else next(
                    c for c in node.children if c.label == step)
                panel.select_node(node)
            qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
            qtbot.wait(300)  # previews and thumbnails paint
            qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
            path = SHOTS / f"{s.name}.png"
            win.grab().save(str(path))
            assert path.stat().st_size > 10_000
    finally:
        for _rest in gen:
            pass
