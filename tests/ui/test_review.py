"""QA review through the real start path and the real server: the crew completes a
report; a reviewer finds it in Admin Tools' queue, comments on a field and returns it;
it reaches its author's laptop with the comment beside the field; the crew corrects it
and completes it again; it is back in the queue, and approved."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from fieldclient.signin.device import Device
from fieldclient.ui.admin.review_dialog import ReviewDialog
from fieldclient.ui.admin.review_fields import COMMENT
from fieldclient.ui.admin.review_queue import ReviewQueueScreen
from fieldclient.ui.main_window import MainWindow
from tests.client.test_sync import on_server
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.ui.harness import click, sign_in_on_screen, type_text
from tests.ui.test_epcr_editor import complete_one, open_report, row_of, save_and_exit

WAIT = 30_000
COMMENT_TEXT = "Say what the patient said about the fall."
NOTE = "Narrative incomplete."


def status_cell(window: MainWindow, report_id: str) -> str:
    model = window.incidents.model
    return str(model.data(model.index(row_of(window, report_id), 5)))


def sync_cell(window: MainWindow, report_id: str) -> str:
    model = window.incidents.model
    return str(model.data(model.index(row_of(window, report_id), 6)))


def switch_user(window: MainWindow, qtbot: Any, who: tuple[str, str]) -> None:
    window.sign_out_action.trigger()  # what the Account menu's Sign out does
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=WAIT)
    sign_in_on_screen(qtbot, window, *who)


def open_queue(window: MainWindow, qtbot: Any) -> ReviewQueueScreen:
    screen = window.admin.review
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        window.admin_button.click()
    window.admin.tabs.setCurrentWidget(screen)
    return screen


def open_review(qtbot: Any, screen: ReviewQueueScreen, report_id: str) -> ReviewDialog:
    row = [r.report_id for r in screen.model.rows()].index(report_id)
    index = screen.model.index(row, 0)
    qtbot.mouseClick(screen.table.viewport(), Qt.MouseButton.LeftButton,
                     pos=screen.table.visualRect(index).center())
    click(qtbot, screen.open_button)
    qtbot.waitUntil(lambda: screen.dialog is not None and screen.dialog.isVisible(),
                    timeout=WAIT)
    assert screen.dialog is not None
    qtbot.waitExposed(screen.dialog)
    return screen.dialog


def comment_on(qtbot: Any, dialog: ReviewDialog, key: str, text: str) -> None:
    """Click the field's comment cell and type: the first key opens the editor."""
    model, table = dialog.model, dialog.table
    index = model.index(next(r for r in range(model.rowCount()) if model.key_of(r) == key),
                        COMMENT)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton,
                     pos=table.visualRect(index).center())
    qtbot.keyClicks(table, text[0])
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not table  # the cell's editor
    type_text(qtbot, editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits it queued
    qtbot.waitUntil(lambda: model.comments() == {key: text}, timeout=WAIT)


def decide(qtbot: Any, screen: ReviewQueueScreen, dialog: ReviewDialog, button: Any) -> None:
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):  # the queue reloads
        click(qtbot, button)
    assert dialog.decided is not None


def review_status(agency: RestartableServer, report_id: str) -> str | None:
    held = on_server(agency, report_id) or {}
    return (held.get("review") or {}).get("status")


