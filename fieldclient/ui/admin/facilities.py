"""Admin Tools → Facilities: where each destination facility of the agency's
DEMDataSet takes handoff reports by email (NEMSIS's dFacility has no email element).
"Send to destination" offers it for a report going there."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldclient.admin.calls import Admin
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.widgets.basics import named, say
from fieldclient.ui.widgets.edit_model import OneEditableColumnModel

HEADERS = ("Facility", "Code (dFacility.03)", "Handoff email")
EMAIL = 2


class FacilityEmailsModel(OneEditableColumnModel[dict[str, Any]]):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(HEADERS, EMAIL, parent)

    def set_rows(self, rows: list[dict[str, Any]]) -> None:
        self._reset([dict(r) for r in rows])

    def emails(self) -> dict[str, str]:
        return {str(r["code"]): str(r.get("email") or "") for r in self._rows}

    def cells(self, row: dict[str, Any]) -> tuple[str, ...]:
        return (row.get("name") or "", row["code"], row.get("email") or "")

    def edit(self, row: dict[str, Any], text: str) -> None:
        row["email"] = text.strip()


class FacilitiesScreen(QWidget):
    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("adminFacilities")
        self._ops = operations
        self._admin: Admin | None = None
        self.model = FacilityEmailsModel(self)
        self.table = named(QTableView(), "facilityEmails", "Facilities' handoff email")
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.save = named(QPushButton("Save the handoff emails"), "facilitiesSave",
                          "Save the handoff emails")
        self.save.setProperty("primary", True)
        self.message = named(QLabel(), "facilitiesMessage", "Message")
        self.message.setWordWrap(True)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("The facilities of the agency's DEMDataSet (import it in "
                                "the NEMSIS tab). A crew's \"Send to destination\" offers "
                                "the facility's handoff email: a link to the report goes "
                                "there, never the report itself."))
        column.addWidget(self.table, 1)
        column.addWidget(self.message)
        column.addWidget(self.save)
        self.save.clicked.connect(self.submit)

    def open(self, admin: Admin) -> None:
        self._admin = admin
        self.save.setEnabled(False)  # until the server's rows are in
        self._ops.run(admin.facility_contacts, self._show, self._failed)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        self.model.set_rows(rows)
        self.save.setEnabled(True)

    def submit(self) -> None:
        admin, emails = self._admin, self.model.emails()
        if admin is None:
            return
        self.save.setEnabled(False)
        self._ops.run(lambda: admin.set_facility_contacts(emails), self._saved, self._failed)

    def _saved(self, rows: list[dict[str, Any]]) -> None:
        self._show(rows)
        say(self.message, "Saved.", "ok")

    def _failed(self, error: FieldClientError) -> None:
        self.save.setEnabled(True)
        say(self.message, str(error), "error")
