"""An unreadable transfer journal is never overwritten: it is kept aside as
``transfers.json.corrupt-<time>`` (its bytes as they were) before the first write, and the queue's
recovery report tells the user. Real files, a real queue on the real SeaweedFS server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.journal import Journal, JournalData
from ensure_browser.core.transfers.queue import TransferQueue

# a journal cut short in the middle of an upload id (as a full disk or a crash mid-write could leave it)
DAMAGED = b'{"version":1,"jobs":[\n{"id":"job-1","direction":"upload","bucket":"b","key":"big.bin"}\n],' \
          b'"uploads":{"2~aBcD-upload-id":{"bucket":"b","key":"big.bin","jo'


def _kept(path: Path) -> list[Path]:
    return sorted(path.parent.glob(path.name + ".corrupt-*"))


@pytest.mark.parametrize("content", [DAMAGED, b'{"version":2,"jobs":[],"uploads":{}}', b"\xff\xfe not text"],
                         ids=["damaged", "newer-version", "not-utf8"])
def test_recovery_keeps_an_unreadable_journal_aside_and_says_so(
        admin_storage: Storage, bucket: str, tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "transfers.json"
    path.write_bytes(content)
    queue = TransferQueue(admin_storage, BucketNames(documents=bucket), journal=Journal(path))
    report = queue.recover()
    (kept,) = _kept(path)
    assert kept.read_bytes() == content
    assert len(report.messages) == 1
    assert "could not be read" in report.messages[0] and str(kept) in report.messages[0]
    assert "Incomplete uploads" in report.messages[0]
    queue.flush()  # a new journal is started beside it; the kept one stays as it was
    assert json.loads(path.read_text()) == {"version": 1, "jobs": [], "uploads": {}}
    assert _kept(path) == [kept] and kept.read_bytes() == content
    assert queue.recover().messages == []  # said once


def test_a_write_before_the_first_read_sets_an_unreadable_journal_aside_first(tmp_path: Path) -> None:
    path = tmp_path / "transfers.json"
    path.write_bytes(DAMAGED)
    journal = Journal(path)
    journal.save(JournalData(uploads={"new-id": {"bucket": "b", "key": "k", "job": "j"}}))
    (kept,) = _kept(path)
    assert kept.read_bytes() == DAMAGED
    assert json.loads(path.read_text())["uploads"] == {"new-id": {"bucket": "b", "key": "k", "job": "j"}}
    notes = journal.take_notes()
    assert len(notes) == 1 and str(kept) in notes[0]
    path.write_bytes(DAMAGED)  # damaged again later: the next start keeps this one too, under another name
    assert Journal(path).load() == JournalData()
    assert len(_kept(path)) == 2 and all(k.read_bytes() == DAMAGED for k in _kept(path))


def test_a_journal_that_cannot_be_read_at_all_is_never_written_over(tmp_path: Path) -> None:
    path = tmp_path / "transfers.json"
    path.mkdir()  # reading it fails (as it would without permission, or on an I/O error)
    (path / "inside").write_bytes(b"x")
    journal = Journal(path)
    assert journal.load() == JournalData()
    journal.save(JournalData(uploads={"id": {"bucket": "b", "key": "k"}}))
    assert path.is_dir() and (path / "inside").read_bytes() == b"x"
    assert _kept(path) == []
    (note,) = journal.take_notes()
    assert "left as it is" in note and "not remembered across restarts" in note
