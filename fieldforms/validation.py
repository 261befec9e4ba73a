"""ePCR form definitions and their validation (docs/forms.md). Pure Python.

The same code checks a report in the editor (issue 5) and on the server, so the two
can never disagree. Two levels:
- `structural_problems`: values of the wrong shape (a word in a number field, a time
  without a timezone offset, an unknown field). Checked on every save.
- `validate(..., complete=True)`: also required fields, ranges, lengths, patterns and
  the cross-field rules. Checked when a report is marked completed.
Saving an incomplete report always works. Forms in the NEMSIS data shape (v2 on) are
checked by validation_nemsis.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from fieldforms import validation_nemsis

Definition = dict[str, Any]
Data = dict[str, Any]


@dataclass(frozen=True)
class Problem:
    field: str          # a field key; inside a group: "eVitals[2].eVitals.06"
    message: str
    severity: str = "error"  # "warning": shown, but Complete goes ahead (NEMSIS [WARNING])


def fields_of(definition: Definition) -> dict[str, dict[str, Any]]:
    """Top-level fields by key (groups included, their inner fields not)."""
    return {f["key"]: f for s in definition["sections"] for f in s["fields"]}


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == []


# --- parsing one value ----------------------------------------------------------------
def parse_datetime(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _shape_problem(field: dict[str, Any], value: Any) -> str | None:
    """Why the value cannot be of this field's type, or None."""
    kind = field["type"]
    if kind in ("text", "textarea"):
        return None if isinstance(value, str) else "must be text"
    if kind == "integer":
        whole = isinstance(value, int) and not isinstance(value, bool)
        return None if whole or value in field.get("also_allow", []) else "must be a whole number"
    if kind == "decimal":
        if isinstance(value, bool):
            return "must be a number"
        try:
            Decimal(str(value))
        except InvalidOperation:
            return "must be a number"
        return None
    if kind == "boolean":
        return None if isinstance(value, bool) else "must be yes or no"
    if kind == "date":
        try:
            date.fromisoformat(value)
        except (TypeError, ValueError):
            return "must be a date (YYYY-MM-DD)"
        return None
    if kind == "datetime":
        return None if parse_datetime(value) else "must be a date and time with a timezone offset"
    if kind == "select":
        return None if value in _choice_values(field) else "is not one of the choices"
    if kind == "multiselect":
        ok = isinstance(value, list) and all(v in _choice_values(field) for v in value)
        return None if ok else "must be a list of the choices"
    raise ValueError(f"unknown field type {kind}")


def _choice_values(field: dict[str, Any]) -> set[Any]:
    return {c["value"] for c in field.get("choices", [])}


def _rule_problem(field: dict[str, Any], value: Any, today: date) -> str | None:
    """Range, length and pattern rules for a well-shaped, non-blank value."""
    if value in field.get("also_allow", []):
        return None
    if field["type"] in ("integer", "decimal"):
        number = Decimal(str(value))
        if "min" in field and number < Decimal(str(field["min"])):
            return f"must be at least {field['min']}"
        if "max" in field and number > Decimal(str(field["max"])):
            return f"must be at most {field['max']}"
    if isinstance(value, str):
        if len(value) < field.get("min_length", 0):
            return f"must be at least {field['min_length']} characters"
        if "max_length" in field and len(value) > field["max_length"]:
            return f"must be at most {field['max_length']} characters"
        if "pattern" in field and not re.fullmatch(field["pattern"], value):
            return str(field.get("pattern_message", "is not in the expected format"))
    if field["type"] == "date":
        day = date.fromisoformat(value)
        low = date.fromisoformat(field.get("min_date", "0001-01-01"))
        high = today if field.get("max_date") == "today" else date.max
        if not low <= day <= high:
            return f"must be between {low.isoformat()} and {'today' if high == today else high}"
    return None


# --- whole reports ----------------------------------------------------------------------
def structural_problems(definition: Definition, data: Any) -> list[Problem]:
    if definition.get("data_shape") == "nemsis":
        return [Problem(*found) for found in validation_nemsis.structural(data)]
    if not isinstance(data, dict):
        return [Problem("data", "The report data must be an object.")]
    known = fields_of(definition)
    problems = [Problem(key, "is not a field of this form") for key in data if key not in known]
    for key, value in data.items():
        field = known.get(key)
        if field is None or _blank(value):
            continue
        if field["type"] == "group":
            problems += _group_structure(field, key, value)
        elif (why := _shape_problem(field, value)) is not None:
            problems.append(Problem(key, f"{field['label']} {why}."))
    return problems


