"""Full keyboard use: Tab follows the work on each screen, and every stop has a name."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from fieldclient.signin.device import Device
from fieldclient.ui.main_window import MainWindow
from tests.helpers import MEDIC
from tests.ui.harness import sign_in_on_screen


def tab_stops(qtbot: Any, start: QWidget, count: int) -> list[QWidget]:
    start.setFocus()
    stops = []
    for _ in range(count):
        widget = QApplication.focusWidget()
        stops.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return stops


def names(widgets: list[QWidget]) -> list[str]:
    return [w.objectName() for w in widgets]


def test_tab_order_on_sign_in_list_and_editor(window: MainWindow, device: Device,
                                              qtbot: Any) -> None:
    window.activateWindow()
    signin = window.signin
    assert names(tab_stops(qtbot, signin.email, 4)) == [
        "loginEmail", "loginPassword", "loginButton", "forgotPasswordButton"]
    sign_in_on_screen(qtbot, window, *MEDIC)
    assert names(tab_stops(qtbot, window.incidents.new_button, 5)) == [
        "newReportButton", "incidentSearch", "statusFilter", "syncFilter", "incidentTable"]
    window._new_report(None)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    editor = window.editor
    stops = tab_stops(qtbot, editor.sections, 40)
    page = editor.pages.currentWidget()
    assert stops[0] is editor.sections and page.isAncestorOf(stops[1])
    end = next(i for i, w in enumerate(stops[1:], 1) if not page.isAncestorOf(w))
    assert names(stops[end:end + 3]) == ["validationSummary", "saveExitButton",
                                         "completeButton"]
    for widget in stops[1:end]:  # each stop is named for screen readers
        assert widget.accessibleName() or widget.parentWidget().accessibleName()
