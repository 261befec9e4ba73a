"""Ctrl+C and SIGTERM stop the client the orderly way: no crash dialog, the open report
kept as a draft, exit status 0."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from fieldclient.ui.bridge.stop_signals import StopOnSignals
from fieldclient.ui.main_window import MainWindow
from tests.helpers import MEDIC
from tests.ui.harness import sign_in_on_screen

ROOT = Path(__file__).resolve().parents[2]


def test_a_stop_signal_reaches_the_gui_thread_once(qtbot: Any) -> None:
    before = signal.getsignal(signal.SIGINT)
    heard: list[int] = []
    stop = StopOnSignals(heard.append)
    try:
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # pressed twice: still one stop
        qtbot.waitUntil(lambda: heard != [], timeout=5000)
        QApplication.processEvents()
    finally:
        stop.uninstall()
    assert heard == [signal.SIGINT]
    assert signal.getsignal(signal.SIGINT) is before


def test_the_open_report_is_kept_as_a_draft(window: MainWindow, qtbot: Any) -> None:
    device = window._device
    assert device is not None
    sign_in_on_screen(qtbot, window, *MEDIC)
    window.incidents._new()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    window.editor.editors["ePatient.03"].set_value("Half-written")
    window.keep_work_for_exit()
    window._ops.wait()
    session = device.session
    assert session is not None
    drafts = session.store.drafts(session.user.id)
    assert [d.data["ePatient.03"] for d in drafts] == ["Half-written"]


def start_client(data_dir: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "fieldclient", "--data-dir", str(data_dir),
         "--server", "http://127.0.0.1:9"], cwd=ROOT, env=env, text=True,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def wait_until_running(client: subprocess.Popen[str], marker: Path) -> None:
    """The core writes config.json after the window and the signal watcher are up."""
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert client.poll() is None, client.communicate()
        assert time.monotonic() < deadline, "the client never opened its data folder"
        with contextlib.suppress(subprocess.TimeoutExpired):
            client.wait(0.05)  # a bounded wait on the process itself, not a fixed sleep


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_the_real_client_stops_cleanly(tmp_path: Path, number: int) -> None:
    client = start_client(tmp_path / "data")
    try:
        wait_until_running(client, tmp_path / "data" / "config.json")
        client.send_signal(number)
        _out, err = client.communicate(timeout=60)
    finally:
        if client.poll() is None:
            client.kill()
            client.communicate()
    assert client.returncode == 0, err[-2000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "bug:" not in err
