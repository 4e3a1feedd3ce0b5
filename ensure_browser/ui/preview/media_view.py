"""Audio and video: QMediaPlayer reading through the app's connection, with a playlist for meeting chunks.

Nothing is downloaded first, and the player gets no URL: each item is opened in a worker (its first
bytes checked, see :mod:`~ensure_browser.ui.preview.stream`) and the player reads it from an
:class:`~ensure_browser.ui.preview.stream.ObjectDevice` (ranged GETs through ``Storage``). A playlist
(a meeting's chunks in numeric order) plays one item after the other.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, Qt, QUrl
from PySide6.QtGui import QIcon
from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ensure_browser.core.s3.object_reader import DEFAULT_BLOCK
from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.preview.fetch import Fetcher, error_message
from ensure_browser.ui.preview.playlist import PlaylistItem
from ensure_browser.ui.preview.stream import ObjectDevice, OpenedRecording, open_recording
from ensure_browser.ui.toned import set_toned_sheet

log = logging.getLogger(__name__)


def format_ms(ms: int) -> str:
    seconds = max(0, ms) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


class MediaView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.player = QMediaPlayer(self)
        self.audio = QAudioOutput(self)
        self.player.setAudioOutput(self.audio)
        self.video = QVideoWidget()
        self.video.setMinimumHeight(120)
        self.video.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.player.setVideoOutput(self.video)
        self.audio_label = QLabel(self.tr("♪ Audio"))
        self.audio_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        set_toned_sheet(self.audio_label, "QLabel {{ font-size: 28px; color: {muted}; }}")
        self.audio_label.hide()

        self._items: list[PlaylistItem] = []
        self._index = -1
        self._storage: Storage | None = None
        self._opener = Fetcher(self)  # opens the current item (HEAD, first block, its container checked)
        self._device: ObjectDevice | None = None  # what the player reads, once the item is open
        self._want_play = False  # play once the item being opened is open
        self.stream_block = DEFAULT_BLOCK  # bytes per ranged GET
        self._play_icon = QIcon()
        self._pause_icon = QIcon()
        self.play_button = QToolButton()
        self.play_button.setIcon(self._play_icon)
        self.play_button.setToolTip(self.tr("Play / pause"))
        self.play_button.setAccessibleName(self.tr("Play / pause"))
        self.play_button.clicked.connect(self.toggle_play)
        self.prev_button = QToolButton()
        self.prev_button.setToolTip(self.tr("Previous chunk"))
        self.prev_button.setAccessibleName(self.tr("Previous chunk"))
        self.prev_button.clicked.connect(lambda: self.play_index(self._index - 1))
        self.next_button = QToolButton()
        self.next_button.setToolTip(self.tr("Next chunk"))
        self.next_button.setAccessibleName(self.tr("Next chunk"))
        self.next_button.clicked.connect(lambda: self.play_index(self._index + 1))
        self.seek = QSlider(Qt.Orientation.Horizontal)
        self.seek.setRange(0, 0)
        self.seek.setToolTip(self.tr("Position"))
        self.seek.setAccessibleName(self.tr("Position"))
        self.seek.sliderMoved.connect(self.player.setPosition)
        self.time_label = QLabel("0:00 / 0:00")
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setRange(0, 100)
        self.volume.setValue(80)
        self.volume.setMaximumWidth(100)
        self.volume.setToolTip(self.tr("Volume"))
        self.volume.setAccessibleName(self.tr("Volume"))
        self.volume.valueChanged.connect(lambda v: self.audio.setVolume(v / 100))
        self.audio.setVolume(0.8)
        self.title = QLabel()
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setWordWrap(True)

        controls = QHBoxLayout()
        controls.setContentsMargins(0, 0, 0, 0)
        for widget in (self.prev_button, self.play_button, self.next_button):
            controls.addWidget(widget)
        controls.addWidget(self.seek, 1)
        controls.addWidget(self.time_label)
        self.speaker = QLabel()
        controls.addWidget(self.speaker)
        controls.addWidget(self.volume)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.video, 1)
        layout.addWidget(self.audio_label, 1)
        layout.addLayout(controls)
        layout.addWidget(self.status)

        self.player.durationChanged.connect(self._on_duration)
        self.player.positionChanged.connect(self._on_position)
        self.player.playbackStateChanged.connect(self._on_state)
        self.player.mediaStatusChanged.connect(self._on_media_status)
        self.player.errorOccurred.connect(self._on_error)
        self.player.hasVideoChanged.connect(self._on_has_video)
        self._take_icons()
        self._update_playlist_controls()
        app = QCoreApplication.instance()
        if app is not None:  # the player's threads call into Python: stop them while Python runs
            app.aboutToQuit.connect(self.stop)

    # -- playlist ------------------------------------------------------------------------------------
    def set_playlist(self, items: list[PlaylistItem], storage: Storage, start: int = 0, *,
                     autoplay: bool = False) -> None:
        self.stop()
        self._items = list(items)
        self._storage = storage
        self.play_index(start, play=autoplay)

    def busy(self) -> bool:
        """True while the current item is being opened."""
        return bool(self._opener.running())

    def items(self) -> list[PlaylistItem]:
        return list(self._items)

    @property
    def index(self) -> int:
        return self._index

    def play_index(self, index: int, *, play: bool | None = None) -> None:
        if not 0 <= index < len(self._items):
            return
        should_play = self._wants_play() if play is None else play
        self._release_source()
        self._index = index
        item = self._items[index]
        self.status.clear()
        self.seek.setRange(0, 0)
        self.time_label.setText("0:00 / 0:00")
        if len(self._items) > 1:
            self.title.setText(self.tr("{0} ({1} of {2})").format(item.label, index + 1, len(self._items)))
        else:
            self.title.setText(item.label)
        self._want_play = should_play
        self._show_play_icon(should_play)
        storage, block = self._storage, self.stream_block
        assert storage is not None
        self._opener.reset()
        self._opener.run("open recording", lambda ctx: open_recording(storage, item, block=block, cancel=ctx.token),
                         self._opened, self._open_failed)
        self._update_playlist_controls()

    def _opened(self, opened: OpenedRecording) -> None:
        device = ObjectDevice(opened, self)
        device.failed.connect(lambda message: self._read_failed(device, message))
        self._device = device
        # No URL beside the device: FFmpeg has nothing to fetch, print or resolve other names against.
        self.player.setSourceDevice(device, QUrl())
        if self._want_play:
            self.player.play()

    def _open_failed(self, exc: BaseException) -> None:
        self._want_play = False
        self._show_play_icon(False)
        self.status.setText(self.tr("This recording cannot be played: {0}").format(error_message(exc)))

    def _read_failed(self, device: ObjectDevice, message: str) -> None:
        if device is not self._device:
            return  # from an item left meanwhile
        self._release_source()
        self.status.setText(self.tr("The recording could not be read: {0}").format(message))

    def _release_source(self) -> None:
        """Take the player's source away; the device's reads end first so this never waits on the network."""
        device, self._device = self._device, None
        if device is not None:
            device.abort()
        # An empty source stops playback and ends all I/O. Not player.stop(): PySide keeps the GIL
        # through stop(), which waits for FFmpeg's threads, and those call the device's Python methods
        # (a deadlock). PySide releases the GIL in setSource, and it returns once they let go.
        self.player.setSource(QUrl())
        if device is not None:
            device.deleteLater()

    def _update_playlist_controls(self) -> None:
        many = len(self._items) > 1
        self.prev_button.setVisible(many)
        self.next_button.setVisible(many)
        self.prev_button.setEnabled(self._index > 0)
        self.next_button.setEnabled(0 <= self._index < len(self._items) - 1)
        self.play_button.setEnabled(bool(self._items))

    # -- transport -----------------------------------------------------------------------------------
    def is_playing(self) -> bool:
        return self.player.playbackState() == QMediaPlayer.PlaybackState.PlayingState

    def _wants_play(self) -> bool:
        return self._want_play if self._device is None else self.is_playing()

    def _take_icons(self) -> None:
        """The style's pictograms, for the palette in use (again when the theme changes)."""
        style = self.style()
        self._play_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPlay)
        self._pause_icon = style.standardIcon(QStyle.StandardPixmap.SP_MediaPause)
        self.prev_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipBackward))
        self.next_button.setIcon(style.standardIcon(QStyle.StandardPixmap.SP_MediaSkipForward))
        self.speaker.setPixmap(style.standardIcon(QStyle.StandardPixmap.SP_MediaVolume).pixmap(16, 16))
        self._show_play_icon(self.is_playing())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._take_icons()

    def _show_play_icon(self, playing: bool) -> None:
        self.play_button.setIcon(self._pause_icon if playing else self._play_icon)

    def toggle_play(self) -> None:
        if self._device is None:  # being opened (or refused): remember what was asked
            if self.busy():
                self._want_play = not self._want_play
                self._show_play_icon(self._want_play)
            return
        if self.is_playing():
            self.player.pause()
        else:
            if self.player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia:
                self.player.setPosition(0)
            self.player.play()

    def play(self) -> None:
        if self._device is None:
            self._want_play = self.busy()
        else:
            self.player.play()

    def stop(self) -> None:
        """Stop and drop the source (ends the reads)."""
        self._opener.reset()
        self._want_play = False
        self._release_source()
        self._show_play_icon(False)
        self._items = []
        self._index = -1
        self.title.clear()
        self.status.clear()
        self.seek.setRange(0, 0)
        self.time_label.setText("0:00 / 0:00")
        self._update_playlist_controls()

    # -- player signals ------------------------------------------------------------------------------
    def _on_duration(self, duration: int) -> None:
        self.seek.setRange(0, max(0, duration))
        self._on_position(self.player.position())

    def _on_position(self, position: int) -> None:
        if not self.seek.isSliderDown():
            self.seek.setValue(position)
        self.time_label.setText(f"{format_ms(position)} / {format_ms(self.player.duration())}")

    def _on_state(self, state: QMediaPlayer.PlaybackState) -> None:
        self._show_play_icon(state == QMediaPlayer.PlaybackState.PlayingState)

    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        if status == QMediaPlayer.MediaStatus.LoadedMedia:
            self._on_has_video(self.player.hasVideo())
        device = self._device
        if device is not None and device.reader.error is not None:
            return  # the reads failed (_read_failed says why): not the end of the recording
        if status == QMediaPlayer.MediaStatus.EndOfMedia and self._index < len(self._items) - 1:
            log.debug("playlist: %s ended, next", self._items[self._index].label)
            self.play_index(self._index + 1, play=True)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self.status.setText(self.tr("This recording cannot be played: {0}").format(
                self.player.errorString() or self.tr("unsupported or damaged media")))

    def _on_error(self, _error: QMediaPlayer.Error, message: str) -> None:
        log.info("media player error: %s", message)
        self.status.setText(self.tr("Playback failed: {0}").format(message))

    def _on_has_video(self, has_video: bool) -> None:
        self.video.setVisible(has_video)
        self.audio_label.setVisible(not has_video)
