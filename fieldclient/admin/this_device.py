"""Admin Tools → This device: who can sign in offline here, and unregistering the device.

Pure Python over the device core; `ui/admin_device.py` and the tests drive it the same
way. Names come from the encrypted store (the vault names nobody), so an admin must be
signed in to see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.signin.device import Device
from fieldclient.storage.store import CachedUser
from fieldclient.storage.vault import UserEntry

WIPE_WORD = "WIPE"
UNREGISTERED = "This device was unregistered by an administrator; its local data was erased."
NEEDS_NETWORK = ("Unregistering needs the network: the server must stop trusting this "
                 "device first. Connect, then try again.")
OFFLINE_STATES = {
    "allowed": "Allowed",
    "no_permission": "Not allowed by their role",
    "agency_disabled": "Turned off for the agency",
    "sso": "SSO account (online only)",
    "changed": "Password changed elsewhere: sign in online",
}


@dataclass(frozen=True)
class OfflineUser:
    user_id: int
    name: str
    email: str
    last_online: datetime | None
    offline_until: datetime | None  # None when they cannot sign in offline here
    offline: str  # plain words, from OFFLINE_STATES
    failed_attempts: int


@dataclass(frozen=True)
class Unsynced:
    """What unregistering would destroy."""

    reports: int  # not on the server yet, or in conflict there
    drafts: int  # unsaved edits kept from an ePCR left open

    @property
    def total(self) -> int:
        return self.reports + self.drafts


class CannotRemove(FieldClientError):
    pass


class ThisDevice:
    def __init__(self, device: Device) -> None:
        self._device = device

    def users(self) -> list[OfflineUser]:
        """Everyone the device remembers for offline sign-in, by name."""
        store = self._device.require_session().store
        names = {u.id: u for u in store.cached_users()}
        entries = self._device.vault().body.users.values()
        users = [self._describe(e, names.get(e.user_id)) for e in entries]
        return sorted(users, key=lambda u: (u.name.casefold(), u.user_id))

    @staticmethod
    def _describe(entry: UserEntry, cached: CachedUser | None) -> OfflineUser:
        # A user whose offline access was withdrawn keeps a vault entry but no profile.
        name = cached.name if cached else f"User #{entry.user_id}"
        email = cached.email if cached else ""
        allowed = entry.offline == "allowed" and entry.slot is not None and not entry.disabled
        until = (entry.last_online + timedelta(days=entry.offline_max_days)
                 if allowed and entry.last_online else None)
        state = OFFLINE_STATES.get(entry.offline, entry.offline)
        if entry.disabled:
            state = "Locked after failed attempts: sign in online"
        return OfflineUser(entry.user_id, name, email, entry.last_online, until, state,
                           entry.failed)

    def remove_user(self, user_id: int) -> None:
        """Forget one user here: their keyslot and cached profile go; their reports stay."""
        session = self._device.require_session()
        if user_id == session.user.id:
            raise CannotRemove("You are signed in as this user. Sign out, then have another "
                               "administrator remove you.")
        with self._device.keyslots.editing() as vault:
            if all(e.user_id != user_id for e in vault.body.users.values()):
                raise CannotRemove("That user is no longer on this device.")
            vault.remove_user(user_id)
            session.store.forget_user(user_id)
        session.store.audit("offline_access_removed", user_id, self._device.clock.now(),
                            f"by administrator {session.user.id}")

    def unsynced(self) -> Unsynced:
        return Unsynced(*self._device.require_session().store.unsynced_counts())

    def unregister(self, typed: str) -> None:
        """Revoke this device on the server, then erase its store, vault and key.

        `typed` must be WIPE_WORD: the core refuses too, not just the screen."""
        if typed.strip() != WIPE_WORD:
            raise CannotRemove(f"Type {WIPE_WORD} to confirm.")
        device = self._device
        device_id = device.device_id
        # force: the admin was shown what is not uploaded (unsynced) and typed the word.
        device.call_online(NEEDS_NETWORK, lambda token: device.api.call(
            "DELETE", f"/api/v1/devices/{device_id}", token, params={"force": "true"}))
        device.wipe(UNREGISTERED)
