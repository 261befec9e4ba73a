"""The EMS Incident List as a model: rows from one query, filtering done in the model.

Filtering over pre-folded text in one list comprehension is fast enough for 100,000
rows per keystroke; a QSortFilterProxyModel would call Python once per row instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldclient.storage.store import ListRow

COLUMNS = ("Incident #", "Date/time", "Unit", "Patient", "Chief complaint", "Report status",
           "Sync")
STATUS = {"in_progress": "In progress", "completed": "Completed", None: "No report yet"}
SYNC = {"not_synced": "Not synced", "syncing": "Syncing", "synced": "Synced",
        "conflict": "Conflict", "rejected": "Rejected", None: ""}
ROW_ROLE = Qt.ItemDataRole.UserRole
Index = QModelIndex | QPersistentModelIndex


def _cells(row: ListRow) -> tuple[str, ...]:
    when = row.when.replace("T", " ")[:16] if row.when else ""
    return (row.incident_number, when, row.unit, row.patient, row.chief_complaint,
            STATUS.get(row.status, row.status or ""), SYNC.get(row.sync_state, ""))


@dataclass(frozen=True)
class Prepared:
    """Rows with their display cells and search text, built off the GUI thread."""

    rows: list[ListRow]
    cells: list[tuple[str, ...]]
    haystacks: list[str]


def prepare(rows: list[ListRow]) -> Prepared:
    """Pure Python, no Qt objects: safe to run in a worker, where 100,000 rows belong."""
    cells = [_cells(r) for r in rows]
    return Prepared(rows, cells, [" ".join(c[:5]).casefold() for c in cells])


class IncidentTableModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ListRow] = []
        self._cells: list[tuple[str, ...]] = []
        self._haystacks: list[str] = []
        self._visible: list[int] = []
        self._filter = ("", None, None)

    # --- loading and filtering -------------------------------------------------------------
    def set_rows(self, rows: list[ListRow]) -> None:
        self.set_prepared(prepare(rows))

    def set_prepared(self, prepared: Prepared) -> None:
        self.beginResetModel()
        self._rows, self._cells, self._haystacks = (prepared.rows, prepared.cells,
                                                    prepared.haystacks)
        self._visible = self._matching(*self._filter)
        self.endResetModel()

    def set_filter(self, text: str = "", status: str | None = None,
                   sync_state: str | None = None) -> None:
        """status: a report status, or "none" for incidents without a report; None: all."""
        self._filter = (text.strip().casefold(), status, sync_state)
        self.beginResetModel()
        self._visible = self._matching(*self._filter)
        self.endResetModel()

    def _matching(self, text: str, status: str | None, sync_state: str | None) -> list[int]:
        rows, hay = self._rows, self._haystacks
        return [i for i in range(len(rows))
                if (not text or text in hay[i])
                and (status is None or (rows[i].status or "none") == status)
                and (sync_state is None or rows[i].sync_state == sync_state)]

    def row_at(self, row: int) -> ListRow:
        return self._rows[self._visible[row]]

    # --- QAbstractTableModel ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._visible)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._visible):
            return None
        source = self._visible[index.row()]
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
