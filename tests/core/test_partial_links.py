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
from ensure_browser.core.s3.storage import Storage, partial_files

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
