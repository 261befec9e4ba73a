"""Admin Tools → Roles & Permissions against the real server and a real device store."""

from __future__ import annotations

from typing import Any

import pytest

from fieldclient.admin.calls import Admin
from fieldclient.plumbing.errors import ApiRefusal
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.ui.admin.roles import RolesScreen, delete_role_prompt
from fieldclient.ui.main_window import MainWindow
from tests.client.test_signin import sign_in, vault
from tests.helpers import ADMIN, BASIC, GOOD_PASSWORD, MEDIC
from tests.support.agency import RestartableServer
from tests.ui.dialogs import BoxAnswerer
from tests.ui.test_admin_users import signed_in

LABELS = {"offline.login": "Allow offline sign-in"}


def open_roles(window: MainWindow, qtbot: Any) -> RolesScreen:
    with qtbot.waitSignal(window.admin.roles.roleShown, timeout=30000):
        window.admin_button.click()
    return window.admin.roles


def role_names(screen: RolesScreen) -> list[str]:
    return [r["name"] for r in screen.model.rows()]


def select_role(screen: RolesScreen, qtbot: Any, name: str) -> None:
    with qtbot.waitSignal(screen.roleShown, timeout=30000):
        screen.table.selectRow(role_names(screen).index(name))


def changed(screen: RolesScreen, qtbot: Any, button: Any) -> None:
    """Click, then wait for the roles and the chosen role's holders to come back."""
    with qtbot.waitSignal(screen.roleShown, timeout=30000):
        button.click()


