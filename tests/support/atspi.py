"""The app as a screen reader sees it: its AT-SPI tree, and the interactive elements without a name.

Run as a script by the system Python (``/usr/bin/python3``, where Debian's ``python3-pyatspi`` lives,
not in the virtualenv)::

    /usr/bin/python3 tests/support/atspi.py PID

It prints the accessible tree of the application with process id PID as one JSON object
(``{"role", "name", "showing", "children"}``). With ``--listen SECONDS`` it instead prints
``listening``, then, after SECONDS (or once a line on its standard input says ``stop``), the
announcements and name changes that application sent, as one JSON list of ``{"type", "text",
"role"}`` (what Orca hears of a state change). ``unnamed`` (pure Python, importable anywhere) lists the
interactive elements of such a tree that have an empty name, each as its path from the application.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Any

# The roles (pyatspi's role names) a screen reader user interacts with: each needs a name.
INTERACTIVE = frozenset({
    "push button", "toggle button", "check box", "radio button", "text", "entry", "password text",
    "combo box", "list", "list box", "table", "tree", "tree table", "page tab", "slider", "spin button",
    "menu item", "check menu item", "radio menu item", "menu", "link", "dial", "date editor",
})
# Parts of a control that a screen reader presents through the control itself: the popup list of a
# combo box (read as the combo box's current item) and the icon buttons inside a text field (Qt's clear
# button: outside the tab order, the field's own name describes it).
OWN_PARTS = frozenset({("combo box", "list"), ("text", "push button")})
MAX_DEPTH = 60
MAX_CHILDREN = 200  # the rows of a big table are items, not controls: a sample is enough


def unnamed(tree: dict[str, Any]) -> list[str]:
    """The path ("window 'X' > filler > text") of every interactive element of ``tree`` with no name."""
    found: list[str] = []

    def visit(node: dict[str, Any], path: list[str], parent: str = "") -> None:
        label = f"{node['role']} {node['name']!r}" if node["name"] else node["role"]
        here = [*path, label]
        own_part = (parent, node["role"]) in OWN_PARTS
        if node["role"] in INTERACTIVE and not own_part and not node["name"].strip():
            hidden = "" if node.get("showing", True) else " (hidden)"
            found.append(" > ".join(here) + hidden)
        for child in node.get("children", []):
            visit(child, here, node["role"])

    visit(tree, [])
    return found


def interactive(tree: dict[str, Any]) -> int:
    """How many interactive elements ``tree`` holds (named or not)."""
    return int(tree["role"] in INTERACTIVE) + sum(interactive(c) for c in tree.get("children", []))


def windows(tree: dict[str, Any]) -> list[str]:
    """The names of the application's top-level windows."""
    return [str(c["name"]) for c in tree.get("children", [])]


def _dump(acc: Any, depth: int = 0) -> dict[str, Any]:  # pragma: no cover - needs pyatspi
    import pyatspi  # type: ignore[import-not-found]

    node: dict[str, Any] = {"role": acc.getRoleName(), "name": acc.name or "",
                            "showing": acc.getState().contains(pyatspi.STATE_SHOWING), "children": []}
    if depth < MAX_DEPTH:
        for i in range(min(acc.childCount, MAX_CHILDREN)):
            child = acc.getChildAtIndex(i)
            if child is not None:
                node["children"].append(_dump(child, depth + 1))
    return node


def read_app(pid: int, timeout: float = 20.0) -> dict[str, Any]:  # pragma: no cover - needs pyatspi
    import pyatspi  # type: ignore[import-not-found]

    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for app in desktop:
            if app is not None and app.get_process_id() == pid:
                return _dump(app)
        if time.monotonic() > deadline:
            raise SystemExit(f"no application with process id {pid} on the accessibility bus")
        time.sleep(0.2)


LISTENED = ("object:announcement", "object:property-change:accessible-name")


def listen(pid: int, seconds: float) -> list[dict[str, str]]:  # pragma: no cover - needs pyatspi
    import threading

    import pyatspi

    heard: list[dict[str, str]] = []

    def on_event(event: Any) -> None:
        try:
            source = event.source
            if source is None or source.get_process_id() != pid:
                return
            heard.append({"type": str(event.type), "text": str(event.any_data or ""),
                          "role": source.getRoleName()})
        except Exception as exc:  # an object gone by the time the event is read
            heard.append({"type": "error", "text": repr(exc), "role": ""})

    for kind in LISTENED:
        pyatspi.Registry.registerEventListener(on_event, kind)
    timer = threading.Timer(seconds, pyatspi.Registry.stop)
    timer.start()

    def stop_on_request() -> None:
        for line in sys.stdin:
            if line.strip() == "stop":
                break
        timer.cancel()
        pyatspi.Registry.stop()

    threading.Thread(target=stop_on_request, daemon=True).start()
    print("listening", flush=True)
    pyatspi.Registry.start()
    return heard


if __name__ == "__main__":  # pragma: no cover - run by the system Python
    if sys.argv[1] == "--listen":
        print(json.dumps(listen(int(sys.argv[3]), float(sys.argv[2]))), flush=True)
    else:
        print(json.dumps(read_app(int(sys.argv[1]))), flush=True)
