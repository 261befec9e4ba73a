"""The whole mission, end to end, through the real widgets and the real server."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from sqlalchemy import select

from fieldclient.signin.refusals import no_account
from fieldclient.ui.app import Client, build_client
from fieldserver.models import Report, ReportRevision
from tests.client.conftest import OpenDevice
from tests.helpers import ADMIN, BASIC, MEDIC
from tests.support.agency import RestartableServer

FAST = {"base": 0.05, "cap": 0.3, "period": 3600.0}


def click(qtbot: Any, widget: Any) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def sign_in_through_the_screen(qtbot: Any, client: Client, email: str, password: str) -> None:
    screen = client.window.signin
    screen.email.clear()
    qtbot.keyClicks(screen.email, email)
    qtbot.keyClicks(screen.password, password)
    with qtbot.waitSignal(client.window.incidents.model.modelReset, timeout=30000):
        click(qtbot, screen.button)


def first_row(client: Client) -> list[str]:
    model = client.window.incidents.model
    return [model.data(model.index(0, c)) for c in (3, 4, 5, 6)]


def write_and_save(qtbot: Any, client: Client, values: dict[str, str]) -> None:
    window = client.window
    for key, value in values.items():
        window.editor.editors[key].set_value(value)
    with qtbot.waitSignal(window.incidents.model.modelReset, timeout=30000):
        click(qtbot, window.editor.save_button)
    assert window.incidents.message.text().startswith("Saved on this device")


def test_the_mission(open_device: OpenDevice, agency: RestartableServer, qtbot: Any) -> None:
    bugs: list[BaseException] = []
    # 1. An admin sets the device up on its first start.
    device = open_device()
    client = build_client(device, bugs.append, **FAST)
    qtbot.addWidget(client.window)
    client.window.show()  # no sync thread: as if the network drops right after saving
    setup = client.window.setup
    assert client.window.stack.currentWidget() is setup
    assert setup.server.text() == agency.base_url  # pre-provisioned
    click(qtbot, setup.check_button)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 1, timeout=30000)
    qtbot.keyClicks(setup.email, ADMIN[0])
    qtbot.keyClicks(setup.password, ADMIN[1])
    click(qtbot, setup.signin_button)
    qtbot.waitUntil(lambda: setup.steps.currentIndex() == 2, timeout=30000)
    qtbot.keyClicks(setup.device_name, "Medic 7 laptop")
    with qtbot.waitSignal(setup.setupDone, timeout=30000):
        click(qtbot, setup.register_button)
    assert client.window.stack.currentWidget() is client.window.signin

    # 2. The medic signs in online, writes a new ePCR: Save and Exit.
    sign_in_through_the_screen(qtbot, client, *MEDIC)
    click(qtbot, client.window.incidents.new_button)
    qtbot.waitUntil(lambda: client.window.stack.currentWidget() is client.window.editor,
                    timeout=30000)
    write_and_save(qtbot, client, {"ePatient.03": "Ada", "ePatient.02": "Lovelace",
                                   "eSituation.04": "Fall at home"})
    assert first_row(client) == ["Ada Lovelace", "Fall at home", "In progress", "Not synced"]
    client.close()

    # 3. The app restarts with the server stopped.
    agency.stop()
    client = build_client(open_device(device.paths.data_dir), bugs.append, **FAST)
    qtbot.addWidget(client.window)
    client.start()

    # 4. The medic signs in offline and lands on the list: the report is Not synced.
    sign_in_through_the_screen(qtbot, client, *MEDIC)
    incidents = client.window.incidents
    assert incidents.offline_marker.isVisibleTo(client.window)
    assert first_row(client) == ["Ada Lovelace", "Fall at home", "In progress", "Not synced"]

    # 5. The medic reopens it, edits it, Save and Exit.
    incidents._activated(incidents.model.index(0, 0))
    qtbot.waitUntil(lambda: client.window.stack.currentWidget() is client.window.editor,
                    timeout=30000)
    write_and_save(qtbot, client, {"eSituation.04": "Fall at home, hip pain"})
    assert first_row(client)[3] == "Not synced"
    report_id = incidents.model.row_at(0).report_id

    # 6. A user who never signed in online here is refused, with the right message.
    client.device.sign_out()
    screen = client.window.signin
    client.window.stack.setCurrentWidget(screen)
    screen.email.clear()
    qtbot.keyClicks(screen.email, BASIC[0])
    qtbot.keyClicks(screen.password, BASIC[1])
    click(qtbot, screen.button)
    qtbot.waitUntil(lambda: screen.button.isEnabled() and bool(screen.message.text()),
                    timeout=30000)
    assert screen.message.text() == str(no_account())
    sign_in_through_the_screen(qtbot, client, *MEDIC)

    # 7. The server starts again: Synced with no action; the server has it exactly once.
    with qtbot.waitSignal(client.bridge.statusChanged, timeout=60000,
                          check_params_cb=lambda s: s.pending == 0 and not s.running):
        agency.start()
    qtbot.waitUntil(lambda: first_row(client)[3] == "Synced", timeout=30000)
    client.close()
    assert agency.live is not None
    with agency.live.ctx.sessions() as db:
        reports = list(db.scalars(select(Report)))
        revisions = list(db.scalars(select(ReportRevision)))
    assert [r.id for r in reports] == [report_id]
    assert len(revisions) == 1
    data = json.loads(reports[0].data)
    assert (data["ePatient.03"], data["ePatient.02"], data["eSituation.04"]) == (
        "Ada", "Lovelace", "Fall at home, hip pain")
    assert bugs == []


def test_save_and_exit_asks_the_sync_thread_to_push_at_once(
        open_device: OpenDevice, agency: RestartableServer, qtbot: Any) -> None:
    """No timer pass for an hour: only the request made by Save and Exit can push it."""
    bugs: list[BaseException] = []
    device = open_device()
    from tests.client.conftest import admin_setup

    admin_setup(device, agency.base_url).register("Test Laptop")
    client = build_client(device, bugs.append, **FAST)
    qtbot.addWidget(client.window)
    client.start()
    try:
        sign_in_through_the_screen(qtbot, client, *MEDIC)
        runner = client.runner
        qtbot.waitUntil(lambda: runner.passes >= 1, timeout=30000)  # the sign-in's pass
        window = client.window
        window._new_report(None)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=30000)
        write_and_save(qtbot, client, {"ePatient.03": "Ada"})
        qtbot.waitUntil(lambda: first_row(client)[3] == "Synced", timeout=30000)
    finally:
        client.close()
    assert bugs == []
