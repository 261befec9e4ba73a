"""Every choice of every form version is a NEMSIS code that means what its label says.

Held to the element tables built from the official v3.5.1 XSDs (fieldforms/nemsis/). On
form v1 as it was written, these tests find all 27 wrong codes; v1's stored values are
read through fieldforms.v1_codes, which each of the 27 cases below pins.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fieldforms import epcr_v1, epcr_v2
from fieldforms.nemsis import ansi
from fieldforms.nemsis.elements import table
from fieldforms.v1_codes import CORRECTIONS, meant_code

EMS = table("EMSDataSet")
# (form definition, how a stored choice is read for its meaning)
FORMS: list[tuple[dict[str, Any], Callable[[str, str], str]]] = [
    (epcr_v1.definition(), meant_code),
    (epcr_v2.definition(), lambda element, value: value),
]
V2 = epcr_v2.definition()
SCHEMATRON = (Path(__file__).resolve().parents[1] / "fieldforms" / "nemsis" / "reference"
              / "Schematron" / "rules" / "EMSDataSet.sch").read_text(encoding="utf-8")
# v1 labels whose words differ from the XSD label's, with the same meaning.
SAME_MEANING_OTHER_WORDS = {
    ("eCrew.02", "9925001"),            # "Advanced EMT": Advanced Emergency Medical Technician
    ("eDisposition.27", "4227005"),     # "prior to arrival on scene": "... at Scene"
}


def choice_fields(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for field in fields:
        if field["type"] == "group":
            yield from choice_fields(field["fields"])
        elif "choices" in field:
            yield field


def choices(definition: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    """(element, stored value, label) for every choice of the form."""
    for section in definition["sections"]:
        for field in choice_fields(section["fields"]):
            for choice in field["choices"]:
                yield field["nemsis"], choice["value"], choice["label"]


def allowed(element: str, code: str) -> bool:
    """In the element's enumeration, or within its XSD facets: the patterns (ICD-10
    codes), the lengths (RxNorm), whole numbers (SNOMED CT)."""
    described = EMS[element]
    if described.codes:
        return code in described.codes
    facets = described.type
    return (all(re.fullmatch(p, code) for p in facets.get("patterns", []))
            and facets.get("minLength", 0) <= len(code) <= facets.get("maxLength", 10**6)
            and (described.base != "integer" or code.isdigit())
            and bool(facets.get("patterns") or facets.get("maxLength")
                     or described.base == "integer"))


def words(label: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", label.lower()))


def means(element: str, code: str, label: str) -> bool:
    """The XSD label of the code carries every word of the form's label."""
    xsd_label = EMS[element].codes.get(code)
    return xsd_label is not None and words(label) <= words(xsd_label)


@pytest.mark.parametrize(("definition", "meaning"), FORMS,
                         ids=[f"v{form['version']}" for form, _ in FORMS])
def test_every_choice_is_a_code_of_its_element(definition: dict[str, Any],
                                               meaning: Callable[[str, str], str]) -> None:
    wrong = [(element, value, label) for element, value, label in choices(definition)
             if not allowed(element, meaning(element, value))]
    assert wrong == []


@pytest.mark.parametrize(("definition", "meaning"), FORMS,
                         ids=[f"v{form['version']}" for form, _ in FORMS])
def test_every_choice_means_its_label(definition: dict[str, Any],
                                      meaning: Callable[[str, str], str]) -> None:
    wrong = [(element, value, label, EMS[element].codes.get(meaning(element, value)))
             for element, value, label in choices(definition)
             if EMS[element].codes and (element, value) not in SAME_MEANING_OTHER_WORDS
             and not means(element, meaning(element, value), label)]
    assert wrong == []


def test_read_as_typed_v1_has_the_27_wrong_codes() -> None:
    """Without the corrections, the two checks above find exactly the 27."""
    found = {(element, value) for element, value, label in choices(epcr_v1.definition())
             if not allowed(element, value)
             or (EMS[element].codes and (element, value) not in SAME_MEANING_OTHER_WORDS
                 and not means(element, value, label))}
    assert found == {(element, value) for element, fixes in CORRECTIONS.items()
                     for value in fixes}
    assert len(found) == 27


V1_LABELS = {(element, value): label for element, value, label in choices(epcr_v1.definition())}
CASES = [(element, value, fixed) for element, fixes in CORRECTIONS.items()
         for value, fixed in fixes.items()]


@pytest.mark.parametrize(("element", "value", "fixed"), CASES,
                         ids=[f"{e}={v}" for e, v, _ in CASES])
def test_each_wrong_v1_code_is_read_as_what_its_label_meant(element: str, value: str,
                                                             fixed: str) -> None:
    label = V1_LABELS[(element, value)]
    assert not means(element, value, label)       # as stored: not what the crew saw
    assert meant_code(element, value) == fixed
    assert means(element, fixed, label), (label, EMS[element].codes[fixed])