def test_returned_with_a_comment_corrected_on_the_laptop_then_approved(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer) -> None:
    sign_in_on_screen(qtbot, window, *MEDIC)
    report_id = complete_one(window, qtbot)
    qtbot.waitUntil(lambda: sync_cell(window, report_id) == "Synced", timeout=WAIT)
    assert not window.admin_button.isVisible()  # a medic reviews nothing

    switch_user(window, qtbot, ADMIN)  # the Administrator holds reports.review
    screen = open_queue(window, qtbot)
    assert window.admin.tabs.tabText(window.admin.tabs.currentIndex()) == "QA review"
    assert report_id in [r.report_id for r in screen.model.rows()]
    dialog = open_review(qtbot, screen, report_id)
    click(qtbot, dialog.return_button)  # nothing said: refused before any call
    qtbot.waitUntil(lambda: "Say what to correct" in dialog.message.text(), timeout=WAIT)
    comment_on(qtbot, dialog, "eNarrative.01", COMMENT_TEXT)
    type_text(qtbot, dialog.note, NOTE)
    decide(qtbot, screen, dialog, dialog.return_button)
    assert "Returned" in screen.message.text()
    assert report_id not in [r.report_id for r in screen.model.rows()]  # no longer waiting
    assert review_status(agency, report_id) == "returned"
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):  # the filter asks again
        screen.status.setCurrentIndex(screen.status.findData("returned"))
    assert [r.report_id for r in screen.model.rows()] == [report_id]
    assert screen.model.data(screen.model.index(0, 4)) == "Returned to the crew"
    type_text(qtbot, screen.unit, "No Such Unit")
    with qtbot.waitSignal(screen.model.modelReset, timeout=WAIT):
        click(qtbot, screen.search_button)
    assert screen.model.rowCount() == 0 and screen.page_label.text() == "No reports match"
    click(qtbot, window.admin.back)

    switch_user(window, qtbot, MEDIC)  # the author's laptop pulls it at its next sync
    qtbot.waitUntil(lambda: status_cell(window, report_id) == "Returned by QA", timeout=WAIT)
    open_report(window, qtbot, report_id)
    editor = window.editor
    assert editor.save_button.isVisibleTo(editor)  # theirs to correct
    comment = editor.findChild(QLabel, "review:eNarrative.01")
    assert not comment.isHidden() and comment.text() == f"QA: {COMMENT_TEXT}"
    banner = editor.review.banner
    assert banner.isVisibleTo(editor)
    assert banner.text().startswith("Returned by QA (Avery Admin, ")
    assert f"Note: {NOTE}" in banner.text()
    assert editor.findChild(QLabel, "review:ePatient.02").isHidden()
    narrative = editor.editors["eNarrative.01"]
    narrative.set_value(f"{narrative.value()} Pt states she tripped on the stairs.")
    save_and_exit(window, qtbot, "complete_button")
    qtbot.waitUntil(lambda: review_status(agency, report_id) == "awaiting", timeout=60_000)
    held = on_server(agency, report_id)
    assert held is not None and held["status"] == "completed"
    assert held["data"]["eNarrative.01"].endswith("tripped on the stairs.")
    open_report(window, qtbot, report_id)  # completed again: no comments shown
    assert not window.editor.review.banner.isVisibleTo(window.editor)
    click(qtbot, window.editor.cancel_button)

    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        approved = admin.post(f"/api/v1/reviews/{report_id}", json={
            "decision": "approved", "revision": held["revision"]})
    assert approved.status_code == 200, approved.text
    switch_user(window, qtbot, MEDIC)  # a sign-in syncs (else the periodic pass, 5 min)
    qtbot.waitUntil(lambda: status_cell(window, report_id) == "Approved by QA", timeout=WAIT)


def test_the_review_fields_model_is_a_sound_qt_model(qtmodeltester: Any) -> None:
    """Only the comment column edits; a comment with no words is no comment."""
    from fieldclient.admin.reviews import FieldShown
    from fieldclient.ui.admin.review_fields import ReviewFieldsModel

    model = ReviewFieldsModel()
    model.set_fields([FieldShown("ePatient.02", "Patient", "Last Name", "Doe"),
                      FieldShown("eNarrative.01", "Narrative", "Narrative", "")])
    qtmodeltester.check(model)
    assert not model.setData(model.index(0, 2), "changed answer")
    assert model.data(model.index(0, 2)) == "Doe" and model.data(model.index(1, 2)) == "—"
    assert model.setData(model.index(1, COMMENT), "Write one.")
    assert model.setData(model.index(0, COMMENT), "   ")
    assert model.comments() == {"eNarrative.01": "Write one."}
    qtmodeltester.check(model)
