"""Start the client exactly as the `fieldclient` command does, and drive it by its widgets.

`launch` calls `fieldclient.ui.app.start`, the function `run()` (the command's entry)
calls: the window first, the core loaded on a worker and attached, the sync thread
started, the core's events reaching the screens through the one bridge. Only how the
core opens the device may be handed in (a test clock, a cheap KDF, a test keyring).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from fieldclient.signin.session import Session
from fieldclient.ui.app import Client, OpenDevice, start
from fieldclient.ui.main_window import MainWindow

WAIT = 30_000


def launch(qtbot: Any, data_dir: Path | None = None, server_url: str | None = None, *,
           open_device: OpenDevice | None = None,
           runner_options: dict[str, Any] | None = None) -> Client:
    """The running client, once its core has attached."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    pytest_qt_hook = sys.excepthook  # pytest-qt's: an exception in a slot fails the test
    client = start(app, data_dir, server_url, open_device=open_device,
                   runner_options=runner_options)
    app_hook = sys.excepthook  # the client's crash handler, as installed by start()

    def both(*exc_info: Any) -> None:  # counted by the client, and failing the test
        app_hook(*exc_info)
        pytest_qt_hook(*exc_info)

    sys.excepthook = both
    # Not qtbot.addWidget: pytest-qt would close the window before the test's own
    # teardown, and a window with unsynced reports asks before it closes. Client.close()
    # closes it, as run() does when the event loop returns.
    qtbot.waitUntil(lambda: client.device is not None, timeout=WAIT)
    return client


def click(qtbot: Any, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, field: Any, text: str) -> None:
    field.clear()
    type_text(qtbot, field, text)


def type_text(qtbot: Any, widget: Any, text: str) -> None:
    """Key presses, one per character. QTest knows only ASCII keys (any other aborts the
    process); a letter like "é" arrives as a keyboard layout or IME sends it: a key
    event that carries the text."""
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                     Qt.KeyboardModifier.NoModifier, char))


def sign_in_on_screen(qtbot: Any, window: MainWindow, email: str, password: str) -> Session:
    """Type and click Sign in; returns once the sign-in has finished and the core's
    SignedIn (which comes first) has put the list up."""
    screen = window.signin
    qtbot.waitUntil(screen.button.isEnabled, timeout=WAIT)
    type_into(qtbot, screen.email, email)
    type_into(qtbot, screen.password, password)
    signals = [window.bridge.signedIn, screen.signedIn, window.incidents.model.modelReset]
    with qtbot.waitSignals(signals, timeout=WAIT):  # the list's first page is in, too
        click(qtbot, screen.button)
    # The list, or already the editor when a draft was offered back and taken.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not window.signin, timeout=WAIT)
    session = window.session
    assert session is not None
    return session


def choose_from_account_menu(qtbot: Any, window: MainWindow, action: Any) -> None:
    """The Account menu's entry, as a click would trigger it."""
    assert window.account_button.isEnabled()
    action.trigger()
