"""Keying a NEMSIS compliance scenario into the editor as a crew member would: each value
the scenario page shows is resolved to a choice on screen by its label, and entered
with the keyboard and mouse (drop-downs by their first letters, list entries ticked with
Space, codes searched and picked from the list that opens).

A label that matches no choice fails the test: the crew could not enter the case.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QWidget

from fieldclient.ui.screens.cell_editor import CellEditor
from fieldclient.ui.screens.code_picker import SEPARATOR, CodePicker, CodesPicker
from fieldclient.ui.screens.epcr_editor import EpcrEditor
from fieldclient.ui.screens.field_editors import (
    FieldEditor,
    LineEditor,
    MultiSelectEditor,
    SelectEditor,
    TextAreaEditor,
)
from fieldclient.ui.screens.group_editor import GroupEditor
from tests.support.scenario import Row, Value
from tests.ui.harness import click, type_into, type_text

PERTINENT = "Pertinent negative: "


class Keying:
    """Types one scenario into an open editor; `keyed` names every element entered."""

    def __init__(self, editor: EpcrEditor, qtbot: Any, counties: dict[str, str]) -> None:
        self.editor, self.qtbot = editor, qtbot
        self.counties = counties   # element → the county's name, where the page shows none
        self.keyed: set[str] = set()

    def scenario(self, rows: list[Row]) -> None:
        row_editors: dict[str, FieldEditor] = {}
        for row in rows:
            if row.group:
                group = self.editor.editors.get(row.name)
                if isinstance(group, GroupEditor):  # a new vital, medication, crew member…
                    self._show(row.name, group.add_button)
                    click(self.qtbot, group.add_button)
                    row_editors = group.rows[-1].editors
                continue
            target = row_editors.get(row.name) or self.editor.editors.get(row.name)
            if not isinstance(target, FieldEditor):
                continue  # not on the form (not National, and v1 did not have it)
            values = [v for v in row.values if not v.set_up]
            if not values and row.name in self.counties:
                values = [Value(self.counties[row.name])]
            if values:
                self._show(row.name, target)
                self.field(target, values)
                self.keyed.add(row.name)

    def _show(self, name: str, widget: QWidget) -> None:
        """The field's section, scrolled to the field, as the crew would get there."""
        page = self.editor._page_of.get(name)
        if page is None:
            page = next(self.editor._page_of[key] for key, e in self.editor.editors.items()
                        if isinstance(e, GroupEditor) and e.isAncestorOf(widget))
        self.editor.sections.setCurrentRow(page)
        scroll = self.editor.pages.currentWidget()
        scroll.ensureWidgetVisible(widget)

    # --- one field ----------------------------------------------------------------------
    def field(self, editor: FieldEditor, values: list[Value]) -> None:
        if not isinstance(editor, CellEditor):
            self.value(editor, values)
            return
        first = values[0]
        if first.nv:
            self.choose(editor.answer, first.nv)
            return
        if first.text:
            for attribute, said in first.attributes.items():
                self.choose(editor.attributes[attribute], _attribute_label(editor, attribute,
                                                                           said))
            self.value(editor.inner, values)
        if first.pn:
            self.choose(editor.answer, PERTINENT + first.pn)

    def value(self, editor: FieldEditor, values: list[Value]) -> None:
        texts = [v.text for v in values]
        if isinstance(editor, LineEditor):
            type_into(self.qtbot, editor.line, _as_typed(editor.field["type"], texts[0]))
        elif isinstance(editor, TextAreaEditor):
            editor.text.setFocus()
            type_text(self.qtbot, editor.text, texts[0])
        elif isinstance(editor, SelectEditor):
            self.choose(editor.combo, texts[0])
        elif isinstance(editor, MultiSelectEditor):
            for text in texts:
                self.tick(editor, text)
        elif isinstance(editor, CodePicker | CodesPicker):
            for text in texts:
                self.pick(editor, text)
        else:
            raise AssertionError(f"no way to key {type(editor).__name__}")

    # --- widgets ------------------------------------------------------------------------
    def choose(self, combo: QComboBox, label: str) -> None:
        """Focus the drop-down and type the label's first letters; where several entries
        share them, the arrow keys go on to the one wanted."""
        index = combo.findText(label)
        code, _, rest = label.partition(" - ")  # "3 - Opens Eyes…": a score and its label
        if index < 0 and rest and combo.findData(code) == combo.findText(rest) >= 0:
            index, label = combo.findText(rest), rest
        assert index >= 0, (combo.objectName(), label,
                            [combo.itemText(i) for i in range(combo.count())])
        combo.setFocus()
        type_text(self.qtbot, combo, label[:12])
        for _ in range(combo.count()):
            if combo.currentIndex() == index:
                break
            key = Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up
            self.qtbot.keyClick(combo, key)
        assert combo.currentText() == label

    def tick(self, editor: MultiSelectEditor, label: str) -> None:
        found = editor.list.findItems(label, Qt.MatchFlag.MatchExactly)
        assert found, (editor.objectName(), label,
                       [editor.list.item(i).text() for i in range(editor.list.count())])
        editor.list.setFocus()
        editor.list.setCurrentItem(found[0])
        self.qtbot.keyClick(editor.list, Qt.Key.Key_Space)
        assert found[0].checkState() == Qt.CheckState.Checked, label

    def pick(self, editor: CodePicker | CodesPicker, shown: str) -> None:
        """Search by the code ("R46.4 - Slowness…") or by the name (a county), and click
        the list's entry; a code the list lacks is typed and entered as it is."""
        code, _, label = shown.partition(" - ")
        search = code if label else shown
        type_into(self.qtbot, editor.line, search)
        completer = editor.line.completer()
        model = completer.completionModel()
        wanted = [i for i in range(model.rowCount())
                  if _is_entry(model.index(i, 0).data(), code if label else None, shown)]
        if not wanted:
            assert label, (editor.objectName(), shown, "not on the list")
            self.qtbot.keyClick(editor.line, Qt.Key.Key_Escape)
            if isinstance(editor, CodesPicker):
                self.qtbot.keyClick(editor.line, Qt.Key.Key_Return)
            return
        popup = completer.popup()
        self.qtbot.waitUntil(popup.isVisible, timeout=5000)
        index = popup.model().index(wanted[0], 0)
        popup.scrollTo(index)
        self.qtbot.mouseClick(popup.viewport(), Qt.MouseButton.LeftButton,
                              pos=popup.visualRect(index).center())


def _is_entry(entry: str, code: str | None, name: str) -> bool:
    """The list's line for the code, or (a county) for the name: "09001 — Fairfield
    County, Connecticut"."""
    listed, _, label = entry.partition(SEPARATOR)
    return listed == code if code else label.split(",")[0] == name


def _attribute_label(editor: CellEditor, attribute: str, said: str) -> str:
    """The page shows an attribute by its label ("Percentage") or its code ("9924003")."""
    combo = editor.attributes[attribute]
    by_code = combo.findData(said)
    return combo.itemText(by_code) if by_code >= 0 else said


def _as_typed(kind: str, shown: str) -> str:
    """The page's dates ("October 7, 2024, 20:20:00 GMT-04:00") as a person types them."""
    if kind == "datetime":
        moment = datetime.strptime(shown.replace("GMT", ""), "%B %d, %Y, %H:%M:%S %z")
        return moment.strftime("%Y-%m-%d %H:%M:%S") + moment.strftime("%z")[:3] + ":" + \
            moment.strftime("%z")[3:]
    if kind == "date":
        return datetime.strptime(shown, "%B %d, %Y").strftime("%Y-%m-%d")
    return shown