def _group_structure(group: dict[str, Any], key: str, rows: Any) -> list[Problem]:
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        return [Problem(key, f"{group['label']} must be a list of rows.")]
    inner = {f["key"]: f for f in group["fields"]}
    problems = []
    for i, row in enumerate(rows):
        for name, value in row.items():
            where = f"{key}[{i}].{name}"
            field = inner.get(name)
            if field is None:
                problems.append(Problem(where, "is not a field of this group"))
            elif not _blank(value) and (why := _shape_problem(field, value)) is not None:
                problems.append(Problem(where, f"{field['label']} {why}."))
    return problems


def validate(definition: Definition, data: Data, *, complete: bool,
             now: datetime | None = None) -> list[Problem]:
    """Every problem with the report; only structural ones unless `complete`."""
    problems = structural_problems(definition, data)
    if problems or not complete:
        return problems
    now = now or datetime.now(UTC)
    if definition.get("data_shape") == "nemsis":
        return [Problem(*found) for found in validation_nemsis.complete(definition, data)]
    for key, field in fields_of(definition).items():
        problems += _field_problems(field, key, data.get(key), now.date())
    for rule in definition.get("rules", []):
        problems += RULES[rule["type"]](rule, data, now)
    return problems


def _field_problems(field: dict[str, Any], where: str, value: Any, today: date) -> list[Problem]:
    if _blank(value):
        required = field.get("required") == "required"
        return [Problem(where, f"{field['label']} is required.")] if required else []
    if field["type"] == "group":
        inner = field["fields"]
        return [p for i, row in enumerate(value) for f in inner
                for p in _field_problems(f, f"{where}[{i}].{f['key']}", row.get(f["key"]), today)]
    why = _rule_problem(field, value, today)
    return [Problem(where, f"{field['label']} {why}.")] if why else []


# --- cross-field rules ----------------------------------------------------------------------
def _order(rule: dict[str, Any], data: Data, now: datetime) -> list[Problem]:
    problems, previous = [], None
    for key in rule["fields"]:
        moment = parse_datetime(data.get(key))
        if moment is None:
            continue
        if previous is not None and moment < previous[1]:
            problems.append(Problem(key, f"{rule['labels'][key]} is earlier than "
                                         f"{rule['labels'][previous[0]]}."))
        previous = (key, moment) if previous is None or moment >= previous[1] else previous
    return problems


def _not_after(rule: dict[str, Any], data: Data, now: datetime) -> list[Problem]:
    moment = parse_datetime(data.get(rule["field"]))
    limit = now + timedelta(minutes=rule["max_future_minutes"])
    if moment is not None and moment > limit:
        return [Problem(rule["field"], rule["message"])]
    return []


def _required_with(rule: dict[str, Any], data: Data, now: datetime) -> list[Problem]:
    if not _blank(data.get(rule["when_present"])) and _blank(data.get(rule["field"])):
        return [Problem(rule["field"], rule["message"])]
    return []


def _required_when(rule: dict[str, Any], data: Data, now: datetime) -> list[Problem]:
    if data.get(rule["when_field"]) in rule["in"] and _blank(data.get(rule["field"])):
        return [Problem(rule["field"], rule["message"])]
    return []


def _rows_within(rule: dict[str, Any], data: Data, now: datetime) -> list[Problem]:
    low = parse_datetime(data.get(rule["from"]))
    high = parse_datetime(data.get(rule["to"]))
    problems = []
    for i, row in enumerate(data.get(rule["group"]) or []):
        moment = parse_datetime(row.get(rule["field"]))
        if moment is None:
            continue
        if (low and moment < low) or (high and moment > high):
            problems.append(Problem(f"{rule['group']}[{i}].{rule['field']}", rule["message"]))
    return problems


RULES = {"order": _order, "not_after": _not_after, "required_with": _required_with,
         "required_when": _required_when, "rows_within": _rows_within}
