"""The permission catalogue. Roles grant these keys; endpoints check them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Permission:
    key: str
    label: str
    description: str


EPCR_ACCESS = "epcr.access"
OFFLINE_LOGIN = "offline.login"
USERS_MANAGE = "users.manage"
ROLES_MANAGE = "roles.manage"
AGENCY_MANAGE = "agency.manage"
DEVICES_MANAGE = "devices.manage"

CATALOGUE: tuple[Permission, ...] = (
    Permission(EPCR_ACCESS, "EMS Incident List and ePCR",
               "Open the EMS Incident List and write patient care reports."),
    Permission(OFFLINE_LOGIN, "Allow offline sign-in",
               "Sign in on a device without network, after one online sign-in on it."),
    Permission(USERS_MANAGE, "Manage users",
               "Add, edit, import and delete user accounts."),
    Permission(ROLES_MANAGE, "Manage roles",
               "Create roles and choose which permissions they grant."),
    Permission(AGENCY_MANAGE, "Agency settings",
               "Change offline sign-in, offline days and auto-lock for the agency."),
    Permission(DEVICES_MANAGE, "Manage devices",
               "Register, adopt and revoke field devices."),
)

KEYS = frozenset(p.key for p in CATALOGUE)


def search(query: str) -> list[Permission]:
    needle = query.strip().casefold()
    return [
        p for p in CATALOGUE
        if not needle or any(needle in text.casefold() for text in (p.key, p.label, p.description))
    ]
