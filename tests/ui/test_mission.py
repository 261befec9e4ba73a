"""The mission, walked the way crews walk it: the client started as the `fieldclient`
command starts it (tests/ui/harness.py), driven only through its widgets, against a real
fieldserver. No test clock, no cheap KDF: the device opens as in the field.

The keyring is the machine's own when FIELDCLIENT_TEST_OS_KEYRING=1 (CI runs these walks
once more under Xvfb with gnome-keyring in a private D-Bus session, see
scripts/real-window-walk.sh); otherwise the in-memory one.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QWidget,
)
from sqlalchemy import func, select

from fieldclient.ui.app import Client
from fieldserver.models import Report, ReportRevision
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.ui.harness import click, launch, type_into

OS_KEYRING = os.environ.get("FIELDCLIENT_TEST_OS_KEYRING") == "1"
SHOTS = os.environ.get("FIELDCLIENT_TEST_SHOTS")  # where to keep what the window showed
WAIT = 30_000


@pytest.fixture
def walk_keyring(request: pytest.FixtureRequest) -> None:
    if OS_KEYRING:
        backend = keyring.get_keyring()
        assert "SecretService" in type(backend).__module__, type(backend)
    else:
        request.getfixturevalue("keyring_backend")


@pytest.fixture
def started(qtbot: Any, tmp_path: Path, agency: RestartableServer,
            walk_keyring: None) -> Iterator[Client]:
    client = launch(qtbot, tmp_path / "client", agency.base_url)
    yield client
    client.close()
    assert client.crash.calls == 0
    assert client.runner is not None and not client.runner.alive  # stopped, never died


def find(client: Client, kind: type, name: str) -> Any:
    widget = client.window.findChild(kind, name)
    assert widget is not None, name
    return widget


def set_up_device(qtbot: Any, client: Client) -> None:
    qtbot.waitUntil(lambda: find(client, QPushButton, "setupCheckButton").isVisible(),
                    timeout=WAIT)
    click(qtbot, find(client, QPushButton, "setupCheckButton"))
    email = find(client, QLineEdit, "setupEmail")
    qtbot.waitUntil(email.isVisible, timeout=WAIT)
    type_into(qtbot, email, ADMIN[0])
    type_into(qtbot, find(client, QLineEdit, "setupPassword"), ADMIN[1])
    click(qtbot, find(client, QPushButton, "setupSignInButton"))
    name = find(client, QLineEdit, "setupDeviceName")
    qtbot.waitUntil(name.isVisible, timeout=WAIT)
    type_into(qtbot, name, "Medic 7 laptop")
    click(qtbot, find(client, QPushButton, "setupRegisterButton"))
    qtbot.waitUntil(lambda: find(client, QLineEdit, "loginEmail").isVisible(), timeout=WAIT)


def sign_in(qtbot: Any, client: Client, email: str, password: str) -> None:
    qtbot.waitUntil(find(client, QPushButton, "loginButton").isEnabled, timeout=WAIT)
    type_into(qtbot, find(client, QLineEdit, "loginEmail"), email)
    type_into(qtbot, find(client, QLineEdit, "loginPassword"), password)
    button = find(client, QPushButton, "loginButton")
    click(qtbot, button)
    qtbot.waitUntil(lambda: client.window.stack.currentWidget() is client.window.incidents,
                    timeout=WAIT)
    qtbot.waitUntil(button.isEnabled, timeout=WAIT)  # the sign-in has finished


def choose_in_account_menu(qtbot: Any, client: Client, text: str) -> None:
    """Click Account, then the entry: the menu runs its own loop, so a timer clicks it."""
    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(20, pick)
            return
        action = next(a for a in menu.actions() if a.text() == text)
        click_at = menu.actionGeometry(action).center()
        qtbot.mouseClick(menu, qtbot_button(), pos=click_at)

    QTimer.singleShot(20, pick)
    click(qtbot, find(client, QToolButton, "accountMenuButton"))


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def keep_picture(client: Client, name: str) -> None:
    if SHOTS:
        assert client.window.grab().save(str(Path(SHOTS) / f"{name}.png"))


def list_rows(client: Client) -> int:
    return int(client.window.incidents.model.rowCount())


def new_report_saved(qtbot: Any, client: Client, first_name: str) -> str:
    window = client.window
    click(qtbot, find(client, QPushButton, "newReportButton"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.editor, timeout=WAIT)
    first = find(client, QWidget, "field:ePatient.03").findChild(QLineEdit)
    click(qtbot, first)
    qtbot.keyClicks(first, first_name)
    report_id = window.editor._report_id
    click(qtbot, find(client, QPushButton, "saveExitButton"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.incidents, timeout=WAIT)
    assert window.incidents.message.text().startswith("Saved on this device")
    return str(report_id)


def on_server(agency: RestartableServer, report_id: str) -> tuple[int, int, str | None]:
    """(reports with that id, their revisions, the first name stored)."""
    assert agency.live is not None
    with agency.live.ctx.sessions() as db:
        reports = db.scalar(select(func.count()).select_from(Report)
                            .where(Report.id == report_id)) or 0
        revisions = db.scalar(select(func.count()).select_from(ReportRevision)
                              .where(ReportRevision.report_id == report_id)) or 0
        stored = db.get(Report, report_id)
        name = json.loads(stored.data).get("ePatient.03") if stored else None
    return int(reports), int(revisions), name


def test_first_shift_walk(qtbot: Any, started: Client, agency: RestartableServer) -> None:
    client, window = started, started.window
    # 1. An admin sets the device up.
    set_up_device(qtbot, client)
    # 2. The medic signs in; 3. the CAD incidents appear on the list without navigating.
    sign_in(qtbot, client, *MEDIC)
    qtbot.waitUntil(lambda: list_rows(client) == 20, timeout=WAIT)
    keep_picture(client, "incident-list")
    # 4. Sign out: the sign-in screen, and no patient data left in the list's model.
    choose_in_account_menu(qtbot, client, "Sign out")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=WAIT)
    assert list_rows(client) == 0 and window.session is None
    # 5. Sign in again, Lock, unlock.
    sign_in(qtbot, client, *MEDIC)
    choose_in_account_menu(qtbot, client, "Lock")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=WAIT)
    assert list_rows(client) == 0
    assert find(client, QLineEdit, "loginEmail").text() == MEDIC[0]
    sign_in(qtbot, client, *MEDIC)
    # 6. New ePCR, Save and Exit; 7. on the server exactly once, within 15 s.
    report_id = new_report_saved(qtbot, client, "Ada")
    qtbot.waitUntil(lambda: on_server(agency, report_id)[0] == 1, timeout=15_000)
    assert on_server(agency, report_id) == (1, 1, "Ada")
    qtbot.waitUntil(lambda: not window.incidents.message.isVisible(), timeout=WAIT)
    assert client.runner is not None and client.runner.alive


def test_offline_shift_syncs_when_the_server_returns(
        qtbot: Any, started: Client, agency: RestartableServer) -> None:
    client, window = started, started.window
    set_up_device(qtbot, client)
    # 1. Sign in online.
    sign_in(qtbot, client, *MEDIC)
    choose_in_account_menu(qtbot, client, "Sign out")
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=WAIT)
    # 2. The server stops; the medic signs in offline.
    agency.stop()
    sign_in(qtbot, client, *MEDIC)
    assert window.session is not None and window.session.offline
    qtbot.waitUntil(window.incidents.offline_marker.isVisible, timeout=WAIT)
    # 3. A report is saved on the device.
    report_id = new_report_saved(qtbot, client, "Grace")
    keep_picture(client, "saved-offline")
    # 4. The server starts: it syncs within 15 s, with no user action.
    agency.start()
    qtbot.waitUntil(lambda: on_server(agency, report_id)[0] == 1, timeout=15_000)
    assert on_server(agency, report_id) == (1, 1, "Grace")
    # The labels follow the real state: online again, nothing left waiting.
    qtbot.waitUntil(lambda: not window.incidents.offline_marker.isVisible(), timeout=WAIT)
    qtbot.waitUntil(lambda: not window.incidents.message.isVisible(), timeout=WAIT)
