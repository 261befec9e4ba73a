"""The device core: sign in online or offline, lock, sign out, revoke and wipe.

Headless and Qt-free: the UI, the sync worker and the tests all drive it the same way
(see docs/architecture.md, "The client core API").
"""

from __future__ import annotations

import base64
import logging
import math
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from fieldclient.plumbing.api import Api, Reachability
from fieldclient.plumbing.clock import Clock, SystemClock
from fieldclient.plumbing.errors import (
    ApiRefusal,
    DeviceRevoked,
    NotSetUp,
    ServerUnreachable,
    StorageError,
    VaultTampered,
)
from fieldclient.plumbing.events import (
    CredentialsRemoved,
    DeviceWiped,
    EventBus,
    SignedIn,
    SignedOut,
)
from fieldclient.plumbing.settings import (
    DEVICE_ID,
    MAX_CACHED_USERS,
    PROBE_TIMEOUT,
    REQUEST_TIMEOUT,
    SERVER_URL,
    Config,
    resolve_data_dir,
)
from fieldclient.signin import refusals
from fieldclient.signin.refusals import Refusal, SignInRefused
from fieldclient.signin.session import OFFLINE, ONLINE, Session
from fieldclient.storage.atomic import ensure_private_dir
from fieldclient.storage.crypto import PRODUCTION_KDF, KdfParams
from fieldclient.storage.database import Database
from fieldclient.storage.secret import SecretStore
from fieldclient.storage.store import CachedUser, LocalStore
from fieldclient.storage.vault import UserEntry, Vault

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

log = logging.getLogger(__name__)
T = TypeVar("T")

CLOCK_TOLERANCE = timedelta(hours=24)
NEEDS_NETWORK = "Changing your password needs the network. Connect, then try again."
REVOKED = ("This device was unregistered by your agency. Its local data has been erased "
           "from this computer.")


@dataclass(frozen=True)
class DevicePaths:
    data_dir: Path

    @property
    def vault(self) -> Path:
        return self.data_dir / "vault.bin"

    @property
    def database(self) -> Path:
        return self.data_dir / "store.db"

    @property
    def setup_marker(self) -> Path:
        return self.data_dir / "setup-in-progress"

    def database_files(self) -> list[Path]:
        return [self.database, *(self.database.with_name(self.database.name + s)
                                 for s in ("-wal", "-shm"))]


@dataclass
class MfaPending:
    """The server wants a code. The password waits here (in memory) to build the slot."""

    email: str
    mfa_token: str = field(repr=False)
    password: str = field(repr=False)


