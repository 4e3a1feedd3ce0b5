"""``ensure-browser upload`` and ``download`` (issue 24, item 9) on the real server: the drop's
refusals and JSON records, thumbnails rendered without Qt, real and safe names with collisions, and
a resume after Ctrl+C."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ensure_browser.cli import main as app
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.transfers.download_names import ORIGINAL_NAME_META
from ensure_browser.core.transfers.pending import pending_dir
from tests.support.faultproxy import FaultProxy
from tests.support.servers import S3Server, remove_bucket
from tests.support.transfers import make_pdf, write_big_file

DEFAULTS = BucketNames()
CLASSROOM = "cli-7b"


@pytest.fixture
def documents(admin_storage: Storage, s3_server: S3Server, monkeypatch: pytest.MonkeyPatch,
              tmp_path: Path) -> Iterator[str]:
    """The default documents bucket (the command line's names) on the session server, removed after."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    monkeypatch.setenv("MINIO_ROOT_PASSWORD", s3_server.admin.secret_key)
    remove_bucket(admin_storage, DEFAULTS.documents)
    admin_storage.make_bucket(DEFAULTS.documents)
    yield DEFAULTS.documents
    remove_bucket(admin_storage, DEFAULTS.documents)


def connect(server: S3Server, endpoint: str | None = None) -> list[str]:
    return ["--endpoint", endpoint or server.endpoint, "--access-key", server.admin.access_key]


def records(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def test_upload_materials_refusals_json_and_thumbnails(
    documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    good = tmp_path / "Photosynthesis Lab.pdf"
    good.write_bytes(make_pdf("photo"))
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"not a pdf at all")
    docx = tmp_path / "essay.docx"
    docx.write_bytes(b"PK\x03\x04")
    link = tmp_path / "link.pdf"
    link.symlink_to(good)
    folder = tmp_path / "folder"
    folder.mkdir()
    argv = ["upload", "material", "--classroom", CLASSROOM, "--json", *map(str, (good, fake, docx, link, folder)),
            *connect(s3_server)]
    assert app.main(argv) == 1  # some were refused
    got = {Path(str(r["file"])).name: r for r in records(capsys.readouterr().out)}
    assert set(got) == {"Photosynthesis Lab.pdf", "fake.pdf", "essay.docx", "link.pdf", "folder"}
    uploaded = got.pop("Photosynthesis Lab.pdf")
    assert uploaded["state"] == "uploaded" and uploaded["error"] == ""
    key, thumb = str(uploaded["key"]), str(uploaded["thumbnail"])
    assert key.startswith(f"classrooms/{CLASSROOM}/materials/") and key.endswith(".pdf")
    assert admin_storage.read_range(documents, key) == good.read_bytes()
    assert admin_storage.stat(documents, key).metadata[ORIGINAL_NAME_META] == "Photosynthesis Lab.pdf"
    png = admin_storage.read_range(documents, thumb)
    assert thumb.startswith(f"classrooms/{CLASSROOM}/thumbnails/") and png.startswith(b"\x89PNG\r\n\x1a\n")
    assert int.from_bytes(png[16:20], "big") == 320  # as wide as the window's thumbnails
    assert all(r["state"] == "refused" and r["key"] is None for r in got.values())
    assert "no %PDF- header" in str(got["fake.pdf"]["error"])
    assert "PDF documents only" in str(got["essay.docx"]["error"])
    assert "link" in str(got["link.pdf"]["error"]) and "folder" in str(got["folder"]["error"])
    listed = [o.key for o in admin_storage.list_recursive(documents, "")]
    assert sorted(listed) == sorted([key, thumb])  # nothing refused reached the server


def test_upload_note_and_usage(documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
                               capsys: pytest.CaptureFixture[str]) -> None:
    note = tmp_path / "Zellbiologie – Übersicht.pdf"
    note.write_bytes(make_pdf("cells"))
    assert app.main(["upload", "note", "--student", "stu-9", str(note), *connect(s3_server)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{note} -> s3://{documents}/students/stu-9/notes/")
    key = out.strip().split(f"s3://{documents}/", 1)[1]
    assert admin_storage.read_range(documents, key) == note.read_bytes()
    for argv in (["upload", "note", str(note)], ["upload", "note", "--student", "s", "--classroom", "c", str(note)],
                 ["upload", "material", "--classroom", "../etc", str(note)]):
        with pytest.raises(SystemExit) as info:
            app.main([*argv, *connect(s3_server)])
        assert info.value.code == 2
        assert "Traceback" not in capsys.readouterr().err


HOSTILE = ["../../etc/passwd", "a/b\\c.pdf", "ctl\x01\x1b[31m.pdf", "CON.pdf", "nul", "é" * 148 + ".pdf",
           "Same.pdf", "same.pdf", "Same.pdf"]


def put_material(storage: Storage, bucket: str, i: int, original: str, body: bytes) -> str:
    key = f"classrooms/{CLASSROOM}/materials/{i:08d}-aaaa-4bbb-8ccc-dddddddddddd.pdf"
    storage.upload_bytes(bucket, key, body, content_type="application/pdf", metadata={ORIGINAL_NAME_META: original})
    return key


def test_download_real_safe_names_and_collisions(
    documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    bodies = {put_material(admin_storage, documents, i, o, make_pdf(f"m{i}")): o for i, o in enumerate(HOSTILE)}
    dest = tmp_path / "dest"
    (dest / CLASSROOM / "materials").mkdir(parents=True)
    (dest / CLASSROOM / "materials" / "Same.pdf").write_bytes(b"mine")  # on disk already: never replaced
    argv = ["download", f"s3://{documents}/classrooms/{CLASSROOM}", "--to", str(dest), "--json", *connect(s3_server)]
    assert app.main(argv) == 0
    got = records(capsys.readouterr().out)
    assert len(got) == len(HOSTILE) and all(r["state"] == "done" for r in got)
    folder = dest / CLASSROOM / "materials"
    names = sorted(p.name for p in folder.iterdir())
    assert (folder / "Same.pdf").read_bytes() == b"mine"
    assert {"_.._etc_passwd.pdf", "a_b_c.pdf", "_CON.pdf", "_nul.pdf", "Same (2).pdf", "same.pdf",
            "Same (3).pdf"} <= set(names)  # numbered within the batch ignoring case, and past what is there
    assert all(n.isprintable() and "/" not in n and len(n.encode()) <= 255 for n in names)
    assert any(n.startswith("ctl") for n in names) and any(n.startswith("é") for n in names)
    for record in got:
        path = Path(str(record["path"]))
        assert path.parent == folder
        assert path.read_bytes() == admin_storage.read_range(documents, str(record["key"]))
    assert set(bodies) == {str(r["key"]) for r in got}
    assert not list(pending_dir().glob("*.json"))  # done: no plan kept


def test_download_one_object_and_a_missing_one(documents: str, s3_server: S3Server, admin_storage: Storage,
                                               tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    key = put_material(admin_storage, documents, 1, "Quiz.pdf", b"%PDF-quiz")
    dest = tmp_path / "d"
    assert app.main(["download", f"s3://{documents}/{key}", "--to", str(dest), *connect(s3_server)]) == 0
    assert capsys.readouterr().out.strip() == str(dest / "Quiz.pdf")
    assert (dest / "Quiz.pdf").read_bytes() == b"%PDF-quiz"
    with pytest.raises(SystemExit) as info:
        app.main(["download", f"s3://{documents}/nothing-here", "--to", str(dest), *connect(s3_server)])
    assert info.value.code == 2


def test_download_resumes_after_ctrl_c(documents: str, s3_server: S3Server, admin_storage: Storage,
                                       tmp_path: Path) -> None:
    """Ctrl+C while a big file streams (slowed by a proxy): the same command again fetches only the
    rest (a Range request), the file arrives whole and verified, small ones already there are kept."""
    big = tmp_path / "big.bin"
    digest_size = 12 * 1024 * 1024
    write_big_file(big, digest_size, seed=3)
    admin_storage.upload_file(documents, "exports/big.bin", big)
    admin_storage.upload_bytes(documents, "exports/small.txt", b"small")
    dest = tmp_path / "dest"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        proxy.faults.rate = 2 * 1024 * 1024
        argv = [sys.executable, "-m", "ensure_browser", "download", f"s3://{documents}/exports/", "--to", str(dest),
                *connect(s3_server, proxy.endpoint)]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        part = dest / "exports" / "big.bin.part"
        deadline = time.monotonic() + 60
        while not (part.exists() and part.stat().st_size > 3 * 1024 * 1024):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.05)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
        assert proc.returncode == 130, err
        assert "run the same command again" in err
        assert not (dest / "exports" / "big.bin").exists()
        kept = part.stat().st_size
        assert kept > 3 * 1024 * 1024
        proxy.faults.rate = None
        before = proxy.stats.down_bytes
        resumed = subprocess.run(argv, check=False, env=env, capture_output=True, text=True, timeout=60)
        assert resumed.returncode == 0, resumed.stderr
        assert "Resuming" in resumed.stderr
        assert any(b"range: bytes=" in head.lower() for head in proxy.stats.heads)
        assert proxy.stats.down_bytes - before < digest_size - kept + 1024 * 1024
    assert (dest / "exports" / "big.bin").read_bytes() == big.read_bytes()
    assert (dest / "exports" / "small.txt").read_bytes() == b"small"
    assert not (dest / "exports" / "small (2).txt").exists() and not part.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_download_shows_progress_on_a_terminal_only(documents: str, s3_server: S3Server, admin_storage: Storage,
                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    for i in range(3):
        admin_storage.upload_bytes(documents, f"exports/f{i}.txt", b"x" * 1000)
    terminal = _Terminal()
    with monkeypatch.context() as patched:
        patched.setattr(sys, "stderr", terminal)
        assert app.main(["download", f"s3://{documents}/exports/", "--to", str(tmp_path / "a"),
                         *connect(s3_server)]) == 0
    shown = terminal.getvalue()
    assert "\r\x1b[K3/3 files · 2.9 KiB of 2.9 KiB" in shown and shown.endswith("\n")
    assert app.main(["download", f"s3://{documents}/exports/", "--to", str(tmp_path / "b"), *connect(s3_server)]) == 0
    assert "files ·" not in capsys.readouterr().err  # no progress line into a file or a pipe


def test_upload_interrupted_leaves_nothing_behind(documents: str, s3_server: S3Server, admin_storage: Storage,
                                                  tmp_path: Path) -> None:
    """Ctrl+C during a multipart upload (slowed by a proxy): exit 130, the upload is aborted, no object."""
    pdf = tmp_path / "big.pdf"
    with open(pdf, "wb") as fh:
        fh.write(b"%PDF-1.4\n")
        fh.write(os.urandom(40 * 1024 * 1024))
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    with FaultProxy(("127.0.0.1", s3_server.server.s3_port)) as proxy:
        proxy.faults.rate = 3 * 1024 * 1024  # a 16 MiB part takes about 5 s
        argv = [sys.executable, "-m", "ensure_browser", "upload", "material", "--classroom", CLASSROOM, str(pdf),
                *connect(s3_server, proxy.endpoint)]
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while not admin_storage.list_multipart_uploads(documents):
            assert time.monotonic() < deadline and proc.poll() is None
            time.sleep(0.1)
        time.sleep(0.5)
        proc.send_signal(signal.SIGINT)
        _out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "cancelled" in err, err
    assert admin_storage.list_multipart_uploads(documents) == []
    assert list(admin_storage.list_recursive(documents, "")) == []


def test_a_kept_plan_names_files_in_its_destination_only(tmp_path: Path) -> None:
    """A plan file changed by someone else cannot make a re-run write outside its folder; one that
    cannot be read is planned anew."""
    from ensure_browser.core.transfers.pending import PendingDownloads

    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "done.txt").write_text("here already")
    pending = PendingDownloads("h:1", ["s3://b/p/"], dest, folder=tmp_path / "plans")
    assert pending.load() is None
    files = [{"bucket": "b", "key": "p/a", "path": str(dest / "a.txt"), "size": 1},
             {"bucket": "b", "key": "p/done", "path": str(dest / "done.txt"), "size": 12},
             {"bucket": "b", "key": "p/evil", "path": str(tmp_path / "outside.txt"), "size": 1},
             {"bucket": "b", "key": "p/up", "path": str(dest / ".." / "up.txt"), "size": 1}]
    pending.path.parent.mkdir(parents=True)
    pending.path.write_text(json.dumps({"version": 1, "files": files}))
    jobs = pending.load()
    assert jobs is not None and [(j.key, j.local_path) for j in jobs] == [("p/a", str(dest / "a.txt"))]
    pending.path.write_text("{not json")
    assert pending.load() is None
    pending.finish()
    assert not pending.path.exists()
    assert PendingDownloads("h:1", ["s3://b/p/"], dest).path != PendingDownloads("h:1", ["s3://b/q/"], dest).path
