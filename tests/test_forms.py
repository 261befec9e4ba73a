"""Form v1 and the validator the editor and the server share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from fieldforms import epcr_v1, epcr_v2, epcr_v3, signatures
from fieldforms.validation import fields_of, structural_problems, validate
from fieldserver.forms_store import canonical
from tests.support.reports import complete_report

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
FORM = epcr_v1.definition()
# Published versions never change. A new edition of the form is a new version.
V1_ETAG = '"bac579686668db7c1c0ab8ed7267c9ba"'
V2_ETAG = '"10cec61d72b62246b3f2182b59fa8635"'  # amended by migration 0010
V3_ETAG = '"3b41ba34cf26c529e3d7cab034f2906d"'  # v2's fields and the signature blocks


def problems(data: dict[str, Any], complete: bool = True) -> dict[str, str]:
    return {p.field: p.message for p in validate(FORM, data, complete=complete, now=NOW)}


def test_form_v1_is_frozen() -> None:
    assert canonical(FORM)[1] == V1_ETAG


def test_form_v2_is_frozen() -> None:
    """v2 is generated from the element tables and published: regenerating them, or
    changing its layout, must not change it. A new edition is a new version."""
    assert canonical(epcr_v2.definition())[1] == V2_ETAG


def test_form_v3_is_frozen_and_its_blocks_are_nemsis_codes() -> None:
    form = epcr_v3.definition()
    assert canonical(form)[1] == V3_ETAG
    assert form["sections"] == epcr_v2.definition()["sections"]  # v2's fields, unchanged
    assert signatures.definition_problems(form) == []
    labels = signatures.codes("eOther.12")
    assert {b["key"]: [labels[c] for c in b["signers"]] for b in form["signatures"]} == {
        "refusal_patient": ["Patient", "Patient Representative"],
        "refusal_witness": ["Witness"], "transfer_of_care": ["Healthcare Provider"],
        "hipaa_billing": ["Patient", "Patient Representative"]}


def test_a_refusal_requires_the_patients_and_a_witness_signature() -> None:
    form = epcr_v3.definition()
    refused = {"eDisposition.28": "4228007"}  # Patient Refused Evaluation/Care
    assert [b["key"] for b in signatures.missing(form, refused, set())] == [
        "refusal_patient", "refusal_witness"]
    assert [b["key"] for b in signatures.missing(
        form, {"eDisposition.30": "4230009"}, {"refusal_patient"})] == ["refusal_witness"]
    assert signatures.missing(form, refused, {"refusal_patient", "refusal_witness"}) == []
    treated = {"eDisposition.28": "4228001", "eDisposition.30": "4230001"}
    assert signatures.missing(form, treated, set()) == []


def test_a_bad_block_definition_is_found() -> None:
    form = epcr_v3.definition()
    form["signatures"].append({"key": "refusal_patient", "label": "Again", "signers": [
        "4512999"], "reasons": ["4513009"], "required_when": [{"field": "eNope.01",
                                                              "in": ["1"]}]})
    assert signatures.definition_problems(form) == [
        "signature block 'refusal_patient': the key is taken",
        "signature block 'refusal_patient': no signer type 4512999",
        "signature block 'refusal_patient': the form has no field eNope.01"]


def test_what_changed_since_a_signature_is_named_by_label() -> None:
    form = epcr_v3.definition()
    before = {"ePatient.02": "Lee", "eDisposition.28": "4228001",
              "eVitals.VitalGroup": [{"eVitals.06": 142}]}
    after = {"ePatient.02": "Li", "eDisposition.28": {"nv": "7701003"},
             "eVitals.VitalGroup": [{"eVitals.06": 150}, {"eVitals.06": 138}]}
    found = [(c.label, c.before, c.after) for c in signatures.changes(form, before, after)]
    assert found == [
        ("Last Name", "Lee", "Li"),
        ("Vital, row 1: SBP (Systolic Blood Pressure)", "142", "150"),
        ("Vital, row 2", "", "a row"),
        ("Patient Evaluation/Care", "Patient Evaluated and Care Provided", "Not Recorded")]
    assert signatures.changes(form, before, dict(before)) == []


def test_v1_has_every_section_and_nemsis_ids() -> None:
    assert [s["label"] for s in FORM["sections"]] == [
        "Record and response", "Times", "Scene", "Patient", "Situation", "Vitals",
        "Medications", "Procedures", "Disposition", "Narrative"]
    fields = fields_of(FORM)
    assert all(f["nemsis"] == key for key, f in fields.items())
    assert {f["type"] for f in fields.values()} == {
        "text", "integer", "date", "datetime", "select", "multiselect", "textarea", "group"}
    assert fields["eMedications"]["fields"][3]["type"] == "decimal"
    groups = {k for k, f in fields.items() if f["type"] == "group"}
    assert groups == {"eCrew", "eVitals", "eMedications", "eProcedures"}


def test_a_complete_report_passes() -> None:
    assert problems(complete_report(NOW)) == {}


def test_an_empty_report_saves_but_cannot_complete() -> None:
    assert problems({}, complete=False) == {}
    missing = problems({})
    assert "eRecord.01" in missing and "eTimes.03" in missing
    assert missing["ePatient.25"] == "Sex is required."


@pytest.mark.parametrize(("change", "field", "words"), [
    ({"eScene.19": "1234"}, "eScene.19", "ZIP code"),
    ({"eScene.18": "NY"}, "eScene.18", "2-digit"),
    ({"eScene.21": "3606"}, "eScene.21", "5-digit"),
    ({"eRecord.01": "AB"}, "eRecord.01", "at least 3"),
    ({"eSituation.04": "x" * 256}, "eSituation.04", "at most 255"),
    ({"ePatient.15": 121}, "ePatient.15", "at most 120"),
    ({"ePatient.15": 0}, "ePatient.15", "at least 1"),
    ({"ePatient.17": "1889-12-31"}, "ePatient.17", "between 1890-01-01"),
    ({"ePatient.17": "2026-11-23"}, "ePatient.17", "today"),
    ({"eNarrative.01": "x" * 10001}, "eNarrative.01", "at most 10000"),
])
def test_field_rules(change: dict[str, Any], field: str, words: str) -> None:
    data = complete_report(NOW) | change
    found = problems(data)
    assert list(found) == [field] and words in found[field]


def test_vitals_ranges_and_the_p_for_palpated() -> None:
    data = complete_report(NOW)
    data["eVitals"][0] |= {"eVitals.07": "P"}
    assert problems(data) == {}
    data["eVitals"][0] |= {"eVitals.12": 101, "eVitals.21": 7, "eVitals.07": "X"}
    assert problems(data, complete=False) == {
        "eVitals[0].eVitals.07": "Diastolic BP must be a whole number."}
    data["eVitals"][0]["eVitals.07"] = 80
    assert set(problems(data)) == {"eVitals[0].eVitals.12", "eVitals[0].eVitals.21"}


def test_times_must_not_go_backwards() -> None:
    data = complete_report(NOW)
    data["eTimes.06"] = (NOW - timedelta(minutes=95)).isoformat()  # before PSAP
    found = problems(data)
    assert found == {"eTimes.06": "Arrived on scene is earlier than Unit en route."}


def test_back_in_service_at_most_an_hour_ahead() -> None:
    data = complete_report(NOW) | {"eTimes.13": (NOW + timedelta(minutes=59)).isoformat()}
    assert problems(data) == {}
    data["eTimes.13"] = (NOW + timedelta(minutes=61)).isoformat()
    assert list(problems(data)) == ["eTimes.13"]


def test_age_units_required_with_age() -> None:
    data = complete_report(NOW)
    del data["ePatient.16"]
    assert list(problems(data)) == ["ePatient.16"]
    del data["ePatient.15"]
    assert problems(data) == {}


def test_destination_required_when_transported() -> None:
    data = complete_report(NOW)
    del data["eDisposition.01"], data["eDisposition.21"]
    assert set(problems(data)) == {"eDisposition.01", "eDisposition.21"}
    data["eDisposition.30"] = "4230013"  # no transport
    assert problems(data) == {}


def test_vitals_within_notified_and_in_service() -> None:
    data = complete_report(NOW)
    data["eVitals"][0]["eVitals.01"] = (NOW - timedelta(minutes=89)).isoformat()
    assert problems(data) == {"eVitals[0].eVitals.01": "Vitals must be taken between unit "
                                                       "notified and back in service."}


def test_boolean_and_decimal_fields() -> None:
    form = {"sections": [{"key": "s", "label": "S", "fields": [
        {"key": "b", "label": "Flag", "type": "boolean", "required": "required"},
        {"key": "d", "label": "Dose", "type": "decimal", "min": 0, "max": 2.5}]}]}
    assert validate(form, {"b": False, "d": 2.5}, complete=True, now=NOW) == []
    assert [p.message for p in validate(form, {"b": "no", "d": "x"}, complete=False)] == [
        "Flag must be yes or no.", "Dose must be a number."]
    assert [p.message for p in validate(form, {"d": 2.6}, complete=True, now=NOW)] == [
        "Flag is required.", "Dose must be at most 2.5."]


@pytest.mark.parametrize(("data", "field"), [
    ({"eScene.19": 12345}, "eScene.19"),
    ({"ePatient.15": "76"}, "ePatient.15"),
    ({"ePatient.15": True}, "ePatient.15"),
    ({"eTimes.03": "2026-11-22T10:00:00"}, "eTimes.03"),   # no timezone offset
    ({"eTimes.03": "yesterday"}, "eTimes.03"),
    ({"ePatient.25": "F"}, "ePatient.25"),
    ({"ePatient.14": "2514011"}, "ePatient.14"),
    ({"ePatient.17": "01/04/1950"}, "ePatient.17"),
    ({"eVitals": {"eVitals.06": 1}}, "eVitals"),
    ({"eVitals": [{"eVitals.99": 1}]}, "eVitals[0].eVitals.99"),
    ({"eShoeSize": 9}, "eShoeSize"),
])
def test_structural_problems_are_caught_even_in_drafts(data: dict[str, Any], field: str) -> None:
    assert [p.field for p in structural_problems(FORM, data)] == [field]
