"""Tree nodes to transfers: where files dropped on a node go, and what downloading a node fetches."""

from __future__ import annotations

from ensure_browser.core.s3.storage import ObjectInfo
from ensure_browser.core.schema.tree import DomainNode
from ensure_browser.core.transfers.plan import DropTarget
from ensure_browser.ui.trees.tree_model import Node


def drop_target_for(node: Node) -> DropTarget | None:
    """Where files dropped on ``node`` go, by meaning.

    Domain nodes (payload :class:`~ensure_browser.core.schema.tree.DomainNode`) map to their layout kind
    and ids ("classroom" + classroom_id, "notes" + student_id, "meeting" ...); a drop on an object
    means a drop on its folder. Raw nodes map to their bucket and prefix. Other nodes take no drops.
    """
    payload = node.payload
    if isinstance(payload, DomainNode):
        ids = {k: str(v) for k, v in payload.ids.items()}
        prefix = payload.key if payload.is_container else payload.key.rpartition("/")[0] + "/"
        label = f"{payload.kind_label} {payload.label}".strip()
        return DropTarget(payload.kind, payload.bucket, prefix, ids, label)
    if node.bucket is None:
        return None
    if node.kind == "bucket":
        return DropTarget("bucket", node.bucket, "", label=node.bucket)
    if node.is_container:
        return DropTarget("raw_prefix", node.bucket, node.key or "", label=node.path)
    if isinstance(payload, ObjectInfo) or node.key:
        prefix = (node.key or "").rpartition("/")[0]
        prefix = prefix + "/" if prefix else ""
        return DropTarget("raw_prefix" if prefix else "bucket", node.bucket, prefix,
                          label=f"s3://{node.bucket}/{prefix}")
    return None


def download_item_for(node: Node) -> tuple[str, str] | None:
    """(bucket, key) to download for a node: an object, or a prefix ending in "/" ("" = bucket)."""
    if node.bucket is None:
        return None
    key = node.key or ""
    if node.is_container and key and not key.endswith("/"):
        key += "/"
    return node.bucket, key

