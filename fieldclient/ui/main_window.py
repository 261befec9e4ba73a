"""The main window: a stack of screens. Each screen is its own module."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QStackedWidget, QWidget

from fieldclient.device import Device
from fieldclient.session import Session
from fieldclient.ui.incident_list import IncidentListScreen
from fieldclient.ui.operations import Operations
from fieldclient.ui.signin_screen import SignInScreen


class MainWindow(QMainWindow):
    def __init__(self, device: Device, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mainWindow")
        self.setWindowTitle("fieldclient")
        self._device = device
        self.stack = QStackedWidget()
        self.signin = SignInScreen(device, operations)
        self.incidents = IncidentListScreen(operations)
        self.not_set_up = QLabel("This device is not set up yet. An administrator sets it "
                                 "up on its first start.")
        for screen in (self.signin, self.incidents, self.not_set_up):
            self.stack.addWidget(screen)
        self.setCentralWidget(self.stack)
        self.signin.signedIn.connect(self._signed_in)
        self.stack.setCurrentWidget(self.signin if device.is_set_up else self.not_set_up)
        self.resize(1100, 760)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.signin.check_connection()

    def _signed_in(self, session: Session) -> None:
        self.incidents.show_session(session)
        self.stack.setCurrentWidget(self.incidents)
