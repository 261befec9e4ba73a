"""The EMS Incident List as a model: pages of rows, filtered by the store's query.

Rows arrive a page at a time from a fetch function that runs the query off the GUI
thread; Qt's fetchMore asks for the next page as the view scrolls. A page that answers
an older search is dropped, so fast typing never shows stale rows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldclient.storage.store import ListQuery, ListRow

COLUMNS = ("Incident #", "Date/time", "Unit", "Patient", "Chief complaint", "Report status",
           "Sync")
STATUS = {"in_progress": "In progress", "completed": "Completed", None: "No report yet"}
SYNC = {"not_synced": "Not synced", "syncing": "Syncing", "synced": "Synced",
        "conflict": "Conflict", "rejected": "Rejected", None: ""}
ROW_ROLE = Qt.ItemDataRole.UserRole
PAGE = 200
Index = QModelIndex | QPersistentModelIndex


# QA's word, where it still holds: returned while in progress, approved while completed.
REVIEWED = {("returned", "in_progress"): "Returned by QA",
            ("approved", "completed"): "Approved by QA"}


def _cells(row: ListRow) -> tuple[str, ...]:
    when = row.when.replace("T", " ")[:16] if row.when else ""
    status = REVIEWED.get((row.review_status, row.status)) or STATUS.get(row.status,
                                                                        row.status or "")
    return (row.incident_number, when, row.unit, row.patient, row.chief_complaint, status,
            SYNC.get(row.sync_state, ""))


@dataclass(frozen=True)
class Page:
    """Rows with their display cells, built off the GUI thread."""

    rows: list[ListRow]
    cells: list[tuple[str, ...]]


def prepare(rows: list[ListRow]) -> Page:
    """Pure Python, no Qt objects: safe to run in a worker."""
    return Page(rows, [_cells(r) for r in rows])


# fetch(query, offset, limit, deliver): run the query off the GUI thread, then call
# deliver(page) on it.
Fetch = Callable[[ListQuery, int, int, Callable[[Page], None]], None]


class IncidentTableModel(QAbstractTableModel):
    def __init__(self, fetch: Fetch, parent: Any = None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._rows: list[ListRow] = []
        self._cells: list[tuple[str, ...]] = []
        self._query = ListQuery()
        self._generation = 0
        self._fetching = False
        self._exhausted = True

    # --- loading ------------------------------------------------------------------------------
    @property
    def query(self) -> ListQuery:
        return self._query

    def set_query(self, query: ListQuery) -> None:
        self._query = query
        self._load(PAGE)

    def reload(self) -> None:
        """The same search again, keeping as many rows as are loaded (the scroll stays)."""
        self._load(max(PAGE, len(self._rows)))

    def clear(self) -> None:
        """Empty, and deaf to answers still on their way (the session ended)."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self._cells = [], []
        self._fetching, self._exhausted = False, True
        self.endResetModel()

    def _load(self, limit: int) -> None:
        self._generation += 1
        generation, self._fetching = self._generation, True
        self._fetch(self._query, 0, limit,
                    lambda page: self._replace(generation, page, limit))

    def _replace(self, generation: int, page: Page, limit: int) -> None:
        if generation != self._generation:
            return  # an older search's answer
        self.beginResetModel()
        self._rows, self._cells = page.rows, page.cells
        self._fetching, self._exhausted = False, len(page.rows) < limit
        self.endResetModel()

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008
        return not parent.isValid() and not self._exhausted and not self._fetching

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        generation, self._fetching = self._generation, True
        self._fetch(self._query, len(self._rows), PAGE,
                    lambda page: self._append(generation, page))

    def _append(self, generation: int, page: Page) -> None:
        if generation != self._generation:
            return
        self._fetching, self._exhausted = False, len(page.rows) < PAGE
        if page.rows:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(page.rows) - 1)
            self._rows += page.rows
            self._cells += page.cells
            self.endInsertRows()

    def row_at(self, row: int) -> ListRow:
        return self._rows[row]

    # --- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        source = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._cells[source][index.column()]
        if role == ROW_ROLE:
            return self._rows[source]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{COLUMNS[index.column()]}: {self._cells[source][index.column()]}"
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(COLUMNS)):
            return COLUMNS[section]
        return None
