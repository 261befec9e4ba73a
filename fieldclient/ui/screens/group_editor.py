"""A repeating group (vitals, medications, procedures, crew) as editable rows."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QFrame, QLabel, QPushButton, QVBoxLayout, QWidget

from fieldclient.ui.screens.editor_factory import editor_for
from fieldclient.ui.screens.field_editors import FieldEditor


class GroupRow(QFrame):
    remove = Signal(object)

    def __init__(self, group: dict[str, Any], index: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.editors: dict[str, FieldEditor] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout(self)
        for field in group["fields"]:
            path = f"{group['key']}[{index}].{field['key']}"
            editor = editor_for(field, path)
            error = QLabel()
            error.setObjectName(f"error:{path}")
            error.setProperty("role", "error")
            error.hide()
            form.addRow(field["label"], editor)
            form.addRow("", error)
            self.editors[field["key"]] = editor
            self.errors[path] = error
        remove = QPushButton(f"Remove this {group['label'].lower()} row")
        remove.setObjectName(f"removeRow:{group['key']}[{index}]")
        remove.clicked.connect(lambda: self.remove.emit(self))
        form.addRow("", remove)


class GroupEditor(QWidget):
    changed = Signal()

    def __init__(self, group: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = group
        self.setObjectName(f"field:{group['key']}")
        self.setAccessibleName(group["label"])
        self.rows: list[GroupRow] = []
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(f"Add {group['label'].lower()} row")
        self.add_button.setObjectName(f"addRow:{group['key']}")
        self.add_button.clicked.connect(lambda: self.add_row())
        self._column.addWidget(self.add_button)
        self._read_only = False

    def add_row(self, values: dict[str, Any] | None = None) -> GroupRow:
        row = GroupRow(self.group, len(self.rows))
        for key, editor in row.editors.items():
            editor.set_value((values or {}).get(key))
            editor.changed.connect(self.changed)
            editor.set_read_only(self._read_only)
        row.remove.connect(self._remove)
        self.rows.append(row)
        self._column.insertWidget(self._column.count() - 1, row)
        self.changed.emit()
        return row

    def _remove(self, row: GroupRow) -> None:
        kept = [self._row_values(r) for r in self.rows if r is not row]
        self.set_value(kept)
        self.changed.emit()

    @staticmethod
    def _row_values(row: GroupRow) -> dict[str, Any]:
        return {k: v for k, e in row.editors.items() if (v := e.value()) is not None}

    def value(self) -> list[dict[str, Any]] | None:
        rows = [self._row_values(r) for r in self.rows]
        rows = [r for r in rows if r]
        return rows or None

    def set_value(self, rows: list[dict[str, Any]] | None) -> None:
        for row in self.rows:
            row.setParent(None)
            row.deleteLater()
        self.rows = []
        for values in rows or []:
            self.add_row(values)

    def set_read_only(self, read_only: bool) -> None:
        self._read_only = read_only
        self.add_button.setVisible(not read_only)
        for row in self.rows:
            for editor in row.editors.values():
                editor.set_read_only(read_only)

    def errors(self) -> dict[str, QLabel]:
        return {path: label for row in self.rows for path, label in row.errors.items()}
