"""Storage core against the real SeaweedFS server: listing, transfers, odd keys, typed errors."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import urllib.request
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import minio.time
import pytest

from ensure_browser.core import errors as E
from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3 import localfiles
from ensure_browser.core.s3.storage import (
    CHECKSUM_CRC32,
    DESTINATION_EXISTS,
    MIN_PART_SIZE,
    ConnectionSettings,
    Storage,
    composite_crc32_of,
    crc32_header,
    http_date,
    plan_parts,
)
from tests.support import peers
from tests.support.servers import S3Server

ODD_KEYS = [
    "unicode/Ünïcödé 文件 🎓.pdf",
    "spaces/a file with spaces.txt",
    "plus/a+b+c.txt",
    "percent/100%25 done %2F not a slash.txt",
    "mixed/ a+b %20 ü/?#&=.txt",
    "long/" + "x" * 240 + "/" + "y" * 250,  # 500-byte key, each segment within SeaweedFS's 255
]


def _settings(endpoint: str, **kw: object) -> Storage:
    base: dict[str, object] = {"access_key": "AKIAEXAMPLE", "secret_key": "secret", "retries": 0}
    base.update(kw)
    return Storage(ConnectionSettings(endpoint=endpoint, **base))  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- listing ------------------------------------------------------------------------------------------


def test_list_level_pages_prefixes_and_objects(admin_storage: Storage, bucket: str) -> None:
    for i in range(25):
        admin_storage.upload_bytes(bucket, f"level/obj_{i:02d}.txt", b"x" * i)
    admin_storage.upload_bytes(bucket, "level/sub/a.txt", b"a")
    admin_storage.upload_bytes(bucket, "level/sub2/deeper/b.txt", b"b")
    pages = list(admin_storage.list_level(bucket, "level/", page_size=10))
    assert [len(p) for p in pages] == [10, 10, 7]
    entries = [e for p in pages for e in p]
    prefixes = sorted(e.key for e in entries if e.is_prefix)
    assert prefixes == ["level/sub/", "level/sub2/"]
    objs = {e.key: e for e in entries if not e.is_prefix}
    assert len(objs) == 25
    assert objs["level/obj_07.txt"].size == 7
    assert objs["level/obj_07.txt"].etag
    assert objs["level/obj_07.txt"].last_modified is not None
    assert objs["level/obj_07.txt"].name == "obj_07.txt"
    assert next(e for e in entries if e.key == "level/sub/").name == "sub"


def test_list_recursive_and_cancel(admin_storage: Storage, bucket: str) -> None:
    for i in range(5):
        admin_storage.upload_bytes(bucket, f"r/{i}/deep/{i}.bin", b"1")
    keys = [e.key for e in admin_storage.list_recursive(bucket, "r/")]
    assert sorted(keys) == [f"r/{i}/deep/{i}.bin" for i in range(5)]
    token = CancelToken()
    token.cancel()
    with pytest.raises(E.Cancelled):
        list(admin_storage.list_recursive(bucket, "r/", cancel=token))


# -- round trips ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 1, 64 * 1024 * 1024], ids=["0B", "1B", "64MiB-multipart"])
def test_round_trip_sizes(admin_storage: Storage, bucket: str, tmp_path: Path, size: int) -> None:
    src = tmp_path / "src.bin"
    with open(src, "wb") as fh:
        remaining = size
        block = os.urandom(1024 * 1024)
        while remaining:
            n = min(remaining, len(block))
            fh.write(block[:n])
            remaining -= n
    progress: list[tuple[int, int]] = []
    res = admin_storage.upload_file(
        bucket, f"rt/{size}.bin", src, multipart_threshold=16 * 1024 * 1024, part_size=8 * 1024 * 1024,
        progress=lambda d, t: progress.append((d, t)),
    )
    assert res.size == size
    assert progress[-1] == (size, size)
    st = admin_storage.stat(bucket, f"rt/{size}.bin")
    assert st.size == size
    if size >= 16 * 1024 * 1024:
        assert "-" in st.etag  # a multipart ETag: md5-of-md5s "-N"
    dest = tmp_path / "out" / "dest.bin"
    admin_storage.download_file(bucket, f"rt/{size}.bin", dest)
    assert dest.stat().st_size == size
    assert _sha(dest) == _sha(src)


def _sha(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@pytest.mark.parametrize("key", ODD_KEYS, ids=[k[:14] for k in ODD_KEYS])
def test_odd_keys_round_trip(admin_storage: Storage, bucket: str, key: str) -> None:
    data = key.encode()
    admin_storage.upload_bytes(bucket, key, data, metadata={"original-filename": "Ü x+y%.pdf"})
    prefix = key.rsplit("/", 1)[0] + "/"
    listed = [e for p in admin_storage.list_level(bucket, prefix) for e in p]
    assert [e.key for e in listed] == [key]
    assert admin_storage.read_range(bucket, key) == data
    st = admin_storage.stat(bucket, key)
    assert st.size == len(data)
    # a presigned URL for the odd key works with a plain HTTP client
    url = admin_storage.presign_get(bucket, key, timedelta(minutes=5))
    with urllib.request.urlopen(url, timeout=10) as resp:
        assert resp.read() == data


def test_user_metadata_and_ranges(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "m/a.pdf", b"0123456789", "application/pdf",
                               metadata={"original-filename": "Lesson 1.pdf"})
    st = admin_storage.stat(bucket, "m/a.pdf")
    assert st.content_type == "application/pdf"
    assert st.metadata["original-filename"] == "Lesson 1.pdf"
    assert admin_storage.read_range(bucket, "m/a.pdf", 2, 3) == b"234"
    assert admin_storage.read_range(bucket, "m/a.pdf", 7) == b"789"
    assert admin_storage.read_capped(bucket, "m/a.pdf", 4) == (b"0123", True)
    assert admin_storage.read_capped(bucket, "m/a.pdf", 100) == (b"0123456789", False)


def test_presign_expiry_is_bounded(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "p.txt", b"p")
    with pytest.raises(E.InvalidRequest, match="7 days"):
        admin_storage.presign_get(bucket, "p.txt", timedelta(days=8))
    with pytest.raises(E.InvalidRequest):
        admin_storage.presign_get(bucket, "p.txt", timedelta(0))
    url = admin_storage.presign_get(bucket, "p.txt", timedelta(days=7))
    assert "X-Amz-Expires=604800" in url


def test_download_never_overwrites_and_resumes(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    payload = os.urandom(3 * 1024 * 1024 + 17)
    admin_storage.upload_bytes(bucket, "d/big.bin", payload)
    dest = tmp_path / "big.bin"
    dest.write_bytes(b"mine")
    with pytest.raises(E.Conflict):
        admin_storage.download_file(bucket, "d/big.bin", dest)
    assert dest.read_bytes() == b"mine"
    dest.unlink()
    # a broken earlier download: the first MiB is there, with the ETag marker
    st = admin_storage.stat(bucket, "d/big.bin")
    (tmp_path / "big.bin.part").write_bytes(payload[: 1024 * 1024])
    (tmp_path / "big.bin.part.etag").write_text(st.etag)
    seen: list[int] = []
    admin_storage.download_file(bucket, "d/big.bin", dest, progress=lambda d, t: seen.append(d))
    assert seen[0] == 1024 * 1024  # resumed, not restarted
    assert dest.read_bytes() == payload
    assert not (tmp_path / "big.bin.part").exists()


def _partial(tmp_path: Path, name: str, data: bytes, etag: str) -> tuple[Path, Path]:
    """What a broken earlier download leaves: ``name.part`` with ``data`` and its ETag marker."""
    part, marker = tmp_path / f"{name}.part", tmp_path / f"{name}.part.etag"
    part.write_bytes(data)
    marker.write_text(etag)
    return part, marker


def test_resume_of_an_object_that_changed_starts_over(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """The ranged GET of a resume is conditional on the marker's ETag: a replaced object is fetched whole."""
    before, after = os.urandom(2 * 1024 * 1024), os.urandom(3 * 1024 * 1024)
    old_etag = admin_storage.upload_bytes(bucket, "d/changing.bin", before).etag
    admin_storage.upload_bytes(bucket, "d/changing.bin", after)
    part, marker = _partial(tmp_path, "changing.bin", before[: 1024 * 1024], old_etag)
    seen: list[int] = []
    dest = tmp_path / "changing.bin"
    st = admin_storage.download_file(bucket, "d/changing.bin", dest, progress=lambda d, t: seen.append(d))
    assert seen[0] == 0  # started over
    assert dest.read_bytes() == after
    assert st.size == len(after) and st.etag == hashlib.md5(after).hexdigest()
    assert not part.exists() and not marker.exists()


