"""Admin Tools → Agency settings against the real server, and what they change offline."""

from __future__ import annotations

from typing import Any

from fieldclient.admin.calls import Admin
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal
from fieldclient.ui.main_window import MainWindow
from tests.client.test_signin import refusal, sign_in
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.ui.harness import sign_in_on_screen


def test_turning_offline_sign_in_off_reaches_the_next_online_sign_in(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    sign_in_on_screen(qtbot, window, *ADMIN)
    window.admin_button.click()
    panel = window.admin
    assert [panel.tabs.tabText(i) for i in range(panel.tabs.count())] == [
        "Users", "Roles && Permissions", "Agency settings", "NEMSIS", "Facilities", "QA review",
        "Devices", "This device"]
    screen = panel.agency
    qtbot.waitUntil(lambda: screen.offline_days.value() == 14 and screen.offline.isChecked(),
                    timeout=30000)
    screen.offline.setChecked(False)
    screen.offline_days.setValue(30)
    screen.auto_lock.setValue(5)
    screen.save.click()
    qtbot.waitUntil(lambda: screen.message.text().startswith("Saved"), timeout=30000)
    assert device.session is not None
    stored = Admin(device.session).agency()
    assert (stored["offline_login_enabled"], stored["offline_max_days"],
            stored["auto_lock_minutes"]) == (False, 30, 5)
    window._ops.wait()
    device.sign_out()
    assert sign_in(device, *MEDIC).user.agency["auto_lock_minutes"] == 5
    device.sign_out()
    agency.stop()
    assert refusal(device, *MEDIC).reason is Refusal.AGENCY_OFFLINE_DISABLED


def test_out_of_range_values_cannot_be_entered(window: MainWindow, device: Device,
                                               qtbot: Any) -> None:
    sign_in_on_screen(qtbot, window, *ADMIN)
    window.admin_button.click()
    screen = window.admin.agency
    screen.offline_days.setValue(500)
    screen.auto_lock.setValue(0)
    assert (screen.offline_days.value(), screen.auto_lock.value()) == (90, 1)
