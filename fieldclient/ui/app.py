"""Start the desktop client: the window first, then the core; one composition for all.

`run()` is what the `fieldclient` command calls. It makes the QApplication, calls
`start()` and runs the event loop. Tests, screenshots and benchmarks call the same
`start()` with their own QApplication, so they test the app as users start it.

Start-up comes in two steps, so the sign-in window is on screen and takes typing as
soon as Qt can draw it: the window first (with the core→Qt bridge, which needs no
core), then the core (imports, device, sync thread) loaded on a worker and attached.
A sign-in pressed in between waits for the core.
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from fieldclient.ui.bridge.core_events import CoreBridge, watch_network
from fieldclient.ui.bridge.crash import CrashHandler, install_thread_hook
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.bridge.stop_signals import StopOnSignals
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.widgets import theme

if TYPE_CHECKING:
    from fieldclient.signin.device import Device
    from fieldclient.sync.runner import SyncRunner

log = logging.getLogger(__name__)
FIRST_FRAME_PROBE = "FIELDCLIENT_FIRST_FRAME_PROBE"
OpenDevice = Callable[[], "Device"]


@dataclass
class Client:
    """The running client. `device` and `runner` arrive once the core has loaded."""

    app: QApplication
    window: MainWindow
    operations: Operations
    bridge: CoreBridge
    crash: CrashHandler
    device: Device | None = None
    runner: SyncRunner | None = None
    _undo: list[Callable[[], None]] = field(default_factory=list)

    def close(self) -> None:
        """Stop sync, finish background work and sign out (the data key leaves memory)."""
        self.window.close_without_asking()
        if self.runner is not None:
            self.runner.stop()
        self.operations.wait()
        if self.device is not None:
            self.device.sign_out()
            self.device.api.close()
        self.operations.close()
        self.crash.quiet = True
        self.bridge.close()
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()
        self.window.deleteLater()  # its screens, models and dialogs go with it


def load_core(data_dir: Path | None, server_url: str | None) -> Device:
    """On a worker: the core's imports (~100 ms) and opening the device's files."""
    from fieldclient.signin.device import Device

    return Device.open(data_dir, server_url=server_url)


def make_runner(device: Device, bridge: CoreBridge, **options: Any) -> SyncRunner:
    """The sync thread for this device; its bugs reach the crash handler on the GUI thread."""
    from fieldclient.sync.runner import runner_for

    return runner_for(device, on_bug=bridge.report_bug, **options)


def prepare_look(app: QApplication) -> None:
    """A sans UI font everywhere (the bundled one where the system's is missing); in the
    installed bundle also its fonts, for text that asks for them, and the window icon."""
    from fieldclient.plumbing.resources import is_frozen
    from fieldclient.ui.widgets.assets import app_icon, ensure_ui_font, load_bundled_fonts

    if is_frozen():
        load_bundled_fonts()
        app.setWindowIcon(app_icon())
    ensure_ui_font(app)


def install_hooks(client: Client) -> None:
    """Bugs from Qt slots (sys.excepthook) and from any thread (threading.excepthook)
    reach the crash handler; the previous hooks come back at close."""
    previous_sys = sys.excepthook
    sys.excepthook = client.crash.hook
    previous_thread = install_thread_hook(client.bridge.report_bug)

    def undo() -> None:
        sys.excepthook = previous_sys
        threading.excepthook = previous_thread

    client._undo.append(undo)


def start(app: QApplication, data_dir: Path | None = None, server_url: str | None = None,
          *, open_device: OpenDevice | None = None,
          runner_options: dict[str, Any] | None = None) -> Client:
    """Show the window and load the core behind it; returns at once.

    open_device: how the core opens the device (default: `Device.open` on data_dir with
    the OS keyring and clock); tests hand in the same call with a test clock or keyring.
    """
    prepare_look(app)
    theme.apply(app, "light")
    crash = CrashHandler()
    bridge = CoreBridge()
    operations = Operations(crash)
    window = MainWindow(bridge, operations)
    client = Client(app, window, operations, bridge, crash)
    bridge.bug.connect(crash)
    install_hooks(client)
    window.show()

    def attach(device: Device) -> None:
        client.device = device
        bridge.listen(device.events)  # before anything in the core can publish
        client.runner = make_runner(device, bridge, **(runner_options or {}))
        window.attach(device, client.runner.request)
        watch_network(client.runner.request)
        client.runner.start()

    def failed(error: Exception) -> None:  # e.g. the data folder cannot be created
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(window, "fieldclient cannot start", str(error))
        app.exit(1)

    operations.run(open_device or (lambda: load_core(data_dir, server_url)), attach, failed)
    return client


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
    client = start(app, data_dir, server_url)
    stop = StopOnSignals(lambda _number: stop_now(app, client.window))
    if os.environ.get(FIRST_FRAME_PROBE):  # bench/bundle.py: time to the first frame
        QTimer.singleShot(0, lambda: (print("first frame", flush=True), app.quit()))
    try:
        return app.exec()
    finally:
        stop.uninstall()
        client.close()
