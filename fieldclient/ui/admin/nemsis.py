"""Admin Tools → NEMSIS: the agency's demographic data (DEMDataSet). The basics every
export needs (state ID, agency number and name, state), and importing the whole
DEMDataSet the state gave the agency. The server checks both against NEMSIS."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import Admin
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say

FIELDS = (("state_id", "EMS agency unique state ID (dAgency.01)"),
          ("number", "EMS agency number (dAgency.02)"),
          ("name", "EMS agency name (dAgency.03)"),
          ("state", "EMS agency state, 2-digit ANSI code (dAgency.04)"))


class NemsisScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminNemsis")
        self._ops = operations
        self._admin: Admin | None = None
        self.fields = {key: named(QLineEdit(), f"nemsis:{key}", label) for key, label in FIELDS}
        self.save = named(QPushButton("Save the agency's NEMSIS basics"), "nemsisSaveButton",
                          "Save the agency's NEMSIS basics")
        self.save.setProperty("primary", True)
        self.import_button = named(QPushButton("Import the agency's DEMDataSet…"),
                                   "nemsisImportButton", "Import the agency's DEMDataSet")
        self.message = named(QLabel(), "nemsisMessage", "Message")
        self.message.setWordWrap(True)
        form = QFormLayout()
        for key, label in FIELDS:
            form.addRow(label, self.fields[key])
        column = QVBoxLayout(self)
        column.addWidget(QLabel("Every NEMSIS export names the agency with these. Importing "
                                "a DEMDataSet replaces them and the rest (facilities, "
                                "service area); it must pass the NEMSIS checks whole."))
        column.addLayout(form)
        column.addWidget(self.save)
        column.addWidget(self.import_button)
        column.addWidget(self.message)
        column.addStretch(1)
        self.save.clicked.connect(self.submit)
        self.import_button.clicked.connect(self.choose_file)

    def open(self, admin: Admin) -> None:
        self._admin = admin
        self._editable(False)  # until the server's values are in: typing would be lost
        self._ops.run(admin.nemsis_agency, self._show, self._failed)

    def _editable(self, editable: bool) -> None:
        for field in self.fields.values():
            field.setEnabled(editable)
        self.save.setEnabled(editable)

    def _show(self, basics: dict[str, Any]) -> None:
        for key, field in self.fields.items():
            field.setText(basics.get(key) or "")
        self._editable(True)

    def submit(self) -> None:
        admin = self._admin
        if admin is None:
            return
        basics = {key: field.text().strip() for key, field in self.fields.items()}
        self.save.setEnabled(False)
        self._ops.run(lambda: admin.set_nemsis_agency(**basics),
                      lambda saved: self._done(saved, "Saved."), self._failed)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import a DEMDataSet", "",
                                              "NEMSIS XML (*.xml)")
        if name:
            self.import_file(Path(name))

    def import_file(self, path: Path) -> None:
        admin = self._admin
        if admin is None:
            return
        self.import_button.setEnabled(False)
        self._ops.run(lambda: admin.import_dem(path),
                      lambda saved: self._done(saved, f"Imported {path.name}."), self._failed)

    def _done(self, basics: dict[str, Any], words: str) -> None:
        self._show(basics)
        self.save.setEnabled(True)
        self.import_button.setEnabled(True)
        say(self.message, words, "ok")

    def _failed(self, error: FieldClientError) -> None:
        self._editable(True)
        self.import_button.setEnabled(True)
        say(self.message, str(error), "error")
