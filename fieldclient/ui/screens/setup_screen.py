"""First run: an administrator points the device at its server and registers it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.plumbing.settings import SERVER_URL
from fieldclient.provisioning.device_setup import AdminSetup, AgencyChoice, DeviceSetup
from fieldclient.signin.device import Device, MfaPending
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

STEP_TITLES = ("Set up this device (1 of 3)", "Set up this device (2 of 3)",
               "Set up this device (3 of 3)")


class SetupScreen(QWidget):
    setupDone = Signal()

    def __init__(self, device: Device, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(STEP_TITLES[0])  # the main window's title names the screen
        self.setObjectName("setupScreen")
        self._setup = DeviceSetup(device)
        self._ops = operations
        self._pending: MfaPending | None = None
        self._choice: AgencyChoice | None = None
        self._admin: AdminSetup | None = None
        self.server = named(QLineEdit(device.config.get(SERVER_URL)), "setupServerUrl",
                             "Agency server address")
        self.server.setPlaceholderText("https://ems.example.org")
        self.check_button = named(QPushButton("Check server"), "setupCheckButton",
                                   "Check server")
        self.email = named(QLineEdit(), "setupEmail", "Administrator email")
        self.password = named(QLineEdit(), "setupPassword", "Administrator password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.code = named(QLineEdit(), "setupMfaCode", "Authenticator code")
        self.agency = named(QComboBox(), "setupAgency", "Agency")
        self.signin_button = named(QPushButton("Sign in as administrator"),
                                    "setupSignInButton", "Sign in as administrator")
        self.device_name = named(QLineEdit(), "setupDeviceName", "New device name")
        self.register_button = named(QPushButton("Register this laptop"),
                                      "setupRegisterButton", "Register this laptop")
        self.existing = named(QComboBox(), "setupExistingDevice", "Existing device")
        self.adopt_button = named(QPushButton("Use the chosen device"), "setupAdoptButton",
                                   "Use the chosen device")
        self.message = named(QLabel(), "setupMessage", "Setup message")
        self.message.setWordWrap(True)
        self.steps = QStackedWidget()
        self._lay_out()
        self.check_button.clicked.connect(self.check)
        self.server.returnPressed.connect(self.check)
        self.signin_button.clicked.connect(self.sign_in)
        self.password.returnPressed.connect(self.sign_in)
        self.code.returnPressed.connect(self.sign_in)
        self.email.textEdited.connect(self._forget_choice)
        self.device_name.returnPressed.connect(self.register)
        # Each step's first field takes the keyboard: gloved hands type, then press Enter.
        self._first_fields = (self.server, self.email, self.device_name)
        self.register_button.clicked.connect(self.register)
        self.adopt_button.clicked.connect(self.adopt)

    def _lay_out(self) -> None:
        for button in (self.check_button, self.signin_button, self.register_button):
            button.setProperty("primary", True)
        server = QFormLayout()
        server.addRow("Server address", self.server)
        server.addRow("", self.check_button)
        admin = QFormLayout()
        admin.addRow("Email", self.email)
        admin.addRow("Password", self.password)
        admin.addRow("Code", self.code)
        admin.setRowVisible(self.code, False)
        admin.addRow("Agency", self.agency)
        admin.setRowVisible(self.agency, False)
        admin.addRow("", self.signin_button)
        self._admin_form = admin
        device = QFormLayout()
        device.addRow("Name a new device", self.device_name)
        device.addRow("", self.register_button)
        device.addRow("…or take over", self.existing)
        device.addRow("", self.adopt_button)
        for layout in (server, admin, device):
            page = QWidget()
            page.setLayout(layout)
            self.steps.addWidget(page)
        card = QWidget()
        card.setMaximumWidth(640)
        column = QVBoxLayout(card)
        column.addStretch(1)
        column.addWidget(QLabel("<h1>Set up this device</h1><p>An administrator does this "
                                "once, on the device's first start.</p>"))
        column.addWidget(self.steps)
        column.addWidget(self.message)
        column.addStretch(2)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(card, 4)
        outer.addStretch(1)

    # --- steps -----------------------------------------------------------------------------
    def check(self) -> None:
        url = self.server.text()
        self._run(lambda: self._setup.check_server(url), lambda _r: self._step(1, (
            "The server answered. An administrator signs in next.")))

    def sign_in(self) -> None:
        pending, choice, code = self._pending, self._choice, self.code.text()
        email, password = self.email.text(), self.password.text()
        if pending is not None:
            self._run(lambda: self._setup.complete_mfa(pending, code), self._signed_in)
        elif choice is not None:
            agency_id = self.agency.currentData()
            self._choice = None
            self._run(lambda: self._setup.sign_in_admin(choice.email, choice.password,
                                                        agency_id), self._signed_in)
        else:
            self._run(lambda: self._setup.sign_in_admin(email, password), self._signed_in)

    def _signed_in(self, result: AdminSetup | MfaPending | AgencyChoice) -> None:
        self.password.clear()
        self._admin_form.setRowVisible(self.agency, False)
        if isinstance(result, AgencyChoice):
            self._ask_agency(result)
            return
        if isinstance(result, MfaPending):
            self._pending = result
            self._admin_form.setRowVisible(self.code, True)
            self._say("Enter the code from your authenticator app.", "muted")
            self.code.setFocus()
            return
        self._admin = admin = result
        self._run(admin.devices, self._show_devices)

    def _ask_agency(self, choice: AgencyChoice) -> None:
        self._choice = choice
        self.agency.clear()
        for agency_id, name in choice.agencies:
            self.agency.addItem(name, agency_id)
        self._admin_form.setRowVisible(self.agency, True)
        self._say("This email and password open accounts in more than one agency. Choose "
                  "the agency this laptop belongs to, then sign in.", "muted")
        self.agency.setFocus()

    def _forget_choice(self) -> None:
        """Another email: the agencies offered were for the one before."""
        self._choice = None
        self._admin_form.setRowVisible(self.agency, False)

    def _show_devices(self, devices: list[dict[str, Any]]) -> None:
        self.existing.clear()
        for device in devices:
            self.existing.addItem(device["name"], device["device_id"])
        self.adopt_button.setEnabled(bool(devices))
        self._step(2, "Name this laptop as a new device, or take over an existing one.")

    def register(self) -> None:
        admin, name = self._admin, self.device_name.text().strip()
        if admin is None or not name:
            self._say("Enter a name for this laptop, such as 'Medic 7 laptop'.", "error")
            return
        self._run(lambda: admin.register(name), lambda _r: self.setupDone.emit())

    def adopt(self) -> None:
        admin, device_id = self._admin, self.existing.currentData()
        if admin is not None and device_id:
            self._run(lambda: admin.adopt(device_id), lambda _r: self.setupDone.emit())

    def show_wiped(self) -> None:
        """Back to the first step after an unregister: nothing from before is kept."""
        self._pending, self._choice, self._admin = None, None, None
        self.email.clear()
        self.code.clear()
        self._admin_form.setRowVisible(self.code, False)
        self._admin_form.setRowVisible(self.agency, False)
        self._step(0, "This device was unregistered and its data erased. An administrator "
                      "sets it up again.")

    # --- helpers ------------------------------------------------------------------------------
    def _run(self, work: Any, done: Any) -> None:
        self.setEnabled(False)

        def finish(result: Any) -> None:
            self.setEnabled(True)
            done(result)

        def failed(error: FieldClientError) -> None:
            self.setEnabled(True)
            self._say(str(error), "error")
            self._focus_step()

        self._ops.run(work, finish, failed)

    def _step(self, index: int, text: str) -> None:
        self.steps.setCurrentIndex(index)
        self.setWindowTitle(STEP_TITLES[index])
        self._say(text, "muted")
        self._focus_step()

    def _focus_step(self) -> None:
        self._first_fields[self.steps.currentIndex()].setFocus()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._focus_step()

    def _say(self, text: str, role: str) -> None:
        say(self.message, text, role)
