"""The editor for a form field: by its type, and for a NEMSIS field (form v2) wrapped
with its NOT values, pertinent negatives and attributes (cell_editor)."""

from __future__ import annotations

from fieldclient.ui.screens.cell_editor import CellEditor
from fieldclient.ui.screens.code_picker import CodePicker, CodesPicker
from fieldclient.ui.screens.field_editors import EDITORS, Field, FieldEditor


def editor_for(field: Field, name: str) -> FieldEditor:
    base = _base(field)(field, name)
    if not (field.get("nv") or field.get("pn") or field.get("attributes")):
        return base
    if isinstance(base, CodesPicker):
        field = {**field, "pn": []}  # each code carries its own pertinent negative
    return CellEditor(field, name, base)


def _base(field: Field) -> type[FieldEditor]:
    if field["type"] == "code":
        return CodesPicker if field.get("many") else CodePicker
    return EDITORS[field["type"]]
