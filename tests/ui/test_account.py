"""Account menu, lock and auto-lock, theme, and closing with unsynced reports."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from fieldclient.signin.device import Device, MfaPending
from fieldclient.signin.session import Session
from fieldclient.ui.app import Client
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.widgets import theme
from tests.client.test_signin import sign_in
from tests.client.test_sync import save
from tests.helpers import MEDIC, totp
from tests.support.clock import FakeClock
from tests.ui.harness import launch, sign_in_on_screen


@pytest.fixture
def window(client: Client, qtbot: Any) -> MainWindow:
    """The client with the medic signed in through the screen (online or offline, as the
    server is)."""
    sign_in_on_screen(qtbot, client.window, *MEDIC)
    return client.window


def test_lock_then_unlock_with_the_same_password(window: MainWindow, device: Device,
                                                 qtbot: Any) -> None:
    assert window.account_button.isEnabled()
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    assert device.session is None and device.locked_email == MEDIC[0]
    assert window.signin.email.text() == MEDIC[0]
    assert window.signin.message.text().startswith("Locked.")
    assert not window.account_button.isEnabled()
    qtbot.keyClicks(window.signin.password, MEDIC[1])
    with qtbot.waitSignal(window.signin.signedIn, timeout=30000):
        window.signin.submit()


def test_sign_out(window: MainWindow, device: Device, qtbot: Any) -> None:
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    assert device.session is None and device.locked_email is None
    assert window.signin.email.text() == ""


def test_auto_lock_after_the_agencys_idle_time(window: MainWindow, device: Device,
                                               qtbot: Any, clock: FakeClock) -> None:
    qtbot.waitUntil(lambda: window.watching_input)  # starts just after the first frame
    clock.advance(minutes=14)
    qtbot.keyClick(window.incidents.search, Qt.Key.Key_A)  # activity postpones the lock
    clock.advance(minutes=14)
    window.lock_if_idle()
    window._ops.wait()
    QApplication.processEvents()
    assert device.session is not None
    clock.advance(minutes=2)
    window.lock_if_idle()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    assert device.locked_email == MEDIC[0]


def test_theme_toggle(window: MainWindow, qtbot: Any) -> None:
    app = QApplication.instance()
    theme.apply(app, "light")
    qtbot.mouseClick(window.theme_button, Qt.MouseButton.LeftButton)
    assert app.property("fieldclientTheme") == "dark"
    assert window.theme_button.text() == "Day mode"
    qtbot.mouseClick(window.theme_button, Qt.MouseButton.LeftButton)
    assert app.property("fieldclientTheme") == "light"


@pytest.mark.parametrize(("choice", "closes"), [("Keep working", False),
                                                ("Close fieldclient", True)])
def test_closing_with_unsynced_reports_asks_first(
        window: MainWindow, client: Client, agency: Any, clock: FakeClock, qtbot: Any,
        choice: str, closes: bool) -> None:
    agency.stop()
    session = window.session
    assert session is not None
    for _ in range(2):
        save(session, clock)
    with qtbot.waitSignal(window.bridge.syncStatus, timeout=30000,
                          check_params_cb=lambda status: status.pending == 2):
        client.runner.request()
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == choice).click()

    QTimer.singleShot(0, answer)
    window.close()
    visible = window.isVisible()
    assert seen and seen[0].startswith("2 reports are not synced yet. They are stored safely")
    assert visible is not closes


def test_change_password_from_the_account_menu(window: MainWindow, device: Device,
                                               qtbot: Any) -> None:
    window.change_password_action.trigger()
    dialog = window.password_dialog
    qtbot.keyClicks(dialog.current, MEDIC[1])
    qtbot.keyClicks(dialog.new, "a fresh and long passphrase")
    qtbot.keyClicks(dialog.confirm, "a fresh and long passphrase typo")
    dialog.save.click()
    assert "not the same" in dialog.message.text() and dialog.confirm.text() == ""
    qtbot.keyClicks(dialog.confirm, "password")
    dialog.new.setText("password")
    dialog.save.click()  # the server's policy reason comes back in plain words
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=30000)
    assert "12" in dialog.message.text()
    dialog.new.setText("a fresh and long passphrase")
    dialog.confirm.setText("a fresh and long passphrase")
    dialog.save.click()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Your password was changed"),
                    timeout=30000)
    assert dialog.current.text() == dialog.new.text() == ""
    dialog.accept()
    window.lock_action.trigger()  # unlocking offline-capable with the new password
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    qtbot.keyClicks(window.signin.password, "a fresh and long passphrase")
    with qtbot.waitSignal(window.signin.signedIn, timeout=30000):
        window.signin.submit()


def test_change_password_needs_an_online_sign_in(device: Device, qtbot: Any,
                                                 agency: Any) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    client = launch(qtbot, open_device=lambda: device)
    try:
        win = client.window
        sign_in_on_screen(qtbot, win, *MEDIC)
        for action in (win.change_password_action, win.mfa_action):
            assert not action.isEnabled()
            assert "needs an online sign-in" in action.text()
    finally:
        client.close()


def test_set_up_two_step_sign_in_with_a_qr_code(window: MainWindow, device: Device,
                                                agency: Any, clock: FakeClock,
                                                qtbot: Any) -> None:
    window.mfa_action.trigger()
    dialog = window.mfa_dialog
    qtbot.waitUntil(lambda: dialog.confirm.isEnabled(), timeout=30000)
    enrolment = dialog.enrolment
    assert enrolment is not None and enrolment.secret not in repr(enrolment)
    assert enrolment.otpauth_uri.startswith("otpauth://totp/")
    assert f"secret={enrolment.secret}" in enrolment.otpauth_uri
    assert dialog.secret.text().replace(" ", "") == enrolment.secret
    qr = dialog.qr.pixmap()
    assert not qr.isNull() and qr.width() == qr.height() >= 200
    dialog.code.setText("12ab56")
    dialog.submit()
    assert "6-digit code" in dialog.message.text()
    right = totp(enrolment.secret, clock.now())
    dialog.code.setText(str((int(right) + 1) % 10**6).zfill(6))
    dialog.submit()
    qtbot.waitUntil(lambda: "not correct" in dialog.message.text(), timeout=30000)
    dialog.code.setText(right)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.message.text().startswith("Two-step sign-in is on"),
                    timeout=30000)
    device.sign_out()
    clock.advance(seconds=30)  # a code is accepted once: the next sign-in needs a new one
    pending = device.sign_in(*MEDIC)
    assert isinstance(pending, MfaPending)
    assert isinstance(device.complete_mfa(pending, totp(enrolment.secret, clock.now())),
                      Session)
    device.sign_out()
    agency.stop()  # offline sign-in skips the second step
    assert sign_in(device, *MEDIC).offline
