"""A table model over plain rows where one column, and only that one, is typed into
(a reviewer's comment beside each field, a facility's handoff email). Subclasses say
what a row shows and where an edit goes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

Row = TypeVar("Row")
Index = QModelIndex | QPersistentModelIndex
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
          Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole)


class OneEditableColumnModel(QAbstractTableModel, Generic[Row]):
    def __init__(self, headers: Sequence[str], editable: int, parent: Any = None) -> None:
        super().__init__(parent)
        self._headers, self._editable = tuple(headers), editable
        self._rows: list[Row] = []

    def cells(self, row: Row) -> tuple[str, ...]:
        raise NotImplementedError

    def edit(self, row: Row, text: str) -> None:
        raise NotImplementedError

    def _reset(self, rows: Sequence[Row]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._headers)

    def _valid(self, index: Index) -> bool:
        return (index.isValid() and 0 <= index.row() < len(self._rows)
                and 0 <= index.column() < len(self._headers))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SHOWN or not self._valid(index):
            return None
        return self.cells(self._rows[index.row()])[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == self._editable \
            else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._valid(index) \
                or index.column() != self._editable:
            return False
        self.edit(self._rows[index.row()], str(value))
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole,
                                             Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(self._headers)):
            return self._headers[section]
        return None
