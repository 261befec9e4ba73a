"""QA review through the real server: the permission matrix, return with comments, the
crew's correction, approve, the queue's filters and paging, and the attacks (a stale
revision, racing reviewers, forged ids, another agency's report)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, time, timedelta
from typing import Any

import httpx
import pytest

from tests.helpers import ADMIN, BASIC, MEDIC, NEIGHBOR, error_code
from tests.support.reports import complete_report, upload_body
from tests.support.server import LiveServer
from tests.test_locking import completed_report, me
from tests.test_reports import put

REVIEWER = ("reviewer@demo.local", "Reviewer-2026!!")
SECOND = ("second@demo.local", "Second-Reviewer-2026!")
CREW_REVIEWER = ("crewqa@demo.local", "Crew-Reviewer-2026!")
COMMENT = {"field": "eNarrative.01", "text": "Say what the patient said about the fall."}


@pytest.fixture
def actors(server: LiveServer) -> Iterator[dict[str, httpx.Client]]:
    """The author, a listed crew member, two reviewers (reports.review only), a crew
    member who also reviews, and another agency's administrator."""
    with server.as_user(*ADMIN) as admin:
        roles = {name: admin.post("/api/v1/roles", json={
            "name": name, "permissions": keys}).json()["id"]
            for name, keys in (("QA review", ["reports.review"]),
                               ("Crew QA", ["epcr.access", "reports.review"]))}
        for (email, password), role in ((REVIEWER, "QA review"), (SECOND, "QA review"),
                                        (CREW_REVIEWER, "Crew QA")):
            created = admin.post("/api/v1/users", json={
                "email": email, "name": email.split("@")[0].title(), "password": password,
                "role_ids": [roles[role]], "send_welcome": False})
            assert created.status_code == 201, created.text
    clients = {name: server.as_user(*who) for name, who in (
        ("author", MEDIC), ("crew", BASIC), ("reviewer", REVIEWER), ("second", SECOND),
        ("crew_reviewer", CREW_REVIEWER), ("neighbor", NEIGHBOR))}
    yield clients
    for client in clients.values():
        client.close()


def decide(client: httpx.Client, report_id: str, decision: str, revision: int,
           comments: list[dict[str, str]] | None = None, note: str = "") -> httpx.Response:
    return client.post(f"/api/v1/reviews/{report_id}", json={
        "decision": decision, "revision": revision, "note": note,
        "comments": comments or []})


def pulled(client: httpx.Client, report_id: str) -> dict[str, Any]:
    """The report as a device's pull gives it."""
    items = client.get("/api/v1/reports", params={"since": 0, "limit": 500}).json()["items"]
    return next(i for i in items if i["id"] == report_id)


def queue(client: httpx.Client, **params: Any) -> dict[str, Any]:
    answer = client.get("/api/v1/reviews", params=params)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


DECIDE = {"author": (403, "forbidden"), "crew": (403, "forbidden"),
          "reviewer": (200, None), "neighbor": (404, "not_found")}


@pytest.mark.parametrize("who", list(DECIDE))
def test_the_permission_matrix_of_review(server: LiveServer, actors: dict[str, httpx.Client],
                                         who: str) -> None:
    report_id, _data = completed_report(server, actors["author"])
    client = actors[who]
    status, code = DECIDE[who]
    read = client.get(f"/api/v1/reviews/{report_id}")
    listed = client.get("/api/v1/reviews")
    answer = decide(client, report_id, "approved", 1)
    if code is None:
        assert answer.status_code == status, answer.text
        assert read.status_code == 200 and listed.status_code == 200
        assert report_id in [i["id"] for i in listed.json()["items"]]
    else:
        assert error_code(answer, status) == code
        assert error_code(read, status) == code
        if who == "neighbor":  # their own agency's queue, which does not hold it
            assert report_id not in [i["id"] for i in listed.json()["items"]]
        else:
            assert error_code(listed, 403) == "forbidden"
    expected = "approved" if code is None else "awaiting"
    assert pulled(actors["author"], report_id)["review"]["status"] == expected


def test_nobody_reviews_their_own_report(server: LiveServer,
                                         actors: dict[str, httpx.Client]) -> None:
    report_id, _data = completed_report(server, actors["crew_reviewer"])
    answer = decide(actors["crew_reviewer"], report_id, "approved", 1)
    assert error_code(answer, 403) == "own_report"
    assert decide(actors["reviewer"], report_id, "approved", 1).status_code == 200


