"""Thumbnails of uploaded materials: page 1 rendered by an injected callable (QtPdf lives in the UI
layer), uploaded as a follow-up job of the material's upload."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ensure_browser.core.cancel import CancelToken
from ensure_browser.core.errors import LocalFileError, StorageError
from ensure_browser.core.schema.table import BucketNames
from ensure_browser.core.texts import QT_TR_NOOP, Text
from ensure_browser.core.transfers.jobs import Direction, JobState, TransferJob, new_job_id
from ensure_browser.core.transfers.plan import upload_content_type
from ensure_browser.core.transfers.runner import JobRunner


def rendered_thumbnail(render: Callable[[bytes], bytes], pdf: bytes, cancel: CancelToken) -> bytes:
    """The PNG thumbnail ``render`` makes of ``pdf`` (its first page), with cancel checks around the
    rendering; a PDF the renderer refuses is a :class:`StorageError` with the reason. Used by the
    upload queue and by the health window's "render the missing thumbnail" fix alike."""
    cancel.raise_if_cancelled()
    try:
        png = render(pdf)
    except (ValueError, RuntimeError) as exc:
        raise StorageError(Text(QT_TR_NOOP("The thumbnail could not be rendered: {0}"), exc), repr(exc)) from exc
    cancel.raise_if_cancelled()
    return png


def thumbnail_job(upload: TransferJob, names: BucketNames, endpoint: str) -> TransferJob:
    """The follow-up job that renders and uploads the thumbnail of a material just uploaded."""
    assert upload.thumbnail_key is not None
    return TransferJob(
        id=new_job_id(), direction=Direction.THUMBNAIL, bucket=upload.bucket, key=upload.thumbnail_key,
        local_path=upload.local_path, size=0,
        content_type=upload_content_type(upload.bucket, upload.thumbnail_key, names),
        check_conflict=False, display_name=f"{upload.name} (thumbnail)", parent_id=upload.id,
        batch=upload.batch, endpoint=endpoint,
    )


class ThumbnailRunner(JobRunner):
    """Runs thumbnail jobs: read the PDF, render page 1, upload the PNG, verify it."""

    def run_once(self, job: TransferJob, token: CancelToken) -> JobState:
        render = self.settings.render_thumbnail
        if render is None:
            raise StorageError(Text(QT_TR_NOOP("No thumbnail renderer is available.")))
        try:
            pdf = Path(job.local_path).read_bytes()
        except OSError as exc:
            raise LocalFileError(Text(QT_TR_NOOP(
                "Cannot read {0} for its thumbnail: {1}."), Path(job.local_path).name, exc.strerror), str(exc)) from exc
        png = rendered_thumbnail(render, pdf, token)
        with self.state.lock:
            job.size = len(png)
        res = self.storage.upload_bytes(job.bucket, job.key, png,
                                        content_type=job.content_type or "image/png")
        self.verify(job, res)
        return JobState.DONE
