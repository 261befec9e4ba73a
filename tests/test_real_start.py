"""The installed `fieldclient` command in a real window (issue 13): Xvfb, Qt's xcb
platform (not offscreen), against a real fieldserver. On a fresh machine this is what
failed first: Qt aborted for want of the xcb libraries the bootstrap did not install.
The picture of the window is kept in test-output/real-start/."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import LiveServer
from tests.support.xdisplay import Screen, xvfb

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "test-output" / "real-start"


def fieldclient_command() -> str:
    return str(Path(sys.executable).parent / "fieldclient")  # the entry point users run


def test_the_fieldclient_command_opens_its_setup_window(
    tmp_path: Path, server: LiveServer
) -> None:
    with xvfb() as display:
        screen = Screen(display, SHOTS)
        log = tmp_path / "client.log"
        with log.open("wb") as output:
            client = subprocess.Popen(
                [fieldclient_command(), "--server", server.base_url,
                 "--data-dir", str(tmp_path / "client")],
                env=screen.env, stdout=output, stderr=subprocess.STDOUT)
        try:
            window = screen.window_named("Set up this device")
            assert screen.xdotool("getwindowname", window) == \
                "Set up this device (1 of 3) - fieldclient"
            screen.shot("setup-window")
        finally:
            client.send_signal(signal.SIGTERM)  # the orderly stop (Ctrl+C, a shutdown)
            code = client.wait(timeout=60)
        text = log.read_text(errors="replace")
        assert code == 0, text[-3000:]
        assert "qt.qpa" not in text and "Aborted" not in text, text[-3000:]
    assert os.path.getsize(SHOTS / "setup-window.png") > 10_000
