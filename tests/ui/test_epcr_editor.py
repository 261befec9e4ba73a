"""The ePCR editor: rendered from the form, Save and Exit always saves, Complete checks."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.screens.after_complete import ADDENDUM_SAVED
from fieldclient.ui.screens.epcr_editor import SAVED_HERE
from fieldclient.ui.screens.signature_dialog import SignatureDialog
from fieldforms.validation import fields_of
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.nemsis import case_report
from tests.ui.harness import click, sign_in_on_screen, type_text
from tests.ui.pen import squiggle, with_mouse


def signed_in(window: MainWindow, device: Device, qtbot: Any) -> None:
    sign_in_on_screen(qtbot, window, *MEDIC)


def new_epcr(window: MainWindow, qtbot: Any) -> None:
    qtbot.mouseClick(window.incidents.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)


def save_and_exit(window: MainWindow, qtbot: Any, button: str = "save_button") -> None:
    """Click, then wait for the list with the saved report in it. (Sync reloads the list
    too, so any one reload says nothing about this save.)"""
    report_id, model = window.editor._report_id, window.incidents.model
    qtbot.mouseClick(getattr(window.editor, button), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents
                    and any(model.row_at(r).report_id == report_id
                            for r in range(model.rowCount())), timeout=30000)


def test_every_field_is_rendered_with_a_stable_name(window: MainWindow, device: Device,
                                                    qtbot: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    editor = window.editor
    form = device.session.store.latest_form("epcr")[2]  # type: ignore[union-attr,index]
    assert form["version"] == 3  # the agency's current form
    assert len(form["sections"]) == 17
    assert editor.sections.count() == 18  # and the signatures
    assert editor.sections.item(17).text() == "Signatures"
    for key, field in fields_of(form).items():
        if field.get("hidden") or field.get("auto") == "set_up":
            continue  # set-up fills these, never the crew
        widget = editor.findChild(QWidget, f"field:{key}")
        assert widget is not None and widget.accessibleName(), key
    assert editor.findChild(QPushButton, "now:eTimes.03") is not None
    assert editor.editors["eRecord.01"].value().startswith("PCR-")


def test_save_and_exit_saves_an_incomplete_report(window: MainWindow, device: Device,
                                                  qtbot: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    window.editor.editors["ePatient.03"].set_value("Ada")
    window.editor.editors["ePatient.02"].set_value("Lovelace")
    save_and_exit(window, qtbot)
    assert window.stack.currentWidget() is window.incidents
    assert window.incidents.message.text() == SAVED_HERE
    model = window.incidents.model
    assert [model.data(model.index(0, c)) for c in (3, 5)] == ["Ada Lovelace", "In progress"]
    # Online, Save and Exit asked the sync thread to push it at once.
    qtbot.waitUntil(lambda: model.data(model.index(0, 6)) == "Synced", timeout=30000)

    window.incidents.table.selectRow(0)
    window.incidents._activated(model.index(0, 0))  # what double-click or Enter does
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    assert window.editor.editors["ePatient.03"].value() == "Ada"
    window.editor.editors["eNarrative.01"].set_value("Fall")
    save_and_exit(window, qtbot)
    report = device.session.store.report(model.row_at(0).report_id)  # type: ignore[union-attr]
    assert report.local_revision == 2 and report.data["eNarrative.01"] == "Fall"


def test_complete_needs_a_valid_report_and_problems_jump_to_fields(
    window: MainWindow, device: Device, qtbot: Any
) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    editor = window.editor
    editor.complete()  # the form's checks, the XSD and the Schematron, on a worker
    qtbot.waitUntil(lambda: editor.summary.count() > 10, timeout=30000)
    assert window.stack.currentWidget() is editor  # not saved, not closed
    texts = [editor.summary.item(i).text() for i in range(editor.summary.count())]
    assert "Sex is required." in texts
    item = editor.summary.item(texts.index("Sex is required."))
    editor._jump(item)
    assert editor.sections.currentItem().text() == "Patient"
    assert editor.findChild(QWidget, "error:ePatient.25").isVisibleTo(editor)
    editor.editors["ePatient.25"].set_value("9919001")
    editor.recheck()  # what the edit timer does: still the full check after Complete
    texts = [editor.summary.item(i).text() for i in range(editor.summary.count())]
    assert "Sex is required." not in texts and "Incident Number is required." in texts


def complete_one(window: MainWindow, qtbot: Any) -> str:
    """A whole report (the 2025-EMS-1 case, moved to today), completed: its id."""
    new_epcr(window, qtbot)
    data = case_report("2025-EMS-1-Overdose_v351", datetime.now().astimezone(),
                       ("Jane", "Doe"))
    for key, value in data.items():
        if key in window.editor.editors and key != "eRecord.01":  # (it numbers the report)
            window.editor.editors[key].set_value(value)
    assert window.editor.problems(complete=True) == []
    report_id = window.editor._report_id
    save_and_exit(window, qtbot, "complete_button")
    model = window.incidents.model
    assert model.data(model.index(row_of(window, report_id), 5)) == "Completed"
    return report_id


def row_of(window: MainWindow, report_id: str) -> int:
    model = window.incidents.model
    return next(r for r in range(model.rowCount()) if model.row_at(r).report_id == report_id)


def open_report(window: MainWindow, qtbot: Any, report_id: str) -> None:
    window.incidents._activated(window.incidents.model.index(row_of(window, report_id), 0))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)


def test_completing_locks_the_report_at_once_and_an_addendum_goes_after_it(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer) -> None:
    from tests.client.test_sync import on_server

    signed_in(window, device, qtbot)
    agency.stop()  # not sent yet: locked all the same
    report_id = complete_one(window, qtbot)
    open_report(window, qtbot, report_id)
    editor = window.editor
    assert not editor.save_button.isVisibleTo(editor)
    assert not editor.reopen_button.isVisibleTo(editor)
    assert editor.locked_note.isVisibleTo(editor) and "addendum" in editor.locked_note.text()
    assert editor.editors["ePatient.02"].inner.line.isReadOnly()
    panel = editor.addenda
    assert panel.isVisibleTo(editor) and not panel.unlock_button.isVisibleTo(editor)
    type_text(qtbot, panel.text, "Pt's wife called: on warfarin.")
    click(qtbot, panel.add_button)  # the author signs it: the pad, their name filled in
    qtbot.waitUntil(lambda: editor.findChild(SignatureDialog, "addendumSignature")
                    is not None, timeout=30000)
    dialog = editor.findChild(SignatureDialog, "addendumSignature")
    qtbot.waitExposed(dialog)
    assert (dialog.first_name.text(), dialog.last_name.text()) == ("Morgan", "Medic")
    assert not dialog.save_button.isEnabled()  # not without a signature
    with_mouse(dialog.pad, squiggle())
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents, timeout=30000)
    assert window.incidents.message.text() == ADDENDUM_SAVED
    open_report(window, qtbot, report_id)
    shown = editor.findChild(QLabel, "addendum:0")
    assert shown is not None and "on warfarin" in shown.text() and "(not synced)" in shown.text()
    assert "Morgan Medic, signed" in shown.text()
    agency.start()
    qtbot.waitUntil(lambda: [s["block"] for s in (on_server(agency, report_id) or {}).get(
        "signatures", [])] == ["addendum"], timeout=60000)
    held = on_server(agency, report_id)
    assert held is not None and held["status"] == "completed"
    assert [a["text"] for a in held["addenda"]] == ["Pt's wife called: on warfarin."]
    assert held["signatures"][0]["addendum_id"] == held["addenda"][0]["id"]
    assert held["signatures"][0]["signer_type"] == "4512001"  # EMS Crew Member


def test_qa_unlocks_a_report_with_a_reason_then_it_is_edited_and_completed(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer) -> None:
    from tests.client.test_sync import history, on_server
    from tests.helpers import ADMIN

    signed_in(window, device, qtbot)
    report_id = complete_one(window, qtbot)
    model = window.incidents.model
    qtbot.waitUntil(lambda: model.data(model.index(row_of(window, report_id), 6)) == "Synced",
                    timeout=30000)
    open_report(window, qtbot, report_id)
    assert not window.editor.addenda.unlock_button.isVisibleTo(window.editor)  # a medic
    click(qtbot, window.editor.cancel_button)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents, timeout=30000)
    window.sign_out_action.trigger()  # what the Account menu's Sign out does
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    session = sign_in_on_screen(qtbot, window, *ADMIN)  # Administrator holds reports.unlock
    assert "reports.unlock" in session.user.permissions
    open_report(window, qtbot, report_id)
    editor = window.editor
    panel = editor.addenda
    assert panel.unlock_button.isVisibleTo(editor)
    click(qtbot, panel.unlock_button)  # no reason: refused, over the editor
    qtbot.waitUntil(lambda: editor.findChild(QWidget, "failureMessage") is not None,
                    timeout=30000)
    editor.findChild(QWidget, "failureMessage").close()
    type_text(qtbot, panel.reason, "Times to check against CAD.")
    click(qtbot, panel.unlock_button)
    qtbot.waitUntil(lambda: editor.save_button.isVisibleTo(editor), timeout=30000)
    assert not panel.isVisibleTo(editor)
    assert not editor.editors["ePatient.02"].inner.line.isReadOnly()
    editor.editors["eNarrative.01"].set_value("QA: times checked against CAD.")
    save_and_exit(window, qtbot, "complete_button")
    qtbot.waitUntil(lambda: (on_server(agency, report_id) or {}).get("data", {}).get(
        "eNarrative.01") == "QA: times checked against CAD.", timeout=60000)
    assert [(r["change"], r["reason"]) for r in history(agency, report_id)] == [
        ("edit", None), ("unlock", "Times to check against CAD."), ("edit", None)]


def test_now_button_and_repeating_rows(window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    editor = window.editor
    now = editor.findChild(QPushButton, "now:eTimes.03")
    qtbot.mouseClick(now, Qt.MouseButton.LeftButton)
    stamped = datetime.fromisoformat(editor.editors["eTimes.03"].value())
    assert stamped.tzinfo is not None
    assert abs((stamped - datetime.now().astimezone()).total_seconds()) < 120
    vitals = editor.editors["eVitals.VitalGroup"]
    for _ in range(3):
        qtbot.mouseClick(vitals.add_button, Qt.MouseButton.LeftButton)
    vitals.rows[0].editors["eVitals.06"].set_value("120")
    vitals.rows[2].editors["eVitals.07"].set_value("P")
    assert vitals.value() == [{"eVitals.06": 120}, {"eVitals.07": "P"}]
    qtbot.mouseClick(editor.findChild(QPushButton, "removeRow:eVitals.VitalGroup[0]"),
                     Qt.MouseButton.LeftButton)
    assert vitals.value() == [{"eVitals.07": "P"}]
    vitals.rows[0].editors["eVitals.06"].set_value("abc")
    editor.recheck()
    assert "eVitals.VitalGroup[0].eVitals.06" in [
        p.field for p in editor.problems(complete=False)]


def test_new_epcr_offline_from_the_cached_form(window: MainWindow, device: Device,
                                               agency: RestartableServer, qtbot: Any) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in_on_screen(qtbot, window, *MEDIC)
    assert session.offline
    new_epcr(window, qtbot)
    window.editor.editors["ePatient.03"].set_value("Offline")
    save_and_exit(window, qtbot)
    assert window.incidents.model.data(window.incidents.model.index(0, 6)) == "Not synced"


