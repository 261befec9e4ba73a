"""NEMSIS on the real server: the agency's DEMDataSet, one report as an EMSDataSet, the
state export with its cursor; and the uploads attacked (entities, DTDs, size, types)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from lxml import etree

from fieldforms.nemsis.checks import checker, parse
from tests.helpers import BASIC, MEDIC, NEIGHBOR, error_code
from tests.support.nemsis import CASES, facts
from tests.support.reports import complete_report, upload_body
from tests.support.server import LiveServer
from tests.test_nemsis_checks import BILLION_LAUGHS

XML = {"Content-Type": "application/xml"}
NS = {"n": "http://www.nemsis.org"}
DEM_1 = (CASES / "xml" / "full" / "2025-DEM-1_v351.xml").read_bytes()
BASICS = {"state_id": "C034", "number": "351-C034P2", "name": "Danbury Fire Department",
          "state": "09"}


@pytest.fixture
def medic(server: LiveServer) -> Iterator[httpx.Client]:
    with server.as_user(*MEDIC) as client:
        yield client


def put_report(client: httpx.Client, data: dict[str, Any], status: str = "completed",
               report_id: str | None = None) -> str:
    report_id = report_id or str(uuid.uuid4())
    me = client.get("/api/v1/me").json()["id"]
    answer = client.put(f"/api/v1/reports/{report_id}", json=upload_body(data, me, status),
                        headers={"Idempotency-Key": f"{report_id}:1"})
    assert answer.status_code == 201, answer.text
    return report_id


def test_a_dem_dataset_imports_and_exports_xsd_valid(admin: httpx.Client) -> None:
    answer = admin.put("/api/v1/nemsis/dem", content=DEM_1, headers=XML)
    assert answer.status_code == 200, answer.text
    assert answer.json()["number"] == "351-C034P2" and answer.json()["state"] == "09"
    exported = admin.get("/api/v1/nemsis/dem")
    assert exported.status_code == 200 and exported.headers["content-type"].startswith(
        "application/xml")
    tree = parse(exported.content)
    assert [str(f) for f in checker("DEMDataSet").check(tree) if f.severity == "error"] == []
    assert facts(tree.getroot()) == facts(etree.fromstring(DEM_1))


@pytest.mark.parametrize(("name", "code", "element"), [
    ("2025-DEM-FailXsd_v351.xml", "xsd_invalid", "dConfiguration.02"),
    ("2025-DEM-FailSchematron_v351.xml", "schematron_invalid", "dConfiguration.09"),
])
def test_failing_dem_documents_are_refused_and_nothing_is_written(
        admin: httpx.Client, name: str, code: str, element: str) -> None:
    answer = admin.put("/api/v1/nemsis/dem", content=(CASES / "xml" / "fail" / name
                                                      ).read_bytes(), headers=XML)
    assert error_code(answer, 422) == code
    finding = answer.json()["error"]["findings"][0]
    assert finding["element"] == element and finding["line"] > 0 and finding["message"]
    assert admin.get("/api/v1/nemsis/agency").json()["number"] is None
    assert error_code(admin.get("/api/v1/nemsis/dem"), 409) == "agency_not_set_up"


@pytest.mark.parametrize(("body", "headers", "status", "code"), [
    (BILLION_LAUGHS, XML, 400, "unsafe_xml"),
    (b'<!DOCTYPE x SYSTEM "http://127.0.0.1:9/x.dtd"><DEMDataSet/>', XML, 400, "unsafe_xml"),
    (b"<DEMDataSet", XML, 400, "unsafe_xml"),
    (DEM_1, {"Content-Type": "application/json"}, 415, "unsupported_media_type"),
    (b"<EMSDataSet xmlns='http://www.nemsis.org'/>", XML, 422, "wrong_document"),
    (b"<x>" + b" " * (11 * 1024 * 1024) + b"</x>", XML, 413, "payload_too_large"),
])
def test_hostile_dem_uploads_are_refused(admin: httpx.Client, body: bytes,
                                         headers: dict[str, str], status: int,
                                         code: str) -> None:
    assert error_code(admin.put("/api/v1/nemsis/dem", content=body, headers=headers),
                      status) == code
    assert admin.get("/api/v1/nemsis/agency").json()["number"] is None


def test_dem_needs_agency_manage(server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        assert error_code(medic.put("/api/v1/nemsis/dem", content=DEM_1, headers=XML),
                          403) == "forbidden"
        assert error_code(medic.get("/api/v1/nemsis/dem"), 403) == "forbidden"
        assert error_code(medic.put("/api/v1/nemsis/agency", json=BASICS), 403) == "forbidden"


def test_the_basics_are_checked_against_the_xsd(admin: httpx.Client) -> None:
    wrong = admin.put("/api/v1/nemsis/agency", json=BASICS | {"state": "CT"})
    assert error_code(wrong, 422) == "invalid_agency"
    assert "EMS Agency State" in wrong.json()["error"]["message"]
    assert admin.put("/api/v1/nemsis/agency", json=BASICS).json() == BASICS
    # Basics alone are not a whole DEMDataSet: its export says so rather than send it.
    assert error_code(admin.get("/api/v1/nemsis/dem"), 409) == "dem_incomplete"


def test_a_report_exports_as_nemsis_with_the_agencys_set_up(
        server: LiveServer, admin: httpx.Client, medic: httpx.Client) -> None:
    report_id = put_report(medic, complete_report(server.clock.now()))
    assert error_code(medic.get(f"/api/v1/reports/{report_id}/nemsis"), 409) == \
        "agency_not_set_up"
    admin.put("/api/v1/nemsis/agency", json=BASICS)
    answer = medic.get(f"/api/v1/reports/{report_id}/nemsis")
    assert answer.status_code == 200, answer.text
    tree = parse(answer.content)
    assert checker().xsd(tree) == []
    assert tree.xpath("//n:PatientCareReport/@UUID", namespaces=NS) == [report_id]
    assert tree.xpath("//n:eResponse.01/text()", namespaces=NS) == ["351-C034P2"]
    assert tree.xpath("//n:eResponse.02/text()", namespaces=NS) == [BASICS["name"]]
    assert tree.xpath("//n:eDispatch.01/text()", namespaces=NS) == ["2301033"]  # v1 "Falls"


def test_the_national_subset_keeps_only_national_elements(
        server: LiveServer, admin: httpx.Client, medic: httpx.Client) -> None:
    report_id = put_report(medic, complete_report(server.clock.now()))
    admin.put("/api/v1/nemsis/agency", json=BASICS)
    full = medic.get(f"/api/v1/reports/{report_id}/nemsis")
    national = medic.get(f"/api/v1/reports/{report_id}/nemsis", params={"subset": "national"})
    assert national.status_code == 200, national.text
    names = {etree.QName(e).localname for e in parse(national.content).iter()
             if isinstance(e.tag, str)}
    assert "eResponse.02" in {etree.QName(e).localname for e in parse(full.content).iter()
                              if isinstance(e.tag, str)}
    assert "eResponse.02" not in names and "eDispatch.01" in names  # not National / National
    assert b"NEMSIS_NAT_XSDs" in national.content
    assert error_code(medic.get(f"/api/v1/reports/{report_id}/nemsis",
                                params={"subset": "everything"}), 422) == "invalid_request"


def test_another_agencys_report_is_not_found(server: LiveServer, medic: httpx.Client) -> None:
    report_id = put_report(medic, complete_report(server.clock.now()))
    with server.as_user(*NEIGHBOR) as neighbor:
        assert error_code(neighbor.get(f"/api/v1/reports/{report_id}/nemsis"), 404) == \
            "not_found"
    with server.as_user(*BASIC) as basic:  # same agency, epcr.access: may read it
        assert basic.get(f"/api/v1/reports/{report_id}/nemsis").status_code == 409


def test_the_state_export_pages_completed_reports_by_cursor(
        server: LiveServer, admin: httpx.Client, medic: httpx.Client) -> None:
    admin.put("/api/v1/nemsis/agency", json=BASICS)
    now = server.clock.now()
    done = [put_report(medic, complete_report(now, patient=(f"P{i}", "Doe"))) for i in range(3)]
    put_report(medic, {"eScene.19": "12345"}, status="in_progress")
    first = admin.get("/api/v1/nemsis/export", params={"limit": 2})
    assert first.status_code == 200, first.text
    ids = parse(first.content).xpath("//n:PatientCareReport/@UUID", namespaces=NS)
    assert ids == done[:2] and first.headers["NEMSIS-Report-Count"] == "2"
    rest = admin.get("/api/v1/nemsis/export",
                     params={"since": first.headers["NEMSIS-Next-Cursor"]})
    assert parse(rest.content).xpath("//n:PatientCareReport/@UUID", namespaces=NS) == done[2:]
    after = admin.get("/api/v1/nemsis/export",
                      params={"since": rest.headers["NEMSIS-Next-Cursor"]})
    assert after.status_code == 204 and after.headers["NEMSIS-Next-Cursor"] == \
        rest.headers["NEMSIS-Next-Cursor"]


def test_the_export_stops_before_a_report_that_fails_and_skips_none(
        server: LiveServer, admin: httpx.Client, medic: httpx.Client) -> None:
    admin.put("/api/v1/nemsis/agency", json=BASICS)
    now = server.clock.now()
    good = put_report(medic, complete_report(now))
    words = complete_report(now)
    words["eProcedures"][0]["eProcedures.03"] = "IV start"  # v1 took free text: not SNOMED
    bad = put_report(medic, words)
    later = put_report(medic, complete_report(now))
    batch = admin.get("/api/v1/nemsis/export")
    assert parse(batch.content).xpath("//n:PatientCareReport/@UUID", namespaces=NS) == [good]
    assert batch.headers["NEMSIS-Blocked-By"] == bad
    stuck = admin.get("/api/v1/nemsis/export",
                      params={"since": batch.headers["NEMSIS-Next-Cursor"]})
    assert error_code(stuck, 422) == "nemsis_invalid"
    assert stuck.json()["error"]["report_id"] == bad
    why = medic.get(f"/api/v1/reports/{bad}/nemsis")
    assert error_code(why, 422) == "nemsis_invalid"
    assert why.json()["error"]["findings"][0]["element"] == "eProcedures.03"
    assert later  # still there, after the one that needs fixing: never skipped


def test_the_state_export_needs_its_permission(server: LiveServer, medic: httpx.Client) -> None:
    assert error_code(medic.get("/api/v1/nemsis/export"), 403) == "forbidden"


# --- importing reports ---------------------------------------------------------------------
EMS_CASES = [(folder, case) for folder in ("national", "full")
             for case in ("2025-EMS-1-Overdose_v351", "2025-EMS-2-Suicide_v351")]
# Set-up gives the Header on export (the agency's, not the document's); the document's
# own eRecord and eResponse values stay, so they are compared.
NOT_THE_CASES = frozenset({"DemographicGroup"})


@pytest.mark.parametrize(("folder", "case"), EMS_CASES, ids=[f"{f}/{c}" for f, c in EMS_CASES])
def test_an_imported_case_exports_back_as_it_came(admin: httpx.Client, folder: str,
                                                  case: str) -> None:
    admin.put("/api/v1/nemsis/agency", json=BASICS)
    original = (CASES / "xml" / folder / f"{case}.xml").read_bytes()
    answer = admin.post("/api/v1/nemsis/import", content=original, headers=XML)
    assert answer.status_code == 201, answer.text
    created = answer.json()["reports"]
    expected = etree.fromstring(original)
    pcrs = expected.findall("{http://www.nemsis.org}Header/{http://www.nemsis.org}"
                            "PatientCareReport")
    assert len(created) == len(pcrs)
    assert [c["pcr_number"] for c in created] == [
        p.findtext("{http://www.nemsis.org}eRecord/{http://www.nemsis.org}eRecord.01")
        for p in pcrs]
    report = admin.get(f"/api/v1/reports/{created[0]['id']}").json()
    assert (report["form_version"], report["status"]) == (2, "completed")
    exported = admin.get(f"/api/v1/reports/{created[0]['id']}/nemsis")
    assert exported.status_code == 200, exported.text
    # (one export names the full schema, the national case the national one)
    ignore = frozenset({"UUID", "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation"})
    # A national case has no eResponse.02 (not National): set-up adds the agency's name.
    unasked = NOT_THE_CASES | ({"eResponse.02"} if folder == "national" else set())
    got = facts(etree.fromstring(exported.content), unasked, ignore)
    want = facts(etree.fromstring(original), unasked, ignore)
    assert got == want


@pytest.mark.parametrize(("name", "code", "element"), [
    ("2025-EMS-FailXsd_v351.xml", "xsd_invalid", "eSituation"),
    ("2025-EMS-FailSchematron_v351.xml", "schematron_invalid", "eSituation.10"),
])
def test_failing_ems_documents_are_refused_and_nothing_is_written(
        admin: httpx.Client, name: str, code: str, element: str) -> None:
    before = admin.get("/api/v1/reports").json()["items"]
    answer = admin.post("/api/v1/nemsis/import", content=(CASES / "xml" / "fail" / name
                                                          ).read_bytes(), headers=XML)
    assert error_code(answer, 422) == code
    finding = answer.json()["error"]["findings"][0]
    assert finding["element"] == element and finding["line"] > 0
    assert admin.get("/api/v1/reports").json()["items"] == before


def test_import_needs_agency_manage_and_refuses_hostile_documents(
        server: LiveServer, admin: httpx.Client, medic: httpx.Client) -> None:
    case = (CASES / "xml" / "full" / "2025-EMS-1-Overdose_v351.xml").read_bytes()
    assert error_code(medic.post("/api/v1/nemsis/import", content=case, headers=XML),
                      403) == "forbidden"
    assert error_code(admin.post("/api/v1/nemsis/import", content=BILLION_LAUGHS,
                                 headers=XML), 400) == "unsafe_xml"
    assert error_code(admin.post("/api/v1/nemsis/import", content=DEM_1, headers=XML),
                      422) == "wrong_document"
    assert admin.get("/api/v1/reports").json()["items"] == []
