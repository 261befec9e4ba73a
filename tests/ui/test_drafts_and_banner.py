"""Autosaved drafts survive a crash and are offered back; the editor says when offline."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from fieldclient.signin.device import Device
from fieldclient.ui.app import Client
from tests.client.conftest import OpenDevice
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.ui.dialogs import BoxAnswerer
from tests.ui.harness import launch, sign_in_on_screen


def open_window(device: Device, qtbot: Any, **runner_options: Any) -> Client:
    return launch(qtbot, open_device=lambda: device, runner_options=runner_options)


def edit_then_crash(device: Device, qtbot: Any) -> str:
    client = open_window(device, qtbot)
    window = client.window
    sign_in_on_screen(qtbot, window, *MEDIC)
    qtbot.mouseClick(window.incidents.new_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    window.editor.editors["ePatient.03"].set_value("Half-written")
    window.editor.autosave()  # what the 30-second timer does
    client.operations.wait()
    QApplication.processEvents()
    report_id = window.editor._report_id
    assert [d.id for d in device.session.store.drafts(device.session.user.id)] == [  # type: ignore[union-attr]
        report_id]
    device.session.store.close()  # type: ignore[union-attr]  # the power goes: no save, no sign-out
    device.session = None
    client.close()
    return report_id


@pytest.mark.parametrize("choice", ["Recover the ePCR", "Discard it"])
def test_a_draft_left_by_a_crash_is_offered_at_the_next_sign_in(
    device: Device, open_device: OpenDevice, qtbot: Any, choice: str
) -> None:
    report_id = edit_then_crash(device, qtbot)
    again = open_device(device.paths.data_dir)
    client = open_window(again, qtbot)
    window = client.window
    watcher = BoxAnswerer("recoverDraftDialog", choice)
    sign_in_on_screen(qtbot, window, *MEDIC)
    store = again.session.store  # type: ignore[union-attr]
    if choice == "Discard it":
        qtbot.waitUntil(lambda: store.drafts(again.session.user.id) == [],  # type: ignore[union-attr]
                        timeout=30000)
        assert store.report(report_id) is None
        watcher.stop()
        client.close()
        return
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
    assert window.editor.editors["ePatient.03"].value() == "Half-written"
    window.editor.save_and_exit()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents, timeout=30000)
    assert store.report(report_id).data["ePatient.03"] == "Half-written"  # type: ignore[union-attr]
    assert store.drafts(again.session.user.id) == []  # type: ignore[union-attr]
    client.close()
    assert client.crash.calls == 0


def test_banner_when_the_connection_drops_while_editing(
    device: Device, agency: RestartableServer, qtbot: Any
) -> None:
    """The banner, the list's status area and its offline marker follow the sync
    thread's probe, both ways, with nobody asking."""
    client = open_window(device, qtbot, probe_every=0.2, offline_every=0.4)
    try:
        window = client.window
        sign_in_on_screen(qtbot, window, *MEDIC)
        qtbot.mouseClick(window.incidents.new_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
        editor = window.editor
        qtbot.waitUntil(lambda: window.incidents.connection.text() == "● Online",
                        timeout=30000)
        agency.stop()
        qtbot.waitUntil(lambda: editor.banner.isVisibleTo(editor), timeout=30000)
        assert window.incidents.connection.text() == "● Offline"  # the list's status too
        assert window.incidents.offline_marker.isVisibleTo(window.incidents)
        assert "Keep working" in editor.banner.text()
        editor.editors["ePatient.03"].set_value("still typing")  # work carries on
        agency.start()
        qtbot.waitUntil(lambda: not editor.banner.isVisibleTo(editor), timeout=30000)
        assert not window.incidents.offline_marker.isVisibleTo(window.incidents)
    finally:
        client.close()
    assert client.crash.calls == 0
