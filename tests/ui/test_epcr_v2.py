"""The editor on form v2 (NEMSIS v3.5.1), through the real start path: NOT values and
pertinent negatives beside each field, "Not applicable" for a section in one tap, the
national Schematron's Not Applicable rules, the defined-list pickers, and Complete held
to the XSD and the Schematron."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton, QWidget

from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from fieldclient.ui.screens.cell_editor import CellEditor
from fieldforms import epcr_v2
from tests.support.agency import RestartableServer
from tests.ui.harness import click, type_into
from tests.ui.test_epcr_editor import new_epcr, save_and_exit, signed_in

NA = "7701001"


def open_v2(window: MainWindow, device: Device, qtbot: Any) -> None:
    """A new report: on the agency's current form, v3 (v2's NEMSIS fields and the
    signature blocks)."""
    if window.stack.currentWidget() is window.signin:
        signed_in(window, device, qtbot)
    new_epcr(window, qtbot)
    assert window.editor._form["version"] == 3
    assert window.editor._form["sections"] == epcr_v2.definition()["sections"]


def choose(qtbot: Any, combo: QComboBox, label: str) -> None:
    """Pick an entry as a person does: focus the drop-down and type its first letters."""
    index = combo.findText(label)
    assert index >= 0, (label, [combo.itemText(i) for i in range(combo.count())])
    combo.setFocus()
    qtbot.keyClicks(combo, label[:12])
    if combo.currentIndex() != index:  # several entries share the first letters
        combo.setCurrentIndex(index)
    assert combo.currentText() == label


def section(window: MainWindow, label: str) -> None:
    items = [window.editor.sections.item(i).text() for i in range(window.editor.sections.count())]
    window.editor.sections.setCurrentRow(items.index(label))


def test_v2_renders_every_field_the_crew_answers(window: MainWindow, device: Device,
                                                 agency: RestartableServer, qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    form = epcr_v2.definition()
    for part in form["sections"]:
        for field in part["fields"]:
            widget = window.editor.findChild(QWidget, f"field:{field['key']}")
            hidden = field.get("hidden") or field.get("auto") == "set_up"
            assert (widget is None) is bool(hidden), field["key"]
    arrest = window.editor.editors["eArrest.01"]
    assert isinstance(arrest, CellEditor)
    assert [arrest.answer.itemText(i) for i in range(arrest.answer.count())] == [
        "Value", "Not Applicable", "Not Recorded"]


def test_a_section_is_not_applicable_in_one_tap(window: MainWindow, device: Device,
                                                agency: RestartableServer, qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    section(window, "Cardiac arrest")
    click(qtbot, window.editor.findChild(QPushButton, "notApplicable:arrest"))
    data = window.editor.data()
    arrest = [f["key"] for s in epcr_v2.definition()["sections"] if s["key"] == "arrest"
              for f in s["fields"]]
    assert all(data[key] == {"nv": NA} for key in arrest)


def test_no_cardiac_arrest_makes_the_arrest_details_not_applicable(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    section(window, "Cardiac arrest")
    editors = window.editor.editors
    choose(qtbot, editors["eArrest.01"].inner.combo, "No")
    qtbot.waitUntil(lambda: window.editor.data().get("eArrest.02") == {"nv": NA}, timeout=5000)
    assert window.editor.data()["eArrest.22"] == {"nv": NA}
    yes = "Yes, After Any EMS Arrival (includes Transport EMS & Medical First Responders)"
    choose(qtbot, editors["eArrest.01"].inner.combo, yes)
    qtbot.waitUntil(lambda: "eArrest.02" not in window.editor.data(), timeout=5000)


def test_terminology_is_picked_from_the_defined_list(window: MainWindow, device: Device,
                                                     agency: RestartableServer,
                                                     qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    section(window, "Situation")
    primary = window.editor.editors["eSituation.09"].inner
    completer = primary.line.completer()
    type_into(qtbot, primary.line, "slowness and poor")
    qtbot.waitUntil(lambda: completer.completionCount() >= 1, timeout=5000)
    popup = completer.popup()
    assert popup.isVisible()  # the list opened as the crew typed
    first = popup.model().index(0, 0)
    assert first.data().startswith("R46.4 — ")
    qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                     pos=popup.visualRect(first).center())
    qtbot.waitUntil(lambda: primary.value() == "R46.4", timeout=5000)
    others = window.editor.editors["eSituation.10"].inner
    type_into(qtbot, others.line, "R41.0")
    qtbot.keyClick(others.line, Qt.Key.Key_Return)
    assert others.value() == ["R41.0"]
    others.list.item(0).setCheckState(Qt.CheckState.Checked)  # "Symptom Not Present"
    assert window.editor.data()["eSituation.10"] == [{"value": "R41.0", "pn": "8801031"}]


def test_complete_holds_the_report_to_the_xsd_and_schematron(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    click(qtbot, window.editor.complete_button)
    summary = window.editor.summary
    qtbot.waitUntil(lambda: summary.count() > 0, timeout=30000)
    texts = [summary.item(i).text() for i in range(summary.count())]
    assert "Cardiac Arrest is required." in texts
    assert window.stack.currentWidget() is window.editor  # blocked: nothing completed


def test_not_values_are_saved_and_shown_again(window: MainWindow, device: Device,
                                              agency: RestartableServer, qtbot: Any) -> None:
    open_v2(window, device, qtbot)
    section(window, "Cardiac arrest")
    choose(qtbot, window.editor.editors["eArrest.01"].answer, "Not Recorded")
    report_id = window.editor._report_id
    save_and_exit(window, qtbot)
    session = device.session
    assert session is not None
    stored = session.store.report(report_id)
    assert stored is not None and stored.form_version == 3
    assert stored.data["eArrest.01"] == {"nv": "7701003"}
    row = next(r for r in range(window.incidents.model.rowCount())
               if window.incidents.model.row_at(r).report_id == report_id)
    window.incidents._activated(window.incidents.model.index(row, 0))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    assert window.editor.editors["eArrest.01"].answer.currentText() == "Not Recorded"


class WindowsShown(QObject):
    """Every widget shown as a window of its own (a widget shown before it has a parent
    flashes up as one, and takes the keyboard focus away from the crew)."""

    def __init__(self) -> None:
        super().__init__()
        self.shown: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and isinstance(watched, QWidget) \
                and watched.isWindow():
            self.shown.append(f"{type(watched).__name__} {watched.objectName()}")
        return False


def test_opening_a_report_flashes_no_window_and_keeps_the_focus(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=5000)
    signed_in(window, device, qtbot)
    spy = WindowsShown()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        open_v2(window, device, qtbot)
        qtbot.wait(0)  # the events opening posted
    finally:
        app.removeEventFilter(spy)
    assert spy.shown == []
    assert window.isActiveWindow()
