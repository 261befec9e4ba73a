"""A conflict, side by side: mine and the server's, field by field; keep one or merge."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fieldclient.reports.model import Report
from fieldclient.signin.session import Session
from fieldclient.ui.bridge.operations import Operations
from fieldforms.validation import fields_of

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Field", "Mine (this device)", "Theirs (server)", "Keep")


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)[:200]
    return str(value)


class ConflictModel(QAbstractTableModel):
    """Rows are the fields whose values differ; the Keep column says whose value wins."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.mine: dict[str, Any] = {}
        self.theirs: dict[str, Any] = {}
        self.keys: list[str] = []
        self.labels: dict[str, str] = {}
        self.keep_theirs: set[str] = set()

    def load(self, mine: dict[str, Any], theirs: dict[str, Any], form: dict[str, Any]) -> None:
        self.beginResetModel()
        self.mine, self.theirs = mine, theirs
        self.labels = {k: f["label"] for k, f in fields_of(form).items()}
        order = list(self.labels)
        differing = {k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k)}
        self.keys = sorted(differing, key=lambda k: order.index(k) if k in order else 999)
        self.keep_theirs = set()
        self.endResetModel()

    def merged(self) -> dict[str, Any]:
        result = dict(self.mine)
        for key in self.keys:
            value = self.theirs.get(key) if key in self.keep_theirs else self.mine.get(key)
            if value is None:
                result.pop(key, None)
            else:
                result[key] = value
        return result

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.keys)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.keys):
            return None
        key = self.keys[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.labels.get(key, key), _show(self.mine.get(key)),
                    _show(self.theirs.get(key)),
                    "Theirs" if key in self.keep_theirs else "Mine")[index.column()]
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == 3:
            return Qt.CheckState.Checked if key in self.keep_theirs else Qt.CheckState.Unchecked
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsUserCheckable if index.column() == 3 else base

    def setData(self, index: Index, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 3 or role != Qt.ItemDataRole.CheckStateRole:
            return False
        key = self.keys[index.row()]
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.keep_theirs.add(key)
        else:
            self.keep_theirs.discard(key)
        self.dataChanged.emit(index.siblingAtColumn(0), index)
        return True

    def choose_all(self, theirs: bool) -> None:
        self.beginResetModel()
        self.keep_theirs = set(self.keys) if theirs else set()
        self.endResetModel()

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal
                and 0 <= section < len(HEADERS)):
            return HEADERS[section]
        return None


class ConflictView(QWidget):
    closed = Signal(str)

    def __init__(self, operations: Operations, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync conflict")  # the main window's title names the screen
        self.setObjectName("conflictView")
        self._ops = operations
        self._session: Session | None = None
        self._report: Report | None = None
        self._status = "in_progress"
        self.model = ConflictModel(self)
        self.table = QTableView()
        self.table.setObjectName("conflictTable")
        self.table.setAccessibleName("Differences between this device and the server")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setDefaultSectionSize(44)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.explain = QLabel()
        self.explain.setWordWrap(True)
        buttons = QHBoxLayout()
        self.mine_button = self._button("Keep mine", "keepMineButton", buttons)
        self.theirs_button = self._button("Keep theirs", "keepTheirsButton", buttons)
        self.merge_button = self._button("Save the merge", "mergeButton", buttons)
        self.back_button = self._button("Decide later", "conflictBackButton", buttons)
        column = QVBoxLayout(self)
        column.addWidget(QLabel("<h2>This report was changed in two places</h2>"))
        column.addWidget(self.explain)
        column.addWidget(self.table, 1)
        column.addLayout(buttons)
        self.mine_button.clicked.connect(lambda: self._resolve(theirs=False))
        self.theirs_button.clicked.connect(lambda: self._resolve(theirs=True))
        self.merge_button.clicked.connect(lambda: self._save(self.model.merged()))
        self.back_button.clicked.connect(lambda: self.closed.emit(""))

    def _button(self, text: str, name: str, row: QHBoxLayout) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAccessibleName(text)
        row.addWidget(button)
        return button

    def open(self, session: Session, report: Report, theirs: dict[str, Any] | None,
             form: dict[str, Any]) -> None:
        self._session, self._report = session, report
        theirs_data = (theirs or {}).get("data") or {}
        self._status = (theirs or {}).get("status") or report.status
        self.model.load(report.data, theirs_data, form)
        self.explain.setText(f"{len(self.model.keys)} field(s) differ. Nothing is lost until "
                             "you choose: keep your version, keep the server's, or tick "
                             "'Keep' to take the server's value field by field, then save "
                             "the merge.")

    def clear(self) -> None:
        """The session ended: neither side of the conflict stays in memory."""
        self._session, self._report = None, None
        self.model.load({}, {}, {"sections": []})
        self.explain.clear()

    def _resolve(self, theirs: bool) -> None:
        self.model.choose_all(theirs)
        self._save(self.model.merged())

    def _save(self, data: dict[str, Any]) -> None:
        session = self._session
        assert session is not None
        assert self._report is not None
        report_id, status = self._report.id, self._status
        self._ops.run(lambda: session.store.resolve_conflict(
            report_id, data, status, session.user.id, datetime.now(UTC)),
            lambda _r: self.closed.emit("Saved on this device; it will sync as a new "
                                        "revision."))
