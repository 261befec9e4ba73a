"""Devices' audit entries on the server: each kept once, under the user who sends them
(whatever the entry says), only known actions, bounded, and never another agency's."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.helpers import ADMIN, MEDIC, NEIGHBOR, error_code
from tests.support.server import LiveServer


def entry(**change: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "at": "2026-12-03T10:15:00-05:00",
            "action": "report.print", "report_id": str(uuid.uuid4()),
            "detail": "2 pages"} | change


def log(server: LiveServer, report_id: str, who: tuple[str, str] = ADMIN) -> list[dict[str, Any]]:
    with server.as_user(*who) as admin:
        answer: list[dict[str, Any]] = admin.get("/api/v1/audit",
                                                 params={"report_id": report_id}).json()
        return answer


def test_an_entry_is_kept_once_under_the_sender(server: LiveServer) -> None:
    printed = entry(user_id=1)  # an entry naming someone else: not a field it may set
    with server.as_user(*MEDIC) as medic:
        assert error_code(medic.post("/api/v1/audit/events", json={"events": [printed]}),
                          422) == "invalid_request"
        del printed["user_id"]
        assert medic.post("/api/v1/audit/events", json={"events": [printed]}).json() == {
            "kept": 1}
        assert medic.post("/api/v1/audit/events", json={"events": [printed, printed]}).json() \
            == {"kept": 0}  # the answer was lost: sent again, kept once
        me = medic.get("/api/v1/me").json()["id"]
    [kept] = log(server, printed["report_id"])
    assert (kept["action"], kept["user_id"], kept["detail"]) == ("report.print", me, "2 pages")
    assert kept["at"] == "2026-12-03T15:15:00+00:00"
    assert log(server, printed["report_id"], NEIGHBOR) == []  # another agency sees nothing


@pytest.mark.parametrize("bad", [
    {"action": "report.delete"}, {"detail": "x" * 201}, {"at": "2026-12-03T10:15:00"},
    {"report_id": "../../etc"}, {"id": "not-a-uuid"}])
def test_bad_entries_are_refused_and_nothing_is_kept(server: LiveServer,
                                                     bad: dict[str, Any]) -> None:
    good, wrong = entry(), entry(**bad)
    with server.as_user(*MEDIC) as medic:
        answer = medic.post("/api/v1/audit/events", json={"events": [good, wrong]})
        assert error_code(answer, 422) == "invalid_request"
    assert log(server, good["report_id"]) == []


def test_a_batch_is_bounded_and_needs_sign_in(server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        many = [entry() for _ in range(101)]
        assert error_code(medic.post("/api/v1/audit/events", json={"events": many}),
                          422) == "invalid_request"
    anonymous = httpx.post(f"{server.base_url}/api/v1/audit/events", json={"events": [entry()]})
    assert anonymous.status_code == 401