def test_searching_offline_finds_allow_offline_sign_in(window: MainWindow, device: Device,
                                                       qtbot: Any, qtmodeltester: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_roles(window, qtbot)
    assert role_names(screen) == ["Administrator", "User", "Offline Medic"]
    from fieldserver.permissions import CATALOGUE

    assert len(screen.permissions.visible_labels()) == len(CATALOGUE)  # every one, unsearched
    screen.permission_search.setText("offline")
    labels = screen.permissions.visible_labels()
    assert labels[0].startswith("Allow offline sign-in")
    assert all("offline" in label.lower() for label in labels)
    screen.permission_search.setText("OFFLINE.LOGIN")  # the key finds it too
    assert [lb.split(" — ")[0] for lb in screen.permissions.visible_labels()] == [
        "Allow offline sign-in"]
    screen.permission_search.setText("no such thing")
    assert screen.permissions.visible_labels() == []
    qtmodeltester.check(screen.model)
    qtmodeltester.check(screen.members)
    qtmodeltester.check(screen.permissions.proxy)


def test_granting_offline_sign_in_changes_what_the_next_online_sign_in_caches(
        window: MainWindow, device: Device, agency: RestartableServer, qtbot: Any) -> None:
    sign_in(device, *BASIC)  # role "User": no offline sign-in yet
    device.sign_out()
    entry = vault(device).entry(BASIC[0])
    assert entry is not None and entry.offline == "no_permission" and entry.slot is None

    signed_in(window, device, qtbot, ADMIN)
    screen = open_roles(window, qtbot)
    select_role(screen, qtbot, "User")
    screen.permission_search.setText("offline")
    screen.permissions.check("offline.login")
    changed(screen, qtbot, screen.save_button)
    assert "Saved User" in screen.message.text()
    assert screen.selected()["permissions"] == ["epcr.access", "offline.login"]  # type: ignore[index]
    device.sign_out()

    sign_in(device, *BASIC)  # the next online sign-in caches offline access
    device.sign_out()
    entry = vault(device).entry(BASIC[0])
    assert entry is not None and entry.offline == "allowed" and entry.slot is not None
    agency.stop()
    offline = sign_in(device, *BASIC)
    assert offline.offline and offline.user.email == BASIC[0]


def test_offline_preset_assign_and_delete_say_who_loses_what(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_roles(window, qtbot)
    changed(screen, qtbot, screen.preset_button)
    assert screen.selected()["name"] == "Offline Login Access"  # type: ignore[index]
    assert screen.selected()["permissions"] == ["offline.login"]  # type: ignore[index]
    assert "Added the role Offline Login Access" in screen.message.text()
    changed(screen, qtbot, screen.preset_button)  # a second click makes no second role
    assert role_names(screen).count("Offline Login Access") == 1
    assert "exists already" in screen.message.text()

    screen.assign_button.click()
    dialog = screen.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.model.rowCount() > 0, timeout=30000)
    dialog.search.setText("basic")
    with qtbot.waitSignal(dialog.model.modelReset, timeout=30000):
        dialog.search_button.click()
    assert [u["email"] for u in dialog.model.rows()] == [BASIC[0]]
    dialog.table.selectRow(0)
    changed(screen, qtbot, dialog.assign)
    assert "Gave Offline Login Access to 1 user" in screen.message.text()
    members = screen.members.rows()
    assert [(m["email"], m["loses"]) for m in members] == [(BASIC[0], ["offline.login"])]
    assert screen.members.data(screen.members.index(0, 2)) == "Allow offline sign-in"

    answer = BoxAnswerer("deleteRoleDialog", "Delete")
    with qtbot.waitSignal(screen.roleShown, timeout=30000):
        screen.delete_button.click()
    assert answer.texts == [delete_role_prompt("Offline Login Access", members, LABELS)]
    assert "1 user holds it" in answer.texts[0]
    assert "Blake Basic loses Allow offline sign-in" in answer.texts[0]
    assert "Offline Login Access" not in role_names(screen)


def test_keeping_a_role_on_the_delete_prompt_deletes_nothing_and_take_from_user(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_roles(window, qtbot)
    select_role(screen, qtbot, "Offline Medic")
    holders = {m["email"] for m in screen.members.rows()}
    assert MEDIC[0] in holders
    answer = BoxAnswerer("deleteRoleDialog", "Keep")
    screen.delete_button.click()
    qtbot.waitUntil(lambda: bool(answer.texts), timeout=30000)
    assert "3 users hold it" in answer.texts[0]
    assert "Offline Medic" in role_names(screen)

    screen.members_table.selectRow([m["email"] for m in screen.members.rows()].index(MEDIC[0]))
    changed(screen, qtbot, screen.unassign_button)
    assert MEDIC[0] not in {m["email"] for m in screen.members.rows()}
    assert "Took Offline Medic from" in screen.message.text()


def test_add_role_by_name_and_refusals_in_plain_words(window: MainWindow, device: Device,
                                                      qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_roles(window, qtbot)
    screen.add_button.click()
    assert screen.message.text() == "Type the new role's name first."
    screen.new_name.setText("Paramédico Nocturno")
    changed(screen, qtbot, screen.add_button)
    assert screen.selected()["name"] == "Paramédico Nocturno"  # type: ignore[index]
    assert screen.new_name.text() == ""
    screen.new_name.setText("user")  # names are unique, whatever the case
    screen.add_button.click()
    qtbot.waitUntil(lambda: "already exists" in screen.message.text(), timeout=30000)
    select_role(screen, qtbot, "Administrator")
    screen.permissions.check("users.manage", on=False)
    screen.save_button.click()
    qtbot.waitUntil(lambda: "no one who can manage users" in screen.message.text(),
                    timeout=30000)


def test_a_user_without_roles_manage_is_refused_by_the_server(device: Device) -> None:
    session = sign_in(device, *MEDIC)
    assert isinstance(session, Session)
    with pytest.raises(ApiRefusal) as refused:
        Admin(session).roles()
    assert refused.value.status == 403


def test_a_roles_only_admin_sees_only_roles_and_the_server_refuses_users(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    admin_session = sign_in(device, *ADMIN)
    admin = Admin(admin_session)
    role = admin.create_role("Role Keeper", ["epcr.access", "roles.manage"])
    admin.create_user("keeper@demo.local", "Kim Keeper", [role["id"]], GOOD_PASSWORD)
    device.sign_out()
    signed_in(window, device, qtbot, ("keeper@demo.local", GOOD_PASSWORD))
    screen = open_roles(window, qtbot)
    tabs = window.admin.tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Roles && Permissions"]
    assert window.admin.users.isHidden()
    screen.assign_button.click()
    dialog = screen.dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: "Manage users permission" in dialog.message.text(), timeout=30000)
    dialog.reject()
    with pytest.raises(ApiRefusal) as refused:
        Admin(device.session).users()  # type: ignore[arg-type]
    assert refused.value.status == 403
