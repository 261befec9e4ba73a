"""Signatures on the device, against the real server: given offline, bound to the
revision they signed, sent exactly once after their report, a forged id never replacing
the crew's, and refused ones kept with the reason."""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

import pytest

from fieldclient.reports.model import Given, Signature
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.signatures import SignatureRefused
from fieldclient.sync.outbox import Outbox
from fieldforms import epcr_v3, signatures
from tests.client.test_signin import sign_in
from tests.client.test_sync import engine, history, on_server
from tests.helpers import ADMIN, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.png import b64, png

NURSE = Given(block="transfer_of_care", signer_type=epcr_v3.HEALTHCARE, reasons=("4513007",),
              status=signatures.SIGNED, first_name="Rosa", last_name="Diaz", image=png())
DATA = {"eRecord.01": "PCR-0001", "ePatient.02": "Lee", "eNarrative.01": "Handed over."}


def form(session: Session) -> dict[str, Any]:
    held = session.store.form("epcr", epcr_v3.VERSION)
    assert held is not None
    return held


def sign(session: Session, clock: FakeClock, report_id: str, data: dict[str, Any],
         given: Given = NURSE, status: str = "in_progress") -> Signature:
    return session.store.sign(report_id, given, form(session), data=data, status=status,
                              author_id=session.user.id, now=clock.now())


