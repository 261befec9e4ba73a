"""The NEMSIS data shape (docs/forms.md, "Data"): its reserved keys, and reading an
element's entry as cells. Pure Python: the validator, the XML writer, the server and the
editor all read entries through here, without loading the XML side."""

from __future__ import annotations

from typing import Any

ROW_ATTRIBUTES = "@attrs"  # a repeating group row's own attributes (CorrelationID, UUID)
CELL_KEYS = frozenset({"value", "nv", "pn", "attrs"})  # the parts of a cell


def blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def cells(entry: Any) -> list[Any]:
    """An element's entry as a list of cells (a repeating element holds a list)."""
    if entry is None or entry == "":
        return []
    return list(entry) if isinstance(entry, list) else [entry]


def cell_parts(cell: Any) -> dict[str, Any]:
    """A cell as {"value", "nv", "pn", "attrs"}: a plain value is {"value": it}."""
    return cell if isinstance(cell, dict) else {"value": cell}


def plain_value(cell: Any) -> Any:
    """A cell's value alone (None for a NOT value or a lone pertinent negative)."""
    return cell_parts(cell).get("value")


def has_answer(entry: Any) -> bool:
    """A value, a NOT value or a pertinent negative: the element is answered."""
    return any(not blank(cell_parts(cell).get(part))
               for cell in cells(entry) for part in ("value", "nv", "pn"))


def listed_crew(data: dict[str, Any]) -> set[str]:
    """The crew a report lists (eCrew.01: a user's id or email), trimmed and casefolded:
    form v1's `eCrew` rows or the NEMSIS `eCrew.CrewGroup` (a plain value or a cell)."""
    rows = data.get("eCrew") or data.get("eCrew.CrewGroup") or []
    return {str(plain_value(row.get("eCrew.01")) or "").strip().casefold()
            for row in rows if isinstance(row, dict)} - {""}
