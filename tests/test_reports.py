"""Forms, CAD incidents and report uploads on the server, over real HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.helpers import ADMIN, BASIC, MEDIC, NEIGHBOR, error_code
from tests.support.reports import complete_report, upload_body
from tests.support.server import LiveServer


@pytest.fixture
def medic(server: LiveServer) -> Iterator[httpx.Client]:
    with server.as_user(*MEDIC) as client:
        yield client


def me(client: httpx.Client) -> int:
    user_id: int = client.get("/api/v1/me").json()["id"]
    return user_id


def put(client: httpx.Client, report_id: str, body: dict[str, Any], local_revision: int,
        if_match: int | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": f"{report_id}:{local_revision}"}
    if if_match is not None:
        headers["If-Match"] = f'"{if_match}"'
    return client.put(f"/api/v1/reports/{report_id}", json=body, headers=headers)


def test_form_with_etag(server: LiveServer, medic: httpx.Client) -> None:
    first = medic.get("/api/v1/forms/epcr")
    assert first.status_code == 200
    form = first.json()
    assert (form["form_id"], form["version"]) == ("epcr", 3)  # NEMSIS v3.5.1, signatures
    assert form["nemsis_version"] == "3.5.1.250403CP1"
    etag = first.headers["ETag"]
    again = medic.get("/api/v1/forms/epcr", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert medic.get("/api/v1/forms/epcr/3").json() == form
    assert form["signatures"] and "signatures" not in medic.get("/api/v1/forms/epcr/2").json()
    assert medic.get("/api/v1/forms/epcr/1").json()["version"] == 1  # v1 reports still open
    assert error_code(medic.get("/api/v1/forms/epcr/4"), 404) == "not_found"
    assert error_code(medic.get("/api/v1/forms/nope"), 404) == "not_found"


def test_incidents_with_cursor(server: LiveServer, medic: httpx.Client) -> None:
    page = medic.get("/api/v1/incidents", params={"limit": 15}).json()
    assert len(page["items"]) == 15
    rest = medic.get("/api/v1/incidents", params={"since": page["next_cursor"]}).json()
    assert len(rest["items"]) == 5
    item = rest["items"][0]
    assert set(item) == {"id", "number", "unit", "address", "nature", "dispatched_at",
                         "updated_at"}
    quiet = medic.get("/api/v1/incidents", params={"since": rest["next_cursor"]}).json()
    assert quiet == {"items": [], "next_cursor": rest["next_cursor"]}
    with server.as_user(*ADMIN) as admin:
        added = admin.post("/api/v1/incidents", json={
            "number": "26-009999", "unit": "Medic 9", "address": "1 Pier Rd",
            "nature": "Fall", "dispatched_at": "2026-11-22T08:00:00+00:00"})
        assert added.status_code == 201
    new = medic.get("/api/v1/incidents", params={"since": rest["next_cursor"]}).json()
    assert [i["number"] for i in new["items"]] == ["26-009999"]
    refused = medic.post("/api/v1/incidents", json={"number": "x", "nature": "y",
                                                    "dispatched_at": "2026-11-22T08:00:00Z"})
    assert error_code(refused, 403) == "forbidden"


def test_put_create_replay_and_revise(server: LiveServer, medic: httpx.Client) -> None:
    rid, author = str(uuid.uuid4()), me(medic)
    body = upload_body({"ePatient.02": "Doe", "eNarrative.01": "first"}, author)
    created = put(medic, rid, body, 1)
    assert created.status_code == 201, created.text
    assert created.json()["revision"] == 1 and created.headers["ETag"] == '"1"'
    replay = put(medic, rid, body, 1)  # the network dropped the answer: same request again
    assert (replay.status_code, replay.json()) == (201, created.json())
    reused = put(medic, rid, upload_body({"eNarrative.01": "other"}, author), 1)
    assert error_code(reused, 422) == "idempotency_key_reused"

    second = upload_body({"ePatient.02": "Doe", "eNarrative.01": "second"}, author)
    no_match = put(medic, rid, second, 2)
    assert error_code(no_match, 412) == "conflict"
    assert no_match.json()["error"]["current"]["data"]["eNarrative.01"] == "first"
    revised = put(medic, rid, second, 3, if_match=1)
    assert (revised.status_code, revised.json()["revision"]) == (200, 2)
    history = medic.get(f"/api/v1/reports/{rid}/revisions").json()
    assert [(h["revision"], h["data"]["eNarrative.01"]) for h in history] == [
        (1, "first"), (2, "second")]
    stale = put(medic, rid, upload_body({"eNarrative.01": "stale"}, author), 4, if_match=1)
    assert error_code(stale, 412) == "conflict"
    assert stale.json()["error"]["current"]["revision"] == 2
    assert medic.get(f"/api/v1/reports/{rid}").json()["data"]["eNarrative.01"] == "second"


def test_put_validates_against_the_form_version(server: LiveServer, medic: httpx.Client) -> None:
    rid, author = str(uuid.uuid4()), me(medic)
    draft = put(medic, rid, upload_body({"eScene.19": "123"}, author), 1)
    assert draft.status_code == 201  # a draft may be wrong; it is a draft
    broken = put(medic, str(uuid.uuid4()), upload_body({"eScene.19": 12345}, author), 1)
    assert error_code(broken, 422) == "invalid_report"
    assert broken.json()["error"]["errors"][0]["field"] == "eScene.19"
    incomplete = put(medic, rid, upload_body({"eScene.19": "123"}, author, "completed"), 2,
                     if_match=1)
    assert error_code(incomplete, 422) == "invalid_report"
    assert {"eScene.19", "eTimes.03"} <= {e["field"] for e in incomplete.json()["error"]["errors"]}
    now = server.clock.now()
    done = put(medic, rid, upload_body(complete_report(now), author, "completed", now), 3,
               if_match=1)
    assert done.status_code == 200, done.text
    unknown_version = upload_body({}, author) | {"form_version": 7}
    assert error_code(put(medic, str(uuid.uuid4()), unknown_version, 1), 422) == "invalid_report"
    # The body's author_id is not the server's to believe: the uploader is the author.
    stranger_id = str(uuid.uuid4())
    assert put(medic, stranger_id, upload_body({}, 999999), 1).status_code == 201
    assert medic.get(f"/api/v1/reports/{stranger_id}").json()["author_id"] == author


def test_put_header_problems(server: LiveServer, medic: httpx.Client) -> None:
    rid, body = str(uuid.uuid4()), upload_body({}, me(medic))
    no_key = medic.put(f"/api/v1/reports/{rid}", json=body)
    assert error_code(no_key, 400) == "idempotency_key_required"
    wrong_key = medic.put(f"/api/v1/reports/{rid}", json=body,
                          headers={"Idempotency-Key": f"{uuid.uuid4()}:1"})
    assert error_code(wrong_key, 422) == "invalid_idempotency_key"
    bad_match = medic.put(f"/api/v1/reports/{rid}", json=body,
                          headers={"Idempotency-Key": f"{rid}:1", "If-Match": "soon"})
    assert error_code(bad_match, 400) == "invalid_if_match"
    assert error_code(medic.put("/api/v1/reports/not-a-uuid", json=body,
                                headers={"Idempotency-Key": "x:1"}), 422) == "invalid_request"
    missing = put(medic, rid, body, 1, if_match=3)
    assert error_code(missing, 412) == "conflict"


def test_pull_changes_since_a_cursor(server: LiveServer, medic: httpx.Client) -> None:
    author = me(medic)
    ids = [str(uuid.uuid4()) for _ in range(3)]
    for rid in ids:
        put(medic, rid, upload_body({}, author), 1)
    changes = medic.get("/api/v1/reports").json()
    assert [i["id"] for i in changes["items"]] == ids
    cursor = changes["next_cursor"]
    with server.as_user(*ADMIN) as supervisor:  # a QA edit on the server side
        qa = upload_body({"eNarrative.01": "QA: added times"}, author)
        assert put(supervisor, ids[1], qa, 99, if_match=1).status_code == 200
        supervisor_id = me(supervisor)
    pulled = medic.get("/api/v1/reports", params={"since": cursor}).json()["items"]
    assert [(i["id"], i["revision"], i["updated_by"]) for i in pulled] == [
        (ids[1], 2, supervisor_id)]


def test_batch_has_the_same_semantics_per_report(server: LiveServer,
                                                 medic: httpx.Client) -> None:
    author = me(medic)
    ok, bad = str(uuid.uuid4()), str(uuid.uuid4())
    items = [{"id": ok, "idempotency_key": f"{ok}:1", "report": upload_body({}, author)},
             {"id": bad, "idempotency_key": f"{bad}:1",
              "report": upload_body({"eScene.19": 1}, author)}]
    first = medic.post("/api/v1/reports/batch", json={"items": items}).json()["results"]
    assert [(r["id"], r["status"]) for r in first] == [(ok, 201), (bad, 422)]
    again = medic.post("/api/v1/reports/batch", json={"items": items}).json()["results"]
    assert again == first
    assert medic.get(f"/api/v1/reports/{ok}").json()["revision"] == 1
    assert error_code(medic.get(f"/api/v1/reports/{bad}"), 404) == "not_found"


def test_reports_are_per_agency(server: LiveServer, medic: httpx.Client) -> None:
    rid = str(uuid.uuid4())
    put(medic, rid, upload_body({}, me(medic)), 1)
    with server.as_user(*NEIGHBOR) as neighbor:
        assert error_code(neighbor.get(f"/api/v1/reports/{rid}"), 404) == "not_found"
        assert neighbor.get("/api/v1/reports").json()["items"] == []
        taken = put(neighbor, rid, upload_body({}, me(neighbor)), 1)
        assert error_code(taken, 409) == "id_taken"
        assert len(neighbor.get("/api/v1/incidents").json()["items"]) == 0


def test_crew_endpoints_need_epcr_access(server: LiveServer) -> None:
    with server.as_user(*ADMIN) as admin:
        role = admin.post("/api/v1/roles", json={"name": "Billing", "permissions": []}).json()
        admin.post("/api/v1/users", json={"email": "bill@demo.local", "name": "Bill",
                                          "password": "billing password 1",
                                          "role_ids": [role["id"]]}).raise_for_status()
    with server.as_user("bill@demo.local", "billing password 1") as bill:
        for path in ("/api/v1/forms/epcr", "/api/v1/incidents", "/api/v1/reports"):
            assert error_code(bill.get(path), 403) == "forbidden"
    with server.client() as anonymous:
        assert error_code(anonymous.get("/api/v1/incidents"), 401) == "unauthenticated"
    with server.as_user(*BASIC) as basic:
        assert basic.get("/api/v1/incidents").status_code == 200