def test_a_signature_given_offline_goes_once_after_its_report(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    given = sign(session, clock, report_id, DATA)  # a new report: saved first, then signed
    report = session.store.report(report_id)
    assert report is not None and report.local_revision == given.signed_revision == 1
    assert report.data == DATA and [s.id for s in report.signatures] == [given.id]
    assert Outbox(session.store.db).pending_count() == 2
    assert session.store.unsynced_counts() == (2, 0)
    assert not engine(device, session, clock).run().ok
    agency.start()
    assert engine(device, session, clock).run().ok  # the report, then its signature
    assert engine(device, session, clock).run().ok  # pulled back: the same one
    held = on_server(agency, report_id)
    assert held is not None
    [kept] = held["signatures"]
    assert kept["id"] == given.id and kept["image"] == b64(png())
    assert kept["signed_data"] == DATA and kept["signed_revision"] == 1
    assert [r["change"] for r in history(agency, report_id)] == ["edit"]
    [here] = session.store.report(report_id).signatures  # type: ignore[union-attr]
    assert here.sync_state == "synced" and here.given == NURSE
    assert Outbox(session.store.db).pending_count() == 0


def test_signing_binds_to_the_revision_and_an_edit_after_it_is_named(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    first = sign(session, clock, report_id, DATA)
    again = sign(session, clock, report_id, DATA, NURSE)  # nothing changed: no new revision
    assert first.signed_revision == again.signed_revision == 1
    edited = DATA | {"ePatient.02": "Li"}
    later = sign(session, clock, report_id, edited)
    assert later.signed_revision == 2
    report = session.store.report(report_id)
    assert report is not None and report.local_revision == 2
    found = signatures.changes(form(session), first.signed_data, report.data)
    assert [(c.label, c.before, c.after) for c in found] == [("Last Name", "Lee", "Li")]
    assert signatures.changes(form(session), later.signed_data, report.data) == []


@pytest.mark.parametrize(("given", "words"), [
    (Given("transfer_of_care", epcr_v3.HEALTHCARE, ("4513007",), signatures.SIGNED,
           "Rosa", "", image=png()), "last name"),
    (Given("transfer_of_care", epcr_v3.HEALTHCARE, ("4513007",), signatures.SIGNED,
           "Rosa", "Diaz"), "needs its image"),
    (Given("transfer_of_care", epcr_v3.WITNESS, ("4513007",), signatures.SIGNED,
           "Rosa", "Diaz", image=png()), "not signed by that type"),
    (Given("nope", epcr_v3.WITNESS, ("4513007",), signatures.SIGNED, "R", "D",
           image=png()), "no such signature block"),
])
def test_a_signature_the_block_does_not_take_is_not_kept(
        device: Device, agency: RestartableServer, clock: FakeClock, given: Given,
        words: str) -> None:
    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    with pytest.raises(SignatureRefused, match=words):
        sign(session, clock, report_id, DATA, given)
    assert session.store.report(report_id) is None  # nothing half-written


def test_a_forged_signature_id_never_replaces_the_crews(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    session.store.save_report(report_id, form_id="epcr", form_version=3, data=DATA,
                              author_id=session.user.id, now=clock.now())
    assert engine(device, session, clock).run().ok
    ours = sign(session, clock, report_id, DATA)  # the same data: revision 1, still synced
    forged = Signature(ours.id, report_id, replace(NURSE, last_name="Nobody",
                                                   image=png(120, 40)), ours.signed_at, 1, DATA)
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:  # someone who learnt the id, first
        assert admin.put(f"/api/v1/reports/{report_id}/signatures/{ours.id}",
                         json=forged.upload()).status_code == 201
    assert engine(device, session, clock).run().ok
    [kept] = session.store.report(report_id).signatures  # type: ignore[union-attr]
    assert kept.sync_state == "rejected" and kept.given == NURSE  # the crew's is kept
    assert "another signature under this one's id" in (kept.problem or "")
    [held] = on_server(agency, report_id)["signatures"]  # type: ignore[index]
    assert held["last_name"] == "Nobody"  # and shown as not accepted, for the crew to see


def test_an_addendum_is_kept_with_its_authors_signature_or_not_at_all(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    from tests.support.nemsis import case_report

    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    session.store.save_report(report_id, form_id="epcr", form_version=3,
                              data=case_report("2025-EMS-1-Overdose_v351", clock.now()),
                              author_id=session.user.id, now=clock.now(), status="completed")
    assert engine(device, session, clock).run().ok
    author = Given(signatures.ADDENDUM_BLOCK, signatures.ADDENDUM_SIGNER,
                   (signatures.ADDENDUM_REASON,), signatures.SIGNED, "Morgan", "Medic",
                   image=png())
    wrong = replace(author, signer_type=epcr_v3.WITNESS)
    with pytest.raises(SignatureRefused, match="not signed by that type"):
        session.store.add_signed_addendum(report_id, "Pt's wife called.", wrong, form(session),
                                          author_id=session.user.id,
                                          author_name=session.user.name, now=clock.now())
    assert session.store.report(report_id).addenda == ()  # type: ignore[union-attr]
    addendum = session.store.add_signed_addendum(
        report_id, "Pt's wife called.", author, form(session), author_id=session.user.id,
        author_name=session.user.name, now=clock.now())
    assert engine(device, session, clock).run().ok  # the addendum, then its signature
    held = on_server(agency, report_id)
    assert held is not None and [a["id"] for a in held["addenda"]] == [addendum.id]
    [signed] = held["signatures"]
    assert signed["addendum_id"] == addendum.id and signed["block"] == "addendum"


def test_signing_a_locked_report_never_saves_it_again(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    """The nurse signs after Complete: the signature is of the locked revision, whatever
    the screen held (a new revision would be refused by the server, and the report with
    it)."""
    from tests.support.nemsis import case_report

    session = sign_in(device, *MEDIC)
    report_id = str(uuid.uuid4())
    data = case_report("2025-EMS-1-Overdose_v351", clock.now())
    session.store.save_report(report_id, form_id="epcr", form_version=3, data=data,
                              author_id=session.user.id, now=clock.now(), status="completed")
    assert engine(device, session, clock).run().ok
    given = sign(session, clock, report_id, data | {"eNarrative.01": "Not what was locked."},
                 status="completed")
    assert (given.signed_revision, given.signed_data) == (1, data)
    report = session.store.report(report_id)
    assert report is not None and report.local_revision == 1 and report.sync_state == "synced"
    assert Outbox(session.store.db).pending_count() == 1  # the signature, nothing else
    assert engine(device, session, clock).run().ok
    assert [s["id"] for s in on_server(agency, report_id)["signatures"]] == [given.id]  # type: ignore[index]
