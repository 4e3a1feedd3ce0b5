"""The transfer panel, conflict prompt and incomplete uploads dialog, against a real S3 server."""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from pytestqt.qtbot import QtBot

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.jobs import ConflictQuestion, Direction, JobState, TransferJob
from ensure_browser.core.transfers.plan import DropTarget
from ensure_browser.ui.transfers.controller import TransferController
from ensure_browser.ui.transfers.dialogs import ConflictDialog
from ensure_browser.ui.transfers.targets import drop_target_for
from ensure_browser.ui.transfers.view import TransferTableModel, summary_message
from ensure_browser.ui.trees.tree_model import Node
from tests.support.transfers import PrefixEntry, make_pdf, write_big_file

MiB = 1024 * 1024
PART = 5 * MiB


@pytest.fixture
def make_controller(admin_storage: Storage, bucket: str, tmp_path: Path) -> Iterator[Callable[..., TransferController]]:
    made: list[TransferController] = []

    def factory(**kw: object) -> TransferController:
        kw.setdefault("journal_path", tmp_path / "transfers.json")
        kw.setdefault("part_size", PART)
        kw.setdefault("render_thumbnail", None)
        controller = TransferController(admin_storage, BucketNames(documents=bucket), **kw)  # type: ignore[arg-type]
        made.append(controller)
        return controller

    yield factory
    for controller in made:
        controller.shutdown()
        controller.panel.close()
        controller.panel.deleteLater()
        controller.deleteLater()


def jobs_of(controller: TransferController) -> list[TransferJob]:
    return controller.queue.jobs()


def all_in(controller: TransferController, *states: JobState) -> Callable[[], bool]:
    return lambda: bool(jobs_of(controller)) and all(j.state in states for j in jobs_of(controller))