class Device:
    def __init__(self, paths: DevicePaths, config: Config, secrets: SecretStore,
                 clock: Clock, events: EventBus, kdf: KdfParams) -> None:
        self.paths = paths
        self.config = config
        self.secrets = secrets
        self.clock = clock
        self.events = events
        self.kdf = kdf
        self.api = self._make_api()
        self.session: Session | None = None
        self.locked_email: str | None = None
        self._last_activity = clock.now()
        # Held for each load-change-save of the vault: the sync thread's credential
        # check and an admin's or user's change must not overwrite each other.
        self.vault_lock = threading.RLock()

    @classmethod
    def open(cls, data_dir: Path | None = None, *, server_url: str | None = None,
             keyring: KeyringBackend | None = None, clock: Clock | None = None,
             events: EventBus | None = None, kdf: KdfParams = PRODUCTION_KDF,
             provisioning_dir: Path | None = None) -> Device:
        paths = DevicePaths(resolve_data_dir(data_dir))
        ensure_private_dir(paths.data_dir)
        config = Config(paths.data_dir, provisioning_dir)
        if server_url:
            config.set(SERVER_URL, server_url)
            config.save()
        secrets = SecretStore(config.ensure_install_id(), keyring)
        return cls(paths, config, secrets, clock or SystemClock(), events or EventBus(), kdf)

    def _make_api(self) -> Api:
        return Api(self.config.get(SERVER_URL) or "http://invalid.invalid",
                   timeout=self.config.get(REQUEST_TIMEOUT),
                   probe_timeout=self.config.get(PROBE_TIMEOUT))

    def set_server_url(self, url: str) -> None:
        self.config.set(SERVER_URL, url.rstrip("/"))
        self.config.save()
        self.api.close()
        self.api = self._make_api()

    @property
    def is_set_up(self) -> bool:
        return self.paths.vault.exists()

    @property
    def device_id(self) -> str:
        return self.config.get(DEVICE_ID)

    def probe(self) -> Reachability:
        return self.api.probe()

    def forgot_password(self, email: str) -> None:
        """Ask the server to email a reset link. Needs the network."""
        if self.api.probe() is not Reachability.ONLINE:
            raise ServerUnreachable("Resetting a password needs the network. Connect, "
                                    "then try again.")
        self.api.forgot_password(email.strip())

    # --- sign-in ------------------------------------------------------------------
    def sign_in(self, email: str, password: str) -> Session | MfaPending:
        """Online whenever the server answers; offline against this device's slot otherwise."""
        with self.vault_lock:
            vault = self.vault()
            email = email.strip().lower()
            if self.api.probe() is Reachability.ONLINE:  # a TLS failure raises: never "offline"
                try:
                    return self._online(vault, email, password)
                except ServerUnreachable:
                    log.info("server went away during sign-in; signing in offline")
            return self._offline(vault, email, password)

    def complete_mfa(self, pending: MfaPending, code: str) -> Session:
        with self.vault_lock:
            vault = self.vault()
            try:
                body = self.api.mfa(pending.mfa_token, code)
            except ApiRefusal as refusal:
                raise online_refusal(refusal) from None
            return self._open_online(vault, pending.email, pending.password, body, mfa=True)

    def _online(self, vault: Vault, email: str, password: str) -> Session | MfaPending:
        try:
            body = self.api.login(email, password, vault.body.device_id)
        except ApiRefusal as refusal:
            if refusal.code == "mfa_required":
                return MfaPending(email, str(refusal.extra["mfa_token"]), password)
            self._remember_refusal(vault, email, refusal)
            raise online_refusal(refusal) from None
        return self._open_online(vault, email, password, body, mfa=False)

    def _remember_refusal(self, vault: Vault, email: str, refusal: ApiRefusal) -> None:
        """The server's word on an account also governs what this device allows offline."""
        entry = vault.entry(email)
        if refusal.code == "sso_required":
            user_id = entry.user_id if entry else 0
            vault.put_entry(email, UserEntry(user_id=user_id, offline="sso"))
        elif refusal.code == "account_disabled" and entry is not None:
            vault.remove_user(entry.user_id)
        else:
            return
        vault.save()

    def _open_online(self, vault: Vault, email: str, password: str, body: dict[str, object],
                     *, mfa: bool) -> Session:
        now = self.clock.now()
        token = str(body["access_token"])
        if body["device_key"] is None:
            self._explain_missing_key(token)
        data_key = vault.unlock_with_device_key(base64.b64decode(str(body["device_key"])))
        if data_key is None:
            raise VaultTampered("The server's key for this device does not open its store. "
                                "Ask support to set the device up again.")
        store = LocalStore(Database.open(self.paths.database, data_key))
        user = CachedUser.from_server(body["user"], body["agency"])  # type: ignore[arg-type]
        store.cache_user(user, now)
        store.set_refresh_token(user.id, str(body["refresh_token"]), vault.body.device_id)
        vault.put_entry(email, self._entry_after_online(vault, email, password, data_key,
                                                        user, now))
        self._evict_beyond_cap(vault, store, keep=user.id)
        self._flush_audit(vault, store)
        self._saw(vault, now)
        vault.save()
        store.audit("online_sign_in", user.id, now, "with MFA" if mfa else "")
        session = Session(user, ONLINE, store, vault.body.device_id, self.api, token)
        self._start(session)
        self._check_credentials(vault, session)
        self._cache_form(session)
        return session

    def _entry_after_online(self, vault: Vault, email: str, password: str, data_key: bytes,
                            user: CachedUser, now: datetime) -> UserEntry:
        if user.auth_provider == "sso":
            offline = "sso"
        elif not user.agency.get("offline_login_enabled"):
            offline = "agency_disabled"
        elif "offline.login" not in user.permissions:
            offline = "no_permission"
        else:
            offline = "allowed"
        slot = vault.make_slot(email, password, data_key, self.kdf) if offline == "allowed" \
            else None
        return UserEntry(user_id=user.id, offline=offline, slot=slot, last_online=now,
                         last_used=now, offline_max_days=int(user.agency["offline_max_days"]))

    def _cache_form(self, session: Session) -> None:
        """Keep the current ePCR form on the device, so it is ready before anyone is offline."""
        if "epcr.access" not in session.user.permissions:
            return
        try:
            session.refresh_form(self.clock.now())
        except (ApiRefusal, ServerUnreachable) as exc:
            log.warning("could not refresh the ePCR form: %s", type(exc).__name__)

    def _explain_missing_key(self, token: str) -> None:
        """No device key: this device was revoked, or is not one of this user's agency's."""
        try:
            check = self.api.credential_check(token, self.device_id, [])
        except ApiRefusal:
            raise SignInRefused(Refusal.OTHER_AGENCY, "This device is registered to another "
                                "agency. Sign in with an account of that agency.") from None
        if check["device"] == "revoked":
            self.wipe(REVOKED)
            raise DeviceRevoked(REVOKED)
        raise StorageError("The server did not hand out this device's key. Try again.")

    def _offline(self, vault: Vault, email: str, password: str) -> Session:
        now = self.clock.now()
        entry = vault.entry(email)
        _check_offline_allowed(vault, entry, now)
        assert entry is not None and entry.slot is not None
        data_key = vault.unlock_slot(email, entry.slot, password)
        if data_key is None:
            raise self._failed_attempt(vault, entry, now)
        entry.failed, entry.locked_until, entry.last_used = 0, None, now
        store = LocalStore(Database.open(self.paths.database, data_key))
        self._flush_audit(vault, store)
        self._saw(vault, now)
        vault.save()
        user = store.cached_user(entry.user_id)
        if user is None:
            store.close()
            raise refusals.no_account()
        store.audit("offline_sign_in", user.id, now, "offline session; MFA not checked")
        session = Session(user, OFFLINE, store, vault.body.device_id, self.api)
        self._start(session)
        return session

    def _failed_attempt(self, vault: Vault, entry: UserEntry, now: datetime) -> SignInRefused:
        entry.failed += 1
        self._pending_audit(vault, "offline_sign_in_failed", entry.user_id, now)
        if entry.failed >= refusals.MAX_FAILED:
            entry.disabled = True
            self._pending_audit(vault, "offline_locked", entry.user_id, now)
            refusal = refusals.locked()
        elif delay := refusals.delay_after(entry.failed):
            entry.locked_until = now + timedelta(seconds=delay)
            self._pending_audit(vault, "offline_delay", entry.user_id, now, f"{delay} s")
            refusal = refusals.locked_for(delay)
        else:
            refusal = refusals.wrong_password(refusals.MAX_FAILED - entry.failed)
        self._saw(vault, now)
        vault.save()
        return refusal

    # --- account ---------------------------------------------------------------------
    def require_session(self) -> Session:
        session = self.session
        if session is None:
            raise NotSetUp("Sign in first.")
        return session

    def call_online(self, needs_network: str, call: Callable[[str], T]) -> T:
        """A server call for the signed-in user that only makes sense online: in an
        offline session, or with the server unreachable, it says `needs_network`."""
        session = self.require_session()
        if session.offline:
            raise ServerUnreachable(needs_network)
        try:
            return session.authorized(call)
        except ServerUnreachable:
            raise ServerUnreachable(needs_network) from None

    def change_password(self, current: str, new: str) -> None:
        """Change the signed-in user's password on the server (online only), then re-make
        their offline slot with the new one, so offline sign-in follows at once.

        Server refusals (wrong current password, weak new one) raise ApiRefusal with the
        server's reason in plain words.
        """
        self.call_online(NEEDS_NETWORK,
                         lambda token: self.api.change_password(token, current, new))
        session = self.require_session()
        now = self.clock.now()
        me = session.authorized(self.api.me)
        session.user = CachedUser.from_server(me, session.user.agency)
        session.store.cache_user(session.user, now)  # the new credential_version
        self._rewrap_slot(session.user.email, current, new)
        session.store.audit("password_changed", session.user.id, now)

    def _rewrap_slot(self, email: str, current: str, new: str) -> None:
        with self.vault_lock:
            vault = self.vault()
            entry = vault.entry(email)
            if entry is None or entry.slot is None:
                return  # no offline access here: nothing is wrapped with the password
            data_key = vault.unlock_slot(email, entry.slot, current)
            if data_key is None:  # the slot predates a change made elsewhere
                entry.offline, entry.slot = "changed", None
            else:
                entry.slot = vault.make_slot(email, new, data_key, self.kdf)
            entry.failed, entry.locked_until = 0, None
            vault.save()

    # --- revocation -----------------------------------------------------------------
    def check_credentials(self) -> None:
        """Ask the server about every user cached here (call whenever online)."""
        with self.vault_lock:
            if self.session is not None:
                self._check_credentials(self.vault(), self.session)

    def _check_credentials(self, vault: Vault, session: Session) -> None:
        others = [u for u in session.store.cached_users() if u.id != session.user.id]
        result = session.authorized(lambda token: self.api.credential_check(
            token, vault.body.device_id, [(u.id, u.credential_version) for u in others]))
        if result["device"] == "revoked":
            self.wipe(REVOKED)
            raise DeviceRevoked(REVOKED)
        now = self.clock.now()
        removed = []
        for status in result["users"]:
            user = next(u for u in others if u.id == status["user_id"])
            if status["status"] != "valid":
                self._revoke(vault, session.store, user, status["status"], now)
                removed.append(user.id)
        for entry in vault.body.users.values():
            entry.offline_max_days = int(result["offline_max_days"])
        vault.save()
        if removed:
            self.events.publish(CredentialsRemoved(tuple(removed)))

    def _revoke(self, vault: Vault, store: LocalStore, user: CachedUser, status: str,
                now: datetime) -> None:
        store.forget_user(user.id)
        store.audit("offline_access_removed", user.id, now, status)
        if status in ("offline_permission_removed", "password_changed"):
            reason = "no_permission" if status == "offline_permission_removed" else "changed"
            vault.put_entry(user.email, UserEntry(user_id=user.id, offline=reason))
        else:
            vault.remove_user(user.id)

    def _evict_beyond_cap(self, vault: Vault, store: LocalStore, keep: int) -> None:
        cap = max(1, self.config.get(MAX_CACHED_USERS))
        while len(vault.body.users) > cap:
            key, entry = min(((k, e) for k, e in vault.body.users.items() if e.user_id != keep),
                             key=lambda kv: kv[1].last_used or datetime.min.replace(
                                 tzinfo=self.clock.now().tzinfo))
            del vault.body.users[key]
            store.forget_user(entry.user_id)
            store.audit("evicted", entry.user_id, self.clock.now(), f"over the cap of {cap}")

    # --- session lifecycle ------------------------------------------------------------
    def _start(self, session: Session) -> None:
        self.session = session
        self.locked_email = None
        self._last_activity = self.clock.now()
        self.events.publish(SignedIn(session.user.id, session.mode))

    def touch(self) -> None:
        """The user did something: postpone auto-lock."""
        self._last_activity = self.clock.now()

    def lock_if_idle(self) -> bool:
        if self.session is None:
            return False
        minutes = int(self.session.user.agency.get("auto_lock_minutes", 15))
        if self.clock.now() - self._last_activity < timedelta(minutes=minutes):
            return False
        self.lock()
        return True

    def lock(self) -> None:
        """Close the store (the key leaves memory); the same user's password reopens it."""
        if self.session is not None:
            email = self.session.user.email
            self._end(locked=True)
            self.locked_email = email

    def sign_out(self) -> None:
        """Close the store; the data key leaves memory.

        The server session is deliberately kept: its refresh token, encrypted in the
        store and bound to this device, is what lets a later offline sign-in sync once
        the network is back. It rotates on use and dies with a device revoke, a
        password change or a disabled account.
        """
        self._end(locked=False)
        self.locked_email = None

    def _end(self, *, locked: bool) -> None:
        session, self.session = self.session, None
        if session is not None:
            session.store.audit("locked" if locked else "signed_out", session.user.id,
                                self.clock.now())
            session.store.close()
            self.events.publish(SignedOut(session.user.id, locked))

    def wipe(self, reason: str) -> None:
        """Erase the store, the vault and the keyring entry: the device is set up anew."""
        if self.session is not None:
            self.session.store.close()
            self.session = None
        for path in [*self.paths.database_files(), self.paths.vault]:
            path.unlink(missing_ok=True)
        self.secrets.delete()
        self.config.set(DEVICE_ID, "")
        self.config.save()
        log.warning("device store wiped: %s", reason)
        self.events.publish(DeviceWiped(reason))

    # --- helpers ------------------------------------------------------------------------
    def vault(self) -> Vault:
        """The vault as it is on disk now (keyslots and sign-in counters, no names)."""
        if not self.is_set_up:
            if self.paths.database.exists():
                raise VaultTampered("This device's key file is missing, so its encrypted "
                                    "data cannot be opened. Nothing was changed. Ask support.")
            raise NotSetUp("This device is not set up yet. An administrator sets it up.")
        return Vault.load(self.paths.vault, self.secrets)

    def _saw(self, vault: Vault, now: datetime) -> None:
        last = vault.body.last_seen
        vault.body.last_seen = now if last is None else max(last, now)

    @staticmethod
    def _pending_audit(vault: Vault, event: str, user_id: int, now: datetime,
                       detail: str = "") -> None:
        """Failed offline attempts happen while the store is closed: held here till it opens."""
        vault.body.pending_audit.append({"at": now.isoformat(), "event": event,
                                         "user_id": user_id, "detail": detail})

    @staticmethod
    def _flush_audit(vault: Vault, store: LocalStore) -> None:
        for item in vault.body.pending_audit:
            store.audit(item["event"], item["user_id"], datetime.fromisoformat(item["at"]),
                        item["detail"])
        vault.body.pending_audit = []


