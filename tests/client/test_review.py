"""QA's word reaches the device, against the real server: a returned report comes back
in progress with its comments; an approval (no new revision) is taken too; and the
comments are kept even beside edits the crew has not synced (never lost, never
overwriting theirs)."""

from __future__ import annotations

from typing import Any

from fieldclient.reports.model import ReportStatus, SyncState
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.store import ListQuery
from tests.client.test_signin import sign_in
from tests.client.test_sync import engine, save
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.reports import complete_report

COMMENT = {"field": "eNarrative.01", "text": "Say what the patient said about the fall."}


def decide(agency: RestartableServer, report_id: str, decision: str, revision: int,
           comments: list[dict[str, str]] | None = None) -> dict[str, Any]:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        answer = admin.post(f"/api/v1/reviews/{report_id}", json={
            "decision": decision, "revision": revision, "note": "See the narrative.",
            "comments": comments or []})
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def completed_and_synced(device: Device, session: Session, clock: FakeClock) -> str:
    report_id = save(session, clock, data=complete_report(clock.now()), status="completed")
    assert engine(device, session, clock).run().ok
    return report_id


def test_a_returned_report_comes_back_with_its_comments(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = completed_and_synced(device, session, clock)
    decide(agency, report_id, "returned", 1, [COMMENT])
    assert engine(device, session, clock).run().ok
    report = session.store.report(report_id)
    assert report is not None and report.review is not None
    assert report.status == ReportStatus.IN_PROGRESS and report.sync_state == SyncState.SYNCED
    assert report.review.returned and report.review.reviewer_name == "Avery Admin"
    assert report.review.comments_on("eNarrative.01") == [COMMENT["text"]]
    assert report.review.note == "See the narrative."
    [row] = [r for r in session.store.list_page(ListQuery()) if r.report_id == report_id]
    assert row.review_status == "returned"


def test_an_approval_is_taken_though_it_makes_no_revision(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = completed_and_synced(device, session, clock)
    decide(agency, report_id, "approved", 1)
    assert engine(device, session, clock).run().ok
    report = session.store.report(report_id)
    assert report is not None and report.review is not None
    assert (report.review.status, report.review.decision) == ("approved", "approved")
    assert report.status == ReportStatus.COMPLETED and report.local_revision == 1


def test_comments_reach_a_report_with_unsynced_edits_and_keep_both_sides(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    """The crew reopened nothing (it is locked) but a second copy of it changed here:
    the server's revision is a conflict for the crew to settle, and QA's comments are
    kept all the same."""
    session = sign_in(device, *MEDIC)
    report_id = completed_and_synced(device, session, clock)
    decide(agency, report_id, "returned", 1, [COMMENT])
    agency.stop()
    edited = complete_report(clock.now()) | {"eNarrative.01": "Written here meanwhile."}
    session.store.save_report(report_id, form_id="epcr", form_version=1, data=edited,
                              author_id=session.user.id, now=clock.now(),
                              status="in_progress")
    agency.start()
    engine(device, session, clock).run()
    report = session.store.report(report_id)
    assert report is not None and report.review is not None and report.review.returned
    assert report.data["eNarrative.01"] == "Written here meanwhile."  # theirs never overwrote
    assert report.sync_state == SyncState.CONFLICT
    assert session.store.server_copy(report_id) is not None
