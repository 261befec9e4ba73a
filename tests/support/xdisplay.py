"""A real X display for tests that run our programs as people do: Xvfb, the keyboard
through xdotool (XTEST: real input events, the same path as a keyboard's), and
screenshots of what the X server shows (a Qt child grabbing the root window)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

GRAB = """
import sys
from PySide6.QtGui import QGuiApplication
app = QGuiApplication(["grab"])
sys.exit(0 if app.primaryScreen().grabWindow(0).save(sys.argv[1]) else 1)
"""


def need(*programs: str) -> None:
    missing = [p for p in programs if shutil.which(p) is None]
    if missing:  # ./scripts/test.sh installs them (XVFB_DEB_PACKAGES in bootstrap.sh)
        pytest.fail(f"missing {', '.join(missing)}: run the tests through ./scripts/test.sh")


@contextmanager
def xvfb(width: int = 1280, height: int = 900) -> Iterator[str]:
    """An Xvfb server on a free display number; yields its DISPLAY value."""
    need("Xvfb", "xdotool")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", f"{width}x{height}x24",
         "-nolisten", "tcp"], pass_fds=(write,), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as answer:
            number = answer.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=30)


class Screen:
    """What a person at the display sees and types; `env` has DISPLAY set."""

    def __init__(self, display: str, shots: Path) -> None:
        self.display = display
        self.shots = shots
        self.env = {**os.environ, "DISPLAY": display}
        self.env.pop("QT_QPA_PLATFORM", None)  # Qt's default on X: the xcb platform

    def xdotool(self, *args: str) -> str:
        done = subprocess.run(["xdotool", *args], env=self.env, capture_output=True,
                              text=True, timeout=60)
        return done.stdout.strip() if done.returncode == 0 else ""

    def window_named(self, words: str, timeout: float = 60) -> str:
        """The id of a visible window whose title contains `words`, once there is one."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.xdotool("search", "--onlyvisible", "--name", literal(words))
            if found:
                return found.split()[0]
            time.sleep(0.25)
        titles = [self.xdotool("getwindowname", w)
                  for w in self.xdotool("search", "--onlyvisible", "--name", ".").split()]
        raise AssertionError(f"no window titled {words!r} appeared; there are: {titles}")

    def focus(self, window: str) -> None:
        """As a click on the window would: it takes the keyboard (no window manager)."""
        self.xdotool("windowfocus", "--sync", window)

    def type(self, text: str) -> None:
        self.xdotool("type", "--delay", "15", "--", text)

    def press(self, *keys: str) -> None:
        self.xdotool("key", "--delay", "40", *keys)

    def shot(self, name: str) -> Path:
        """Save what the display shows; fails on a blank (one-colour) picture."""
        self.shots.mkdir(parents=True, exist_ok=True)
        path = self.shots / f"{name}.png"
        subprocess.run([sys.executable, "-c", GRAB, str(path)], env=self.env, check=True,
                       timeout=60, capture_output=True)
        assert colours_in(path) > 1, f"{path} is blank"
        return path


def literal(words: str) -> str:
    """xdotool takes a title as a regular expression: match these words as they are."""
    return "".join(f"\\{c}" if c in ".[]()*+?{}|^$\\" else c for c in words)


def colours_in(path: Path) -> int:
    """How many distinct colours a sample of the picture has (a blank one has one)."""
    done = subprocess.run([sys.executable, "-c", COUNT, str(path)], check=True,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    return int(done.stdout)


COUNT = """
import sys
from PySide6.QtGui import QGuiApplication, QImage
app = QGuiApplication(["count"])
image = QImage(sys.argv[1])
seen = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
print(len(seen))
"""
