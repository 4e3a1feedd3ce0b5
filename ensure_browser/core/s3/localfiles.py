"""Local files of the data path: reading parts of a file to upload, writing a download's ``.part``
(unbuffered, preallocated), its ``.part.etag`` resume marker, hashing, and readable errors."""

from __future__ import annotations

import errno
import functools
import hashlib
import logging
import os
import stat
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, cast

from ensure_browser.core.cancel import NEVER, CancelToken
from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.texts import QT_TR_NOOP, Text

log = logging.getLogger(__name__)

_HASH_CHUNK = 1024 * 1024  # what hashing a local file reads at a time


def lstat_or_none(path: Path) -> os.stat_result | None:
    """One ``lstat``: what is at ``path`` (a dangling link included), or None when nothing is."""
    try:
        return os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None


def lexists(path: Path) -> bool:
    try:
        return lstat_or_none(path) is not None
    except OSError:
        return True  # something is there, even if it cannot be looked at


def read_part(path: Path, offset: int, length: int) -> bytes:
    """``length`` bytes of ``path`` from ``offset``; fewer means the file changed (LocalFileError).

    Unbuffered: a small file costs open, fstat, read and close, where a buffered ``open`` adds an
    ioctl, an lseek and a read to find the end. Each system call lets go of the GIL, and with several
    transfer threads getting it back costs more than the call itself.
    """
    chunks: list[bytes] = []
    got = 0
    try:
        with open(path, "rb", buffering=0) as fh:
            if offset:
                fh.seek(offset)
            while got < length:
                chunk = fh.read(length - got)
                if not chunk:
                    break
                chunks.append(chunk)
                got += len(chunk)
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), path.name, exc.strerror), str(exc)) from exc
    if got != length:
        raise LocalFileError(Text(QT_TR_NOOP("{0} changed during the upload; upload it again."), path.name))
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)  # b"" for an empty file


# How the partial files of a download are opened (see open_for_writing): never through a symbolic
# link (a ``.part`` planted as a link to another file would have that file overwritten), and a new
# file ("wb") created exclusively, so that nothing put there meanwhile is written through.
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # for a link put there after the lstat; Windows: the lstat only
_OPEN_FLAGS = {
    "wb": os.O_WRONLY | os.O_CREAT | os.O_EXCL,
    "ab": os.O_WRONLY | os.O_CREAT | os.O_APPEND,
    "r+b": os.O_RDWR,
}


def linked_file(path: Path) -> LocalFileError:
    """The error for a partial file found as a symbolic or hard link (or other non-file): it is
    refused, its target never written."""
    return LocalFileError(
        Text(QT_TR_NOOP("{0} in {1} is a link or not a regular file, so the download will not write to it (its "
                        "target is left untouched). Remove {2} and download again."),
             path.name, path.parent, path.name),
        f"refused to open {path}: a link or not a regular file")


def refuse_links(*paths: Path) -> list[bool]:
    """Raise :func:`linked_file` for the first of ``paths`` that is a symbolic link, a hard link (a
    file with another name too) or another non-regular file (a folder, a FIFO ...); nothing there or
    a regular file of one name passes. Returns, for each path, whether a (regular) file was there."""
    there: list[bool] = []
    for path in paths:
        try:
            st = lstat_or_none(path)
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), path, exc.strerror), str(exc)) from exc
        if st is not None and (not stat.S_ISREG(st.st_mode) or st.st_nlink > 1):
            raise linked_file(path)  # a hard link too: writing it would change the file's other name
        there.append(st is not None)
    return there


def _open_no_link(path: Path, mode: str) -> BinaryIO:
    flags = _OPEN_FLAGS[mode] | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    if mode == "wb":
        # Created exclusively, which follows no link and waits for no FIFO, and makes a new regular
        # file: where nothing is there (nearly always) that is the only system call (each one lets go
        # of the GIL, see read_part). Something there: a regular file goes first and the creation is
        # tried once more; anything else is refused below, untouched.
        try:
            fd = os.open(path, flags, 0o666)
        except FileExistsError:
            pass
        else:
            return _file(fd, mode)
    if refuse_links(path)[0] and mode == "wb":  # (also a FIFO, whose open would wait for a reader)
        path.unlink(missing_ok=True)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as exc:
        if exc.errno == errno.ELOOP or (exc.errno == errno.EEXIST and lexists(path)):
            raise linked_file(path) from exc  # a link put there (or a file, for "wb") since the check
        raise
    try:
        st = os.fstat(fd)
        # a hard link made since the check (a file this open created has one name: not asked there)
        if not stat.S_ISREG(st.st_mode) or (mode != "wb" and st.st_nlink > 1):
            raise linked_file(path)
    except BaseException:
        os.close(fd)
        raise
    return _file(fd, mode)


