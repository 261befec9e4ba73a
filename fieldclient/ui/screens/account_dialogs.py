"""Account settings any signed-in user reaches from the Account menu."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

if TYPE_CHECKING:
    from fieldclient.signin.device import Device
    from fieldclient.signin.two_step import MfaEnrolment

MFA_STEPS = ("Scan the code with an authenticator app on your phone, or type the secret. "
             "Then enter the 6-digit code the app shows.")
MFA_DONE = ("Two-step sign-in is on. Online sign-ins now ask for a code from the app. "
            "(Offline sign-in on this device does not.)")
DONE = ("Your password was changed. Use the new one from now on, here and offline on "
        "this device.")


def close_only(buttons: QDialogButtonBox, dialog: QDialog) -> None:
    """A dialog whose work is done: its buttons become a single Close."""
    buttons.clear()
    buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(dialog.accept)


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
        close_only(self.buttons, self)

    def _refused(self, error: FieldClientError) -> None:
        self.save.setEnabled(True)
        say(self.message, str(error), "error")


def qr_png(text: str, target_px: int = 300) -> bytes:
    """A QR code as PNG bytes, dark on light with the standard quiet zone, in whole
    pixels per module (a scaled QR blurs) and close to target_px wide."""
    import io

    import segno

    code = segno.make(text, error="m")
    modules, _ = code.symbol_size(scale=1, border=4)
    out = io.BytesIO()
    code.save(out, kind="png", scale=max(2, target_px // modules), border=4)
    return out.getvalue()


class MfaSetupDialog(QDialog):
    """Two-step sign-in: scan the code (or type the secret), then prove it with a code."""

    def __init__(self, device: Device, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mfaSetupDialog")
        self.setWindowTitle("Set up two-step sign-in")
        from fieldclient.signin.two_step import Account

        self._account = Account(device)
        self._ops = operations
        self.enrolment: MfaEnrolment | None = None
        self.qr = named(QLabel("Getting a new code…"), "mfaQr",
                        "QR code for the authenticator app")
        self.qr.setMinimumSize(240, 240)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.secret = named(QLabel(), "mfaSecret", "Secret to type into the app")
        self.secret.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code = named(QLineEdit(), "mfaCode", "Code from the app")
        self.code.setPlaceholderText("6-digit code")
        self.message = named(QLabel(MFA_STEPS), "mfaMessage", "Message")
        self.message.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.confirm = named(self.buttons.addButton(
            "Turn on two-step sign-in", QDialogButtonBox.ButtonRole.AcceptRole),
            "mfaConfirmButton", "Turn on two-step sign-in")
        self.confirm.setProperty("primary", True)
        self.confirm.setEnabled(False)
        self.confirm.clicked.connect(self.submit)
        self.code.returnPressed.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("Or type this secret", self.secret)
        form.addRow("Code from the app", self.code)
        column = QVBoxLayout(self)
        column.addWidget(self.qr)
        column.addLayout(form)
        column.addWidget(self.message)
        column.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def start(self) -> None:
        account = self._account

        def enrol() -> tuple[MfaEnrolment, bytes]:
            enrolment = account.start_mfa()
            return enrolment, qr_png(enrolment.otpauth_uri)

        self._ops.run(enrol, self._show, self._refused)

    def _show(self, answer: tuple[MfaEnrolment, bytes]) -> None:
        from PySide6.QtGui import QPixmap

        self.enrolment, png = answer
        pixmap = QPixmap()
        pixmap.loadFromData(png, "PNG")
        self.qr.setPixmap(pixmap)
        self.qr.setMinimumSize(pixmap.size())
        self.adjustSize()
        self.secret.setText(self.enrolment.grouped_secret)
        self.confirm.setEnabled(True)
        self.code.setFocus()

    def submit(self) -> None:
        code = self.code.text().strip().replace(" ", "")
        if self.enrolment is None:
            return
        if not (code.isdigit() and len(code) == 6):
            say(self.message, "Enter the 6-digit code the app shows now.", "error")
            return
        self.confirm.setEnabled(False)
        self._ops.run(lambda: self._account.confirm_mfa(code), self._done, self._refused)

    def _done(self, _result: object) -> None:
        say(self.message, MFA_DONE, "ok")
        close_only(self.buttons, self)

    def _refused(self, error: FieldClientError) -> None:
        self.confirm.setEnabled(self.enrolment is not None)
        say(self.message, str(error), "error")
