"""The permission catalogue. Roles grant these keys; endpoints check them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    key: str
    label: str
    description: str


EPCR_ACCESS = "epcr.access"
REPORTS_UNLOCK = "reports.unlock"
REPORTS_REVIEW = "reports.review"
OFFLINE_LOGIN = "offline.login"
USERS_MANAGE = "users.manage"
ROLES_MANAGE = "roles.manage"
AGENCY_MANAGE = "agency.manage"
DEVICES_MANAGE = "devices.manage"
NEMSIS_EXPORT = "nemsis.export"

CATALOGUE: tuple[Permission, ...] = (
    Permission(EPCR_ACCESS, "EMS Incident List and ePCR",
               "Open the EMS Incident List and write patient care reports."),
    Permission(REPORTS_UNLOCK, "Unlock completed ePCRs (QA/QI)",
               "Unlock a completed, locked report so that it can be corrected, giving a "
               "reason; the reason and every change after it stay in the report's history."),
    Permission(REPORTS_REVIEW, "Review completed ePCRs (QA/QI)",
               "Work the QA review queue in Admin Tools: approve a completed report, or "
               "return it to its crew with comments on its fields."),
    Permission(OFFLINE_LOGIN, "Allow offline sign-in",
               "Sign in on a device without network, after one online sign-in on it."),
    Permission(USERS_MANAGE, "Manage users",
               "Add, edit, import and delete user accounts."),
    Permission(ROLES_MANAGE, "Manage roles",
               "Create roles and choose which permissions they grant."),
    Permission(AGENCY_MANAGE, "Agency settings",
               "Change offline sign-in, offline days and auto-lock for the agency, and its "
               "NEMSIS demographic data (DEMDataSet); import NEMSIS reports."),
    Permission(DEVICES_MANAGE, "Manage devices",
               "Register, adopt and revoke field devices."),
    Permission(NEMSIS_EXPORT, "Export NEMSIS data",
               "Download the agency's completed reports as NEMSIS XML, for the state."),
)

KEYS = frozenset(p.key for p in CATALOGUE)


def search(query: str) -> list[Permission]:
    """Permissions matching the query: label matches first, then key, then description."""
    needle = query.strip().casefold()
    if not needle:
        return list(CATALOGUE)

    def rank(p: Permission) -> int | None:
        texts = (p.label, p.key, p.description)
        return next((i for i, text in enumerate(texts) if needle in text.casefold()), None)

    ranked = [(r, i, p) for i, p in enumerate(CATALOGUE) if (r := rank(p)) is not None]
    return [p for _, _, p in sorted(ranked, key=lambda t: (t[0], t[1]))]
