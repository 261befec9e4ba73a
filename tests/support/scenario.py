"""A NEMSIS compliance case's scenario (html/), read as a person reads it: each element,
in order, with the values it shows ("Connecticut", "R46.4 - Slowness and poor
responsiveness", "[NV = Not Applicable]", "[ETCO2Type = Percentage] 5.3").

The html is the official test case's page (tests/data/nemsis/Compliance/Pre-Testing/html):
a table whose element cells carry the element's name, a group class for groups, and a
rowspan for the number of values; each further value is a row of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from lxml import html

NAME = re.compile(r"^\s*([A-Za-z]+(?:\.[A-Za-z0-9]+)?)\s*-")
# "[NV = Not Applicable]", "[ETCO2Type = Percentage] 5.3", '[CodeType = "9924003" ] 317361 - …'
BRACKET = re.compile(r'^\[\s*([A-Za-z0-9]+)\s*=\s*"?([^"\]]*?)"?\s*\]\s*(.*)$', re.S)
# "[Your UUID]", "[Value from DEMDataSet]": the software or set-up fills these
PLACEHOLDER = re.compile(r"^\[(Your [^\]]+|Value from DEMDataSet)\]$")
FROM_DEM = "[Value from DEMDataSet]"


@dataclass
class Value:
    text: str                                   # the value as shown, markers taken off
    nv: str | None = None                       # the NOT value's label
    pn: str | None = None                       # the pertinent negative's label
    attributes: dict[str, str] = field(default_factory=dict)  # attribute → label or code

    @property
    def set_up(self) -> bool:
        """Filled by the software or agency set-up, not the crew."""
        return bool(PLACEHOLDER.match(self.text)) or FROM_DEM in self.text


@dataclass
class Row:
    name: str            # the element or group name
    group: bool
    values: list[Value]


def read(path: Path) -> list[Row]:
    page = html.parse(str(path))
    rows: list[Row] = []
    for tr in page.iter("tr"):
        cells = tr.findall("td")
        if not cells:
            continue
        first = cells[0]
        if first.get("class") == "element":
            match = NAME.match(first.text_content())
            if match is None:
                continue
            group = first.find("span") is not None and first.find("span").get("class") == "group"
            rows.append(Row(match.group(1), group, []))
            shown = _text(cells[1]) if len(cells) > 1 else ""
        else:
            shown = _text(first)  # a further value of the element above
        if rows and shown and not rows[-1].group:
            rows[-1].values.append(value(shown))
    return rows


def _text(cell: html.HtmlElement) -> str:
    return " ".join(cell.text_content().split())


def value(shown: str) -> Value:
    """A value cell: its bracketed markers (NV, PN, attributes) taken off the front."""
    result = Value(shown)
    if FROM_DEM in shown:  # "[StreetAddress2 = [Value from DEMDataSet]] [Value from …]"
        return result
    text = shown
    while (match := BRACKET.match(text)) and not PLACEHOLDER.match(text):
        name, said, text = match.group(1), match.group(2).strip(), match.group(3).strip()
        if name == "NV":
            result.nv = said
        elif name == "PN":
            result.pn = said
        else:
            result.attributes[name] = said
    result.text = text
    return result
