"""A report's answers as people read them: choice labels, NOT values and pertinent
negatives by name, times in local time. Used by the "what changed since it was signed"
list and the handoff report."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from fieldforms.nemsis import ansi
from fieldforms.nemsis.shape import cell_parts, cells


def fields_by_key(form: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every field of the form by key, a group's inner fields included."""
    found: dict[str, dict[str, Any]] = {}
    for section in form["sections"]:
        for field in section["fields"]:
            found[field["key"]] = field
            for inner in field.get("fields", []):
                found[inner["key"]] = inner
    return found


def field_lines(field: dict[str, Any], entry: Any) -> list[tuple[str, str]]:
    """A field's answer as (label, words) lines: none when empty, one per row of a
    group ("Vitals 2", "Time: 10:42; Pulse: 88")."""
    if field["type"] != "group":
        shown = words(field, entry, not_values=False)
        return [(field["label"], shown)] if shown else []
    lines = []
    for number, row in enumerate(entry or [], start=1):
        shown = "; ".join(f"{inner['label']}: {text}" for inner in field["fields"]
                          if (text := words(inner, row.get(inner["key"]), not_values=False)))
        if shown:
            lines.append((f"{field['label']} {number}", shown))
    return lines


def words(field: dict[str, Any], entry: Any, *, not_values: bool = True) -> str:
    """An entry as words ("; " between the cells of a repeating element). Without
    `not_values`, a bare NOT value ("Not Applicable") reads as nothing."""
    labels = {str(c["value"]): c["label"] for key in ("choices", "nv", "pn")
              for c in field.get(key, [])} | _ansi_labels(field.get("list"))
    shown = []
    for cell in cells(entry):
        parts = cell_parts(cell)
        for part in ("value", "nv", "pn"):
            value = parts.get(part)
            if value is None or value == "" or (part == "nv" and not not_values):
                continue
            shown.append(_when(value) if field.get("type") == "datetime"
                         else labels.get(str(value), str(value)))
    return "; ".join(shown)


@cache
def _ansi_labels(list_name: str | None) -> dict[str, str]:
    """County names (the form does not carry them: fieldforms.nemsis.ansi)."""
    found = ansi.choices(list_name) if list_name == ansi.COUNTIES else None
    return {c["value"]: c["label"] for c in found or []}


def _when(value: Any) -> str:
    try:
        return datetime.fromisoformat(str(value)).astimezone().strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return str(value)
