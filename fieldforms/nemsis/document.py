"""NEMSIS XML ↔ report data, generic over the element tables (docs/forms.md, "Data").

The data shape mirrors the XSD, keyed by element name:
- a value element holds a *cell*, or a list of cells where it repeats. A cell is the
  plain value (`"2301053"`, `142`), or an object when it carries more:
  `{"value": …, "nv": "7701003", "pn": "8801019", "attrs": {"CodeType": "9924003"}}`;
  a NOT value or a pertinent negative without a value is written `xsi:nil="true"`.
- a repeating group holds a list of rows, each the same shape; a row's own attributes
  (CorrelationID, UUID) are under `"@attrs"`.
- a group that does not repeat is transparent: its elements sit in its parent's dict
  (NEMSIS names are unique, so nothing collides).

`write` turns data into an element (the root's data: for an EMSDataSet,
`{"Header": [{"dAgency.01": …, "PatientCareReport": [row, …]}]}`) and `read` turns one
back. lxml builds the tree (a document is checked by lxml next anyway); untrusted
documents are parsed by checks.parse first.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from fieldforms.nemsis import shape
from fieldforms.nemsis.elements import NOT_RECORDED, Element, ElementTable
from fieldforms.nemsis.shape import CELL_KEYS, ROW_ATTRIBUTES, blank

__all__ = ["CELL_KEYS", "ROW_ATTRIBUTES", "NotExportable", "lexical", "read", "serialize",
           "typed", "write"]

NS = "http://www.nemsis.org"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
Data = dict[str, Any]
_SECONDS = re.compile(r"^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d+)?([+-]\d{2}:\d{2}|Z)$")


class NotExportable(ValueError):
    """A stored value that no NEMSIS document can carry as it is (a time without offset)."""

    def __init__(self, element: str, problem: str) -> None:
        super().__init__(f"{element}: {problem}")
        self.element = element


# --- writing ---------------------------------------------------------------------------
def write(table: ElementTable, data: Data, *, national: bool = False,
          fill_missing: bool = True) -> etree._Element:
    """The dataset's root element from its data. `national`: the national submission,
    National values only (and the groups that hold them). `fill_missing`: each required
    element without a value is written nil, Not Recorded, where the element allows it."""
    root = table[table.dataset]
    writer = _Writer(table, national, fill_missing)
    element = etree.Element(_tag(root.name), nsmap={None: NS, "xsi": XSI})
    schemas = "NEMSIS_NAT_XSDs" if national else "NEMSIS_XSDs"
    element.set(f"{{{XSI}}}schemaLocation", f"{NS} https://nemsis.org/media/nemsis_v3/"
                f"{table.nemsis_version}/XSDs/{schemas}/{table.dataset}_v3.xsd")
    writer.children(element, root, data)
    return element


def serialize(element: etree._Element) -> bytes:
    """Indented, so a finding's line number points at one element."""
    return etree.tostring(element, encoding="UTF-8", xml_declaration=True, pretty_print=True)


