"""The rows of the trees and how a tree fills them: :class:`Node`, :class:`TreeSource` (one per tree:
raw, classrooms ...) and the natural sort keys of rows.

:class:`~ensure_browser.ui.trees.tree_model.LazyTreeModel` shows them (and is where most of the app
imports them from).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, NoReturn

from PySide6.QtGui import QIcon

from ensure_browser.core.cancel import CancelToken
from ensure_browser.ui.workers import TaskHandle


class LoadState(Enum):
    IDLE = "idle"
    LOADING = "loading"
    LOADED = "loaded"
    ERROR = "error"



# A loader runs in a worker thread and yields pages of payloads (e.g. lists of ObjectInfo).
PageIterator = Iterator[list[Any]]
Loader = Callable[[CancelToken], PageIterator]


class _Empty(list[Any]):
    """The one empty ``children``/``flags`` list that rows without any share.

    Two lists per row were two more objects for the collector to track and 112 bytes; most rows
    never get children or flags. Changing it in place raises: assign a new list instead.
    """

    __slots__ = ()
    __hash__ = object.__hash__  # type: ignore[assignment]  # a dataclass default must be hashable

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError("a row's empty list is shared: assign a new list instead")

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


EMPTY: list[Any] = _Empty()


class _NoExtra(dict[str, Any]):
    """The one empty ``extra`` that rows without any share (write through :meth:`Node.extras`)."""

    __slots__ = ()
    __hash__ = object.__hash__  # type: ignore[assignment]  # a dataclass default must be hashable

    def _refuse(self, *_args: object, **_kwargs: object) -> NoReturn:
        raise TypeError("a row's empty extra is shared: write to Node.extras() instead")

    __setitem__ = setdefault = update = __ior__ = popitem = _refuse


NO_EXTRA: Mapping[str, Any] = _NoExtra()


@dataclass(eq=False, slots=True)
class Node:
    """One row. ``payload`` is what the loader produced (an ObjectInfo, a domain node ...).

    ``children`` and ``flags`` are the shared :data:`EMPTY` list until the row gets some (assign a
    new list to change them), ``extra`` the shared :data:`NO_EXTRA` (write to :meth:`extras`).
    """

    label: str
    kind: str = "folder"
    bucket: str | None = None
    key: str | None = None  # object key, or prefix (ending in "/") for containers
    size: int | None = None
    modified: datetime | None = None
    is_container: bool = False
    payload: Any = None
    flags: list[Any] = EMPTY  # consistency flags (objects with .message)
    tooltip: str = ""
    icon: QIcon | None = None
    kind_label: str = ""
    parent: Node | None = None
    children: list[Node] = EMPTY
    state: LoadState = LoadState.IDLE
    error: str = ""
    task: TaskHandle | None = None
    extra: Mapping[str, Any] = NO_EXTRA  # what other parts of the window keep about the row
    sort_key: str = ""  # its order among siblings, for sources without TreeSource.row_keys (else row_key)
    row_hint: int = 0  # its index among its siblings when last set (checked by row())

    def extras(self) -> dict[str, Any]:
        """``extra`` as the row's own dict, to write to."""
        extra = self.extra
        if type(extra) is dict:
            return extra
        own = dict(extra)
        self.extra = own
        return own

    def forget(self, *keys: str) -> None:
        """Remove ``keys`` from ``extra`` (those it has)."""
        if any(key in self.extra for key in keys):
            extras = self.extras()
            for key in keys:
                extras.pop(key, None)

    def row(self) -> int:
        par = self.parent
        if par is None:
            return 0
        # row_hint is kept up to date on insert/sort; verify cheaply and fall back to a search.
        if self.row_hint < len(par.children) and par.children[self.row_hint] is self:
            return self.row_hint
        self.row_hint = par.children.index(self)
        return self.row_hint

    @property
    def path(self) -> str:
        if self.bucket is None:
            return ""
        return f"s3://{self.bucket}/{self.key or ''}"


class TreeSource:
    """How one tree loads and presents its levels. Subclass per tree (raw, classrooms ...)."""

    title: ClassVar[str] = "Tree"

    def roots(self) -> list[Node]:
        raise NotImplementedError

    def loader(self, node: Node) -> Loader | None:
        """The function listing ``node``'s children in a worker, or None when it has none."""
        raise NotImplementedError

    def make_children(self, node: Node, page: list[Any]) -> list[Node]:
        """Turn one page of payloads into child nodes (GUI thread, must be cheap)."""
        raise NotImplementedError

    def row_keys(self, node: Node, page: list[Any]) -> list[str] | None:
        """The sort keys of the rows :meth:`make_children` will make of ``page``, one per row in the
        same order (worker thread: Qt-free, touching nothing shared). The worker sorts the level by
        them; the rows do not keep them. None: the level is sorted on the GUI thread once loaded,
        by each row's ``sort_key`` or else :func:`row_key` of its label."""
        return None

    def node_key(self, node: Node) -> str:
        """``node``'s key in the default order (name ascending), as :meth:`row_keys` gives it
        (any thread: reads the row only)."""
        return node.sort_key or row_key(node.label, node.is_container)

    def finished(self, node: Node) -> None:
        """All pages of ``node`` are in: compute flags over the whole level here."""

    def decoration(self, node: Node) -> QIcon | None:
        """The icon shown for ``node`` (a source may overlay badges for its flags)."""
        return node.icon


_DIGITS = re.compile(r"[0-9]+")


def _encode_number(match: re.Match[str]) -> str:
    digits = match.group().lstrip("0") or "0"
    # \x01 sorts numbers before text at the same position; the length char orders by magnitude
    return "\x01" + chr(0x20 + min(len(digits), 0xFFFF)) + digits


def flat_natural_key(name: str) -> str:
    """A natural-order key as one string (``chunk_2`` < ``chunk_10``), case-insensitive with the
    exact name as tie-breaker. Strings compare in C, so sorting 100,000 rows stays fast."""
    return _DIGITS.sub(_encode_number, name.casefold()) + "\x00" + name


def row_key(label: str, is_container: bool) -> str:
    """The default sort key of a row: folders first, then natural order of the label."""
    return ("0" if is_container else "1") + flat_natural_key(label)


def sorted_order(keys: Sequence[str]) -> list[int] | None:
    """The permutation that sorts ``keys`` (stable), or None when they are in order already."""
    if all(a <= b for a, b in itertools.pairwise(keys)):
        return None
    return sorted(range(len(keys)), key=keys.__getitem__)
