"""Signatures on the server: kept once each, never a revision, refused when forged,
oversized or not what the form's block takes; exported as NEMSIS eOther.SignatureGroup."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from fieldforms import epcr_v3, signatures
from fieldforms.nemsis.checks import checker, parse
from tests.helpers import ADMIN, error_code
from tests.support.nemsis import case_report
from tests.support.png import b64, forged_header, png
from tests.support.reports import upload_body
from tests.support.server import LiveServer
from tests.test_locking import actors, me  # noqa: F401  (actors is a fixture)
from tests.test_nemsis_api import BASICS
from tests.test_reports import put

NS = {"n": "http://www.nemsis.org"}
CASE = "2025-EMS-1-Overdose_v351"


def v3_report(server: LiveServer, author: httpx.Client, status: str = "in_progress",
              crew: str | None = None) -> tuple[str, dict[str, Any]]:
    data = case_report(CASE, server.clock.now(), ("Ann", "Lee"))
    if crew is not None:
        data["eCrew.CrewGroup"] = [*data.get("eCrew.CrewGroup", []), {"eCrew.01": crew}]
    report_id = str(uuid.uuid4())
    body = upload_body(data, me(author), status) | {"form_version": epcr_v3.VERSION}
    answer = put(author, report_id, body, 1)
    assert answer.status_code == 201, answer.text
    return report_id, data


def signature(data: dict[str, Any], **change: Any) -> dict[str, Any]:
    return {"block": "transfer_of_care", "signer_type": epcr_v3.HEALTHCARE,
            "reasons": ["4513007"], "status": signatures.SIGNED, "first_name": "Rosa",
            "last_name": "Diaz", "signed_at": "2026-12-03T10:05:00-05:00",
            "signed_revision": 1, "signed_data": data, "image": b64(png())} | change


def sign(client: httpx.Client, report_id: str, body: dict[str, Any],
         signature_id: str | None = None) -> httpx.Response:
    return client.put(f"/api/v1/reports/{report_id}/signatures/{signature_id or uuid.uuid4()}",
                      json=body)


SIGN = {"author": (201, None), "crew": (201, None), "stranger": (403, "not_your_report"),
        "qa": (201, None), "neighbor": (404, "not_found")}


@pytest.mark.parametrize("who", list(SIGN))
def test_who_may_add_a_signature(server: LiveServer, actors: dict[str, httpx.Client],  # noqa: F811
                                 who: str) -> None:
    report_id, data = v3_report(server, actors["author"], "completed", crew="basic@demo.local")
    status, code = SIGN[who]
    answer = sign(actors[who], report_id, signature(data))
    if code is None:
        assert answer.status_code == status, answer.text
    else:
        assert error_code(answer, status) == code


def test_a_signature_is_kept_once_and_is_not_a_revision(server: LiveServer,
                                                        actors: dict[str, httpx.Client]  # noqa: F811
                                                        ) -> None:
    author = actors["author"]
    report_id, data = v3_report(server, author)
    cursor = author.get("/api/v1/reports").json()["next_cursor"]
    signature_id = str(uuid.uuid4())
    body = signature(data)
    assert sign(author, report_id, body, signature_id).status_code == 201
    assert sign(author, report_id, body, signature_id).status_code == 200  # answer lost
    held = author.get(f"/api/v1/reports/{report_id}").json()
    assert held["revision"] == 1  # the crew's next upload still names revision 1
    [kept] = held["signatures"]
    assert kept["id"] == signature_id and kept["image"] == body["image"]
    assert kept["signed_data"] == data and kept["collected_by"] == me(author)
    assert kept["signed_at"] == "2026-12-03T15:05:00+00:00"
    pulled = author.get("/api/v1/reports", params={"since": cursor}).json()["items"]
    assert [r["id"] for r in pulled] == [report_id]  # devices pull it
    edited = data | {"eNarrative.01": "Handed over to ED bay 4."}
    body2 = upload_body(edited, me(author)) | {"form_version": 3}
    assert put(author, report_id, body2, 2, if_match=1).status_code == 200  # no conflict
    history = author.get(f"/api/v1/reports/{report_id}/revisions").json()
    assert [r["change"] for r in history] == ["edit", "edit"]


def test_a_used_id_with_other_content_is_refused(server: LiveServer,
                                                 actors: dict[str, httpx.Client]  # noqa: F811
                                                 ) -> None:
    report_id, data = v3_report(server, actors["author"], crew="basic@demo.local")
    signature_id = str(uuid.uuid4())
    assert sign(actors["author"], report_id, signature(data), signature_id).status_code == 201
    forged = signature(data, image=b64(png(200, 80)), last_name="Nobody")
    assert error_code(sign(actors["crew"], report_id, forged, signature_id), 409) == "id_taken"
    other_id, _ = v3_report(server, actors["author"])
    moved = sign(actors["author"], other_id, signature(data), signature_id)
    assert error_code(moved, 409) == "id_taken"
    [kept] = actors["author"].get(f"/api/v1/reports/{report_id}").json()["signatures"]
    assert kept["last_name"] == "Diaz"


@pytest.mark.parametrize(("change", "words"), [
    ({"block": "no_such_block"}, "no such signature block"),
    ({"signer_type": epcr_v3.PATIENT}, "not signed by that type"),
    ({"reasons": ["4513999"]}, "not NEMSIS signature reasons"),
    ({"relationship": "4514999"}, "representative type"),
    ({"image": None}, "needs its image"),
    ({"image": b64(b"GIF89a" + b"\0" * 40)}, "not a PNG"),
    ({"image": "not base64 at all!"}, "not base64"),
    ({"image": b64(forged_header(60000, 60000))}, "at most 2000 by 1000 pixels"),
    ({"image": b64(png(2000, 1000)[:8] + b"\0" * 270_000)}, "at most 256 KiB"),
    ({"status": "4515019"}, "marked not signed has no image"),
    ({"last_name": ""}, "last name"),
    ({"signed_at": "2026-12-03T10:05:00"}, "timezone offset"),
    ({"block": "addendum", "signer_type": "4512001", "reasons": ["4513023"]}, "names its "
     "addendum"),
])
def test_a_signature_the_block_does_not_take_is_refused(
        server: LiveServer, actors: dict[str, httpx.Client],  # noqa: F811
        change: dict[str, Any], words: str) -> None:
    report_id, data = v3_report(server, actors["author"])
    answer = sign(actors["author"], report_id, signature(data, **change))
    assert error_code(answer, 422) == "invalid_signature"
    assert words in answer.json()["error"]["message"]
    assert actors["author"].get(f"/api/v1/reports/{report_id}").json()["signatures"] == []


def test_not_signed_with_a_reason_is_kept_without_an_image(
        server: LiveServer, actors: dict[str, httpx.Client]) -> None:  # noqa: F811
    report_id, data = v3_report(server, actors["author"])
    body = signature(data, status="4515021", image=None, first_name="", last_name="")
    assert sign(actors["author"], report_id, body).status_code == 201


def test_a_v2_report_has_no_blocks(server: LiveServer,
                                   actors: dict[str, httpx.Client]) -> None:  # noqa: F811
    author = actors["author"]
    data = case_report(CASE, server.clock.now())
    report_id = str(uuid.uuid4())
    assert put(author, report_id, upload_body(data, me(author)) | {"form_version": 2},
               1).status_code == 201
    assert error_code(sign(author, report_id, signature(data)), 422) == "invalid_signature"


def test_signatures_export_as_eother_and_pass_the_xsd_and_schematron(
        server: LiveServer, actors: dict[str, httpx.Client]) -> None:  # noqa: F811
    author = actors["author"]
    with server.as_user(*ADMIN) as admin:
        assert admin.put("/api/v1/nemsis/agency", json=BASICS).status_code == 200
    report_id, data = v3_report(server, author, "completed")
    sign(author, report_id, signature(data))
    sign(author, report_id, signature(data, block="hipaa_billing", signer_type="4512017",
                                      relationship="4514005", reasons=["4513001", "4513005"],
                                      first_name="Mia", last_name="Lee"))
    answer = author.get(f"/api/v1/reports/{report_id}/nemsis")
    assert answer.status_code == 200, answer.text
    tree = parse(answer.content)
    assert [str(f) for f in checker().check(tree) if f.severity == "error"] == []
    groups = tree.xpath("//n:eOther.SignatureGroup", namespaces=NS)
    assert [g.findtext("n:eOther.20", namespaces=NS) for g in groups] == ["Diaz", "Lee"]
    assert [g.xpath("n:eOther.13/text()", namespaces=NS) for g in groups] == [
        ["4513007"], ["4513001", "4513005"]]
    assert groups[1].findtext("n:eOther.14", namespaces=NS) == "4514005"
    assert groups[0].findtext("n:eOther.18", namespaces=NS) == b64(png())
    assert groups[0].findtext("n:eOther.17", namespaces=NS) == "png"
    assert groups[0].findtext("n:eOther.19", namespaces=NS) == "2026-12-03T15:05:00+00:00"
