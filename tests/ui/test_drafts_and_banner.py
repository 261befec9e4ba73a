"""Autosaved drafts survive a crash and are offered back; the editor says when offline."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from fieldclient.signin.device import Device
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.main_window import MainWindow
from tests.client.conftest import OpenDevice
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.ui.dialogs import BoxAnswerer


def open_window(device: Device, qtbot: Any) -> tuple[MainWindow, Operations]:
    operations = Operations(pytest.fail)
    window = MainWindow(device, operations)
    qtbot.addWidget(window)
    window.show()
    return window, operations


def edit_then_crash(device: Device, qtbot: Any) -> str:
    window, operations = open_window(device, qtbot)
    with qtbot.waitSignal(window.incidents.model.modelReset, timeout=30000):
        window.signin.signedIn.emit(sign_in(device, *MEDIC))
    window.incidents._new()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    window.editor.editors["ePatient.03"].set_value("Half-written")
    window.editor.autosave()  # what the 30-second timer does
    operations.wait()
    QApplication.processEvents()
    report_id = window.editor._report_id
    assert [d["id"] for d in device.session.store.drafts(device.session.user.id)] == [  # type: ignore[union-attr]
        report_id]
    device.session.store.close()  # type: ignore[union-attr]  # the power goes: no save, no sign-out
    device.session = None
    return report_id


@pytest.mark.parametrize("choice", ["Recover the ePCR", "Discard it"])
def test_a_draft_left_by_a_crash_is_offered_at_the_next_sign_in(
    device: Device, open_device: OpenDevice, qtbot: Any, choice: str
) -> None:
    report_id = edit_then_crash(device, qtbot)
    again = open_device(device.paths.data_dir)
    window, operations = open_window(again, qtbot)
    watcher = BoxAnswerer("recoverDraftDialog", choice)
    window.signin.signedIn.emit(sign_in(again, *MEDIC))
    store = again.session.store  # type: ignore[union-attr]
    if choice == "Discard it":
        qtbot.waitUntil(lambda: store.drafts(again.session.user.id) == [],  # type: ignore[union-attr]
                        timeout=30000)
        assert store.report(report_id) is None
        watcher.stop()
        return
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    assert window.editor.editors["ePatient.03"].value() == "Half-written"
    with qtbot.waitSignal(window.incidents.model.modelReset, timeout=30000):
        window.editor.save_and_exit()
    assert store.report(report_id)["data"]["ePatient.03"] == "Half-written"  # type: ignore[index]
    assert store.drafts(again.session.user.id) == []  # type: ignore[union-attr]
    operations.wait()


def test_banner_when_the_connection_drops_while_editing(
    device: Device, agency: RestartableServer, qtbot: Any
) -> None:
    window, operations = open_window(device, qtbot)
    with qtbot.waitSignal(window.incidents.model.modelReset, timeout=30000):
        window.signin.signedIn.emit(sign_in(device, *MEDIC))
    window.incidents._new()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    editor = window.editor
    assert window.incidents.connection.text() == "● Online"
    agency.stop()
    window.check_network()
    qtbot.waitUntil(lambda: editor.banner.isVisibleTo(editor), timeout=30000)
    assert window.incidents.connection.text() == "● Offline"  # the list's status area too
    assert "Keep working" in editor.banner.text()
    editor.editors["ePatient.03"].set_value("still typing")  # work carries on
    agency.start()
    window.check_network()
    qtbot.waitUntil(lambda: not editor.banner.isVisibleTo(editor), timeout=30000)
    operations.wait()
