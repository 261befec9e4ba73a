"""The vault: wrapped copies of the data key (keyslots) and sign-in metadata.

File format: a header line `FIELDCLIENT-VAULT <format>`, then one JSON document
`{"body": {...}, "mac": hex}`. An older format is brought forward by the numbered
`UPGRADES` after its MAC checks out (and written in the newest format at the next save);
a newer one is refused untouched. The MAC is HMAC-SHA256 keyed from the device secret,
over the body's canonical JSON, so counters and slots cannot be edited or swapped
undetected; the generation number, mirrored in the keyring, catches an old copy
put back. Users are listed under an HMAC of their email, so the file names nobody.
Writes are atomic and owner-only.
"""

from __future__ import annotations

import base64
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fieldclient.plumbing.errors import NotSetUp, StorageError, VaultTampered
from fieldclient.storage import crypto
from fieldclient.storage.atomic import atomic_write
from fieldclient.storage.crypto import DeviceProof, KdfParams, Wrapped
from fieldclient.storage.secret import DeviceSecret, SecretStore

HEADER_PREFIX = b"FIELDCLIENT-VAULT "


def _add_format(body: dict[str, Any]) -> dict[str, Any]:
    """2: the format number also inside the body, so the MAC covers it."""
    return body | {"format": 2}


# Numbered upgrade steps of the body, each from the format before it.
UPGRADES: tuple[tuple[int, Callable[[dict[str, Any]], dict[str, Any]]], ...] = (
    (2, _add_format),
)
FORMAT = UPGRADES[-1][0]
HEADER = HEADER_PREFIX + f"{FORMAT}\n".encode()
NEWER = ("This device's sign-in file was written by a newer fieldclient. Install the newer "
         "version; nothing was changed.")
TAMPERED = ("This device's sign-in file has been altered or damaged, so offline sign-in "
            "is refused. Sign in online, or ask support to set the device up again.")


@dataclass(frozen=True)
class SlotKeys:
    """What a user's slot holds: the store's data key, and the user's own token key.

    The token key seals the user's refresh token inside the store, so another crew
    member who opens the store with their own password (a shared laptop) cannot read
    it. Slots made before it existed hold the data key alone (token_key None)."""

    data_key: bytes = field(repr=False)
    token_key: bytes | None = field(default=None, repr=False)


@dataclass
class UserSlot:
    salt: bytes
    kdf: KdfParams
    wrapped: Wrapped


@dataclass
class UserEntry:
    """What the device knows about one user who signed in online here."""

    user_id: int
    offline: str  # "allowed", "no_permission", "agency_disabled" or "sso"
    slot: UserSlot | None = None
    failed: int = 0
    locked_until: datetime | None = None
    disabled: bool = False
    last_online: datetime | None = None
    last_used: datetime | None = None
    offline_max_days: int = 14


@dataclass
class VaultBody:
    device_id: str
    escrow: Wrapped
    users: dict[str, UserEntry] = field(default_factory=dict)
    last_seen: datetime | None = None
    generation: int = 0
    pending_audit: list[dict[str, Any]] = field(default_factory=list)


class Vault:
    def __init__(self, path: Path, secrets: SecretStore, secret: DeviceSecret,
                 body: VaultBody) -> None:
        self.path = path
        self._secrets = secrets
        self._secret = secret
        self.body = body

    # --- opening and saving -------------------------------------------------
    @classmethod
    def create(cls, path: Path, secrets: SecretStore, device_id: str, device_key: bytes,
               data_key: bytes) -> Vault:
        secret = secrets.create()
        escrow = crypto.wrap(crypto.escrow_kek(device_key, secret.secret), data_key,
                             _escrow_aad(device_id))
        vault = cls(path, secrets, secret, VaultBody(device_id=device_id, escrow=escrow))
        vault.save()
        return vault

    @classmethod
    def load(cls, path: Path, secrets: SecretStore) -> Vault:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            raise NotSetUp("This device is not set up yet.") from None
        secret = secrets.load()
        if secret is None:
            raise VaultTampered("This device's key is missing from the computer's credential "
                                "store, so its data cannot be opened here. Ask support.")
        body = _verified_body(raw, secret.secret)
        if body.generation < secret.generation:
            raise VaultTampered(TAMPERED)  # an older copy was put back
        return cls(path, secrets, secret, body)

    def save(self) -> None:
        self.body.generation += 1
        body = _encode_body(self.body)
        document = {"body": body, "mac": _mac(self._secret.secret, body).hex()}
        atomic_write(self.path, HEADER + json.dumps(document, sort_keys=True).encode())
        # Keyring after file: a crash between leaves the file ahead, which is accepted.
        self._secret = DeviceSecret(self._secret.secret, self.body.generation)
        self._secrets.save(self._secret)

    # --- users ----------------------------------------------------------------
    def lookup_id(self, email: str) -> str:
        key = crypto.hkdf(self._secret.secret, salt=None, info=b"fieldclient user lookup v1")
        return crypto.mac(key, email.strip().lower().encode()).hex()[:32]

    def entry(self, email: str) -> UserEntry | None:
        return self.body.users.get(self.lookup_id(email))

    def put_entry(self, email: str, entry: UserEntry) -> None:
        self.body.users[self.lookup_id(email)] = entry

    def remove_user(self, user_id: int) -> None:
        self.body.users = {k: e for k, e in self.body.users.items() if e.user_id != user_id}

    # --- keys -------------------------------------------------------------------
    def unlock_with_device_key(self, device_key: bytes) -> bytes | None:
        """The data key from the escrow slot. A slot from before issue 14 (the device key
        alone) is wrapped anew with the device secret too; the caller saves the vault."""
        aad = _escrow_aad(self.body.device_id)
        kek = crypto.escrow_kek(device_key, self._secret.secret)
        data_key = crypto.unwrap(kek, self.body.escrow, aad)
        if data_key is None:
            data_key = crypto.unwrap(crypto.legacy_escrow_kek(device_key), self.body.escrow, aad)
            if data_key is not None:
                self.body.escrow = crypto.wrap(kek, data_key, aad)
        return data_key

    def make_slot(self, email: str, password: str, keys: SlotKeys, kdf: KdfParams) -> UserSlot:
        salt = os.urandom(16)
        kek = crypto.password_kek(password, salt, kdf, self._secret.secret)
        payload = keys.data_key + (keys.token_key or b"")
        return UserSlot(salt, kdf, crypto.wrap(kek, payload, self._slot_aad(email)))

    def unlock_slot(self, email: str, slot: UserSlot, password: str) -> SlotKeys | None:
        kek = crypto.password_kek(password, slot.salt, slot.kdf, self._secret.secret)
        payload = crypto.unwrap(kek, slot.wrapped, self._slot_aad(email))
        if payload is None:
            return None
        size = crypto.KEY_BYTES
        return SlotKeys(payload[:size], payload[size:] or None)

    def device_proof(self) -> DeviceProof:
        """This computer's refresh-signing key: it comes from the keyring's secret."""
        return DeviceProof.from_secret(self._secret.secret)

    def _slot_aad(self, email: str) -> bytes:
        # Binding the slot to its user: a slot copied under another user fails to open.
        return f"user-slot|{self.body.device_id}|{self.lookup_id(email)}".encode()


