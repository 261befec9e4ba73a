"""A NEMSIS field (form v2): its value editor, and beside it the answers that are not a
value: a NOT value (Not Applicable, Not Recorded, ...) or a pertinent negative, and any
coded attribute (ETCO2 type, code type). One large drop-down each, no keyboard dance.

The cell it reads and writes is docs/forms.md's: the plain value, or {"value", "nv",
"pn", "attrs"}. A NOT value clears and locks the value; a pertinent negative may stand
with one.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox

from fieldclient.ui.screens.field_editors import Field, FieldEditor

NOT_APPLICABLE = "7701001"


class CellEditor(FieldEditor):
    def __init__(self, field: Field, name: str, inner: FieldEditor) -> None:
        super().__init__(field, name)
        self.inner = inner
        self.inner.setObjectName(f"value:{name}")
        self._layout.addWidget(inner, 1)
        self.answer = QComboBox()
        self.answer.setObjectName(f"answer:{name}")
        self.answer.setAccessibleName(f"{field['label']}: not a value")
        self.answer.addItem("Value", None)
        for choice in field.get("nv", []):
            self.answer.addItem(choice["label"], f"nv:{choice['value']}")
        for choice in field.get("pn", []):
            self.answer.addItem(f"Pertinent negative: {choice['label']}",
                                f"pn:{choice['value']}")
        self._layout.addWidget(self.answer)  # first: shown without a parent, it would
        self.answer.setVisible(self.answer.count() > 1)  # flash up as a window of its own
        self.attributes: dict[str, QComboBox] = {}
        for attribute, choices in field.get("attributes", {}).items():
            combo = QComboBox()
            combo.setObjectName(f"attr:{name}:{attribute}")
            combo.setAccessibleName(f"{field['label']}: {attribute}")
            combo.addItem(attribute, None)
            for choice in choices:
                combo.addItem(choice["label"], choice["value"])
            combo.currentIndexChanged.connect(self.changed)
            self._layout.addWidget(combo)
            self.attributes[attribute] = combo
        self.setFocusProxy(inner)
        inner.changed.connect(self.changed)
        self.answer.currentIndexChanged.connect(self._answer_changed)

    # --- the answer ---------------------------------------------------------------------
    def _answer_changed(self) -> None:
        kind = self._answer()[0]
        if kind == "nv":
            self.inner.set_value(None)
        self.inner.setEnabled(kind != "nv")
        self.changed.emit()

    def _answer(self) -> tuple[str | None, str | None]:
        data = self.answer.currentData()  # "nv:<code>" or "pn:<code>" (plain text: Qt
        if not data:                      # compares it; a tuple it would not find)
            return None, None
        kind, _, code = str(data).partition(":")
        return kind, code

    def set_not_value(self, code: str) -> bool:
        """Answer with a NOT value, if this element allows it (the section's one tap)."""
        index = self.answer.findData(f"nv:{code}")
        if index < 0:
            return False
        self.answer.setCurrentIndex(index)
        return True

    def not_value(self) -> str | None:
        kind, code = self._answer()
        return code if kind == "nv" else None

    def is_empty(self) -> bool:
        return self.value() is None

    # --- FieldEditor --------------------------------------------------------------------
    def value(self) -> Any:
        value = self.inner.value()
        kind, code = self._answer()
        attrs = {name: combo.currentData() for name, combo in self.attributes.items()
                 if combo.currentData() is not None}
        if kind is None and not attrs:
            return value
        if kind is None and value is None:
            return None  # an attribute alone says nothing
        if isinstance(value, list):  # a repeating element: the answer goes with each
            return value if kind != "pn" else [{"value": v, "pn": code} for v in value]
        cell: dict[str, Any] = {}
        if value is not None and kind != "nv":
            cell["value"] = value
        if kind:
            cell[kind] = code
        if attrs:
            cell["attrs"] = attrs
        return cell

    def set_value(self, value: Any) -> None:
        if isinstance(value, list):  # repeating: the values to the list, the answer here
            if len(value) == 1 and isinstance(value[0], dict) and value[0].get("nv"):
                self.set_value(value[0])  # a NOT value, as read from a document
                return
            negative = next((c["pn"] for c in value if isinstance(c, dict) and c.get("pn")),
                            None)
            self._select(("pn", negative) if negative else None)
            self.inner.setEnabled(True)
            self.inner.set_value(value if self.inner.takes_cells else [
                c.get("value") if isinstance(c, dict) else c for c in value])
            return
        parts = value if isinstance(value, dict) else {"value": value}
        answer = ("nv", parts["nv"]) if parts.get("nv") else \
            ("pn", parts["pn"]) if parts.get("pn") else None
        self._select(answer)
        self.inner.set_value(parts.get("value"))
        self.inner.setEnabled(answer is None or answer[0] != "nv")
        for name, combo in self.attributes.items():
            found = combo.findData((parts.get("attrs") or {}).get(name))
            combo.setCurrentIndex(max(found, 0))

    def _select(self, answer: tuple[str, str] | None) -> None:
        self.answer.blockSignals(True)
        found = self.answer.findData(f"{answer[0]}:{answer[1]}") if answer else 0
        self.answer.setCurrentIndex(max(found, 0))
        self.answer.blockSignals(False)

    def set_read_only(self, read_only: bool) -> None:
        self.inner.set_read_only(read_only)
        self.answer.setEnabled(not read_only)
        for combo in self.attributes.values():
            combo.setEnabled(not read_only)

    def focus_input(self) -> None:
        self.inner.focus_input()
