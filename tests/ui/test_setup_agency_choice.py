"""Set-up by an administrator whose email and password open accounts in two agencies
(finding 11's design: an email is unique within an agency only). The server asks which
once the password is proved; the set-up screen offers the agencies, and the laptop is
registered to the one chosen. Through the real start path, by widgets and key events."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from tests.helpers import ADMIN, NEIGHBOR
from tests.support.agency import RestartableServer
from tests.ui.harness import click, launch, type_into

WAIT = 30_000


def make_same_admin_in_neighbor(agency: RestartableServer) -> None:
    assert agency.live is not None
    with agency.live.as_user(*NEIGHBOR) as neighbor:
        roles = neighbor.get("/api/v1/roles").json()
        admin_role = next(r["id"] for r in roles if "devices.manage" in r["permissions"])
        made = neighbor.post("/api/v1/users", json={
            "email": ADMIN[0], "name": "Same Admin", "password": ADMIN[1],
            "role_ids": [admin_role], "send_welcome": False})
        assert made.status_code == 201, made.text


def test_setup_asks_which_agency_and_registers_the_laptop_there(
    qtbot: Any, tmp_path: Path, agency: RestartableServer, keyring_backend: object
) -> None:
    make_same_admin_in_neighbor(agency)
    client = launch(qtbot, tmp_path / "client", agency.base_url)
    try:
        window = client.window
        check = window.findChild(QPushButton, "setupCheckButton")
        qtbot.waitUntil(check.isVisible, timeout=WAIT)
        click(qtbot, check)
        email = window.findChild(QLineEdit, "setupEmail")
        qtbot.waitUntil(email.isVisible, timeout=WAIT)
        type_into(qtbot, email, ADMIN[0])
        type_into(qtbot, window.findChild(QLineEdit, "setupPassword"), ADMIN[1])
        sign_in = window.findChild(QPushButton, "setupSignInButton")
        click(qtbot, sign_in)
        choice = window.findChild(QComboBox, "setupAgency")
        qtbot.waitUntil(choice.isVisible, timeout=WAIT)
        offered = [choice.itemText(i) for i in range(choice.count())]
        assert sorted(offered) == ["Demo County EMS", "Neighbor Fire District"]
        assert "more than one agency" in window.findChild(QLabel, "setupMessage").text()
        assert choice.hasFocus()
        while choice.currentText() != "Neighbor Fire District":  # the keyboard chooses
            qtbot.keyClick(choice, Qt.Key.Key_Down)
        click(qtbot, sign_in)
        name = window.findChild(QLineEdit, "setupDeviceName")
        qtbot.waitUntil(name.isVisible, timeout=WAIT)
        assert not choice.isVisible()
        type_into(qtbot, name, "Neighbor engine 2 laptop")
        click(qtbot, window.findChild(QPushButton, "setupRegisterButton"))
        qtbot.waitUntil(lambda: window.findChild(QLineEdit, "loginEmail").isVisible(),
                        timeout=WAIT)
        assert client.crash.calls == 0
    finally:
        client.close()
    assert agency.live is not None
    with agency.live.as_user(*NEIGHBOR) as neighbor:
        names = [d["name"] for d in neighbor.get("/api/v1/devices").json()]
    assert "Neighbor engine 2 laptop" in names
    asked = agency.live.login(*ADMIN).json()["error"]["agencies"]
    demo = next(a["id"] for a in asked if a["name"] == "Demo County EMS")
    token = agency.live.login(*ADMIN, agency_id=demo).json()["access_token"]
    with agency.live.client(token) as demo_admin:
        assert "Neighbor engine 2 laptop" not in [
            d["name"] for d in demo_admin.get("/api/v1/devices").json()]
