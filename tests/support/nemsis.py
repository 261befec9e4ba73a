"""NEMSIS documents compared as the compliance tests compare them: the multiset of
(element path, value or NV or PN, attributes) of every value element."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from lxml import etree

CASES = Path(__file__).resolve().parents[1] / "data" / "nemsis" / "Compliance" / "Pre-Testing"
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"
DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}")
# What agency set-up fills, not the crew (the acceptance ignores these).
SET_UP = frozenset({"DemographicGroup", "eRecord.02", "eRecord.03", "eRecord.04",
                    "eResponse.01", "eResponse.02"})


def _name(node: Any) -> str:
    return str(node.tag).rsplit("}", 1)[-1]


def _same(text: str) -> str:
    """Numbers compared as numbers (0.50 is 0.5)."""
    try:
        return str(Decimal(text).normalize())
    except InvalidOperation:
        return text


def facts(root: Any, ignore: frozenset[str] = frozenset(),
          ignore_attributes: frozenset[str] = frozenset()) -> Counter[tuple[Any, ...]]:
    found: Counter[tuple[Any, ...]] = Counter()

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if not isinstance(node.tag, str) or _name(node) in ignore:
            return
        here = (*path, _name(node))
        children = [c for c in node if isinstance(c.tag, str)]
        attributes = tuple(sorted((k, v) for k, v in node.attrib.items()
                                  if k != XSI_NIL and k not in ignore_attributes))
        if children:
            if attributes:
                found[(here, "@", attributes)] += 1
            for child in children:
                walk(child, here)
            return
        value = None if node.get(XSI_NIL) == "true" else _same((node.text or "").strip())
        found[(here, value, attributes)] += 1

    walk(root, ())
    return found


def parsed(path: Path) -> Any:
    return etree.parse(str(path)).getroot()


def case_report(case: str, now: datetime, patient: tuple[str, str] | None = None
                ) -> dict[str, Any]:
    """A compliance case's national PatientCareReport as form v2 data, moved in time so
    that its call began 90 minutes before `now` (a report the crew wrote today), with
    the patient's name where one is given. It passes every check of Complete."""
    from fieldforms.nemsis import document
    from fieldforms.nemsis.elements import table

    row = document.read(table("EMSDataSet"), parsed(CASES / "xml" / "national" /
                                                    f"{case}.xml"))["Header"][0]
    data = {k: v for k, v in row["PatientCareReport"][0].items()
            if k not in SET_UP and k not in ("eRecord.01", document.ROW_ATTRIBUTES)}
    began = datetime.fromisoformat(data["eTimes.01"])
    moved = _moved(data, now - timedelta(minutes=90) - began)
    moved["eRecord.01"] = "PCR-0001"
    if patient:
        moved |= {"ePatient.03": patient[0], "ePatient.02": patient[1]}
    return dict(moved)


def _moved(entry: Any, by: timedelta) -> Any:
    if isinstance(entry, dict):
        return {k: _moved(v, by) for k, v in entry.items()}
    if isinstance(entry, list):
        return [_moved(v, by) for v in entry]
    if isinstance(entry, str) and DATETIME.fullmatch(entry):
        return (datetime.fromisoformat(entry) + by).isoformat(timespec="seconds")
    return entry