def test_panel_shows_jobs_and_throttles_row_updates(qtbot: QtBot, make_controller: Callable[..., TransferController],
                                                    admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    controller = make_controller()
    model = controller.model
    emissions: dict[int, list[float]] = defaultdict(list)

    def on_changed(top: QModelIndex, bottom: QModelIndex, _roles: object = None) -> None:
        now = time.monotonic()
        for row in range(top.row(), bottom.row() + 1):
            emissions[row].append(now)

    model.dataChanged.connect(on_changed)
    overall: list[tuple[int, str]] = []
    controller.overallProgress.connect(lambda p, t: overall.append((p, t)))
    finished: list[str] = []
    controller.batchFinished.connect(finished.append)
    (tmp_path / "up").mkdir()
    for i in range(3):
        write_big_file(tmp_path / "up" / f"f{i}.bin", 12 * MiB, seed=i)
    controller.upload_paths(DropTarget("bucket", bucket), [tmp_path / "up"])
    qtbot.waitUntil(lambda: model.rowCount() == 3, timeout=10_000)
    qtbot.waitUntil(all_in(controller, JobState.DONE), timeout=30_000)
    qtbot.waitUntil(lambda: bool(finished), timeout=5000)
    assert finished == ["3 files uploaded"]
    qtbot.wait(250)

    names = {model.data(model.index(r, 0)) for r in range(3)}
    assert names == {"↑ up/f0.bin", "↑ up/f1.bin", "↑ up/f2.bin"}
    assert {model.data(model.index(r, 6)) for r in range(3)} == {"Done"}
    assert {model.data(model.index(r, 3), TransferTableModel.ProgressRole) for r in range(3)} == {100}
    assert any(p >= 0 for p, _t in overall) and overall[-1] == (-1, "")
    for row, times in emissions.items():
        for i, start in enumerate(times):  # any window of one second holds at most 10 updates of a row
            assert sum(1 for t in times[i:] if t - start < 1.0) <= 10, (row, times)
    assert sorted(o.key for o in admin_storage.list_recursive(bucket)) == ["up/f0.bin", "up/f1.bin", "up/f2.bin"]


def test_a_flood_of_changes_is_coalesced(qtbot: QtBot, make_controller: Callable[..., TransferController],
                                         tmp_path: Path, bucket: str) -> None:
    """Thousands of progress events a second from a thread still give at most 10 updates per row."""
    import threading

    controller = make_controller()
    model = controller.model
    path = tmp_path / "x.txt"
    path.write_bytes(b"x")
    job_id = controller.queue.add_upload(path, bucket, "x.txt")
    controller.queue.pause(job_id)
    qtbot.waitUntil(lambda: model.rowCount() == 1, timeout=5000)
    count = [0]
    model.dataChanged.connect(lambda *_: count.__setitem__(0, count[0] + 1))
    stop = time.monotonic() + 1.0

    def flood() -> None:
        while time.monotonic() < stop:
            model.on_queue_event("changed", job_id)

    thread = threading.Thread(target=flood)
    thread.start()
    qtbot.waitUntil(lambda: not thread.is_alive(), timeout=5000)
    qtbot.wait(150)
    thread.join()
    assert 3 <= count[0] <= 11


def test_pause_resume_cancel_retry_buttons(qtbot: QtBot, make_controller: Callable[..., TransferController],
                                           admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    controller = make_controller(part_parallel=1, concurrency=1)
    panel = controller.panel
    big = tmp_path / "big.bin"
    write_big_file(big, 8 * PART)
    controller.upload_paths(DropTarget("bucket", bucket), [big])
    qtbot.waitUntil(lambda: bool(jobs_of(controller)) and jobs_of(controller)[0].bytes_done >= PART, timeout=10_000)
    qtbot.waitUntil(lambda: controller.model.rowCount() == 1, timeout=5000)
    panel.select_rows([0])
    assert panel.pause_button.isEnabled() and not panel.resume_button.isEnabled()
    panel.pause_button.click()
    qtbot.waitUntil(all_in(controller, JobState.PAUSED), timeout=10_000)
    qtbot.waitUntil(lambda: panel.resume_button.isEnabled(), timeout=2000)
    assert [u.key for u in admin_storage.list_multipart_uploads(bucket)] == ["big.bin"]
    panel.resume_button.click()
    qtbot.waitUntil(all_in(controller, JobState.DONE), timeout=30_000)
    job = jobs_of(controller)[0]
    assert job.sent_bytes < 2 * job.size  # the resumed run did not start over

    # cancel a paused upload: its multipart upload is aborted
    second = tmp_path / "second.bin"
    write_big_file(second, 8 * PART, seed=2)
    controller.upload_paths(DropTarget("bucket", bucket), [second])
    qtbot.waitUntil(lambda: controller.model.rowCount() == 2, timeout=5000)
    qtbot.waitUntil(lambda: (j := controller.queue.get(controller.model.job_at(1).id)) is not None  # type: ignore[union-attr]
                    and j.bytes_done >= PART, timeout=10_000)
    panel.select_rows([1])
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: controller.model.job_at(1).state is JobState.CANCELLED, timeout=10_000)  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: admin_storage.list_multipart_uploads(bucket) == [], timeout=10_000)
    assert not admin_storage.exists(bucket, "second.bin")

    # retry: a job whose source was missing succeeds once the file is back
    small = tmp_path / "small.txt"
    small.write_bytes(b"small")
    controller.queue.add_upload(small, bucket, "small.txt")  # starts on the next event-loop turn
    small.unlink()
    qtbot.waitUntil(lambda: controller.model.rowCount() == 3
                    and controller.model.job_at(2).state is JobState.FAILED, timeout=10_000)  # type: ignore[union-attr]
    assert "no longer exists" in controller.model.job_at(2).error  # type: ignore[union-attr]
    small.write_bytes(b"small")
    panel.select_rows([2])
    assert panel.retry_button.isEnabled()
    panel.retry_button.click()
    qtbot.waitUntil(lambda: controller.model.job_at(2).state is JobState.DONE, timeout=10_000)  # type: ignore[union-attr]
    assert admin_storage.read_range(bucket, "small.txt") == b"small"
    menu = panel.build_context_menu()
    assert menu is not None and "Retry" in [a.text() for a in menu.actions()]
    panel.clear_button.click()
    qtbot.waitUntil(lambda: controller.model.rowCount() == 0, timeout=5000)


def test_conflict_prompt_asked_again_says_the_object_changed(qtbot: QtBot) -> None:
    """Asked again after "Replace" because the object changed meanwhile: the prompt says so, and its
    "apply to all" names this transfer only."""
    question = ConflictQuestion("j", Direction.UPLOAD, "doc.txt", "s3://b/doc.txt", 30, None, 4, changed_since=True)
    dialog = ConflictDialog(question)
    qtbot.addWidget(dialog)
    assert "changed since you chose to replace it; it was kept" in dialog.message.text()
    assert "this transfer" in dialog.apply_all.text()
    assert "asked again" in dialog.replace_button.toolTip()

def test_conflict_prompt_answers_apply_to_all(qtbot: QtBot, make_controller: Callable[..., TransferController],
                                              admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    controller = make_controller()
    files = []
    for name in ("a.txt", "b.txt"):
        admin_storage.upload_bytes(bucket, name, b"old")
        path = tmp_path / name
        path.write_bytes(b"new")
        files.append(path)
    dialogs: list[ConflictDialog] = []
    controller.conflictAsked.connect(dialogs.append)
    controller.upload_paths(DropTarget("bucket", bucket), files)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10_000)
    dialog = dialogs[0]
    assert "already exists" in dialog.message.text()
    dialog.apply_all.setChecked(True)
    dialog.keep_both_button.click()
    qtbot.waitUntil(all_in(controller, JobState.DONE), timeout=10_000)
    assert len(dialogs) == 1
    keys = sorted(o.key for o in admin_storage.list_recursive(bucket))
    assert keys == ["a (1).txt", "a.txt", "b (1).txt", "b.txt"]

    # a second drop asks again ("apply to all" lasted for one batch); skip leaves the object alone
    controller.upload_paths(DropTarget("bucket", bucket), [files[0]])
    qtbot.waitUntil(lambda: len(dialogs) == 2, timeout=10_000)
    dialogs[1].skip_button.click()
    qtbot.waitUntil(lambda: any(j.state is JobState.SKIPPED for j in jobs_of(controller)), timeout=10_000)
    assert admin_storage.read_range(bucket, "a.txt") == b"old"


