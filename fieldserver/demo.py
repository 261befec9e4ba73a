"""Demo data for `fieldserver serve --demo`: two agencies, five accounts, one device."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldserver import forms_store
from fieldserver.models import Agency, Device, Incident, Role, RolePermission, User
from fieldserver.passwords import Hasher
from fieldserver.permissions import CATALOGUE, EPCR_ACCESS, OFFLINE_LOGIN

DEMO_AGENCY = "Demo County EMS"
NEIGHBOR_AGENCY = "Neighbor Fire District"
DEMO_DEVICE = "Demo Laptop"
MFA_SECRET = "JBSWY3DPEHPK3PXP"  # noqa: S105  (published demo data)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str | None
    name: str
    role: str
    agency: str = DEMO_AGENCY
    mfa_secret: str | None = None

    @property
    def provider(self) -> str:
        return "sso" if self.password is None else "password"


ACCOUNTS = (
    DemoAccount("admin@demo.local", "Demo-Admin-2026!", "Avery Admin", "Administrator"),
    DemoAccount("medic@demo.local", "Demo-Medic-2026!", "Morgan Medic", "Offline Medic"),
    DemoAccount("basic@demo.local", "Demo-Basic-2026!", "Blake Basic", "User"),
    DemoAccount("mfa@demo.local", "Demo-Mfa-2026!!", "Mika Factor", "Offline Medic",
                mfa_secret=MFA_SECRET),
    DemoAccount("sso@demo.local", None, "Sasha Sso", "Offline Medic"),
    DemoAccount("admin@neighbor.local", "Demo-Neighbor-2026!", "Noel Neighbor",
                "Administrator", agency=NEIGHBOR_AGENCY),
)

ALL_PERMISSIONS = tuple(p.key for p in CATALOGUE)


def default_roles(agency_id: int) -> list[Role]:
    """The two roles every agency starts with."""
    return [_role(agency_id, "Administrator", ALL_PERMISSIONS),
            _role(agency_id, "User", (EPCR_ACCESS,))]


def _role(agency_id: int, name: str, keys: tuple[str, ...]) -> Role:
    return Role(agency_id=agency_id, name=name,
                permissions=[RolePermission(key=k) for k in keys])


def is_empty(db: Session) -> bool:
    return db.scalar(select(Agency.id).limit(1)) is None


def seed(db: Session, hasher: Hasher, now: datetime) -> None:
    """Fill an empty database with the demo data."""
    demo = Agency(name=DEMO_AGENCY, offline_login_enabled=True, offline_max_days=14,
                  auto_lock_minutes=15, created_at=now)
    neighbor = Agency(name=NEIGHBOR_AGENCY, offline_login_enabled=False, offline_max_days=14,
                      auto_lock_minutes=15, created_at=now)
    db.add_all([demo, neighbor])
    db.flush()
    roles = {(demo.id, r.name): r for r in default_roles(demo.id)}
    roles |= {(neighbor.id, r.name): r for r in default_roles(neighbor.id)}
    roles[(demo.id, "Offline Medic")] = _role(demo.id, "Offline Medic",
                                              (EPCR_ACCESS, OFFLINE_LOGIN))
    db.add_all(roles.values())
    agencies = {DEMO_AGENCY: demo, NEIGHBOR_AGENCY: neighbor}
    for account in ACCOUNTS:
        agency = agencies[account.agency]
        db.add(User(
            agency_id=agency.id, email=account.email, name=account.name,
            password_hash=hasher.hash(account.password) if account.password else None,
            auth_provider=account.provider, disabled=False, mfa_secret=account.mfa_secret,
            credential_version=1, created_at=now, roles=[roles[(agency.id, account.role)]],
        ))
    db.add(Device(id=str(uuid.uuid4()), agency_id=demo.id, name=DEMO_DEVICE,
                  key=secrets.token_bytes(32), created_at=now))
    for agency in (demo, neighbor):
        forms_store.publish_defaults(db, agency.id, now)
    db.add_all(demo_incidents(demo.id, now))


INCIDENTS = (
    ("Medic 7", "1200 Harbor Blvd", "Fall"), ("Medic 3", "48 Orchard Ln", "Chest pain"),
    ("Medic 7", "Route 9 mile 14", "Traffic/transportation incident"),
    ("Medic 5", "310 Mill St, Apt 2", "Breathing problem"),
    ("Medic 3", "Lakeside Park, pavilion B", "Allergic reaction/stings"),
    ("Medic 7", "77 Church St", "Unconscious/fainting"), ("Medic 5", "9 Quarry Rd", "Seizure"),
    ("Medic 3", "Westfield Mall, food court", "Diabetic problem"),
    ("Medic 7", "2201 County Rd 4", "Stroke/CVA"), ("Medic 5", "15 Elm Ct", "Cardiac arrest"),
    ("Medic 3", "Main St & 3rd Ave", "Assault"), ("Medic 7", "640 River Rd", "Back pain"),
    ("Medic 5", "Sunrise Care Home, room 12", "Unknown problem/person down"),
    ("Medic 3", "88 Depot St", "Overdose/poisoning"), ("Medic 7", "I-84 exit 21", "Burns"),
    ("Medic 5", "Central High School gym", "Breathing problem"),
    ("Medic 3", "402 Pine Hill Dr", "Abdominal pain"), ("Medic 7", "5 Ferry Landing", "Fall"),
    ("Medic 5", "1717 Summit Ave", "Chest pain"), ("Medic 3", "County Fairgrounds", "Heat"),
)


def demo_incidents(agency_id: int, now: datetime) -> list[Incident]:
    """Twenty CAD incidents dispatched over the last two days, newest last."""
    return [Incident(id=str(uuid.uuid4()), agency_id=agency_id, seq=i + 1, txid=0,
                     number=f"{now:%y}-{4100 + i:06d}", unit=unit, address=address,
                     nature=nature, dispatched_at=now - timedelta(hours=2.4 * (20 - i)),
                     updated_at=now)
            for i, (unit, address, nature) in enumerate(INCIDENTS)]


def demo_device_id(db: Session) -> str | None:
    return db.scalar(select(Device.id).where(Device.name == DEMO_DEVICE))


def describe(device_id: str | None) -> str:
    lines = ["Demo accounts (password sign-in unless noted):"]
    for a in ACCOUNTS:
        secret = a.password or "(SSO: no password sign-in)"
        extra = f"  TOTP secret {a.mfa_secret}" if a.mfa_secret else ""
        lines.append(f"  {a.email:<24} {secret:<28} {a.role:<14} {a.agency}{extra}")
    lines.append(f"Demo device '{DEMO_DEVICE}': {device_id}")
    return "\n".join(lines)
