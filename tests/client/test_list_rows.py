"""The Incident List's rows come from one query over reports and cached incidents."""

from __future__ import annotations

from fieldclient.device import Device
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.clock import FakeClock
from tests.support.reports import complete_report


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
    rows = session.store.list_rows()
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
