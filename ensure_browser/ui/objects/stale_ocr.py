"""Stale OCR in the trees: after a material's PDF was replaced, its row and its OCR document's row
carry an "OCR older than its material" flag (a badge over the icon, the message in the tooltip, as
every consistency flag shows: :mod:`ensure_browser.ui.trees.flags`).

The flags are kept per document id for the connection, and put again on rows made later (a level
listed again, a tree opened afterwards), until OCR is run again: the health scan then finds the OCR
newer and says nothing, and a new connection starts without them.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex

from ensure_browser.core.health.stale_ocr import STALE_OCR, material_flag, stale_ocr_flag
from ensure_browser.core.schema.flag import Flag
from ensure_browser.ui.host import Connection, Host
from ensure_browser.ui.trees.domain_sources import DomainSource
from ensure_browser.ui.trees.flags import replace_flags
from ensure_browser.ui.trees.tree_model import LazyTreeModel, Node


class StaleOcrFlags(QObject):
    """The stale-OCR flags of one window: marked after a replace, kept on the rows of every tree."""

    def __init__(self, window: Host) -> None:
        super().__init__(window)
        self.window = window
        self.flags: dict[tuple[str, str], Flag] = {}  # (bucket, key) of a row -> its flag
        window.model_hooks.append(self._watch)
        window.connected.connect(self._connected)

    def _connected(self, _connection: Connection) -> None:
        self.flags.clear()

    def mark(self, bucket: str, material_key: str, ocr_bucket: str, document_id: str) -> None:
        """The material at ``material_key`` was replaced: flag it and its OCR document."""
        ocr = stale_ocr_flag(ocr_bucket, document_id, material_key, None)
        on_material = material_flag(bucket, material_key, ocr_bucket, document_id)
        self.flags[(bucket, material_key)] = on_material
        self.flags[(ocr_bucket, ocr.key)] = ocr
        for model in self.window.models.values():
            if isinstance(model.source, DomainSource):  # rows listed again or first opened later
                model.source.shared.ocr_stale[document_id] = material_key
        for model in self.window.models.values():
            for node in model.iter_nodes():
                self._apply(model, node)

    def _apply(self, model: LazyTreeModel, node: Node) -> None:
        if node.bucket is None or node.key is None:
            return
        flag = self.flags.get((node.bucket, node.key))
        if flag is not None and replace_flags(node, {STALE_OCR}, [flag]):
            model.node_changed(node)

    def _watch(self, model: LazyTreeModel, _window: Host) -> None:
        def inserted(parent: QModelIndex | QPersistentModelIndex, first: int, last: int) -> None:
            if not self.flags:
                return
            level = model.node(parent) if parent.isValid() else model.root
            for node in level.children[first:last + 1]:
                self._apply(model, node)

        model.rowsInserted.connect(inserted)
