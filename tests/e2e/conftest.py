"""A real X server (Xvfb) for end-to-end runs, and the environment of an app run in it.

Each fixture use starts its own ``Xvfb :N -screen 0 1400x900x24 -nolisten tcp`` on a free display
number and stops it afterwards. The app runs as a subprocess with ``DISPLAY=:N``,
``QT_QPA_PLATFORM=xcb`` and private XDG directories, so it never touches the user's settings, data,
logs or caches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.support.xserver import XServer, start_xvfb, stop_xvfb


@pytest.fixture
def xvfb() -> Iterator[Callable[[], XServer]]:
    """A factory: every call starts one more X server; all are stopped at the end of the test."""
    started: list[XServer] = []

    def make() -> XServer:
        server = start_xvfb()
        started.append(server)
        return server

    yield make
    for server in started:
        stop_xvfb(server)


