"""The Complete check of a report in the NEMSIS shape: the form's own checks, then the
report written as NEMSIS XML and held to the XSD and the national Schematron, exactly as
the export is. Each finding is mapped to the field it is about, so the editor can jump.

Runs on the device, offline: the agency's set-up values (the Header, eRecord.02-.04,
eResponse.01/.02) are stand-ins here, since the crew never types them; the server's
export checks the same report again with the real ones.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fieldforms.nemsis import document, export
from fieldforms.nemsis.checks import Finding, checker, parse
from fieldforms.nemsis.elements import table
from fieldforms.validation import Problem, validate

STAND_IN = export.SetUp("DEVICE", "DEVICE", "09", "This agency", "device check")
STAND_IN_UUID = "00000000-0000-4000-8000-000000000000"


def check(definition: dict[str, Any], data: dict[str, Any], now: datetime,
          report_id: str = STAND_IN_UUID) -> list[Problem]:
    """Every problem that blocks Complete (severity "error") and every warning."""
    problems = validate(definition, data, complete=True, now=now)
    if problems:
        return problems  # the form's own words first; the XML would repeat them
    report = export.Exported(report_id, int(definition["version"]), data)
    try:
        text = document.serialize(export.ems_dataset([report], STAND_IN))
    except document.NotExportable as refused:
        return [Problem(refused.element, str(refused))]
    return [as_problem(found) for found in checker().check(parse(text))]


def as_problem(found: Finding) -> Problem:
    return Problem(field_of(found.path), found.message, found.severity)


def field_of(path: str | None) -> str:
    """A finding's element path as the editor names fields: `eVitals.VitalGroup[1].eVitals.06`
    for the second vitals row's SBP; "" for what no field holds (the Header, set-up)."""
    if not path or "PatientCareReport" not in path:
        return ""
    ems = table("EMSDataSet")
    steps = path.split("PatientCareReport", 1)[1].split("/")[1:]
    key = ""
    for step in steps:
        name, _, index = step.partition("[")
        if name not in ems:
            return key.rstrip(".")
        element = ems[name]
        if element.kind == "group" and element.repeats:
            key += f"{name}[{int(index.rstrip(']') or 1) - 1 if index else 0}]."
        elif element.kind == "value":
            return key + name
    return key.rstrip(".")


def warm_up() -> None:
    """Compile the schema and the Schematron now (about half a second, once), so the first
    Complete is as quick as the rest. Call it on a worker."""
    checker()._executable()
