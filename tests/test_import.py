"""Bulk import of users from CSV and XLSX: all or nothing, with errors by row and column."""

from __future__ import annotations

import io
import zipfile

import httpx
import pytest
from openpyxl import Workbook, load_workbook

from tests.helpers import GOOD_PASSWORD, error_code
from tests.support.server import LiveServer, link_in
from tests.support.smtp import Inbox

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def rows(n: int, start: int = 0) -> list[list[str]]:
    return [[f"crew{i}@demo.local", f"Crew Member {i}", "User"] for i in range(start, start + n)]


def csv_bytes(header: list[str], body: list[list[str]]) -> bytes:
    lines = [",".join(header), *(",".join(r) for r in body)]
    return ("\r\n".join(lines) + "\r\n").encode()


def xlsx_bytes(header: list[str], body: list[list[str]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in body:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def upload(admin: httpx.Client, data: bytes, name: str, **form: str) -> httpx.Response:
    media = XLSX if name.endswith(".xlsx") else "text/csv"
    return admin.post("/api/v1/users/import", files={"file": (name, data, media)},
                      data={"send_welcome": "false", **form}, timeout=60)


def total(admin: httpx.Client) -> int:
    count: int = admin.get("/api/v1/users").json()["total"]
    return count


@pytest.mark.parametrize(("maker", "name"), [(csv_bytes, "users.csv"), (xlsx_bytes, "users.xlsx")])
def test_thousand_rows_import_cleanly(admin: httpx.Client, maker, name: str) -> None:  # type: ignore[no-untyped-def]
    response = upload(admin, maker(["email", "name", "role"], rows(1000)), name)
    assert response.status_code == 200, response.text[:500]
    body = response.json()
    assert body["errors"] == []
    assert len(body["created"]) == 1000
    assert body["created"][0]["row"] == 2 and body["created"][-1]["row"] == 1001
    assert total(admin) == 1005
    found = admin.get("/api/v1/users", params={"email": "crew999@"}).json()["items"]
    assert found[0]["name"] == "Crew Member 999"
    assert [r["name"] for r in found[0]["roles"]] == ["User"]


@pytest.mark.parametrize(("maker", "name"), [(csv_bytes, "users.csv"), (xlsx_bytes, "users.xlsx")])
def test_one_bad_row_creates_nothing_and_is_named(admin: httpx.Client, maker, name: str) -> None:  # type: ignore[no-untyped-def]
    body = rows(1000)
    body[499][0] = "not-an-email"
    response = upload(admin, maker(["email", "name", "role"], body), name)
    assert error_code(response, 422) == "import_invalid"
    assert response.json()["created"] == []
    assert response.json()["errors"] == [
        {"row": 501, "column": "email", "message": "This is not a valid email address."}]
    assert total(admin) == 5


def test_every_kind_of_row_problem_is_reported(admin: httpx.Client) -> None:
    body = [
        ["ok@demo.local", "Okay", "User"],
        ["OK@demo.local", "Duplicate", "User"],
        ["medic@demo.local", "Taken", "User"],
        ["x@demo.local", "", "User"],
        ["y@demo.local", "Why", "Astronaut"],
        ["z@demo.local", "Zed", ""],
        ["p@demo.local", "Pat", "User", "password"],
    ]
    response = upload(admin, csv_bytes(["email", "name", "role", "password"], body), "u.csv")
    errors = {(e["row"], e["column"]) for e in response.json()["errors"]}
    assert errors == {(3, "email"), (4, "email"), (5, "name"), (6, "role"), (7, "role"),
                      (8, "password")}
    assert total(admin) == 5


def test_header_problems(admin: httpx.Client) -> None:
    missing = upload(admin, csv_bytes(["email", "name"], [["a@demo.local", "A"]]), "u.csv")
    assert missing.json()["errors"] == [
        {"row": 1, "column": "role", "message": "The column 'role' is missing."}]
    unknown = upload(admin, csv_bytes(["email", "name", "role", "shoe size"],
                                      [["a@demo.local", "A", "User", "9"]]), "u.csv")
    assert unknown.json()["errors"][0]["column"] == "shoe size"
    empty = upload(admin, b"", "u.csv")
    assert error_code(empty, 422) == "import_invalid"


def test_dry_run_checks_without_creating(admin: httpx.Client) -> None:
    data = csv_bytes(["email", "name", "role"], rows(3))
    dry = upload(admin, data, "u.csv", dry_run="true")
    assert dry.status_code == 200
    assert dry.json()["dry_run"] is True and dry.json()["created"] == []
    assert [p["row"] for p in dry.json()["preview"]] == [2, 3, 4]
    assert total(admin) == 5
    assert len(upload(admin, data, "u.csv").json()["created"]) == 3


def test_import_with_passwords_and_welcome_emails(
    server: LiveServer, admin: httpx.Client, inbox: Inbox
) -> None:
    data = csv_bytes(["email", "name", "role", "password"], [
        ["pw@demo.local", "Pat Word", "Offline Medic;User", GOOD_PASSWORD],
        ["welcome@demo.local", "Wel Come", "user", ""],
    ])
    response = admin.post("/api/v1/users/import", files={"file": ("u.csv", data, "text/csv")})
    assert response.status_code == 200, response.text
    assert server.login("pw@demo.local", GOOD_PASSWORD).json()["user"]["permissions"] == \
        ["epcr.access", "offline.login"]
    link = link_in(inbox.wait_for("welcome@demo.local"))
    assert httpx.get(link).status_code == 200
    server.ctx.mail.flush()
    assert inbox.to("pw@demo.local") == []


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_template_downloads(admin: httpx.Client, fmt: str) -> None:
    response = admin.get("/api/v1/users/import/template", params={"format": fmt})
    assert response.status_code == 200
    assert f"users-template.{fmt}" in response.headers["Content-Disposition"]
    if fmt == "csv":
        assert response.text.strip() == "email,name,role,password"
    else:
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == ["email", "name", "role", "password"]
    bad = admin.get("/api/v1/users/import/template", params={"format": "pdf"})
    assert error_code(bad, 422) == "invalid_request"


def test_zip_bomb_is_refused_unexpanded(admin: httpx.Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (40 * 1024 * 1024))
    response = upload(admin, buffer.getvalue(), "bomb.xlsx")
    assert error_code(response, 400) == "invalid_file"
    assert "unsafe" in response.json()["error"]["message"]


@pytest.mark.parametrize(("data", "name", "words"), [
    (b"email,name,role\nthis is just text", "users.xlsx", "not a valid XLSX"),
    (b"PK\x03\x04 not really a zip", "users.xlsx", "not a valid XLSX"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "photo.csv", "not a CSV"),
    ("email,name,role\né@x.org,É,User".encode("latin-1"), "u.csv", "UTF-8"),
])
def test_files_that_are_not_spreadsheets(
    admin: httpx.Client, data: bytes, name: str, words: str
) -> None:
    response = upload(admin, data, name)
    assert error_code(response, 400) == "invalid_file"
    assert words in response.json()["error"]["message"]


def test_zip_that_is_not_a_workbook(admin: httpx.Client) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert error_code(upload(admin, buffer.getvalue(), "u.xlsx"), 400) == "invalid_file"


def test_upload_over_ten_mib_is_refused(admin: httpx.Client) -> None:
    data = csv_bytes(["email", "name", "role"], []) + b"#" * (10 * 1024 * 1024 + 1)
    response = upload(admin, data, "big.csv")
    assert error_code(response, 413) == "payload_too_large"
    assert total(admin) == 5


def test_unicode_names_import(admin: httpx.Client) -> None:
    data = csv_bytes(["email", "name", "role"], [["u1@demo.local", "Zoë Ångström", "User"],
                                                 ["u2@demo.local", "محمد", "User"]])
    assert upload(admin, data, "u.csv").status_code == 200
    assert admin.get("/api/v1/users", params={"name": "Ångström"}).json()["total"] == 1
