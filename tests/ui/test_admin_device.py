"""Admin Tools → This device: cached users, removing one, unregister and wipe."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest

from fieldclient.admin.this_device import CannotRemove, ThisDevice
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal, SignInRefused
from fieldclient.ui.admin.this_device import DeviceScreen, loss_text, remove_prompt
from fieldclient.ui.main_window import MainWindow
from tests.client.test_signin import sign_in
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.ui.dialogs import BoxAnswerer
from tests.ui.test_admin_users import signed_in


def open_device_tab(window: MainWindow, qtbot: Any) -> DeviceScreen:
    with qtbot.waitSignal(window.admin.device.model.modelReset, timeout=30000):
        window.admin_button.click()
    return window.admin.device


def by_email(screen: DeviceScreen) -> dict[str, Any]:
    return {u.email: u for u in screen.model.rows()}


def medic_failed_once_offline(device: Device, agency: RestartableServer,
                              clock: FakeClock) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    with pytest.raises(SignInRefused):
        device.sign_in(MEDIC[0], "not the password")
    agency.start()
    clock.advance(minutes=5)


def test_cached_users_show_last_online_expiry_and_failed_attempts(
        window: MainWindow, device: Device, agency: RestartableServer, clock: FakeClock,
        qtbot: Any, qtmodeltester: Any) -> None:
    medic_online = clock.now()
    medic_failed_once_offline(device, agency, clock)
    signed_in(window, device, qtbot, ADMIN)
    screen = open_device_tab(window, qtbot)
    users = by_email(screen)
    assert set(users) == {MEDIC[0], ADMIN[0]}
    medic = users[MEDIC[0]]
    assert medic.name == "Morgan Medic" and medic.failed_attempts == 1
    assert medic.last_online == medic_online
    assert medic.offline_until == medic_online + timedelta(days=14)
    assert medic.offline == "Allowed"
    row = [u.email for u in screen.model.rows()].index(MEDIC[0])
    cells = [screen.model.data(screen.model.index(row, c)) for c in range(6)]
    assert cells[0] == "Morgan Medic" and cells[4] == "Allowed" and cells[5] == "1"
    assert cells[3] == (medic_online + timedelta(days=14)).astimezone().strftime(
        "%Y-%m-%d %H:%M")
    qtmodeltester.check(screen.model)


def test_remove_one_user_then_they_cannot_sign_in_offline(
        window: MainWindow, device: Device, agency: RestartableServer, clock: FakeClock,
        qtbot: Any) -> None:
    medic_failed_once_offline(device, agency, clock)
    signed_in(window, device, qtbot, ADMIN)
    screen = open_device_tab(window, qtbot)
    screen.remove_button.click()
    assert screen.message.text() == "Choose a user in the list first."
    medic = by_email(screen)[MEDIC[0]]
    screen.table.selectRow(screen.model.rows().index(medic))
    answer = BoxAnswerer("removeCachedUserDialog", "Remove")
    with qtbot.waitSignal(screen.model.modelReset, timeout=30000):
        screen.remove_button.click()
    assert answer.texts == [remove_prompt(medic)]
    assert set(by_email(screen)) == {ADMIN[0]}
    assert "Removed Morgan Medic" in screen.message.text()
    admin_id = by_email(screen)[ADMIN[0]].user_id
    with pytest.raises(CannotRemove, match="signed in as this user"):
        ThisDevice(device).remove_user(admin_id)
    device.sign_out()
    agency.stop()
    with pytest.raises(SignInRefused) as refused:
        device.sign_in(*MEDIC)
    assert refused.value.reason is Refusal.NO_ACCOUNT


def test_unregister_needs_typed_wipe_says_what_is_lost_and_erases_the_device(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    session = device.session
    assert session is not None
    session.store.save_report(str(uuid.uuid4()), form_id="epcr", form_version=1,
                              data={"ePatient.03": "Unsynced"}, author_id=session.user.id,
                              status="in_progress", now=device.clock.now())
    device_id = device.device_id
    screen = open_device_tab(window, qtbot)
    screen.wipe_button.click()
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible(),
                    timeout=30000)
    dialog = screen.dialog
    assert dialog is not None
    assert dialog.loss.text() == "1 report that is not synced would be lost for good."
    assert not dialog.wipe.isEnabled()
    dialog.typed.setText("wipe")
    assert not dialog.wipe.isEnabled()
    with pytest.raises(CannotRemove):
        ThisDevice(device).unregister("wipe")  # the core insists too
    dialog.typed.setText("WIPE")
    assert dialog.wipe.isEnabled()
    with qtbot.waitSignal(window.bridge.deviceWiped, timeout=30000):
        dialog.wipe.click()
    assert window.stack.currentWidget() is window.setup
    assert "unregistered" in window.setup.message.text()
    assert not device.is_set_up and device.session is None
    assert not device.paths.database.exists()
    assert not window.admin_action.isVisible()
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        statuses = {d["device_id"]: d["status"] for d in admin.get("/api/v1/devices").json()}
    assert statuses[device_id] == "revoked"


def test_unregister_offline_changes_nothing(window: MainWindow, device: Device,
                                            agency: RestartableServer, qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    agency.stop()
    with pytest.raises(Exception, match="needs the network"):
        ThisDevice(device).unregister("WIPE")
    assert device.is_set_up and device.session is not None


def test_loss_text_counts_drafts_too() -> None:
    from fieldclient.admin.this_device import Unsynced

    assert loss_text(Unsynced(0, 0)).startswith("Every report on this device is synced")
    assert loss_text(Unsynced(3, 1)) == ("3 reports that are not synced and 1 unsaved draft "
                                         "would be lost for good.")
