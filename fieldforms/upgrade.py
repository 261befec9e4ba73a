"""A v1 report's data in the NEMSIS data shape of form v2 (docs/forms.md, "v1 reports").

v1 reports stay v1: they open, save and sync on form v1 as they always did. This is how
they are read for NEMSIS (the export): each choice becomes the code its label meant
(v1_codes), the v1 group keys become the XSD's repeating groups, and values take the XSD's
types. Nothing is dropped: a value the XSD cannot take (a procedure typed as words) is
carried as it is, and the export's XSD check names it.
"""

from __future__ import annotations

from typing import Any

from fieldforms.v1_codes import meant_code

GROUPS = {"eCrew": "eCrew.CrewGroup", "eVitals": "eVitals.VitalGroup",
          "eMedications": "eMedications.MedicationGroup",
          "eProcedures": "eProcedures.ProcedureGroup"}
# v1 numbers whose XSD type is a code or a pattern string: GCS scores, DBP, glucose.
AS_TEXT = {"eVitals.07", "eVitals.18", "eVitals.19", "eVitals.20", "eVitals.21"}
RXNORM = "9924003"
CHIEF_COMPLAINT = "2803001"  # eSituation.03 "Chief (Primary)": v1 asked for the chief one


def v1_to_nemsis(data: dict[str, Any]) -> dict[str, Any]:
    upgraded: dict[str, Any] = {}
    for key, value in data.items():
        if key in GROUPS:
            upgraded[GROUPS[key]] = [_row(row) for row in value or []]
        elif key == "eSituation.04":
            upgraded["eSituation.PatientComplaintGroup"] = [
                {"eSituation.03": CHIEF_COMPLAINT, "eSituation.04": value}]
        else:
            upgraded[key] = _value(key, value)
    return upgraded


def _row(row: dict[str, Any]) -> dict[str, Any]:
    return {key: _value(key, value) for key, value in row.items()}


def _value(key: str, value: Any) -> Any:
    if isinstance(value, list):
        return [_value(key, item) for item in value]
    if isinstance(value, str):
        value = meant_code(key, value)
    if key in AS_TEXT and isinstance(value, int):
        return str(value)
    if key == "eMedications.03" and isinstance(value, str):
        return {"value": value, "attrs": {"CodeType": RXNORM}}
    if key == "eProcedures.03" and isinstance(value, str) and value.isdigit():
        return int(value)
    return value