def test_each_other_wording_is_needed() -> None:
    labels = {(e, v): label for e, v, label in choices(epcr_v1.definition())}
    assert all(not means(e, v, labels[(e, v)]) for e, v in SAME_MEANING_OTHER_WORDS)


def test_correct_v1_codes_are_read_as_they_are() -> None:
    kept = [(e, v) for e, v, _ in choices(epcr_v1.definition()) if v not in CORRECTIONS.get(e, {})]
    assert kept and all(meant_code(e, v) == v for e, v in kept)


def all_fields(fields: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for field in fields:
        yield field
        if field["type"] == "group":
            yield from all_fields(field["fields"])


V2_FIELDS = {f["key"]: f for section in V2["sections"] for f in all_fields(section["fields"])}


def test_v2_shows_the_xsds_own_labels() -> None:
    for key, field in V2_FIELDS.items():
        if field["type"] == "group":
            continue
        element = EMS[key]
        assert field["label"] == element.label
        if element.codes:
            assert [(c["value"], c["label"]) for c in field["choices"]] == list(
                element.codes.items())
        assert [(c["value"], c["label"]) for c in field.get("nv", [])] == list(element.nv)
        assert [(c["value"], c["label"]) for c in field.get("pn", [])] == list(element.pn)


def test_v2_holds_every_national_element_and_every_v1_field() -> None:
    assert {e.name for e in EMS.national()} <= set(V2_FIELDS)
    v1_groups = {"eCrew": "eCrew.CrewGroup", "eVitals": "eVitals.VitalGroup",
                 "eMedications": "eMedications.MedicationGroup",
                 "eProcedures": "eProcedures.ProcedureGroup"}
    v1 = {v1_groups.get(f["key"], f["key"]) for section in epcr_v1.definition()["sections"]
          for f in all_fields(section["fields"])}
    assert v1 <= set(V2_FIELDS)


def test_v2_groups_are_the_xsds_repeating_groups_with_their_own_elements() -> None:
    for key, field in V2_FIELDS.items():
        if field["type"] == "group":
            assert EMS[key].repeats
            for inner in field["fields"]:
                assert key in [a.name for a in EMS.ancestors(inner["key"])]
        else:
            groups = [a for a in EMS.ancestors(key) if a.repeats and a.name not in (
                "Header", "PatientCareReport")]
            assert all(g.name in V2_FIELDS for g in groups), key


def test_v2_coded_fields_pick_from_the_defined_lists() -> None:
    for key, name in epcr_v2.DEFINED_LISTS.items():
        field = V2_FIELDS[key]
        assert field["type"] == "code" and field["list"] == name and len(field["choices"]) > 30
        pattern = EMS[key].type.get("patterns")
        for choice in field["choices"]:
            assert not pattern or re.fullmatch(pattern[0], choice["value"]), (key, choice)


@pytest.mark.parametrize("rule", V2["rules"], ids=lambda r: f"{r['field']}:{r['schematron']}")
def test_v2_not_applicable_rules_are_the_national_schematrons(rule: dict[str, Any]) -> None:
    assertion = re.search(rf'<sch:rule id="[^"]+" context="nem:{re.escape(rule["field"])}'
                          rf'[^"]*">(?:(?!</sch:rule>).)*?id="{rule["schematron"]}"[^>]*'
                          r'test="([^"]+)"', SCHEMATRON, re.S)
    assert assertion, rule
    assert rule["when_field"] in assertion.group(1)
    assert set(re.findall(r"'(\d{7})'", assertion.group(1))) == set(rule["in"])


def test_v2_states_and_counties_are_picked_by_name_as_ansi_codes() -> None:
    states = {c["value"]: c["label"] for c in ansi.state_choices()}
    counties = {c["value"]: c["label"] for c in ansi.county_choices()}
    assert (states["09"], states["36"], counties["09001"], counties["36079"]) == (
        "Connecticut", "New York", "Fairfield County, Connecticut", "Putnam County, New York")
    assert len(states) == 57 and len(counties) == 3236
    assert all(code[:2] in states for code in counties)
    for key, field in V2_FIELDS.items():
        kind = EMS[key].type.get("name") if field["type"] != "group" else None
        if kind == "ANSIStateCode":
            assert field["type"] == "select" and field["list"] == ansi.STATES
            assert field["choices"] == ansi.state_choices()
            assert all(re.fullmatch(EMS[key].type["patterns"][0], c) for c in states)
        elif kind == "ANSICountyCode":
            assert field["type"] == "code" and field["list"] == ansi.COUNTIES
            assert all(re.fullmatch(EMS[key].type["patterns"][0], c) for c in counties)
    assert {k for k, f in V2_FIELDS.items() if f.get("list") in (ansi.STATES, ansi.COUNTIES)
            } == {"ePatient.07", "ePatient.08", "eScene.18", "eScene.21", "eDisposition.05",
                  "eDisposition.06"}
