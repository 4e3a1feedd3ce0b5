"""The X server's keyboard, as a user's: key events through XTEST (``xdotool``, Debian's ``xdotool``).

The events go to whichever window has the X input focus, exactly as a user's key presses do; nothing
calls the app's slots or sends it Qt events. ``Keyboard(display).key("ctrl+u")`` presses keys one
after another (each name as ``xdotool key`` takes it), ``type("text")`` types text.
"""

from __future__ import annotations

import os
import shutil
import subprocess


class Keyboard:
    def __init__(self, display: str | None = None, delay_ms: int = 40) -> None:
        binary = shutil.which("xdotool")
        if binary is None:
            raise RuntimeError("xdotool is not installed: `make test` installs the Debian package xdotool.")
        self.binary = binary
        self.env = {**os.environ, "DISPLAY": display or os.environ["DISPLAY"]}
        self.delay = str(delay_ms)
        self.log: list[str] = []

    def _run(self, *args: str) -> None:
        subprocess.run([self.binary, *args], env=self.env, check=True, timeout=30,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def key(self, *keys: str) -> None:
        """Press and release each of ``keys`` in turn ("Tab", "shift+F6", "ctrl+alt+p", "Menu")."""
        self.log += keys
        self._run("key", "--delay", self.delay, *keys)

    def type(self, text: str) -> None:
        self.log.append(repr(text))
        self._run("type", "--delay", self.delay, text)
