"""The fields of a report under review, as a table: section, field, answer, and the
reviewer's comment on it, the one column that can be edited."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from fieldclient.admin.reviews import FieldShown

HEADERS = ("Section", "Field", "Answer", "QA comment")
COMMENT = 3
Index = QModelIndex | QPersistentModelIndex
_SHOWN = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole,
          Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ToolTipRole)


class ReviewFieldsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._fields: list[FieldShown] = []
        self._comments: dict[str, str] = {}

    def set_fields(self, fields: list[FieldShown]) -> None:
        self.beginResetModel()
        self._fields, self._comments = list(fields), {}
        self.endResetModel()

    def comments(self) -> dict[str, str]:
        """By field key; only those with words."""
        return {k: t for k, t in self._comments.items() if t.strip()}

    def key_of(self, row: int) -> str:
        return self._fields[row].key

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._fields)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def _valid(self, index: Index) -> bool:
        return (index.isValid() and 0 <= index.row() < len(self._fields)
                and 0 <= index.column() < len(HEADERS))

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role not in _SHOWN or not self._valid(index):
            return None
        shown = self._fields[index.row()]
        cells = (shown.section, shown.label, shown.text or "—",
                 self._comments.get(shown.key, ""))
        return cells[index.column()]

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not self._valid(index):
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return flags | Qt.ItemFlag.ItemIsEditable if index.column() == COMMENT else flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self._valid(index) \
                or index.column() != COMMENT:
            return False
        self._comments[self._fields[index.row()].key] = str(value)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.DisplayRole,
                                             Qt.ItemDataRole.EditRole])
        return True

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None
