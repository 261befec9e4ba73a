"""1,000 reports through a network that drops, delays, resets, errs and repeats."""

from __future__ import annotations

import uuid

from fieldclient.signin.device import Device
from fieldclient.sync.engine import SyncEngine
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.fault_proxy import FAULTS, FaultProxy


def test_thousand_reports_through_faults_arrive_exactly_once(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    proxy = FaultProxy(agency.port, fault_rate=0.4)
    try:
        device.set_server_url(proxy.url)
        proxy.fault_rate = 0.0
        session = sign_in(device, *MEDIC)
        ids = [str(uuid.uuid4()) for _ in range(1000)]
        for i, report_id in enumerate(ids):
            session.store.save_report(report_id, form_id="epcr", form_version=1,
                                      author_id=session.user.id, now=clock.now(),
                                      data={"eNarrative.01": f"report {i}"})
        engine = SyncEngine(session, clock, device.events, batch_size=25)
        proxy.fault_rate = 0.4
        failures = sum(not engine.run().ok for _ in range(40))
        assert failures > 0 and set(proxy.counts) >= set(FAULTS)
        proxy.fault_rate = 0.0  # the network heals
        for _ in range(5):
            if engine.run().ok and engine.outbox.pending_count() == 0:
                break
        assert engine.outbox.pending_count() == 0
        states = session.store.db.query("SELECT sync_state, count(*) FROM reports"
                                        " GROUP BY sync_state")
        assert states == [("synced", 1000)]
    finally:
        proxy.close()
    held = agency.stored_reports()
    assert sum(len(report.revisions) for report in held.values()) == 1000  # no repeats
    stored = {report_id: report.data["eNarrative.01"] for report_id, report in held.items()}
    assert stored == {report_id: f"report {i}" for i, report_id in enumerate(ids)}