def _file(fd: int, mode: str) -> BinaryIO:
    try:
        return cast(BinaryIO, os.fdopen(fd, mode, buffering=0))  # the caller closes it
    except BaseException:
        os.close(fd)
        raise


def open_for_writing(path: Path, mode: str) -> BinaryIO:
    """A partial file of a download (``.part``, the marker's next version) opened unbuffered (see
    :func:`read_part`; write with :func:`write_all`) with ``mode`` "wb" (a new file: one there is
    removed first, then the file is created exclusively), "ab" or "r+b"; the folder is created only
    when it is missing. Never through a symbolic link: one found there raises :func:`linked_file`
    (a :class:`LocalFileError`) and its target is not touched."""
    try:
        return _open_no_link(path, mode)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        return _open_no_link(path, mode)


def write_all(fh: BinaryIO, data: bytes) -> None:
    """An unbuffered write may take fewer bytes than given: write the rest too."""
    view = memoryview(data)
    while view:
        view = view[fh.write(view) or 0 :]


def hash_stream(fh: BinaryIO, hasher: Any, length: int | None = None, cancel: CancelToken = NEVER) -> None:
    """Feed ``hasher`` what ``fh`` reads from where it is: ``length`` bytes, or to the end (None),
    :data:`_HASH_CHUNK` at a time, ``cancel`` checked between reads."""
    left = length
    while left is None or left > 0:
        chunk = fh.read(_HASH_CHUNK if left is None else min(_HASH_CHUNK, left))
        if not chunk:
            return
        cancel.raise_if_cancelled()
        hasher.update(chunk)
        if left is not None:
            left -= len(chunk)


@functools.cache
def libc_fallocate() -> Callable[[int, int, int, int], int] | None:
    """Linux's ``fallocate(2)`` from the C library, or None elsewhere."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # with the first download in ranges, not the storage layer's import (#23)

    try:
        func = ctypes.CDLL(None, use_errno=True).fallocate64
    except (OSError, AttributeError):
        return None
    func.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64]
    func.restype = ctypes.c_int
    return cast(Callable[[int, int, int, int], int], func)


def preallocate(fd: int, size: int) -> None:
    """Reserve the blocks of ``size`` bytes for file ``fd`` at once, where the system can: the file
    of a download in ranges is then allocated in one go rather than as its writers fill the holes
    (four ranges of 1 GiB: 9 % faster on ext4, bench/RESULTS.md), and a full disk shows (``ENOSPC``) before
    the first byte is fetched. Nothing where there is no ``fallocate`` or the file system has none;
    never ``posix_fallocate``, whose fallback writes a byte per block (minutes on a network share)."""
    func = libc_fallocate()
    if func is None or size <= 0 or func(fd, 0, 0, size) == 0:
        return
    import ctypes  # loaded already by libc_fallocate

    err = ctypes.get_errno()
    if err not in (errno.EOPNOTSUPP, errno.ENOSYS, errno.EINVAL):
        raise OSError(err, os.strerror(err))


def write_error(path: Path, exc: OSError) -> LocalFileError:
    return LocalFileError(Text(QT_TR_NOOP("Cannot write to {0}: {1}."), path.parent, exc.strerror), str(exc))


def incomplete_download(key: str, done: int, size: int) -> LocalFileError:
    return LocalFileError(Text(QT_TR_NOOP("The download of {0} is incomplete ({1} of {2} bytes)."), key, done, size))


def partial_files(dest: Path) -> tuple[Path, Path, Path]:
    """What a download to ``dest`` leaves while it is under way: ``dest.part``, its resume marker
    ``dest.part.etag`` and the marker's next version (``.part.etag.tmp``, there only while it is written)."""
    marker = dest.with_name(dest.name + ".part.etag")
    return dest.with_name(dest.name + ".part"), marker, _next_version(marker)


def _next_version(marker: Path) -> Path:
    return marker.with_name(marker.name + ".tmp")


def write_marker(marker: Path, text: str) -> None:
    """Replace the marker atomically: a reader sees the old text or the new one, never a mix."""
    tmp = _next_version(marker)
    with open_for_writing(tmp, "wb") as fh:
        write_all(fh, text.encode("utf-8"))
    os.replace(tmp, marker)


