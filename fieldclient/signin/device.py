"""The device core: sign in online or offline, lock, sign out, revoke and wipe.

Headless and Qt-free: the UI, the sync worker and the tests all drive it the same way
(see docs/architecture.md, "The client core API").
"""

from __future__ import annotations

import base64
import logging
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
    TlsError,
    VaultTampered,
)
from fieldclient.plumbing.events import (
    CredentialsRemoved,
    DeviceWiped,
    EventBus,
    Locked,
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
from fieldclient.signin.keyslots import Keyslots, flush_audit, saw
from fieldclient.signin.refusals import Refusal, SignInRefused
from fieldclient.signin.rules import check_offline_allowed, offline_access, online_refusal
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


THROTTLED = ("The server is refusing sign-ins to this account for a few minutes (too many "
             "failed attempts), so you are signed in offline on this device. Reports sync "
             "after your next online sign-in.")


INTERCEPTED = ("This network is intercepting the connection to the agency server: its "
               "security certificate could not be verified, so nothing was sent to it. You "
               "are signed in offline on this device; try another network to sync.")


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
        self.keyslots = Keyslots(paths.vault, paths.database, secrets, kdf)
        self._end_guard: Callable[[Callable[[], None]], None] = lambda close: close()
        self._seen_mark: tuple[float, datetime] | None = None  # (monotonic, last_seen)

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

    def guard_session_end(self, guard: Callable[[Callable[[], None]], None]) -> None:
        """Every sign-out, lock and wipe closes the store through `guard` (the sync
        runner's end_session: a pass in progress stops at its next step first)."""
        self._end_guard = guard

    def set_server_url(self, url: str) -> None:
        self.config.set(SERVER_URL, url.rstrip("/"))
        self.config.save()
        self.api.rebase(url)  # the same Api: the sync thread and sessions hold it

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
        """Online whenever the server answers; offline against this device's slot otherwise.

        No network call is made while the keyslots' lock is held."""
        email = email.strip().lower()
        vault = self.keyslots.load()  # not set up, or tampered: say so now
        has_slot = (entry := vault.entry(email)) is not None and entry.slot is not None
        why = ""
        reach = self._probe(has_slot)
        if reach is None:
            why = INTERCEPTED
        elif reach is Reachability.ONLINE:
            try:
                return self._online(vault.body.device_id, email, password,
                                    vault.device_proof().public_key)
            except ServerUnreachable:
                log.info("server went away during sign-in; signing in offline")
            except SignInRefused as refused:
                # Someone else's failed guesses must not keep a crew off its own laptop:
                # where this device holds the user's offline slot, the password is
                # checked against it (with its own counters) instead.
                if refused.reason is not Refusal.RATE_LIMITED or not has_slot:
                    raise
                why = THROTTLED
        return self._offline(email, password, why)

    def _saw(self, vault: Vault, now: datetime) -> None:
        """Record the latest time seen, moved on by the time that really passed since the
        last record in this process: a clock set back while the client runs gains nothing."""
        high = self._high_water(vault.body.last_seen)
        saw(vault, now if high is None else max(now, high))
        assert vault.body.last_seen is not None
        self._seen_mark = (self.clock.monotonic(), vault.body.last_seen)

    def _high_water(self, recorded: datetime | None) -> datetime | None:
        if self._seen_mark is None or recorded is None:
            return recorded
        mono, at = self._seen_mark
        return max(recorded, at + timedelta(seconds=max(0.0, self.clock.monotonic() - mono)))

    def _probe(self, has_slot: bool) -> Reachability | None:
        """Is our server there? A certificate that does not verify is never "offline":
        TlsError, unless this device holds the user's offline slot, which is then used
        (None) with nothing sent to whoever answered."""
        try:
            return self.api.probe()
        except TlsError:
            if not has_slot:
                raise
            return None

    def complete_mfa(self, pending: MfaPending, code: str) -> Session:
        try:
            body = self.api.mfa(pending.mfa_token, code)
        except ApiRefusal as refusal:
            raise online_refusal(refusal) from None
        return self._open_online(pending.email, pending.password, body, mfa=True)

    def _online(self, device_id: str, email: str, password: str,
                proof_key: str) -> Session | MfaPending:
        try:
            body = self.api.login(email, password, device_id, proof_key=proof_key)
        except ApiRefusal as refusal:
            if refusal.code == "mfa_required":
                return MfaPending(email, str(refusal.extra["mfa_token"]), password)
            self._remember_refusal(email, refusal)
            raise online_refusal(refusal) from None
        return self._open_online(email, password, body, mfa=False)

    def _remember_refusal(self, email: str, refusal: ApiRefusal) -> None:
        """The server's word on an account also governs what this device allows offline."""
        if refusal.code not in ("sso_required", "account_disabled"):
            return
        with self.keyslots.editing() as vault:
            entry = vault.entry(email)
            if refusal.code == "sso_required":
                vault.put_entry(email, UserEntry(user_id=entry.user_id if entry else 0,
                                                 offline="sso"))
            elif entry is not None:
                vault.remove_user(entry.user_id)

    def _open_online(self, email: str, password: str, body: dict[str, object], *,
                     mfa: bool) -> Session:
        now = self.clock.now()
        token = str(body["access_token"])
        if body["device_key"] is None:
            self._explain_missing_key(token, body)
        user = CachedUser.from_server(body["user"], body["agency"])  # type: ignore[arg-type]
        with self.keyslots.editing() as vault:
            data_key = vault.unlock_with_device_key(base64.b64decode(str(body["device_key"])))
            if data_key is None:
                raise VaultTampered("The server's key for this device does not open its "
                                    "store. Ask support to set the device up again.")
            store = LocalStore(Database.open(self.paths.database, data_key))
            store.cache_user(user, now)
            token_key = self.keyslots.after_online(vault, email, password, data_key, user,
                                                   offline_access(user), now)
            self.keyslots.evict_beyond_cap(vault, store, keep=user.id,
                                           cap=self.config.get(MAX_CACHED_USERS), now=now)
            flush_audit(vault, store)
            self._saw(vault, now)
            device_id, proof = vault.body.device_id, vault.device_proof()
        store.audit("online_sign_in", user.id, now, "with MFA" if mfa else "")
        session = Session(user, ONLINE, store, device_id, self.api, proof, token,
                          token_key=token_key)
        session.keep_refresh_token(str(body["refresh_token"]))
        self._start(session)
        try:
            self._check_credentials(session)
        except (ApiRefusal, ServerUnreachable) as exc:  # signed in: the next sync checks
            log.warning("credential check after sign-in failed: %s", type(exc).__name__)
        self._cache_form(session)
        return session

    def _cache_form(self, session: Session) -> None:
        """Keep the current ePCR form on the device, so it is ready before anyone is offline."""
        if "epcr.access" not in session.user.permissions:
            return
        try:
            session.refresh_form(self.clock.now())
        except (ApiRefusal, ServerUnreachable) as exc:
            log.warning("could not refresh the ePCR form: %s", type(exc).__name__)

    def _explain_missing_key(self, token: str, body: dict[str, object]) -> None:
        """No device key: this device was revoked, is not one of this user's agency's, or
        the account may not read reports (the key opens every report on this device)."""
        user = body.get("user")
        if isinstance(user, dict) and "epcr.access" not in user.get("permissions", []):
            raise SignInRefused(Refusal.NO_EPCR_ACCESS, "This account has no access to "
                                "patient care reports, so it cannot sign in on a field "
                                "device. Ask your administrator.")
        try:
            check = self.api.credential_check(token, self.device_id, [])
        except ApiRefusal:
            raise refusals.other_agency() from None
        if check["device"] == "revoked":
            self.wipe(REVOKED)
            raise DeviceRevoked(REVOKED)
        raise StorageError("The server did not hand out this device's key. Try again.")

    def _offline(self, email: str, password: str, why: str = "") -> Session:
        now = self.clock.now()
        with self.keyslots.lock:
            vault = self.keyslots.load()
            entry = vault.entry(email)
            check_offline_allowed(entry, self._high_water(vault.body.last_seen), now)
            assert entry is not None and entry.slot is not None
            keys = vault.unlock_slot(email, entry.slot, password)
            if keys is None:
                refusal = self.keyslots.failed(vault, entry, now)
                vault.save()
                raise refusal
            entry.failed, entry.locked_until, entry.last_used = 0, None, now
            store = LocalStore(Database.open(self.paths.database, keys.data_key))
            flush_audit(vault, store)
            self._saw(vault, now)
            vault.save()
            device_id, proof = vault.body.device_id, vault.device_proof()
        user = store.cached_user(entry.user_id)
        if user is None:
            store.close()
            raise refusals.no_account()
        store.audit("offline_sign_in", user.id, now, "offline session; MFA not checked")
        session = Session(user, OFFLINE, store, device_id, self.api, proof, why_offline=why,
                          token_key=keys.token_key)
        self._start(session)
        return session

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
        self.keyslots.rewrap(session.user.email, current, new)
        session.store.audit("password_changed", session.user.id, now)

    # --- revocation -----------------------------------------------------------------
    def check_credentials(self) -> None:
        """Ask the server about every user cached here (call whenever online)."""
        if self.session is not None:
            self._check_credentials(self.session)

    def _check_credentials(self, session: Session) -> None:
        others = [u for u in session.store.cached_users() if u.id != session.user.id]
        unsynced = sum(session.store.unsynced_counts())  # a revoke waits for these
        result = session.authorized(lambda token: self.api.credential_check(  # network first
            token, session.device_id, [(u.id, u.credential_version) for u in others],
            unsynced))
        if result["device"] == "revoked":  # after everything here was uploaded, or forced
            self.wipe(REVOKED)
            raise DeviceRevoked(REVOKED)
        if result["device"] == "revoking":
            log.warning("device is being revoked: %d reports still to upload", unsynced)
        now, removed = self.clock.now(), []
        with self.keyslots.editing() as vault:  # then the vault, under its lock
            for status in result["users"]:
                user = next(u for u in others if u.id == status["user_id"])
                if status["status"] != "valid":
                    self.keyslots.revoke(vault, session.store, user, status["status"], now)
                    removed.append(user.id)
            for entry in vault.body.users.values():
                entry.offline_max_days = int(result["offline_max_days"])
        if removed:
            self.events.publish(CredentialsRemoved(tuple(removed)))

    # --- session lifecycle ------------------------------------------------------------
    def _start(self, session: Session) -> None:
        self.session = session
        self.locked_email = None
        self._last_activity = self.clock.now()
        self.events.publish(SignedIn(session.user.id, session.mode))

    def touch(self) -> None:
        """The user did something: postpone auto-lock."""
        self._last_activity = self.clock.now()

    def lock_if_idle(self, before: Callable[[], None] = lambda: None) -> bool:
        """Lock after the agency's idle minutes; `before` runs first (the UI keeps the open
        report as a draft while the store is still open)."""
        if self.session is None:
            return False
        minutes = int(self.session.user.agency.get("auto_lock_minutes", 15))
        if self.clock.now() - self._last_activity < timedelta(minutes=minutes):
            return False
        before()
        self.lock()
        return True

    def lock(self) -> None:
        """Close the store (the key leaves memory); the same user's password reopens it."""
        session = self.session
        if session is not None:
            self._end_guard(lambda: self._close(session, "locked"))
            self.locked_email = session.user.email
            self.events.publish(Locked(session.user.id, session.user.email))

    def sign_out(self) -> None:
        """Close the store; the data key leaves memory.

        The server session is deliberately kept: its refresh token, sealed in the store
        under the user's own slot key and refreshable only with this device's keyring,
        is what lets a later offline sign-in sync once the network is back. It rotates
        on use and dies with a device revoke, a password change or a disabled account.
        (A user without offline access here kept it in memory only: it is gone.)
        """
        session = self.session
        self.locked_email = None
        if session is not None:
            self._end_guard(lambda: self._close(session, "signed_out"))
            self.events.publish(SignedOut(session.user.id))

    def _close(self, session: Session, event: str) -> None:
        if self.session is session:
            self.session = None
        session.store.audit(event, session.user.id, self.clock.now())
        session.store.close()

    def wipe(self, reason: str) -> None:
        """Erase the store, the vault and the keyring entry: the device is set up anew."""
        session = self.session
        if session is not None:
            self._end_guard(lambda: self._close_for_wipe(session))
        for path in [*self.paths.database_files(), self.paths.vault]:
            path.unlink(missing_ok=True)
        self.secrets.delete()
        self.config.set(DEVICE_ID, "")
        self.config.save()
        log.warning("device store wiped: %s", reason)
        self.events.publish(DeviceWiped(reason))

    def _close_for_wipe(self, session: Session) -> None:
        if self.session is session:
            self.session = None
        session.store.close()

    # --- helpers ------------------------------------------------------------------------
    def vault(self) -> Vault:
        """The vault as it is on disk now (keyslots and sign-in counters, no names)."""
        return self.keyslots.load()
