"""Answering "Replace" to an upload conflict replaces the object the question showed, and only it:
an object changed after the question is kept and asked about again (real SeaweedFS, and rclone,
which ignores If-Match)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.driver import ThreadedDriver
from ensure_browser.core.transfers.jobs import (
    ConflictAnswer,
    ConflictPolicy,
    ConflictQuestion,
    Direction,
    JobState,
    TransferJob,
)
from ensure_browser.core.transfers.journal import Journal
from ensure_browser.core.transfers.plan import DropTarget, plan_drop
from ensure_browser.core.transfers.queue import TransferQueue
from tests.support.dialects import running_rclone

Asker = Callable[[ConflictQuestion, CancelToken], ConflictAnswer]


@pytest.fixture(params=["seaweedfs", "rclone"])
def target(request: pytest.FixtureRequest, admin_storage: Storage, bucket: str) -> Iterator[tuple[Storage, str]]:
    if request.param == "seaweedfs":
        yield admin_storage, bucket
        return
    with running_rclone() as server:
        storage = server.storage()
        storage.make_bucket("answers")
        yield storage, "answers"


def _upload(storage: Storage, bucket: str, files: list[Path], ask: Asker, tmp_path: Path) -> list[TransferJob]:
    queue = TransferQueue(storage, BucketNames(documents=bucket), journal=Journal(tmp_path / "journal.json"),
                          ask_conflict=ask)
    driver = ThreadedDriver(queue)
    try:
        queue.add_plan(plan_drop(DropTarget("bucket", bucket, ""), files, BucketNames(documents=bucket)))
        driver.drive()
        assert driver.wait(30)
        return [j for j in queue.jobs() if j.direction is Direction.UPLOAD]
    finally:
        driver.close()


def _shown(target: tuple[Storage, str], tmp_path: Path) -> tuple[Storage, str, Path]:
    """The object the question will show, and the local file that is to replace it."""
    storage, bucket = target
    storage.upload_bytes(bucket, "doc.txt", b"the one shown")
    mine = tmp_path / "doc.txt"
    mine.write_bytes(b"mine")
    return storage, bucket, mine


def test_replace_keeps_an_object_that_changed_after_the_question(target: tuple[Storage, str],
                                                                 tmp_path: Path) -> None:
    storage, bucket, mine = _shown(target, tmp_path)
    asked: list[ConflictQuestion] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question)
        if len(asked) == 1:  # while the user reads the question, someone else writes the key
            time.sleep(0.01)
            storage.upload_bytes(bucket, "doc.txt", b"written meanwhile, much longer")
            return ConflictAnswer(ConflictPolicy.REPLACE)
        return ConflictAnswer(ConflictPolicy.SKIP)

    (job,) = _upload(storage, bucket, [mine], ask, tmp_path)
    assert storage.read_range(bucket, "doc.txt") == b"written meanwhile, much longer"
    assert job.state is JobState.SKIPPED and "changed since you chose to replace it" in job.error
    assert [q.changed_since for q in asked] == [False, True]
    assert asked[1].existing_size == len(b"written meanwhile, much longer")  # asked about what is there now


def test_replace_asked_again_replaces_what_the_second_question_showed(target: tuple[Storage, str],
                                                                      tmp_path: Path) -> None:
    storage, bucket, mine = _shown(target, tmp_path)
    asked: list[ConflictQuestion] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question)
        if len(asked) == 1:
            storage.upload_bytes(bucket, "doc.txt", b"written meanwhile")
        return ConflictAnswer(ConflictPolicy.REPLACE)

    (job,) = _upload(storage, bucket, [mine], ask, tmp_path)
    assert job.state is JobState.DONE
    assert storage.read_range(bucket, "doc.txt") == b"mine"
    assert [q.changed_since for q in asked] == [False, True]


def test_replace_of_an_unchanged_object_replaces_it(target: tuple[Storage, str], tmp_path: Path) -> None:
    storage, bucket, mine = _shown(target, tmp_path)
    asked: list[ConflictQuestion] = []

    def ask(question: ConflictQuestion, _token: CancelToken) -> ConflictAnswer:
        asked.append(question)
        return ConflictAnswer(ConflictPolicy.REPLACE)

    (job,) = _upload(storage, bucket, [mine], ask, tmp_path)
    assert job.state is JobState.DONE and len(asked) == 1
    assert storage.read_range(bucket, "doc.txt") == b"mine"
