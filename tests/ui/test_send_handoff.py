"""Send to destination, through the real start path, a real server and a real SMTP
server: the dialog offers the agency's address for the report's destination, the
facility's email holds a link and no patient, and the link gives the report's PDF
once. Without the server, it says so and sends nothing."""

from __future__ import annotations

import subprocess
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldclient.signin.device import Device
from fieldclient.ui.admin.facilities import EMAIL
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.printing.send_dialog import SendDialog
from tests.helpers import ADMIN
from tests.support.agency import RestartableServer
from tests.support.nemsis import case_report
from tests.support.smtp import Inbox
from tests.test_handoff_links import ED, link_in
from tests.ui.harness import click, sign_in_on_screen, type_into, type_text
from tests.ui.test_epcr_editor import new_epcr, open_report, row_of, save_and_exit, signed_in

WAIT = 30_000
YALE = "Yale New Haven Hospital"  # the 2025-DEM-1 case's facility 070022


def agency_knows_the_address(window: MainWindow, agency: RestartableServer,
                             qtbot: Any) -> None:
    """The DEMDataSet (2025-DEM-1) by the API; Yale's handoff email typed into Admin
    Tools' Facilities tab by the administrator."""
    from tests.test_nemsis_api import DEM_1, XML

    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        assert admin.put("/api/v1/nemsis/dem", content=DEM_1, headers=XML).status_code == 200
    sign_in_on_screen(qtbot, window, *ADMIN)
    screen = window.admin.facilities
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        window.admin_button.click()
    window.admin.tabs.setCurrentWidget(screen)
    model, table = screen.model, screen.table
    row = next(r for r in range(model.rowCount()) if model.data(model.index(r, 1)) == "070022")
    index = model.index(row, EMAIL)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    qtbot.keyClicks(table, ED[0])  # the first key opens the cell's editor
    editor = QApplication.focusWidget()
    type_text(qtbot, editor, ED[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: model.emails().get("070022") == ED, timeout=WAIT)
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        click(qtbot, screen.save)
    assert screen.message.text() == "Saved."
    click(qtbot, window.admin.back)
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=WAIT)


def synced_report_to_yale(window: MainWindow, qtbot: Any) -> str:
    new_epcr(window, qtbot)
    report_id = window.editor._report_id
    data = case_report("2025-EMS-1-Overdose_v351", datetime.now().astimezone(),
                       ("Jane", "Doe")) | {"eDisposition.01": YALE}
    for key, value in data.items():
        if key in window.editor.editors and key != "eRecord.01":
            window.editor.editors[key].set_value(value)
    save_and_exit(window, qtbot, "complete_button")
    model = window.incidents.model
    qtbot.waitUntil(lambda: model.data(model.index(row_of(window, report_id), 6)) == "Synced",
                    timeout=WAIT)
    return report_id


def open_send_dialog(window: MainWindow, qtbot: Any) -> SendDialog:
    handoff = window.editor.handoff
    assert handoff.button.isVisible()
    # The menu's own action, as picking it does. (Reopening a report leaves PySide6's
    # wrapper of a menu action stale though the action lives on: look it up afresh.)
    next(a for a in handoff.menu.actions() if a.objectName() == "sendHandoff").trigger()
    qtbot.waitUntil(lambda: handoff.send_dialog is not None
                    and handoff.send_dialog.isVisible(), timeout=WAIT)
    assert handoff.send_dialog is not None
    qtbot.waitExposed(handoff.send_dialog)
    return handoff.send_dialog


def test_the_destination_gets_a_link_to_the_report(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer,
        inbox: Inbox) -> None:
    agency_knows_the_address(window, agency, qtbot)
    signed_in(window, device, qtbot)
    report_id = synced_report_to_yale(window, qtbot)
    open_report(window, qtbot, report_id)
    dialog = open_send_dialog(window, qtbot)
    qtbot.waitUntil(lambda: dialog.email.text() == ED, timeout=WAIT)  # the agency's
    assert dialog.facility.text() == YALE
    click(qtbot, dialog.send_button)
    qtbot.waitUntil(lambda: dialog.message.text().startswith(f"Sent to {ED}."), timeout=WAIT)
    message = inbox.wait_for(ED)
    body = message.get_body(("plain",))
    assert body is not None and "Jane" not in body.get_content() + str(message["Subject"])
    assert agency.live is not None
    with agency.live.client() as hospital:
        pdf = hospital.post("/handoff", data={"token": link_in(message)})
    assert pdf.status_code == 200
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.content, check=True,
                          capture_output=True).stdout.decode()
    assert "Jane" in text and "Doe" in text  # the report itself, for the nurse
    click(qtbot, dialog.close_button)


def test_a_report_not_on_the_server_yet_is_not_sent(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer,
        inbox: Inbox) -> None:
    from fieldclient.reports.sending import NOT_ON_SERVER

    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)  # never saved: the server has no such report
    dialog = open_send_dialog(window, qtbot)
    qtbot.waitUntil(lambda: dialog.message.text() == NOT_ON_SERVER, timeout=WAIT)
    type_into(qtbot, dialog.email, ED)
    dialog.message.setText("")
    click(qtbot, dialog.send_button)
    qtbot.waitUntil(lambda: dialog.message.text() == NOT_ON_SERVER, timeout=WAIT)
    assert dialog.sent is None and inbox.to(ED) == []


def test_without_the_server_it_says_so_and_sends_nothing(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer,
        inbox: Inbox) -> None:
    signed_in(window, device, qtbot)
    report_id = synced_report_to_yale(window, qtbot)
    open_report(window, qtbot, report_id)
    agency.stop()
    dialog = open_send_dialog(window, qtbot)
    qtbot.waitUntil(lambda: dialog.message.property("role") == "error", timeout=WAIT)
    type_into(qtbot, dialog.email, "not an address")
    click(qtbot, dialog.send_button)
    assert "Enter the facility's email address" in dialog.message.text()
    type_into(qtbot, dialog.email, ED)
    dialog.message.setProperty("role", "")
    click(qtbot, dialog.send_button)
    qtbot.waitUntil(lambda: dialog.message.property("role") == "error", timeout=WAIT)
    assert dialog.send_button.isEnabled() and dialog.sent is None
    assert inbox.to(ED) == []


def test_the_facility_emails_model_is_a_sound_qt_model(qtmodeltester: Any) -> None:
    from fieldclient.ui.admin.facilities import FacilityEmailsModel

    model = FacilityEmailsModel()
    model.set_rows([{"code": "070022", "name": YALE, "email": None},
                    {"code": "X9", "name": "", "email": "old@example.org"}])
    qtmodeltester.check(model)
    assert not model.setData(model.index(0, 0), "Renamed")
    assert model.setData(model.index(0, EMAIL), "  ed@yale.example ")
    assert model.emails() == {"070022": "ed@yale.example", "X9": "old@example.org"}
    qtmodeltester.check(model)
