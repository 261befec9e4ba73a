"""The NEMSIS data shape's reserved keys (docs/forms.md, "Data"). Pure Python, so the
validator can know them without loading the XML side."""

from __future__ import annotations

ROW_ATTRIBUTES = "@attrs"  # a repeating group row's own attributes (CorrelationID, UUID)
CELL_KEYS = frozenset({"value", "nv", "pn", "attrs"})  # the parts of a cell
