"""One editor per form field type, built from the form definition (docs/forms.md).

`value()` returns the field's value as the form expects it, None when blank, or the
text as typed when it cannot be read: the crew's input is never dropped, and the
validator names the problem.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

Field = dict[str, Any]


class FieldEditor(QWidget):
    changed = Signal()
    takes_cells = False  # set_value gets NEMSIS cells, not plain values (code_picker)

    def __init__(self, field: Field, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = field
        self.setObjectName(f"field:{name}")
        self.setAccessibleName(field["label"])
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.setEnabled(not read_only)

    def focus_input(self) -> None:
        self.setFocus()


class LineEditor(FieldEditor):
    """text, integer, decimal, date and datetime: a line of text, parsed on the way out."""

    def __init__(self, field: Field, name: str, parent: QWidget | None = None) -> None:
        super().__init__(field, name, parent)
        self.line = QLineEdit()
        self.line.setAccessibleName(field["label"])
        self.line.setPlaceholderText({"date": "YYYY-MM-DD",
                                      "datetime": "YYYY-MM-DD HH:MM[:SS] (local time)"}.get(
                                          field["type"], ""))
        if "max_length" in field:
            self.line.setMaxLength(field["max_length"])
        self.setFocusProxy(self.line)
        self._layout.addWidget(self.line, 1)
        self.line.textChanged.connect(self.changed)
        if field["type"] == "datetime":
            now = QPushButton("Now")
            now.setObjectName(f"now:{self.objectName().removeprefix('field:')}")
            now.setAccessibleName(f"Set {field['label']} to now")
            now.clicked.connect(self.set_now)
            self._layout.addWidget(now)
            self._now = now

    def set_now(self) -> None:
        self.set_value(datetime.now().astimezone().isoformat(timespec="minutes"))

    def value(self) -> Any:
        text = self.line.text().strip()
        if not text:
            return None
        kind = self.field["type"]
        if text in self.field.get("also_allow", []):
            return text
        if kind == "integer":
            return int(text) if text.lstrip("-").isdigit() else text
        if kind == "decimal":
            try:
                number = Decimal(text)
            except InvalidOperation:
                return text
            return int(number) if number == number.to_integral_value() else float(number)
        if kind == "datetime":
            return _with_local_offset(text)
        return text

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        if hasattr(self, "_now"):
            self._now.setEnabled(not read_only)


def _with_local_offset(text: str) -> str:
    """Accept 'YYYY-MM-DD HH:MM' as local time; every stored time carries its offset."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.astimezone()  # the laptop's own timezone
    # Seconds only where typed (NEMSIS times carry them; a crew's usually do not).
    return moment.isoformat(timespec="seconds" if moment.second else "minutes")


class TextAreaEditor(FieldEditor):
    def __init__(self, field: Field, name: str, parent: QWidget | None = None) -> None:
        super().__init__(field, name, parent)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(field["label"])
        self.text.setMinimumHeight(160)
        self.text.setTabChangesFocus(True)
        self.setFocusProxy(self.text)
        self._layout.addWidget(self.text)
        self.text.textChanged.connect(self.changed)

    def value(self) -> Any:
        return self.text.toPlainText() or None

    def set_value(self, value: Any) -> None:
        self.text.setPlainText(value or "")

    def set_read_only(self, read_only: bool) -> None:
        self.text.setReadOnly(read_only)


class SelectEditor(FieldEditor):
    def __init__(self, field: Field, name: str, parent: QWidget | None = None) -> None:
        super().__init__(field, name, parent)
        self.combo = QComboBox()
        self.combo.setAccessibleName(field["label"])
        self.combo.addItem("—", None)
        for choice in field.get("choices", []):
            self.combo.addItem(choice["label"], choice["value"])
        if field["type"] == "boolean":
            self.combo.addItem("Yes", True)
            self.combo.addItem("No", False)
        self.setFocusProxy(self.combo)
        self._layout.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


class MultiSelectEditor(FieldEditor):
    def __init__(self, field: Field, name: str, parent: QWidget | None = None) -> None:
        super().__init__(field, name, parent)
        self.list = QListWidget()
        self.list.setAccessibleName(field["label"])
        for choice in field.get("choices", []):
            item = QListWidgetItem(choice["label"])
            item.setData(Qt.ItemDataRole.UserRole, choice["value"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMaximumHeight(44 * min(len(field.get("choices", [])), 5) + 8)
        self.setFocusProxy(self.list)
        self._layout.addWidget(self.list, 1)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def value(self) -> Any:
        chosen = [i.data(Qt.ItemDataRole.UserRole) for i in self._items()
                  if i.checkState() == Qt.CheckState.Checked]
        return chosen or None

    def set_value(self, value: Any) -> None:
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in (value or [])
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


EDITORS: dict[str, type[FieldEditor]] = {
    "text": LineEditor, "integer": LineEditor, "decimal": LineEditor, "date": LineEditor,
    "datetime": LineEditor, "textarea": TextAreaEditor, "select": SelectEditor,
    "boolean": SelectEditor, "multiselect": MultiSelectEditor,
}
