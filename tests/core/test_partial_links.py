"""A download's partial files (``dest.part``, its ``.part.etag`` marker and the marker's next version
``.part.etag.tmp``) are never written through a symbolic link planted in their place: the download
is refused with a message that names the link, and the link's target is left as it was. Against the
real SeaweedFS server."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ensure_browser.core.errors import LocalFileError
from ensure_browser.core.s3 import localfiles
from ensure_browser.core.s3.download import RESUMABLE_DOWNLOAD
from ensure_browser.core.s3.storage import MIN_PART_SIZE, Storage, partial_files

VICTIM = b"precious, not to be overwritten\n"


def _victim(tmp_path: Path) -> Path:
    victim = tmp_path / "elsewhere" / "victim.txt"
    victim.parent.mkdir()
    victim.write_bytes(VICTIM)
    return victim


@pytest.mark.parametrize(("which", "size"), [
    (0, 1000),  # dest.part, a small object (renamed from .part, no marker)
    (0, RESUMABLE_DOWNLOAD + 1),  # dest.part of a resumable download
    (1, RESUMABLE_DOWNLOAD + 1),  # the marker
    (2, RESUMABLE_DOWNLOAD + 1),  # the marker's next version
])
def test_a_planted_link_among_the_partial_files_is_refused_and_its_target_untouched(
        admin_storage: Storage, bucket: str, tmp_path: Path, which: int, size: int) -> None:
    admin_storage.upload_bytes(bucket, "doc.bin", os.urandom(size))
    dest = tmp_path / "down" / "doc.bin"
    dest.parent.mkdir()
    victim = _victim(tmp_path)
    planted = partial_files(dest)[which]
    planted.symlink_to(victim)
    with pytest.raises(LocalFileError, match=rf"{planted.name} .* is a link .*target is left untouched"):
        admin_storage.download_file(bucket, "doc.bin", dest)
    assert victim.read_bytes() == VICTIM
    assert planted.is_symlink() and os.readlink(planted) == str(victim)  # the link itself is left too
    assert not os.path.lexists(dest)


@pytest.mark.parametrize("mode", ["wb", "ab", "r+b"])
def test_no_mode_of_opening_a_partial_file_goes_through_a_link(tmp_path: Path, mode: str) -> None:
    """Each mode a download opens its partial files in (a fresh file, an append, a range written in
    place) refuses a link: checked before the open and, for one put there in between, by the open
    itself (``O_NOFOLLOW``)."""
    victim = _victim(tmp_path)
    link = tmp_path / "x.part"
    link.symlink_to(victim)
    with pytest.raises(LocalFileError, match="is a link"):
        localfiles.open_for_writing(link, mode)
    assert victim.read_bytes() == VICTIM


def test_a_fresh_part_replaces_a_stale_regular_one_and_a_fifo_is_refused(tmp_path: Path) -> None:
    stale = tmp_path / "a.part"
    stale.write_bytes(b"old bytes of an earlier attempt")
    with localfiles.open_for_writing(stale, "wb") as fh:
        localfiles.write_all(fh, b"new")
    assert stale.read_bytes() == b"new"
    fifo = tmp_path / "b.part"
    os.mkfifo(fifo)
    with pytest.raises(LocalFileError, match="not a regular file"):
        localfiles.open_for_writing(fifo, "ab")  # not blocked waiting for a reader


def test_a_link_at_the_part_of_a_download_to_resume_is_neither_read_nor_written(
        admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A marker (regular) says the ``.part`` is to be resumed, and the ``.part`` is a link: refused before
    the resume reads it (its size, its bytes hashed) or appends to it."""
    data = os.urandom(RESUMABLE_DOWNLOAD + 1)
    etag = admin_storage.upload_bytes(bucket, "doc.bin", data).etag
    dest = tmp_path / "down" / "doc.bin"
    dest.parent.mkdir()
    victim = _victim(tmp_path)
    part, marker, _tmp = partial_files(dest)
    marker.write_text(localfiles.PartMarker(etag).text())
    part.symlink_to(victim)
    with pytest.raises(LocalFileError, match=rf"{part.name} .* is a link"):
        admin_storage.download_file(bucket, "doc.bin", dest)
    assert victim.read_bytes() == VICTIM
    assert part.is_symlink() and not os.path.lexists(dest)


