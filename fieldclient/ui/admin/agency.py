"""Admin Tools → Agency: offline sign-in on or off, offline days, auto-lock minutes."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import Admin
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say


def _spin(name: str, label: str, low: int, high: int, suffix: str) -> QSpinBox:
    spin = named(QSpinBox(), name, label)
    spin.setRange(low, high)
    spin.setSuffix(suffix)
    return spin


class AgencyScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminAgency")
        self._ops = operations
        self._admin: Admin | None = None
        self.offline = named(QCheckBox("Allow offline sign-in on this agency's devices"),
                             "agencyOffline", "Allow offline sign-in")
        self.offline_days = _spin("agencyOfflineDays", "Offline days", 1, 90, " days")
        self.auto_lock = _spin("agencyAutoLock", "Auto-lock minutes", 1, 120, " min")
        self.save = named(QPushButton("Save agency settings"), "agencySaveButton",
                          "Save agency settings")
        self.save.setProperty("primary", True)
        self.message = named(QLabel(), "agencyMessage", "Message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        form.addRow("", self.offline)
        form.addRow("Offline sign-in works for", self.offline_days)
        form.addRow("Lock after idle", self.auto_lock)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Offline sign-in also needs the role permission \"Allow "
                                "offline sign-in\". Users get new settings at their next "
                                "online sign-in."))
        column.addLayout(form)
        column.addWidget(self.save)
        column.addWidget(self.message)
        column.addStretch(1)
        self.save.clicked.connect(self.submit)

    def open(self, admin: Admin) -> None:
        self._admin = admin
        self._ops.run(admin.agency, self._show, self._failed)

    def _show(self, agency: dict[str, Any]) -> None:
        self.offline.setChecked(bool(agency["offline_login_enabled"]))
        self.offline_days.setValue(int(agency["offline_max_days"]))
        self.auto_lock.setValue(int(agency["auto_lock_minutes"]))

    def submit(self) -> None:
        admin = self._admin
        if admin is None:
            return
        offline, days, lock = (self.offline.isChecked(), self.offline_days.value(),
                               self.auto_lock.value())
        self.save.setEnabled(False)
        self._ops.run(lambda: admin.update_agency(offline_login_enabled=offline,
                                                  offline_max_days=days,
                                                  auto_lock_minutes=lock),
                      self._saved, self._failed)

    def _saved(self, agency: dict[str, Any]) -> None:
        self._show(agency)
        self.save.setEnabled(True)
        say(self.message, "Saved. Users get the new settings at their next online sign-in.",
            "ok")

    def _failed(self, error: FieldClientError) -> None:
        self.save.setEnabled(True)
        say(self.message, str(error), "error")
