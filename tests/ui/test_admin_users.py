"""Admin Tools → Users against the real server: visibility, search, add, edit, delete."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from fieldclient.admin.calls import Admin
from fieldclient.plumbing.errors import ApiRefusal
from fieldclient.signin.device import Device
from fieldclient.ui.admin.panel import NEEDS_NETWORK
from fieldclient.ui.admin.users import UserDialog, delete_prompt
from fieldclient.ui.main_window import MainWindow
from tests.client.test_signin import sign_in
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.support.smtp import SmtpServer
from tests.ui.dialogs import BoxAnswerer
from tests.ui.harness import sign_in_on_screen


def signed_in(window: MainWindow, device: Device, qtbot: Any, who: tuple[str, str]) -> None:
    sign_in_on_screen(qtbot, window, *who)


def open_users(window: MainWindow, qtbot: Any) -> Any:
    with qtbot.waitSignal(window.admin.users.model.modelReset, timeout=30000):
        window.admin_button.click()
    return window.admin.users


def rows(screen: Any) -> list[str]:
    model = screen.model
    return [model.data(model.index(r, 2)) for r in range(model.rowCount())]


def search(screen: Any, qtbot: Any, text: str, by: str) -> list[str]:
    screen.search.setText(text)
    screen.search_by.setCurrentIndex(screen.search_by.findData(by))
    with qtbot.waitSignal(screen.model.modelReset, timeout=30000):
        screen.search_button.click()
    return rows(screen)


def dialog_of(screen: Any, qtbot: Any, button: Any) -> UserDialog:
    screen.dialog = None
    button.click()
    qtbot.waitUntil(lambda: screen.dialog is not None, timeout=30000)
    return screen.dialog  # type: ignore[no-any-return]


def save(screen: Any, qtbot: Any, dialog: UserDialog) -> None:
    with qtbot.waitSignal(screen.model.modelReset, timeout=30000):
        dialog.save.click()


def test_a_user_without_users_manage_never_sees_it_and_the_server_refuses(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    signed_in(window, device, qtbot, MEDIC)
    assert not window.admin_action.isVisible()
    assert device.session is not None
    with pytest.raises(ApiRefusal) as refused:
        Admin(device.session).users()
    assert refused.value.status == 403


def test_search_by_name_email_and_id_on_the_server(window: MainWindow, device: Device,
                                                   qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    assert window.admin_action.isVisible()
    screen = open_users(window, qtbot)
    assert MEDIC[0] in rows(screen) and ADMIN[0] in rows(screen)
    assert "admin@neighbor.local" not in rows(screen)  # another agency's
    assert search(screen, qtbot, "MEDIC@", "email") == [MEDIC[0]]
    assert search(screen, qtbot, "morgan", "name") == [MEDIC[0]]
    medic_id = screen.model.row(0)["id"]
    assert search(screen, qtbot, str(medic_id), "id") == [MEDIC[0]]
    assert search(screen, qtbot, "nobody at all", "name") == []
    assert screen.page_label.text() == "No users match"


def test_add_without_password_sends_welcome_then_delete_and_recreate(
        window: MainWindow, device: Device, qtbot: Any, smtp: SmtpServer) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    dialog = dialog_of(screen, qtbot, screen.add_button)
    dialog.email.setText("new.medic@demo.local")
    dialog.name.setText("Zoë Ñúñez")
    dialog.roles.item(0).setCheckState(Qt.CheckState.Checked)
    save(screen, qtbot, dialog)
    assert "welcome email" in screen.message.text()
    mail = smtp.inbox.wait_for("new.medic@demo.local")
    assert "reset-password?token=" in mail.get_content()
    assert search(screen, qtbot, "new.medic", "email") == ["new.medic@demo.local"]
    screen.table.selectRow(0)
    answer = BoxAnswerer("deleteUserDialog", "Delete")
    with qtbot.waitSignal(screen.model.modelReset, timeout=30000):
        screen.delete_button.click()
    prompts = answer.texts
    assert prompts == [delete_prompt("Zoë Ñúñez")]
    assert prompts[0].startswith("Are you sure you want to delete Zoë Ñúñez?")
    assert rows(screen) == []
    again = dialog_of(screen, qtbot, screen.add_button)  # the same email, a new user
    again.email.setText("new.medic@demo.local")
    again.name.setText("New Medic")
    save(screen, qtbot, again)
    assert search(screen, qtbot, "new.medic", "email") == ["new.medic@demo.local"]


def test_edit_with_a_blank_password_keeps_it(window: MainWindow, device: Device,
                                             qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    search(screen, qtbot, MEDIC[0], "email")
    screen.table.selectRow(0)
    dialog = dialog_of(screen, qtbot, screen.edit_button)
    assert dialog.password.text() == "" and "keep the current password" in \
        dialog.message.text()
    dialog.name.setText("Morgan M. Medic")
    save(screen, qtbot, dialog)
    assert screen.model.row(0)["name"] == "Morgan M. Medic"
    assert device.api.login(*MEDIC, None)["user"]["name"] == "Morgan M. Medic"


def test_bad_input_gets_clear_errors(window: MainWindow, device: Device,
                                     qtbot: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    dialog = dialog_of(screen, qtbot, screen.add_button)
    dialog.name.setText("Someone")
    dialog.email.setText("not-an-email")
    dialog.save.click()
    assert "valid email" in dialog.message.text() and dialog.isVisible()
    dialog.email.setText(MEDIC[0])  # taken
    dialog.save.click()
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=30000)
    assert "already" in dialog.message.text().lower()
    dialog.email.setText("weak@demo.local")
    dialog.password.setText("password")
    dialog.save.click()
    qtbot.waitUntil(lambda: dialog.save.isEnabled(), timeout=30000)
    assert "12" in dialog.message.text()
    dialog.reject()


def test_offline_the_panel_says_it_needs_the_network(window: MainWindow, device: Device,
                                                     agency: RestartableServer,
                                                     qtbot: Any) -> None:
    sign_in(device, *ADMIN)
    device.sign_out()
    agency.stop()
    signed_in(window, device, qtbot, ADMIN)
    assert window.admin_action.isVisible()
    window.admin_button.click()
    assert window.admin.message.text() == NEEDS_NETWORK
    assert not window.admin.tabs.isVisibleTo(window)


def test_users_model_passes_qtmodeltester(window: MainWindow, device: Device, qtbot: Any,
                                          qtmodeltester: Any) -> None:
    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    assert screen.model.rowCount() >= 4
    qtmodeltester.check(screen.model)


def test_signing_out_empties_every_admin_table_and_closes_open_dialogs(
        window: MainWindow, device: Device, qtbot: Any) -> None:
    from fieldclient.ui.widgets.row_model import RowsModel

    signed_in(window, device, qtbot, ADMIN)
    screen = open_users(window, qtbot)
    assert screen.model.rowCount() > 0  # names and emails on screen
    window.about_button.click()
    assert window.about_box.isVisible()
    window.sign_out_action.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.signin, timeout=30000)
    assert all(m.rowCount() == 0 for m in window.findChildren(RowsModel))
    assert window.incidents.model.rowCount() == 0
    assert not window.about_box.isVisible()
    assert window.admin.tabs.count() == 0 and device.session is None