def _check_offline_allowed(vault: Vault, entry: UserEntry | None, now: datetime) -> None:
    if entry is None:
        raise refusals.no_account()
    by_reason = {"sso": refusals.sso_account, "agency_disabled": refusals.agency_disabled,
                 "no_permission": refusals.no_permission,
                 "changed": refusals.credentials_changed}
    if entry.offline in by_reason:
        raise by_reason[entry.offline]()
    if entry.slot is None:
        raise refusals.no_permission()
    if entry.disabled:
        raise refusals.locked()
    if entry.locked_until is not None and now < entry.locked_until:
        raise refusals.locked_for(math.ceil((entry.locked_until - now).total_seconds()))
    if vault.body.last_seen is not None and now < vault.body.last_seen - CLOCK_TOLERANCE:
        raise refusals.clock_moved_back()
    if entry.last_online is None or now - entry.last_online > timedelta(
            days=entry.offline_max_days):
        raise refusals.expired(entry.last_online, entry.offline_max_days)


def online_refusal(refusal: ApiRefusal) -> SignInRefused:
    reasons = {"invalid_credentials": Refusal.INVALID_CREDENTIALS,
               "account_disabled": Refusal.ACCOUNT_DISABLED, "sso_required": Refusal.SSO_ACCOUNT,
               "rate_limited": Refusal.RATE_LIMITED, "invalid_mfa_code": Refusal.INVALID_MFA_CODE,
               "invalid_mfa_token": Refusal.INVALID_MFA_CODE}
    retry = refusal.extra.get("retry_after")
    return SignInRefused(reasons.get(refusal.code, Refusal.SERVER_REFUSED), str(refusal),
                         retry_after=int(str(retry)) if retry else None)