def test_incomplete_uploads_dialog_lists_and_aborts(qtbot: QtBot, make_controller: Callable[..., TransferController],
                                                    admin_storage: Storage, bucket: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    controller = make_controller()
    upload_id = admin_storage.create_multipart(bucket, "left/behind.bin", "application/octet-stream")
    admin_storage.upload_part(bucket, "left/behind.bin", upload_id, 1, b"x" * PART)
    dialog = controller.show_incomplete_uploads([bucket])
    with qtbot.waitSignal(dialog.loaded, timeout=10_000) as loaded:
        pass
    assert loaded.args == [1]
    cells = [item.text() if (item := dialog.table.item(0, c)) is not None else None for c in range(6)]
    assert cells[0] == bucket and cells[1] == "left/behind.bin"
    assert cells[4] == "5.0 MiB" and cells[5] == upload_id
    assert cells[3] is not None and cells[3].endswith("min")
    dialog.table.selectRow(0)
    asked: list[int] = []

    def confirm(count: int) -> bool:
        asked.append(count)
        return True

    monkeypatch.setattr(dialog, "confirm", confirm)
    qtbot.waitUntil(dialog.abort_button.isEnabled, timeout=10_000)
    failures: list[str] = []
    dialog.failed.connect(failures.append)
    with qtbot.waitSignals([dialog.aborted], raising=False, timeout=10_000) as blocker:
        dialog.abort_button.click()
    assert blocker.signal_triggered, (failures, dialog.status.text())
    qtbot.waitSignal(dialog.loaded, timeout=10_000).wait()
    assert asked == [1]
    assert admin_storage.list_multipart_uploads(bucket) == []
    assert dialog.table.rowCount() == 0
    dialog.close()


def test_drop_targets_for_raw_nodes(bucket: str) -> None:
    bucket_node = Node(label=bucket, kind="bucket", bucket=bucket, key="", is_container=True)
    assert drop_target_for(bucket_node) == DropTarget("bucket", bucket, "", label=bucket)
    prefix = Node(label="docs/", kind="prefix", bucket=bucket, key="docs/", is_container=True)
    assert drop_target_for(prefix) == DropTarget("raw_prefix", bucket, "docs/", label=f"s3://{bucket}/docs/")
    obj = Node(label="a.pdf", kind="material", bucket=bucket, key="docs/a.pdf")
    target = drop_target_for(obj)
    assert target is not None and (target.kind, target.prefix) == ("raw_prefix", "docs/")
    assert drop_target_for(Node(label="nothing")) is None


def test_drop_targets_for_domain_nodes() -> None:
    from ensure_browser.core.schema import tree as layout
    names = BucketNames()
    classroom = layout.sections(names)[0]
    (node,) = layout.map_entries(classroom, [PrefixEntry("classrooms/math-7a/")])
    target = drop_target_for(Node(label="math-7a", kind=node.kind, bucket=node.bucket, key=node.key,
                                  is_container=True, payload=node))
    assert target is not None
    assert (target.kind, target.ids) == ("classroom", {"classroom_id": "math-7a"})
    pdf = Path("/nonexistent")  # planning reads no file for a refused kind
    meeting = layout.sections(names)[2]
    (mnode,) = layout.map_entries(meeting, [PrefixEntry("meetings/m-1/")])
    mt = drop_target_for(Node(label="m-1", kind=mnode.kind, payload=mnode, bucket=mnode.bucket))
    assert mt is not None and mt.kind == "meeting"
    from ensure_browser.core.transfers.plan import plan_drop

    assert "recordings are produced by the platform" in plan_drop(mt, [pdf], names).refusals[0].message
    assert make_pdf().startswith(b"%PDF-")


def test_summary_messages() -> None:
    from ensure_browser.core.transfers.jobs import BatchSummary

    assert summary_message(BatchSummary(1, uploaded=12, failed=1)) == "12 files uploaded, 1 failed"
    assert summary_message(BatchSummary(2, downloaded=1)) == "1 file downloaded"
    assert summary_message(BatchSummary(3, skipped=2)) == "2 skipped"
