"""Admin Tools → Devices (issue 14, finding 8): the agency's laptops, each with the reports
it has not uploaded, shown before the admin confirms a revoke; a revoke waits for them,
and "now" (a lost laptop) says what is lost. Through the real start path and widgets."""

from __future__ import annotations

from typing import Any

from fieldclient.signin.device import Device
from fieldclient.ui.admin.devices import DevicesScreen
from fieldclient.ui.main_window import MainWindow
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.ui.dialogs import BoxAnswerer
from tests.ui.harness import click, sign_in_on_screen

WAIT = 30_000


def other_laptop_holding(agency: RestartableServer, unsynced: int) -> str:
    """Another laptop of the agency, whose medic's last sync said `unsynced` reports wait
    (what its client sends at each sync: docs/protocol.md, credential-check)."""
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        laptop = admin.post("/api/v1/devices", json={"name": "Medic 9 laptop"}).json()
    token = agency.live.login(*MEDIC, device_id=laptop["device_id"]).json()["access_token"]
    with agency.live.client(token) as medic:
        medic.post(f"/api/v1/devices/{laptop['device_id']}/credential-check",
                   json={"users": [], "unsynced_reports": unsynced}).raise_for_status()
    return str(laptop["device_id"])


def server_status(agency: RestartableServer, device_id: str) -> str:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        listed: list[dict[str, Any]] = admin.get("/api/v1/devices").json()
    return str(next(d["status"] for d in listed if d["device_id"] == device_id))


def open_devices_tab(window: MainWindow, qtbot: Any) -> DevicesScreen:
    with qtbot.waitSignal(window.admin.devices.model.modelReset, timeout=WAIT):
        window.admin_button.click()
    window.admin.tabs.setCurrentWidget(window.admin.devices)
    return window.admin.devices


def row_of(screen: DevicesScreen, name: str) -> int:
    return [d.name for d in screen.model.rows()].index(name)


def cells(screen: DevicesScreen, row: int) -> list[str]:
    return [screen.model.data(screen.model.index(row, c)) for c in range(4)]


def answer(qtbot: Any, screen: DevicesScreen, button: Any, choice: str) -> str:
    """Click `button`, answer the confirmation with `choice`; the box's text."""
    answerer = BoxAnswerer("revokeDeviceDialog", choice)
    try:
        with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
            click(qtbot, button)
    finally:
        answerer.stop()
    return answerer.texts[0]


def test_the_device_list_shows_what_each_laptop_holds_before_a_revoke(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any,
        qtmodeltester: Any) -> None:
    laptop = other_laptop_holding(agency, 3)
    sign_in_on_screen(qtbot, window, *ADMIN)
    screen = open_devices_tab(window, qtbot)
    qtmodeltester.check(screen.model)
    row = row_of(screen, "Medic 9 laptop")
    assert cells(screen, row)[1] == "Active" and cells(screen, row)[2].startswith("3 (as of ")
    assert cells(screen, row_of(screen, "Test Laptop"))[1] == "Active (this laptop)"

    screen.table.selectRow(row)
    text = answer(qtbot, screen, screen.revoke_button, "Revoke")
    assert "holds 3 reports not uploaded yet" in text and "Nothing is lost" in text
    assert server_status(agency, laptop) == "revoking"
    row = row_of(screen, "Medic 9 laptop")
    assert cells(screen, row)[1] == "Being revoked: waiting for 3 reports to upload"

    screen.table.selectRow(row)  # then it is reported stolen
    text = answer(qtbot, screen, screen.force_button, "Revoke now")
    assert "3 reports not uploaded" in text and "would be lost for good" in text
    assert server_status(agency, laptop) == "revoked"
    assert cells(screen, row_of(screen, "Medic 9 laptop"))[1] == "Revoked"


def test_keeping_it_changes_nothing_and_this_laptop_is_not_revoked_here(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    laptop = other_laptop_holding(agency, 1)
    sign_in_on_screen(qtbot, window, *ADMIN)
    screen = open_devices_tab(window, qtbot)
    screen.table.selectRow(row_of(screen, "Medic 9 laptop"))
    answerer = BoxAnswerer("revokeDeviceDialog", "Keep it")
    click(qtbot, screen.force_button)  # the box runs its own loop: answered before return
    answerer.stop()
    assert "1 report not uploaded" in answerer.texts[0]
    assert server_status(agency, laptop) == "active"
    screen.table.selectRow(row_of(screen, "Test Laptop"))
    click(qtbot, screen.revoke_button)  # no box: said at once
    assert "'This device' tab" in screen.message.text()
    assert device.session is not None and server_status(agency, device.device_id) == "active"
