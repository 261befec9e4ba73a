"""Bulk user import: /api/v1/users/import and its template (users.manage).

All or nothing: rows are checked first, and with any bad row nothing is created.
"""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, UploadFile
from fastapi.responses import JSONResponse, Response
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldserver import grants, password_links, ratelimit
from fieldserver.context import RateLimit, ServerContext
from fieldserver.deps import Ctx, Db, require
from fieldserver.emails import normalize_email
from fieldserver.errors import ApiError
from fieldserver.limits import UPLOAD_LIMIT
from fieldserver.models import Agency, Role, User
from fieldserver.passwords import policy_problem
from fieldserver.permissions import USERS_MANAGE
from fieldserver.schemas import clean_name
from fieldserver.sessions import Auth
from fieldserver.spreadsheet import SpreadsheetError, read_rows

router = APIRouter(prefix="/api/v1/users")
Admin = Annotated[Auth, Depends(require(USERS_MANAGE))]

IMPORTS_PER_HOUR = RateLimit(attempts=30, window=timedelta(hours=1))
COLUMNS = ("email", "name", "role", "password")
REQUIRED = ("email", "name", "role")


@dataclass
class Row:
    number: int
    email: str
    name: str
    roles: list[Role]
    password: str


class RowErrors:
    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append({"row": row, "column": column, "message": message})


@router.get("/import/template")
def import_template(
    _admin: Admin, format: Annotated[str, Query(pattern="^(csv|xlsx)$")] = "csv"
) -> Response:
    if format == "csv":
        body, media = (",".join(COLUMNS) + "\r\n").encode(), "text/csv; charset=utf-8"
    else:
        body = _xlsx_template()
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="users-template.{format}"'})


def _xlsx_template() -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Users"
    sheet.append(list(COLUMNS))
    notes = workbook.create_sheet("Instructions")
    for line in (
        "Fill in the Users sheet, one user per row. Only the first sheet is read.",
        "email, name and role are required. Several roles: separate them with ';'.",
        "password is optional: leave it empty and the user gets a welcome email to set one.",
    ):
        notes.append([line])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@router.post("/import")
def import_users(
    admin: Admin, ctx: Ctx, db: Db,
    file: Annotated[UploadFile, File()],
    dry_run: Annotated[bool, Form()] = False,
    send_welcome: Annotated[bool, Form()] = True,
) -> JSONResponse:
    # Each upload counts (dry runs too): a file is up to 10,000 emails checked at once.
    ratelimit.reserve(db, ratelimit.imports(admin.user.id), ctx.clock.now(), IMPORTS_PER_HOUR)
    try:
        table = read_rows(file.file.read(UPLOAD_LIMIT + 1), file.filename or "")
    except SpreadsheetError as exc:
        raise ApiError(400, "invalid_file", str(exc)) from None
    errors = RowErrors()
    rows = _parse(db, admin.agency_id, table, errors)
    _check_grants(admin.user, rows, errors)
    if errors.items or dry_run:
        return _result([], errors, dry_run, preview=[_preview(r) for r in rows])
    created = _create(db, ctx, admin.agency_id, rows, send_welcome)
    return _result(created, errors, dry_run)


def _check_grants(actor: User, rows: list[Row], errors: RowErrors) -> None:
    """An import gives only roles made of permissions the importer holds (grants.py)."""
    for row in rows:
        for role in row.roles:
            if lacking := grants.lacking(actor, role.permission_keys):
                errors.add(row.number, "role", f"You cannot give the role '{role.name}': "
                           f"it grants {', '.join(lacking)}, which you do not hold.")


def _result(created: list[dict[str, Any]], errors: RowErrors, dry_run: bool,
            preview: list[dict[str, Any]] | None = None) -> JSONResponse:
    body: dict[str, Any] = {"created": created, "errors": errors.items, "dry_run": dry_run}
    if preview is not None:
        body["preview"] = preview
    if errors.items and not dry_run:
        body["error"] = {"code": "import_invalid",
                         "message": f"{len(errors.items)} problem(s) found; no user was created."}
        return JSONResponse(body, status_code=422)
    return JSONResponse(body)


def _preview(row: Row) -> dict[str, Any]:
    return {"row": row.number, "email": row.email, "name": row.name,
            "roles": [r.name for r in row.roles], "password_given": bool(row.password)}