@dataclass(frozen=True)
class PartMarker:
    """A ``.part.etag`` resume marker. First line: the ETag the ``.part`` was begun with; a marker of
    that line alone (all markers before downloads in ranges) is one stream, resumed from the
    ``.part``'s size. A download in ranges adds a second line ``ranges <object size> <range size>
    <complete>``: the ranges are :func:`plan_parts` of that size (numbered from 1), ``complete``
    lists those written whole (``1-5,7``; ``-`` for none), and the ``.part`` has the object's size.
    A one-stream marker may have more lines, ``crc32 <checksum>`` and ``sha256 <checksum>``: the
    object's CRC32 and SHA-256 as its first GET answered them, which a resumed (ranged) GET does not
    repeat."""

    etag: str
    size: int = 0
    range_size: int = 0
    done: frozenset[int] | None = None  # None: one stream
    checksum: str = ""
    sha256: str = ""

    def text(self) -> str:
        if self.done is None:
            sums = "".join(f"{name} {value}\n" for name, value in (("crc32", self.checksum), ("sha256", self.sha256))
                           if value)
            return f"{self.etag}\n{sums}" if sums else self.etag
        spans: list[str] = []
        for number in sorted(self.done):
            if spans and spans[-1].rsplit("-", 1)[-1] == str(number - 1):
                spans[-1] = f"{spans[-1].split('-', 1)[0]}-{number}"
            else:
                spans.append(str(number))
        return f"{self.etag}\nranges {self.size} {self.range_size} {','.join(spans) or '-'}\n"

    @classmethod
    def read(cls, path: Path) -> PartMarker | None:
        """The marker at ``path``; None when there is none or it cannot be read (start over)."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        etag = lines[0].strip() if lines else ""
        if not etag:
            return None
        if len(lines) < 2 or not lines[1].strip():
            return cls(etag)
        words = lines[1].split()
        if len(words) == 2 and words[0] in ("crc32", "sha256"):
            sums = dict(line.split(None, 1) for line in lines[1:] if len(line.split()) == 2)
            return cls(etag, checksum=sums.get("crc32", ""), sha256=sums.get("sha256", ""))
        try:
            if len(words) != 4 or words[0] != "ranges" or int(words[1]) <= 0 or int(words[2]) <= 0:
                raise ValueError(lines[1])
            done: set[int] = set()
            for span in words[3].split(",") if words[3] != "-" else ():
                first, _dash, last = span.partition("-")
                done.update(range(int(first), int(last or first) + 1))
            return cls(etag, int(words[1]), int(words[2]), frozenset(done))
        except ValueError:
            log.info("unreadable download marker %s; starting over", path.name)
            return None


def stat_local(path: Path, missing: str | None = None) -> os.stat_result:
    """``path.stat()`` with a LocalFileError people can read (``missing``: the text when it is gone)."""
    try:
        return path.stat()
    except FileNotFoundError as exc:
        if missing is None:
            raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), path, exc.strerror), str(exc)) from exc
        raise LocalFileError(missing, str(exc)) from exc
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), path.name, exc.strerror), str(exc)) from exc


def check_unchanged(path: Path, size: int, mtime_ns: int) -> None:
    """Fail when a file being uploaded disappeared or changed (size or mtime) since it was planned."""
    now = stat_local(path, Text(QT_TR_NOOP("{0} disappeared during the upload."), path.name))
    if now.st_size != size or now.st_mtime_ns != mtime_ns:
        raise LocalFileError(Text(QT_TR_NOOP("{0} changed during the upload; upload it again."), path.name))


def hash_file(path: Path, hasher: Any, cancel: CancelToken) -> None:
    """Feed ``hasher`` the whole file at ``path`` (see :func:`hash_stream`)."""
    with open(path, "rb") as fh:
        hash_stream(fh, hasher, cancel=cancel)


def md5_of_file(path: Path, cancel: CancelToken) -> str:
    """The hex MD5 of the file at ``path``; LocalFileError when it cannot be read."""
    hasher = hashlib.md5()
    try:
        hash_file(path, hasher, cancel)
    except OSError as exc:
        raise LocalFileError(Text(QT_TR_NOOP("Cannot read {0}: {1}."), path.name, exc.strerror), str(exc)) from exc
    return hasher.hexdigest()
