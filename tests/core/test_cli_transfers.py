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
    assert jobs is not None and [(j.key, j.local_path, j.prove_existing) for j in jobs] == [
        ("p/a", str(dest / "a.txt"), False),
        ("p/done", str(dest / "done.txt"), True),  # done only when proven the object's (when it runs)
    ]
    pending.path.write_text("{not json")
    assert pending.load() is None
    pending.finish()
    assert not pending.path.exists()
    assert PendingDownloads("h:1", ["s3://b/p/"], dest).path != PendingDownloads("h:1", ["s3://b/q/"], dest).path


def download_json(documents: str, server: S3Server, dest: Path, capsys: pytest.CaptureFixture[str],
                  prefix: str = "exports/", status: int = 0) -> dict[str, dict[str, object]]:
    """One ``download --json`` of ``prefix``: its records by key."""
    argv = ["download", f"s3://{documents}/{prefix}", "--to", str(dest), "--json", *connect(server)]
    assert app.main(argv) == status
    return {str(r["key"]): r for r in records(capsys.readouterr().out)}


def test_download_again_skips_identical_files_and_numbers_changed_ones(
    documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Run again after it finished, a download fetches nothing that is there and proven identical
    ("already there", state unchanged). A local file changed (even to the same size), or an object
    changed on the server, gets the next free number beside it, with a note saying why; nothing is
    overwritten; and the run after that finds those numbered copies identical in their turn."""
    bodies = {"exports/a.txt": b"alpha", "exports/b.txt": b"bravo", "exports/c.txt": b"charlie",
              "exports/sub/d.txt": b"delta"}
    for key, body in bodies.items():
        admin_storage.upload_bytes(documents, key, body)
    dest = tmp_path / "dest"
    first = download_json(documents, s3_server, dest, capsys)
    assert {k: r["state"] for k, r in first.items()} == dict.fromkeys(bodies, "done")
    files = {k: Path(str(r["path"])) for k, r in first.items()}
    before = {k: (p.stat().st_ino, p.stat().st_mtime_ns) for k, p in files.items()}

    again = download_json(documents, s3_server, dest, capsys)
    assert {k: (r["state"], r["path"]) for k, r in again.items()} == {k: ("unchanged", str(p)) for k, p in files.items()}
    assert {k: (p.stat().st_ino, p.stat().st_mtime_ns) for k, p in files.items()} == before  # not written
    assert sorted(p.name for p in dest.rglob("*") if p.is_file()) == ["a.txt", "b.txt", "c.txt", "d.txt"]
    assert not list(pending_dir().glob("*.json"))

    files["exports/a.txt"].write_bytes(b"ALPHA")  # the same size, other bytes
    files["exports/c.txt"].write_bytes(b"mine")  # another size
    admin_storage.upload_bytes(documents, "exports/b.txt", b"BRAVO")  # changed on the server
    third = download_json(documents, s3_server, dest, capsys)
    exports = dest / "exports"
    assert {k: (r["state"], Path(str(r["path"])).name) for k, r in third.items()} == {
        "exports/a.txt": ("done", "a (2).txt"), "exports/b.txt": ("done", "b (2).txt"),
        "exports/c.txt": ("done", "c (2).txt"), "exports/sub/d.txt": ("unchanged", "d.txt")}
    assert third["exports/a.txt"]["note"] == "a.txt is there already and it differs (other content); " \
                                             "downloaded as a (2).txt."
    assert "it differs (other content)" in str(third["exports/b.txt"]["note"])
    assert "it differs (another size)" in str(third["exports/c.txt"]["note"])
    assert third["exports/sub/d.txt"]["note"] == ""
    assert {p.name: p.read_bytes() for p in exports.iterdir() if p.is_file()} == {
        "a.txt": b"ALPHA", "a (2).txt": b"alpha", "b.txt": b"bravo", "b (2).txt": b"BRAVO",
        "c.txt": b"mine", "c (2).txt": b"charlie"}  # nothing overwritten

    argv = ["download", f"s3://{documents}/exports/", "--to", str(dest), *connect(s3_server)]
    assert app.main(argv) == 0  # the text form: every file "already there", none downloaded
    out, err = capsys.readouterr()
    assert out == ""
    assert sorted(line for line in err.splitlines() if line.startswith("already there: ")) == sorted(
        f"already there: {p}" for p in (exports / "a (2).txt", exports / "b (2).txt", exports / "c (2).txt",
                                        exports / "sub" / "d.txt"))
    assert err.endswith("\n4 file(s) already there and identical: not downloaded again.\n")


def test_download_again_numbers_what_cannot_be_proven_identical(
    documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An object uploaded in parts has no checksum of its whole bytes to prove a local file holds
    them: downloaded again it gets a numbered name, and the note says why; the small one beside it
    is proven and skipped."""
    big = tmp_path / "big.bin"
    write_big_file(big, 11 * 1024 * 1024, seed=5)
    admin_storage.upload_file(documents, "exports/big.bin", big, multipart_threshold=5 * 1024 * 1024,
                              part_size=5 * 1024 * 1024)
    admin_storage.upload_bytes(documents, "exports/small.txt", b"small")
    assert "-" in admin_storage.stat(documents, "exports/big.bin").etag  # a multipart ETag
    dest = tmp_path / "dest"
    assert {r["state"] for r in download_json(documents, s3_server, dest, capsys).values()} == {"done"}
    again = download_json(documents, s3_server, dest, capsys)
    assert again["exports/small.txt"]["state"] == "unchanged"
    record = again["exports/big.bin"]
    assert record["state"] == "done" and Path(str(record["path"])).name == "big (2).bin"
    assert "cannot be proven identical" in str(record["note"]) and "uploaded in parts" in str(record["note"])
    assert (dest / "exports" / "big (2).bin").read_bytes() == (dest / "exports" / "big.bin").read_bytes()


def test_download_never_writes_through_links_out_of_its_folder(
    documents: str, s3_server: S3Server, admin_storage: Storage, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The destination is resolved once and each folder below it once: a folder inside it that is a
    link pointing out refuses everything below it, a file name that is a link (even to a file of the
    object's very bytes) is neither written through nor taken for the object; a link that stays
    inside is followed."""
    admin_storage.upload_bytes(documents, "exports/a.txt", b"public")
    admin_storage.upload_bytes(documents, "exports/deep/b.txt", b"deeper")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "a.txt").write_bytes(b"public")  # the object's bytes, outside
    snapshot = {p.name: p.read_bytes() for p in outside.iterdir()}

    linked = tmp_path / "linked"
    linked.mkdir()
    (linked / "exports").symlink_to(outside, target_is_directory=True)
    argv = ["download", f"s3://{documents}/exports/", "--to", str(linked), "--json", *connect(s3_server)]
    assert app.main(argv) == 1
    out, err = capsys.readouterr()
    assert out == ""  # no file downloaded
    assert "refused: a.txt would be written outside" in err and "refused: b.txt would be written outside" in err
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == snapshot

    dest = tmp_path / "dest"
    (dest / "exports").mkdir(parents=True)
    (dest / "exports" / "a.txt").symlink_to(outside / "a.txt")
    (dest / "exports" / "deep").symlink_to(outside, target_is_directory=True)
    got = download_json(documents, s3_server, dest, capsys, status=1)
    assert set(got) == {"exports/a.txt"}
    assert got["exports/a.txt"]["state"] == "done" and Path(str(got["exports/a.txt"]["path"])).name == "a (2).txt"
    assert "a.txt is there already and it is no regular file" in str(got["exports/a.txt"]["note"])
    assert {p.name: p.read_bytes() for p in outside.iterdir()} == snapshot
    assert (dest / "exports" / "a.txt").is_symlink()

    inside = tmp_path / "inside"
    (inside / "real").mkdir(parents=True)
    (inside / "exports").symlink_to(inside / "real", target_is_directory=True)
    got = download_json(documents, s3_server, inside, capsys)
    assert {k: r["state"] for k, r in got.items()} == {"exports/a.txt": "done", "exports/deep/b.txt": "done"}
    assert (inside / "real" / "deep" / "b.txt").read_bytes() == b"deeper"


def test_what_proves_a_file_already_there_identical(tmp_path: Path) -> None:
    """The rule both the command line and the window follow: the same size and the bytes' CRC32 equal
    to a whole-object checksum, else their MD5 equal to a single-part ETag; an encrypted object's
    ETag or a multipart one proves nothing; a link is never read; paths below the destination are
    proven inside lexically, their folders with links followed."""
    import hashlib
    import zlib

    from ensure_browser.core.errors import LocalFileError
    from ensure_browser.core.s3.headers import crc32_header
    from ensure_browser.core.s3.model import ObjectStat
    from ensure_browser.core.transfers.already_there import Verdict, compare, listed_md5_proves
    from ensure_browser.core.transfers.local_names import Destination

    body = b"worksheet"
    path = tmp_path / "w.pdf"
    path.write_bytes(body)
    md5, crc = hashlib.md5(body).hexdigest(), crc32_header(zlib.crc32(body))

    def stat(etag: str = md5, checksum: str = "", encrypted: bool = False, size: int = len(body)) -> ObjectStat:
        return ObjectStat("b", "k", size, etag, "application/pdf", None, {}, checksum=checksum, encrypted=encrypted)

    assert compare(path, stat()) == (Verdict.SAME, "")
    assert compare(path, stat(etag="0" * 32))[0] is Verdict.DIFFERENT
    assert compare(path, stat(size=len(body) + 1)) == (Verdict.DIFFERENT, "it differs (another size)")
    assert compare(path, stat(etag="abc-2", checksum=crc)) == (Verdict.SAME, "")  # the CRC32 proves it
    assert compare(path, stat(etag="abc-2", checksum=crc32_header(1)))[0] is Verdict.DIFFERENT
    verdict, why = compare(path, stat(etag="abc-2", checksum="AAAAAA==-2"))  # a composite checksum
    assert verdict is Verdict.UNPROVEN and "uploaded in parts" in why
    verdict, why = compare(path, stat(encrypted=True))  # its ETag looks like the MD5: still no proof
    assert verdict is Verdict.UNPROVEN and "encrypted" in why
    assert compare(path, stat(encrypted=True, checksum=crc)) == (Verdict.SAME, "")
    link = tmp_path / "link.pdf"
    link.symlink_to(path)
    assert compare(link, stat()) == (Verdict.DIFFERENT, "it is no regular file")
    assert listed_md5_proves(path, md5.upper()) and not listed_md5_proves(path, "0" * 32)
    assert not listed_md5_proves(path, f"{md5}-2") and not listed_md5_proves(path, None)
    assert not listed_md5_proves(link, md5)  # never read through a link

    dest = Destination(tmp_path / "d")
    assert dest.path_for(["..", "a/b", "c.pdf"]) == tmp_path / "d" / "_" / "a_b" / "c.pdf"
    for escape in (tmp_path / "d" / ".." / "x", tmp_path / "x", tmp_path / "d"):
        with pytest.raises(LocalFileError):
            dest.ensure_inside(escape)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "out").symlink_to(tmp_path, target_is_directory=True)
    with pytest.raises(LocalFileError, match="would be written outside"):
        Destination(tmp_path / "d").path_for(["out", "x.pdf"])
