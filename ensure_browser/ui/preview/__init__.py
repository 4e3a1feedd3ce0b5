"""Previews of the selected object: thumbnails, images, PDFs, JSON, text, OCR documents, recordings.

The main window adds a :class:`PreviewPane`, calls ``show_node(node, storage, names)`` on every
selection change and connects ``download_requested(bucket, key)`` to its transfers.
"""

from ensure_browser.ui.preview.content import PreviewError, PreviewLimits
from ensure_browser.ui.preview.kinds import View
from ensure_browser.ui.preview.pane import PreviewPane

__all__ = ["PreviewError", "PreviewLimits", "PreviewPane", "View"]
