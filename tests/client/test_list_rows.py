"""The Incident List's rows: one paged query over reports and cached incidents."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from fieldclient.signin.device import Device
from fieldclient.storage.database import Database
from fieldclient.storage.migrations import MIGRATIONS
from fieldclient.storage.store import ListQuery, LocalStore
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.clock import FakeClock
from tests.support.reports import complete_report

EVERYTHING = 10_000


def test_reports_and_incidents_without_reports(device: Device, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    from fieldclient.sync.engine import SyncEngine

    SyncEngine(session, clock, device.events)._pull()  # 20 demo incidents
    incident = session.store.incidents(limit=1)[0]
    session.store.save_report("r-1", form_id="epcr", form_version=1, author_id=1,
                              now=clock.now(), incident_id=incident["id"],
                              data=complete_report(clock.now(), ("Ada", "Lovelace")))
    session.store.save_report("r-2", form_id="epcr", form_version=1, author_id=1,
                              now=clock.now(), data={})
    rows = session.store.list_page(ListQuery(), limit=EVERYTHING)
    assert len(rows) == 21  # 19 incidents alone, one report on an incident, one blank
    linked = next(r for r in rows if r.report_id == "r-1")
    assert (linked.incident_number, linked.unit, linked.patient, linked.chief_complaint,
            linked.status, linked.sync_state) == (
        incident["number"], incident["unit"], "Ada Lovelace",
        "Fell in the kitchen, right hip pain", "in_progress", "not_synced")
    blank = next(r for r in rows if r.report_id == "r-2")
    assert (blank.patient, blank.incident_number, blank.status) == ("", "", "in_progress")
    alone = [r for r in rows if r.report_id is None]
    assert len(alone) == 19 and all(r.status is None and r.incident_id for r in alone)
    assert incident["id"] not in {r.incident_id for r in alone}
    assert [r.when for r in rows] == sorted((r.when for r in rows), reverse=True)


def store_at(tmp_path: Path) -> LocalStore:
    return LocalStore(Database.open(tmp_path / "store.db", os.urandom(32), create=True))


def test_a_form_v2_report_is_listed_from_its_nemsis_cells(tmp_path: Path) -> None:
    """v2 keeps a value with its pertinent negative, and the complaint in its group."""
    store, now = store_at(tmp_path), datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    data = {"eResponse.03": "26-004200", "eResponse.14": "Medic 9",
            "eTimes.03": "2026-11-22T09:40:00+00:00", "ePatient.03": "Ada",
            "ePatient.02": {"value": "Lovelace", "pn": "8801019"},
            "eSituation.PatientComplaintGroup": [
                {"eSituation.03": "2803001", "eSituation.04": "Chest pain"},
                {"eSituation.03": "2803003", "eSituation.04": "Nausea"}]}
    store.save_report("v2", form_id="epcr", form_version=2, author_id=1, now=now, data=data)
    store.save_report("nv", form_id="epcr", form_version=2, author_id=1, now=now,
                      data={"ePatient.03": {"nv": "7701003"}})
    rows = {r.report_id: r for r in store.list_page(ListQuery(), limit=EVERYTHING)}
    row = rows["v2"]
    assert (row.incident_number, row.unit, row.when[:16], row.patient, row.chief_complaint) == (
        "26-004200", "Medic 9", "2026-11-22T09:40", "Ada Lovelace", "Chest pain")
    assert rows["nv"].patient == ""  # a NOT value is no name
    found = store.list_page(ListQuery(text="lovelace chest"), limit=EVERYTHING)
    assert [r.report_id for r in found] == ["v2"]


def test_search_and_filters_combine(tmp_path: Path) -> None:
    store, now = store_at(tmp_path), datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    store.put_incidents([{"id": "i3", "number": "26-004103", "unit": "Medic 3", "address": "",
                          "nature": "Seizure", "dispatched_at": now.isoformat(),
                          "updated_at": now.isoformat()}])
    for report_id, patient, status in (("r1", ("Ada", "Lovelace"), "in_progress"),
                                       ("r2", ("Zoë", "Ñúñez"), "completed")):
        store.save_report(report_id, form_id="epcr", form_version=1, author_id=1, now=now,
                          status=status, data=complete_report(now, patient))

    def ids(query: ListQuery) -> list[str | None]:
        return sorted(r.report_id or r.incident_id or ""
                      for r in store.list_page(query, limit=EVERYTHING))

    assert ids(ListQuery("LOVELACE")) == ["r1"]
    assert ids(ListQuery("zoë ñ")) == ["r2"]  # casefolded beyond ASCII, both sides
    assert ids(ListQuery("medic")) == ["i3", "r1", "r2"]  # unit: "Medic 7" and "Medic 3"
    assert ids(ListQuery("", status="completed")) == ["r2"]
    assert ids(ListQuery("", status="none")) == ["i3"]
    assert ids(ListQuery("", sync_state="not_synced")) == ["r1", "r2"]
    assert ids(ListQuery("", status="completed", sync_state="synced")) == []
    assert ids(ListQuery("100% _")) == []  # literal text, never a pattern
    assert len(store.list_page(ListQuery(), offset=1, limit=1)) == 1


def test_list_columns_follow_edits_and_the_cad_incident(tmp_path: Path) -> None:
    store, now = store_at(tmp_path), datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
    store.save_report("r1", form_id="epcr", form_version=1, author_id=1, now=now,
                      incident_id="i9", data={"ePatient.03": "Ada"})
    store.save_report("r1", form_id="epcr", form_version=1, author_id=1, now=now,
                      incident_id="i9", data={"ePatient.03": "Grace"})
    assert store.list_page(ListQuery("ada")) == []
    store.put_incidents([{"id": "i9", "number": "26-000009", "unit": "Medic 9", "address": "",
                          "nature": "Fall", "dispatched_at": now.isoformat(),
                          "updated_at": now.isoformat()}])  # CAD arrives after the report
    (row,) = store.list_page(ListQuery("grace"))
    assert (row.incident_number, row.unit, row.chief_complaint) == ("26-000009", "Medic 9",
                                                                     "Fall")


def test_a_store_from_before_the_list_columns_migrates_with_every_report(
        tmp_path: Path) -> None:
    key, path, now = os.urandom(32), tmp_path / "store.db", datetime.now(UTC)
    old = Database.open(path, key, create=True, schema=3)
    with old.transaction() as c:
        c.executemany("INSERT INTO reports (id, local_revision, form_id, form_version, status,"
                      " data, author_id, created_at, saved_at, sync_state) VALUES"
                      " (?, 1, 'epcr', 1, 'in_progress', ?, 1, ?, ?, 'not_synced')",
                      [(f"r{i}", f'{{"ePatient.03": "Pat{i}"}}', now.isoformat(),
                        now.isoformat()) for i in range(50)])
    old.close()
    store = LocalStore(Database.open(path, key))
    assert store.db.query("PRAGMA user_version")[0][0] == MIGRATIONS[-1][0]
    assert len(store.list_page(ListQuery(), limit=EVERYTHING)) == 50
    assert [r.report_id for r in store.list_page(ListQuery("pat7"))] == ["r7"]