class _Writer:
    def __init__(self, table: ElementTable, national: bool, fill_missing: bool) -> None:
        self.table, self.national, self.fill_missing = table, national, fill_missing
        self._kept: dict[str, bool] = {}

    def children(self, parent: etree._Element, group: Element, data: Data) -> None:
        for child in self.table.children(group.name):
            if not self.kept(child):
                continue
            if child.kind == "value":
                self.value(parent, child, data.get(child.name))
            elif child.repeats:
                rows = data.get(child.name) or ([{}] if child.min else [])
                for row in rows:
                    self.group(parent, child, row)
            elif child.min or self.has_data(child, data):
                self.group(parent, child, data)

    def group(self, parent: etree._Element, group: Element, data: Data) -> None:
        element = etree.SubElement(parent, _tag(group.name))
        if group.repeats:
            for name, value in (data.get(ROW_ATTRIBUTES) or {}).items():
                element.set(name, str(value))
        self.children(element, group, data)

    def value(self, parent: etree._Element, element: Element, entry: Any) -> None:
        cells = [cell for cell in shape.cells(entry) if not blank(cell)]
        # A deprecated element (ePatient.13) is optional in the XSD yet still Required by
        # its usage: kept for older systems, nothing records it any more.
        wanted = element.min or (element.deprecated and element.usage == "Required")
        if not cells and wanted and self.fill_missing and NOT_RECORDED in dict(element.nv):
            cells = [{"nv": NOT_RECORDED}]
        for cell in cells:
            self.cell(parent, element, cell)

    def cell(self, parent: etree._Element, element: Element, cell: Any) -> None:
        node = etree.SubElement(parent, _tag(element.name))
        parts = shape.cell_parts(cell)
        for name, value in (parts.get("attrs") or {}).items():
            node.set(name, str(value))
        if parts.get("nv"):
            node.set("NV", str(parts["nv"]))
        if parts.get("pn"):
            node.set("PN", str(parts["pn"]))
        if blank(parts.get("value")):
            node.set(f"{{{XSI}}}nil", "true")
        else:
            node.text = lexical(element, parts["value"])

    def kept(self, element: Element) -> bool:
        """A value written (every one, or the National ones), or a group holding one."""
        if element.name not in self._kept:
            self._kept[element.name] = (
                not self.national or element.national) if element.kind == "value" else any(
                self.kept(child) for child in self.table.children(element.name))
        return self._kept[element.name]

    def has_data(self, group: Element, data: Data) -> bool:
        for child in self.table.children(group.name):
            if child.kind == "value" or child.repeats:
                if not blank(data.get(child.name)) and self.kept(child):
                    return True
            elif self.has_data(child, data):
                return True
        return False


def lexical(element: Element, value: Any) -> str:
    """A stored value as the XSD writes it (datetimes to seconds with a ±hh:mm offset)."""
    base = element.base
    if base == "dateTime":
        return _moment(element.name, value)
    if base == "boolean":
        return "true" if value is True or value == "true" else "false"
    if base in ("decimal", "integer") and isinstance(value, float):
        return format(Decimal(repr(value)), "f")
    return str(value)


def _moment(name: str, value: Any) -> str:
    text = str(value)
    match = _SECONDS.match(text)
    if match:
        seconds, _, offset = match.groups()
        return seconds + ("+00:00" if offset == "Z" else offset)
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise NotExportable(name, "is not a date and time") from None
    if moment.tzinfo is None:
        raise NotExportable(name, "has no timezone offset")
    return moment.replace(microsecond=0).isoformat()


# --- reading ---------------------------------------------------------------------------
def read(table: ElementTable, root: etree._Element) -> Data:
    """The data of a dataset's root element."""
    return _read_children(table, root)


def _read_children(table: ElementTable, parent: Any) -> Data:
    data: Data = {}
    for node in parent:
        if not isinstance(node.tag, str):
            continue  # a comment or processing instruction (lxml)
        name = node.tag.rsplit("}", 1)[-1]
        element = table[name]
        if element.kind == "value":
            cell = _read_cell(element, node)
            if element.repeats:
                data.setdefault(name, []).append(cell)
            else:
                data[name] = cell
        elif element.repeats:
            row = _read_children(table, node)
            if node.attrib:
                row[ROW_ATTRIBUTES] = dict(node.attrib)
            data.setdefault(name, []).append(row)
        else:
            data.update(_read_children(table, node))
    return data


def _read_cell(element: Element, node: Any) -> Any:
    cell: dict[str, Any] = {}
    nil = node.get(f"{{{XSI}}}nil") in ("true", "1")
    if not nil:
        cell["value"] = typed(element, node.text or "")
    for name, value in node.attrib.items():
        if name == "NV":
            cell["nv"] = value
        elif name == "PN":
            cell["pn"] = value
        elif not name.startswith("{"):
            cell.setdefault("attrs", {})[name] = value
    return cell["value"] if set(cell) == {"value"} else cell


def typed(element: Element, text: str) -> Any:
    """XML text as stored data: whole numbers as int, the rest as the text it was."""
    if element.base == "integer":
        try:
            return int(text)
        except ValueError:
            return text
    if element.base == "decimal":
        try:
            number = Decimal(text)
        except InvalidOperation:
            return text
        return int(number) if number == number.to_integral_value() and "." not in text \
            else float(number)
    return text


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"
