"""Addenda and unlocking on the device, against the real server: written offline, sent
exactly once after their report, refused ones kept with the reason, others' pulled in."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest

from fieldclient.plumbing.errors import ApiRefusal
from fieldclient.reports.unlocking import ReasonRequired, unlock
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.addenda import AddendumRefused
from fieldclient.sync.outbox import Outbox
from tests.client.test_signin import sign_in
from tests.client.test_sync import engine, history, on_server, save
from tests.helpers import ADMIN, MEDIC, error_code
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.reports import complete_report


def completed(session: Session, clock: FakeClock) -> str:
    return save(session, clock, data=complete_report(clock.now()), status="completed")


def add(session: Session, clock: FakeClock, report_id: str, text: str) -> str:
    return session.store.addenda.add(report_id, text, author_id=session.user.id,
                                     author_name=session.user.name, now=clock.now()).id


def test_an_addendum_written_offline_goes_once_after_its_report(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    report_id = completed(session, clock)
    add(session, clock, report_id, "Pt's wife called: on warfarin.")
    outbox = Outbox(session.store.db)
    assert outbox.pending_count() == 2 and session.store.unsynced_counts() == (2, 0)
    assert not engine(device, session, clock).run().ok
    agency.start()
    assert engine(device, session, clock).run().ok  # the report, then its addendum
    assert outbox.pending_count() == 0
    [addendum] = session.store.report(report_id).addenda  # type: ignore[union-attr]
    assert addendum.sync_state == "synced"
    held = on_server(agency, report_id)
    assert held is not None and held["status"] == "completed"
    assert [a["text"] for a in held["addenda"]] == ["Pt's wife called: on warfarin."]
    assert engine(device, session, clock).run().ok
    assert [r["change"] for r in history(agency, report_id)] == ["edit", "addendum"]


def test_a_resent_addendum_is_one_and_a_forged_id_cannot_replace_it(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = completed(session, clock)
    assert engine(device, session, clock).run().ok
    sent = add(session, clock, report_id, "Second set of vitals was at 10:42.")
    taken = add(session, clock, report_id, "Gave 2 L O2 by nasal cannula.")
    written = {a.id: a for a in session.store.report(report_id).addenda}  # type: ignore[union-attr]
    first, second = written[sent], written[taken]
    assert agency.live is not None
    with agency.live.as_user(*MEDIC) as medic:  # the first went out, its answer was lost
        assert medic.put(f"/api/v1/reports/{report_id}/addenda/{sent}", json={
            "text": first.text, "written_at": first.written_at}).status_code == 201
    with agency.live.as_user(*ADMIN) as admin:  # someone who learnt the second's id
        forged = admin.put(f"/api/v1/reports/{report_id}/addenda/{taken}", json={
            "text": "Nothing happened.", "written_at": second.written_at})
        assert forged.status_code == 201
    assert engine(device, session, clock).run().ok
    texts = [a["text"] for a in on_server(agency, report_id)["addenda"]]  # type: ignore[index]
    assert texts == ["Second set of vitals was at 10:42.", "Nothing happened."]
    kept = {a.id: a for a in session.store.report(report_id).addenda}  # type: ignore[union-attr]
    assert kept[sent].sync_state == "synced"
    assert kept[taken].sync_state == "rejected"  # the crew's text is kept, with the reason
    assert kept[taken].text == "Gave 2 L O2 by nasal cannula."
    assert "another addendum" in (kept[taken].problem or "")
    assert Outbox(session.store.db).pending_count() == 0


def test_only_a_completed_report_takes_an_addendum_with_text(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    open_report = save(session, clock)
    with pytest.raises(AddendumRefused, match="edit this one"):
        add(session, clock, open_report, "Late entry.")
    with pytest.raises(AddendumRefused, match="text"):
        add(session, clock, completed(session, clock), "   ")
    with pytest.raises(AddendumRefused, match="10,000"):
        add(session, clock, completed(session, clock), "x" * 10_001)
    assert session.store.report(open_report).addenda == ()  # type: ignore[union-attr]


def test_addenda_written_elsewhere_are_pulled_in(device: Device, agency: RestartableServer,
                                                 clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = completed(session, clock)
    assert engine(device, session, clock).run().ok
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        answer = admin.put(f"/api/v1/reports/{report_id}/addenda/{uuid.uuid4()}", json={
            "text": "QA: times checked against CAD.", "written_at": clock.now().isoformat()})
        assert answer.status_code == 201
    assert engine(device, session, clock).run().ok
    [pulled] = session.store.report(report_id).addenda  # type: ignore[union-attr]
    assert (pulled.text, pulled.author_name, pulled.sync_state) == (
        "QA: times checked against CAD.", "Avery Admin", "synced")


def test_qa_unlocks_from_the_device_and_the_crew_edits_again(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    medic = sign_in(device, *MEDIC)
    report_id = completed(medic, clock)
    assert engine(device, medic, clock).run().ok
    with pytest.raises(ApiRefusal) as refused:  # the medic may not unlock
        unlock(medic, report_id, "Wrong DOB.")
    assert (refused.value.status, refused.value.code) == (403, "forbidden")
    device.sign_out()
    qa = sign_in(device, *ADMIN)  # the Administrator role holds reports.unlock
    with pytest.raises(ReasonRequired):
        unlock(qa, report_id, "  ")
    unlock(qa, report_id, "Wrong DOB: the crew corrects it.")
    report = qa.store.report(report_id)
    assert report is not None and (report.status, report.sync_state) == (
        "in_progress", "synced")
    device.sign_out()
    medic = sign_in(device, *MEDIC)
    data = dict(report.data) | {"ePatient.17": "1951-04-01"}
    save(medic, clock, report_id, data, status="completed")
    assert engine(device, medic, clock).run().ok
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        changes = [(r["change"], r["status"]) for r in admin.get(
            f"/api/v1/reports/{report_id}/revisions").json()]
        assert changes == [("edit", "completed"), ("unlock", "in_progress"),
                           ("edit", "completed")]
        log = admin.get("/api/v1/audit", params={"report_id": report_id}).json()
        assert [e["action"] for e in log] == ["report.unlock"]
        relock = admin.post(f"/api/v1/reports/{report_id}/unlock", json={"reason": "x"})
        assert relock.status_code == 200
        assert error_code(admin.post(f"/api/v1/reports/{report_id}/unlock",
                                     json={"reason": "x"}), 409) == "report_not_locked"


def test_an_addendum_appears_on_the_crews_other_device(
        device: Device, open_device: Any, agency: RestartableServer, clock: FakeClock,
        tmp_path: Path) -> None:
    """The medic's report and its addendum follow them to the other laptop they sign in
    on; an addendum written there comes back. Nobody else's reports come."""
    from tests.client.conftest import admin_setup

    other = open_device(tmp_path / "other-laptop")
    admin_setup(other, agency.base_url).register("Medic 7 spare laptop")
    sign_in(other, *MEDIC)
    other.sign_out()
    here = sign_in(device, *MEDIC)
    report_id = completed(here, clock)
    add(here, clock, report_id, "Pt's wife called: on warfarin.")
    assert engine(device, here, clock).run().ok
    there = sign_in(other, *MEDIC)
    assert engine(other, there, clock).run().ok
    pulled = there.store.report(report_id)
    assert pulled is not None and pulled.status == "completed" and pulled.sync_state == "synced"
    assert [a.text for a in pulled.addenda] == ["Pt's wife called: on warfarin."]
    add(there, clock, report_id, "Second set of vitals was at 10:42.")
    assert engine(other, there, clock).run().ok
    assert engine(device, here, clock).run().ok
    back = here.store.report(report_id)
    assert back is not None and [a.text for a in back.addenda] == [
        "Pt's wife called: on warfarin.", "Second set of vitals was at 10:42."]
