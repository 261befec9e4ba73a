"""Account settings any signed-in user reaches from the Account menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldclient.errors import FieldClientError
from fieldclient.ui.operations import Operations
from fieldclient.ui.widgets import named, say

if TYPE_CHECKING:
    from fieldclient.device import Device

DONE = ("Your password was changed. Use the new one from now on, here and offline on "
        "this device.")


class ChangePasswordDialog(QDialog):
    """Current password, then the new one twice; the server's policy has the last word."""

    def __init__(self, device: Device, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changePasswordDialog")
        self.setWindowTitle("Change password")
        self._device = device
        self._ops = operations
        self.current = self._password("currentPassword", "Current password")
        self.new = self._password("newPassword", "New password")
        self.confirm = self._password("confirmPassword", "New password again")
        self.message = named(QLabel("At least 12 characters. A few unrelated words work "
                                    "well. Changing it needs the network."),
                             "changePasswordMessage", "Message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save = named(self.buttons.addButton(
            "Change password", QDialogButtonBox.ButtonRole.AcceptRole),
            "changePasswordButton", "Change password")
        self.save.setProperty("primary", True)
        self.save.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Current password", self.current)
        form.addRow("New password", self.new)
        form.addRow("New password again", self.confirm)
        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.setMinimumWidth(520)

    @staticmethod
    def _password(name: str, label: str) -> QLineEdit:
        field = named(QLineEdit(), name, label)
        field.setEchoMode(QLineEdit.EchoMode.Password)
        return field

    def submit(self) -> None:
        current, new = self.current.text(), self.new.text()
        if not current or not new:
            say(self.message, "Enter your current password and the new one.", "error")
            return
        if new != self.confirm.text():
            say(self.message, "The two new passwords are not the same. Type them again.",
                "error")
            self.confirm.clear()
            self.confirm.setFocus()
            return
        self.save.setEnabled(False)
        say(self.message, "Changing your password…", "muted")
        self._ops.run(lambda: self._device.change_password(current, new), self._changed,
                      self._refused)

    def _changed(self, _result: object) -> None:
        for field in (self.current, self.new, self.confirm):
            field.clear()
        say(self.message, DONE, "ok")
        self.buttons.clear()
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.clicked.connect(self.accept)

    def _refused(self, error: FieldClientError) -> None:
        self.save.setEnabled(True)
        say(self.message, str(error), "error")
