"""The reads behind a preview, and what the previews of one kind use of the pane.

Each ``*_reader`` returns the function a worker of the ``preview`` pool runs: it reads at most what
:class:`~ensure_browser.ui.preview.content.PreviewLimits` allows and decodes it there, off the GUI
thread. :class:`Stage` is the part of the pane the previews of recordings and OCR documents use,
:class:`Target` what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget

from ensure_browser.core.s3.storage import Storage
from ensure_browser.ui.preview.content import JsonContent, PreviewLimits, TextContent, decode_image, load_json
from ensure_browser.ui.preview.fetch import Fetcher
from ensure_browser.ui.preview.kinds import View
from ensure_browser.ui.workers import TaskContext

ErrorHandler = Callable[[BaseException], None]


@dataclass
class Target:
    """What the pane shows for the current node."""

    bucket: str
    key: str
    schema_kind: str = ""
    ids: dict[str, Any] = field(default_factory=dict)
    size: int | None = None


class Stage(Protocol):
    """Where a preview runs its reads and shows what came (the pane is one)."""

    fetcher: Fetcher  # runs a read for the current selection; drops its result once that changes
    limits: PreviewLimits

    def show_message(self, text: str) -> None:
        """A line in place of a preview ("Loading…")."""

    def show_error(self, exc: BaseException | str) -> None:
        """Why there is no preview (also emitted as the pane's ``failed``)."""

    def show_view(self, widget: QWidget, view: View) -> None:
        """Show ``widget``, now holding the content of ``view`` (emitted as the pane's ``loaded``)."""


def capped_reader(storage: Storage, bucket: str, key: str, cap: int) -> Callable[[TaskContext], tuple[bytes, bool]]:
    """Reads the first ``cap`` bytes of an object: (data, whether there was more)."""

    def read(ctx: TaskContext) -> tuple[bytes, bool]:
        return storage.read_capped(bucket, key, cap, cancel=ctx.token)

    return read


def image_reader(storage: Storage, bucket: str, key: str, limits: PreviewLimits) -> Callable[[TaskContext], QImage]:
    read = capped_reader(storage, bucket, key, limits.image)

    def work(ctx: TaskContext) -> QImage:
        data, truncated = read(ctx)
        ctx.check()
        return decode_image(data, limits, truncated=truncated)

    return work


def json_reader(storage: Storage, bucket: str, key: str,
                limits: PreviewLimits) -> Callable[[TaskContext], JsonContent | TextContent]:
    read = capped_reader(storage, bucket, key, limits.json)

    def work(ctx: TaskContext) -> JsonContent | TextContent:
        data, truncated = read(ctx)
        return load_json(data, truncated, limits)

    return work


def file_name(key: str) -> str:
    """The last part of a key."""
    return key.rsplit("/", 1)[-1]
