"""Real QDropEvents with file:// URLs on tree views: raw prefixes and domain nodes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.jobs import JobState
from ensure_browser.ui.preview.pdf_render import render_pdf_page_png
from ensure_browser.ui.transfers.controller import TransferController
from ensure_browser.ui.transfers.drops import install_drop_handler
from ensure_browser.ui.trees.domain_sources import DomainSource, domain_model
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node, RawSource
from ensure_browser.ui.trees.tree_panel import TreeView
from ensure_browser.ui.workers import workers
from tests.support.gui import send_drop
from tests.support.transfers import make_pdf


@pytest.fixture
def controller(admin_storage: Storage, bucket: str, make_bucket: Callable[[str], str],
               tmp_path: Path) -> Iterator[TransferController]:
    names = BucketNames(documents=bucket, recordings=make_bucket("rec"))
    ctl = TransferController(admin_storage, names, journal_path=tmp_path / "j.json",
                             render_thumbnail=lambda pdf: render_pdf_page_png(pdf, 0, 120))
    yield ctl
    ctl.shutdown()
    ctl.panel.deleteLater()
    ctl.deleteLater()


def _view(qtbot: QtBot, model: LazyTreeModel) -> TreeView:
    view = TreeView()
    view.setModel(model)
    view.resize(500, 300)
    qtbot.addWidget(view)
    view.show()
    return view


def drop_files(view: TreeView, pos: QPoint, paths: list[Path]) -> tuple[bool, bool]:
    """Drag ``paths`` over ``pos`` of ``view`` and drop them; returns (move accepted, drop accepted)."""
    return send_drop(view.viewport(), pos, paths)


def section_child(qtbot: QtBot, view: TreeView, model: LazyTreeModel, label: str) -> Node:
    """The node ``label`` in the section of a domain tree, after expanding the section in ``view``."""
    (section,) = model.root.children
    view.expand(model.index_of(section))
    qtbot.waitUntil(lambda: any(c.label == label for c in section.children), timeout=10_000)
    return next(c for c in section.children if c.label == label)


def done(controller: TransferController) -> Callable[[], bool]:
    jobs = controller.queue.jobs
    return lambda: bool(jobs()) and all(j.state.finished for j in jobs())


def test_drop_files_and_folders_on_a_raw_prefix(qtbot: QtBot, controller: TransferController,
                                                admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    admin_storage.upload_bytes(bucket, "docs/existing.txt", b"x")
    model = LazyTreeModel(RawSource(admin_storage, [bucket]))
    view = _view(qtbot, model)
    install_drop_handler(view, controller)
    bucket_node = model.root.children[0]
    view.expand(model.index_of(bucket_node))
    qtbot.waitUntil(lambda: bool(bucket_node.children), timeout=10_000)
    docs = next(n for n in bucket_node.children if n.key == "docs/")
    folder = tmp_path / "report"
    (folder / "img").mkdir(parents=True)
    (folder / "index.md").write_text("# hi")
    (folder / "img" / "a.png").write_bytes(b"png")
    single = tmp_path / "notes.txt"
    single.write_text("notes")

    pos = view.visualRect(model.index_of(docs)).center()
    assert drop_files(view, pos, [folder, single]) == (True, True)
    qtbot.waitUntil(done(controller), timeout=20_000)
    assert {j.state for j in controller.queue.jobs()} == {JobState.DONE}
    keys = sorted(o.key for o in admin_storage.list_recursive(bucket))
    assert keys == ["docs/existing.txt", "docs/notes.txt", "docs/report/img/a.png", "docs/report/index.md"]

    # below the last row there is no node: the drag is refused
    empty = QPoint(10, view.viewport().height() - 2)
    assert drop_files(view, empty, [single]) == (False, False)


def test_drop_pdf_on_a_classroom_and_anything_on_a_meeting(qtbot: QtBot, controller: TransferController,
                                                           admin_storage: Storage, bucket: str,
                                                           tmp_path: Path) -> None:
    names = controller.names
    admin_storage.upload_bytes(bucket, "classrooms/math-7a/materials/intro.pdf", make_pdf("Intro"))
    admin_storage.upload_bytes(names.recordings, "meetings/m-1/chunks/chunk_0.webm", b"\x1aE\xdf\xa3")
    sources = [DomainSource(admin_storage, names, "classrooms"), DomainSource(admin_storage, names, "meetings")]
    (classrooms, classroom_view), (meetings, meeting_view) = [(m, _view(qtbot, m)) for m in map(domain_model, sources)]
    for view in (classroom_view, meeting_view):
        install_drop_handler(view, controller)
    pdf = tmp_path / "Lesson 1.pdf"
    pdf.write_bytes(make_pdf("Lesson 1"))
    docx = tmp_path / "essay.docx"
    docx.write_bytes(b"PK\x03\x04")
    messages: list[str] = []
    controller.message.connect(messages.append)

    classroom = section_child(qtbot, classroom_view, classrooms, "math-7a")
    pos = classroom_view.visualRect(classrooms.index_of(classroom)).center()
    assert drop_files(classroom_view, pos, [pdf, docx]) == (True, True)
    qtbot.waitUntil(lambda: len(controller.queue.jobs()) == 2 and done(controller)(), timeout=20_000)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "essay.docx" in messages[0] and "PDF" in messages[0]
    material = next(j for j in controller.queue.jobs() if j.key.endswith(".pdf"))
    assert material.key.startswith("classrooms/math-7a/materials/")
    stat = admin_storage.stat(bucket, material.key)
    assert stat.metadata["original-filename"] == "Lesson 1.pdf" and stat.content_type == "application/pdf"
    thumb = material.key.replace("/materials/", "/thumbnails/").removesuffix(".pdf") + "_thumb.png"
    png = admin_storage.read_range(bucket, thumb)
    assert png.startswith(b"\x89PNG") and admin_storage.stat(bucket, thumb).content_type == "image/png"

    messages.clear()
    meeting = section_child(qtbot, meeting_view, meetings, "m-1")
    pos = meeting_view.visualRect(meetings.index_of(meeting)).center()
    assert drop_files(meeting_view, pos, [pdf]) == (True, True)
    qtbot.waitUntil(lambda: bool(messages), timeout=5000)
    assert "recordings are produced by the platform" in messages[0]
    assert len(controller.queue.jobs()) == 2  # nothing queued for the meeting
    qtbot.waitUntil(lambda: all(s.pending() == 0 for s in sources) and not workers().active(), timeout=30_000)


def test_a_dropped_material_downloads_under_its_name(qtbot: QtBot, controller: TransferController,
                                                     admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """Dropped on a classroom, downloaded with the classroom's node (the Download… action's path):
    the file arrives as it was named, in ``<classroom id>/materials/``, not as ``<uuid>.pdf``."""
    admin_storage.upload_bytes(bucket, "classrooms/math-7a/materials/intro.pdf", make_pdf("Intro"))
    source = DomainSource(admin_storage, controller.names, "classrooms")
    model = domain_model(source)
    view = _view(qtbot, model)
    install_drop_handler(view, controller)
    pdf = tmp_path / "Photosynthesis Lab.pdf"
    pdf.write_bytes(make_pdf("Photosynthesis"))
    classroom = section_child(qtbot, view, model, "math-7a")
    assert drop_files(view, view.visualRect(model.index_of(classroom)).center(), [pdf]) == (True, True)
    qtbot.waitUntil(lambda: len(controller.queue.jobs()) == 2 and done(controller)(), timeout=20_000)
    dest = tmp_path / "downloads"
    controller.download([classroom], dest)
    qtbot.waitUntil(lambda: len(controller.queue.jobs()) == 5 and done(controller)(), timeout=20_000)
    assert {j.state for j in controller.queue.jobs()} == {JobState.DONE}
    got = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert got[:2] == ["math-7a/materials/Photosynthesis Lab.pdf", "math-7a/materials/intro.pdf"]
    assert len(got) == 3 and got[2].startswith("math-7a/thumbnails/") and got[2].endswith("_thumb.png")
    assert (dest / got[0]).read_bytes() == pdf.read_bytes()

    # The teacher clicks Download again, into the same folder: nothing is fetched again, the
    # status bar says so; a file changed meanwhile stays as it is and the download goes beside it.
    with qtbot.waitSignal(controller.downloadPlanned, timeout=20_000) as planned:
        controller.download([classroom], dest)
    assert planned.args == ["3 files already there (identical): not downloaded again."]
    qtbot.waitUntil(lambda: not workers().active(), timeout=20_000)
    assert len(controller.queue.jobs()) == 5
    (dest / got[1]).write_bytes(b"my own notes")
    messages: list[str] = []
    controller.message.connect(messages.append)
    with qtbot.waitSignal(controller.downloadPlanned, timeout=20_000) as planned:
        controller.download([classroom], dest)
    assert planned.args == ["2 files already there (identical): not downloaded again. 1 file to download."]
    qtbot.waitUntil(lambda: len(controller.queue.jobs()) == 6 and done(controller)(), timeout=20_000)
    assert messages == ["intro.pdf is there already and it differs (another size); downloaded as intro (2).pdf."]
    assert (dest / got[1]).read_bytes() == b"my own notes"
    assert (dest / "math-7a/materials/intro (2).pdf").read_bytes() == make_pdf("Intro")
    qtbot.waitUntil(lambda: source.pending() == 0 and not workers().active(), timeout=30_000)
