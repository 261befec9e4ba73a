"""The EMS Incident List: where every sign-in lands, online or offline."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from fieldclient.plumbing.events import ConnectivityChanged, SyncStatus
from fieldclient.signin.session import Session
from fieldclient.storage.store import ListQuery, ListRow
from fieldclient.ui.bridge.operations import Operations
from fieldclient.ui.screens.incident_model import ROW_ROLE, IncidentTableModel, Page, prepare
from fieldclient.ui.widgets.basics import row_table, say, tab_order

STATUS_FILTERS = (("All reports", None), ("In progress", "in_progress"),
                  ("Completed", "completed"), ("CAD incidents without a report", "none"))
SYNC_FILTERS = (("Any sync state", None), ("Not synced", "not_synced"), ("Synced", "synced"),
                ("Conflict", "conflict"), ("Rejected", "rejected"))


class IncidentListScreen(QWidget):
    openReport = Signal(object)  # ListRow
    newReport = Signal(object)   # ListRow of the selected CAD incident, or None

    def __init__(self, operations: Operations, session_of: Callable[[], Session | None],
                 parent: QWidget | None = None) -> None:
        """session_of: the core's signed-in session now (asked for, never kept)."""
        super().__init__(parent)
        self.setWindowTitle("EMS Incident List")  # the main window's title names the screen
        self._ops = operations
        self._session_of = session_of
        self._message_until_synced = False
        self.model = IncidentTableModel(self._fetch, self)
        self.table = row_table(self.model, "incidentTable", "EMS Incident List")
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Fixed starting widths: sizing to contents would read all 100,000 rows.
        for column, width in enumerate((130, 160, 110, 190, 220, 130, 120)):
            header.resizeSection(column, width)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.search = QLineEdit(placeholderText="Search incident #, unit, patient, complaint")
        self.search.setObjectName("incidentSearch")
        self.search.setAccessibleName("Search the incident list")
        self.status_filter = self._combo("statusFilter", "Report status filter", STATUS_FILTERS)
        self.sync_filter = self._combo("syncFilter", "Sync state filter", SYNC_FILTERS)
        self.new_button = QPushButton("New ePCR")
        self.new_button.setObjectName("newReportButton")
        self.new_button.setAccessibleName("New ePCR")
        self.new_button.setProperty("primary", True)
        self.offline_marker = QLabel("Offline mode")
        self.offline_marker.setObjectName("offlineMarker")
        self.offline_marker.setProperty("role", "warn")
        self.offline_marker.hide()
        self.message = QLabel()
        self.message.setObjectName("listMessage")
        self.message.setWordWrap(True)
        self.message.hide()
        self.sync_status = QLabel()
        self.sync_status.setObjectName("syncStatus")
        self.sync_status.setAccessibleName("Sync status")
        self.connection = QLabel()
        self.connection.setObjectName("listConnection")
        self.connection.setAccessibleName("Connection")
        self._lay_out()
        tab_order([self.new_button, self.search, self.status_filter, self.sync_filter,
                   self.table])
        self.search.textChanged.connect(self._apply_filter)
        self.status_filter.currentIndexChanged.connect(self._apply_filter)
        self.sync_filter.currentIndexChanged.connect(self._apply_filter)
        self.table.activated.connect(self._activated)  # double-click or Enter
        self.new_button.clicked.connect(self._new)

    def _combo(self, name: str, accessible: str, items: tuple[tuple[str, str | None], ...]
               ) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        for label, value in items:
            combo.addItem(label, value)
        return combo

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        top.addWidget(QLabel("<h2>EMS Incident List</h2>"))
        top.addWidget(self.offline_marker)
        top.addStretch(1)
        top.addWidget(self.new_button)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.sync_filter, 1)
        column = QVBoxLayout(self)
        column.addLayout(top)
        column.addWidget(self.message)
        column.addLayout(filters)
        column.addWidget(self.table, 1)
        status = QHBoxLayout()
        status.addWidget(self.connection)
        status.addWidget(self.sync_status, 1)
        column.addLayout(status)

    # --- data -------------------------------------------------------------------------------------
    def show_session(self, session: Session) -> None:
        if session.offline and not self.offline_marker.isVisibleTo(self):
            self.show_connectivity(ConnectivityChanged("offline"))
        if session.why_offline:
            say(self.message, session.why_offline, "warn")
            self.message.show()
        else:
            self.message.hide()
        self._apply_filter()

    def clear(self) -> None:
        """The session ended: no patient data stays in the model or on screen."""
        self.model.clear()
        self.message.clear()
        self.message.hide()
        self.sync_status.clear()
        self.search.clear()

    def reload(self) -> None:
        if self._session_of() is not None:
            self.model.reload()

    def _fetch(self, query: ListQuery, offset: int, limit: int,
               deliver: Callable[[Page], None]) -> None:
        session = self._session_of()
        if session is None:
            deliver(prepare([]))
            return
        self._ops.run(lambda: prepare(session.store.list_page(query, offset, limit)), deliver,
                      self.show_message_error)

    def show_connectivity(self, event: ConnectivityChanged) -> None:
        """The marker and the status line follow the sync runner's probe."""
        online = event.online
        self.offline_marker.setVisible(not online)
        text = "● Online" if online else f"● Offline{': ' + event.message if event.message else ''}"
        say(self.connection, text, "ok" if online else "warn")

    def show_message(self, text: str, role: str, *, until_synced: bool = False) -> None:
        """until_synced: the message speaks of reports waiting to sync; it goes when none do."""
        say(self.message, text, role)
        self._message_until_synced = until_synced
        self.message.show()

    def show_message_error(self, error: Exception) -> None:
        self.show_message(str(error), "error")

    def show_sync_status(self, status: SyncStatus) -> None:
        if self._message_until_synced and status.pending == 0 and not status.running:
            self._message_until_synced = False
            self.message.hide()
        parts = [f"{status.pending} not synced" if status.pending else "All reports synced"]
        if status.running:
            parts.append("syncing…")
        if status.last_success:
            parts.append(f"last sync {status.last_success.replace('T', ' ')[:16]}")
        if status.needs_online_sign_in:
            parts.append("sign in online to sync")
        elif status.last_error:
            parts.append(f"last problem: {status.last_error}")
        self.sync_status.setText(" · ".join(parts))

    def _apply_filter(self) -> None:
        self.model.set_query(ListQuery(self.search.text(), self.status_filter.currentData(),
                                       self.sync_filter.currentData()))

    def _selected(self) -> ListRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ROW_ROLE) if rows else None

    def _activated(self, index: QModelIndex) -> None:
        row = self.model.data(index, ROW_ROLE)
        if row is None:
            return
        if row.report_id is None:
            self.newReport.emit(row)
        else:
            self.openReport.emit(row)

    def _new(self) -> None:
        selected = self._selected()
        self.newReport.emit(selected if selected and selected.report_id is None else None)

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.table.hasFocus():
            self._activated(self.table.currentIndex())
            return
        super().keyPressEvent(event)
