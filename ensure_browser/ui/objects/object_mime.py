"""The in-app drag and clipboard format for objects: :data:`MIME` carries bucket, key and ETag.

Rows dragged or cut/copied inside the app carry ``application/x-ensure-browser-objects``: UTF-8
JSON ``{"objects": [{"bucket": ..., "key": ..., "etag": ..., "size": ..., "name": ...}], "cut":
bool, "source": endpoint}`` (a bare list of such records is read too; only ``bucket`` and ``key``
are required; a key ending in ``/`` is a folder). ``source`` names the server the keys are on: what
was cut or copied on one connection is not pasted or dropped on another (:func:`source_of`). A
drop or paste that finds it copies or moves on the server instead of uploading files. Other
programs see the ``text/plain`` locations beside it.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable

from PySide6.QtCore import QMimeData

from ensure_browser.core.objects.relocate import Selected
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.ui.trees.tree_model import Node

log = logging.getLogger(__name__)

MIME = "application/x-ensure-browser-objects"


def selected_of(node: Node) -> Selected | None:
    """What a row means to a copy or move: its object (with the ETag its listing gave) or its folder."""
    if node.bucket is None or not node.key:
        return None
    if node.is_container:
        return Selected(node.bucket, node.key if node.key.endswith("/") else node.key + "/", name=node.label)
    etag = getattr(node.payload, "etag", None)
    named = isinstance(node.payload, DomainNode)  # a raw row's label is its key's last segment: the plan reads the name
    return Selected(node.bucket, node.key, etag if isinstance(etag, str) and etag else None,
                    int(node.size or 0), node.label if named else "")


def encode(items: Iterable[Selected], cut: bool = False, source: str = "") -> QMimeData:
    """Mime data carrying ``items`` (and their s3:// locations as text); ``source``: the endpoint
    of the connection they are on."""
    items = list(items)
    records = [{"bucket": i.bucket, "key": i.key, "etag": i.etag, "size": i.size, "name": i.name} for i in items]
    mime = QMimeData()
    mime.setData(MIME, json.dumps({"objects": records, "cut": cut, "source": source}).encode())
    mime.setText("\n".join(f"s3://{i.bucket}/{i.key}" for i in items))
    return mime


def decode(mime: QMimeData | None) -> tuple[list[Selected], bool] | None:
    """(the objects, whether they were cut) from mime data of :data:`MIME`, else None."""
    if mime is None or not mime.hasFormat(MIME):
        return None
    try:
        data = json.loads(bytes(mime.data(MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as err:
        log.info("unreadable in-app objects on a drop or paste: %s", err)
        return None
    records = data.get("objects") if isinstance(data, dict) else data
    cut = bool(data.get("cut")) if isinstance(data, dict) else False
    out: list[Selected] = []
    for rec in records if isinstance(records, list) else []:
        if not isinstance(rec, dict) or not isinstance(rec.get("bucket"), str) or not isinstance(rec.get("key"), str):
            continue
        etag, size, name = rec.get("etag"), rec.get("size"), rec.get("name")
        out.append(Selected(rec["bucket"], rec["key"], etag if isinstance(etag, str) and etag else None,
                            size if isinstance(size, int) and size >= 0 else 0, name if isinstance(name, str) else ""))
    return (out, cut) if out else None


def source_of(mime: QMimeData | None) -> str:
    """The endpoint the objects of ``mime`` were cut or copied on ("" when it does not say)."""
    if mime is None or not mime.hasFormat(MIME):
        return ""
    try:
        data = json.loads(bytes(mime.data(MIME).data()).decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    source = data.get("source") if isinstance(data, dict) else None
    return source if isinstance(source, str) else ""
