"""The sync engine against the real server: exactly once, conflicts kept, bad reports
quarantined, nothing dropped."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fieldclient.plumbing.events import ReportsChanged, SyncStatus
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.sync.engine import SyncEngine
from fieldclient.sync.outbox import Outbox
from tests.client.test_signin import sign_in
from tests.helpers import ADMIN, GOOD_PASSWORD, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.reports import complete_report


def save(session: Session, clock: FakeClock, report_id: str | None = None,
         data: dict[str, Any] | None = None, status: str = "in_progress") -> str:
    report_id = report_id or str(uuid.uuid4())
    session.store.save_report(report_id, form_id="epcr", form_version=1,
                              data=data if data is not None else {"eNarrative.01": "draft"},
                              author_id=session.user.id, now=clock.now(), status=status)
    return report_id


def engine(device: Device, session: Session, clock: FakeClock, **options: Any) -> SyncEngine:
    return SyncEngine(session, clock, device.events, **options)


def on_server(agency: RestartableServer, report_id: str) -> dict[str, Any] | None:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        response = admin.get(f"/api/v1/reports/{report_id}")
        return response.json() if response.status_code == 200 else None


def history(agency: RestartableServer, report_id: str) -> list[dict[str, Any]]:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        revisions: list[dict[str, Any]] = admin.get(
            f"/api/v1/reports/{report_id}/revisions").json()
        return revisions


def test_saved_offline_then_synced_exactly_once(device: Device, agency: RestartableServer,
                                                clock: FakeClock) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    report_id = save(session, clock, data={"eNarrative.01": "written offline"})
    outbox = Outbox(session.store.db)
    assert outbox.state(report_id) == "not_synced" and outbox.pending_count() == 1
    failed = engine(device, session, clock).run()
    assert not failed.ok and outbox.state(report_id) == "not_synced"
    agency.start()
    seen: list[Any] = []
    device.events.subscribe(seen.append)
    assert engine(device, session, clock).run().ok
    assert outbox.state(report_id) == "synced" and outbox.pending_count() == 0
    assert on_server(agency, report_id)["data"] == {"eNarrative.01": "written offline"}  # type: ignore[index]
    assert engine(device, session, clock).run().ok
    assert len(history(agency, report_id)) == 1
    assert ReportsChanged((report_id,)) in seen
    statuses = [e for e in seen if isinstance(e, SyncStatus)]
    assert statuses[0].running and not statuses[-1].running and statuses[-1].pending == 0
    assert statuses[-1].last_success is not None and statuses[-1].last_error is None


def test_an_edit_during_upload_stays_not_synced(device: Device, agency: RestartableServer,
                                                clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = save(session, clock, data={"eNarrative.01": "v1"})
    sync = engine(device, session, clock)
    [upload] = sync.outbox.claim(10)
    assert sync.outbox.state(report_id) == "syncing"
    save(session, clock, report_id, {"eNarrative.01": "v2"})  # saved while v1 is in flight
    assert sync.outbox.state(report_id) == "not_synced"
    item = {"id": report_id, "idempotency_key": upload.idempotency_key(session.device_id),
            "if_match": None, "report": upload.payload}
    [answer] = session.authorized(lambda token: session.api.upload_reports(token, [item]))
    sync._settle(upload, answer["status"], answer["body"])  # v1's answer arrives
    assert sync.outbox.state(report_id) == "not_synced"  # v2 still has to go
    assert sync.run().ok
    assert sync.outbox.state(report_id) == "synced"
    assert on_server(agency, report_id)["data"] == {"eNarrative.01": "v2"}  # type: ignore[index]
    assert len(history(agency, report_id)) == 2


def test_superseded_revisions_are_not_uploaded(device: Device, agency: RestartableServer,
                                               clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = save(session, clock, data={"eNarrative.01": "v1"})
    for text in ("v2", "v3"):
        save(session, clock, report_id, {"eNarrative.01": text})
    assert engine(device, session, clock).run().ok
    assert [h["data"]["eNarrative.01"] for h in history(agency, report_id)] == ["v3"]


def edit_on_server(agency: RestartableServer, report_id: str, text: str) -> None:
    current = on_server(agency, report_id)
    assert current is not None and agency.live is not None
    with agency.live.as_user(*ADMIN) as supervisor:
        body = {k: current[k] for k in ("form_id", "form_version", "status", "data",
                                        "author_id")}
        body["data"] = current["data"] | {"eNarrative.01": text}
        response = supervisor.put(f"/api/v1/reports/{report_id}", json=body, headers={
            "Idempotency-Key": f"{report_id}:qa-{text}", "If-Match": f'"{current["revision"]}"'})
        assert response.status_code == 200, response.text


def test_conflict_keeps_both_sides_and_resolves_as_a_new_revision(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    session = sign_in(device, *MEDIC)
    report_id = save(session, clock, data={"eNarrative.01": "crew v1"})
    assert engine(device, session, clock).run().ok
    edit_on_server(agency, report_id, "QA edit")
    save(session, clock, report_id, {"eNarrative.01": "crew v2"})
    assert engine(device, session, clock).run().ok  # a conflict is an answer, not a failure
    outbox = Outbox(session.store.db)
    assert outbox.state(report_id) == "conflict"
    mine = session.store.report(report_id)
    theirs = json.loads(session.store.db.query(
        "SELECT server_copy FROM reports WHERE id = ?", (report_id,))[0][0])
    assert mine is not None and mine.data == {"eNarrative.01": "crew v2"}
    assert theirs["data"] == {"eNarrative.01": "QA edit"} and theirs["revision"] == 2
    assert on_server(agency, report_id)["data"] == {"eNarrative.01": "QA edit"}  # type: ignore[index]
    session.store.resolve_conflict(report_id, {"eNarrative.01": "crew v2 + QA edit"}, "in_progress",
                   session.user.id, clock.now())
    assert engine(device, session, clock).run().ok
    assert outbox.state(report_id) == "synced"
    assert [h["data"]["eNarrative.01"] for h in history(agency, report_id)] == [
        "crew v1", "QA edit", "crew v2 + QA edit"]


def test_pulled_changes(device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    untouched = save(session, clock, data={"eNarrative.01": "a"})
    edited = save(session, clock, data={"eNarrative.01": "b"})
    assert engine(device, session, clock).run().ok
    edit_on_server(agency, untouched, "QA a")
    edit_on_server(agency, edited, "QA b")
    save(session, clock, edited, {"eNarrative.01": "b, edited offline"})
    outbox = Outbox(session.store.db)
    [upload] = outbox.claim(10)  # keep the local edit from being pushed first
    outbox.failed([upload], "held back by the test")
    sync = engine(device, session, clock)
    sync._pull()
    assert session.store.report(untouched).data == {"eNarrative.01": "QA a"}  # type: ignore[union-attr]
    assert outbox.state(untouched) == "synced"
    assert outbox.state(edited) == "conflict"  # never an overwrite
    assert session.store.report(edited).data == {"eNarrative.01": "b, edited offline"}  # type: ignore[union-attr]
    incidents = session.store.incidents(limit=100)
    assert len(incidents) == 20


def test_a_rejected_report_does_not_block_the_queue(device: Device, agency: RestartableServer,
                                                    clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    bad = save(session, clock, data={"eNarrative.01": "not done"}, status="completed")
    good = [save(session, clock, data={"eNarrative.01": f"ok {i}"}) for i in range(50)]
    assert engine(device, session, clock, batch_size=7).run().ok
    outbox = Outbox(session.store.db)
    assert outbox.state(bad) == "rejected"
    problems = json.loads(session.store.db.query(
        "SELECT problems FROM reports WHERE id = ?", (bad,))[0][0])
    assert "eRecord.01" in {p["field"] for p in problems}
    assert {outbox.state(r) for r in good} == {"synced"}
    assert on_server(agency, bad) is None
    fixed = complete_report(clock.now())
    save(session, clock, bad, fixed, status="completed")  # the crew fixes it
    assert engine(device, session, clock).run().ok
    assert outbox.state(bad) == "synced"


def test_expired_token_is_refreshed_and_a_dead_one_waits(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    session = sign_in(device, *MEDIC)
    clock.advance(minutes=16)  # the access token is gone; the refresh token is not
    first = save(session, clock)
    assert engine(device, session, clock).run().ok
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:  # the password changed elsewhere
        medic = admin.get("/api/v1/users", params={"email": "medic@"}).json()["items"][0]
        admin.patch(f"/api/v1/users/{medic['id']}", json={"password": GOOD_PASSWORD})
    second = save(session, clock)
    outcome = engine(device, session, clock).run()
    assert outcome.needs_online_sign_in and not outcome.ok
    outbox = Outbox(session.store.db)
    assert outbox.state(second) == "not_synced" and outbox.pending_count() == 1
    assert outbox.state(first) == "synced"
    assert engine(device, session, clock).status().last_error == "Sign in online to sync."
    device.sign_out()
    session = sign_in(device, MEDIC[0], GOOD_PASSWORD)
    assert engine(device, session, clock).run().ok
    assert Outbox(session.store.db).state(second) == "synced"


def test_reports_of_users_not_on_this_device_are_not_pulled(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        other = str(uuid.uuid4())
        me = admin.get("/api/v1/me").json()["id"]
        admin.put(f"/api/v1/reports/{other}", headers={"Idempotency-Key": f"{other}:1"},
                  json={"form_id": "epcr", "form_version": 1, "status": "in_progress",
                        "data": {"ePatient.02": "Elsewhere"}, "author_id": me})
    session = sign_in(device, *MEDIC)
    assert engine(device, session, clock).run().ok
    assert session.store.report(other) is None



def test_each_sync_pass_also_runs_the_credential_check(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    from fieldclient.plumbing.events import CredentialsRemoved
    from tests.client.test_revocation import make_offline_medic

    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        colleague = make_offline_medic(admin, "colleague@demo.local")
    sign_in(device, *colleague)
    device.sign_out()
    session = sign_in(device, *MEDIC)
    assert {u.email for u in session.store.cached_users()} == {colleague[0], MEDIC[0]}
    with agency.live.as_user(*ADMIN) as admin:
        basic = admin.get("/api/v1/users", params={"email": "colleague@"}).json()["items"][0]
        admin.patch(f"/api/v1/users/{basic['id']}", json={"disabled": True})
    removed: list[Any] = []
    device.events.subscribe(lambda e: removed.append(e) if isinstance(e, CredentialsRemoved)
                            else None)
    sync = engine(device, session, clock, after_contact=device.check_credentials)
    assert sync.run().ok
    assert removed == [CredentialsRemoved((basic["id"],))]
    assert [u.email for u in session.store.cached_users()] == [MEDIC[0]]
