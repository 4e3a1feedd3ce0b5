"""Recordings in the preview: what the media view plays, a meeting's chunks in sequence.

A meeting chunk plays with the other chunks of its meeting (from itself on); a meeting node plays its
chunks, or its raw recording when it has none; any other recording plays by itself. The listing runs
in the ``preview`` pool; the items name objects, which the media view reads through the app's own
connection (:mod:`~ensure_browser.ui.preview.stream`). Where QtMultimedia cannot be loaded, the view
says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.s3.storage import Storage
from ensure_browser.core.schema.classify import key_for
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.ui.i18n import tr
from ensure_browser.ui.preview.kinds import View, schema_of
from ensure_browser.ui.preview.optional import UnavailableView
from ensure_browser.ui.preview.playlist import PlaylistItem
from ensure_browser.ui.preview.reads import Stage, Target, file_name
from ensure_browser.ui.workers import TaskContext

if TYPE_CHECKING:
    from ensure_browser.ui.preview.media_view import MediaView  # QtMultimedia: only when it can be loaded

CHUNK_KIND = "meeting_chunk"

Playlist = tuple[list[PlaylistItem], int]  # the items and the one to start with



def chunk_playlist(storage: Storage, bucket: str, prefix: str, names: BucketNames,
                   token: CancelToken) -> list[PlaylistItem]:
    """A meeting's chunks in numeric order (runs in a worker)."""
    found: list[tuple[int, str]] = []
    for page in storage.list_level(bucket, prefix, cancel=token):
        for entry in page:
            if entry.is_prefix:
                continue
            kind, ids = schema_of(bucket, entry.key, names)
            index = ids.get("chunk_index")
            if kind == CHUNK_KIND and index is not None:
                found.append((int(index), entry.key))
    found.sort()
    return [PlaylistItem(file_name(key), bucket, key, CHUNK_KIND) for _index, key in found]


class RecordingPreview:
    """Fills the pane's media view with what the selected recording or meeting plays."""

    def __init__(self, stage: Stage, view: Callable[[], MediaView | UnavailableView]) -> None:
        self.stage = stage
        self._view = view  # the pane makes its player (and loads QtMultimedia) on first use

    @property
    def view(self) -> MediaView | UnavailableView:
        return self._view()

    def show_object(self, storage: Storage | None, names: BucketNames, target: Target) -> None:
        if isinstance(self.view, UnavailableView):  # QtMultimedia cannot be loaded here
            self.stage.show_view(self.view, View.MEDIA)
            return
        assert storage is not None
        self.stage.show_message(tr("Opening the recording…"))
        meeting_id = target.ids.get("meeting_id")
        chunks_prefix = target.key.rsplit("/", 1)[0] + "/" if target.schema_kind == CHUNK_KIND else ""

        def work(ctx: TaskContext) -> Playlist:
            if chunks_prefix and meeting_id is not None:
                items = chunk_playlist(storage, target.bucket, chunks_prefix, names, ctx.token)
                start = next((i for i, item in enumerate(items) if item.key == target.key), 0)
                if items:
                    return items, start
            return [PlaylistItem(file_name(target.key), target.bucket, target.key, target.schema_kind)], 0

        self._play("preview media", storage, work)

    def show_meeting(self, storage: Storage | None, names: BucketNames, bucket: str, meeting_id: str) -> None:
        """A meeting node: play its chunks in sequence (or its raw recording when it has none)."""
        if isinstance(self.view, UnavailableView):  # QtMultimedia cannot be loaded here
            self.stage.show_view(self.view, View.MEDIA)
            return
        try:
            _b, chunk_key = key_for(CHUNK_KIND, names, meeting_id=meeting_id, chunk_index=0)
            _b, raw_key = key_for("meeting_raw", names, meeting_id=meeting_id)
        except (KeyError, TypeError, ValueError) as exc:
            self.stage.show_error(str(exc))
            return
        assert storage is not None
        prefix = chunk_key.rsplit("/", 1)[0] + "/"
        self.stage.show_message(tr("Opening the recording…"))

        def work(ctx: TaskContext) -> Playlist:
            items = chunk_playlist(storage, bucket, prefix, names, ctx.token)
            if items:
                return items, 0
            storage.stat(bucket, raw_key)
            return [PlaylistItem(file_name(raw_key), bucket, raw_key, "meeting_raw")], 0

        self._play("preview meeting", storage, work)

    def _play(self, name: str, storage: Storage, work: Callable[[TaskContext], Playlist]) -> None:
        def done(result: Playlist) -> None:
            items, start = result
            self.view.set_playlist(items, storage, start)
            self.stage.show_view(self.view, View.MEDIA)

        self.stage.fetcher.run(name, work, done, self.stage.show_error)
