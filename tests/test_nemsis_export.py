"""Reports exported as NEMSIS: the compliance cases imported and exported back, v1
reports exported with what their labels meant, and form v2's own checks."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest
from lxml import etree

from fieldforms import epcr_v1, epcr_v2, upgrade
from fieldforms.nemsis import document, export
from fieldforms.nemsis.checks import checker, parse
from fieldforms.nemsis.elements import table
from fieldforms.v1_codes import CORRECTIONS
from fieldforms.validation import validate
from tests.support.nemsis import CASES, SET_UP, facts
from tests.support.reports import complete_report

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
SETUP = export.SetUp("C034", "351-C034P2", "09", "Danbury Fire Department", "0.1.0")
EMS_CASES = ["2025-EMS-1-Overdose_v351", "2025-EMS-2-Suicide_v351"]


def imported(case: str, folder: str = "full") -> list[export.Exported]:
    tree = parse((CASES / "xml" / folder / f"{case}.xml").read_bytes())
    data = document.read(table(), tree.getroot())
    reports = []
    for row in data["Header"][0]["PatientCareReport"]:
        row = dict(row)
        uuid = row.pop(document.ROW_ATTRIBUTES)["UUID"]
        reports.append(export.Exported(uuid, epcr_v2.VERSION, row))
    return reports


@pytest.mark.parametrize("folder", ["national", "full"])
@pytest.mark.parametrize("case", EMS_CASES)
def test_an_imported_case_exports_as_it_came(case: str, folder: str) -> None:
    reports = imported(case, folder)
    root = export.ems_dataset(reports, SETUP, national=folder == "national")
    tree = parse(document.serialize(root))
    assert [str(f) for f in checker().check(tree) if f.severity == "error"] == []
    expected = etree.parse(str(CASES / "xml" / folder / f"{case}.xml")).getroot()
    ignore = frozenset({"DemographicGroup"})  # the agency's, not the case's
    assert facts(tree.getroot(), ignore) == facts(expected, ignore)


def test_set_up_fills_what_a_device_report_lacks() -> None:
    report = imported("2025-EMS-1-Overdose_v351")[0]
    bare = {k: v for k, v in report.data.items() if k not in SET_UP}
    root = export.ems_dataset([export.Exported(report.id, 2, bare)], SETUP)
    tree = parse(document.serialize(root))
    assert checker().check(tree) == [] or all(
        f.severity == "warning" for f in checker().check(tree))
    ns = {"n": document.NS}
    assert tree.xpath("//n:eResponse.01/text()", namespaces=ns) == ["351-C034P2"]
    assert tree.xpath("//n:eRecord.03/text()", namespaces=ns) == ["fieldclient"]
    assert tree.xpath("//n:dAgency.01/text()", namespaces=ns) == ["C034"]
    assert tree.xpath("//n:PatientCareReport/@UUID", namespaces=ns) == [report.id]


DESTINATION = [f"eDisposition.{n:02d}" for n in range(3, 11)]


def dem_facilities() -> export.SetUp:
    tree = parse((CASES / "xml" / "full" / "2025-DEM-1_v351.xml").read_bytes())
    report = document.read(table("DEMDataSet"), tree.getroot())["DemographicReport"][0]
    return export.SetUp("C034", "351-C034P2", "09", None, "0.1.0",
                        destinations=export.facilities(report))


@pytest.mark.parametrize("named", [{"eDisposition.01": "  garrett   RECOVERY "},
                                   {"eDisposition.02": "330125"},
                                   {"eDisposition.01": "Elsewhere", "eDisposition.02": "330125"}])
def test_a_known_destination_fills_its_details_from_the_dem_dataset(
        named: dict[str, str]) -> None:
    """As the full 2025-EMS-1 case has them: the agency's dFacility for Garrett Recovery
    gives street (with its StreetAddress2), city, state, county, ZIP, country, GPS, grid."""
    report = imported("2025-EMS-1-Overdose_v351")[0]
    want = {k: report.data[k] for k in DESTINATION}
    bare = {k: v for k, v in report.data.items()
            if k not in DESTINATION and k not in ("eDisposition.01", "eDisposition.02")}
    filled = export.pcr(export.Exported(report.id, 2, {**bare, **named}), dem_facilities())
    assert {k: filled.get(k) for k in DESTINATION} == want


def test_a_destinations_own_details_win_and_an_unknown_one_gets_none() -> None:
    set_up = dem_facilities()
    own = export.pcr(export.Exported("a", 2, {"eDisposition.01": "Garrett Recovery",
                                              "eDisposition.05": "09"}), set_up)
    assert (own["eDisposition.05"], own["eDisposition.06"]) == ("09", "36079")
    unknown = export.pcr(export.Exported("b", 2, {"eDisposition.01": "Garrett"}), set_up)
    assert not any(k in unknown for k in DESTINATION)


def test_an_imported_report_passes_form_v2s_own_checks() -> None:
    for case in EMS_CASES:
        for report in imported(case):
            assert validate(epcr_v2.definition(), report.data, complete=False) == []


def test_a_v1_report_exports_xsd_valid_with_no_schematron_error() -> None:
    report = export.Exported("a9530c80-a10a-4579-86ed-03dd28897b15", 1, complete_report(NOW))
    tree = parse(document.serialize(export.ems_dataset([report], SETUP)))
    found = checker().check(tree)
    assert [str(f) for f in found if f.severity == "error"] == []


def v1_choices() -> list[tuple[str, str, str | None]]:
    """(element, v1 value, v1 group or None) for every choice of v1."""
    found = []
    for section in epcr_v1.definition()["sections"]:
        for field in section["fields"]:
            inner = field["fields"] if field["type"] == "group" else [field]
            group = field["key"] if field["type"] == "group" else None
            found += [(f["key"], c["value"], group) for f in inner for c in f.get("choices", [])]
    return found


CASES_27 = [(e, v, g) for e, v, g in v1_choices() if v in CORRECTIONS.get(e, {})]


@pytest.mark.parametrize(("element", "value", "group"), CASES_27,
                         ids=[f"{e}={v}" for e, v, _ in CASES_27])
def test_a_v1_report_exports_what_the_crew_saw(element: str, value: str,
                                               group: str | None) -> None:
    data: dict[str, Any] = copy.deepcopy(complete_report(NOW))
    if group:
        data[group][0][element] = value
    elif epcr_v1_field(element)["type"] == "multiselect":
        data[element] = [value]
    else:
        data[element] = value
    report = export.Exported("a9530c80-a10a-4579-86ed-03dd28897b15", 1, data)
    tree = parse(document.serialize(export.ems_dataset([report], SETUP)))
    sent = tree.xpath(f"//n:{element}/text()", namespaces={"n": document.NS})
    assert CORRECTIONS[element][value] in sent and value not in sent
    assert checker().xsd(tree) == []


def epcr_v1_field(key: str) -> dict[str, Any]:
    return next(f for s in epcr_v1.definition()["sections"] for f in s["fields"]
                if f["key"] == key)


def test_v1_upgrade_keeps_every_value() -> None:
    data = complete_report(NOW)
    upgraded = upgrade.v1_to_nemsis(data)
    assert upgraded["eVitals.VitalGroup"][0]["eVitals.19"] == "4"
    assert upgraded["eMedications.MedicationGroup"][0]["eMedications.03"] == {
        "value": "7052", "attrs": {"CodeType": "9924003"}}
    assert upgraded["eSituation.PatientComplaintGroup"] == [
        {"eSituation.03": "2803001", "eSituation.04": data["eSituation.04"]}]
    assert upgraded["eDispatch.01"] == "2301033"   # v1 "Falls" sent 2301035, Fire
    assert validate(epcr_v2.definition(), upgraded, complete=False) == []


@pytest.mark.parametrize(("change", "where", "words"), [
    ({"eTimes.03": "2026-11-22T10:00:00"}, "eTimes.03", "offset"),
    ({"eArrest.01": {"nv": "7701005"}}, "eArrest.01", "Not value"),
    ({"eArrest.01": {"value": "3001001", "nv": "7701001"}}, "eArrest.01", "both"),
    ({"eSituation.10": "R10.0"}, "eSituation.10", None),            # one cell for a list: fine
    ({"ePatient.25": ["9919001"]}, "ePatient.25", "not a list"),
    ({"eVitals.06": 120}, "eVitals.06", "not a NEMSIS element of this part"),
    ({"eArrest.01": "3001009"}, "eArrest.01", "NEMSIS codes"),
    ({"eMedications.MedicationGroup": [{"eMedications.03": {
        "value": "7052", "attrs": {"CodeType": "1"}}}]}, "eMedications.03", "CodeType"),
    ({"@attrs": {"UUID": "x"}}, "@attrs", "not a NEMSIS element"),
])
def test_v2_shape_problems(change: dict[str, Any], where: str, words: str | None) -> None:
    found = {p.field: p.message for p in validate(epcr_v2.definition(), change, complete=False)}
    if words is None:
        assert found == {}
    else:
        assert any(where in field and words in message for field, message in found.items()), found


def test_v2_completeness_takes_not_values_and_refuses_them_on_mandatory() -> None:
    form = epcr_v2.definition()
    data = imported("2025-EMS-1-Overdose_v351")[0].data
    assert validate(form, data, complete=True) == []
    blank = {p.field: p.message for p in validate(form, {}, complete=True)}
    assert blank["eArrest.01"] == "Cardiac Arrest is required."
    assert "eRecord.02" not in blank                  # filled by set-up
    na = dict(data, **{"eArrest.01": {"nv": "7701001"}})
    assert validate(form, na, complete=True) == []
    mandatory = dict(data, **{"eDispatch.01": {"nv": "7701001"}})
    found = {p.field: p.message for p in validate(form, mandatory, complete=False)}
    assert "Not value" in found["eDispatch.01"]       # the XSD allows none here


def test_a_named_destination_leaves_its_details_to_set_up() -> None:
    """eDisposition.05-.07 are Required; once the crew names the destination, the
    agency's facility fills them on export, so Complete does not ask the crew."""
    form = epcr_v2.definition()
    data = {k: v for k, v in imported("2025-EMS-1-Overdose_v351")[0].data.items()
            if k not in ("eDisposition.01", "eDisposition.02", "eDisposition.05",
                         "eDisposition.06", "eDisposition.07")}
    unnamed = {p.field for p in validate(form, data, complete=True)}
    assert {"eDisposition.05", "eDisposition.06", "eDisposition.07"} <= unnamed
    named = dict(data, **{"eDisposition.01": "Garrett Recovery"})
    assert validate(form, named, complete=True) == []