def _parse(db: Session, agency_id: int, table: list[list[str]], errors: RowErrors) -> list[Row]:
    if not table:
        errors.add(1, "", "The file is empty.")
        return []
    header = [h.strip().lower() for h in table[0]]
    unknown = [h for h in header if h and h not in COLUMNS]
    missing = [c for c in REQUIRED if c not in header]
    for column in unknown:
        errors.add(1, column, f"Unknown column '{column}'. Use: {', '.join(COLUMNS)}.")
    for column in missing:
        errors.add(1, column, f"The column '{column}' is missing.")
    if unknown or missing:
        return []
    roles = {r.name.lower(): r for r in db.scalars(select(Role).where(Role.agency_id == agency_id))}
    records = [
        (number, dict(zip(header, cells, strict=False)))
        for number, cells in enumerate(table[1:], start=2)
        if any(c.strip() for c in cells)
    ]
    if not records:
        errors.add(2, "", "The file has no user rows.")
    taken = _taken_emails(db, agency_id,
                          [normalize_email(r.get("email", "")) for _, r in records])
    seen: dict[str, int] = {}
    rows = [_parse_row(number, rec, roles, taken, seen, errors) for number, rec in records]
    return [r for r in rows if r is not None]


def _taken_emails(db: Session, agency_id: int, emails: list[str | None]) -> set[str]:
    """The emails that already have a live account in this agency (never another's)."""
    wanted = sorted({e for e in emails if e})
    taken: set[str] = set()
    for start in range(0, len(wanted), 500):  # stay under SQL parameter limits
        chunk = wanted[start:start + 500]
        taken.update(db.scalars(select(User.email).where(
            func.lower(User.email).in_(chunk), User.agency_id == agency_id,
            User.deleted_at.is_(None))))
    return taken


def _parse_row(
    number: int, record: dict[str, str], roles: dict[str, Role], taken: set[str],
    seen: dict[str, int], errors: RowErrors,
) -> Row | None:
    before = len(errors.items)
    email = normalize_email(record.get("email", ""))
    if email is None:
        errors.add(number, "email", "This is not a valid email address.")
    elif email in seen:
        errors.add(number, "email", f"This email is also on row {seen[email]}.")
    elif email in taken:
        errors.add(number, "email", "A user with this email already exists.")
    else:
        seen[email] = number
    name = _checked_name(number, record.get("name", ""), errors)
    row_roles = _checked_roles(number, record.get("role", ""), roles, errors)
    password = record.get("password", "").strip()
    if password and email and (reason := policy_problem(password, email)):
        errors.add(number, "password", reason)
    if len(errors.items) > before or email is None or name is None:
        return None
    return Row(number, email, name, row_roles, password)


def _checked_name(number: int, raw: str, errors: RowErrors) -> str | None:
    try:
        name = clean_name(raw)
    except ValueError as exc:
        errors.add(number, "name", f"The name {exc}.")
        return None
    if len(name) > 200:
        errors.add(number, "name", "The name is longer than 200 characters.")
        return None
    return name


def _checked_roles(number: int, raw: str, roles: dict[str, Role], errors: RowErrors) -> list[Role]:
    names = [n.strip() for n in raw.split(";") if n.strip()]
    if not names:
        errors.add(number, "role", "A role is required.")
    unknown = [n for n in names if n.lower() not in roles]
    for name in unknown:
        errors.add(number, "role", f"There is no role named '{name}'.")
    return [roles[n.lower()] for n in dict.fromkeys(names) if n.lower() in roles]


def _create(
    db: Session, ctx: ServerContext, agency_id: int, rows: list[Row], send_welcome: bool
) -> list[dict[str, Any]]:
    db.commit()  # nothing written yet: release the database while hashing
    hashes = _hash_all(ctx, [r.password for r in rows])
    now = ctx.clock.now()
    users = [
        User(agency_id=agency_id, email=r.email, name=r.name, password_hash=h,
             auth_provider="password", disabled=False, credential_version=1,
             created_at=now, roles=r.roles)
        for r, h in zip(rows, hashes, strict=True)
    ]
    db.add_all(users)
    try:
        db.flush()
    except IntegrityError:  # another request took one of the emails meanwhile
        db.rollback()
        raise ApiError(409, "email_taken", "An email in the file was taken by someone else "
                       "during the import; nothing was created. Try again.") from None
    agency = db.get(Agency, agency_id)
    assert agency is not None
    for user in users:
        if send_welcome and user.password_hash is None:
            password_links.send(db, ctx, user, agency, password_links.WELCOME)
    db.commit()
    return [{"row": r.number, "id": u.id, "email": u.email}
            for r, u in zip(rows, users, strict=True)]


def _hash_all(ctx: ServerContext, passwords: list[str]) -> list[str | None]:
    """Argon2 releases the GIL, so rows with passwords hash in parallel."""
    if not any(passwords):
        return [None] * len(passwords)
    with ThreadPoolExecutor() as pool:
        return list(pool.map(lambda p: ctx.hasher.hash(p) if p else None, passwords))
