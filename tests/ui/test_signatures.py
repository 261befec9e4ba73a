"""Signatures in the editor, through the real start path: a refusal needs the patient's
and a witness's signature before Complete; pen, touch and mouse strokes make an image
that is not blank; a signed report edited afterwards is marked "signed an earlier
version", with what changed, and the signature still syncs as it was given."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton

from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.screens.signature_dialog import SignatureDialog
from fieldforms import signatures
from tests.support.agency import RestartableServer
from tests.support.nemsis import case_report
from tests.ui.harness import click, type_into, type_text
from tests.ui.pen import dark_pixels, squiggle, with_finger, with_mouse, with_pen
from tests.ui.test_epcr_editor import new_epcr, open_report, save_and_exit, signed_in

WAIT = 30000
REQUIRED = "a signature is required"


def fill(window: MainWindow, data: dict[str, Any]) -> None:
    for key, value in data.items():
        if key in window.editor.editors and key != "eRecord.01":
            window.editor.editors[key].set_value(value)


def labels(window: MainWindow, name: str) -> list[str]:
    """The texts of the live labels so named (a refreshed page replaces them)."""
    return [label.text() for label in window.editor.findChildren(QLabel, name)
            if not label.isHidden()]


def open_dialog(window: MainWindow, qtbot: Any, key: str) -> SignatureDialog:
    window.editor.sections.setCurrentRow(window.editor.sections.count() - 1)
    click(qtbot, window.editor.findChild(QPushButton, f"sign:{key}"))
    qtbot.waitUntil(lambda: open_dialogs(window) != [], timeout=WAIT)
    [dialog] = open_dialogs(window)
    qtbot.waitExposed(dialog)
    return dialog


def open_dialogs(window: MainWindow) -> list[SignatureDialog]:
    """Shown ones: a closed one lingers until its deleteLater runs."""
    return [d for d in window.findChildren(SignatureDialog) if d.isVisible()]


def sign(window: MainWindow, qtbot: Any, key: str, name: tuple[str, str],
         draw: Callable[..., None]) -> None:
    dialog = open_dialog(window, qtbot, key)
    type_into(qtbot, dialog.first_name, name[0])
    type_into(qtbot, dialog.last_name, name[1])
    draw(dialog.pad, squiggle())
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.save_button)
    qtbot.waitUntil(lambda: any(t.startswith(f"Signed by {name[0]} {name[1]}")
                                for t in labels(window, f"signatureState:{key}")), timeout=WAIT)


def problems(window: MainWindow) -> list[str]:
    summary = window.editor.summary
    return [summary.item(i).text() for i in range(summary.count())]


def test_a_refusal_needs_both_signatures_before_complete(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    editor = window.editor
    report_id = editor._report_id
    refused = {"eDisposition.28": "4228003"}  # Patient Evaluated and Refused Care
    fill(window, case_report("2025-EMS-1-Overdose_v351", datetime.now().astimezone(),
                             ("Jane", "Doe")) | refused)
    click(qtbot, editor.complete_button)
    qtbot.waitUntil(lambda: any(REQUIRED in t for t in problems(window)), timeout=WAIT)
    assert [t for t in problems(window) if REQUIRED in t] == [
        f"Refusal: patient: {REQUIRED} (or say why it could not be had).",
        f"Refusal: witness: {REQUIRED} (or say why it could not be had)."]
    assert window.stack.currentWidget() is editor  # not completed
    editor._jump(editor.summary.item(0))  # what clicking the problem does
    assert editor.sections.currentItem().text() == "Signatures"
    assert labels(window, "signatureBlock:refusal_patient") == [
        "<b>Refusal: patient</b> (required)"]
    assert labels(window, "signatureBlock:hipaa_billing") == ["<b>Privacy notice and "
                                                              "billing</b>"]
    sign(window, qtbot, "refusal_patient", ("Jane", "Doe"), with_pen)
    sign(window, qtbot, "refusal_witness", ("Sam", "Ortiz"), with_finger)
    save_and_exit(window, qtbot, "complete_button")
    report = device.session.store.report(report_id)  # type: ignore[union-attr]
    assert report is not None and report.status == "completed"
    kept = {s.given.block: s for s in report.signatures}
    assert set(kept) == {"refusal_patient", "refusal_witness"}
    assert kept["refusal_witness"].given.signer_type == "4512019"  # Witness
    for signature in kept.values():
        assert signature.given.status == signatures.SIGNED
        assert dark_pixels(signature.given.image or b"") > 200  # ink, not a blank pad
        assert signatures.changes(report_form(device), signature.signed_data, report.data) == []


def report_form(device: Device) -> dict[str, Any]:
    form = device.session.store.form("epcr", 3)  # type: ignore[union-attr]
    assert form is not None
    return form


def test_the_pad_takes_no_tap_for_a_signature_and_undoes_and_clears(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    dialog = open_dialog(window, qtbot, "hipaa_billing")
    type_text(qtbot, dialog.last_name, "Doe")
    with_mouse(dialog.pad, [(100, 100), (101, 101)])  # a tap
    assert dialog.pad.stroke_count() == 1 and not dialog.save_button.isEnabled()
    with_mouse(dialog.pad, squiggle())
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.undo_button)
    click(qtbot, dialog.undo_button)
    assert dialog.pad.stroke_count() == 0 and not dialog.save_button.isEnabled()
    with_finger(dialog.pad, squiggle(top=120))
    assert dialog.save_button.isEnabled()
    click(qtbot, dialog.clear_button)
    assert dialog.pad.is_blank() and not dialog.save_button.isEnabled()
    dialog.status.setCurrentIndex(dialog.status.findData("4515019"))  # Not Signed - Refused
    assert dialog.save_button.isEnabled() and not dialog.pad.isEnabled()
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: open_dialogs(window) == [], timeout=WAIT)
    assert labels(window, "signatureState:hipaa_billing") == ["Not signed"]
    assert device.session.store.report(window.editor._report_id) is None  # nothing kept


def test_a_signed_report_edited_afterwards_shows_the_earlier_version_mark(
        window: MainWindow, device: Device, qtbot: Any, agency: RestartableServer) -> None:
    from tests.client.test_sync import on_server

    signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    editor = window.editor
    report_id = editor._report_id
    type_text(qtbot, editor.editors["ePatient.02"].inner.line, "Lee")
    sign(window, qtbot, "transfer_of_care", ("Rosa", "Diaz"), with_mouse)
    assert labels(window, "signatureMark:transfer_of_care") == []  # signed what it says
    line = editor.editors["ePatient.02"].inner.line
    line.setFocus()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    type_text(qtbot, line, "i")
    assert editor.editors["ePatient.02"].value() == "Li"
    qtbot.waitUntil(lambda: labels(window, "signatureMark:transfer_of_care") != [],
                    timeout=WAIT)
    [mark] = labels(window, "signatureMark:transfer_of_care")
    assert mark.startswith("Signed an earlier version (revision 1).")
    assert "Last Name: Lee → Li" in mark
    save_and_exit(window, qtbot)
    open_report(window, qtbot, report_id)
    qtbot.waitUntil(lambda: labels(window, "signatureMark:transfer_of_care") != [],
                    timeout=WAIT)
    assert "Last Name: Lee → Li" in labels(window, "signatureMark:transfer_of_care")[0]
    qtbot.waitUntil(lambda: len((on_server(agency, report_id) or {}).get("signatures", []))
                    == 1, timeout=60000)
    held = on_server(agency, report_id)
    assert held is not None and held["data"]["ePatient.02"] == "Li"
    assert held["signatures"][0]["signed_data"]["ePatient.02"] == "Lee"
