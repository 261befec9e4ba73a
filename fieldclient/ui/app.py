"""Compose the desktop client: device, sync, main window; one hook for bugs.

Start-up comes in two steps, so the sign-in window is on screen and takes typing as
soon as Qt can draw it: the window first, then the core (imports, device, sync thread)
loaded on a worker and attached. A sign-in pressed in between waits for the core.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.bridge.stop_signals import StopOnSignals
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.widgets import theme

if TYPE_CHECKING:
    from fieldclient.signin.device import Device
    from fieldclient.sync.engine import SyncEngine
    from fieldclient.sync.qt_worker import SyncBridge
    from fieldclient.sync.runner import SyncRunner

log = logging.getLogger(__name__)
FIRST_FRAME_PROBE = "FIELDCLIENT_FIRST_FRAME_PROBE"


class CrashHandler:
    """Bugs: logged without PHI (type and stack only), shown once; the app keeps going."""

    def __init__(self) -> None:
        self.shown = False

    def __call__(self, exc: BaseException) -> None:
        stack = "".join(traceback.format_tb(exc.__traceback__))
        log.error("bug: %s\n%s", type(exc).__name__, stack)
        if not self.shown:
            self.shown = True
            from PySide6.QtWidgets import QMessageBox

            QMessageBox.critical(None, "fieldclient hit a problem",
                                 "Something went wrong inside fieldclient. Your saved "
                                 "reports are safe. If this keeps happening, tell support.")

    def hook(self, kind: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        self(exc)


@dataclass
class Client:
    device: Device
    operations: Operations
    runner: SyncRunner
    bridge: SyncBridge
    window: MainWindow

    def start(self) -> None:
        self.window.show()
        self.runner.start()

    def close(self) -> None:
        self.runner.stop()
        self.operations.wait()
        self.bridge.close()
        self.device.sign_out()


def build_client(device: Device, on_bug: Any, **runner_options: Any) -> Client:
    """Everything at once (tests, screenshots, benchmarks): the window with its device."""
    operations = Operations(on_bug)
    return compose(MainWindow(device, operations), device, operations, **runner_options)


def compose(window: MainWindow, device: Device, operations: Operations,
            **runner_options: Any) -> Client:
    """Wire the sync thread and its Qt bridge to a window that has its device."""
    from fieldclient.sync.engine import SyncEngine
    from fieldclient.sync.qt_worker import SyncBridge
    from fieldclient.sync.runner import SyncRunner

    def engine_for() -> SyncEngine | None:
        session = device.session
        return None if session is None else SyncEngine(
            session, device.clock, device.events, after_contact=device.check_credentials)

    runner = SyncRunner(engine_for, device.probe, **runner_options)
    bridge = SyncBridge(device.events, runner)
    window.set_on_saved(runner.request)
    bridge.statusChanged.connect(window.show_sync_status)
    bridge.reportsChanged.connect(lambda _ids: window.incidents.reload())
    window.signin.signedIn.connect(lambda _session: runner.request())
    return Client(device, operations, runner, bridge, window)


def load_core(data_dir: Path | None, server_url: str | None) -> Device:
    """On a worker: the core's imports (~100 ms) and opening the device's files."""
    from fieldclient.signin.device import Device

    return Device.open(data_dir, server_url=server_url)


def prepare_frozen(app: QApplication) -> None:
    """In the installed bundle: the bundled font and the window icon. (From a source tree
    the system's fonts serve, and start-up stays as short as it can be.)"""
    from fieldclient.plumbing.resources import is_frozen

    if is_frozen():
        from fieldclient.ui.widgets.assets import app_icon, load_bundled_fonts

        load_bundled_fonts()
        app.setWindowIcon(app_icon())


def stop_now(app: QApplication, window: MainWindow) -> None:
    """Ctrl+C or SIGTERM: keep the open report as a draft and leave, without asking.
    (`exit`, not `quit`: quit would send close events, and the window would ask about
    unsynced reports.) run's cleanup then stops sync, waits for the draft to be written
    and signs out; the draft is offered back at the next sign-in."""
    window.keep_work_for_exit()
    app.exit(0)


def run(data_dir: Path | None = None, server_url: str | None = None) -> int:
    app = QApplication(sys.argv[:1])
    app.setApplicationName("fieldclient")
    prepare_frozen(app)
    theme.apply(app, "light")
    crash = CrashHandler()
    sys.excepthook = crash.hook
    operations = Operations(crash)
    window = MainWindow(None, operations)
    window.show()
    clients: list[Client] = []

    def attach(device: Device) -> None:
        window.attach(device)
        clients.append(compose(window, device, operations))
        clients[0].runner.start()

    def failed(error: Exception) -> None:  # e.g. the data folder cannot be created
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, "fieldclient cannot start", str(error))
        app.exit(1)

    stop = StopOnSignals(lambda _number: stop_now(app, window))
    operations.run(lambda: load_core(data_dir, server_url), attach, failed)
    if os.environ.get(FIRST_FRAME_PROBE):  # bench/bundle.py: time to the first frame
        QTimer.singleShot(0, lambda: (print("first frame", flush=True), app.quit()))
    try:
        return app.exec()
    finally:
        stop.uninstall()
        if clients:
            clients[0].close()
        operations.wait()
