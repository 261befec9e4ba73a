"""Admin Tools → Devices: the agency's laptops, what each still holds, and revoking one.

A revoke never destroys reports a laptop has not uploaded (docs/protocol.md, devices):
by default the laptop is "being revoked", keeps syncing, and is revoked (and wipes
itself) once it says none wait. "Now" is for a lost or stolen laptop, and says what is
lost with it. The counts are the laptop's own, as of its last sync; the admin sees them
before confirming. Pure Python: the Qt screen and the tests drive the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fieldclient.admin.calls import server_call
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.signin.session import Session

STATUS_WORDS = {"active": "Active", "revoking": "Being revoked", "revoked": "Revoked"}


class CannotRevokeHere(FieldClientError):
    pass


@dataclass(frozen=True)
class AgencyDevice:
    device_id: str
    name: str
    status: str  # active, revoking or revoked
    unsynced: int | None  # None: the laptop never said
    unsynced_at: datetime | None
    registered: datetime
    is_this_one: bool

    @classmethod
    def from_server(cls, row: dict[str, Any], this_device: str) -> AgencyDevice:
        at = row.get("unsynced_reported_at")
        return cls(str(row["device_id"]), str(row["name"]), str(row["status"]),
                   None if row.get("unsynced_reports") is None else int(row["unsynced_reports"]),
                   datetime.fromisoformat(at) if at else None,
                   datetime.fromisoformat(str(row["created_at"])), row["device_id"] == this_device)

    @property
    def status_words(self) -> str:
        words = STATUS_WORDS.get(self.status, self.status)
        if self.status == "revoking":
            return f"{words}: waiting for {waiting(self)}"
        return words + (" (this laptop)" if self.is_this_one else "")


def reports(count: int) -> str:
    return "1 report" if count == 1 else f"{count} reports"


def waiting(device: AgencyDevice) -> str:
    """What the laptop still has to upload, in words."""
    if device.unsynced is None:
        return "its first sync"
    return f"{reports(device.unsynced)} to upload"


def as_of(device: AgencyDevice) -> str:
    at = device.unsynced_at
    return f" (as of {at.astimezone():%d %b %Y %H:%M})" if at else ""


def revoke_prompt(device: AgencyDevice) -> str:
    """What a revoke does to this laptop, said before the admin confirms."""
    if device.unsynced == 0:
        return (f"{device.name} had every report uploaded{as_of(device)}. It is revoked at "
                "once: its crews are signed out there, and it erases its data at its next "
                "contact with the server.")
    holds = ("has not yet said whether it holds reports that are not uploaded"
             if device.unsynced is None
             else f"holds {reports(device.unsynced)} not uploaded yet{as_of(device)}")
    return (f"{device.name} {holds}. Nothing is lost: it keeps working and syncing until "
            "every report is uploaded; then it is revoked and erases its data.")


def force_prompt(device: AgencyDevice) -> str:
    """Revoking at once (a lost or stolen laptop): what would be lost with it."""
    if device.unsynced == 0:
        lost = f"It had every report uploaded{as_of(device)}."
    elif device.unsynced is None:
        lost = "It never said what it holds: reports it has not uploaded would be lost."
    else:
        lost = (f"{reports(device.unsynced).capitalize()} not uploaded{as_of(device)} "
                "would be lost for good.")
    return (f"Revoke {device.name} now, for a lost or stolen laptop? {lost} Its crews are "
            "signed out, and nobody can open its data again.")


class Devices:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return server_call(self._session, method, f"/devices{path}", **kwargs)

    def list(self) -> list[AgencyDevice]:
        rows = self._call("GET", "")
        return [AgencyDevice.from_server(r, self._session.device_id) for r in rows]

    @staticmethod
    def check_revocable(device: AgencyDevice) -> None:
        """Before asking: this laptop is unregistered from "This device" (which counts
        its drafts too), and a revoked one is done."""
        if device.is_this_one:
            raise CannotRevokeHere("This is the laptop you are using: unregister it from "
                                   "the 'This device' tab, which shows what it holds.")
        if device.status == "revoked":
            raise CannotRevokeHere(f"{device.name} is already revoked.")

    def revoke(self, device: AgencyDevice, *, now: bool) -> str:
        """Revoke another laptop: "revoking" while it has reports to upload (unless
        `now`), else "revoked"."""
        self.check_revocable(device)
        answer = self._call("DELETE", f"/{device.device_id}",
                            params={"force": "true"} if now else None)
        return str(answer["status"]) if isinstance(answer, dict) else "revoked"
