"""Admin Panel → Admin Tools: shown to holders of an admin permission, online only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from fieldclient.admin.calls import AGENCY, DEVICES, REVIEW, ROLES, USERS, Admin
from fieldclient.admin.devices import Devices
from fieldclient.admin.reviews import Reviews
from fieldclient.admin.this_device import ThisDevice
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.ui.admin.agency import AgencyScreen
from fieldclient.ui.admin.devices import DevicesScreen
from fieldclient.ui.admin.facilities import FacilitiesScreen
from fieldclient.ui.admin.nemsis import NemsisScreen
from fieldclient.ui.admin.review_queue import ReviewQueueScreen
from fieldclient.ui.admin.roles import RolesScreen
from fieldclient.ui.admin.this_device import DeviceScreen
from fieldclient.ui.admin.users import UsersScreen
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

NEEDS_NETWORK = ("Admin Tools need the network: they change the agency's accounts on the "
                 "server. Sign in online to use them.")


class AdminPanel(QWidget):
    closed = Signal()

    def __init__(self, device: Device, operations: Operations,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Admin Tools")  # the main window's title names the screen
        self.setObjectName("adminPanel")
        self._ops = operations
        self.tabs = named(QTabWidget(), "adminTabs", "Admin Tools")
        self.users = UsersScreen(operations)
        self.roles = RolesScreen(operations)
        self.agency = AgencyScreen(operations)
        self.nemsis = NemsisScreen(operations)
        self.facilities = FacilitiesScreen(operations)
        self.devices = DevicesScreen(operations)
        self.review = ReviewQueueScreen(operations)
        self.device = DeviceScreen(ThisDevice(device), operations)
        self.message = named(QLabel(), "adminMessage", "Admin Tools message")
        self.message.setWordWrap(True)
        self.back = named(QPushButton("Back to the Incident List"), "adminBackButton",
                          "Back to the Incident List")
        self.back.clicked.connect(self.closed.emit)
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>Admin Tools</h2>"), 1)
        top.addWidget(self.back)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addWidget(self.tabs, 1)

    def clear(self) -> None:
        """The session ended: every admin table (names, emails) is emptied."""
        from fieldclient.ui.widgets.row_model import RowsModel

        self.tabs.clear()
        for model in self.findChildren(RowsModel):
            model.set_rows([])
        self.facilities.model.set_rows([])
        if self.review.dialog is not None:  # a report under review: its fields go too
            self.review.dialog.model.set_fields([])
            self.review.dialog.reject()

    def open(self, session: Session) -> None:
        """Tabs for what this user may manage; the server checks each call again."""
        self.tabs.clear()
        if session.offline:
            say(self.message, NEEDS_NETWORK, "warn")
            self.message.show()
            self.tabs.hide()
            return
        self.message.hide()
        self.tabs.show()
        admin, held = Admin(session), session.user.permissions
        if USERS in held:
            self.tabs.addTab(self.users, "Users")
            self.users.open(admin)
        if ROLES in held:
            self.tabs.addTab(self.roles, "Roles && Permissions")
            self.roles.open(admin)
        if AGENCY in held:
            self.tabs.addTab(self.agency, "Agency settings")
            self.agency.open(admin)
            self.tabs.addTab(self.nemsis, "NEMSIS")
            self.nemsis.open(admin)
            self.tabs.addTab(self.facilities, "Facilities")
            self.facilities.open(admin)
        if REVIEW in held:
            self.tabs.addTab(self.review, "QA review")
            self.review.open(Reviews(session))
        if DEVICES in held:
            self.tabs.addTab(self.devices, "Devices")
            self.devices.open(Devices(session))
            self.tabs.addTab(self.device, "This device")
            self.device.open()
