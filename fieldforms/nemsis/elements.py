"""The NEMSIS v3.5.1 element tables (generated/*.json, built from the XSDs by
scripts/nemsis_build.py): what each element is, where it sits, what it may hold.

Pure Python. The form definitions, the editor, the export and the import all ask here;
nothing else reads the XSDs for meaning.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from typing import Any

NOT_APPLICABLE = "7701001"
NOT_RECORDED = "7701003"
NOT_REPORTING = "7701005"


@dataclass(frozen=True)
class Element:
    """One XML element of a dataset: a group (holds elements) or a value."""

    name: str
    parent: str | None
    order: int
    kind: str                      # "group" or "value"
    min: int
    max: int | None                # None: unbounded
    nillable: bool
    label: str = ""
    number: str | None = None
    national: bool = False
    state: bool = False
    usage: str | None = None       # Mandatory, Required, Recommended, Optional
    definition: str | None = None
    pn_nil: bool = False           # a pertinent negative may stand in place of a value
    deprecated: bool = False
    type: dict[str, Any] = field(default_factory=dict)
    nv: tuple[tuple[str, str], ...] = ()
    pn: tuple[tuple[str, str], ...] = ()
    attributes: dict[str, Any] = field(default_factory=dict)

    @property
    def repeats(self) -> bool:
        return self.max is None or self.max > 1

    @property
    def codes(self) -> dict[str, str]:
        """The enumeration: code → the XSD's own label (empty for a free value)."""
        return dict(self.type.get("enumeration", []))

    @property
    def base(self) -> str:
        """The XSD built-in type under the value: string, integer, decimal, dateTime, ..."""
        return str(self.type.get("base", ""))


class ElementTable:
    """All elements of one dataset (EMSDataSet or DEMDataSet), in document order."""

    def __init__(self, raw: dict[str, Any]) -> None:
        self.dataset: str = raw["dataset"]
        self.nemsis_version: str = raw["nemsis_version"]
        self._elements = [_element(entry) for entry in raw["elements"]]
        self._by_name = {e.name: e for e in self._elements}
        self._children: dict[str | None, list[Element]] = {}
        for element in self._elements:
            self._children.setdefault(element.parent, []).append(element)

    def __getitem__(self, name: str) -> Element:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __iter__(self) -> Iterator[Element]:
        return iter(self._elements)

    def children(self, name: str | None) -> list[Element]:
        return list(self._children.get(name, []))

    def ancestors(self, name: str) -> list[Element]:
        """From the root down to the element's parent."""
        chain = []
        parent = self[name].parent
        while parent is not None:
            chain.append(self[parent])
            parent = self[parent].parent
        return chain[::-1]

    def national(self) -> list[Element]:
        """The National elements reported per patient care report (not the header's)."""
        return [e for e in self._elements if e.national and e.kind == "value"
                and any(a.name == "PatientCareReport" for a in self.ancestors(e.name))]


def _element(entry: dict[str, Any]) -> Element:
    known = {k: v for k, v in entry.items() if k not in ("nv", "pn")}
    return Element(**known, nv=_pairs(entry.get("nv", [])), pn=_pairs(entry.get("pn", [])))


def _pairs(codes: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((code, label) for code, label in codes)


@cache
def table(dataset: str = "EMSDataSet") -> ElementTable:
    text = files("fieldforms.nemsis").joinpath("generated", f"{dataset}.json").read_text(
        encoding="utf-8")
    return ElementTable(json.loads(text))
