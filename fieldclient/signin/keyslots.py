"""The device's keyslots: the vault on disk and the one lock for each change to it.

Every load-change-save of the vault goes through `Keyslots.editing()`, so the sync
thread's credential check, a sign-in and an admin's change never overwrite each other.
No network call is made while the lock is held.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

from fieldclient.plumbing.errors import NotSetUp, VaultTampered
from fieldclient.signin.refusals import SignInRefused
from fieldclient.signin.rules import after_failure
from fieldclient.storage.crypto import KdfParams, random_key
from fieldclient.storage.secret import SecretStore
from fieldclient.storage.store import CachedUser, LocalStore
from fieldclient.storage.vault import SlotKeys, UserEntry, Vault

MISSING = ("This device's key file is missing, so its encrypted data cannot be opened. "
           "Nothing was changed. Ask support.")


class Keyslots:
    def __init__(self, vault_path: Path, database_path: Path, secrets: SecretStore,
                 kdf: KdfParams) -> None:
        self._vault_path = vault_path
        self._database_path = database_path
        self._secrets = secrets
        self.kdf = kdf
        self.lock = threading.RLock()

    # --- the vault --------------------------------------------------------------------
    def load(self) -> Vault:
        """The vault as it is on disk now (keyslots and sign-in counters, no names)."""
        if not self._vault_path.exists():
            if self._database_path.exists():
                raise VaultTampered(MISSING)
            raise NotSetUp("This device is not set up yet. An administrator sets it up.")
        return Vault.load(self._vault_path, self._secrets)

    @contextmanager
    def editing(self) -> Iterator[Vault]:
        """Load, change, save, under the lock; nothing is saved if the change raises."""
        with self.lock:
            vault = self.load()
            yield vault
            vault.save()

    # --- what sign-ins leave behind ------------------------------------------------------
    def after_online(self, vault: Vault, email: str, password: str, data_key: bytes,
                     user: CachedUser, offline: str, now: datetime) -> bytes | None:
        """The user's entry after an online sign-in: a fresh slot where offline sign-in is
        allowed, counters cleared, the agency's offline days. Returns the slot's new token
        key (None without a slot: the refresh token then lives in memory only)."""
        keys = SlotKeys(data_key, random_key()) if offline == "allowed" else None
        slot = vault.make_slot(email, password, keys, self.kdf) if keys else None
        vault.put_entry(email, UserEntry(
            user_id=user.id, offline=offline, slot=slot, last_online=now, last_used=now,
            offline_max_days=int(user.agency["offline_max_days"])))
        return keys.token_key if keys else None

    def failed(self, vault: Vault, entry: UserEntry, now: datetime) -> SignInRefused:
        """A wrong offline password: count it, delay or disable, and hold the audit lines
        until the store is open again."""
        entry.failed += 1
        pending_audit(vault, "offline_sign_in_failed", entry.user_id, now)
        refusal, delay, disable = after_failure(entry.failed)
        if disable:
            entry.disabled = True
            pending_audit(vault, "offline_locked", entry.user_id, now)
        elif delay:
            entry.locked_until = now + timedelta(seconds=delay)
            pending_audit(vault, "offline_delay", entry.user_id, now, f"{delay} s")
        saw(vault, now)
        return refusal

    def rewrap(self, email: str, current: str, new: str) -> None:
        """The password changed: the user's slot is made again with the new one."""
        with self.editing() as vault:
            entry = vault.entry(email)
            if entry is None or entry.slot is None:
                return  # no offline access here: nothing is wrapped with the password
            keys = vault.unlock_slot(email, entry.slot, current)
            if keys is None:  # the slot predates a change made elsewhere
                entry.offline, entry.slot = "changed", None
            else:  # the same keys: the sealed refresh token still opens
                entry.slot = vault.make_slot(email, new, keys, self.kdf)
            entry.failed, entry.locked_until = 0, None

    # --- taking access away ------------------------------------------------------------
    @staticmethod
    def revoke(vault: Vault, store: LocalStore, user: CachedUser, status: str,
               now: datetime) -> None:
        store.forget_user(user.id)
        store.audit("offline_access_removed", user.id, now, status)
        if status in ("offline_permission_removed", "password_changed"):
            reason = "no_permission" if status == "offline_permission_removed" else "changed"
            vault.put_entry(user.email, UserEntry(user_id=user.id, offline=reason))
        else:
            vault.remove_user(user.id)

    @staticmethod
    def evict_beyond_cap(vault: Vault, store: LocalStore, keep: int, cap: int,
                         now: datetime) -> None:
        """At most `cap` users keep offline access; the least recently used goes first."""
        cap = max(1, cap)
        while len(vault.body.users) > cap:
            key, entry = min(((k, e) for k, e in vault.body.users.items() if e.user_id != keep),
                             key=lambda kv: kv[1].last_used or datetime.min.replace(
                                 tzinfo=now.tzinfo))
            del vault.body.users[key]
            store.forget_user(entry.user_id)
            store.audit("evicted", entry.user_id, now, f"over the cap of {cap}")


# --- small helpers on a loaded vault -----------------------------------------------------
def saw(vault: Vault, now: datetime) -> None:
    """The latest time this device has seen: a clock set back cannot extend access."""
    last = vault.body.last_seen
    vault.body.last_seen = now if last is None else max(last, now)


def pending_audit(vault: Vault, event: str, user_id: int, now: datetime,
                  detail: str = "") -> None:
    """Failed offline attempts happen while the store is closed: held here till it opens."""
    vault.body.pending_audit.append({"at": now.isoformat(), "event": event,
                                     "user_id": user_id, "detail": detail})


def flush_audit(vault: Vault, store: LocalStore) -> None:
    for item in vault.body.pending_audit:
        store.audit(item["event"], item["user_id"], datetime.fromisoformat(item["at"]),
                    item["detail"])
    vault.body.pending_audit = []
