"""After Complete: locked for everyone, addenda by its crew, unlock with a reason by QA.

Every actor against every action (the permission matrix), through the real server."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.helpers import ADMIN, BASIC, MEDIC, NEIGHBOR, error_code
from tests.support.reports import complete_report, upload_body
from tests.support.server import LiveServer
from tests.test_reports import put

QA = ("qa@demo.local", "QA-reviewer-2026!")
STRANGER = ("stranger@demo.local", "Stranger-2026!!")


@pytest.fixture
def actors(server: LiveServer) -> Iterator[dict[str, httpx.Client]]:
    """The author, a crew member it lists, someone else of the agency, a QA reviewer
    (reports.unlock and nothing else of an admin's), and another agency's administrator."""
    with server.as_user(*ADMIN) as admin:
        role = admin.post("/api/v1/roles", json={
            "name": "QA", "permissions": ["epcr.access", "reports.unlock"]}).json()
        user_role = next(r for r in admin.get("/api/v1/roles").json() if r["name"] == "User")
        for (email, password), role_id in ((QA, role["id"]), (STRANGER, user_role["id"])):
            created = admin.post("/api/v1/users", json={
                "email": email, "name": email.split("@")[0], "password": password,
                "role_ids": [role_id], "send_welcome": False})
            assert created.status_code == 201, created.text
    clients = {name: server.as_user(*who) for name, who in (
        ("author", MEDIC), ("crew", BASIC), ("stranger", STRANGER), ("qa", QA),
        ("neighbor", NEIGHBOR))}
    yield clients
    for client in clients.values():
        client.close()


def me(client: httpx.Client) -> int:
    return int(client.get("/api/v1/me").json()["id"])


def completed_report(server: LiveServer, author: httpx.Client) -> tuple[str, dict[str, Any]]:
    """A completed report by the medic that lists basic@ as crew: revision 1, locked."""
    data = complete_report(server.clock.now())
    data["eCrew"] = [*data["eCrew"], {"eCrew.01": BASIC[0], "eCrew.02": "9925007"}]
    report_id = str(uuid.uuid4())
    answer = put(author, report_id, upload_body(data, me(author), "completed"), 1)
    assert answer.status_code == 201, answer.text
    return report_id, data


def addendum(client: httpx.Client, report_id: str, text: str = "Pt's wife called: on "
             "warfarin.", addendum_id: str | None = None,
             written_at: str = "2026-12-03T08:15:00+00:00") -> httpx.Response:
    return client.put(f"/api/v1/reports/{report_id}/addenda/{addendum_id or uuid.uuid4()}",
                      json={"text": text, "written_at": written_at})


def unlock(client: httpx.Client, report_id: str, reason: str = "Wrong patient DOB; "
           "crew to correct.") -> httpx.Response:
    return client.post(f"/api/v1/reports/{report_id}/unlock", json={"reason": reason})


EDIT = {"author": (403, "report_locked"), "crew": (403, "report_locked"),
        "stranger": (403, "report_locked"), "qa": (403, "report_locked"),
        "neighbor": (409, "id_taken")}
ADD = {"author": (201, None), "crew": (201, None), "stranger": (403, "not_your_report"),
       "qa": (201, None), "neighbor": (404, "not_found")}
UNLOCK = {"author": (403, "forbidden"), "crew": (403, "forbidden"),
          "stranger": (403, "forbidden"), "qa": (200, None), "neighbor": (404, "not_found")}


@pytest.mark.parametrize("who", list(EDIT))
def test_the_permission_matrix_after_complete(server: LiveServer,
                                              actors: dict[str, httpx.Client],
                                              who: str) -> None:
    client = actors[who]
    report_id, data = completed_report(server, actors["author"])
    changed = data | {"eNarrative.01": "Rewritten after the fact."}
    answers = {
        "edit": put(client, report_id, upload_body(changed, me(client), "completed"), 2,
                    if_match=1),
        "add": addendum(client, report_id),
        "unlock": unlock(client, report_id),
    }
    for action, expected in (("edit", EDIT), ("add", ADD), ("unlock", UNLOCK)):
        status, code = expected[who]
        answer = answers[action]
        if code is None:
            assert answer.status_code == status, (action, answer.text)
        else:
            assert error_code(answer, status) == code, action
    held = actors["author"].get(f"/api/v1/reports/{report_id}").json()
    assert held["data"]["eNarrative.01"] == data["eNarrative.01"]  # never rewritten


def test_an_addendum_appends_without_touching_the_report(server: LiveServer,
                                                         actors: dict[str, httpx.Client]) -> None:
    author, crew = actors["author"], actors["crew"]
    report_id, data = completed_report(server, author)
    first_id = str(uuid.uuid4())
    first = addendum(author, report_id, "Pt's wife called: on warfarin.", first_id)
    assert first.status_code == 201, first.text
    assert first.json()["revision"] == 2
    # The device sends it again (its answer was lost): the same addendum, not a second.
    again = addendum(author, report_id, "Pt's wife called: on warfarin.", first_id)
    assert (again.status_code, again.json()) == (200, first.json())
    reused = addendum(author, report_id, "Something else entirely.", first_id)
    assert error_code(reused, 409) == "id_taken"
    assert addendum(crew, report_id, "Second crew member: gave 2 L O2.").status_code == 201
    held = author.get(f"/api/v1/reports/{report_id}").json()
    assert (held["revision"], held["status"], held["data"]) == (3, "completed", data)
    assert [(a["text"], a["author_id"], a["author_name"]) for a in held["addenda"]] == [
        ("Pt's wife called: on warfarin.", me(author), "Morgan Medic"),
        ("Second crew member: gave 2 L O2.", me(crew), "Blake Basic")]
    # Other devices pull it through the change feed, like any revision.
    pulled = author.get("/api/v1/reports", params={"since": 0}).json()["items"]
    assert [len(item["addenda"]) for item in pulled if item["id"] == report_id] == [2]
    history = author.get(f"/api/v1/reports/{report_id}/revisions").json()
    assert [r["change"] for r in history] == ["edit", "addendum", "addendum"]
    assert all(r["data"] == data for r in history)


def test_addenda_need_a_completed_report_and_text(server: LiveServer,
                                                  actors: dict[str, httpx.Client]) -> None:
    author = actors["author"]
    report_id = str(uuid.uuid4())
    assert put(author, report_id, upload_body({}, me(author)), 1).status_code == 201
    assert error_code(addendum(author, report_id), 409) == "report_not_locked"
    done, _ = completed_report(server, author)
    assert error_code(addendum(author, done, text="   "), 422) == "invalid_addendum"
    assert error_code(addendum(author, done, text="x" * 10001), 422) == "invalid_request"
    assert error_code(addendum(author, str(uuid.uuid4())), 404) == "not_found"
    assert addendum(author, done, written_at="yesterday").status_code == 422


def test_unlock_gives_a_reason_and_every_change_after_it_is_kept(
        server: LiveServer, actors: dict[str, httpx.Client]) -> None:
    author, qa = actors["author"], actors["qa"]
    report_id, data = completed_report(server, author)
    assert error_code(unlock(qa, report_id, reason="  "), 422) == "reason_required"
    unlocked = unlock(qa, report_id, reason="DOB was the wrong patient's; crew to fix.")
    assert unlocked.status_code == 200, unlocked.text
    assert (unlocked.json()["status"], unlocked.json()["revision"]) == ("in_progress", 2)
    assert error_code(unlock(qa, report_id), 409) == "report_not_locked"
    # The crew corrects it and completes it again: locked again.
    data["ePatient.17"] = "1951-04-01"
    fixed = put(author, report_id, upload_body(data, me(author), "completed"), 2, if_match=2)
    assert fixed.status_code == 200, fixed.text
    again = put(author, report_id, upload_body(data, me(author), "completed"), 3, if_match=3)
    assert error_code(again, 403) == "report_locked"
    history = qa.get(f"/api/v1/reports/{report_id}/revisions").json()
    assert [(r["change"], r["status"], r["reason"]) for r in history] == [
        ("edit", "completed", None),
        ("unlock", "in_progress", "DOB was the wrong patient's; crew to fix."),
        ("edit", "completed", None)]
    assert history[1]["updated_by"] == me(qa) and history[1]["author_id"] == me(author)
    assert history[2]["data"]["ePatient.17"] == "1951-04-01"


def test_an_unlock_is_in_the_audit_log_without_its_reason(
        server: LiveServer, actors: dict[str, httpx.Client]) -> None:
    report_id, _ = completed_report(server, actors["author"])
    assert unlock(actors["qa"], report_id, reason="Patient name: Jane Doe").status_code == 200
    with server.as_user(*ADMIN) as admin:
        log = admin.get("/api/v1/audit", params={"report_id": report_id}).json()
        assert [(e["action"], e["user_id"], e["report_id"]) for e in log] == [
            ("report.unlock", me(actors["qa"]), report_id)]
        assert "Jane" not in str(log)  # a reason may hold PHI: it stays in the history
        at = datetime.fromisoformat(log[0]["at"])
        assert at == server.clock.now()
    assert error_code(actors["qa"].get("/api/v1/audit"), 403) == "forbidden"
    with server.as_user(*NEIGHBOR) as neighbor:
        assert neighbor.get("/api/v1/audit", params={"report_id": report_id}).json() == []
