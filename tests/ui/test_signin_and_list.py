"""Sign-in screen and Incident List against the real server, online and offline."""

from __future__ import annotations

import threading
import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldclient.plumbing.errors import DiskFull
from fieldclient.signin.device import Device
from fieldclient.storage.store import ListQuery
from fieldclient.ui.app import start
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.main_window import MainWindow
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC, MFA_USER, totp
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.ui.harness import sign_in_on_screen


def type_and_sign_in(qtbot: Any, window: MainWindow, email: str, password: str) -> None:
    sign_in_on_screen(qtbot, window, email, password)


def test_stable_object_names(window: MainWindow) -> None:
    from PySide6.QtWidgets import QWidget

    assert window.incidents is not None  # built on first use (after a sign-in)
    for name in ("loginEmail", "loginPassword", "loginButton", "loginMessage", "mfaCode",
                 "connectionIndicator", "incidentTable", "incidentSearch", "newReportButton",
                 "syncStatus"):
        found = window.findChild(QWidget, name)
        assert found is not None, name
        if name.startswith(("login", "mfa", "incident")):
            assert found.accessibleName()
    assert window.objectName() == "mainWindow"


def test_online_sign_in_lands_on_the_incident_list(
    window: MainWindow, device: Device, qtbot: Any, clock: FakeClock
) -> None:
    session = sign_in(device, *MEDIC)
    session.store.save_report(str(uuid.uuid4()), form_id="epcr", form_version=1,
                              author_id=session.user.id, now=clock.now(),
                              data={"ePatient.03": "Ada", "ePatient.02": "Lovelace"})
    device.sign_out()
    type_and_sign_in(qtbot, window, *MEDIC)
    assert window.stack.currentWidget() is window.incidents
    qtbot.waitUntil(lambda: window.incidents.connection.text() == "● Online", timeout=30000)
    assert not window.incidents.offline_marker.isVisibleTo(window)
    model = window.incidents.model
    with qtbot.waitSignal(model.modelReset, timeout=30000):
        window.incidents.status_filter.setCurrentIndex(1)  # In progress
    assert model.query == ListQuery("", "in_progress", None)
    assert model.rowCount() == 1
    assert [model.data(model.index(0, c)) for c in (3, 5)] == ["Ada Lovelace", "In progress"]
    # Sign-in asked the sync thread to push: the saved report reaches the server.
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.data(model.index(0, 6))
                    == "Synced", timeout=30000)
    assert window.signin.password.text() == ""  # never left lying in the field


def test_offline_sign_in_shows_offline_mode(
    window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    type_and_sign_in(qtbot, window, *MEDIC)
    assert window.incidents.offline_marker.isVisibleTo(window)
    assert window.incidents.offline_marker.text() == "Offline mode"


def test_refusal_is_shown_in_plain_words(window: MainWindow, device: Device,
                                         agency: RestartableServer, qtbot: Any) -> None:
    agency.stop()
    screen = window.signin
    qtbot.keyClicks(screen.email, "nobody@demo.local")
    qtbot.keyClicks(screen.password, "whatever it is 1")
    with qtbot.waitSignal(screen.button.clicked):
        screen.button.click()
    qtbot.waitUntil(lambda: screen.button.isEnabled(), timeout=30000)
    assert "sign in online once on this device" in screen.message.text().lower()
    assert screen.password.text() == ""
    assert window.stack.currentWidget() is screen


def test_mfa_step(window: MainWindow, qtbot: Any, clock: FakeClock) -> None:
    screen = window.signin
    qtbot.keyClicks(screen.email, MFA_USER[0])
    qtbot.keyClicks(screen.password, MFA_USER[1])
    screen.submit()
    qtbot.waitUntil(lambda: screen.mfa.isVisible(), timeout=30000)
    assert "authenticator" in screen.message.text()
    qtbot.keyClicks(screen.mfa, totp(at=clock.now()))
    with qtbot.waitSignal(window.bridge.signedIn, timeout=30000):
        screen.submit()
    assert not screen.mfa.isVisible()


def test_operations_split_expected_failures_from_bugs(qtbot: Any) -> None:
    bugs: list[BaseException] = []
    expected: list[Exception] = []
    ops = Operations(bugs.append)

    def full() -> None:
        raise DiskFull("The disk is full.")

    def bug() -> None:
        raise KeyError("oops")

    with qtbot.waitSignal(ops.destroyed, timeout=100, raising=False):
        ops.run(full, lambda _r: None, expected.append)
        ops.run(bug, lambda _r: None, expected.append)
        ops.wait()
    qtbot.waitUntil(lambda: len(expected) == 1 and len(bugs) == 1, timeout=5000)
    assert isinstance(expected[0], DiskFull) and isinstance(bugs[0], KeyError)


def test_forgot_password_online_and_offline(window: MainWindow, agency: RestartableServer,
                                            qtbot: Any, inbox: Any) -> None:
    screen = window.signin
    screen.forgot.click()
    assert "Enter your email first" in screen.message.text()
    qtbot.keyClicks(screen.email, MEDIC[0])
    screen.forgot.click()
    qtbot.waitUntil(lambda: "reset link is on its way" in screen.message.text(), timeout=30000)
    assert "reset-password?token=" in inbox.wait_for(MEDIC[0]).get_body().get_content()
    agency.stop()
    screen.forgot.click()
    qtbot.waitUntil(lambda: "needs the network" in screen.message.text(), timeout=30000)


def test_a_sign_in_pressed_while_the_core_loads_goes_ahead_once_it_is_there(
    device: Device, qtbot: Any
) -> None:
    """Start-up shows the window before the core (ui/app.py); nothing typed is lost."""
    sign_in(device, *MEDIC)
    device.sign_out()
    core_may_load = threading.Event()

    def slow_core() -> Device:
        core_may_load.wait(30)
        return device

    app = QApplication.instance()
    client = start(app, open_device=slow_core)
    try:
        window, screen = client.window, client.window.signin
        qtbot.waitExposed(window)
        qtbot.keyClicks(screen.email, MEDIC[0])
        qtbot.keyClicks(screen.password, MEDIC[1])
        qtbot.mouseClick(screen.button, Qt.MouseButton.LeftButton)
        assert client.device is None
        assert screen.button.text() == "Signing in…" and not screen.button.isEnabled()
        with qtbot.waitSignal(window.bridge.signedIn, timeout=30000):
            core_may_load.set()
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents)
    finally:
        core_may_load.set()
        client.close()
    assert client.crash.calls == 0
