"""Send to destination through the real server and a real SMTP server: the mail holds a
link and no PHI; the link hands the PDF over once, until it expires; the PDF is then
gone from the server; and the attacks (a stranger, another agency, forged and spent
tokens, racing fetches, oversized and non-PDF bodies)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from email.message import EmailMessage

import httpx
import pytest
from sqlalchemy import select

from fieldserver.models import HandoffLink
from tests.helpers import ADMIN, BASIC, MEDIC, NEIGHBOR, error_code
from tests.support.reports import complete_report, upload_body
from tests.support.server import LiveServer
from tests.support.smtp import Inbox
from tests.test_locking import completed_report, me
from tests.test_reports import put

PDF = b"%PDF-1.4\n" + b"0" * 5000 + b"\n%%EOF\n"
ED = "ed.handoff@countygeneral.example"
# What the report says that must never be in the mail: the patient, the PCR and
# incident numbers, the narrative's words.
PHI = ("Jane", "Doe", "PCR-0001", "26-004101", "County General")


def send(client: httpx.Client, report_id: str, to: str = ED, body: bytes = PDF,
         kind: str = "application/pdf") -> httpx.Response:
    return client.post("/api/v1/handoff-links", params={"report_id": report_id, "to": to},
                       content=body, headers={"Content-Type": kind})


def link_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    match = re.search(r"https?://\S+/handoff\?token=(\S+)", body.get_content())
    assert match, "no handoff link in the email"
    return match.group(1)


def fetch(server: LiveServer, token: str) -> httpx.Response:
    with server.client() as anyone:
        return anyone.post("/handoff", data={"token": token})


@pytest.fixture
def medic(server: LiveServer) -> Iterator[httpx.Client]:
    with server.as_user(*MEDIC) as client:
        yield client


def test_the_destination_gets_a_link_that_works_once(server: LiveServer, medic: httpx.Client,
                                                      inbox: Inbox) -> None:
    report_id, _data = completed_report(server, medic)
    sent = send(medic, report_id)
    assert sent.status_code == 201, sent.text
    assert sent.json()["recipient"] == ED
    message = inbox.wait_for(ED)
    text = str(message["Subject"]) + message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "Demo County EMS" in text  # who sent it: the agency, never the patient
    assert not [word for word in PHI if word in text]
    token = link_in(message)
    with server.client() as anyone:
        page = anyone.get("/handoff", params={"token": token})
    assert page.status_code == 200 and "Download the report" in page.text
    assert not [word for word in PHI if word in page.text]
    assert page.headers["Cache-Control"] == "no-store"
    first = fetch(server, token)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/pdf" and first.content == PDF
    again = fetch(server, token)
    assert again.status_code == 410 and "expired or was already used" in again.text
    with server.client() as anyone:
        assert anyone.get("/handoff", params={"token": token}).status_code == 410
    with server.ctx.sessions() as db:  # the PDF is not kept once fetched
        assert db.scalar(select(HandoffLink.pdf)) is None
    with server.as_user(*ADMIN) as admin:
        entries = admin.get("/api/v1/audit", params={"report_id": report_id}).json()
    assert [e["action"] for e in entries].count("report.sent") == 1


def test_an_unfetched_link_expires_and_its_pdf_goes(server: LiveServer, medic: httpx.Client,
                                                   inbox: Inbox) -> None:
    report_id, _data = completed_report(server, medic)
    assert send(medic, report_id).status_code == 201
    token = link_in(inbox.wait_for(ED))
    server.clock.advance(hours=12, seconds=1)
    assert fetch(server, token).status_code == 410
    with server.ctx.sessions() as db:
        assert db.scalar(select(HandoffLink.pdf)) is None


def test_racing_fetches_get_the_pdf_once(server: LiveServer, medic: httpx.Client,
                                         inbox: Inbox) -> None:
    report_id, _data = completed_report(server, medic)
    assert send(medic, report_id).status_code == 201
    token = link_in(inbox.wait_for(ED))
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _i: fetch(server, token), range(8)))
    assert sorted(a.status_code for a in answers) == [200] + [410] * 7


def test_forged_tokens_open_nothing(server: LiveServer) -> None:
    with server.client() as anyone:
        assert anyone.get("/handoff", params={"token": "x" * 43}).status_code == 410
        assert anyone.get("/handoff").status_code == 410
        assert anyone.post("/handoff", data={"token": "x" * 43}).status_code == 410
        assert anyone.post("/handoff", data={"token": "x" * 600}).status_code == 422


def test_only_the_crew_sends_their_report(server: LiveServer, medic: httpx.Client) -> None:
    report_id, _data = completed_report(server, medic)  # lists basic@ as crew
    with server.as_user(*BASIC) as crew:
        assert send(crew, report_id).status_code == 201
    with server.as_user(*NEIGHBOR) as neighbor:
        assert error_code(send(neighbor, report_id), 404) == "not_found"
    with server.client() as anyone:
        assert send(anyone, report_id).status_code == 401
    with server.as_user(*ADMIN) as admin:  # no crew of it, but holds reports.unlock
        assert send(admin, report_id).status_code == 201
        role = admin.post("/api/v1/roles", json={"name": "Crew",
                                                 "permissions": ["epcr.access"]}).json()
        assert admin.post("/api/v1/users", json={
            "email": "other@demo.local", "name": "Other", "password": "Other-Crew-2026!",
            "role_ids": [role["id"]], "send_welcome": False}).status_code == 201
    with server.as_user("other@demo.local", "Other-Crew-2026!") as other:
        assert error_code(send(other, report_id), 403) == "not_your_report"
        assert error_code(other.get(f"/api/v1/reports/{report_id}/destination"),
                          403) == "not_your_report"


@pytest.mark.parametrize(("to", "body", "kind", "status", "code"), [
    ("not-an-email", PDF, "application/pdf", 422, "invalid_email"),
    (ED, b"<html>not a pdf</html>", "application/pdf", 422, "invalid_pdf"),
    (ED, PDF, "text/plain", 415, "unsupported_media_type"),
    (ED, b"%PDF-" + b"0" * (10 * 1024 * 1024), "application/pdf", 413, "payload_too_large"),
    (ED, b"%PDF-" + b"0" * (9 * 1024 * 1024), "application/pdf", 413, "payload_too_large"),
])
def test_bad_sends_are_refused_and_mail_nothing(
        server: LiveServer, medic: httpx.Client, inbox: Inbox, to: str, body: bytes,
        kind: str, status: int, code: str) -> None:
    report_id, _data = completed_report(server, medic)
    assert error_code(send(medic, report_id, to, body, kind), status) == code
    assert error_code(send(medic, str(uuid.uuid4())), 404) == "not_found"
    server.ctx.drain()
    assert inbox.to(ED) == [] and inbox.to(to) == []
    with server.ctx.sessions() as db:
        assert db.scalars(select(HandoffLink)).all() == []


def test_the_destination_address_comes_from_the_agencys_facilities(
        server: LiveServer, medic: httpx.Client) -> None:
    """The report names its destination as a facility of the agency's DEMDataSet (the
    2025-DEM-1 case's); the agency keeps that facility's handoff address by its code."""
    from tests.test_nemsis_api import DEM_1, XML

    children = "Connecticut Children's Medical Center"  # dFacility.03 073300
    data = complete_report(server.clock.now()) | {"eDisposition.01": children}
    report_id = str(uuid.uuid4())
    assert put(medic, report_id, upload_body(data, me(medic), "completed"), 1).status_code == 201
    destination = f"/api/v1/reports/{report_id}/destination"
    assert medic.get(destination).json() == {"name": children, "email": None}
    with server.as_user(*ADMIN) as admin:
        assert admin.put("/api/v1/nemsis/dem", content=DEM_1, headers=XML).status_code == 200
        kept = admin.put("/api/v1/agency/facility-contacts", json={"items": [
            {"code": "073300", "email": "ED.Handoff@CountyGeneral.example"}]})
        assert kept.status_code == 200, kept.text
        listed = {f["code"]: f for f in kept.json()}
        assert listed["073300"] == {"code": "073300", "name": children, "email": ED}
        assert listed["070022"] == {"code": "070022", "name": "Yale New Haven Hospital",
                                    "email": None}
        twice = admin.put("/api/v1/agency/facility-contacts", json={"items": [
            {"code": "A", "email": ED}, {"code": "A", "email": ED}]})
        assert error_code(twice, 422) == "duplicate_code"
        bad = admin.put("/api/v1/agency/facility-contacts", json={"items": [
            {"code": "B", "email": "nope"}]})
        assert bad.status_code == 422
    assert medic.get(destination).json() == {"name": children, "email": ED}
    assert error_code(medic.put("/api/v1/agency/facility-contacts", json={"items": []}),
                      403) == "forbidden"