def test_a_corrupt_partial_download_fails_verification_and_keeps_nothing(
    admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    """The bytes are hashed while they stream (the resumed part included) and checked against the ETag."""
    payload = os.urandom(3 * 1024 * 1024 + 17)
    etag = admin_storage.upload_bytes(bucket, "d/v.bin", payload).etag
    part, marker = _partial(tmp_path, "v.bin", b"\0" * (1024 * 1024), etag)  # right size, wrong bytes
    dest = tmp_path / "v.bin"
    with pytest.raises(E.StorageError, match="Verification failed for v.bin"):
        admin_storage.download_file(bucket, "d/v.bin", dest)
    assert not dest.exists() and not part.exists() and not marker.exists()
    admin_storage.download_file(bucket, "d/v.bin", dest)  # and the next attempt starts clean
    assert dest.read_bytes() == payload


def test_download_takes_the_stat_from_the_get(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """Size, ETag, type and metadata come from the GET's headers (no HEAD first), zero bytes included.
    obstore's GET (these keys are exact) answers no checksum (CRC32 or SHA-256): a small object is checked by its MD5."""
    for key, data in (("m/Ü x+y%.txt", b"hello"), ("m/empty", b"")):
        admin_storage.upload_bytes(bucket, key, data, "text/x-note", metadata={"original-filename": "Ü.txt"})
        st = admin_storage.download_file(bucket, key, tmp_path / key)
        assert (tmp_path / key).read_bytes() == data
        assert st == dataclasses.replace(admin_storage.stat(bucket, key), checksum="", sha256="")
        assert st.metadata == {"original-filename": "Ü.txt"} and st.content_type == "text/x-note"
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["empty", "Ü x+y%.txt"]  # no markers left


def test_http_date_reads_what_minio_py_reads_and_refuses_quietly() -> None:
    """The positional reader agrees with minio-py's ``from_http_header`` on IMF-fixdate (every month,
    one-digit days, the ends of a day); other forms go to it; what it refuses is None."""
    for month in range(1, 13):
        for day, clock in ((1, (0, 0, 0)), (9, (9, 5, 7)), (28, (23, 59, 59))):
            when = datetime(2026, month, day, *clock, tzinfo=UTC)
            text = minio.time.to_http_header(when)
            assert http_date(text) == minio.time.from_http_header(text) == when
    for bad in ("", "yesterday", "Wed, 32 Dec 2026 21:28:36 GMT", "Wed, 02 Dek 2026 21:28:36 GMT",
                "Wed, 02 Dec 2026 25:28:36 GMT", "Wednesday, 02-Dec-26 21:28:36 GMT", "Wed, 02 Dec 2026 21:28:36 UTC"):
        assert http_date(bad) is None, bad


# -- downloads in ranges ------------------------------------------------------------------------------

RANGE = MIN_PART_SIZE  # the smallest range: several of them from a small object


@pytest.mark.parametrize(("endpoint", "local"), [
    ("127.0.0.1:9000", True), ("127.8.0.3:9000", True), ("localhost:9000", True), ("[::1]:9000", True),
    ("minio.localhost:9000", True), ("10.0.0.5:9000", False), ("files.school.example:9000", False),
    ("[2001:db8::1]:9000", False), ("localhost.school.example:9000", False),
])
def test_a_server_on_this_machine_is_told_by_its_endpoint(endpoint: str, local: bool) -> None:
    assert ConnectionSettings(endpoint, "key", "secret").on_this_machine is local


def _multipart_object(storage: Storage, bucket: str, tmp_path: Path, key: str, size: int) -> bytes:
    """Upload ``size`` random bytes in 5 MiB parts (an ``...-N`` ETag: no MD5 of the whole to check)."""
    data = os.urandom(size)
    src = tmp_path / "src" / key.replace("/", "_")
    src.parent.mkdir(exist_ok=True)
    src.write_bytes(data)
    res = storage.upload_multipart(bucket, key, src, part_size=RANGE)
    assert res.etag.endswith(f"-{-(-size // RANGE)}")
    return data


def _cancelled_in_ranges(storage: Storage, bucket: str, key: str, dest: Path, size: int) -> None:
    """A download in ranges (two at a time) cancelled past two ranges' worth: one range at least is complete."""
    token = CancelToken()

    def progress(done: int, _total: int) -> None:
        if done > 2 * RANGE:
            token.cancel()

    with pytest.raises(E.Cancelled):
        storage.download_file(bucket, key, dest, parallel=2, part_size=RANGE, progress=progress, cancel=token)
    assert not dest.exists()
    assert dest.with_name(dest.name + ".part").stat().st_size == size  # written at offsets


def test_a_multipart_object_downloads_in_parallel_ranges(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    data = _multipart_object(admin_storage, bucket, tmp_path, "r/big.bin", 4 * RANGE + 123)
    dest = tmp_path / "dl" / "big.bin"
    seen: list[tuple[int, int]] = []
    threads: set[str] = set()

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        threads.add(threading.current_thread().name)

    st = admin_storage.download_file(bucket, "r/big.bin", dest, parallel=3, part_size=RANGE, progress=progress)
    assert dest.read_bytes() == data
    assert st == admin_storage.stat(bucket, "r/big.bin") and st.size == len(data)
    done = [d for d, _t in seen]
    assert done == sorted(done) and done[-1] == len(data) and {t for _d, t in seen} == {len(data)}
    assert len({name for name in threads if name.startswith("range")}) == 3  # three ranges in flight
    assert not any(t.name.startswith("range") and t.is_alive() for t in threading.enumerate())
    assert [p.name for p in dest.parent.iterdir()] == ["big.bin"]  # no .part, no marker left
    with pytest.raises(E.Conflict) as info:  # an existing target is refused before any request
        admin_storage.download_file(bucket, "r/big.bin", dest, parallel=3, part_size=RANGE)
    assert info.value.code == DESTINATION_EXISTS and dest.read_bytes() == data


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fallocate(2) is Linux's")
def test_a_download_in_ranges_reserves_the_whole_file_before_the_first_range(
    admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    size = 4 * RANGE + 123
    probe = tmp_path / "probe"
    with open(probe, "wb") as fh:
        reserve = localfiles.libc_fallocate()
        if reserve is None or reserve(fh.fileno(), 0, 0, 4096) != 0:
            pytest.skip("the file system of the temporary folder cannot reserve space (fallocate)")
    _multipart_object(admin_storage, bucket, tmp_path, "r/alloc.bin", size)
    dest = tmp_path / "dl" / "alloc.bin"
    _cancelled_in_ranges(admin_storage, bucket, "r/alloc.bin", dest, size)
    # Two or three ranges were written when it was cancelled; the blocks of all were reserved at once.
    assert dest.with_name("alloc.bin.part").stat().st_blocks * 512 >= size


@contextlib.contextmanager
def _file_size_limit(limit: int) -> Iterator[None]:
    """Files of this process cannot grow past ``limit`` (``EFBIG``, as on FAT32 past 4 GiB)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # the error, not the signal that kills
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_a_download_in_ranges_too_big_for_the_file_system_fails_before_fetching(
    admin_storage: Storage, bucket: str, tmp_path: Path,
) -> None:
    _multipart_object(admin_storage, bucket, tmp_path, "r/huge.bin", 4 * RANGE)
    dest = tmp_path / "dl" / "huge.bin"
    dest.parent.mkdir()
    seen: list[int] = []
    with _file_size_limit(RANGE), pytest.raises(E.LocalFileError) as info:
        admin_storage.download_file(bucket, "r/huge.bin", dest, parallel=2, part_size=RANGE,
                                    progress=lambda done, _total: seen.append(done))
    assert info.value.message == (f"huge.bin (20.0 MiB) is too large for the file system of {dest.parent}; "
                                  "nothing was downloaded.")
    assert seen == [] and list(dest.parent.iterdir()) == []  # no byte fetched, no .part, no marker


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs (mounting needs root; skipped where it is not allowed)."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fallocate(2) is Linux's")
def test_a_download_in_ranges_that_does_not_fit_on_the_disk_fails_before_fetching(
    admin_storage: Storage, bucket: str, tmp_path: Path, small_disk: Path,
) -> None:
    _multipart_object(admin_storage, bucket, tmp_path, "r/roomy.bin", 2 * RANGE)
    dest = small_disk / "roomy.bin"
    with pytest.raises(E.LocalFileError) as info:
        admin_storage.download_file(bucket, "r/roomy.bin", dest, parallel=2, part_size=RANGE)
    assert info.value.message == (f"Not enough space in {small_disk} for roomy.bin (10.0 MiB); "
                                  "nothing was downloaded.")
    assert list(small_disk.iterdir()) == []


@pytest.mark.parametrize("parallel", [1, 3])
def test_a_cancelled_download_in_ranges_resumes_with_the_missing_ranges_only(
    admin_storage: Storage, bucket: str, tmp_path: Path, parallel: int,
) -> None:
    """The marker lists the ranges complete; the resume (in ranges, whatever ``parallel`` is now)
    fetches only the others, conditional on the ETag."""
    size = 4 * RANGE + 123
    data = _multipart_object(admin_storage, bucket, tmp_path, "r/c.bin", size)
    etag = admin_storage.stat(bucket, "r/c.bin").etag
    dest = tmp_path / "c.bin"
    _cancelled_in_ranges(admin_storage, bucket, "r/c.bin", dest, size)
    marker = tmp_path / "c.bin.part.etag"
    first, second = marker.read_text().splitlines()
    assert first == etag and second.startswith(f"ranges {size} {RANGE} ") and not second.endswith(" -")
    seen: list[int] = []
    admin_storage.download_file(bucket, "r/c.bin", dest, parallel=parallel, part_size=RANGE,
                                progress=lambda d, t: seen.append(d))
    assert seen[0] >= RANGE  # at least one range was kept ...
    assert seen[-1] - seen[0] <= size - RANGE  # ... and not fetched again
    assert seen == sorted(seen) and seen[-1] == size
    assert dest.read_bytes() == data
    assert not marker.exists() and not (tmp_path / "c.bin.part").exists()


def test_an_object_replaced_before_the_resume_starts_over(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """Same size, other bytes: the ranged GETs' ``If-Match`` fails and the download starts over."""
    size = 4 * RANGE + 123
    _multipart_object(admin_storage, bucket, tmp_path, "r/x.bin", size)
    dest = tmp_path / "x.bin"
    _cancelled_in_ranges(admin_storage, bucket, "r/x.bin", dest, size)
    after = _multipart_object(admin_storage, bucket, tmp_path, "r/x.bin", size)
    seen: list[int] = []
    st = admin_storage.download_file(bucket, "r/x.bin", dest, parallel=3, part_size=RANGE,
                                     progress=lambda d, t: seen.append(d))
    assert seen[0] == 0 and seen == sorted(seen)  # started over (nothing reported by the failed resume)
    assert dest.read_bytes() == after and st.etag == admin_storage.stat(bucket, "r/x.bin").etag
    assert sorted(p.name for p in tmp_path.iterdir()) == ["src", "x.bin"]


def test_an_error_in_one_range_stops_the_others(
    admin_storage: Storage, bucket: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The object disappears mid-download: a range fails, the others stop and no range is asked for
    after that; the caller gets the typed error (no Cancelled, no thread left running, no target)."""
    _multipart_object(admin_storage, bucket, tmp_path, "r/gone.bin", 7 * RANGE + 123)  # 8 ranges
    deleted = threading.Event()
    gets: list[int] = []
    real_get = admin_storage.client.get_object

    def counting_get(*args: Any, **kw: Any) -> Any:
        gets.append(int(kw.get("offset") or 0))
        return real_get(*args, **kw)

    def progress(done: int, _total: int) -> None:
        if done >= RANGE // 2 and not deleted.is_set():
            deleted.set()
            admin_storage.delete(bucket, "r/gone.bin")

    monkeypatch.setattr(admin_storage.client, "get_object", counting_get)
    dest = tmp_path / "gone.bin"
    with pytest.raises(E.StorageError) as info:
        admin_storage.download_file(bucket, "r/gone.bin", dest, parallel=2, part_size=RANGE, progress=progress)
    assert isinstance(info.value, E.NoSuchKey), info.value
    assert "Traceback" not in info.value.message and "r/gone.bin" in info.value.message
    assert len(gets) <= 5, gets  # the two in flight, the one that failed, one more raced at most; not all 8
    assert not dest.exists()
    assert not any(t.name.startswith("range") and t.is_alive() for t in threading.enumerate())


def test_plain_md5_objects_stay_one_verified_stream(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A single-PUT object (its ETag is its MD5) is never fetched in ranges: it is hashed as it streams,
    a resumed ``.part`` included, so a corrupt ``.part`` still fails verification."""
    payload = os.urandom(4 * RANGE + 123)
    etag = admin_storage.upload_bytes(bucket, "r/md5.bin", payload).etag
    part, marker = _partial(tmp_path, "md5.bin", b"\0" * RANGE, etag)  # right size, wrong bytes
    dest = tmp_path / "md5.bin"
    with pytest.raises(E.StorageError, match="Verification failed for md5.bin"):
        admin_storage.download_file(bucket, "r/md5.bin", dest, parallel=4, part_size=RANGE)
    assert not dest.exists() and not part.exists() and not marker.exists()
    threads: set[str] = set()
    admin_storage.download_file(bucket, "r/md5.bin", dest, parallel=4, part_size=RANGE,
                                progress=lambda d, t: threads.add(threading.current_thread().name))
    assert dest.read_bytes() == payload and threads == {threading.current_thread().name}


def test_an_old_one_line_marker_resumes_as_one_stream(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """Markers written before downloads in ranges (the ETag alone) resume from the ``.part``'s size."""
    data = _multipart_object(admin_storage, bucket, tmp_path, "r/old.bin", 3 * RANGE + 5)
    etag = admin_storage.stat(bucket, "r/old.bin").etag
    _partial(tmp_path, "old.bin", data[: RANGE + 7], etag)
    seen: list[int] = []
    threads: set[str] = set()

    def progress(done: int, _total: int) -> None:
        seen.append(done)
        threads.add(threading.current_thread().name)

    admin_storage.download_file(bucket, "r/old.bin", tmp_path / "old.bin", parallel=4, part_size=RANGE,
                                progress=progress)
    assert seen[0] == RANGE + 7 and threads == {threading.current_thread().name}
    assert (tmp_path / "old.bin").read_bytes() == data


def test_uploads_report_the_etag_of_the_bytes_sent(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """``local_etag`` is computed from the bytes while in memory: MD5, or md5(part md5s)-N."""
    part = 5 * 1024 * 1024
    src = tmp_path / "m.bin"
    src.write_bytes(os.urandom(2 * part + 123))
    data = src.read_bytes()
    digests = b"".join(hashlib.md5(data[i : i + part]).digest() for i in range(0, len(data), part))
    expected = f"{hashlib.md5(digests).hexdigest()}-3"
    res = admin_storage.upload_file(bucket, "u/m.bin", src, multipart_threshold=part, part_size=part)
    assert res.local_etag == expected == res.etag == admin_storage.stat(bucket, "u/m.bin").etag


def test_a_put_is_checked_by_its_crc32_and_by_its_md5_until_the_server_answers_the_crc32(
    s3_server: S3Server, bucket: str, tmp_path: Path,
) -> None:
    """A PUT carries its CRC32 (x-amz-checksum-crc32), and its MD5 (Content-MD5) until the server
    has answered the checksum once; after that no MD5 is computed and the answered CRC32 is the
    check. The server refuses a body that differs from its CRC32; a result with no check that
    matched is not verified."""
    storage = Storage(s3_server.settings())  # a fresh connection: no answer seen yet
    src = tmp_path / "s.bin"
    src.write_bytes(os.urandom(70_000))
    data = src.read_bytes()
    crc = crc32_header(zlib.crc32(data))
    # keys obstore cannot carry exactly ("//") take this path (the others: test_put_single.py)
    first = storage.upload_file(bucket, "u//1.bin", src)
    assert first.local_etag == hashlib.md5(data).hexdigest() == first.etag
    assert first.checksum == first.local_checksum == crc and first.verified
    second = storage.upload_file(bucket, "u//2.bin", src)
    assert second.local_etag == "" and second.etag == first.etag
    assert second.checksum == second.local_checksum == crc and second.verified
    assert not dataclasses.replace(second, checksum="AAAAAA==").verified
    assert not dataclasses.replace(second, checksum="").verified  # nothing compared: not verified
    assert dataclasses.replace(second, etag="").verified  # a matching checksum is proof on its own
    assert dataclasses.replace(first, etag="0" * 32).verified  # ... also where the ETag is no MD5 (SSE-KMS)
    assert dataclasses.replace(second, checksum="AAAAAA==").disproved
    unknown = dataclasses.replace(first, checksum="", etag="0" * 32, encrypted=True)  # no MD5, no checksum
    assert not unknown.verified and not unknown.disproved
    assert dataclasses.replace(unknown, encrypted=False).disproved
    assert not dataclasses.replace(unknown, encrypted=False, etag="0" * 32 + "-2").disproved  # a multipart ETag
    with pytest.raises(E.StorageError) as refused:
        storage.signed.request("PUT", bucket, "u/bad.bin", body=data,
                               headers={"x-amz-checksum-crc32": crc32_header(zlib.crc32(b"other"))})
    assert refused.value.code == "BadDigest"
    assert not storage.exists(bucket, "u/bad.bin")
    assert storage.read_range(bucket, "u//2.bin") == data


@pytest.mark.parametrize("checksum", [CHECKSUM_CRC32, ""], ids=["crc32", "content-md5"])
def test_multipart_parts_are_checked_by_the_server(admin_storage: Storage, bucket: str, tmp_path: Path,
                                                   checksum: str) -> None:
    """Parts carry their CRC32 (or, for an upload begun without checksums, their MD5); the server
    refuses a part whose bytes differ (BadDigest), and answers the composite checksum of the parts,
    which the result holds beside the one of the bytes sent."""
    part = 5 * 1024 * 1024
    src = tmp_path / "m.bin"
    src.write_bytes(os.urandom(2 * part + 7))
    data = src.read_bytes()
    res = admin_storage.upload_file(bucket, "u/m.bin", src, multipart_threshold=part, part_size=part,
                                    checksum=checksum)
    crcs = [zlib.crc32(data[i : i + part]) for i in range(0, len(data), part)]
    assert res.verified and res.etag == res.local_etag == admin_storage.stat(bucket, "u/m.bin").etag
    assert (res.checksum, res.local_checksum) == ((composite_crc32_of(crcs),) * 2 if checksum else ("", ""))
    assert admin_storage.read_range(bucket, "u/m.bin") == data
    assert dataclasses.replace(res, checksum="AAAAAA==-3").verified != bool(checksum)

    upload_id = admin_storage.create_multipart(bucket, "u/bad.bin", "application/octet-stream", checksum=checksum)
    body = data[:part]
    with pytest.raises(E.StorageError) as info:
        admin_storage.upload_part(bucket, "u/bad.bin", upload_id, 1, body,
                                  md5=None if checksum else hashlib.md5(b"other").digest(),
                                  crc32=zlib.crc32(b"other") if checksum else None)
    assert info.value.code == "BadDigest"  # SeaweedFS says Content-Md5 for a CRC32 too
    assert info.value.message == (f"The server refused the request on s3://{bucket}/u/bad.bin: "
                                  "The Content-Md5 you specified did not match what we received.")
    admin_storage.abort_multipart(bucket, "u/bad.bin", upload_id)


@pytest.mark.parametrize("multipart", [False, True], ids=["put", "multipart"])
def test_if_absent_never_replaces(admin_storage: Storage, bucket: str, tmp_path: Path, multipart: bool) -> None:
    """``If-None-Match: *`` (which SeaweedFS honours): an existing object is refused by the server."""
    admin_storage.upload_bytes(bucket, "c/x.bin", b"theirs")
    src = tmp_path / "x.bin"
    src.write_bytes(os.urandom(6 * 1024 * 1024))
    threshold = 5 * 1024 * 1024 if multipart else 16 * 1024 * 1024
    with pytest.raises(E.Conflict) as info:
        admin_storage.upload_file(bucket, "c/x.bin", src, if_absent=True, multipart_threshold=threshold,
                                  part_size=5 * 1024 * 1024)
    assert info.value.code == "PreconditionFailed" and "already exists" in info.value.message
    assert admin_storage.read_range(bucket, "c/x.bin") == b"theirs"
    assert admin_storage.list_multipart_uploads(bucket) == []
    res = admin_storage.upload_file(bucket, "c/new.bin", src, if_absent=True, multipart_threshold=threshold,
                                    part_size=5 * 1024 * 1024)
    assert res.verified



def test_cancelled_multipart_leaves_nothing(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "c.bin"
    src.write_bytes(os.urandom(12 * 1024 * 1024))
    token = CancelToken()

    def progress(done: int, total: int) -> None:
        if done >= 5 * 1024 * 1024:
            token.cancel()

    with pytest.raises(E.Cancelled):
        admin_storage.upload_file(bucket, "c/c.bin", src, multipart_threshold=1, part_size=5 * 1024 * 1024,
                                  parallel=1, progress=progress, cancel=token)
    assert not admin_storage.exists(bucket, "c/c.bin")
    assert admin_storage.list_multipart_uploads(bucket) == []


def test_file_vanishing_mid_upload_fails_clearly(admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    src = tmp_path / "v.bin"
    src.write_bytes(os.urandom(11 * 1024 * 1024))

    def progress(done: int, total: int) -> None:
        if done and src.exists():
            src.unlink()

    with pytest.raises(E.LocalFileError) as info:
        admin_storage.upload_file(bucket, "v/v.bin", src, multipart_threshold=1, part_size=5 * 1024 * 1024,
                                  parallel=1, progress=progress)
    assert info.value.message == "Cannot read v.bin: No such file or directory."  # opening the next part
    assert not admin_storage.exists(bucket, "v/v.bin")
    assert admin_storage.list_multipart_uploads(bucket) == []


def test_plan_parts_respects_limits() -> None:
    assert plan_parts(0) == [(1, 0, 0)]
    parts = plan_parts(5 * 1024**4, 5 * 1024 * 1024)  # 5 TiB: part size grows to stay <= 10,000 parts
    assert len(parts) <= 10_000
    assert sum(p[2] for p in parts) == 5 * 1024**4


# -- policies --------------------------------------------------------------------------------------------


def test_bucket_policy_get_set_delete(admin_storage: Storage, bucket: str) -> None:
    assert admin_storage.get_bucket_policy(bucket) is None
    policy = (
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*",'
        f'"Action":["s3:GetObject"],"Resource":["arn:aws:s3:::{bucket}/pub/*"]}}]}}'
    )
    admin_storage.set_bucket_policy(bucket, policy)
    assert "s3:GetObject" in (admin_storage.get_bucket_policy(bucket) or "")
    admin_storage.upload_bytes(bucket, "pub/x.txt", b"public")
    admin_storage.upload_bytes(bucket, "priv/x.txt", b"private")
    assert _anon_get(admin_storage, bucket, "pub/x.txt") == 200
    assert _anon_get(admin_storage, bucket, "priv/x.txt") == 403
    admin_storage.delete_bucket_policy(bucket)
    assert admin_storage.get_bucket_policy(bucket) is None
    admin_storage.delete_bucket_policy(bucket)  # idempotent


def _anon_get(storage: Storage, bucket: str, key: str) -> int:
    try:
        with urllib.request.urlopen(storage.public_url(bucket, key), timeout=10) as resp:
            return int(resp.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


# -- typed errors ----------------------------------------------------------------------------------------


def test_error_connection_refused() -> None:
    st = _settings(f"127.0.0.1:{_free_port()}")
    with pytest.raises(E.ConnectionRefused, match="connection refused"):
        st.list_buckets()


def test_error_dns() -> None:
    st = _settings("no-such-host.invalid:9000")
    with pytest.raises(E.DnsError, match="could not be resolved"):
        st.list_buckets()


def test_error_timeout() -> None:
    with peers.tcp_peer(peers.silent) as port:
        st = _settings(f"127.0.0.1:{port}", read_timeout=0.5)
        with pytest.raises(E.TimeoutFailure, match="did not answer in time"):
            st.list_buckets()


def test_error_other_protocol() -> None:
    with peers.tcp_peer(peers.other_protocol) as port:
        with pytest.raises(E.StorageError) as info:
            _settings(f"127.0.0.1:{port}").list_buckets()
        assert type(info.value) is E.ProtocolFailure  # not "dropped, try again": it never spoke HTTP
        assert info.value.message == (f"The server at 127.0.0.1:{port} did not answer like an S3 server (it does "
                                      "not speak HTTP). Check the endpoint and the port.")


def test_error_web_server_that_is_not_s3() -> None:
    with peers.tcp_peer(peers.html_server) as port, pytest.raises(E.ProtocolFailure, match="S3 server"):
        _settings(f"127.0.0.1:{port}").list_buckets()


def test_error_server_5xx() -> None:
    with peers.tcp_peer(peers.failing_s3) as port, pytest.raises(E.ServerFailure) as info:
        _settings(f"127.0.0.1:{port}").list_buckets()
    assert info.value.message == f"The server at 127.0.0.1:{port} reported an error (InternalError). Try again later."


def test_error_tls_to_plain_http_port(s3_server: S3Server) -> None:
    st = s3_server.storage(secure=True, retries=0)
    with pytest.raises(E.TlsFailure, match="does not speak TLS"):
        st.list_buckets()


def test_error_plain_http_to_tls_port(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, _ca = tls_s3_server
    st = server.storage(secure=False, retries=0)
    with pytest.raises(E.TlsFailure, match="expects HTTPS"):
        st.list_buckets()


def test_error_tls_unverified_then_with_ca(tls_s3_server: tuple[S3Server, Path]) -> None:
    server, ca = tls_s3_server
    with pytest.raises(E.TlsFailure, match="could not be verified"):
        server.storage(secure=True, retries=0).list_buckets()
    assert isinstance(server.storage(secure=True, ca_file=str(ca)).list_buckets(), list)



def test_uploads_and_downloads_over_tls(tls_s3_server: tuple[S3Server, Path], tmp_path: Path) -> None:
    """Over HTTPS minio-py sends no payload hash at all: the checksums of a PUT and of each part are ours."""
    server, ca = tls_s3_server
    storage = server.storage(secure=True, ca_file=str(ca))
    bucket = f"tls-{os.urandom(4).hex()}"
    storage.make_bucket(bucket)
    src = tmp_path / "m.bin"
    src.write_bytes(os.urandom(11 * 1024 * 1024))
    for key, threshold in (("single.bin", 16 * 1024 * 1024), ("multi.bin", 5 * 1024 * 1024)):
        res = storage.upload_file(bucket, key, src, multipart_threshold=threshold, part_size=5 * 1024 * 1024,
                                  if_absent=True)
        assert res.verified and res.checksum == res.local_checksum != ""
        storage.download_file(bucket, key, tmp_path / key)
        assert (tmp_path / key).read_bytes() == src.read_bytes()

def test_error_unknown_access_key(s3_server: S3Server) -> None:
    st = _settings(s3_server.endpoint, access_key="NOSUCHKEY")
    with pytest.raises(E.UnknownAccessKey, match="NOSUCHKEY"):
        st.list_buckets()


def test_error_wrong_secret(s3_server: S3Server) -> None:
    st = _settings(s3_server.endpoint, access_key=s3_server.admin.access_key, secret_key="wrong")
    with pytest.raises(E.WrongSecret, match="secret key"):
        st.list_buckets()


def test_error_access_denied_read_only(
    support_storage: Storage, admin_storage: Storage, bucket: str
) -> None:
    admin_storage.upload_bytes(bucket, "ro/readable.txt", b"r")
    assert support_storage.read_range(bucket, "ro/readable.txt") == b"r"
    with pytest.raises(E.AccessDenied, match="Access denied"):
        support_storage.upload_bytes(bucket, "ro/new.txt", b"nope")
    assert not admin_storage.exists(bucket, "ro/new.txt")


def test_error_no_such_bucket_and_key(admin_storage: Storage, bucket: str) -> None:
    with pytest.raises(E.NoSuchBucket, match="does not exist"):
        list(admin_storage.list_level("no-such-bucket-here-" + bucket[-6:], ""))
    with pytest.raises(E.NoSuchKey):
        admin_storage.stat(bucket, "missing.txt")
    with pytest.raises(E.NoSuchKey):
        admin_storage.read_range(bucket, "missing.txt")


def test_error_clock_skew(s3_server: S3Server, monkeypatch: pytest.MonkeyPatch) -> None:
    # The client's clock is moved one hour ahead; the server's skew check is real.
    real = minio.time.utcnow
    monkeypatch.setattr(minio.time, "utcnow", lambda: real() + timedelta(hours=1))
    with pytest.raises(E.ClockSkew, match="clock"):
        s3_server.storage().list_buckets()


def test_storage_is_shareable_between_threads(admin_storage: Storage, bucket: str) -> None:
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            admin_storage.upload_bytes(bucket, f"th/{i}.txt", str(i).encode())
            assert admin_storage.read_range(bucket, f"th/{i}.txt") == str(i).encode()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_wrong_secret_on_head_requests_is_named(s3_server: S3Server, bucket: str) -> None:
    """HEAD answers carry no error body; the storage layer still names the wrong secret."""
    st = _settings(s3_server.endpoint, access_key=s3_server.admin.access_key, secret_key="wrong")
    with pytest.raises(E.WrongSecret):
        st.bucket_exists(bucket)
    with pytest.raises(E.WrongSecret):
        st.stat(bucket, "any.txt")


def test_zero_byte_object_reads_as_empty(admin_storage: Storage, bucket: str) -> None:
    admin_storage.upload_bytes(bucket, "z/empty.txt", b"")
    assert admin_storage.read_range(bucket, "z/empty.txt") == b""
    assert admin_storage.read_capped(bucket, "z/empty.txt", 1024) == (b"", False)
