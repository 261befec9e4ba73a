"""Checks of a report in the NEMSIS data shape (form v2 and later; docs/forms.md, "Data").

Every save: the shape. Each key is a NEMSIS element of a patient care report (not only
those the form shows: an imported report keeps all it had); a value is a cell, or a list
of cells where the element repeats; a cell's NOT value, pertinent negative and attributes
are ones the element allows; values have their XSD type. Complete also asks for every
required field of the form and holds each value to the XSD's facets. The national
Schematron, and the XSD on the written document, are checked by the export
(fieldforms.nemsis), where the agency's set-up values are known.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldforms.nemsis.elements import Element, ElementTable, table
from fieldforms.nemsis.shape import (
    CELL_KEYS,
    ROW_ATTRIBUTES,
    blank,
    cell_parts,
    cells,
    has_answer,
)

Problem = tuple[str, str]  # (where, message): validation.Problem is made from it


def structural(data: Any, ems: ElementTable | None = None) -> list[Problem]:
    ems = ems or table("EMSDataSet")
    if not isinstance(data, dict):
        return [("data", "The report data must be an object.")]
    return _scope(ems, data, "PatientCareReport", "")


def _scope(ems: ElementTable, data: dict[str, Any], group: str, prefix: str) -> list[Problem]:
    allowed = _members(ems, group)
    problems: list[Problem] = []
    for key, entry in data.items():
        where = f"{prefix}{key}"
        if key == ROW_ATTRIBUTES and group != "PatientCareReport":
            continue
        element = allowed.get(key)
        if element is None:
            problems.append((where, "is not a NEMSIS element of this part of the report"))
        elif element.kind == "group":
            problems += _rows(ems, element, entry, where)
        else:
            problems += _entry(element, entry, where)
    return problems


def _members(ems: ElementTable, group: str) -> dict[str, Element]:
    """What a scope's dict may hold: its values and repeating groups, through the groups
    that do not repeat (they are transparent)."""
    found: dict[str, Element] = {}
    for child in ems.children(group):
        if child.kind == "value" or child.repeats:
            found[child.name] = child
        else:
            found.update(_members(ems, child.name))
    return found


def _rows(ems: ElementTable, group: Element, rows: Any, where: str) -> list[Problem]:
    if rows is None:
        return []
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return [(where, f"{group.label or group.name} must be a list of rows.")]
    problems: list[Problem] = []
    for i, row in enumerate(rows):
        problems += _scope(ems, row, group.name, f"{where}[{i}].")
    return problems


def _entry(element: Element, entry: Any, where: str) -> list[Problem]:
    if isinstance(entry, list) and not element.repeats:
        return [(where, f"{element.label} holds one value, not a list.")]
    problems = []
    for cell in cells(entry):
        why = _cell_problem(element, cell)
        if why:
            problems.append((where, f"{element.label} {why}."))
    return problems


def _cell_problem(element: Element, cell: Any) -> str | None:
    parts = cell_parts(cell)
    if not set(parts) <= CELL_KEYS:
        return "has parts NEMSIS does not know: " + ", ".join(sorted(set(parts) - CELL_KEYS))
    if not blank(parts.get("nv")) and parts["nv"] not in dict(element.nv):
        return "cannot be that Not value"
    if not blank(parts.get("pn")) and parts["pn"] not in dict(element.pn):
        return "cannot have that pertinent negative"
    if not blank(parts.get("nv")) and not blank(parts.get("value")):
        return "cannot have both a value and a Not value"
    for name, value in (parts.get("attrs") or {}).items():
        spec = element.attributes.get(name)
        if spec is None:
            return f"has no attribute {name}"
        if "values" in spec and value not in dict(spec["values"]):
            return f"cannot have {name} {value}"
    value = parts.get("value")
    return None if blank(value) else shape_problem(element, value)


def shape_problem(element: Element, value: Any) -> str | None:
    """Why a value cannot be of the element's XSD type, or None."""
    base = element.base
    if element.codes:
        return None if value in element.codes else "is not one of the NEMSIS codes"
    if base == "integer":
        ok = isinstance(value, int) and not isinstance(value, bool)
        return None if ok else "must be a whole number"
    if base == "decimal":
        return None if _number(value) is not None else "must be a number"
    if base == "dateTime":
        moment = _moment(value)
        return None if moment and moment.tzinfo else "must be a date and time with an offset"
    if base == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date (YYYY-MM-DD)"
        return None
    return None if isinstance(value, str) else "must be text"


def complete(definition: dict[str, Any], data: dict[str, Any],
             ems: ElementTable | None = None) -> list[Problem]:
    """Completeness: every required field answered, every value within its facets."""
    ems = ems or table("EMSDataSet")
    problems: list[Problem] = []
    for section in definition["sections"]:
        for field in section["fields"]:
            problems += _field_complete(ems, field, data, field["key"])
    return problems


def _field_complete(ems: ElementTable, field: dict[str, Any], scope: dict[str, Any],
                    where: str) -> list[Problem]:
    entry = scope.get(field["key"])
    required = field.get("required") == "required" and not field.get("auto") \
        and not field.get("hidden") and not has_answer(scope.get(field.get("filled_when", "")))
    if field["type"] == "group":
        rows = entry or []
        if required and not rows:
            return [(where, f"{field['label']} needs at least one row.")]
        return [p for i, row in enumerate(rows) for inner in field["fields"]
                for p in _field_complete(ems, inner, row, f"{where}[{i}].{inner['key']}")]
    if not has_answer(entry):
        return [(where, f"{field['label']} is required.")] if required else []
    element = ems[field["key"]]
    if element.usage == "Mandatory" and not any(
            not blank(cell_parts(c).get("value")) for c in cells(entry)):
        return [(where, f"{field['label']} needs a value (it cannot be a Not value).")]
    problems = []
    for cell in cells(entry):
        value = cell_parts(cell).get("value")
        why = None if blank(value) else facet_problem(element, value)
        if why:
            problems.append((where, f"{field['label']} {why}."))
    return problems


def facet_problem(element: Element, value: Any) -> str | None:
    """Range, length and pattern, as the XSD has them, for a well-shaped value."""
    facets = element.type
    if element.base in ("integer", "decimal"):
        number = _number(value)
        if number is None:
            return "must be a number"
        if "minInclusive" in facets and number < Decimal(str(facets["minInclusive"])):
            return f"must be at least {facets['minInclusive']}"
        if "maxInclusive" in facets and number > Decimal(str(facets["maxInclusive"])):
            return f"must be at most {facets['maxInclusive']}"
    if element.base == "string" and not element.codes and isinstance(value, str):
        if len(value) < facets.get("minLength", 0):
            return f"must be at least {facets['minLength']} characters"
        if "maxLength" in facets and len(value) > facets["maxLength"]:
            return f"must be at most {facets['maxLength']} characters"
        for pattern in facets.get("patterns", []):
            if not re.fullmatch(pattern, value):
                return f"is not a valid NEMSIS {facets.get('name', 'value')}"
    return None


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def _moment(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
