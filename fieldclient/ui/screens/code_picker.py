"""Terminology fields (ICD-10-CM, RxNorm, SNOMED CT, location types): type a few letters
of the code, its label or its NEMSIS source label, and pick from the defined list. A code
that is not on the list may still be typed; the form's pattern checks it.

One code (`CodePicker`), or several (`CodesPicker`: eSituation.10, .12, eInjury.01), each
of which can be marked with the element's pertinent negative ("Symptom Not Present").
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import (
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
)

from fieldclient.ui.screens.field_editors import Field, FieldEditor
from fieldforms.nemsis import ansi

SEPARATOR = " — "


def choices_of(field: Field) -> list[dict[str, str]]:
    """The form's choices; a list too long to send with the form (ANSI counties) is
    named, and loaded here."""
    return field.get("choices") or ansi.choices(field.get("list", "")) or []


def choice_text(choice: dict[str, str]) -> str:
    """What the list shows and searches: code, suggested label, source label."""
    text = f"{choice['value']}{SEPARATOR}{choice['label']}"
    source = choice.get("source_label")
    return f"{text} ({source})" if source and source != choice["label"] else text


def _completer(field: Field, parent: Any) -> QCompleter:
    model = QStringListModel([choice_text(c) for c in choices_of(field)], parent)
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setMaxVisibleItems(8)
    return completer


def code_of(text: str) -> str | None:
    """A picked line ("R46.4 — Slowness…") or a typed code, as the code alone."""
    code = text.split(SEPARATOR, 1)[0].strip()
    return code or None


def stored(field: Field, code: str | None) -> Any:
    """The code as the data holds it: SNOMED CT codes are whole numbers (anything else
    typed stays text, and the validator names it)."""
    if code and field.get("whole_number_codes") and code.isdigit():
        return int(code)
    return code


class CodePicker(FieldEditor):
    def __init__(self, field: Field, name: str, parent: Any = None) -> None:
        super().__init__(field, name, parent)
        self._labels = {c["value"]: c["label"] for c in choices_of(field)}
        self.line = QLineEdit()
        self.line.setObjectName(f"search:{name}")
        self.line.setAccessibleName(f"{field['label']}: search the list or type a code")
        self.line.setPlaceholderText("Search the list, or type a code")
        self.line.setCompleter(_completer(field, self.line))
        # Qt's line edit takes a picked completion in only when it starts with what was
        # typed; these match anywhere in the text, so the pick is put in here.
        self.line.completer().activated.connect(self.line.setText)
        self.meaning = QLabel()
        self.meaning.setProperty("role", "muted")
        self.setFocusProxy(self.line)
        self._layout.addWidget(self.line, 1)
        self._layout.addWidget(self.meaning)
        self.line.textChanged.connect(self._show_meaning)
        self.line.textChanged.connect(self.changed)

    def _show_meaning(self) -> None:
        self.meaning.setText(self._labels.get(code_of(self.line.text()) or "", ""))

    def value(self) -> Any:
        return stored(self.field, code_of(self.line.text()))

    def set_value(self, value: Any) -> None:
        code = "" if value is None else str(value)
        label = self._labels.get(code)
        self.line.setText(f"{code}{SEPARATOR}{label}" if label else code)

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)


class CodesPicker(FieldEditor):
    """Several codes; with the element's one pertinent negative, each can be marked."""

    takes_cells = True

    def __init__(self, field: Field, name: str, parent: Any = None) -> None:
        super().__init__(field, name, parent)
        self._labels = {c["value"]: c["label"] for c in choices_of(field)}
        negatives = field.get("pn", [])
        self._negative = negatives[0] if len(negatives) == 1 and not field.get("pn_nil") \
            else None
        column = QVBoxLayout()
        self.line = QLineEdit()
        self.line.setObjectName(f"search:{name}")
        self.line.setAccessibleName(f"{field['label']}: search the list or type a code")
        self.line.setPlaceholderText("Search the list, or type a code, then Enter")
        self.line.setCompleter(_completer(field, self.line))
        self.list = QListWidget()
        self.list.setObjectName(f"codes:{name}")
        self.list.setAccessibleName(field["label"])
        self.list.setMaximumHeight(160)
        self.remove_button = QPushButton("Remove the selected code")
        self.remove_button.setObjectName(f"removeCode:{name}")
        column.addWidget(self.line)
        column.addWidget(self.list)
        column.addWidget(self.remove_button)
        self._layout.addLayout(column, 1)
        self.setFocusProxy(self.line)
        self.line.returnPressed.connect(self._add_typed)
        self.line.completer().activated.connect(self._add_text)
        self.remove_button.clicked.connect(self._remove_selected)
        self.list.itemChanged.connect(lambda _item: self.changed.emit())

    def _add_typed(self) -> None:
        self._add_text(self.line.text())

    def _add_text(self, text: str) -> None:
        code = code_of(text)
        if code:
            self.add(code)
        self.line.clear()

    def add(self, code: str, negative: bool = False) -> None:
        label = self._labels.get(code, "")
        item = QListWidgetItem(f"{code}{SEPARATOR}{label}" if label else code)
        item.setData(Qt.ItemDataRole.UserRole, code)
        if self._negative:
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if negative else Qt.CheckState.Unchecked)
            item.setToolTip(f"Checked: {self._negative['label']}")
        self.list.addItem(item)
        self.changed.emit()

    def _remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def value(self) -> Any:
        cells: list[Any] = []
        for item in self._items():
            code = stored(self.field, item.data(Qt.ItemDataRole.UserRole))
            marked = self._negative and item.checkState() == Qt.CheckState.Checked
            cells.append({"value": code, "pn": self._negative["value"]} if marked else code)
        return cells or None

    def set_value(self, value: Any) -> None:
        self.list.clear()
        for cell in value if isinstance(value, list) else []:
            parts = cell if isinstance(cell, dict) else {"value": cell}
            if parts.get("value"):
                self.add(str(parts["value"]), negative=bool(parts.get("pn")))

    def set_read_only(self, read_only: bool) -> None:
        self.line.setReadOnly(read_only)
        self.remove_button.setEnabled(not read_only)
        self.list.setEnabled(not read_only)