def _escrow_aad(device_id: str) -> bytes:
    return f"escrow|{device_id}".encode()


def _mac(secret: bytes, body: dict[str, Any]) -> bytes:
    key = crypto.hkdf(secret, salt=None, info=b"fieldclient vault mac v1")
    return crypto.mac(key, json.dumps(body, sort_keys=True, separators=(",", ":")).encode())


def _verified_body(raw: bytes, secret: bytes) -> VaultBody:
    version, document = _read_document(raw)
    try:
        if not crypto.same(bytes.fromhex(document["mac"]), _mac(secret, document["body"])):
            raise ValueError("mac")
        if document["body"].get("format", 1) != version:
            raise ValueError("format")  # the header and the authenticated body disagree
        return _decode_body(upgraded(document["body"], version))
    except (ValueError, KeyError, TypeError, AttributeError):
        raise VaultTampered(TAMPERED) from None


def _read_document(raw: bytes) -> tuple[int, dict[str, Any]]:
    header, _, rest = raw.partition(b"\n")
    try:
        if not header.startswith(HEADER_PREFIX):
            raise ValueError("header")
        version = int(header[len(HEADER_PREFIX):])
        document = json.loads(rest)
        if not isinstance(document, dict) or version < 1:
            raise ValueError("document")
    except ValueError:
        raise VaultTampered(TAMPERED) from None
    if version > FORMAT:
        raise StorageError(NEWER)
    return version, document


def upgraded(body: dict[str, Any], version: int) -> dict[str, Any]:
    """The body of format `version`, brought forward step by step to FORMAT."""
    for number, step in UPGRADES:
        if version < number:
            body = step(body)
    return body


# --- JSON encoding -------------------------------------------------------------
def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode()


def _unb64(text: str) -> bytes:
    return base64.b64decode(text, validate=True)


def _time(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).isoformat() if moment else None


def _untime(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _encode_wrapped(w: Wrapped) -> dict[str, str]:
    return {"nonce": _b64(w.nonce), "ct": _b64(w.ciphertext)}


def _decode_wrapped(d: dict[str, str]) -> Wrapped:
    return Wrapped(_unb64(d["nonce"]), _unb64(d["ct"]))


def _encode_entry(e: UserEntry) -> dict[str, Any]:
    slot = None
    if e.slot:
        slot = {"salt": _b64(e.slot.salt), "m": e.slot.kdf.memory_kib, "t": e.slot.kdf.time_cost,
                "p": e.slot.kdf.parallelism, **_encode_wrapped(e.slot.wrapped)}
    return {"user_id": e.user_id, "offline": e.offline, "slot": slot, "failed": e.failed,
            "locked_until": _time(e.locked_until), "disabled": e.disabled,
            "last_online": _time(e.last_online), "last_used": _time(e.last_used),
            "offline_max_days": e.offline_max_days}


def _decode_entry(d: dict[str, Any]) -> UserEntry:
    s = d["slot"]
    slot = None if s is None else UserSlot(
        _unb64(s["salt"]), KdfParams(int(s["m"]), int(s["t"]), int(s["p"])), _decode_wrapped(s))
    return UserEntry(
        user_id=int(d["user_id"]), offline=str(d["offline"]), slot=slot, failed=int(d["failed"]),
        locked_until=_untime(d["locked_until"]), disabled=bool(d["disabled"]),
        last_online=_untime(d["last_online"]), last_used=_untime(d["last_used"]),
        offline_max_days=int(d["offline_max_days"]))


def _encode_body(b: VaultBody) -> dict[str, Any]:
    return {"format": FORMAT, "device_id": b.device_id, "escrow": _encode_wrapped(b.escrow),
            "users": {k: _encode_entry(e) for k, e in b.users.items()},
            "last_seen": _time(b.last_seen), "generation": b.generation,
            "pending_audit": b.pending_audit}


def _decode_body(d: dict[str, Any]) -> VaultBody:
    return VaultBody(
        device_id=str(d["device_id"]), escrow=_decode_wrapped(d["escrow"]),
        users={str(k): _decode_entry(e) for k, e in d["users"].items()},
        last_seen=_untime(d["last_seen"]), generation=int(d["generation"]),
        pending_audit=list(d["pending_audit"]))
