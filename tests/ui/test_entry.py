"""The `fieldclient` entry point, without Qt where Qt is not needed."""

from __future__ import annotations

import os
import subprocess
import sys

from fieldclient import version
from fieldclient.__main__ import NO_DISPLAY, display_problem


def test_version() -> None:
    result = subprocess.run([sys.executable, "-m", "fieldclient", "--version"],
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0
    assert result.stdout.strip() == f"fieldclient {version()}"


def test_no_display_is_a_clear_message_not_a_qt_abort() -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    result = subprocess.run([sys.executable, "-m", "fieldclient"], env=env,
                            capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert result.stderr.strip() == NO_DISPLAY


def test_display_rules() -> None:
    assert display_problem({}, "linux") == NO_DISPLAY
    assert display_problem({"DISPLAY": ":0"}, "linux") is None
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}, "linux") is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    assert display_problem({}, "win32") is None