def test_return_correct_resubmit_approve(server: LiveServer,
                                         actors: dict[str, httpx.Client]) -> None:
    author, reviewer = actors["author"], actors["reviewer"]
    report_id, data = completed_report(server, author)
    waiting = queue(reviewer)
    assert [i["id"] for i in waiting["items"]] == [report_id]
    assert waiting["items"][0]["review_status"] == "awaiting"
    fields = reviewer.get(f"/api/v1/reviews/{report_id}").json()["fields"]
    narrative = next(f for f in fields if f["key"] == "eNarrative.01")
    assert narrative["text"] == data["eNarrative.01"]
    cursor = author.get("/api/v1/reports", params={"since": 0}).json()["next_cursor"]

    returned = decide(reviewer, report_id, "returned", 1, [COMMENT], "See the narrative.")
    assert returned.status_code == 200, returned.text
    # The author's device pulls it: in progress again, with the comment on its field.
    changes = author.get("/api/v1/reports", params={"since": cursor}).json()["items"]
    assert [c["id"] for c in changes] == [report_id]
    back = changes[0]
    assert (back["status"], back["revision"]) == ("in_progress", 2)
    assert back["review"]["status"] == "returned"
    assert back["review"]["last"]["comments"] == [COMMENT]
    assert back["review"]["last"]["note"] == "See the narrative."
    assert back["review"]["last"]["reviewer_name"] == "Reviewer"
    assert queue(reviewer)["total"] == 0
    assert [i["id"] for i in queue(reviewer, status="returned")["items"]] == [report_id]
    history = author.get(f"/api/v1/reports/{report_id}/revisions").json()
    assert (history[-1]["change"], history[-1]["reason"]) == ("returned", "See the narrative.")

    corrected = data | {"eNarrative.01": data["eNarrative.01"] + " Pt states she tripped."}
    resubmit = put(author, report_id, upload_body(corrected, me(author), "completed"), 3,
                   if_match=2)
    assert resubmit.status_code == 200, resubmit.text
    again = pulled(author, report_id)
    assert (again["revision"], again["review"]["status"]) == (3, "awaiting")
    assert decide(reviewer, report_id, "approved", 2).status_code == 412  # read it again
    approved = decide(reviewer, report_id, "approved", 3)
    assert approved.status_code == 200, approved.text
    done = pulled(author, report_id)
    assert (done["status"], done["revision"]) == ("completed", 3)  # approval is no edit
    assert done["review"]["status"] == "approved"
    assert [r["decision"] for r in reviewer.get(f"/api/v1/reviews/{report_id}")
            .json()["reviews"]] == ["returned", "approved"]
    with server.as_user(*ADMIN) as admin:
        actions = [e["action"] for e in admin.get(
            "/api/v1/audit", params={"report_id": report_id}).json()]
    assert {"report.returned", "report.approved"} <= set(actions)


def test_a_decision_is_taken_once(server: LiveServer,
                                  actors: dict[str, httpx.Client]) -> None:
    report_id, _data = completed_report(server, actors["author"])
    assert decide(actors["reviewer"], report_id, "approved", 1).status_code == 200
    again = decide(actors["second"], report_id, "returned", 1, [COMMENT])
    assert error_code(again, 409) == "not_awaiting_review"
    assert pulled(actors["author"], report_id)["status"] == "completed"


def test_racing_reviewers_make_one_decision(server: LiveServer,
                                            actors: dict[str, httpx.Client]) -> None:
    """Two reviewers press at once, many times: exactly one decision each time."""
    tokens = [server.token(*REVIEWER), server.token(*SECOND)]
    for _round in range(4):
        report_id, _data = completed_report(server, actors["author"])

        def press(i: int, report_id: str = report_id) -> int:
            with server.client(tokens[i % 2]) as c:
                verdict = "approved" if i % 2 else "returned"
                return decide(c, report_id, verdict, 1, [COMMENT]).status_code

        with ThreadPoolExecutor(4) as pool:
            statuses = sorted(pool.map(press, range(4)))
        assert statuses == [200, 409, 409, 409]
        reviews = actors["reviewer"].get(f"/api/v1/reviews/{report_id}").json()["reviews"]
        assert len(reviews) == 1