def test_a_link_at_the_markers_next_version_stops_a_resume_in_ranges_untouched(
        admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A download in ranges to resume replaces its marker as ranges complete, through the marker's
    next version: a link planted there is refused by that write, its target untouched."""
    size = 2 * MIN_PART_SIZE + 1
    etag = admin_storage.upload_bytes(bucket, "doc.bin", os.urandom(size)).etag
    dest = tmp_path / "down" / "doc.bin"
    dest.parent.mkdir()
    victim = _victim(tmp_path)
    part, marker, tmp = partial_files(dest)
    part.write_bytes(bytes(size))
    marker.write_text(localfiles.PartMarker(etag, size, MIN_PART_SIZE, frozenset()).text())
    tmp.symlink_to(victim)
    with pytest.raises(LocalFileError, match=rf"{tmp.name} .* is a link"):
        admin_storage.download_file(bucket, "doc.bin", dest, parallel=2, part_size=MIN_PART_SIZE)
    assert victim.read_bytes() == VICTIM
    assert tmp.is_symlink() and os.readlink(tmp) == str(victim)


def test_a_link_at_the_markers_next_version_is_not_followed_by_a_small_download(
        admin_storage: Storage, bucket: str, tmp_path: Path) -> None:
    """A small download writes no marker: a link at its next version is neither followed nor removed."""
    admin_storage.upload_bytes(bucket, "doc.bin", b"small")
    dest = tmp_path / "down" / "doc.bin"
    dest.parent.mkdir()
    victim = _victim(tmp_path)
    tmp = partial_files(dest)[2]
    tmp.symlink_to(victim)
    admin_storage.download_file(bucket, "doc.bin", dest)
    assert dest.read_bytes() == b"small"
    assert victim.read_bytes() == VICTIM and tmp.is_symlink()


@pytest.mark.parametrize("ranged", [False, True])
def test_a_hard_link_at_the_part_of_a_download_to_resume_is_not_written(
        admin_storage: Storage, bucket: str, tmp_path: Path, ranged: bool) -> None:
    """A ``.part`` that is a hard link (the same file under another name, e.g. one of the user's
    files) is a regular file to ``lstat``: a resume that appended to it (one stream) or wrote ranges
    into it would change that other file. Refused before it is read, and by the open itself."""
    size = 2 * MIN_PART_SIZE + 1 if ranged else RESUMABLE_DOWNLOAD + 1
    etag = admin_storage.upload_bytes(bucket, "doc.bin", os.urandom(size)).etag
    dest = tmp_path / "down" / "doc.bin"
    dest.parent.mkdir()
    victim = _victim(tmp_path)
    precious = bytes(size) if ranged else VICTIM
    victim.write_bytes(precious)
    part, marker, _tmp = partial_files(dest)
    os.link(victim, part)
    layout = localfiles.PartMarker(etag, size, MIN_PART_SIZE, frozenset()) if ranged else localfiles.PartMarker(etag)
    marker.write_text(layout.text())
    with pytest.raises(LocalFileError, match=rf"{part.name} .* is a link"):
        admin_storage.download_file(bucket, "doc.bin", dest, parallel=2, part_size=MIN_PART_SIZE)
    assert victim.read_bytes() == precious and not os.path.lexists(dest)
    for mode in ("ab", "r+b", "wb"):  # and the open, should one be made between the check and it
        with pytest.raises(LocalFileError, match="is a link"):
            localfiles.open_for_writing(part, mode)
    assert victim.read_bytes() == precious and os.stat(part).st_nlink == 2
