"""A conflict shown side by side, and resolved as a new revision that syncs."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldclient.signin.device import Device
from fieldclient.sync.engine import SyncEngine
from fieldclient.ui.screens.conflict_view import ConflictModel
from tests.client.test_signin import sign_in
from tests.client.test_sync import edit_on_server, history, save
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.ui.harness import launch, sign_in_on_screen


def make_conflict(device: Device, agency: RestartableServer, clock: FakeClock) -> str:
    session = device.session
    assert session is not None
    report_id = save(session, clock, data={"eNarrative.01": "crew v1", "ePatient.02": "Doe"})
    assert SyncEngine(session, clock, device.events).run().ok
    edit_on_server(agency, report_id, "QA edit")
    save(session, clock, report_id, {"eNarrative.01": "crew v2", "ePatient.02": "Doe-Smith"})
    assert SyncEngine(session, clock, device.events).run().ok
    return report_id


def test_conflict_model_passes_qtmodeltester(qtmodeltester: Any) -> None:
    model = ConflictModel()
    form = {"sections": [{"key": "s", "label": "S", "fields": [
        {"key": "a", "label": "A", "type": "text"}, {"key": "b", "label": "B", "type": "text"}]}]}
    model.load({"a": "1", "b": "2"}, {"a": "1", "b": "3"}, form)
    qtmodeltester.check(model)
    assert model.keys == ["b"]
    assert model.setData(model.index(0, 3), Qt.CheckState.Checked.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.merged() == {"a": "1", "b": "3"}


@pytest.mark.parametrize("how", ["merge", "mine", "theirs"])
def test_resolve_a_conflict(device: Device, agency: RestartableServer, clock: FakeClock,
                            qtbot: Any, how: str) -> None:
    sign_in(device, *MEDIC)
    report_id = make_conflict(device, agency, clock)
    device.sign_out()
    client = launch(qtbot, open_device=lambda: device)
    try:
        window = client.window
        sign_in_on_screen(qtbot, window, *MEDIC)
        model = window.incidents.model
        with qtbot.waitSignal(model.modelReset, timeout=30000):
            window.incidents.sync_filter.setCurrentIndex(3)  # Conflict
        assert model.rowCount() == 1 and model.data(model.index(0, 6)) == "Conflict"
        window.incidents.table.setFocus()
        window.incidents.table.selectRow(0)
        qtbot.keyClick(window.incidents.table, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.conflict,
                        timeout=30000)
        view = window.conflict
        assert [view.model.data(view.model.index(r, 0))
                for r in range(view.model.rowCount())] == [
            "Last name", "Patient care report narrative"]
        assert view.model.data(view.model.index(1, 1)) == "crew v2"
        assert view.model.data(view.model.index(1, 2)) == "QA edit"
        expected = {"merge": {"eNarrative.01": "QA edit", "ePatient.02": "Doe-Smith"},
                    "mine": {"eNarrative.01": "crew v2", "ePatient.02": "Doe-Smith"},
                    "theirs": {"eNarrative.01": "QA edit", "ePatient.02": "Doe"}}[how]
        if how == "merge":
            view.model.setData(view.model.index(1, 3), Qt.CheckState.Checked.value,
                               Qt.ItemDataRole.CheckStateRole)
            qtbot.mouseClick(view.merge_button, Qt.MouseButton.LeftButton)
        else:
            qtbot.mouseClick(view.mine_button if how == "mine" else view.theirs_button,
                             Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents,
                        timeout=30000)
        # The resolution is a new revision: Save asked the sync thread to push it.
        qtbot.waitUntil(lambda: len(history(agency, report_id)) == 3, timeout=30000)
    finally:
        client.close()
    assert client.crash.calls == 0
    revisions = history(agency, report_id)
    assert [r["data"] for r in revisions][-1] == expected
    assert [r["data"]["eNarrative.01"] for r in revisions][:2] == ["crew v1", "QA edit"]