@pytest.mark.parametrize(("body", "status", "code"), [
    ({"decision": "returned", "revision": 1}, 422, "comments_required"),
    ({"decision": "returned", "revision": 1,
      "comments": [{"field": "eNotAField.99", "text": "?"}]}, 422, "unknown_field"),
    ({"decision": "returned", "revision": 1, "comments": [{"field": "x", "text": ""}]},
     422, "invalid_request"),
    ({"decision": "deleted", "revision": 1}, 422, "invalid_request"),
    ({"decision": "approved", "revision": 1, "note": "x" * 4001}, 422, "invalid_request"),
    ({"decision": "approved", "revision": 1,
      "comments": [COMMENT] * 101}, 422, "invalid_request"),
    ({"decision": "approved", "revision": 7}, 412, "conflict"),
])
def test_bad_decisions_are_refused_and_change_nothing(
        server: LiveServer, actors: dict[str, httpx.Client], body: dict[str, Any],
        status: int, code: str) -> None:
    report_id, _data = completed_report(server, actors["author"])
    answer = actors["reviewer"].post(f"/api/v1/reviews/{report_id}", json=body)
    assert error_code(answer, status) == code
    assert pulled(actors["author"], report_id)["review"]["status"] == "awaiting"


def test_forged_and_unknown_ids(actors: dict[str, httpx.Client]) -> None:
    reviewer = actors["reviewer"]
    assert error_code(decide(reviewer, str(uuid.uuid4()), "approved", 1), 404) == "not_found"
    assert reviewer.get("/api/v1/reviews/not-a-uuid").status_code == 422


def test_an_in_progress_report_is_not_in_the_queue(server: LiveServer,
                                                   actors: dict[str, httpx.Client]) -> None:
    author = actors["author"]
    report_id = str(uuid.uuid4())
    draft = upload_body(complete_report(server.clock.now()), me(author))
    assert put(author, report_id, draft, 1).status_code == 201
    assert report_id not in [i["id"] for i in queue(actors["reviewer"])["items"]]
    assert error_code(decide(actors["reviewer"], report_id, "approved", 1),
                      409) == "not_awaiting_review"


def _completed(server: LiveServer, author: httpx.Client, unit: str) -> str:
    server.clock.advance(seconds=1)  # one Complete after the other
    data = complete_report(server.clock.now()) | {"eResponse.14": unit}
    report_id = str(uuid.uuid4())
    answer = put(author, report_id, upload_body(data, me(author), "completed"), 1)
    assert answer.status_code == 201, answer.text
    return report_id


def test_the_queue_filters_and_pages_on_the_server(server: LiveServer,
                                                   actors: dict[str, httpx.Client]) -> None:
    author = actors["author"]
    if server.clock.now().time() > time(23, 58):
        server.clock.advance(minutes=3)  # the first day's reports all on one day
    first_day = server.clock.now()
    medic7 = [_completed(server, author, "Medic 7") for _ in range(5)]
    server.clock.advance(days=2)  # the sessions expire: sign in again
    with server.as_user(*MEDIC) as author, server.as_user(*REVIEWER) as reviewer:
        later = [_completed(server, author, "Medic 9") for _ in range(3)]
        assert decide(reviewer, later[0], "approved", 1).status_code == 200
        _check_queue(reviewer, first_day, medic7, later)


def _check_queue(reviewer: httpx.Client, first_day: datetime, medic7: list[str],
                 later: list[str]) -> None:
    page = queue(reviewer, limit=3)
    assert (page["total"], len(page["items"])) == (7, 3)
    rest = queue(reviewer, limit=3, offset=3)["items"] + queue(reviewer, limit=3,
                                                               offset=6)["items"]
    seen = [i["id"] for i in page["items"] + rest]
    assert seen == medic7 + later[1:]  # oldest Complete first, each once
    assert [i["id"] for i in queue(reviewer, unit="medic 9")["items"]] == later[1:]
    assert [i["id"] for i in queue(reviewer, status="approved")["items"]] == [later[0]]
    assert queue(reviewer, status="all")["total"] == 8
    day = first_day.date().isoformat()
    assert queue(reviewer, since=day, until=day)["total"] == 5
    after = (first_day + timedelta(days=1)).date().isoformat()
    assert queue(reviewer, since=after)["total"] == 2
    bad = reviewer.get("/api/v1/reviews", params={"since": after, "until": day})
    assert error_code(bad, 422) == "invalid_dates"
    assert reviewer.get("/api/v1/reviews", params={"limit": 201}).status_code == 422
    assert reviewer.get("/api/v1/reviews", params={"status": "mine"}).status_code == 422
