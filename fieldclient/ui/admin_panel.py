"""Admin Panel → Admin Tools: shown to holders of an admin permission, online only."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTabWidget, QVBoxLayout, QWidget

from fieldclient.admin import AGENCY, USERS, Admin
from fieldclient.session import Session
from fieldclient.ui.admin_agency import AgencyScreen
from fieldclient.ui.admin_users import UsersScreen
from fieldclient.ui.operations import Operations
from fieldclient.ui.widgets import named, say

NEEDS_NETWORK = ("Admin Tools need the network: they change the agency's accounts on the "
                 "server. Sign in online to use them.")


class AdminPanel(QWidget):
    closed = Signal()

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminPanel")
        self._ops = operations
        self.tabs = named(QTabWidget(), "adminTabs", "Admin Tools")
        self.users = UsersScreen(operations)
        self.agency = AgencyScreen(operations)
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
        admin = Admin(session)
        if USERS in session.user.permissions:
            self.tabs.addTab(self.users, "Users")
            self.users.open(admin)
        if AGENCY in session.user.permissions:
            self.tabs.addTab(self.agency, "Agency settings")
            self.agency.open(admin)
