"""The v2 ePCR form: NEMSIS v3.5.1, every National element, generated from the element
tables (fieldforms/nemsis/generated/, built from the XSDs). See docs/forms.md, "Form v2".

Only the layout is written here: which elements each section shows, in what order, and
which coded fields search a NEMSIS defined list. Every label, code, range, pattern, NOT
value and pertinent negative comes from the XSD, so a choice can only ever send the code
its label names.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib.resources import files
from typing import Any

from fieldforms.nemsis import ansi
from fieldforms.nemsis.elements import Element, table

VERSION = 2
# Filled by the server from agency set-up (docs/forms.md), never typed by the crew.
FROM_SET_UP = ("eRecord.02", "eRecord.03", "eRecord.04", "eResponse.01", "eResponse.02")
# A destination the agency knows (DEMDataSet dFacility) fills its details on export
# (fieldforms.nemsis.export): once the crew names it, these are no longer theirs to type.
FROM_DESTINATION = ("eDisposition.05", "eDisposition.06", "eDisposition.07")
# Terminology fields: searchable pickers over the NEMSIS defined lists.
DEFINED_LISTS = {
    "eScene.09": "IncidentLocationType", "eSituation.09": "Symptom",
    "eSituation.10": "Symptom", "eSituation.11": "Impression", "eSituation.12": "Impression",
    "eInjury.01": "CauseOfInjury", "eMedications.03": "Medication",
    "eProcedures.03": "Procedure",
}
# ANSI codes by the XSD type that carries them: states from a drop-down, counties from a
# search picker (3,236 of them: the client loads the list by name, the form does not
# carry it).
ANSI_LISTS = {"ANSIStateCode": ansi.STATES, "ANSICountyCode": ansi.COUNTIES}
LONG_TEXT = {"eNarrative.01"}

# (key, label, element or group names). A group name lists its row's elements.
LAYOUT: list[tuple[str, str, list[str | tuple[str, list[str]]]]] = [
    ("record", "Record and response", [
        "eRecord.01", *FROM_SET_UP, "eResponse.03", "eResponse.04", "eResponse.05",
        "eResponse.07", "eResponse.13", "eResponse.14", "eResponse.23", "eResponse.24",
        "eResponse.08", "eResponse.09", "eResponse.10", "eResponse.11", "eResponse.12",
        "eDispatch.01", "eDispatch.02"]),
    ("crew", "Crew", [("eCrew.CrewGroup", ["eCrew.01", "eCrew.02", "eCrew.03"])]),
    ("times", "Times", [
        "eTimes.01", "eTimes.03", "eTimes.05", "eTimes.06", "eTimes.07", "eTimes.09",
        "eTimes.11", "eTimes.12", "eTimes.13"]),
    ("patient", "Patient", [
        "ePatient.02", "ePatient.03", "ePatient.17", "ePatient.15", "ePatient.16",
        "ePatient.25", "ePatient.14", "ePatient.08", "ePatient.07", "ePatient.09",
        "ePatient.13"]),
    ("payment", "Payment", ["ePayment.01", "ePayment.50"]),
    ("scene", "Scene", [
        "eScene.01", "eScene.06", "eScene.07", "eScene.08", "eScene.09", "eScene.15",
        "eScene.18", "eScene.21", "eScene.19"]),
    ("situation", "Situation", [
        ("eSituation.PatientComplaintGroup", ["eSituation.03", "eSituation.04"]),
        "eSituation.01", "eSituation.18", "eSituation.02", "eSituation.07", "eSituation.08",
        "eSituation.09", "eSituation.10", "eSituation.11", "eSituation.12", "eSituation.13",
        "eSituation.20"]),
    ("injury", "Injury", ["eInjury.01", "eInjury.03", "eInjury.04"]),
    ("arrest", "Cardiac arrest", [
        "eArrest.01", "eArrest.02", "eArrest.03", "eArrest.04", "eArrest.07", "eArrest.09",
        "eArrest.11", "eArrest.12", "eArrest.14", "eArrest.16", "eArrest.17", "eArrest.18",
        "eArrest.20", "eArrest.21", "eArrest.22"]),
    ("history", "History", ["eHistory.01", "eHistory.17"]),
    ("vitals", "Vitals", [("eVitals.VitalGroup", [
        "eVitals.01", "eVitals.02", "eVitals.06", "eVitals.07", "eVitals.10", "eVitals.14",
        "eVitals.12", "eVitals.16", "eVitals.18", "eVitals.03", "eVitals.04", "eVitals.05",
        "eVitals.19", "eVitals.20", "eVitals.21", "eVitals.22", "eVitals.26", "eVitals.27",
        "eVitals.29", "eVitals.30", "eVitals.31"])]),
    ("protocols", "Protocols", [("eProtocols.ProtocolGroup", ["eProtocols.01"])]),
    ("medications", "Medications", [("eMedications.MedicationGroup", [
        "eMedications.01", "eMedications.02", "eMedications.03", "eMedications.04",
        "eMedications.05", "eMedications.06", "eMedications.07", "eMedications.08",
        "eMedications.10"])]),
    ("procedures", "Procedures", [("eProcedures.ProcedureGroup", [
        "eProcedures.01", "eProcedures.02", "eProcedures.03", "eProcedures.05",
        "eProcedures.06", "eProcedures.07", "eProcedures.08", "eProcedures.10"])]),
    ("disposition", "Disposition", [
        "eDisposition.27", "eDisposition.28", "eDisposition.29", "eDisposition.30",
        "eDisposition.16", "eDisposition.17", "eDisposition.18", "eDisposition.19",
        "eDisposition.32", "eDisposition.01", "eDisposition.21", "eDisposition.20",
        "eDisposition.22", "eDisposition.23", "eDisposition.05", "eDisposition.06",
        "eDisposition.07",
        ("eDisposition.HospitalTeamActivationGroup", ["eDisposition.24", "eDisposition.25"])]),
    ("outcome", "Outcome", [
        "eOutcome.01", "eOutcome.02", "eOutcome.18", "eOutcome.10",
        ("eOutcome.EmergencyDepartmentProceduresGroup", ["eOutcome.09", "eOutcome.19"]),
        "eOutcome.11", "eOutcome.13",
        ("eOutcome.HospitalProceduresGroup", ["eOutcome.12", "eOutcome.20"]),
        "eOutcome.16"]),
    ("narrative", "Narrative", ["eNarrative.01"]),
]


def definition() -> dict[str, Any]:
    """A new copy each call (callers may change theirs); building it takes a few ms."""
    ems = table("EMSDataSet")
    sections = [{"key": key, "label": label,
                 "fields": [_group(ems, *item) if isinstance(item, tuple)
                            else _field(ems[item]) for item in items]}
                for key, label, items in LAYOUT]
    return {"form_id": "epcr", "version": VERSION, "title": "Electronic patient care report",
            "nemsis_version": ems.nemsis_version, "data_shape": "nemsis",
            "sections": sections, "rules": RULES}


def _group(ems: Any, name: str, inner: list[str]) -> dict[str, Any]:
    group = ems[name]
    return {"key": name, "label": _group_label(group), "nemsis": name, "type": "group",
            "required": "required" if group.min else "optional",
            "fields": [_field(ems[element]) for element in inner]}


def _group_label(group: Element) -> str:
    words = group.name.split(".", 1)[1].removesuffix("Group")
    spaced = "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(words))
    return spaced.strip().capitalize()


def _field(element: Element) -> dict[str, Any]:
    field: dict[str, Any] = {
        "key": element.name, "label": element.label, "nemsis": element.name,
        "type": _kind(element), "usage": element.usage,
        "required": "required" if element.usage in ("Mandatory", "Required") else "optional"}
    if element.repeats:
        field["many"] = True
    field.update(_facets(element))
    if element.codes:
        field["choices"] = [{"value": code, "label": label}
                            for code, label in element.type["enumeration"]]
    if element.name in DEFINED_LISTS:
        field["list"] = DEFINED_LISTS[element.name]
        field["choices"] = defined_list(DEFINED_LISTS[element.name])
        if element.base == "integer":
            field["whole_number_codes"] = True  # SNOMED CT: stored as the number it is
    if element.type.get("name") in ANSI_LISTS:
        field["list"] = ANSI_LISTS[element.type["name"]]
        if field["list"] == ansi.STATES:
            field["choices"] = ansi.state_choices()
    if element.nv:
        field["nv"] = [{"value": code, "label": label} for code, label in element.nv]
    if element.pn:
        field["pn"] = [{"value": code, "label": label} for code, label in element.pn]
        field["pn_nil"] = element.pn_nil  # the XSD lets a pertinent negative stand alone
    attributes = {name: [{"value": c, "label": lbl} for c, lbl in spec["values"]]
                  for name, spec in element.attributes.items() if "values" in spec}
    if attributes:
        field["attributes"] = attributes
    if element.name == "eRecord.01":
        field["auto"] = "pcr_number"
    elif element.name in FROM_SET_UP:
        field["auto"] = "set_up"
    elif element.name in FROM_DESTINATION:
        field["filled_when"] = "eDisposition.01"  # required only for an unnamed destination
    if element.deprecated:
        field["hidden"] = True  # NEMSIS keeps it for old systems; it is written Not Recorded
    return field


def _kind(element: Element) -> str:
    if element.name in DEFINED_LISTS or element.type.get("name") == "ANSICountyCode":
        return "code"
    if element.type.get("name") == "ANSIStateCode":
        return "select"
    if element.codes:
        return "multiselect" if element.repeats else "select"
    return {"dateTime": "datetime", "date": "date", "integer": "integer",
            "decimal": "decimal"}.get(element.base,
                                      "textarea" if element.name in LONG_TEXT else "text")


def _facets(element: Element) -> dict[str, Any]:
    described = element.type
    facets: dict[str, Any] = {}
    if element.base in ("integer", "decimal"):
        for ours, theirs in (("min", "minInclusive"), ("max", "maxInclusive")):
            if theirs in described:
                facets[ours] = described[theirs]
        if "fractionDigits" in described:
            facets["fraction_digits"] = described["fractionDigits"]
    elif element.base == "string":
        for ours, theirs in (("min_length", "minLength"), ("max_length", "maxLength")):
            if theirs in described:
                facets[ours] = described[theirs]
        if described.get("patterns") and not element.codes:
            facets["pattern"] = described["patterns"][0]
            facets["pattern_message"] = f"must be a NEMSIS {described['name']} code"
    return facets


def defined_list(name: str) -> list[dict[str, str]]:
    """A NEMSIS defined list's codes: the suggested label shown, the source label and the
    category searched too."""
    return [{"value": value, "label": label, "source_label": source, "category": category}
            for value, label, source, category in _defined_list_rows(name)]


@cache
def _defined_list_rows(name: str) -> tuple[tuple[str, str, str, str], ...]:
    text = files("fieldforms.nemsis").joinpath("reference", "DefinedLists", f"{name}.csv"
                                               ).read_text(encoding="utf-8-sig")
    return tuple((row["Value"], row["SuggestedLabel"], row["SourceLabel"], row["Category"])
                 for row in csv.DictReader(text.splitlines()) if row.get("Value"))


CARDIAC_ARREST_YES = ["3001003", "3001005"]  # eArrest.01 "Yes, Prior to/After Any EMS Arrival"
POSSIBLE_INJURY_YES = ["9922005"]
TRANSFER_SERVICES = ["2205005", "2205007", "2205015", "2205017", "2205019"]
# From the national Schematron (the assertion ids): these elements "should only be recorded
# when" another holds one of the codes. Where it does not, the editor fills them Not
# Applicable; a crew member who changes the answer gets them back empty.
ONLY_WHEN = [
    ("eArrest.01", CARDIAC_ARREST_YES, [
        ("eArrest.02", "nemSch_e094"), ("eArrest.03", "nemSch_e096"),
        ("eArrest.04", "nemSch_e101"), ("eArrest.07", "nemSch_e104"),
        ("eArrest.09", "nemSch_e105"), ("eArrest.12", "nemSch_e109"),
        ("eArrest.14", "nemSch_e111"), ("eArrest.16", "nemSch_e112"),
        ("eArrest.17", "nemSch_e114"), ("eArrest.18", "nemSch_e116"),
        ("eArrest.20", "nemSch_e118"), ("eArrest.21", "nemSch_e120"),
        ("eArrest.22", "nemSch_e123")]),
    ("eSituation.02", POSSIBLE_INJURY_YES, [
        ("eInjury.01", "nemSch_e090"), ("eInjury.03", "nemSch_e091"),
        ("eInjury.04", "nemSch_e092")]),
    ("eResponse.05", TRANSFER_SERVICES, [("eSituation.20", "nemSch_e088")]),
]
RULES: list[dict[str, Any]] = [
    {"type": "not_applicable_unless", "field": field, "when_field": when, "in": codes,
     "schematron": assertion}
    for when, codes, fields in ONLY_WHEN for field, assertion in fields]
