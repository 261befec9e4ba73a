"""Sign-in: email, password, an MFA step when asked, and every refusal in plain words."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

if TYPE_CHECKING:  # the core arrives after the first frame (see ui/app.py)
    from fieldclient.plumbing.events import ConnectivityChanged
    from fieldclient.signin.device import Device, MfaPending
    from fieldclient.signin.session import Session


def centred(widget: QWidget) -> QHBoxLayout:
    """Centred by stretches: importing the Qt namespace (alignment flags) costs ~25 ms of
    start-up, and this screen is the first frame."""
    row = QHBoxLayout()
    row.addStretch(1)
    row.addWidget(widget)
    row.addStretch(1)
    return row


class SignInScreen(QWidget):
    signedIn = Signal(object)  # Session

    def __init__(self, device: Device | None, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sign in")  # the main window's title names the screen
        self._device = device
        self._ops = operations
        self._pending: MfaPending | None = None
        self._submit_when_ready = False
        self.email = named(QLineEdit(), "loginEmail", "Email")
        self.password = named(QLineEdit(), "loginPassword", "Password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.mfa = named(QLineEdit(), "mfaCode", "Code from your authenticator app")
        self.mfa.setMaxLength(8)
        self.button = named(QPushButton("Sign in"), "loginButton", "Sign in")
        self.button.setProperty("primary", True)
        self.button.setDefault(True)
        self.message = named(QLabel(), "loginMessage", "Sign-in message")
        self.message.setWordWrap(True)
        self.connection = named(QLabel("Checking the network…"), "connectionIndicator",
                                 "Connection")
        self.forgot = named(QPushButton("Forgot password?"), "forgotPasswordButton",
                             "Forgot password")
        self.forgot.setFlat(True)
        self._lay_out()
        self.button.clicked.connect(self.submit)
        for field in (self.email, self.password, self.mfa):
            field.returnPressed.connect(self.submit)
        self.forgot.clicked.connect(self.forgot_password)

    def _lay_out(self) -> None:
        self._form = form = QFormLayout()
        form.addRow("Email", self.email)
        form.addRow("Password", self.password)
        form.addRow("Code", self.mfa)
        form.setRowVisible(self.mfa, False)
        card = QWidget()
        card.setMaximumWidth(560)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 4)
        outer.addStretch(1)
        column = QVBoxLayout(card)
        column.addStretch(1)
        title = QLabel("<h1>fieldclient</h1>")
        column.addLayout(centred(title))
        column.addLayout(centred(self.connection))
        column.addLayout(form)
        column.addWidget(self.button)
        column.addWidget(self.message)
        column.addLayout(centred(self.forgot))
        column.addStretch(2)
        self.setTabOrder(self.email, self.password)
        self.setTabOrder(self.password, self.mfa)
        self.setTabOrder(self.mfa, self.button)
        self.setTabOrder(self.button, self.forgot)

    def attach(self, device: Device) -> None:
        """The core is loaded: a sign-in asked for while it loaded goes ahead now."""
        self._device = device
        if self._submit_when_ready:
            self._submit_when_ready = False
            self._busy(False)
            self.submit()

    # --- connection ---------------------------------------------------------------------------
    def show_connectivity(self, event: ConnectivityChanged) -> None:
        """What the sync runner's probe found (see CoreBridge.connectivityChanged)."""
        from fieldclient.plumbing.events import ONLINE, UNTRUSTED

        if event.state == ONLINE:
            text, role = "● Online", "ok"
        elif event.state == UNTRUSTED:
            text, role = f"● Not connected: {event.message}", "error"
        else:
            text, role = "● Offline: signing in on this device only", "warn"
        say(self.connection, text, role)

    # --- signing in -----------------------------------------------------------------------------
    def submit(self) -> None:
        if not self.button.isEnabled():  # a sign-in is already on its way
            return
        email, password, code = self.email.text(), self.password.text(), self.mfa.text()
        if self._pending is None and (not email.strip() or not password):
            self._say("Enter your email and password.", "error")
            return
        device, pending = self._device, self._pending
        self._busy(True)
        if device is None:
            self._submit_when_ready = True
            return
        if pending is not None:
            self._ops.run(lambda: device.complete_mfa(pending, code), self._done,
                          self._refused)
        else:
            self._ops.run(lambda: device.sign_in(email, password), self._done, self._refused)

    def _done(self, result: Session | MfaPending) -> None:
        from PySide6.QtCore import Qt

        from fieldclient.signin.device import MfaPending

        self._busy(False)
        if isinstance(result, MfaPending):
            self._pending = result
            self._form.setRowVisible(self.mfa, True)
            self.mfa.setInputMethodHints(Qt.InputMethodHint.ImhDigitsOnly)  # touch keyboards
            self.mfa.setFocus()
            self._say("Enter the 6-digit code from your authenticator app.", "muted")
            return
        self._pending = None
        self.mfa.clear()
        self._form.setRowVisible(self.mfa, False)
        self.password.clear()
        self.message.clear()
        self.signedIn.emit(result)

    def _refused(self, error: FieldClientError) -> None:
        self._busy(False)
        if self._pending is None:
            self.password.clear()
            self.password.setFocus()
        else:
            self.mfa.clear()
        self._say(str(error), "error")

    def showEvent(self, event: Any) -> None:
        """Coming from set-up or a sign-out, the keyboard goes to the first empty field."""
        super().showEvent(event)
        if not any(f.hasFocus() for f in (self.email, self.password, self.mfa)):
            (self.password if self.email.text() else self.email).setFocus()

    def show_locked(self) -> None:
        self._say("Locked. Enter your password to go on, or sign in as someone else.",
                  "warn")
        self.password.setFocus()

    def forgot_password(self) -> None:
        email, device = self.email.text().strip(), self._device
        if device is None:
            return
        if not email:
            self._say("Enter your email first, then choose Forgot password.", "error")
            return
        self._ops.run(lambda: device.forgot_password(email),
                      lambda _: self._say("If that account exists, a reset link is on its "
                                          "way to your email.", "ok"),
                      lambda e: self._say(str(e), "error"))

    def _busy(self, busy: bool) -> None:
        self.button.setEnabled(not busy)
        self.button.setText("Signing in…" if busy else "Sign in")

    def _say(self, text: str, role: str) -> None:
        say(self.message, text, role)
